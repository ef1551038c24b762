//! Configuration: `cardlint.toml`, `.cardlint.toml` or `[tool.cardlint]` in `pyproject.toml`,
//! the closest to the card winning; resolved with the command line into [`Settings`].
//! Unknown keys and bad values are errors that name the file, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher};
use serde::Deserialize;
use toml::Spanned;

use crate::class::efficiency::Mode;
use crate::class::reporting::Level;
use crate::diagnostic::{LineIndex, Severity};
use crate::rules;

/// The config file's contents, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    pub min_reporting_class: Option<Spanned<String>>,
    pub min_efficiency_class: Option<Spanned<String>>,
    pub fail_on: Option<Spanned<String>>,
    pub efficiency_mode: Option<Spanned<String>>,
    /// Ask the Hub for the model's facts (`--hub`).
    pub hub: Option<bool>,
    /// The model on the Hub (`--hub-id`), when the checkout's git remote does not say.
    pub hub_id: Option<Spanned<String>>,
    pub per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyTool>,
}

#[derive(Deserialize)]
struct PyTool {
    cardlint: Option<FileConfig>,
}

pub use crate::class::efficiency::FlagFacts;

/// Resolved settings for one card.
#[derive(Debug, Clone)]
pub struct Settings {
    enabled: rules::RuleSet,
    severities: HashMap<&'static str, Severity>,
    pub min_reporting: Option<Level>,
    pub min_efficiency: Option<crate::class::efficiency::Grade>,
    pub mode: Mode,
    pub fail_on: Severity,
    pub facts: FlagFacts,
    /// Ask the Hub for the model's facts.
    pub hub: bool,
    /// The model on the Hub, `ORG/NAME` (else the checkout's git remote).
    pub hub_id: Option<String>,
    /// Compiled once per config file and shared by every card it applies to.
    per_file_ignores: std::sync::Arc<Vec<(GlobMatcher, bool, Vec<&'static str>)>>,
    /// The directory per-file-ignores patterns are relative to.
    root: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            enabled: rules::RuleSet::all(),
            severities: HashMap::new(),
            min_reporting: None,
            min_efficiency: None,
            mode: Mode::default(),
            fail_on: Severity::Warning,
            facts: FlagFacts::default(),
            hub: false,
            hub_id: None,
            per_file_ignores: std::sync::Arc::default(),
            root: None,
        }
    }
}

impl Settings {
    pub fn enabled(&self, code: &str) -> bool {
        self.enabled.contains(code)
    }
    /// The rules that run, in code order (a bit test per rule).
    pub fn rules(&self) -> impl Iterator<Item = &'static rules::Rule> {
        self.enabled.rules()
    }
    pub fn severity(&self, code: &str, default: Severity) -> Severity {
        if self.severities.is_empty() {
            return default;
        }
        self.severities.get(code).copied().unwrap_or(default)
    }
    pub fn has_per_file_ignores(&self) -> bool {
        !self.per_file_ignores.is_empty()
    }
    /// The rules per-file-ignores turn off for one file (sorted, without repeats).
    pub fn ignored_for(&self, path: &Path) -> Vec<&'static str> {
        if self.per_file_ignores.is_empty() {
            return Vec::new();
        }
        let abs = crate::util::absolute(path);
        let rel = self
            .root
            .as_ref()
            .and_then(|r| abs.strip_prefix(r).ok())
            .unwrap_or(path);
        let mut out = Vec::new();
        for (m, name_only, codes) in self.per_file_ignores.iter() {
            let hit =
                m.is_match(rel) || (*name_only && path.file_name().is_some_and(|n| m.is_match(n)));
            if hit {
                out.extend(codes.iter().copied().filter(|c| self.enabled(c)));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// These settings with some rules turned off.
    pub fn without(&self, codes: &[&'static str]) -> Settings {
        let mut s = self.clone();
        for c in codes {
            s.enabled.remove(c);
        }
        s
    }

    /// The settings for one file: per-file-ignores applied.
    pub fn for_path(&self, path: &Path) -> Settings {
        self.without(&self.ignored_for(path))
    }
}

/// What the command line says, applied over the config file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub min_reporting: Option<Level>,
    pub min_efficiency: Option<crate::class::efficiency::Grade>,
    pub fail_on: Option<Severity>,
    pub mode: Option<Mode>,
    pub facts: FlagFacts,
    /// `--hub` (only ever turns it on).
    pub hub: bool,
    pub hub_id: Option<String>,
}

/// A config error, already formatted as `file:line:col: message`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

struct Located<'a> {
    path: &'a Path,
    text: &'a str,
}

impl Located<'_> {
    fn at(&self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) -> ConfigError {
        let idx = LineIndex::new(self.text);
        let p = idx.position(self.text, span.start);
        ConfigError(format!(
            "{}:{}:{}: {msg}",
            self.path.display(),
            p.line,
            p.column
        ))
    }
    fn rules(&self, list: &[Spanned<String>], key: &str) -> Result<Vec<&'static str>, ConfigError> {
        let mut out = Vec::new();
        for s in list {
            out.extend(
                resolve_selector(s.get_ref())
                    .map_err(|e| self.at(s.span(), format!("{e} in `{key}`")))?,
            );
        }
        Ok(out)
    }
}

/// Resolves a selector (code, name, code prefix or `ALL`) to rule codes.
pub fn resolve_selector(sel: &str) -> Result<Vec<&'static str>, String> {
    let m = rules::matching(sel);
    if m.is_empty() {
        let hint =
            rules::suggest(sel).map_or_else(String::new, |c| format!(" (did you mean `{c}`?)"));
        return Err(format!("unknown rule `{sel}`{hint}"));
    }
    Ok(m.iter().map(|r| r.code).collect())
}

pub fn parse_level(s: &str) -> Result<Level, String> {
    Level::parse(s).ok_or_else(|| {
        format!("unknown reporting class `{s}`: expected one of unknown, context, basic, awareness, optimization, certified (or 0-5)")
    })
}

pub fn parse_efficiency(s: &str) -> Result<crate::class::efficiency::Grade, String> {
    crate::class::efficiency::Grade::parse(s)
        .ok_or_else(|| format!("unknown efficiency class `{s}`: expected A, B, C, D or E"))
}

pub fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s)
        .ok_or_else(|| format!("unknown severity `{s}`: expected error, warning or info"))
}

fn parse_hub_id(s: &str) -> Result<String, String> {
    match crate::hub::ModelId::parse(s) {
        Ok(m) if m.revision.is_none() => Ok(m.id),
        Ok(_) => Err("hub-id names a model, ORG/NAME, without a revision".into()),
        Err(e) => Err(e),
    }
}

pub fn parse_mode(s: &str) -> Result<Mode, String> {
    Mode::parse(s)
        .ok_or_else(|| format!("unknown efficiency mode `{s}`: expected paper or corrected"))
}

/// A config file's text, read as a card is (a regular file, at most 10 MiB, never blocking: a
/// `cardlint.toml` symlinked to `/proc/kmsg` is an error, not a hang).
#[cfg(feature = "native")]
fn read_text(path: &Path) -> Result<String, String> {
    let bytes = crate::reader::read_regular(path, crate::reader::MAX_BYTES)
        .map_err(|e| crate::reader::blocked_or(&e))?;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())
}

/// Reads a config file (a `pyproject.toml` without `[tool.cardlint]` gives `None`).
#[cfg(feature = "native")]
pub fn read(path: &Path) -> Result<Option<FileConfig>, ConfigError> {
    let text = read_text(path)
        .map_err(|e| ConfigError(format!("{}: cannot read: {e}", path.display())))?;
    parse(path, &text)
}

/// Parses a config file's text (`path` names it in errors and tells `pyproject.toml` apart).
pub fn parse(path: &Path, text: &str) -> Result<Option<FileConfig>, ConfigError> {
    let loc = Located { path, text };
    let de = |e: toml::de::Error| {
        let span = e.span().unwrap_or(0..0);
        loc.at(span, e.message().trim_end())
    };
    if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        let p: Pyproject = toml::from_str(text).map_err(de)?;
        Ok(p.tool.and_then(|t| t.cardlint))
    } else {
        toml::from_str(text).map(Some).map_err(de)
    }
}

/// Braces nested deeper than this in a per-file-ignores pattern are refused (globset's regex
/// would panic on ~150).
const MAX_BRACE_DEPTH: usize = 10;

/// A per-file-ignores pattern, compiled; an error message otherwise (never a panic).
fn glob(pat: &str) -> Result<GlobMatcher, String> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    for c in pat.chars() {
        match c {
            '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_BRACE_DEPTH {
        return Err(format!(
            "bad pattern: braces nested {deepest} deep (at most {MAX_BRACE_DEPTH})"
        ));
    }
    if pat.len() > 4096 {
        return Err(format!(
            "bad pattern: {} bytes long (at most 4096)",
            pat.len()
        ));
    }
    let compiled = std::panic::catch_unwind(|| Glob::new(pat).map(|g| g.compile_matcher()));
    match compiled {
        Ok(Ok(m)) => Ok(m),
        Ok(Err(e)) => Err(format!("bad pattern: {e}")),
        Err(_) => Err("bad pattern: it cannot be compiled".to_string()),
    }
}

/// The closest config file at or above `dir`: `cardlint.toml`, `.cardlint.toml`, or a
/// `pyproject.toml` whose parsed TOML has a `[tool.cardlint]` table (a comment or a string
/// mentioning it does not count). Discovery stops at the first one found, and at the root of
/// the file system; a `pyproject.toml` that names cardlint but is not valid TOML is an error.
#[cfg(feature = "native")]
pub fn discover(dir: &Path) -> Result<Option<PathBuf>, ConfigError> {
    for d in dir.ancestors() {
        for name in ["cardlint.toml", ".cardlint.toml"] {
            let p = d.join(name);
            if p.is_file() {
                return Ok(Some(p));
            }
        }
        let p = d.join("pyproject.toml");
        if p.is_file() && is_pyproject_config(&p)? {
            return Ok(Some(p));
        }
    }
    Ok(None)
}

/// Whether a `pyproject.toml` holds a `[tool.cardlint]` table (parsed, not searched for).
#[cfg(feature = "native")]
pub fn is_pyproject_config(p: &Path) -> Result<bool, ConfigError> {
    let Ok(text) = read_text(p) else {
        return Ok(false);
    };
    if !text.contains("cardlint") {
        return Ok(false);
    }
    Ok(read(p)?.is_some())
}

/// The config file's settings, over the defaults.
fn apply_file(
    s: &mut Settings,
    path: &Path,
    text: &str,
    fc: &FileConfig,
) -> Result<(), ConfigError> {
    let loc = Located { path, text };
    let one = |v: &Spanned<String>, r: Result<(), String>| r.map_err(|e| loc.at(v.span(), e));
    if let Some(sel) = &fc.select {
        s.enabled = loc.rules(sel, "select")?.into_iter().collect();
    }
    for c in loc.rules(fc.ignore.as_deref().unwrap_or(&[]), "ignore")? {
        s.enabled.remove(c);
    }
    for (k, v) in fc.severity.iter().flatten() {
        let codes = resolve_selector(k.get_ref())
            .map_err(|e| loc.at(k.span(), format!("{e} in `severity`")))?;
        let sev = parse_severity(v.get_ref()).map_err(|e| loc.at(v.span(), e))?;
        for c in codes {
            s.severities.insert(c, sev);
        }
    }
    if let Some(v) = &fc.min_reporting_class {
        one(
            v,
            parse_level(v.get_ref()).map(|l| s.min_reporting = Some(l)),
        )?;
    }
    if let Some(v) = &fc.min_efficiency_class {
        one(
            v,
            parse_efficiency(v.get_ref()).map(|c| s.min_efficiency = Some(c)),
        )?;
    }
    if let Some(v) = &fc.fail_on {
        one(v, parse_severity(v.get_ref()).map(|x| s.fail_on = x))?;
    }
    if let Some(v) = &fc.efficiency_mode {
        one(v, parse_mode(v.get_ref()).map(|m| s.mode = m))?;
    }
    s.hub = fc.hub.unwrap_or(false);
    if let Some(v) = &fc.hub_id {
        one(v, parse_hub_id(v.get_ref()).map(|id| s.hub_id = Some(id)))?;
    }
    let mut globs = Vec::new();
    for (pat, codes) in fc.per_file_ignores.iter().flatten() {
        let m = glob(pat.get_ref()).map_err(|e| loc.at(pat.span(), e))?;
        let codes = loc.rules(codes, "per-file-ignores")?;
        globs.push((m, !pat.get_ref().contains('/'), codes));
    }
    s.per_file_ignores = std::sync::Arc::new(globs);
    Ok(())
}

/// Builds settings from an optional config file (with its path) and the command line.
#[cfg(feature = "native")]
pub fn resolve(file: Option<(&Path, FileConfig)>, ov: &Overrides) -> Result<Settings, ConfigError> {
    let text = file.as_ref().map(|(p, _)| read_text(p).unwrap_or_default());
    let text = text.as_deref().unwrap_or("");
    let mut s = resolve_text(file.as_ref().map(|(p, fc)| (*p, text, fc)), ov)?;
    // Per-file-ignores patterns are relative to the config file's folder.
    let root = file.and_then(|(p, _)| p.parent().map(Path::to_path_buf));
    s.root = root.map(|d| std::path::absolute(&d).unwrap_or(d));
    Ok(s)
}

/// [`resolve`] with the config file's text given (errors point into it): no file system. Its
/// per-file-ignores patterns are matched against the card's path as given.
pub fn resolve_text(
    file: Option<(&Path, &str, &FileConfig)>,
    ov: &Overrides,
) -> Result<Settings, ConfigError> {
    let mut s = Settings::default();
    let cli = |e: String| ConfigError(format!("command line: {e}"));
    if let Some((path, text, fc)) = file {
        apply_file(&mut s, path, text, fc)?;
    }
    if let Some(sel) = &ov.select {
        let mut set = rules::RuleSet::default();
        for x in sel {
            for c in resolve_selector(x).map_err(cli)? {
                set.insert(c);
            }
        }
        s.enabled = set;
    }
    for x in &ov.ignore {
        for c in resolve_selector(x).map_err(cli)? {
            s.enabled.remove(c);
        }
    }
    if let Some(v) = ov.min_reporting {
        s.min_reporting = Some(v);
    }
    if let Some(v) = ov.min_efficiency {
        s.min_efficiency = Some(v);
    }
    if let Some(v) = ov.fail_on {
        s.fail_on = v;
    }
    if let Some(v) = ov.mode {
        s.mode = v;
    }
    s.facts = ov.facts.clone();
    s.hub |= ov.hub || ov.hub_id.is_some();
    if let Some(v) = &ov.hub_id {
        s.hub_id = Some(parse_hub_id(v).map_err(cli)?);
    }
    Ok(s)
}
