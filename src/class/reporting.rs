//! The reporting classification (SPEC §2): levels 0–5 with their evidence and the next step.

use serde::Serialize;

use crate::facts::{Co2Field, Facts, Origin};
use crate::util::fmt_num;

/// One level of the ladder, 0 to 5 (serialised as its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Unknown = 0,
    Context = 1,
    Basic = 2,
    Awareness = 3,
    Optimization = 4,
    Certified = 5,
}

impl Serialize for Level {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

/// `(id, name)` of each level, 0 to 5.
pub const LEVELS: [(&str, &str); 6] = [
    ("unknown", "Unknown Energy Efficiency"),
    ("context", "Context Reporting"),
    ("basic", "Basic Energy Reporting"),
    ("awareness", "Energy Awareness"),
    ("optimization", "Energy Optimization"),
    ("certified", "Certified Energy Efficiency"),
];

/// Tags that make a level-3 card level 4 (the paper's `optimized`, `pruned`, `distilled`).
pub const OPTIMIZATION_TAGS: [&str; 3] = ["optimized", "pruned", "distilled"];
/// The tag that makes a level-4 card level 5.
pub const CERTIFIED_TAG: &str = "EcoCard";
/// What level 5 is, said wherever it is named: the study's name promises a certification that
/// nothing behind the tag provides.
pub const CERTIFIED_IS: &str = "the study's `EcoCard` tag criterion, not a certification";

impl Level {
    /// Every level, 0 to 5.
    pub const ALL: [Level; 6] = [
        Level::Unknown,
        Level::Context,
        Level::Basic,
        Level::Awareness,
        Level::Optimization,
        Level::Certified,
    ];
    /// The level's number, 0 to 5.
    pub fn number(self) -> u8 {
        self as u8
    }
    pub fn id(self) -> &'static str {
        LEVELS[self as usize].0
    }
    pub fn name(self) -> &'static str {
        LEVELS[self as usize].1
    }
    /// Parses an id (`awareness`) or a number (`3`).
    pub fn parse(s: &str) -> Option<Level> {
        let s = s.trim().to_ascii_lowercase();
        LEVELS
            .iter()
            .position(|(id, _)| *id == s)
            .or_else(|| s.parse::<usize>().ok())
            .and_then(|n| Level::ALL.get(n).copied())
    }
    /// `Basic Energy Reporting (2/5)`; level 5 says what it is (`Certified Energy Efficiency
    /// (5/5: the study's `EcoCard` tag criterion, not a certification)`).
    pub fn label(self) -> String {
        if self == Level::Certified {
            format!("{} ({}/5: {CERTIFIED_IS})", self.name(), self.number())
        } else {
            format!("{} ({}/5)", self.name(), self.number())
        }
    }
}

/// What to add to reach the next level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Next {
    /// The level reached (serialised as its id, `awareness`).
    #[serde(rename = "class", serialize_with = "level_id")]
    pub level: Level,
    pub needs: Vec<String>,
}

// serde's `serialize_with` passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn level_id<S: serde::Serializer>(l: &Level, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(l.id())
}

/// The classification with its evidence (the `reporting` object of the JSON output).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reporting {
    pub level: Level,
    pub class: &'static str,
    pub name: &'static str,
    pub co2_grams: Option<f64>,
    pub co2_from: Option<Origin>,
    pub hardware: Option<String>,
    pub hardware_from: Option<Origin>,
    /// `co2_eq_emissions.energy_consumed`: the measured energy in kWh (Sentence Transformers and
    /// SetFit write it from CodeCarbon).
    pub energy_kwh: Option<f64>,
    /// `co2_eq_emissions.hours_used`: the training's duration in hours.
    pub hours_used: Option<f64>,
    /// The documented `co2_eq_emissions` fields the metadata lacks.
    pub missing: Vec<&'static str>,
    pub next: Option<Next>,
}

/// Classifies a card. Levels 4 and 5 are reachable (the evident intent of the paper; its
/// replication code returns at level 2/3 first).
pub fn classify(f: &Facts) -> Reporting {
    let co2 = f.co2();
    let hw = f.hardware.as_ref();
    let optimized = OPTIMIZATION_TAGS.iter().any(|t| f.has_tag(t));
    let level = match (co2.is_some(), hw.is_some()) {
        (false, false) => Level::Unknown,
        (false, true) => Level::Context,
        (true, false) => Level::Basic,
        (true, true) if !optimized => Level::Awareness,
        (true, true) if !f.has_tag(CERTIFIED_TAG) => Level::Optimization,
        (true, true) => Level::Certified,
    };
    let missing: Vec<&'static str> = Co2Field::ALL
        .into_iter()
        .filter(|&field| !f.filled(field))
        .map(Co2Field::key)
        .collect();
    let next = match level {
        Level::Unknown => Some((Level::Basic, vec!["co2_eq_emissions.emissions".to_string()])),
        Level::Context => Some((
            Level::Awareness,
            vec!["co2_eq_emissions.emissions".to_string()],
        )),
        Level::Basic => Some((
            Level::Awareness,
            vec!["co2_eq_emissions.hardware_used".to_string()],
        )),
        Level::Awareness => Some((
            Level::Optimization,
            vec!["the tag optimized, pruned or distilled (where the model is)".to_string()],
        )),
        // Level 5 is a tag, not an achievement a card's facts show: no step is advised.
        Level::Optimization | Level::Certified => None,
    }
    .map(|(level, needs)| Next { level, needs });
    Reporting {
        level,
        class: level.id(),
        name: level.name(),
        co2_grams: co2.map(|c| c.0),
        co2_from: co2.map(|c| c.1),
        hardware: hw.map(|h| h.text.clone()),
        hardware_from: hw.map(|h| h.origin),
        energy_kwh: f.energy_kwh.map(|m| m.value),
        hours_used: f.hours_used.map(|m| m.value),
        missing,
        next,
    }
}

/// A measure at three significant digits, however small (a short run's `1.29e-05` kWh is
/// `0.0000129`, not `0`), without trailing zeros.
fn significant(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return fmt_num(x);
    }
    // Bounded: the value is a finite f64, so its magnitude is within ±324.
    let decimals = (2 - x.abs().log10().floor() as i32).clamp(0, 330) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

impl Reporting {
    /// What the generator measured besides the CO2: `energy 0.1102 kWh, 0.005 hours used`
    /// (`None` when the card states neither).
    pub fn measures(&self) -> Option<String> {
        let parts: Vec<String> = [
            self.energy_kwh
                .map(|e| format!("energy {} kWh", significant(e))),
            self.hours_used
                .map(|h| format!("{} hours used", significant(h))),
        ]
        .into_iter()
        .flatten()
        .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// The one-line verdict: `Basic Energy Reporting (2/5): add co2_eq_emissions.hardware_used
    /// to reach Energy Awareness`.
    pub fn verdict(&self) -> String {
        let here = self.level.label();
        match self.next_step() {
            Some(step) => format!("{here}: {step}"),
            None => here,
        }
    }

    /// What lifts the card one level: `add co2_eq_emissions.hardware_used to reach Energy
    /// Awareness`. At level 4 it says what level 5 is instead of advising a tag; `None` at 5.
    pub fn next_step(&self) -> Option<String> {
        if self.level == Level::Optimization {
            return Some(format!(
                "the top level a card's facts reach; level 5, {}, is {CERTIFIED_IS}",
                Level::Certified.name()
            ));
        }
        let n = self.next.as_ref()?;
        Some(format!(
            "add {} to reach {}",
            n.needs.join(" and "),
            n.level.name()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(tags: &str) -> Reporting {
        let text = format!(
            "---\nco2_eq_emissions:\n  emissions: 5\n  hardware_used: 1 x A100\ntags: [{tags}]\n---\n"
        );
        let card = crate::card::Card::parse(&text);
        classify(&crate::facts::collect(&card))
    }

    #[test]
    fn level_five_is_a_tag_and_never_plain_advice() {
        let four = at("distilled");
        assert_eq!(four.level, Level::Optimization);
        assert_eq!(four.next, None);
        let v = four.verdict();
        assert!(
            v.contains("EcoCard` tag criterion, not a certification") && !v.contains("add"),
            "{v}"
        );
        let five = at("distilled, EcoCard");
        assert_eq!(five.level, Level::Certified);
        assert!(five.verdict().contains("not a certification"));
        assert!(Level::Certified.label().contains("not a certification"));
        assert!(!Level::Optimization.label().contains("certification"));
    }

    #[test]
    fn measures_keep_three_significant_digits() {
        assert_eq!(significant(1.292_737_199_279_229e-05), "0.0000129");
        assert_eq!(significant(0.1102), "0.11");
        assert_eq!(significant(0.041), "0.041");
        assert_eq!(significant(0.0), "0");
        assert_eq!(significant(1234.6), "1235");
        assert_eq!(significant(2.5), "2.5");
        assert!(significant(1e-300).starts_with("0.000") && significant(1e-300).ends_with('1'));
    }
}
