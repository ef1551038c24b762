//! The rule registry. A rule lives in its own file, `src/rules/<group>/<name>.rs`, which holds
//! its `RULE` (code, name, default severity, summary, docs from `rules/<name>.md`, check, fix);
//! [`RULES`] lists them by hand, in code order, and tests keep code, name, docs and fixtures in
//! step. A check returns findings; severities and suppressions are applied afterwards by the
//! engine (`lint.rs`), never inside a rule. A fix is asked only when its rule fired.

pub mod emissions;
pub mod engine;
pub mod fields;
pub mod front_matter;
pub mod minimums;
pub mod model_index;

use crate::card::Card;
use crate::class::efficiency::Efficiency;
use crate::class::reporting::{Level, Reporting};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::edit::Edit;
use crate::facts::{Co2Field, Facts};

/// Everything a rule may look at.
pub struct Ctx<'c, 'a> {
    /// The card's path as the report names it.
    pub path: &'c str,
    pub card: &'c Card<'a>,
    /// Facts from beside the card (its repository, the Hub, an `emissions.csv`).
    pub ext: &'c crate::class::efficiency::External,
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
    /// A ceiling on the rule's default severity for this finding (a configured severity
    /// still wins).
    pub at_most: Option<Severity>,
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
    /// At most `s`: this finding matters less than the rule's usual one.
    pub fn at_most(mut self, s: Severity) -> Self {
        self.at_most = Some(s);
        self
    }
    pub fn related(mut self, span: Span, note: impl Into<String>) -> Self {
        self.related.push((span, note.into()));
        self
    }
}

pub type Check = fn(&Ctx) -> Vec<Finding>;

/// What a fix may look at: the card and its facts (the card's findings include the rule's).
pub struct FixCtx<'c, 'a> {
    pub card: &'c Card<'a>,
    pub facts: &'c Facts,
}

/// A fix: the edit that removes the rule's finding, if one is safe to make mechanically.
pub type Fix = fn(&FixCtx) -> Option<Edit>;

/// A rule's metadata, its check and its fix. `check` is `None` for findings the engine itself
/// makes (an unreadable file, an unused suppression).
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// `rules/<name>.md`, shown by `cardlint explain` and linked from the README.
    pub docs: &'static str,
    pub check: Option<Check>,
    pub fix: Option<Fix>,
    /// Whether a finding at the fail level (`fail-on`) fails the run. `false` for a finding
    /// that is not about the card (a fault of the Hub, CL404): it is shown, and the exit code
    /// is what it would be without it.
    pub fails_run: bool,
    /// The `co2_eq_emissions` sub-field whose absence the rule reports (CL201–CL204: the
    /// reporting ladder). The engine groups such findings on one key into one, built from
    /// these fields, and softens them to advice when the card meets the required level.
    pub missing_field: Option<Co2Field>,
}

impl Rule {
    pub fn diagnostic(&self, f: Finding) -> Diagnostic {
        Diagnostic {
            code: self.code,
            name: self.name,
            severity: f.at_most.map_or(self.severity, |s| s.min(self.severity)),
            message: f.message,
            help: f.help,
            span: f.span,
            related: f.related,
            label: f.label,
            location: None,
            fix: None,
        }
    }
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &front_matter::no_front_matter::RULE,
    &front_matter::invalid_yaml::RULE,
    &front_matter::front_matter_not_a_mapping::RULE,
    &front_matter::duplicate_key::RULE,
    &front_matter::yaml_1_1_ambiguity::RULE,
    &front_matter::yaml_not_portable::RULE,
    &emissions::missing_co2_emissions::RULE,
    &emissions::co2_emissions_not_a_number::RULE,
    &emissions::co2_emissions_missing_value::RULE,
    &emissions::co2_emissions_zero::RULE,
    &emissions::co2_emissions_unit_mismatch::RULE,
    &emissions::emissions_only_in_body::RULE,
    &emissions::unknown_co2_field::RULE,
    &emissions::energy_not_co2::RULE,
    &fields::missing_hardware_used::RULE,
    &fields::missing_source::RULE,
    &fields::missing_training_type::RULE,
    &fields::missing_geographical_location::RULE,
    &fields::training_type_unrecognized::RULE,
    &fields::placeholder_value::RULE,
    &fields::hardware_disagreement::RULE,
    &model_index::invalid_model_index::RULE,
    &minimums::reporting_below_minimum::RULE,
    &minimums::efficiency_below_minimum::RULE,
    &minimums::efficiency_low_evidence::RULE,
    &engine::hub_unavailable::RULE,
    &engine::unreadable_card::RULE,
    &engine::unused_suppression::RULE,
];

/// A set of rules, one bit per rule of [`RULES`] (there are fewer than 64): which rules run is
/// a bit test per rule, computed once per config, never a look-up per rule per card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RuleSet(u64);

impl RuleSet {
    /// Every rule.
    pub fn all() -> RuleSet {
        assert!(RULES.len() < 64, "RuleSet holds at most 63 rules");
        RuleSet((1u64 << RULES.len()) - 1)
    }
    /// The position of a rule in [`RULES`], by code.
    fn index(code: &str) -> Option<usize> {
        RULES.iter().position(|r| r.code == code)
    }
    pub fn insert(&mut self, code: &str) {
        if let Some(i) = RuleSet::index(code) {
            self.0 |= 1 << i;
        }
    }
    pub fn remove(&mut self, code: &str) {
        if let Some(i) = RuleSet::index(code) {
            self.0 &= !(1 << i);
        }
    }
    pub fn contains(&self, code: &str) -> bool {
        RuleSet::index(code).is_some_and(|i| self.0 >> i & 1 == 1)
    }
    /// The rules in the set, in code order.
    pub fn rules(self) -> impl Iterator<Item = &'static Rule> {
        RULES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 >> i & 1 == 1)
            .map(|(_, r)| *r)
    }
}

impl<'a> FromIterator<&'a str> for RuleSet {
    fn from_iter<I: IntoIterator<Item = &'a str>>(codes: I) -> RuleSet {
        let mut s = RuleSet::default();
        for c in codes {
            s.insert(c);
        }
        s
    }
}

/// Finds a rule by code (`CL102`, any case) or name (`co2-emissions-not-a-number`).
pub fn lookup(key: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// The rules a selector names: a code, a name, a code prefix (`CL1`) or `ALL`.
pub fn matching(selector: &str) -> Vec<&'static Rule> {
    if selector.eq_ignore_ascii_case("ALL") {
        return RULES.to_vec();
    }
    if let Some(r) = lookup(selector) {
        return vec![r];
    }
    let up = selector.to_ascii_uppercase();
    if up.starts_with("CL") {
        return RULES
            .iter()
            .copied()
            .filter(|r| r.code.starts_with(&up))
            .collect();
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
