//! The fixer and `fill` on arbitrary text: a changed card still parses, a second fix changes
//! nothing, and nothing outside the emissions lines moves.
#![no_main]

use cardlint::card::{Card, FrontMatter};
use cardlint::config::Settings;
use cardlint::fill::{fill, Measurement};
use cardlint::lint::External;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (s, e) = (Settings::default(), External::default());
    if let Ok(f) = cardlint::fix::fix("README.md", text, &s, &e, true) {
        if !f.applied.is_empty() {
            assert!(matches!(Card::parse(&f.text).front, FrontMatter::Parsed(_)));
            let again = cardlint::fix::fix("README.md", &f.text, &s, &e, true).expect("fixed text fixes");
            assert_eq!(again.text, f.text, "not idempotent");
        }
    }
    let m = Measurement {
        grams: "319.355".into(),
        hours: Some(2.0),
        hardware: Some("1 x NVIDIA A100".into()),
        location: Some("Quebec, Canada".into()),
        cloud_provider: None,
        compute_region: None,
        runs: 1,
    };
    if let Ok(out) = fill(text, &m, Some("fine-tuning")) {
        assert!(matches!(Card::parse(&out).front, FrontMatter::Parsed(_)));
    }
});
