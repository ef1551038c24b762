//! The body half of `fill`: every line that states the emissions, and the Environmental Impact
//! bullets, agree with what fill writes to the metadata. A figure is written at three
//! significant digits in the unit its line already uses, with the line's own words kept
//! (`0.042 kg of CO2` → `0.0513 kg of CO2`); a figure that already states the measurement at its
//! own precision is left byte for byte.

use crate::card::body::{Field, FieldLine, Form, Place};
use crate::card::quantity::{self, Unit};
use crate::card::Card;
use crate::decimal::{agrees, round_sig};
use crate::diagnostic::Span;
use crate::edit::Edit;
use crate::facts::is_placeholder;

use super::Measurement;

/// Significant digits of a figure written into the body.
pub const BODY_DIGITS: i32 = 3;

/// The edits of every emissions line (also outside the section: AutoTrain's grams line, a
/// CodeCarbon table in kilograms) and of the section's other bullets.
pub(super) fn bullet_edits(card: &Card, m: &Measurement, grams: f64) -> Vec<Edit> {
    let mut edits = Vec::new();
    let energy = m.energy_kwh.map(|e| (e, energy_lines(card)));
    let energy = energy
        .iter()
        .flat_map(|(e, lines)| lines.iter().map(move |l| (l, *e)));
    let fields = card.body.fields.iter().map(|l| (l, None));
    for (line, kwh) in fields.chain(energy.map(|(l, e)| (l, Some(e)))) {
        let edit = match line.field {
            _ if kwh.is_some() => kwh.and_then(|e| figure(line, e, Unit::None, &Energy)),
            Field::CarbonEmitted | Field::AutoTrainCo2 => figure(line, grams, Unit::Grams, &Mass),
            Field::CodeCarbonEmissions => figure(line, grams, Unit::Kilograms, &Mass),
            _ if !line.in_section => None,
            Field::HoursUsed => m.hours.and_then(|h| figure(line, h, Unit::None, &Time)),
            Field::CloudProvider => text(line, m.cloud_provider.as_deref()),
            Field::ComputeRegion => text(line, m.compute_region.as_deref()),
            Field::HardwareType => text(line, m.hardware.as_deref()),
        };
        edits.extend(edit.map(|(span, t)| {
            // An empty value right after the colon gets a space before it.
            let text = card.text;
            let lead = span.is_empty() && !text[..span.start].ends_with([' ', '\t']);
            Edit {
                span,
                text: format!("{}{t}", if lead { " " } else { "" }),
                code: "fill",
                safe: true,
            }
        }));
    }
    edits
}

/// A text bullet: the measured value where the line says something else, as Markdown text
/// (never a link, emphasis, HTML or a table cell's end).
fn text(line: &FieldLine, value: Option<&str>) -> Option<(Span, String)> {
    let v = markdown_text(value?);
    (!line.value.trim().eq_ignore_ascii_case(&v)).then_some((line.value_span, v))
}

/// `s` with every character Markdown could read as markup backslash-escaped.
pub(super) fn markdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\`*_[]<>|~&!#".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// How a kind of figure reads its unit and writes a fresh value.
trait Measure {
    /// The factor from the base unit (grams, hours) to the unit written after the number, if
    /// this kind knows it; `default` where the text names no unit.
    fn factor(&self, after: &str, default: Unit) -> Option<f64>;
    /// A whole value for a line that states no figure.
    fn fresh(&self, base: f64, default: Unit) -> String;
}

struct Mass;
struct Time;
struct Energy;

/// The unit word after a figure, lower case: `kWh`, `hours`, `min` (empty where none).
fn unit_word(after: &str) -> String {
    after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect::<String>()
        .to_ascii_lowercase()
}

impl Measure for Energy {
    fn factor(&self, after: &str, _: Unit) -> Option<f64> {
        match unit_word(after).as_str() {
            "" | "kwh" => Some(1.0),
            "wh" => Some(1000.0),
            "mwh" => Some(0.001),
            _ => None,
        }
    }
    fn fresh(&self, kwh: f64, _: Unit) -> String {
        format!("{} kWh", round_sig(kwh, BODY_DIGITS))
    }
}

/// The section's `Energy Consumed` lines (Sentence Transformers' and SetFit's
/// `- **Energy Consumed**: 0.090 kWh`), read as field lines.
fn energy_lines(card: &Card) -> Vec<FieldLine> {
    let Some(section) = card.env_section() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut at = section.start;
    for raw in card.slice(section).split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let start = line.len() - line.trim_start_matches([' ', '-', '*', '+', '_']).len();
        let rest = &line[start..];
        let label = ["energy consumed", "energy consumption", "energy used"]
            .into_iter()
            .find(|l| rest.len() >= l.len() && rest[..l.len()].eq_ignore_ascii_case(l));
        if let Some(label) = label {
            let after = &rest[label.len()..];
            let skip = after.len() - after.trim_start_matches(['*', '_', ':', ' ']).len();
            if after[..skip].contains(':') {
                let vs = at + start + label.len() + skip;
                let value = line[vs - at..].trim_end().to_string();
                out.push(FieldLine {
                    // Not one of the card's fields: the line is read for its figure only.
                    field: Field::HoursUsed,
                    line: Span::new(at, at + line.len()),
                    value_span: Span::new(vs, vs + value.len()),
                    value,
                    in_section: true,
                    form: Form::Line,
                    place: Place {
                        table: false,
                        group: 0,
                    },
                    label: label.to_string(),
                    foreign: false,
                });
            }
        }
        at += raw.len();
    }
    out
}

impl Measure for Mass {
    fn factor(&self, after: &str, default: Unit) -> Option<f64> {
        let unit = match quantity::unit_of(after) {
            Unit::None => default,
            u => u,
        };
        unit.grams_per_unit().map(|g| 1.0 / g)
    }
    fn fresh(&self, grams: f64, default: Unit) -> String {
        match default {
            // A CodeCarbon table cell and AutoTrain's line hold the number alone.
            Unit::Kilograms => round_sig(grams / 1000.0, BODY_DIGITS),
            _ if grams >= 1000.0 => format!(
                "{} kg CO2eq (measured with CodeCarbon)",
                round_sig(grams / 1000.0, BODY_DIGITS)
            ),
            _ => format!(
                "{} g CO2eq (measured with CodeCarbon)",
                round_sig(grams, BODY_DIGITS)
            ),
        }
    }
}

impl Measure for Time {
    fn factor(&self, after: &str, _: Unit) -> Option<f64> {
        match unit_word(after).as_str() {
            "" | "h" | "hr" | "hrs" | "hour" | "hours" => Some(1.0),
            "m" | "min" | "mins" | "minute" | "minutes" => Some(60.0),
            "s" | "sec" | "secs" | "second" | "seconds" => Some(3600.0),
            "d" | "day" | "days" => Some(1.0 / 24.0),
            _ => None,
        }
    }
    fn fresh(&self, hours: f64, _: Unit) -> String {
        let h = round_sig(hours, BODY_DIGITS);
        format!("{h} {}", if h == "1" { "hour" } else { "hours" })
    }
}

/// A line's figure: its number rewritten in the line's own unit (the words around it kept),
/// nothing where it already states `base` at its precision, the whole value where it states no
/// figure in a unit this kind knows.
fn figure(
    line: &FieldLine,
    base: f64,
    default: Unit,
    kind: &dyn Measure,
) -> Option<(Span, String)> {
    let v = &line.value;
    let whole = || Some((line.value_span, kind.fresh(base, default)));
    if is_placeholder(v) {
        return whole();
    }
    let Some(q) = quantity::parse(v) else {
        return whole();
    };
    let (a, b) = q.number_at;
    // A figure that opens the value is the line's statement; a number further into prose
    // ("not tracked; the base model is quoted at 650 kg") is about something else: the
    // template's bullet gets the measurement in its place, any other line is left alone.
    let lead = v[..a]
        .trim_matches(|c: char| c.is_whitespace() || "~≈<>".contains(c))
        .to_ascii_lowercase();
    let opens = lead.is_empty()
        || ["about", "approx.", "approximately", "around", "ca."].contains(&lead.as_str());
    if !opens {
        return if line.in_section { whole() } else { None };
    }
    let Some(factor) = kind.factor(&v[b..], default) else {
        return whole();
    };
    let x = base * factor;
    if agrees(&v[a..b], x) {
        return None;
    }
    let at = line.value_span.start;
    Some((Span::new(at + a, at + b), round_sig(x, BODY_DIGITS)))
}
