//! Whether a strict YAML 1.2 parser (saphyr-parser) also reads the front matter that
//! huggingface_hub reads. libyaml and PyYAML accept some text YAML 1.2 rejects, above all the
//! continuation lines of a multi-line quoted scalar indented less than its mapping (51 of
//! ~54,800 real cards, the bigscience T0 family among them): the Hub reads those cards, but
//! other tools (the Hub's JavaScript, editors, yamllint) do not.

use saphyr_parser::Parser;

use super::yaml::{Kind, Yaml};
use crate::diagnostic::Span;

/// Whether the front matter (`span` of `text`, already read by libyaml into `y`) holds a
/// construct on which YAML 1.1 (libyaml) and YAML 1.2 parsers are known to differ: a scalar
/// over several lines (the indentation of continuation lines, block scalars), a flow collection
/// over several lines, a directive (`%`), a tab, an escape (`\`), or a character YAML 1.1
/// reads as a line break and 1.2 does not (NEL, LS, PS). Front matter without any of them
/// reads the same in both, so the strict parser is not run on it. Checked on 25,110 real
/// cards: every card the strict parser rejects is among the ~1.4 % this keeps.
pub fn may_differ(y: &Yaml, text: &str, span: Span) -> bool {
    // A span that is not on character boundaries (a BOM inside the front matter shifts
    // libyaml's marks) is not judged: the strict parser runs.
    let Some(src) = text.get(span.start..span.end) else {
        return true;
    };
    // `%`, a tab, `\\`; NEL (C2 85), LS and PS (E2 80 A8/A9): by byte (this runs on every card).
    let b = src.as_bytes();
    if memchr::memchr3(b'%', b'\t', b'\\', b).is_some()
        || memchr::memchr2_iter(0xC2, 0xE2, b)
            .any(|i| matches!(b[i..], [0xC2, 0x85, ..] | [0xE2, 0x80, 0xA8 | 0xA9, ..]))
    {
        return true;
    }
    y.nodes.iter().any(|n| {
        let Some(t) = text.get(n.span.start..n.span.end) else {
            return true;
        };
        // A collection's span holds its children's: test its first byte before scanning it,
        // so the whole check stays linear in the text however deep the nesting.
        let multi_line = || memchr::memchr2(b'\n', b'\r', t.as_bytes()).is_some();
        match &n.kind {
            Kind::Scalar { .. } => multi_line(),
            Kind::Seq(_) | Kind::Map(_) => t.starts_with(['[', '{']) && multi_line(),
            Kind::Alias(_) => false,
        }
    })
}

/// The first error a YAML 1.2 parser finds in `text`, as `(message, byte offset in text)`.
pub fn error(text: &str) -> Option<(String, usize)> {
    #[cfg(test)]
    tests::RUNS.with(|r| r.set(r.get() + 1));
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event()? {
            Ok(_) => {}
            Err(e) => {
                let chars = e.marker().index();
                let offset = if text.is_ascii() {
                    chars.min(text.len())
                } else {
                    text.char_indices()
                        .nth(chars)
                        .map_or(text.len(), |(b, _)| b)
                };
                return Some((e.info().to_string(), offset));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Settings;
    use crate::lint::{lint, External};

    thread_local! {
        /// Strict parses run on this thread.
        pub(super) static RUNS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    /// Lints `card` and counts the strict parses it took, and whether CL006 fired.
    fn runs(card: &str, settings: &Settings) -> (usize, bool) {
        RUNS.with(|r| r.set(0));
        let r = lint("c.md", card, settings, &External::default());
        (
            RUNS.with(std::cell::Cell::get),
            r.diagnostics.iter().any(|d| d.code == "CL006"),
        )
    }

    #[test]
    fn the_strict_parser_runs_only_where_it_can_disagree() {
        let on = Settings::default();
        let plain =
            "---\nlicense: mit\ntags:\n- a\n- 'b c'\nco2_eq_emissions:\n  emissions: 5\n---\n# m\n";
        assert_eq!(runs(plain, &on), (0, false));
        let bad = "---\nwidget:\n- text: \"Summarize: the model\n  on one GPU.\"\n---\n# m\n";
        assert_eq!(runs(bad, &on), (1, true));
        // Multi-line but well indented: parsed, and nothing to say.
        let fine = "---\nwidget:\n- text: \"Summarize: the model\n    on one GPU.\"\n---\n# m\n";
        assert_eq!(runs(fine, &on), (1, false));
        // CL006 off: never parsed.
        let off = on.without(&["CL006"]);
        assert_eq!(runs(bad, &off), (0, false));
    }

    /// A BOM inside the front matter (CI's mutation sweep) shifts libyaml's marks off character
    /// boundaries: the gate does not panic, it lets the strict parser decide.
    #[test]
    fn a_bom_inside_the_front_matter_is_no_panic() {
        let card = "---\n\u{feff}license: apache-2.0\u{feff} \n---\n# mutated\n";
        let _ = runs(card, &Settings::default());
    }
}
