//! The label's inputs, gathered in one place with where each came from: the card (metadata,
//! body, `model-index`), the repository beside it, the Hub, and the user's flags. Where several
//! sources give a metric, the most direct wins: a flag first, then the checkout's weight files,
//! then the Hub (model size); a flag, then the Hub (downloads, datasets size); a flag, then the
//! card's `model-index` (performance); the metadata's CO2 over the body's. A corpus dump's
//! columns (`--from-jsonl`) come after the flags and the checkout, before the Hub.

use serde::Serialize;

use crate::card::scalar::core12;
use crate::card::Card;
use crate::facts::{Facts, Origin};

/// Facts supplied on the command line for the efficiency label.
#[derive(Debug, Clone, Default)]
pub struct FlagFacts {
    pub model_size: Option<f64>,
    pub datasets_size: Option<f64>,
    pub downloads: Option<f64>,
    pub performance_score: Option<f64>,
}

/// Where one of the label's inputs came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Provenance {
    /// The card's `co2_eq_emissions` metadata.
    Metadata,
    /// The card's body (an Environmental Impact line, a CodeCarbon table).
    Body,
    /// A command-line flag.
    Flag,
    /// The weight files in the model repository.
    Repository,
    /// The card's `model-index` results.
    ModelIndex,
    /// The Hugging Face Hub (`--hub`, `hf://`).
    Hub,
    /// A column of the card's row in a corpus dump (`--from-jsonl`).
    Column,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Metadata => "metadata",
            Provenance::Body => "body",
            Provenance::Flag => "flag",
            Provenance::Repository => "repository",
            Provenance::ModelIndex => "model-index",
            Provenance::Hub => "hub",
            Provenance::Column => "column",
        }
    }
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One input of the label: its value, where it came from, and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub value: f64,
    pub from: Provenance,
    /// The files it was read from (the weight files of a model size).
    pub files: Vec<String>,
    /// An approximation of the study's metric (a performance score from one card's raw values).
    pub approximate: bool,
}

impl Fact {
    pub fn new(value: f64, from: Provenance) -> Fact {
        Fact {
            value,
            from,
            files: Vec::new(),
            approximate: false,
        }
    }
    /// A value given directly (a flag; in tests, a row of the study).
    pub fn given(value: f64) -> Option<Fact> {
        Some(Fact::new(value, Provenance::Flag))
    }
}

/// Facts from outside the card: the model repository's weight files, and the Hub's facts
/// where asked for.
#[derive(Debug, Clone, Default)]
pub struct External {
    /// The model size in bytes, with the weight files counted.
    pub model_size: Option<Fact>,
    pub hub: HubFacts,
    /// CodeCarbon's `emissions.csv` beside the card, and what it measured.
    pub codecarbon: Option<Beside>,
    /// The facts of the card's row in a corpus dump (`--from-jsonl`).
    pub columns: ColumnFacts,
}

/// Facts a corpus dump's row carries beside the card (`downloads`, `model_size`,
/// `datasets_size`), with [`Provenance::Column`].
#[derive(Debug, Clone, Default)]
pub struct ColumnFacts {
    pub model_size: Option<Fact>,
    pub datasets_size: Option<Fact>,
    pub downloads: Option<Fact>,
}

/// The Hub's facts about a card's model (`--hub`, `hf://`), and what could not be read there.
#[derive(Debug, Clone, Default)]
pub struct HubFacts {
    pub model_size: Option<Fact>,
    pub downloads: Option<Fact>,
    pub datasets_size: Option<Fact>,
    /// Each fact that could not be read, naming the model and why: a warning on the card.
    pub problems: Vec<String>,
}

/// The facts a label is computed from; each is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// Grams of CO2eq.
    pub co2: Option<Fact>,
    /// Bytes of the model's weights.
    pub model_size: Option<Fact>,
    /// Bytes of the training data.
    pub datasets_size: Option<Fact>,
    pub downloads: Option<Fact>,
    /// A score in [0, 1].
    pub performance: Option<Fact>,
}

/// Every input from its sources, the most direct first (see the module's docs).
pub fn gather(card: &Card, f: &Facts, flags: &FlagFacts, ext: &External) -> Inputs {
    let flag = |v: Option<f64>| v.map(|v| Fact::new(v, Provenance::Flag));
    let co2 = f.co2().map(|(g, origin)| {
        let from = match origin {
            Origin::Metadata => Provenance::Metadata,
            Origin::Body => Provenance::Body,
        };
        Fact::new(g, from)
    });
    let from_model_index = || {
        performance_from_model_index(card).map(|v| Fact {
            approximate: true,
            ..Fact::new(v, Provenance::ModelIndex)
        })
    };
    Inputs {
        co2,
        model_size: flag(flags.model_size)
            .or_else(|| ext.model_size.clone())
            .or_else(|| ext.columns.model_size.clone())
            .or_else(|| ext.hub.model_size.clone()),
        datasets_size: flag(flags.datasets_size)
            .or_else(|| ext.columns.datasets_size.clone())
            .or_else(|| ext.hub.datasets_size.clone()),
        downloads: flag(flags.downloads)
            .or_else(|| ext.columns.downloads.clone())
            .or_else(|| ext.hub.downloads.clone()),
        performance: flag(flags.performance_score).or_else(from_model_index),
    }
}

impl Inputs {
    fn all(&self) -> [Option<&Fact>; 5] {
        [
            self.co2.as_ref(),
            self.model_size.as_ref(),
            self.datasets_size.as_ref(),
            self.downloads.as_ref(),
            self.performance.as_ref(),
        ]
    }

    /// The five metric values, in [`super::METRICS`] order: CO2, size/CO2, datasets size/CO2,
    /// downloads, performance.
    pub fn metric_values(&self) -> [Option<f64>; 5] {
        let co2 = self.co2.as_ref().map(|f| f.value);
        let per_gram = |x: &Option<Fact>| match (x, co2) {
            (Some(x), Some(c)) => Some(x.value / c),
            _ => None,
        };
        [
            co2,
            per_gram(&self.model_size),
            per_gram(&self.datasets_size),
            self.downloads.as_ref().map(|f| f.value),
            self.performance.as_ref().map(|f| f.value),
        ]
    }

    /// Where each metric's input came from, in the same order.
    pub fn sources(&self) -> [Option<Provenance>; 5] {
        self.all().map(|f| f.map(|f| f.from))
    }
}

/// The harmonic mean of the accuracy, f1, rouge1 and rougeL values in [0, 1] that `model-index`
/// reports (the first of each type). An approximation of the study's score, which normalised
/// each metric over the whole population first.
pub fn performance_from_model_index(card: &Card) -> Option<f64> {
    let (y, _) = card.root_map()?;
    let (_, mi) = card.top("model-index")?;
    let mut found: [Option<f64>; 4] = [None; 4];
    for &m in y.items(mi).unwrap_or(&[]) {
        let Some((_, results)) = y
            .get(y.resolve(m), "results")
            .filter(|_| y.entries(m).is_some())
        else {
            continue;
        };
        for &r in y.items(results).unwrap_or(&[]) {
            let Some((_, metrics)) = y.entries(r).and_then(|_| y.get(y.resolve(r), "metrics"))
            else {
                continue;
            };
            for &mt in y.items(metrics).unwrap_or(&[]) {
                if y.entries(mt).is_none() {
                    continue;
                }
                let ty = y.get(mt, "type").and_then(|(_, t)| y.str(t)).unwrap_or("");
                let slot = match ty.to_ascii_lowercase().as_str() {
                    "accuracy" => 0,
                    "f1" => 1,
                    "rouge1" => 2,
                    "rougel" => 3,
                    _ => continue,
                };
                let v = y
                    .get(mt, "value")
                    .and_then(|(_, v)| y.str(v))
                    .and_then(|s| core12(s).as_f64());
                if let Some(v) = v.filter(|v| (0.0..=1.0).contains(v) && *v > 0.0) {
                    found[slot].get_or_insert(v);
                }
            }
        }
    }
    let vals: Vec<f64> = found.iter().flatten().copied().collect();
    if vals.is_empty() {
        return None;
    }
    Some(vals.len() as f64 / vals.iter().map(|v| 1.0 / v).sum::<f64>())
}

/// The file CodeCarbon writes (`fill` reads it; the walk notes it beside a card).
pub const CSV_NAME: &str = "emissions.csv";

/// What an `emissions.csv` beside the card measured (its last run), where it reads (read by
/// `fill::beside` at the edge, once a folder).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Beside {
    pub hardware: Option<String>,
    pub location: Option<String>,
}
