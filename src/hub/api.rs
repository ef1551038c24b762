//! What the Hub's API answers mean, read without the network: a model's downloads and weight
//! sizes, a dataset's size. The command line's client ([`super::Hub`]) and the browser page
//! (which fetches the same JSON itself) both read the answers here.

use serde_json::Value;

use crate::class::efficiency::{Fact, Provenance};

/// A model's facts on the Hub.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelFacts {
    pub downloads: Option<Fact>,
    /// The size of its weights, by the study's rule ([`crate::repo::choose_weights`]).
    pub model_size: Option<Fact>,
}

/// A non-negative finite number from a JSON value.
fn size_of(v: &Value) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite() && *n >= 0.0)
}

/// The facts of `GET /api/models/{id}?blobs=true`.
pub fn model_facts(v: &Value) -> ModelFacts {
    let downloads = v
        .get("downloads")
        .and_then(size_of)
        .map(|n| Fact::new(n, Provenance::Hub));
    // Each file's size: its LFS size where it is an LFS file, else its size.
    let files: Vec<(String, f64)> = v
        .get("siblings")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(|f| {
                    let name = f.get("rfilename")?.as_str()?;
                    let size = f
                        .get("lfs")
                        .and_then(|l| l.get("size"))
                        .and_then(size_of)
                        .or_else(|| f.get("size").and_then(size_of))?;
                    Some((name.to_string(), size))
                })
                .collect()
        })
        .unwrap_or_default();
    // Files at the repository's top level only, as in a checkout.
    let top: Vec<&str> = files
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.contains('/'))
        .collect();
    let chosen = crate::repo::choose_weights(&top);
    let model_size = (!chosen.is_empty()).then(|| {
        let total = files
            .iter()
            .filter(|(n, _)| chosen.contains(&n.as_str()))
            .map(|(_, s)| s)
            .sum();
        Fact {
            files: chosen.iter().map(|s| (*s).to_string()).collect(),
            ..Fact::new(total, Provenance::Hub)
        }
    });
    ModelFacts {
        downloads,
        model_size,
    }
}

/// `cardData.dataset_info.dataset_size` of `GET /api/datasets/{id}`; where `dataset_info` is a
/// list of configs, the sum of theirs (the study read the key of a single mapping; a list
/// would have given it no size).
pub fn dataset_size(v: &Value) -> Option<f64> {
    let info = v.get("cardData")?.get("dataset_info")?;
    let total = match info {
        Value::Array(configs) => configs
            .iter()
            .filter_map(|c| c.get("dataset_size").and_then(size_of))
            .sum(),
        _ => info.get("dataset_size").and_then(size_of)?,
    };
    (total > 0.0).then_some(total)
}
