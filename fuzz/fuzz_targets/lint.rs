//! The linter and every output format on arbitrary text.
#![no_main]

use cardlint::config::Settings;
use cardlint::lint::External;
use cardlint::report;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let r = cardlint::lint("README.md", text, &Settings::default(), &External::default());
    let cards = [r];
    let _ = report::concise::render(&cards);
    let _ = report::json::render(&cards);
    let _ = report::github::render(&cards);
    let _ = report::sarif::render(&cards);
    let md = report::markdown::render(&cards);
    // Card text never forges the sticky comment's marker.
    assert!(!md.contains("<!-- cardlint"));
    let _ = report::pretty::render(&cards, report::pretty::Style { color: false, width: 80 });
    let _ = cardlint::report::label::svg(&cards[0], None);
});
