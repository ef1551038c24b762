//! Which body figure is the card's own emissions report, and how sure cardlint is of it.
//!
//! The study's fallback reads the template's `Carbon Emitted:` bullet; the other forms that
//! are reports are AutoTrain's `CO2 Emissions (in grams):` bullet and a CodeCarbon results
//! table. In each the figure opens the value. Prose, negations ("not tracked"), figures about
//! another model ("the base model is quoted at 650 kg"), inline code and tables about other
//! things are not the card's report.

use super::{Field, FieldLine, Form};
use crate::card::quantity::{self, Unit};

/// How sure cardlint is that a body figure is the card's emissions report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// A report in a less certain form: an approximate figure (`~5 kg`, `about 5 kg`), a
    /// figure without a unit on a `Carbon Emitted` line, a plain table row in the
    /// Environmental Impact section.
    Unsure,
    /// The template's `Carbon Emitted:` bullet (or its variants, `Emissions:`) with the figure
    /// and its unit first, AutoTrain's grams bullet, a CodeCarbon table's `emissions`.
    Sure,
}

/// Words that say the figure is not this card's measurement: a negation, or hearsay.
const NOT_OURS: [&str; 14] = [
    "not",
    "no",
    "never",
    "without",
    "unknown",
    "untracked",
    "unmeasured",
    "unavailable",
    "none",
    "quoted",
    "reportedly",
    "usually",
    "typically",
    "upstream",
];

/// Phrases that put the figure on another model.
const OTHER_MODEL: [&str; 10] = [
    "base model",
    "pretrained model",
    "pre trained model",
    "original model",
    "parent model",
    "teacher model",
    "foundation model",
    "another model",
    "other model",
    "reference model",
];

/// Words that make the figure an approximation, when they open the value.
const APPROXIMATE: [&str; 8] = [
    "approximately",
    "approx",
    "about",
    "around",
    "roughly",
    "circa",
    "estimated",
    "est",
];

/// Whether `value` holds a word that says the figure is not this card's own.
fn not_ours(value: &str) -> bool {
    let lower = value.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    lower.contains("n't")
        || words.iter().any(|w| NOT_OURS.contains(w))
        || about_another_model(value)
}

/// The byte length of an approximation that opens `value` (`~`, `≈`, `about`, `est.`), and
/// of the emphasis and blanks around it.
fn approximation(value: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &value[at..];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '_' | '['))
                .len();
        let rest = &rest[skip..];
        at += skip;
        if let Some(c) = rest.chars().next().filter(|c| matches!(c, '~' | '≈' | '∼')) {
            at += c.len_utf8();
            continue;
        }
        let word: String = rest.chars().take_while(char::is_ascii_alphabetic).collect();
        if !word.is_empty() && APPROXIMATE.contains(&word.to_ascii_lowercase().as_str()) {
            at += word.len();
            at += usize::from(value[at..].starts_with(['.', ':']));
            continue;
        }
        return at;
    }
}

/// The unit a field's figure is in: the value's own, else the one its label states in
/// parentheses (`CO2 emissions (kg)`, AutoTrain's `(in grams)`), else CodeCarbon's kilograms.
/// `Unit::None` where nothing says.
pub fn unit_of_line(line: &FieldLine, written: Unit) -> Unit {
    if written != Unit::None {
        return written;
    }
    let in_label = line
        .label
        .split_once('(')
        .map(|(_, p)| quantity::unit_of(p.trim_end_matches(')').trim()))
        .filter(|u| u.grams_per_unit().is_some() && *u != Unit::None);
    match (in_label, line.field) {
        (Some(u), _) => u,
        (None, Field::AutoTrainCo2) => Unit::Grams,
        (None, Field::CodeCarbonEmissions) => Unit::Kilograms,
        (None, _) => Unit::None,
    }
}

/// Whether the unit is a rate (`kg CO2eq per epoch`, `g/h`, `kg CO2eq/kWh`): not the
/// emissions of a training run.
fn rate(unit_text: &str) -> bool {
    unit_text.contains('/')
        || unit_text
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.eq_ignore_ascii_case("per") || w.eq_ignore_ascii_case("each"))
}

/// Whether a heading puts what follows on another model (`## Base model`, `Teacher model`).
pub fn about_another_model(heading: &str) -> bool {
    // Every phrase ends in "model": most headings are decided without folding them.
    if !crate::util::contains_ignore_ascii_case(heading, "model") {
        return false;
    }
    let lower = heading.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let folded = format!(" {} ", words.join(" "));
    OTHER_MODEL
        .iter()
        .any(|p| folded.contains(&format!(" {p}")))
}

/// Whether a hardware value names hardware: not a negation with no hardware in it ("not
/// recorded", "we did not track it"; "no GPU, CPU only" names some).
pub fn names_hardware(value: &str) -> bool {
    const KINDS: [&str; 14] = [
        "cpu", "cpus", "gpu", "gpus", "tpu", "tpus", "nvidia", "amd", "intel", "apple", "google",
        "habana", "gaudi", "npu",
    ];
    let lower = value.to_lowercase();
    let sentence = first_clause(&lower);
    let named = sentence.contains(|c: char| c.is_ascii_digit())
        || sentence
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| KINDS.contains(&w));
    named || !not_ours(sentence)
}

/// The figure's own sentence: up to the first `;` or `. ` after it.
fn first_clause(value: &str) -> &str {
    let b = value.as_bytes();
    let end = (0..b.len())
        .find(|&i| b[i] == b';' || (b[i] == b'.' && b.get(i + 1) == Some(&b' ')))
        .unwrap_or(b.len());
    &value[..end]
}

/// Whether `line` (an emissions field) is the card's report, and how sure cardlint is of it;
/// `None` where it is not a report at all.
pub fn assess(line: &FieldLine) -> Option<Confidence> {
    let v = line.value.as_str();
    if !matches!(
        line.field,
        Field::CarbonEmitted | Field::AutoTrainCo2 | Field::CodeCarbonEmissions
    ) || v.contains('`')
        // Struck through (`~~5 kg~~`): withdrawn.
        || v.trim_start_matches(['*', '_']).starts_with("~~")
        || line.foreign
    {
        return None;
    }
    // A table that is not CodeCarbon's states a report only inside the Environmental Impact
    // section: elsewhere it is about other things (several models, a documentation table).
    if line.form == (Form::Table { codecarbon: false }) && !line.in_section {
        return None;
    }
    // The figure opens the value (after an approximation, which makes it less sure).
    let lead = approximation(v);
    let q = quantity::parse(v)?;
    if q.number_at.0 != lead {
        return None;
    }
    // A negation or another model in the figure's own sentence ("650 kg for the base model")
    // makes it no report; in a later one ("0.2 kg; the base model's are not included"), a
    // report cardlint is less sure of.
    let rest = &v[lead..];
    let clause = first_clause(rest);
    if not_ours(clause) || rate(&q.unit_text) {
        return None;
    }
    let approximate = lead > 0 && v[..lead].contains(|c: char| !matches!(c, '*' | '_' | '[' | ' '));
    let sure = !approximate
        && !not_ours(&rest[clause.len()..])
        && match (line.field, line.form) {
            (Field::CodeCarbonEmissions, _) => true,
            (Field::AutoTrainCo2, _) => matches!(q.unit, Unit::None | Unit::Grams),
            (Field::CarbonEmitted, Form::Line) => unit_of_line(line, q.unit) != Unit::None,
            _ => false,
        };
    Some(if sure {
        Confidence::Sure
    } else {
        Confidence::Unsure
    })
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn one(body: &str) -> Option<Confidence> {
        let b = parse(body, 0);
        let mut reports = b.fields.iter().filter_map(assess);
        let first = reports.next();
        assert!(reports.next().is_none(), "{body:?}");
        first
    }

    #[test]
    fn the_reports_cardlint_is_sure_of() {
        for body in [
            "- **Carbon Emitted:** 1.71 KgCO2 (Singapore)",
            "- **Carbon Emitted**: 0.042 kg of CO2",
            "- **Carbon Emitted (Power consumption x Time x Carbon produced based on location of power grid):** 11250 kg CO2 eq.",
            "## Details\n\n- **Emissions:** 0.25 KgCO2 (Singapore)",
            "- CO2 Emissions (in grams): 25.4476",
            "- **CO₂ emissions (kg CO2eq):** 12",
            "- **Carbon footprint:** 12 kg CO2eq (estimated)",
            "- **Carbon Emitted:** [4.1 kg CO2eq](https://example.org/run.csv)",
            "## Environmental Impact\n\n- **Carbon Emitted:** 12 kg CO2eq (as per CodeCarbon)",
            "| key | value |\n|---|---|\n| emissions | 0.0297 |\n| energy_consumed | 0.07 |",
        ] {
            assert_eq!(one(body), Some(Confidence::Sure), "{body:?}");
        }
    }

    #[test]
    fn the_reports_cardlint_is_less_sure_of() {
        for body in [
            "- **Carbon Emitted:** ~5 kg CO2eq",
            "- **Carbon Emitted:** about 5 kg",
            "- **Carbon Emitted:** approx. 5 kg",
            "- **Carbon Emitted:** ≈ 5 kg (pre-training)",
            "- **Carbon Emitted:** 0.2 kg (Singapore); the base model's emissions are not included",
            "- **Carbon Emitted:** 12 kg. The evaluation runs were not tracked.",
            "## Environmental Impact\n\n| CO2 emissions (kg) | 12 |\n|---|---|\n",
            "- **Carbon Emitted:** 12",
            "## Environmental Impact\n\n| Carbon Emitted | 11 kg |\n|---|---|\n",
        ] {
            assert_eq!(one(body), Some(Confidence::Unsure), "{body:?}");
        }
    }

    #[test]
    fn a_unit_in_the_label() {
        let b = parse("- **CO2 emissions (kg):** 12\n- CO2 Emissions (in grams): 3\n- **Carbon Emitted (Power consumption x Time):** 5", 0);
        let units: Vec<Unit> = b
            .fields
            .iter()
            .map(|l| unit_of_line(l, Unit::None))
            .collect();
        assert_eq!(units, [Unit::Kilograms, Unit::Grams, Unit::None]);
        assert_eq!(unit_of_line(&b.fields[0], Unit::Grams), Unit::Grams);
    }

    #[test]
    fn hardware_that_is_named_and_hardware_that_is_not() {
        for v in [
            "8 x A100",
            "No GPU, CPU only",
            "Apple M2",
            "a TPU pod",
            "not sure, 2 x T4",
        ] {
            assert!(names_hardware(v), "{v}");
        }
        for v in [
            "not recorded",
            "we did not track it",
            "Unknown to the authors",
        ] {
            assert!(!names_hardware(v), "{v}");
        }
        assert!(about_another_model(
            "Environmental impact of the base model"
        ));
        assert!(!about_another_model("Environmental Impact"));
    }

    #[test]
    fn what_is_not_a_report() {
        for body in [
            "- Emissions: not tracked for this run; the base model is usually quoted at around 650 kg CO2eq",
            "- **Carbon Emitted:** we did not measure it (roughly 3 kg)",
            "- **Carbon Emitted:** 650 kg CO2eq for the base model",
            "- **Carbon Emitted:** 650 kg CO2eq (pre-training of the original models)",
            "- **Carbon Emitted:** 650 kg CO2eq, as the base-model card says",
            "- **Carbon Emitted:** 650 kg (base model)",
            "## Base model\n\n- **Carbon Emitted:** 650 kg CO2eq",
            "- **Carbon Emitted:** ~~5 kg~~ (withdrawn)",
            "- **Carbon Emitted:** 0.4 kg CO2eq per epoch",
            "- **Carbon Emitted:** 12 g/h",
            "- **Carbon Emitted:** 300 g CO2eq/kWh",
            "- **Carbon Emitted:** see the paper, 5 kg",
            "| `emissions` | `emissions` (kg) × 1000, exactly |\n|---|---|\n",
            "| Carbon Emitted | 11 kg |\n|---|---|\n",
            "- **Carbon Emitted:** `5 kg`",
            "The training emitted 5 kg CO2eq.",
            "- **Carbon Emitted:** No emissions were tracked, 5",
        ] {
            assert_eq!(one(body), None, "{body:?}");
        }
    }
}
