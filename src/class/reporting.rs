//! The reporting classification (SPEC §2): levels 0–5 with their evidence and the next step.

use serde::Serialize;

use crate::facts::{Co2Field, Facts, Origin};

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
    /// `Basic Energy Reporting (2/5)`.
    pub fn label(self) -> String {
        format!("{} ({}/5)", self.name(), self.number())
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
        Level::Optimization => Some((Level::Certified, vec![format!("the tag {CERTIFIED_TAG}")])),
        Level::Certified => None,
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
        missing,
        next,
    }
}

impl Reporting {
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
    /// Awareness` (`None` at the top).
    pub fn next_step(&self) -> Option<String> {
        let n = self.next.as_ref()?;
        Some(format!(
            "add {} to reach {}",
            n.needs.join(" and "),
            n.level.name()
        ))
    }
}
