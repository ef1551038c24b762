//! The carbon-efficiency label A–E (SPEC §3): an index-and-percentile scheme relative to the
//! 1,419 reporting models of the 2023 study (Castaño et al., ESEM 2023).
//!
//! A pure function from facts to a label. The constants are the study's, frozen: they come from
//! the authors' replication package (`app/energy_label.py`, `HFEmissionsAnalysis.ipynb`) and
//! reproduce its label counts exactly (A 37, B 486, C 826, D 55, E 15 over `HFCO2.csv`).

use serde::Serialize;

mod explain;
mod inputs;
pub use explain::{evidence, how_to_supply, plain_name, shown_value};
pub use inputs::{
    gather, Beside, ColumnFacts, External, Fact, FlagFacts, HubFacts, Inputs, Provenance, CSV_NAME,
};

/// How CO2 is rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Reproduces the study's published labels: the raw CO2 index is compared with boundaries
    /// computed on `sqrt(index)`, so anything under about 209 g rates A on CO2.
    Paper,
    /// The study's intent, and the default: `sqrt(index)` is compared with those boundaries,
    /// as the boundaries were computed, so CO2 ratings spread over A–E relative to the Hub's
    /// reporting models.
    #[default]
    Corrected,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "paper" => Some(Mode::Paper),
            "corrected" => Some(Mode::Corrected),
            _ => None,
        }
    }
}

/// The five metrics of the label, in the study's order (serialised as the study's names, typos
/// included: `size_efficency`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MetricId {
    Co2,
    ModelSize,
    DatasetsSize,
    Downloads,
    Performance,
}

impl MetricId {
    pub const ALL: [MetricId; 5] = [
        MetricId::Co2,
        MetricId::ModelSize,
        MetricId::DatasetsSize,
        MetricId::Downloads,
        MetricId::Performance,
    ];
    /// The study's name: `co2_eq_emissions`, `size_efficency`, `datasets_size_efficency`,
    /// `downloads`, `performance_score`.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricId::Co2 => "co2_eq_emissions",
            MetricId::ModelSize => "size_efficency",
            MetricId::DatasetsSize => "datasets_size_efficency",
            MetricId::Downloads => "downloads",
            MetricId::Performance => "performance_score",
        }
    }
}

impl std::fmt::Display for MetricId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for MetricId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One metric of the label.
pub struct MetricDef {
    pub name: MetricId,
    pub weight: f64,
    pub higher_is_better: bool,
    /// The reference model's (distilgpt2) value; the index is value/ref or ref/value.
    pub reference: f64,
    /// Rating boundaries b0 > b1 > b2 > b3.
    pub bounds: [f64; 4],
}

/// The five metrics in the study's order (the order matters for the weighted sum).
pub const METRICS: [MetricDef; 5] = [
    MetricDef {
        name: MetricId::Co2,
        weight: 0.35,
        higher_is_better: false,
        reference: 149200.0,
        // Percentiles [20, 40, 60, 80] of sqrt(index).
        bounds: [
            714.7319382763578,
            287.3206928592824,
            147.83558845363243,
            72.891161400462,
        ],
    },
    MetricDef {
        name: MetricId::ModelSize,
        weight: 0.10,
        higher_is_better: true,
        reference: 2364.837238605898,
        bounds: [
            703521.395668811,
            138905.45874035914,
            43875.32352416312,
            11653.799847234555,
        ],
    },
    MetricDef {
        name: MetricId::DatasetsSize,
        weight: 0.10,
        higher_is_better: true,
        reference: 266551.5743699732,
        bounds: [
            119.17585294323575,
            12.95923138918398,
            5.318215864878103,
            0.7226821036817613,
        ],
    },
    MetricDef {
        name: MetricId::Downloads,
        weight: 0.25,
        higher_is_better: true,
        reference: 1172830.0,
        // Percentiles [60, 85, 94, 96].
        bounds: [
            7.332691012337679e-05,
            4.512162888057079e-05,
            1.7052769796134137e-05,
            5.115830938840241e-06,
        ],
    },
    MetricDef {
        name: MetricId::Performance,
        weight: 0.20,
        higher_is_better: true,
        // distilgpt2 has no score: the population median.
        reference: 0.8235253357723011,
        bounds: [
            1.1743974830244868,
            1.0865206250903061,
            0.9094910515965511,
            0.5815606170667225,
        ],
    },
];

/// The study's population size, for the "relative to" line.
pub const POPULATION: usize = 1419;

/// A label resting on fewer metrics than this is provisional: a CO2-only (or CO2 and one
/// other) letter, which one more fact can move by two classes.
pub const FIRM_METRICS: usize = 3;

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Paper => "paper",
            Mode::Corrected => "corrected",
        }
    }
    /// `, paper mode` where the mode is not the default, for the one-line verdicts (the default
    /// is not named on every card).
    pub fn suffix(self) -> &'static str {
        match self {
            Mode::Paper => ", paper mode",
            Mode::Corrected => "",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    pub name: MetricId,
    pub value: Option<f64>,
    pub index: Option<f64>,
    pub rating: Option<Grade>,
    /// The renormalised weight, where the metric was rated.
    pub weight: Option<f64>,
    pub from: Option<Provenance>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Efficiency {
    pub class: Option<Grade>,
    pub mode: Mode,
    /// The weighted rating before rounding (0 = A … 4 = E).
    pub score: Option<f64>,
    pub metrics_used: usize,
    /// The class rests on fewer than [`FIRM_METRICS`] of the 5 metrics (`false` without a
    /// class).
    pub provisional: bool,
    pub metrics: Vec<Metric>,
    /// The weight files the model size was read from (empty when it came from elsewhere).
    pub model_files: Vec<String>,
    /// The performance score is the harmonic mean of one card's raw values (an approximation).
    pub performance_approximate: bool,
}

/// A class or a rating of the label, A (best) to E (worst).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    A,
    B,
    C,
    D,
    E,
}

impl Grade {
    pub const ALL: [Grade; 5] = [Grade::A, Grade::B, Grade::C, Grade::D, Grade::E];
    /// 0 for A … 4 for E.
    pub fn index(self) -> usize {
        self as usize
    }
    /// The grade of a rating 0..=4 (higher values are E).
    pub fn from_index(i: usize) -> Grade {
        Grade::ALL[i.min(4)]
    }
    pub fn letter(self) -> char {
        ['A', 'B', 'C', 'D', 'E'][self.index()]
    }
    /// `A`–`E`, either case.
    pub fn parse(s: &str) -> Option<Grade> {
        match s.trim().to_ascii_uppercase().as_str() {
            "A" => Some(Grade::A),
            "B" => Some(Grade::B),
            "C" => Some(Grade::C),
            "D" => Some(Grade::D),
            "E" => Some(Grade::E),
            _ => None,
        }
    }
}

/// The A–E scale as text, the card's class (if any) written by `marked` and the others by
/// `plain`, joined by `sep`: one definition for every format that prints the scale.
pub fn scale(
    class: Option<Grade>,
    marked: impl Fn(Grade) -> String,
    plain: impl Fn(Grade) -> String,
    sep: &str,
) -> String {
    Grade::ALL
        .map(|g| {
            if Some(g) == class {
                marked(g)
            } else {
                plain(g)
            }
        })
        .join(sep)
}

impl std::fmt::Display for Grade {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.letter())
    }
}

impl Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_char(self.letter())
    }
}

/// The rating 0..=4 of an index: the first interval `lower < index <= upper` among
/// `(b0, inf], (b1, b0], (b2, b1], (b3, b2], (0, b3]`; an index that fits none gets 4.
pub fn rate(index: f64, b: &[f64; 4]) -> usize {
    let edges = [f64::INFINITY, b[0], b[1], b[2], b[3], 0.0];
    (0..5)
        .find(|&i| edges[i + 1] < index && index <= edges[i])
        .unwrap_or(4)
}

/// Computes the label (SPEC §3.2). NaN values count as missing, as in pandas.
pub fn label(inputs: &Inputs, mode: Mode) -> Efficiency {
    let values = inputs.metric_values();
    let from = inputs.sources();
    let mut metrics = Vec::with_capacity(5);
    let mut rated: Vec<(usize, f64)> = Vec::new();
    for (i, def) in METRICS.iter().enumerate() {
        let value = values[i].filter(|v| !v.is_nan());
        let index = value.map(|v| {
            if def.higher_is_better {
                v / def.reference
            } else {
                def.reference / v
            }
        });
        let rating = index.map(|x| {
            let x = if i == 0 && mode == Mode::Corrected {
                x.sqrt()
            } else {
                x
            };
            rate(x, &def.bounds)
        });
        if rating.is_some() {
            rated.push((i, def.weight));
        }
        metrics.push(Metric {
            name: def.name,
            value,
            index,
            rating: rating.map(Grade::from_index),
            weight: None,
            from: if value.is_some() { from[i] } else { None },
        });
    }
    let total: f64 = rated.iter().map(|(_, w)| w).sum();
    let mut score = None;
    // A carbon-efficiency label needs a carbon figure: the study labelled only models that
    // report CO2, and without it the size and dataset metrics cannot exist either. Without one
    // the other metrics are still rated and shown, but no class is given.
    let has_co2 = metrics[0].rating.is_some();
    if has_co2 {
        let mut s = 0.0;
        for &(i, w) in &rated {
            // Renormalise first, then multiply: the order of operations decides 51 x.5 rows.
            let w = w / total;
            metrics[i].weight = Some(w);
            let r = metrics[i].rating.map_or(4, Grade::index);
            s += r as f64 * w;
        }
        score = Some(s);
    }
    Efficiency {
        class: score.map(|s| Grade::from_index(s.round_ties_even() as usize)),
        mode,
        score,
        metrics_used: rated.len(),
        provisional: score.is_some() && rated.len() < FIRM_METRICS,
        metrics,
        model_files: inputs
            .model_size
            .as_ref()
            .map(|f| f.files.clone())
            .unwrap_or_default(),
        performance_approximate: inputs.performance.as_ref().is_some_and(|f| f.approximate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_upper_inclusive() {
        let b = [4.0, 3.0, 2.0, 1.0];
        assert_eq!(rate(f64::INFINITY, &b), 0);
        assert_eq!(rate(4.0, &b), 1);
        assert_eq!(rate(4.5, &b), 0);
        assert_eq!(rate(1.0, &b), 4);
        assert_eq!(rate(0.0, &b), 4);
        assert_eq!(rate(-1.0, &b), 4);
    }

    #[test]
    fn no_co2_no_label() {
        let i = Inputs {
            performance: Fact::given(0.9),
            downloads: Fact::given(1e6),
            ..Default::default()
        };
        let e = label(&i, Mode::Paper);
        assert_eq!((e.class, e.score), (None, None));
        assert!(e.metrics[4].rating.is_some() && e.metrics[3].rating.is_some());
    }

    #[test]
    fn no_ratings_no_label_and_modes_differ() {
        let e = label(&Inputs::default(), Mode::Paper);
        assert_eq!((e.class, e.metrics_used, e.score), (None, 0, None));
        let i = Inputs {
            co2: Fact::given(200.0),
            ..Default::default()
        };
        assert_eq!(label(&i, Mode::Paper).class, Some(Grade::A));
        // sqrt(149200/200) = 27.3: below b3, rating E.
        assert_eq!(label(&i, Mode::Corrected).class, Some(Grade::E));
    }

    #[test]
    fn corrected_is_the_default_and_thin_labels_are_provisional() {
        assert_eq!(Mode::default(), Mode::Corrected);
        let co2 = |g| Inputs {
            co2: Fact::given(g),
            ..Default::default()
        };
        let one = label(&co2(126.0), Mode::default());
        assert_eq!(
            (one.class, one.metrics_used, one.provisional),
            (Some(Grade::E), 1, true)
        );
        let two = label(
            &Inputs {
                downloads: Fact::given(1e7),
                ..co2(126.0)
            },
            Mode::Corrected,
        );
        assert!(two.provisional && two.metrics_used == 2);
        let three = label(
            &Inputs {
                downloads: Fact::given(1e7),
                performance: Fact::given(0.9),
                ..co2(126.0)
            },
            Mode::Corrected,
        );
        assert!(!three.provisional && three.metrics_used == 3);
        // No class, nothing provisional about it.
        let none = label(
            &Inputs {
                downloads: Fact::given(1e7),
                ..Default::default()
            },
            Mode::Corrected,
        );
        assert!(none.class.is_none() && !none.provisional);
    }
}
