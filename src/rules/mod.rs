//! The rule registry: one hand-written list, checked by tests (codes unique, docs and fixtures
//! present). A rule is metadata plus a `check` that returns findings; severities and
//! suppressions are applied afterwards by the engine, never inside a rule.

mod emissions;
mod fields;
mod front_matter;
mod minimums;
mod model_index;

use crate::card::Card;
use crate::class::efficiency::Efficiency;
use crate::class::reporting::{Level, Reporting};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::facts::Facts;

/// Everything a rule may look at.
pub struct Ctx<'c, 'a> {
    pub card: &'c Card<'a>,
    pub facts: &'c Facts,
    pub reporting: &'c Reporting,
    pub efficiency: &'c Efficiency,
    pub min_reporting: Option<Level>,
    pub min_efficiency: Option<crate::class::efficiency::Grade>,
}

/// A finding before the engine gives it a code, a name and a severity.
#[derive(Debug, Clone, Default)]
pub struct Finding {
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
    pub label: Option<String>,
    pub related: Vec<(Span, String)>,
}

impl Finding {
    pub fn new(span: impl Into<Option<Span>>, message: impl Into<String>) -> Self {
        Finding {
            span: span.into(),
            message: message.into(),
            ..Default::default()
        }
    }
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
    pub fn related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }
}

pub type Check = fn(&Ctx) -> Vec<Finding>;

/// A rule's metadata and its check. `check` is `None` for findings the engine itself makes
/// (an unreadable file, an unused suppression).
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub docs: &'static str,
    pub check: Option<Check>,
}

impl Rule {
    pub fn diagnostic(&self, f: Finding) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: self.severity,
            message: f.message,
            help: f.help,
            span: f.span,
            related: f.related,
            label: f.label,
            location: None,
        }
    }
}

macro_rules! rule {
    ($code:literal, $name:literal, $sev:ident, $summary:literal, $check:expr) => {
        Rule {
            code: $code,
            name: $name,
            severity: Severity::$sev,
            summary: $summary,
            docs: include_str!(concat!("../../rules/", $code, ".md")),
            check: $check,
        }
    };
}

/// Every rule, in code order.
pub static RULES: &[Rule] = &[
    rule!(
        "CL001",
        "no-front-matter",
        Warning,
        "the card has no YAML front matter",
        Some(front_matter::no_front_matter)
    ),
    rule!(
        "CL002",
        "invalid-yaml",
        Error,
        "the front matter is not valid YAML",
        Some(front_matter::invalid_yaml)
    ),
    rule!(
        "CL003",
        "front-matter-not-a-mapping",
        Error,
        "the front matter is not a mapping",
        Some(front_matter::not_a_mapping)
    ),
    rule!(
        "CL004",
        "duplicate-key",
        Warning,
        "a mapping repeats a key",
        Some(front_matter::duplicate_key)
    ),
    rule!(
        "CL005",
        "yaml-1-1-ambiguity",
        Warning,
        "a plain scalar reads differently in YAML 1.1 and 1.2",
        Some(front_matter::yaml_11_ambiguity)
    ),
    rule!(
        "CL006",
        "yaml-not-portable",
        Warning,
        "huggingface_hub reads the front matter but strict YAML 1.2 parsers reject it",
        Some(front_matter::yaml_not_portable)
    ),
    rule!(
        "CL101",
        "missing-co2-emissions",
        Warning,
        "the metadata has no co2_eq_emissions",
        Some(emissions::missing)
    ),
    rule!(
        "CL102",
        "co2-emissions-not-a-number",
        Error,
        "the emissions value is not a number of grams",
        Some(emissions::not_a_number)
    ),
    rule!(
        "CL103",
        "co2-emissions-missing-value",
        Error,
        "co2_eq_emissions has no emissions value",
        Some(emissions::missing_value)
    ),
    rule!(
        "CL104",
        "co2-emissions-zero",
        Error,
        "the emissions value is zero, negative or not finite",
        Some(emissions::zero)
    ),
    rule!(
        "CL105",
        "co2-emissions-unit-mismatch",
        Warning,
        "the body states the emissions in another unit or another amount",
        Some(emissions::unit_mismatch)
    ),
    rule!(
        "CL106",
        "emissions-only-in-body",
        Warning,
        "the emissions are stated in the body but not in the metadata",
        Some(emissions::only_in_body)
    ),
    rule!(
        "CL107",
        "unknown-co2-field",
        Warning,
        "an unknown co2_eq_emissions field or a misspelt co2_eq_emissions key",
        Some(emissions::unknown_field)
    ),
    rule!(
        "CL201",
        "missing-hardware-used",
        Warning,
        "co2_eq_emissions has no hardware_used",
        Some(fields::missing_hardware_used)
    ),
    rule!(
        "CL202",
        "missing-source",
        Info,
        "co2_eq_emissions has no source",
        Some(fields::missing_source)
    ),
    rule!(
        "CL203",
        "missing-training-type",
        Info,
        "co2_eq_emissions has no training_type",
        Some(fields::missing_training_type)
    ),
    rule!(
        "CL204",
        "missing-geographical-location",
        Info,
        "co2_eq_emissions has no geographical_location",
        Some(fields::missing_geographical_location)
    ),
    rule!(
        "CL205",
        "training-type-unrecognized",
        Info,
        "training_type is neither pre-training nor fine-tuning",
        Some(fields::training_type_unrecognized)
    ),
    rule!(
        "CL206",
        "placeholder-value",
        Warning,
        "a template placeholder where a value belongs",
        Some(fields::placeholder_value)
    ),
    rule!(
        "CL301",
        "invalid-model-index",
        Warning,
        "model-index lacks a field the Hub requires",
        Some(model_index::invalid_model_index)
    ),
    rule!(
        "CL401",
        "reporting-below-minimum",
        Error,
        "the reporting class is below the configured minimum",
        Some(minimums::reporting_below_minimum)
    ),
    rule!(
        "CL402",
        "efficiency-below-minimum",
        Error,
        "the efficiency class is below the configured minimum",
        Some(minimums::efficiency_below_minimum)
    ),
    rule!(
        "CL403",
        "efficiency-low-evidence",
        Info,
        "the efficiency label rests on fewer than three metrics",
        Some(minimums::efficiency_low_evidence)
    ),
    rule!(
        "CL901",
        "unreadable-card",
        Error,
        "the card cannot be read: missing, not a regular file, too large or not UTF-8 text",
        None
    ),
    rule!(
        "CL902",
        "unused-suppression",
        Warning,
        "a suppression comment suppresses nothing",
        None
    ),
];

/// Finds a rule by code (`CL102`, any case) or name (`co2-emissions-not-a-number`).
pub fn lookup(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// The rules a selector names: a code, a name, a code prefix (`CL1`) or `ALL`.
pub fn matching(selector: &str) -> Vec<&'static Rule> {
    if selector.eq_ignore_ascii_case("ALL") {
        return RULES.iter().collect();
    }
    if let Some(r) = lookup(selector) {
        return vec![r];
    }
    let up = selector.to_ascii_uppercase();
    if up.starts_with("CL") {
        return RULES.iter().filter(|r| r.code.starts_with(&up)).collect();
    }
    Vec::new()
}

/// The closest code or name to `key`, for "did you mean".
pub fn suggest(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    // The distance is at least the difference in length: a word far longer or shorter than every
    // name costs nothing (a hostile suppression comment can hold megabytes of one word).
    let n = key.chars().count();
    let close = |c: &str| n.abs_diff(c.len()) <= (c.len() / 3).max(2);
    RULES
        .iter()
        .flat_map(|r| [r.code, r.name])
        .filter(|c| close(c))
        .map(|c| (strsim::levenshtein(&key, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

pub fn by_code(code: &str) -> &'static Rule {
    lookup(code).expect("registered rule")
}
