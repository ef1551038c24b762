//! The one place the server calls the linter: everything here is the library the CLI uses
//! (planning a card's settings, linting, the fixes' edits, `--fix`, the rule docs, the verdict
//! lines). Nothing is linted, fixed or formatted twice; a change to the library's entry points
//! is adapted here and nowhere else.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::config::{self, Overrides};
use crate::edit::Edit;
use crate::lint::{CardReport, External};
use crate::pipeline::{self, Job, Options};
use crate::rules::{self, Rule};

/// The client's settings (`initializationOptions` or `workspace/didChangeConfiguration`,
/// either bare or under a `cardlint` key). Names follow the CLI's flags in camelCase.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub efficiency_mode: Option<String>,
    pub min_reporting_class: Option<String>,
    pub min_efficiency_class: Option<String>,
    /// Ask the Hub (off unless configured here or in the config file).
    pub hub: bool,
    pub hub_id: Option<String>,
    /// File names that are cards (`--include`); default `README.md`.
    pub include: Option<Vec<String>>,
    /// Offer unsafe fixes in `source.fixAll` too (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    pub config: Option<PathBuf>,
    pub isolated: bool,
}

impl ClientSettings {
    /// Reads settings from a JSON value; `Err` names what is wrong.
    pub fn from_json(v: &serde_json::Value) -> Result<ClientSettings, String> {
        let v = v.get("cardlint").unwrap_or(v);
        if v.is_null() {
            return Ok(ClientSettings::default());
        }
        let s = ClientSettings::deserialize(v).map_err(|e| format!("cardlint settings: {e}"))?;
        // The values the CLI's flags take, checked as the CLI checks them.
        let check = |v: &Option<String>, parse: fn(&str) -> Result<(), String>| {
            v.as_deref().map_or(Ok(()), parse)
        };
        check(&s.min_reporting_class, |x| config::parse_level(x).map(drop))
            .and(check(&s.min_efficiency_class, |x| {
                config::parse_efficiency(x).map(drop)
            }))
            .and(check(&s.efficiency_mode, |x| {
                config::parse_mode(x).map(drop)
            }))
            .map_err(|e| format!("cardlint settings: {e}"))?;
        Ok(s)
    }

    /// The run options the CLI would have with the same flags.
    pub fn options(&self) -> Options {
        let mut o = Options {
            isolated: self.isolated,
            config: self.config.clone(),
            overrides: Overrides {
                select: self.select.clone(),
                ignore: self.ignore.clone(),
                // Checked in `from_json`.
                min_reporting: self
                    .min_reporting_class
                    .as_deref()
                    .and_then(|x| config::parse_level(x).ok()),
                min_efficiency: self
                    .min_efficiency_class
                    .as_deref()
                    .and_then(|x| config::parse_efficiency(x).ok()),
                mode: self
                    .efficiency_mode
                    .as_deref()
                    .and_then(|x| config::parse_mode(x).ok()),
                hub: self.hub || self.hub_id.is_some(),
                hub_id: self.hub_id.clone(),
                ..Overrides::default()
            },
            ..Options::default()
        };
        if let Some(i) = &self.include {
            o.include.clone_from(i);
        }
        o
    }
}

/// Whether the CLI would lint a file of this name when walking a folder (`--include`).
pub fn included(path: &Path, include: &[String]) -> Result<bool, String> {
    let mut set = globset::GlobSetBuilder::new();
    for g in include {
        set.add(globset::Glob::new(g).map_err(|e| format!("include: bad pattern `{g}`: {e}"))?);
    }
    let set = set.build().map_err(|e| e.to_string())?;
    Ok(path.file_name().is_some_and(|n| set.is_match(n)))
}

/// A card's settings, repository facts and Hub question, as the CLI plans them.
pub fn plan(path: &Path, options: &Options) -> Result<Job, String> {
    pipeline::job_for(path, options).map_err(|e| e.0)
}

/// What the server keeps of one lint: the report and every fix's edit (unsafe ones too).
#[derive(Debug)]
pub struct Linted {
    pub report: CardReport,
    pub edits: Vec<Edit>,
}

/// Lints a card's text with its job's settings and the given facts.
pub fn lint(path: &Path, text: &str, job: &Job, ext: &External) -> Linted {
    let (report, edits) =
        crate::lint::lint_with_edits(&path.display().to_string(), text, &job.settings, ext, true);
    Linted { report, edits }
}

/// `--fix` on the text: the fixed text, or `None` when nothing changes or the result would
/// not parse.
pub fn fix_all(
    path: &Path,
    text: &str,
    job: &Job,
    ext: &External,
    unsafe_ok: bool,
) -> Option<String> {
    let f = crate::fix::fix(
        &path.display().to_string(),
        text,
        &job.settings,
        ext,
        unsafe_ok,
    )
    .ok()?;
    (!f.applied.is_empty() && f.text != text).then_some(f.text)
}

/// The datasets a card names (what the Hub is asked about).
pub fn datasets(text: &str) -> Vec<String> {
    crate::facts::datasets(&crate::card::Card::parse(text))
}

/// The Hub's facts for a card (blocking: called off the message loop).
pub fn hub_facts(
    ask: &crate::hub::Ask,
    datasets: &[String],
) -> Arc<crate::class::efficiency::HubFacts> {
    Arc::new(crate::hub::facts_for(ask, datasets))
}

pub fn rule(code: &str) -> Option<&'static Rule> {
    rules::lookup(code)
}

/// The span of `co2_eq_emissions` (its key to the end of its value) and of its key, if the
/// front matter has it.
pub fn co2_spans(text: &str) -> Option<(crate::diagnostic::Span, crate::diagnostic::Span)> {
    let card = crate::card::Card::parse(text);
    let (k, v) = card.top("co2_eq_emissions")?;
    let y = card.yaml()?;
    let (ks, vs) = (y.span(k), y.span(v));
    Some((
        crate::diagnostic::Span::new(ks.start, vs.end.max(ks.end)),
        ks,
    ))
}

/// Where a body comment may go: the body's first byte.
pub fn body_start(text: &str) -> usize {
    crate::card::Card::parse(text).split.body.start
}

/// Where the front matter's YAML is (for `# cardlint: disable-line`).
pub fn yaml_span(text: &str) -> Option<crate::diagnostic::Span> {
    crate::card::Card::parse(text).split.yaml
}

pub fn line_ending(text: &str) -> &'static str {
    crate::edit::line_ending(text)
}

/// The verdict in one line: level, grams, label.
pub fn verdict_line(r: &CardReport) -> Option<String> {
    let rep = r.reporting.as_ref()?;
    let mut parts = vec![format!("level {}/5 {}", rep.level.number(), rep.name)];
    if let Some(g) = rep.co2_grams {
        parts.push(format!("{} g CO2eq", crate::util::fmt_num(g)));
    }
    match r.efficiency.as_ref().and_then(|e| e.class.map(|c| (c, e))) {
        Some((c, e)) => parts.push(format!(
            "label {} ({}{})",
            c.letter(),
            crate::class::efficiency::evidence(e),
            e.mode.suffix()
        )),
        None => parts.push("no label".to_string()),
    }
    Some(parts.join(" · "))
}

/// The verdict with its evidence, as Markdown; every piece of card text escaped.
pub fn verdict_markdown(r: &CardReport) -> Option<String> {
    let rep = r.reporting.as_ref()?;
    let esc = crate::report::markdown::escape;
    let mut s = format!(
        "**cardlint verdict**\n\n- reporting: {}\n",
        esc(&rep.verdict())
    );
    if let Some(g) = rep.co2_grams {
        s.push_str(&format!(
            "- emissions: {} g CO2eq\n",
            crate::util::fmt_num(g)
        ));
    }
    if let Some(h) = &rep.hardware {
        s.push_str(&format!("- hardware: {}\n", esc(h)));
    }
    if let Some(line) = crate::report::pretty::efficiency_line(r, false) {
        for l in line.lines() {
            s.push_str(&format!("- {}\n", esc(l.trim())));
        }
    }
    Some(s)
}

/// Card text for a Markdown hover (no links, HTML or emphasis from the card).
pub fn escape_markdown(s: &str) -> String {
    crate::report::markdown::escape(s)
}

/// Findings that mark dead text (shown faded by editors).
pub fn is_unused_suppression(code: &str) -> bool {
    code == crate::rules::engine::unused_suppression::RULE.code
}
