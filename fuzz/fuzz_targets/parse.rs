//! The card parser from raw bytes: decoding, the front-matter split, the YAML tree, the body.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = cardlint::input::decode(data.to_vec()) {
        let card = cardlint::card::Card::parse(&text);
        // Every span the parser hands out lies inside the text, on character boundaries.
        if let Some(y) = card.yaml() {
            for n in &y.nodes {
                assert!(n.span.start <= n.span.end && n.span.end <= text.len());
                assert!(text.is_char_boundary(n.span.start) && text.is_char_boundary(n.span.end));
            }
        }
        for f in &card.body.fields {
            assert!(text.is_char_boundary(f.value_span.start) && text.is_char_boundary(f.value_span.end));
        }
    }
});
