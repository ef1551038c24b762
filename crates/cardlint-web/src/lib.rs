//! cardlint in the browser: the pure core (no file system, threads, clock or network) behind
//! a few functions the page calls through wasm-bindgen. The logic is plain Rust ([`lint`],
//! [`fix`], [`label_svg`], [`rule_docs`], [`model_id`], [`datasets`]), tested natively with
//! `cargo test -p cardlint-web`; the `#[wasm_bindgen]` exports only wrap it.
//!
//! Arguments, as the page passes them:
//! - `options`: a JSON object with the keys of `cardlint.toml` (`select`, `ignore`,
//!   `severity`, `min-reporting-class`, `min-efficiency-class`, `fail-on`, `efficiency-mode`)
//!   read and checked exactly as that file is, plus `path` (the card's name in the report,
//!   default `README.md`) and `unsafe-fixes` (a boolean, for [`fix`]). `""` means `{}`.
//! - `facts`: a JSON object with what the command line's flags and the Hub supply:
//!   `model-size`, `datasets-size`, `downloads`, `performance-score` (numbers, as the flags),
//!   `hub-model` (the Hub API's answer for the model, `GET /api/models/ID?blobs=true`),
//!   `hub-datasets` (an object from each dataset id to `GET /api/datasets/ID`'s answer, or
//!   `null` where it failed) and `hub-problems` (strings: what could not be read). `""` means
//!   `{}`.

use std::path::Path;

use cardlint::class::efficiency::{Fact, HubFacts, Provenance};
use cardlint::config::{self, FlagFacts, Overrides, Settings};
use cardlint::External;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

/// A card's name in the report when the options give none.
const DEFAULT_PATH: &str = "README.md";
/// At most this many datasets' sizes are asked of the Hub (as the command line).
pub const MAX_DATASETS: usize = 32;

/// Settings, the card's name and the fix mode from the options' JSON.
struct Opts {
    settings: Settings,
    path: String,
    unsafe_fixes: bool,
}

fn object(json: &str, what: &str) -> Result<Map<String, Value>, String> {
    if json.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(format!("{what}: expected a JSON object")),
        Err(e) => Err(format!("{what}: {e}")),
    }
}

fn options(options_json: &str, facts_json: &str) -> Result<Opts, String> {
    let mut m = object(options_json, "options")?;
    let path = match m.remove("path") {
        None | Some(Value::Null) => DEFAULT_PATH.to_string(),
        Some(Value::String(s)) if !s.trim().is_empty() => s,
        Some(_) => return Err("options: `path` must be a non-empty string".into()),
    };
    let unsafe_fixes = match m.remove("unsafe-fixes") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => b,
        Some(_) => return Err("options: `unsafe-fixes` must be true or false".into()),
    };
    m.retain(|_, v| !v.is_null());
    // The rest is a cardlint.toml: written as TOML and read by the same code, so that its keys,
    // checks and messages are the file's.
    let toml;
    let fc;
    let name = Path::new("cardlint.toml");
    let file = if m.is_empty() {
        None
    } else {
        toml = toml_text(&m)?;
        fc = config::parse(name, &toml)
            .map_err(|e| format!("options: {e}"))?
            .unwrap_or_default();
        Some((name, toml.as_str(), &fc))
    };
    let ov = Overrides {
        facts: flag_facts(&object(facts_json, "facts")?)?,
        ..Overrides::default()
    };
    let settings = config::resolve_text(file, &ov).map_err(|e| format!("options: {e}"))?;
    Ok(Opts {
        settings: settings.for_path(Path::new(&path)),
        path,
        unsafe_fixes,
    })
}

/// The options' object as TOML text (a JSON `null` drops its key: TOML has no null).
fn toml_text(m: &Map<String, Value>) -> Result<String, String> {
    let v: toml::Value =
        serde_json::from_value(Value::Object(m.clone())).map_err(|e| format!("options: {e}"))?;
    toml::to_string(&v).map_err(|e| format!("options: {e}"))
}

fn number(m: &Map<String, Value>, key: &str) -> Result<Option<f64>, String> {
    match m.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .map(Some)
            .ok_or_else(|| format!("facts: `{key}` must be a non-negative number")),
    }
}

fn flag_facts(m: &Map<String, Value>) -> Result<FlagFacts, String> {
    let score = number(m, "performance-score")?;
    if score.is_some_and(|s| s > 1.0) {
        return Err("facts: `performance-score` must be between 0 and 1".into());
    }
    Ok(FlagFacts {
        model_size: number(m, "model-size")?,
        datasets_size: number(m, "datasets-size")?,
        downloads: number(m, "downloads")?,
        performance_score: score,
    })
}

/// The Hub's facts from the API answers the page fetched, read by the command line's code.
fn hub_facts(facts_json: &str, text: &str) -> Result<HubFacts, String> {
    let m = object(facts_json, "facts")?;
    let mut out = HubFacts::default();
    // The answers are read by the command line's own reader of them (as bytes, as it reads).
    let bytes = |v: &Value| serde_json::to_vec(v).unwrap_or_default();
    if let Some(model) = m.get("hub-model").filter(|v| !v.is_null()) {
        match cardlint::hub::model_facts(&bytes(model)) {
            Ok(f) => {
                out.downloads = f.downloads;
                out.model_size = f.model_size;
            }
            Err(e) => out.problems.push(format!(
                "no downloads or model size from the Hub: its answer cannot be read ({})",
                cardlint::util::clip(&cardlint::report::safe_text(&e), 200)
            )),
        }
    }
    if let Some(Value::Object(answers)) = m.get("hub-datasets") {
        // The card's own datasets only, each once, summed where the Hub has a size.
        let mut total = 0.0;
        let mut files = Vec::new();
        for id in datasets_of(text) {
            let size = answers
                .get(&id)
                .and_then(|v| cardlint::hub::dataset_size(&bytes(v)).ok().flatten());
            if let Some(size) = size {
                total += size;
                files.push(id);
            }
        }
        out.datasets_size = (total > 0.0).then(|| Fact {
            files,
            ..Fact::new(total, Provenance::Hub)
        });
    }
    if let Some(Value::Array(p)) = m.get("hub-problems") {
        out.problems = p
            .iter()
            .filter_map(Value::as_str)
            .take(16)
            .map(|s| cardlint::util::clip(&cardlint::report::safe_text(s), 300).into_owned())
            .collect();
    }
    Ok(out)
}

fn external(facts_json: &str, text: &str) -> Result<External, String> {
    Ok(External {
        hub: hub_facts(facts_json, text)?,
        ..External::default()
    })
}

/// Lints a card: the JSON report, as `cardlint --format json` writes it.
pub fn lint(text: &str, options_json: &str, facts_json: &str) -> Result<String, String> {
    let o = options(options_json, facts_json)?;
    let ext = external(facts_json, text)?;
    let report = cardlint::lint(&o.path, text, &o.settings, &ext);
    Ok(cardlint::report::json::render(&[report]))
}

/// Fixes a card: `{"text": the fixed card, "diff": a unified diff, "fixed": [rule codes]}`
/// (`text` is the card unchanged and `diff` empty when nothing applies).
pub fn fix(text: &str, options_json: &str, facts_json: &str) -> Result<String, String> {
    let o = options(options_json, facts_json)?;
    let ext = external(facts_json, text)?;
    let f = cardlint::fix::fix(&o.path, text, &o.settings, &ext, o.unsafe_fixes)?;
    let diff = if f.text == text {
        String::new()
    } else {
        cardlint::fix::diff(&o.path, text, &f.text)
    };
    let mut fixed: Vec<&str> = f.applied.iter().map(|e| e.code).collect();
    fixed.sort_unstable();
    fixed.dedup();
    Ok(serde_json::json!({ "text": f.text, "diff": diff, "fixed": fixed }).to_string())
}

/// The card's efficiency label as an SVG document.
pub fn label_svg(text: &str, options_json: &str, facts_json: &str) -> Result<String, String> {
    let o = options(options_json, facts_json)?;
    let ext = external(facts_json, text)?;
    let report = cardlint::lint(&o.path, text, &o.settings, &ext);
    Ok(cardlint::report::label::svg(&report, None))
}

/// A rule's documentation (by code or name), as `cardlint explain` prints it: Markdown.
pub fn rule_docs(code: &str) -> Option<String> {
    cardlint::rules::lookup(code).map(|r| {
        format!(
            "{} ({}), default severity {}\n\n{}",
            r.code,
            r.name,
            r.severity.as_str(),
            r.docs
        )
    })
}

/// A model id as `hf://` reads it: `{"id": "ORG/NAME", "revision": null | "REV"}`, or why it
/// is not one. Only the characters the Hub allows pass, so an id never reaches another URL.
pub fn model_id(s: &str) -> Result<String, String> {
    let s = s.trim();
    let s = s.strip_prefix(cardlint::hub::SCHEME).unwrap_or(s);
    let m = cardlint::hub::ModelId::parse(s)?;
    Ok(serde_json::json!({ "id": m.id, "revision": m.revision }).to_string())
}

/// The card's datasets that are Hub ids (each once, at most [`MAX_DATASETS`]).
fn datasets_of(text: &str) -> Vec<String> {
    let card = cardlint::card::Card::parse(text);
    let mut out: Vec<String> = Vec::new();
    for d in cardlint::facts::datasets(&card) {
        if let Ok(m) = cardlint::hub::ModelId::parse(&d) {
            if m.revision.is_none() && !out.contains(&m.id) {
                out.push(m.id);
            }
        }
        if out.len() == MAX_DATASETS {
            break;
        }
    }
    out
}

/// [`datasets_of`] as a JSON list: the datasets whose sizes the page asks the Hub for.
pub fn datasets(text: &str) -> String {
    Value::from(datasets_of(text)).to_string()
}

fn js(r: Result<String, String>) -> Result<String, JsValue> {
    r.map_err(|e| JsValue::from_str(&e))
}

/// `lint(text, options, facts)` → the JSON report.
#[wasm_bindgen(js_name = lint)]
pub fn lint_js(text: &str, options: &str, facts: &str) -> Result<String, JsValue> {
    js(lint(text, options, facts))
}

/// `fix(text, options, facts)` → `{"text", "diff", "fixed"}` as JSON.
#[wasm_bindgen(js_name = fix)]
pub fn fix_js(text: &str, options: &str, facts: &str) -> Result<String, JsValue> {
    js(fix(text, options, facts))
}

/// `labelSvg(text, options, facts)` → the SVG.
#[wasm_bindgen(js_name = labelSvg)]
pub fn label_svg_js(text: &str, options: &str, facts: &str) -> Result<String, JsValue> {
    js(label_svg(text, options, facts))
}

/// `ruleDocs(code)` → Markdown, or `undefined` for an unknown rule.
#[wasm_bindgen(js_name = ruleDocs)]
pub fn rule_docs_js(code: &str) -> Option<String> {
    rule_docs(code)
}

/// `modelId(s)` → `{"id", "revision"}` as JSON; throws why `s` is not a model id.
#[wasm_bindgen(js_name = modelId)]
pub fn model_id_js(s: &str) -> Result<String, JsValue> {
    js(model_id(s))
}

/// `datasets(text)` → the card's dataset ids as a JSON list.
#[wasm_bindgen(js_name = datasets)]
pub fn datasets_js(text: &str) -> String {
    datasets(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CARD: &str = "---\nlicense: apache-2.0\nco2_eq_emissions:\n  emissions: \"1.71 kg\"\n  source: CodeCarbon\n  training_type: pre-training\n  geographical_location: Singapore\n  hardware_used: 4 x NVIDIA A100-SXM4-80GB\ndatasets:\n- acme/corpus\n- acme/corpus\n- not a hub id\n---\n\n# tiny-llama-pt\n";

    fn report(text: &str, options: &str, facts: &str) -> Value {
        serde_json::from_str(&lint(text, options, facts).unwrap()).unwrap()
    }

    fn codes(r: &Value) -> Vec<String> {
        r["cards"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn lint_is_the_json_format_of_the_command_line() {
        let out = lint(CARD, "", "").unwrap();
        let settings = Settings::default();
        let expected = cardlint::report::json::render(&[cardlint::lint(
            "README.md",
            CARD,
            &settings,
            &External::default(),
        )]);
        assert_eq!(out, expected);
        let r: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(r["version"], 1);
        assert_eq!(r["cards"][0]["reporting"]["level"], 3);
        assert!(codes(&r).contains(&"CL102".to_string()), "{out}");
        let d = &r["cards"][0]["diagnostics"].as_array().unwrap();
        let cl102 = d.iter().find(|d| d["code"] == "CL102").unwrap();
        assert_eq!(cl102["line"], 4);
    }

    #[test]
    fn options_are_the_config_file_keys() {
        let r = report(
            CARD,
            r#"{"ignore": ["CL102"], "path": "models/x/README.md"}"#,
            "",
        );
        assert!(!codes(&r).contains(&"CL102".to_string()));
        assert_eq!(r["cards"][0]["path"], "models/x/README.md");
        let r = report(CARD, r#"{"severity": {"CL102": "info"}}"#, "");
        let d = r["cards"][0]["diagnostics"].as_array().unwrap().clone();
        let cl102 = d.iter().find(|d| d["code"] == "CL102").unwrap();
        assert_eq!(cl102["severity"], "info");
        let pfi = r#"{"per-file-ignores": {"models/*/README.md": ["CL102"]}, "path": "#;
        let r = report(CARD, &format!("{pfi}\"models/x/README.md\"}}"), "");
        assert!(!codes(&r).contains(&"CL102".to_string()));
        let r = report(CARD, &format!("{pfi}\"other/README.md\"}}"), "");
        assert!(codes(&r).contains(&"CL102".to_string()));
        let r = report(CARD, r#"{"efficiency-mode": "paper"}"#, "");
        assert_eq!(r["cards"][0]["efficiency"]["mode"], "paper");
    }

    #[test]
    fn bad_options_and_facts_are_errors_not_panics() {
        let e = lint(CARD, r#"{"select": ["CL999"]}"#, "").unwrap_err();
        assert!(e.contains("CL999"), "{e}");
        let e = lint(CARD, r#"{"no-such-key": 1}"#, "").unwrap_err();
        assert!(e.contains("no-such-key"), "{e}");
        assert!(lint(CARD, "[1]", "").unwrap_err().contains("JSON object"));
        assert!(lint(CARD, "{", "").unwrap_err().starts_with("options:"));
        assert!(lint(CARD, "", r#"{"downloads": -1}"#)
            .unwrap_err()
            .contains("downloads"));
        assert!(lint(CARD, "", r#"{"performance-score": 2}"#).is_err());
        assert!(lint(CARD, r#"{"path": 3}"#, "").is_err());
        // A null drops the key (TOML has none).
        assert!(lint(CARD, r#"{"select": null}"#, "").is_ok());
    }

    #[test]
    fn facts_from_flags_and_the_hubs_answers_reach_the_label() {
        let metric = |r: &Value, name: &str| {
            r["cards"][0]["efficiency"]["metrics"]
                .as_array()
                .unwrap()
                .iter()
                .find(|m| m["name"] == name)
                .unwrap()
                .clone()
        };
        let none = report(CARD, "", "");
        assert_eq!(metric(&none, "downloads")["value"], Value::Null);
        let facts = json!({
            "hub-model": {"downloads": 1234, "siblings": [
                {"rfilename": "pytorch_model.bin", "size": 134, "lfs": {"size": 500_000_000}},
                {"rfilename": "model.safetensors", "size": 400_000_000}
            ]},
            "hub-datasets": {"acme/corpus": {"cardData": {"dataset_info": {"dataset_size": 2000}}},
                             "other/unlisted": {"cardData": {"dataset_info": {"dataset_size": 5}}}}
        })
        .to_string();
        let r = report(CARD, "", &facts);
        assert_eq!(metric(&r, "downloads")["value"], 1234.0);
        assert_eq!(metric(&r, "downloads")["from"], "hub");
        // Bytes per gram: 5e8 bytes (pytorch_model.bin, as the study) over 1710 g.
        let size = metric(&r, "size_efficency");
        assert_eq!(size["from"], "hub");
        assert_eq!(size["value"], 5e8 / 1710.0);
        // The card's own dataset, once; the one it does not list is not counted.
        let d = metric(&r, "datasets_size_efficency")["value"]
            .as_f64()
            .unwrap();
        assert!((d - 2000.0 / 1710.0).abs() < 1e-12, "{d}");
        let r = report(CARD, "", r#"{"downloads": 10}"#);
        assert_eq!(metric(&r, "downloads")["from"], "flag");
        let r = report(
            CARD,
            "",
            r#"{"hub-problems": ["the Hub said 404\u001b[31m"]}"#,
        );
        let msgs = r["cards"][0]["diagnostics"].to_string();
        assert!(msgs.contains("404"), "{msgs}");
        assert!(!msgs.contains('\u{1b}'), "{msgs}");
    }

    #[test]
    fn fix_gives_the_fixed_card_and_its_diff() {
        let out: Value = serde_json::from_str(&fix(CARD, "", "").unwrap()).unwrap();
        let text = out["text"].as_str().unwrap();
        assert!(text.contains("emissions: 1710"), "{text}");
        let diff = out["diff"].as_str().unwrap();
        assert!(
            diff.starts_with("--- a/README.md\n+++ b/README.md\n"),
            "{diff}"
        );
        assert!(diff.contains("-  emissions: \"1.71 kg\""), "{diff}");
        assert!(out["fixed"].as_array().unwrap().contains(&json!("CL102")));
        // Fixed again, nothing changes.
        let again: Value = serde_json::from_str(&fix(text, "", "").unwrap()).unwrap();
        assert_eq!(again["text"], text);
        assert_eq!(again["diff"], "");
    }

    #[test]
    fn the_label_is_an_svg_named_after_the_model() {
        let svg = label_svg(CARD, r#"{"path": "hf://acme/tiny-llama"}"#, "").unwrap();
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("tiny-llama-pt"), "{svg}");
        let hostile = "---\nmodel_name: \"<script>alert(1)</script>\"\n---\n";
        let svg = label_svg(hostile, "", "").unwrap();
        assert!(!svg.contains("<script>"), "{svg}");
    }

    #[test]
    fn rule_docs_by_code_or_name() {
        let d = rule_docs("CL102").unwrap();
        assert!(d.starts_with("CL102 ("), "{d}");
        let name = d[7..d.find(')').unwrap()].to_string();
        assert_eq!(rule_docs(&name), Some(d));
        assert_eq!(rule_docs("CL999"), None);
    }

    #[test]
    fn model_ids_follow_hf_rules() {
        assert_eq!(
            model_id(" hf://acme/tiny@main ").unwrap(),
            r#"{"id":"acme/tiny","revision":"main"}"#
        );
        assert_eq!(
            model_id("gpt2").unwrap(),
            r#"{"id":"gpt2","revision":null}"#
        );
        for bad in [
            "../x", "a/b/c", "acme/x?y", "acme/x#y", "", "acme/x@", "a/b@../c", "acme/ x",
        ] {
            assert!(model_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn datasets_are_the_cards_hub_ids_once() {
        assert_eq!(datasets(CARD), r#"["acme/corpus"]"#);
        assert_eq!(datasets("no front matter"), "[]");
    }
}
