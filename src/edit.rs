//! Byte-preserving edits of a card, shared by `--fix` (each rule's fix) and `fill`: one edit
//! replaces one node's bytes or inserts lines; everything else stays byte-identical. Here too
//! are the guards both apply (the front matter must parse and be a mapping, a BOM stays first)
//! and the check that an edited card still reads.

use std::fmt;

use crate::card::quantity::{self, Unit};
use crate::card::yaml::{Kind, NodeId, Style, Yaml};
use crate::card::{Card, FrontMatter};
use crate::decimal;
use crate::diagnostic::Span;

/// One edit: replace `span` with `text` (an empty span inserts).
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub span: Span,
    pub text: String,
    /// The rule the edit fixes (`fill` for `cardlint fill`).
    pub code: &'static str,
    /// Safe edits keep the card's meaning; unsafe ones (`--unsafe-fixes`) reshape or reinterpret.
    pub safe: bool,
}

/// Why a card's front matter cannot be edited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// It does not parse (the parser's message).
    Invalid(String),
    /// A tab huggingface_hub rejects.
    Tab,
    /// A sequence or a scalar.
    NotAMapping,
    /// `---` opens a block that is never closed.
    Unclosed,
    /// A flow mapping (`{…}`) on one line: no line can be added to it.
    Flow,
    /// `co2_eq_emissions` is not a plain `key:` line (a complex key, a flow entry).
    NotPlainKey,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Invalid(e) => write!(f, "the front matter does not parse ({e})"),
            Refusal::Tab => {
                f.write_str("the front matter has a tab huggingface_hub rejects; fix it first")
            }
            Refusal::NotAMapping => f.write_str("the front matter is not a mapping"),
            Refusal::Unclosed => f.write_str(
                "the front matter is opened with `---` but never closed; close it first",
            ),
            Refusal::Flow => f.write_str(
                "the front matter is a flow mapping with entries ({…}); write it as a block mapping first",
            ),
            Refusal::NotPlainKey => {
                f.write_str("co2_eq_emissions is not a plain key of the front matter")
            }
        }
    }
}

/// Whether the card's front matter may be edited: it parses (for huggingface_hub too) and is a
/// mapping, empty or absent.
pub fn editable(card: &Card) -> Result<(), Refusal> {
    if let FrontMatter::Invalid(e) = &card.front {
        return Err(Refusal::Invalid(e.message.clone()));
    }
    if card.pyyaml_error.is_some() {
        return Err(Refusal::Tab);
    }
    match card.yaml() {
        Some(y) if y.root.is_some_and(|r| y.entries(r).is_none()) => Err(Refusal::NotAMapping),
        _ => Ok(()),
    }
}

/// Whether an edited text still reads as a card with a mapping (or empty) front matter.
pub fn reads_back(card: &Card) -> bool {
    matches!(card.front, FrontMatter::Parsed(_)) && editable(card).is_ok()
}

/// The card's line ending: CRLF, CR or LF, whichever it uses first.
pub fn line_ending(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text.as_bytes()[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// Whether the text opens with a `---` line (after white space and a BOM).
pub fn starts_with_fence(text: &str) -> bool {
    text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .starts_with("---")
}

/// The spaces before a node on its line, if only spaces stand there.
pub fn indent_of(text: &str, at: usize) -> Option<&str> {
    let start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[start..at];
    prefix.bytes().all(|b| b == b' ').then_some(prefix)
}

/// An edit adding top-level lines to the front matter, made by `lines(indent)` (given the
/// indent of the mapping's keys; several lines joined by the card's line ending): after its last
/// line, or in a new block at the top of the card (after a BOM) where there is none.
pub fn add_top_level(
    card: &Card,
    lines: impl Fn(&str) -> String,
    code: &'static str,
    safe: bool,
) -> Result<Edit, Refusal> {
    editable(card)?;
    let text = card.text;
    let nl = line_ending(text);
    let (at, text) = match (&card.front, card.split.yaml) {
        (FrontMatter::Absent, _) if starts_with_fence(text) => return Err(Refusal::Unclosed),
        (FrontMatter::Absent, _) => (bom_len(text), format!("---{nl}{}{nl}---{nl}", lines(""))),
        (FrontMatter::Parsed(y), Some(ys)) => {
            if let Some(r) = y.root.filter(|&r| text[y.span(r).start..].starts_with('{')) {
                // `{}` (what `ModelCard.from_template(ModelCardData())` writes) is an empty
                // mapping: the lines take its place. Entries in braces cannot take a line.
                let empty = y.entries(r).is_some_and(<[_]>::is_empty) && y.resolve(r) == r;
                let s = y.span(r);
                return match indent_of(text, s.start) {
                    Some(indent) if empty => Ok(Edit {
                        span: Span::new(s.start - indent.len(), s.end),
                        text: lines(""),
                        code,
                        safe,
                    }),
                    _ => Err(Refusal::Flow),
                };
            }
            let indent = y
                .root
                .and_then(|r| y.entries(r))
                .and_then(|e| e.first())
                .and_then(|(k, _)| indent_of(text, y.span(*k).start))
                .unwrap_or("");
            let t = if ys.is_empty() {
                lines(indent)
            } else {
                format!("{nl}{}", lines(indent))
            };
            (ys.end, t)
        }
        _ => return Err(Refusal::NotAMapping),
    };
    Ok(Edit {
        span: Span::new(at, at),
        text,
        code,
        safe,
    })
}

/// `co2_eq_emissions:` as a block mapping of `fields` (`(key, YAML scalar)`), its key at
/// `indent`, lines joined by `nl`.
pub fn co2_block(indent: &str, nl: &str, fields: &[(&str, String)]) -> String {
    let mut s = format!("{indent}co2_eq_emissions:");
    for (k, v) in fields {
        s.push_str(&format!("{nl}{indent}  {k}: {v}"));
    }
    s
}

/// The byte length of a leading BOM (which stays first).
pub fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// Applies the edits that do not overlap (safe ones first, then by position); returns the new
/// text and the edits applied.
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

/// Powers of ten from a unit to grams, where the conversion is exact in decimal.
fn exponent(unit: Unit) -> Option<i32> {
    match unit {
        Unit::None | Unit::Grams => Some(0),
        Unit::Kilograms => Some(3),
        Unit::Tonnes => Some(6),
        _ => None,
    }
}

/// Grams as decimal text, from a value with a number and a mass unit (`default_unit` where it
/// states none); `None` unless finite and positive.
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

/// The grams a help text names for `value`: exactly what [`grams_text`] writes when the fix
/// runs (every digit the card gave, shifted), else `grams` to six decimals.
pub fn grams_shown(value: &str, default_unit: Unit, grams: f64) -> String {
    grams_text(value, default_unit).unwrap_or_else(|| crate::util::fmt_num(grams))
}

/// A scalar written on one line (plain or quoted): its value, style and span.
pub fn one_line_scalar<'y>(card: &Card, y: &'y Yaml, id: NodeId) -> Option<(&'y str, Style, Span)> {
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
