//! `--fix` and `--diff`: safe edits attached to rules, applied until nothing changes. Each edit
//! replaces one node's bytes (or inserts one line); everything else stays byte-identical. A card
//! whose front matter does not parse gets no edit, and a result that would not parse is refused.

use crate::card::quantity::{self, Unit};
use crate::card::scalar::{core12, pyyaml11};
use crate::card::yaml::{Kind, NodeId, Style, Yaml};
use crate::card::{Card, FrontMatter};
use crate::config::Settings;
use crate::decimal;
use crate::diagnostic::{Diagnostic, Span};
use crate::facts::{self, Co2Form, Facts};
use crate::lint::{lint, CardReport, External};

/// One edit: replace `span` with `text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
    /// The rule the edit fixes.
    pub code: &'static str,
    /// Safe edits keep the card's meaning; unsafe ones (`--unsafe-fixes`) reshape or reinterpret.
    pub safe: bool,
}

/// The card's line ending: CRLF, CR or LF, whichever it uses first.
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// Powers of ten from a unit to grams, where the conversion is exact in decimal.
fn exponent(unit: Unit) -> Option<i32> {
    match unit {
        Unit::None | Unit::Grams => Some(0),
        Unit::Kilograms => Some(3),
        Unit::Tonnes => Some(6),
        _ => None,
    }
}

/// Grams as decimal text, from a value with a number and a mass unit.
pub fn grams_text(value: &str, default_unit: Unit) -> Option<String> {
    let q = quantity::parse(value)?;
    let unit = if q.unit == Unit::None {
        default_unit
    } else {
        q.unit
    };
    let number = &value[q.number_at.0..q.number_at.1];
    let g = match (exponent(unit), unit) {
        (Some(e), _) => decimal::shift(number, e)?,
        (None, Unit::Pounds) => crate::util::fmt_num(q.grams()?),
        _ => return None,
    };
    g.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite() && *x > 0.0)
        .map(|_| g)
}

/// A scalar written on one line (plain or quoted): its value and span.
fn one_line_scalar<'y>(card: &Card, y: &'y Yaml, id: NodeId) -> Option<(&'y str, Style, Span)> {
    match &y.node(id).kind {
        Kind::Scalar {
            value,
            style,
            tagged: false,
        } if matches!(
            style,
            Style::Plain | Style::SingleQuoted | Style::DoubleQuoted
        ) =>
        {
            let span = y.span(y.resolve(id));
            (!card.slice(span).contains(['\n', '\r'])).then_some((value.as_str(), *style, span))
        }
        _ => None,
    }
}

/// The metadata's emissions node: bare, or the mapping's `emissions`.
fn emissions_node(y: &Yaml, f: &Facts) -> Option<NodeId> {
    let (_, v) = f.co2?;
    match f.form {
        Co2Form::Mapping => y.get(v, "emissions").map(|(_, e)| e),
        Co2Form::Number | Co2Form::String => Some(v),
        _ => None,
    }
}

/// The spaces before a node on its line, if only spaces stand there.
fn indent_of(text: &str, at: usize) -> Option<&str> {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[start..at];
    prefix.bytes().all(|b| b == b' ').then_some(prefix)
}

/// Whether the text opens with a `---` line (after white space and a BOM).
pub fn starts_with_fence(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with("---")
}

/// The edits the card's findings allow.
pub fn edits(card: &Card, f: &Facts, diags: &[Diagnostic], unsafe_ok: bool) -> Vec<Edit> {
    let has = |code: &str| diags.iter().any(|d| d.code == code);
    let mut out = Vec::new();
    if card.pyyaml_error.is_some() || matches!(card.front, FrontMatter::Invalid(_)) || has("CL003")
    {
        return out;
    }
    let nl = line_ending(card.text);
    let text = card.text;
    if let Some(y) = card.yaml() {
        if let Some((value, style, span)) =
            emissions_node(y, f).and_then(|id| one_line_scalar(card, y, id))
        {
            // A string with a clear unit becomes the number in grams.
            if has("CL102") {
                if let Some(g) = grams_text(value, Unit::None) {
                    out.push(Edit {
                        span,
                        text: g,
                        code: "CL102",
                        safe: true,
                    });
                }
            }
            // `24_700_000` or `1e3`: the number both YAML versions read the same.
            if has("CL005")
                && style == Style::Plain
                && (core12(value).as_f64().is_some() || pyyaml11(value).as_f64().is_some())
            {
                if let Some(g) = decimal::shift(value, 0) {
                    out.push(Edit {
                        span,
                        text: g,
                        code: "CL005",
                        safe: true,
                    });
                }
            }
        }
    }
    // Emissions only in the body: copy them into the metadata.
    if has("CL106") {
        if let Some(g) = f.body.as_ref().and_then(|b| {
            // The unit the label states where the value has none (AutoTrain's grams,
            // CodeCarbon's kilograms).
            grams_text(
                &b.raw,
                match b.unit() {
                    u @ (Unit::Grams | Unit::Kilograms) => u,
                    _ => Unit::None,
                },
            )
        }) {
            match (&card.front, card.split.yaml) {
                // An unclosed `---` block: a new block above it would leave the old fence in the
                // body; the user has to close it first (no-front-matter says so).
                (FrontMatter::Absent, _) if starts_with_fence(text) => {}
                (FrontMatter::Absent, _) => {
                    let at = if text.starts_with('\u{feff}') { 3 } else { 0 };
                    out.push(Edit {
                        span: Span::new(at, at),
                        text: format!("---{nl}co2_eq_emissions: {g}{nl}---{nl}"),
                        code: "CL106",
                        safe: true,
                    });
                }
                (FrontMatter::Parsed(y), Some(ys)) => {
                    let block_root = y.root.is_none_or(|r| {
                        y.entries(r).is_some() && !text[y.span(r).start..].starts_with('{')
                    });
                    let indent = y
                        .root
                        .and_then(|r| y.entries(r))
                        .and_then(|e| e.first())
                        .and_then(|(k, _)| indent_of(text, y.span(*k).start));
                    if block_root {
                        let line = format!("{}co2_eq_emissions: {g}", indent.unwrap_or(""));
                        let t = if ys.is_empty() {
                            line
                        } else {
                            format!("{nl}{line}")
                        };
                        out.push(Edit {
                            span: Span::new(ys.end, ys.end),
                            text: t,
                            code: "CL106",
                            safe: true,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    if !unsafe_ok {
        return out;
    }
    let Some(y) = card.yaml() else { return out };
    // A bare number becomes the documented mapping, ready for hardware_used and the rest.
    if has("CL201") && f.form == Co2Form::Number {
        if let Some((k, v)) = f.co2 {
            let (ks, vs) = (y.span(k), y.span(v));
            if let (Some(indent), false) = (
                indent_of(text, ks.start),
                text[ks.end..vs.end].contains(['\n', '\r']),
            ) {
                let value = card.slice(vs);
                out.push(Edit {
                    span: Span::new(ks.end, vs.end),
                    text: format!(":{nl}{indent}  emissions: {value}"),
                    code: "CL201",
                    safe: false,
                });
            }
        }
    }
    // The figure copied from the body in kilograms: write the grams the body states.
    if has("CL105") {
        if let (Some(m), Some(b)) = (&f.meta, &f.body) {
            let same = m
                .quantity
                .as_ref()
                .zip(b.quantity.as_ref())
                .is_some_and(|(a, c)| a.number == c.number);
            if m.yaml_number && same && matches!(b.unit(), Unit::Kilograms | Unit::Tonnes) {
                if let Some(g) = grams_text(&b.raw, Unit::None) {
                    out.push(Edit {
                        span: m.span,
                        text: g,
                        code: "CL105",
                        safe: false,
                    });
                }
            }
        }
    }
    out
}

/// Applies the edits that do not overlap (safe ones first, then by position).
pub fn apply(text: &str, mut edits: Vec<Edit>) -> (String, Vec<Edit>) {
    // An edit that writes back the text it replaces is not a fix (`0` for `0`).
    edits.retain(|e| text.get(e.span.start..e.span.end) != Some(e.text.as_str()));
    edits.sort_by_key(|e| (!e.safe, e.span.start, e.span.end));
    let mut chosen: Vec<Edit> = Vec::new();
    for e in edits {
        let clash = chosen.iter().any(|c| {
            e.span.start < c.span.end.max(c.span.start + 1)
                && c.span.start < e.span.end.max(e.span.start + 1)
        });
        if !clash {
            chosen.push(e);
        }
    }
    chosen.sort_by_key(|e| e.span.start);
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for e in &chosen {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.text);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, chosen)
}

/// The result of fixing one card.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    pub applied: Vec<Edit>,
    /// The lint of the fixed text.
    pub report: CardReport,
}

/// Fixes a card: edits are applied and the card re-linted until nothing changes (at most five
/// rounds). `Err` when the result would not parse: then nothing may be written.
pub fn fix(
    path: &str,
    text: &str,
    settings: &Settings,
    ext: &External,
    unsafe_ok: bool,
) -> Result<Fixed, String> {
    let first = lint(path, text, settings, ext);
    fix_from(path, text, &first, settings, ext, unsafe_ok)
}

/// [`fix`] from the card's report as already linted: the card is linted once per round that
/// changed it, never twice for the same text.
pub fn fix_from(
    path: &str,
    text: &str,
    first: &CardReport,
    settings: &Settings,
    ext: &External,
    unsafe_ok: bool,
) -> Result<Fixed, String> {
    let mut cur = text.to_string();
    let mut applied = Vec::new();
    let mut report: Option<CardReport> = None;
    for _ in 0..5 {
        let diagnostics = &report.as_ref().unwrap_or(first).diagnostics;
        let card = Card::parse(&cur);
        let f = facts::collect(&card);
        let e = edits(&card, &f, diagnostics, unsafe_ok);
        let (next, done) = apply(&cur, e);
        if done.is_empty() {
            break;
        }
        applied.extend(done);
        cur = next;
        report = Some(lint(path, &cur, settings, ext));
    }
    let report = report.unwrap_or_else(|| first.clone());
    if !applied.is_empty() {
        let card = Card::parse(&cur);
        if !matches!(card.front, FrontMatter::Parsed(_))
            || card.pyyaml_error.is_some()
            || card
                .yaml()
                .and_then(|y| y.root)
                .is_some_and(|r| card.yaml().unwrap().entries(r).is_none())
        {
            return Err(format!(
                "{path}: the fixed card would not parse; nothing was written"
            ));
        }
    }
    Ok(Fixed {
        text: cur,
        applied,
        report,
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
        assert_eq!(fixed(t, false), "---\r\nlicense: mit\r\nco2_eq_emissions: 25.4476\r\n---\r\n- CO2 Emissions (in grams): 25.4476\r\n");
        let t = "# m\n\n- **Carbon Emitted:** 11,250 kg CO2 eq.\n";
        assert_eq!(
            fixed(t, false),
            format!("---\nco2_eq_emissions: 11250000\n---\n{t}")
        );
        let t = "---\n\n---\n- CO2 Emissions (in grams): 3\n";
        assert_eq!(
            fixed(t, false),
            "---\nco2_eq_emissions: 3\n---\n- CO2 Emissions (in grams): 3\n"
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
