//! The Hub's answers, read as they stream past: only the fields cardlint uses are kept, and
//! serde skips everything else without building it (a whole JSON tree of a 16 MiB listing
//! would take about 1 GB). Of a model's file listing only the top-level `.bin` and
//! `.safetensors` files are kept, the only ones [`crate::repo::choose_weights`] can pick.
//!
//! Every field is lenient as a `serde_json::Value` lookup was: a field of another JSON type
//! than expected is skipped, never an error; only an answer that is not a JSON object is.

use std::collections::hash_map::{Entry, HashMap};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{value::MapAccessDeserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::ModelFacts;
use crate::class::efficiency::{Fact, Provenance};

/// What a lenient field keeps of one kind of JSON value; a value of any other kind is read
/// past (its contents dropped as they are parsed).
trait Pick: Sized {
    fn number(_: f64) -> Option<Self> {
        None
    }
    fn string(_: &str) -> Option<Self> {
        None
    }
    fn map<'de, A: MapAccess<'de>>(mut a: A) -> Result<Option<Self>, A::Error> {
        while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn seq<'de, A: SeqAccess<'de>>(mut a: A) -> Result<Option<Self>, A::Error> {
        while a.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
}

/// A field that is `Some` only where the answer holds the kind of value `T` picks.
struct Lenient<T>(Option<T>);

impl<T> Default for Lenient<T> {
    fn default() -> Self {
        Lenient(None)
    }
}

impl<'de, T: Pick> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Pick> Visitor<'de> for V<T> {
            type Value = Lenient<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Lenient(T::number(n as f64)))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
                Ok(Lenient(T::number(n as f64)))
            }
            fn visit_f64<E>(self, n: f64) -> Result<Self::Value, E> {
                Ok(Lenient(T::number(n)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Lenient(T::string(s)))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Lenient(None))
            }
            fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
                T::map(a).map(Lenient)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
                T::seq(a).map(Lenient)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

/// A non-negative finite number.
impl Pick for f64 {
    fn number(n: f64) -> Option<f64> {
        (n.is_finite() && n >= 0.0).then_some(n)
    }
}

impl Pick for String {
    fn string(s: &str) -> Option<String> {
        Some(s.to_string())
    }
}

/// A JSON object read as the struct `T` (whose fields are all lenient, so it never fails).
macro_rules! pick_object {
    ($t:ty) => {
        impl Pick for $t {
            fn map<'de, A: MapAccess<'de>>(a: A) -> Result<Option<Self>, A::Error> {
                <$t>::deserialize(MapAccessDeserializer::new(a)).map(Some)
            }
        }
    };
}

/// A whole answer: a JSON object read as `T` (an array, which serde would read as a struct's
/// fields in order, is refused).
fn object<T: Pick>(body: &[u8]) -> Result<T, String> {
    struct V<T>(PhantomData<T>);
    impl<'de, T: Pick> Visitor<'de> for V<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON object")
        }
        fn visit_map<A: MapAccess<'de>>(self, a: A) -> Result<Self::Value, A::Error> {
            T::map(a)
        }
    }
    let mut d = serde_json::Deserializer::from_slice(body);
    let v = d
        .deserialize_map(V(PhantomData))
        .and_then(|v| d.end().map(|()| v))
        .map_err(|e| e.to_string())?;
    v.ok_or_else(|| "not a JSON object".to_string())
}

/// `GET /api/models/{id}?blobs=true`, the fields used.
#[derive(Deserialize)]
struct ModelInfo {
    #[serde(default)]
    downloads: Lenient<f64>,
    #[serde(default)]
    siblings: Lenient<Weights>,
}
pick_object!(ModelInfo);

/// One entry of `siblings`.
#[derive(Deserialize)]
struct Sibling {
    #[serde(default)]
    rfilename: Lenient<String>,
    #[serde(default)]
    size: Lenient<f64>,
    #[serde(default)]
    lfs: Lenient<Lfs>,
}
pick_object!(Sibling);

#[derive(Deserialize)]
struct Lfs {
    #[serde(default)]
    size: Lenient<f64>,
}
pick_object!(Lfs);

/// The listing's candidate weight files and their sizes, in the listing's order: files at the
/// repository's top level (as in a checkout) ending in `.bin` or `.safetensors`; each file's
/// LFS size where it is an LFS file, else its size.
struct Weights(Vec<(String, f64)>);

impl Pick for Weights {
    fn seq<'de, A: SeqAccess<'de>>(mut a: A) -> Result<Option<Self>, A::Error> {
        let mut files = Vec::new();
        while let Some(Lenient(s)) = a.next_element::<Lenient<Sibling>>()? {
            let Some(Sibling {
                rfilename: Lenient(Some(name)),
                size,
                lfs,
            }) = s
            else {
                continue;
            };
            if name.contains('/') || !(name.ends_with(".bin") || name.ends_with(".safetensors")) {
                continue;
            }
            if let Some(n) = lfs.0.and_then(|l| l.size.0).or(size.0) {
                files.push((name, n));
            }
        }
        Ok(Some(Weights(files)))
    }
}

/// The facts of `GET /api/models/{id}?blobs=true`, or why the answer cannot be read.
pub fn model_facts(body: &[u8]) -> Result<ModelFacts, String> {
    let info: ModelInfo = object(body)?;
    Ok(ModelFacts {
        downloads: info.downloads.0.map(|n| Fact::new(n, Provenance::Hub)),
        model_size: weights_fact(&info.siblings.0.map(|w| w.0).unwrap_or_default()),
    })
}

/// The model size from a listing's weight files by the study's rule, in linear time: a name
/// listed twice counts once (its first size).
fn weights_fact(files: &[(String, f64)]) -> Option<Fact> {
    let mut sizes: HashMap<&str, f64> = HashMap::with_capacity(files.len());
    let mut names = Vec::with_capacity(files.len());
    for (name, size) in files {
        if let Entry::Vacant(e) = sizes.entry(name.as_str()) {
            e.insert(*size);
            names.push(name.as_str());
        }
    }
    let chosen = crate::repo::choose_weights(&names);
    if chosen.is_empty() {
        return None;
    }
    let total = chosen.iter().map(|n| sizes[n]).sum();
    Some(Fact {
        files: chosen.iter().map(|s| (*s).to_string()).collect(),
        ..Fact::new(total, Provenance::Hub)
    })
}

/// `GET /api/datasets/{id}`, the fields used.
#[derive(Deserialize)]
struct DatasetAnswer {
    #[serde(default, rename = "cardData")]
    card_data: Lenient<CardData>,
}
pick_object!(DatasetAnswer);

#[derive(Deserialize)]
struct CardData {
    #[serde(default)]
    dataset_info: Lenient<DatasetInfo>,
}
pick_object!(CardData);

#[derive(Deserialize)]
struct Config {
    #[serde(default)]
    dataset_size: Lenient<f64>,
}
pick_object!(Config);

/// `dataset_info`: one config's `dataset_size`, or the sum over a list of configs.
struct DatasetInfo(Option<f64>);

impl Pick for DatasetInfo {
    fn map<'de, A: MapAccess<'de>>(a: A) -> Result<Option<Self>, A::Error> {
        let c = Config::deserialize(MapAccessDeserializer::new(a))?;
        Ok(Some(DatasetInfo(c.dataset_size.0)))
    }
    fn seq<'de, A: SeqAccess<'de>>(mut a: A) -> Result<Option<Self>, A::Error> {
        let mut total = 0.0;
        while let Some(Lenient(c)) = a.next_element::<Lenient<Config>>()? {
            total += c.and_then(|c| c.dataset_size.0).unwrap_or(0.0);
        }
        Ok(Some(DatasetInfo(Some(total))))
    }
}

/// `cardData.dataset_info.dataset_size` of `GET /api/datasets/{id}`; where `dataset_info` is a
/// list of configs, the sum of theirs (the study read the key of a single mapping; a list
/// would have given it no size). `Ok(None)` when there is no positive size.
pub fn dataset_size(body: &[u8]) -> Result<Option<f64>, String> {
    let a: DatasetAnswer = object(body)?;
    let total = a
        .card_data
        .0
        .and_then(|c| c.dataset_info.0)
        .and_then(|i| i.0);
    Ok(total.filter(|t| *t > 0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn facts(v: &serde_json::Value) -> ModelFacts {
        model_facts(v.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn model_facts_follow_the_study() {
        let v = json!({"downloads": 1234, "siblings": [
            {"rfilename": "pytorch_model.bin", "size": 134, "lfs": {"size": 500000000}},
            {"rfilename": "model.safetensors", "size": 400000000},
            {"rfilename": "sub/pytorch_model.bin", "size": 1}
        ]});
        let f = facts(&v);
        assert_eq!(f.downloads.unwrap().value, 1234.0);
        let s = f.model_size.unwrap();
        assert_eq!(
            (s.value, s.files),
            (5e8, vec!["pytorch_model.bin".to_string()])
        );
        let v = json!({"siblings": [
            {"rfilename": "model-00001-of-00002.safetensors", "lfs": {"size": 3}},
            {"rfilename": "model-00002-of-00002.safetensors", "lfs": {"size": 4}},
            {"rfilename": "model-00002-of-00002.safetensors", "lfs": {"size": 4}}
        ]});
        let s = facts(&v).model_size.unwrap();
        assert_eq!((s.value, s.files.len()), (7.0, 2));
        assert_eq!(facts(&json!({"downloads": -1})), ModelFacts::default());
    }

    #[test]
    fn fields_of_another_type_are_skipped_and_only_objects_are_answers() {
        let v = json!({"downloads": "many", "extra": {"deep": [[1, {"a": null}]]},
            "siblings": [3, "x", {"rfilename": 7, "size": 1},
                {"rfilename": "model.safetensors", "size": "big", "lfs": [1]},
                {"rfilename": "b.safetensors", "size": 5, "lfs": {"size": null}}]});
        let f = facts(&v);
        assert_eq!(f.downloads, None);
        assert_eq!(
            f.model_size.unwrap().files,
            vec!["b.safetensors".to_string()]
        );
        assert_eq!(facts(&json!({"siblings": {"a": 1}})), ModelFacts::default());
        for bad in ["[]", "1", "\"x\"", "{", ""] {
            assert!(model_facts(bad.as_bytes()).is_err(), "{bad}");
            assert!(dataset_size(bad.as_bytes()).is_err(), "{bad}");
        }
    }

    #[test]
    fn dataset_sizes() {
        let size = |v: serde_json::Value| dataset_size(v.to_string().as_bytes()).unwrap();
        assert_eq!(
            size(json!({"cardData": {"dataset_info": {"dataset_size": 1000}}})),
            Some(1000.0)
        );
        assert_eq!(
            size(
                json!({"cardData": {"dataset_info": [{"dataset_size": 1}, {"dataset_size": 2}, {}, 5]}})
            ),
            Some(3.0)
        );
        assert_eq!(size(json!({"cardData": {}})), None);
        assert_eq!(size(json!({"cardData": "x"})), None);
        assert_eq!(
            size(json!({"cardData": {"dataset_info": {"dataset_size": 0}}})),
            None
        );
    }

    #[test]
    fn a_listing_of_many_weight_files_is_summed_in_linear_time() {
        let n = 200_000;
        let files: Vec<(String, f64)> = (0..n)
            .map(|i| (format!("model-{i:06}-of-{n}.safetensors"), 1.0))
            .collect();
        let f = weights_fact(&files).unwrap();
        assert_eq!((f.value, f.files.len()), (n as f64, n));
    }
}
