//! The client's own helpers (the answers' parsing is tested in `hub::answer`).

use super::*;

#[test]
fn the_token_is_scrubbed_from_text_and_bytes() {
    let hub = Hub::new(
        "http://127.0.0.1:9".into(),
        Some("hf_secret".into()),
        Duration::ZERO,
    );
    assert_eq!(hub.scrub("a hf_secret b hf_secret"), "a *** b ***");
    assert_eq!(
        hub.scrub_bytes(b"xhf_secrethf_secrety".to_vec()),
        b"x******y"
    );
    assert_eq!(
        hub.scrubbed(HubError::Network("to http://e/?t=hf_secret".into())),
        HubError::Network("to http://e/?t=***".into())
    );
}
