//! `--fix` and `--diff`: each rule's fix (in its own file) gives one edit; the edits are applied
//! and the card linted again until nothing changes. Everything outside an edit stays
//! byte-identical. A card whose front matter does not parse gets no edit, and a result that
//! would not parse is refused.

use crate::card::Card;
use crate::config::Settings;
use crate::edit::{apply, reads_back, Edit};
use crate::lint::{lint_with_edits, CardReport, External};

/// The result of fixing one card.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    pub applied: Vec<Edit>,
    /// The lint of the fixed text.
    pub report: CardReport,
    /// The lint of the text as it was, where fixes changed it (`--diff` reports the card as
    /// it is on disk).
    pub before: Option<CardReport>,
}

/// Fixes a card: edits are applied and the card re-linted until nothing changes (at most five
/// rounds); each version of the card is linted once. `Err` when the result would not parse:
/// then nothing may be written.
pub fn fix(
    path: &str,
    text: &str,
    settings: &Settings,
    ext: &External,
    unsafe_ok: bool,
) -> Result<Fixed, String> {
    let (first, mut edits) = lint_with_edits(path, text, settings, ext, unsafe_ok);
    let mut last: Option<CardReport> = None;
    let mut cur = text.to_string();
    let mut applied = Vec::new();
    for _ in 0..5 {
        let (next, done) = apply(&cur, edits);
        if done.is_empty() {
            break;
        }
        applied.extend(done);
        cur = next;
        let (report, e) = lint_with_edits(path, &cur, settings, ext, unsafe_ok);
        (last, edits) = (Some(report), e);
    }
    if !applied.is_empty() && !reads_back(&Card::parse(&cur)) {
        return Err(format!(
            "{path}: the fixed card would not parse; nothing was written"
        ));
    }
    let (report, before) = match last {
        Some(after) => (after, Some(first)),
        None => (first, None),
    };
    Ok(Fixed {
        text: cur,
        applied,
        report,
        before,
    })
}

/// A unified diff of a card before and after.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    let d = similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{}", path.trim_start_matches('/')),
            &format!("b/{}", path.trim_start_matches('/')),
        )
        .to_string();
    printable_lines(&d)
}

/// Text with its line structure kept (`\n`, a `\r` before it, tabs) and every other control,
/// line-separator or bidi character escaped as `\u{..}`: card lines shown in a diff reach a
/// terminal or a CI log as text, never as escape sequences or extra lines.
pub fn printable_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        let keep = match c {
            '\n' | '\t' => true,
            '\r' => it.peek() == Some(&'\n'),
            _ => !crate::util::is_unsafe_char(c),
        };
        if keep {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(text: &str, unsafe_ok: bool) -> String {
        fix(
            "README.md",
            text,
            &Settings::default(),
            &External::default(),
            unsafe_ok,
        )
        .unwrap()
        .text
    }

    #[test]
    fn strings_with_units_become_grams_and_nothing_else_moves() {
        let t = "\u{feff}---\r\nlicense: mit # keep\r\nco2_eq_emissions:\r\n  emissions: \"0.319355 Kg\"   # measured\r\n  source: 'CodeCarbon'\r\n---\r\n# body\r\n";
        let f = fixed(t, false);
        assert_eq!(f, t.replace("\"0.319355 Kg\"", "319.355"));
        assert_eq!(fixed(&f, false), f, "idempotent");
    }

    #[test]
    fn body_only_emissions_are_copied_with_the_card_line_ending() {
        let t = "---\r\nlicense: mit\r\n---\r\n- CO2 Emissions (in grams): 25.4476\r\n";
        assert_eq!(fixed(t, false), "---\r\nlicense: mit\r\nco2_eq_emissions:\r\n  emissions: 25.4476\r\n---\r\n- CO2 Emissions (in grams): 25.4476\r\n");
        let t = "# m\n\n- **Carbon Emitted:** 11,250 kg CO2 eq.\n";
        assert_eq!(
            fixed(t, false),
            format!("---\nco2_eq_emissions:\n  emissions: 11250000\n---\n{t}")
        );
        // `{}`, as `ModelCard.from_template(ModelCardData())` writes it, is an empty mapping.
        for (t, want) in [
            (
                "---\n{}\n---\n- CO2 Emissions (in grams): 3\n",
                "---\nco2_eq_emissions:\n  emissions: 3\n---\n",
            ),
            (
                "---\r\n  { }  # none\r\n---\r\n- CO2 Emissions (in grams): 3\r\n",
                "---\r\nco2_eq_emissions:\r\n  emissions: 3  # none\r\n---\r\n",
            ),
        ] {
            assert!(fixed(t, false).starts_with(want), "{}", fixed(t, false));
        }
        let t = "---\n{license: mit}\n---\n- CO2 Emissions (in grams): 3\n";
        assert_eq!(fixed(t, false), t, "entries in braces take no line");
        let t = "---\n\n---\n- CO2 Emissions (in grams): 3\n";
        assert_eq!(
            fixed(t, false),
            "---\nco2_eq_emissions:\n  emissions: 3\n---\n- CO2 Emissions (in grams): 3\n"
        );
    }

    #[test]
    fn unsafe_fixes_only_when_asked() {
        let t = "---\nco2_eq_emissions: 25.4  # grams\n---\n";
        assert_eq!(fixed(t, false), t);
        assert_eq!(
            fixed(t, true),
            "---\nco2_eq_emissions:\n  emissions: 25.4  # grams\n---\n"
        );
        let t = "---\nco2_eq_emissions: \"2 kg\"\n---\n";
        let f = fixed(t, true);
        assert_eq!(f, "---\nco2_eq_emissions:\n  emissions: 2000\n---\n");
        let t = "---\nco2_eq_emissions: 1.71\n---\n- **Emissions:** 1.71 KgCO2 (Singapore)\n";
        assert!(
            fixed(t, true).contains("emissions: 1710"),
            "{}",
            fixed(t, true)
        );
        assert!(fixed(t, false).contains("co2_eq_emissions: 1.71\n"));
    }

    #[test]
    fn a_fix_that_changes_nothing_is_not_a_fix() {
        let t = "---\nlanguage:\n- no\nco2_eq_emissions:\n  emissions: 0\n---\n";
        let f = fix(
            "README.md",
            t,
            &Settings::default(),
            &External::default(),
            true,
        )
        .unwrap();
        assert!(f.applied.is_empty(), "{:?}", f.applied);
        assert_eq!(f.text, t);
    }

    #[test]
    fn broken_cards_are_left_alone() {
        for t in [
            "---\nco2_eq_emissions: [\"1 kg\"\n---\n",
            "---\nlicense:\tmit\nco2_eq_emissions: \"1 kg\"\n---\n",
            "---\nlicense: mit\n\n- CO2 Emissions (in grams): 1.2\n",
        ] {
            assert_eq!(fixed(t, true), t);
        }
    }
}
