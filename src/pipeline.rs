//! The pipeline a front end drives: paths become a plan of jobs (each card with its settings
//! and its repository's facts), and each job becomes one report. Reading, fixing and writing
//! cards happen here; printing and exit codes belong to the binary.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{self, ConfigError, Overrides, Settings};
use crate::input::{self, Source};
use crate::lint::{self, CardReport, External};
use crate::util::FxMap;

/// What to lint and how: the options of a run, without the command line's presentation.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files, folders or `-`; none means `.` (or standard input with `stdin_filename`).
    pub paths: Vec<PathBuf>,
    /// The name of a card read from standard input.
    pub stdin_filename: Option<String>,
    /// File names that count as cards when walking folders.
    pub include: Vec<String>,
    /// Larger cards are refused with a finding.
    pub max_file_size: u64,
    /// Skip files without front matter below a repository's root.
    pub model_cards_only: bool,
    /// Apply the fixes (safe ones; unsafe ones too with `unsafe_fixes`).
    pub fix: bool,
    pub unsafe_fixes: bool,
    /// Compute the fixes as a diff and write nothing.
    pub diff: bool,
    /// Use no config file / this config file instead of discovering one.
    pub isolated: bool,
    pub config: Option<PathBuf>,
    /// Where the model's weights are (default: each card's folder).
    pub repo_dir: Option<PathBuf>,
    /// What the command line says over the config files.
    pub overrides: Overrides,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            stdin_filename: None,
            include: vec!["README.md".to_string()],
            max_file_size: input::MAX_BYTES,
            model_cards_only: false,
            fix: false,
            unsafe_fixes: false,
            diff: false,
            isolated: false,
            config: None,
            repo_dir: None,
            overrides: Overrides::default(),
        }
    }
}

/// Resolves settings per directory, caching what was discovered.
struct Configs {
    overrides: Overrides,
    isolated: bool,
    explicit: Option<PathBuf>,
    cache: FxMap<PathBuf, Arc<Settings>>,
    /// Settings per config file: read and compiled once, however many folders share it.
    by_file: FxMap<Option<PathBuf>, Arc<Settings>>,
}

impl Configs {
    fn for_dir(&mut self, dir: &Path) -> Result<Arc<Settings>, ConfigError> {
        if let Some(s) = self.cache.get(dir) {
            return Ok(s.clone());
        }
        let file = if self.isolated {
            None
        } else if let Some(p) = &self.explicit {
            Some(p.clone())
        } else {
            config::discover(dir)?
        };
        let s = self.for_file(file)?;
        self.cache.insert(dir.to_path_buf(), s.clone());
        Ok(s)
    }

    /// The settings of a walked folder: the config the walk found for it, unless
    /// `--isolated` or `--config` decide.
    fn for_walked(&mut self, dir: &input::Dir) -> Result<Arc<Settings>, ConfigError> {
        let file = if self.isolated {
            None
        } else if let Some(p) = &self.explicit {
            Some(p.clone())
        } else {
            dir.config.clone().map_err(ConfigError)?
        };
        self.for_file(file)
    }

    /// Settings per config file, read and compiled once.
    fn for_file(&mut self, file: Option<PathBuf>) -> Result<Arc<Settings>, ConfigError> {
        let s = match self.by_file.get(&file) {
            Some(s) => s.clone(),
            None => {
                let fc = match &file {
                    Some(p) => config::read(p)?.map(|fc| (p.as_path(), fc)),
                    None => None,
                };
                let s = Arc::new(config::resolve(fc, &self.overrides)?);
                self.by_file.insert(file, s.clone());
                s
            }
        };
        Ok(s)
    }
}

pub fn card_dir(path: &Path) -> PathBuf {
    let abs = input::absolute(path);
    abs.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// One card to lint: where it comes from, its settings, and the facts of its repository.
pub struct Job {
    pub src: Source,
    pub settings: Arc<Settings>,
    pub ext: Arc<External>,
    /// What to ask the Hub for this card (read when the job runs).
    pub hub: crate::hub::Ask,
}

/// Reads and lints one source; `None` when `--model-cards-only` skips it.
pub fn lint_job(job: &Job, args: &Options) -> Option<CardReport> {
    let (src, settings) = (&job.src, &*job.settings);
    let (name, bytes) =
        match src {
            Source::Missing(p, why) => {
                return Some(CardReport::unreadable(
                    &p.display().to_string(),
                    format!("cannot read the card: {why}"),
                    "check the path",
                ))
            }
            Source::Stdin { name } => {
                let mut buf = Vec::new();
                let r = std::io::stdin()
                    .take(args.max_file_size + 1)
                    .read_to_end(&mut buf);
                match r {
                    Ok(_) if buf.len() as u64 > args.max_file_size => {
                        return Some(CardReport::unreadable(
                            name,
                            format!("the card is over the limit of {} bytes", args.max_file_size),
                            "raise it with --max-file-size if the card is real",
                        ))
                    }
                    Ok(_) => (name.clone(), buf),
                    Err(e) => {
                        return Some(CardReport::unreadable(
                            name,
                            format!("cannot read standard input: {e}"),
                            "check the pipe",
                        ))
                    }
                }
            }
            Source::File(p) => {
                let name = p.display().to_string();
                match input::read_file(p, args.max_file_size) {
                    Ok(b) => (name, b),
                    Err((why, help)) => return Some(CardReport::unreadable(&name, why, help)),
                }
            }
            Source::Hub(m) => {
                let name = src.name();
                match crate::hub::readme(m) {
                    Ok(b) if b.len() as u64 > args.max_file_size => {
                        return Some(CardReport::unreadable(
                            &name,
                            format!("the card is over the limit of {} bytes", args.max_file_size),
                            "raise it with --max-file-size if the card is real",
                        ))
                    }
                    Ok(b) => (name, b),
                    Err(why) => return Some(CardReport::unreadable(
                        &name,
                        why,
                        "check the model id and revision; a private or gated model needs HF_TOKEN",
                    )),
                }
            }
        };
    match input::decode(bytes) {
        Err((why, help)) => Some(CardReport::unreadable(&name, why, help)),
        Ok(text) => {
            if args.model_cards_only {
                if let Source::File(p) = src {
                    if !input::is_model_card(p, &text) {
                        return None;
                    }
                }
            }
            let ext = with_hub_facts(job, &text);
            if !(args.fix || args.diff) {
                return Some(lint::lint(&name, &text, settings, &ext));
            }
            Some(fix_card(&name, src, &text, settings, &ext, args))
        }
    }
}

/// The job's repository facts, with the Hub's where the card asks for them (its datasets are
/// read from its front matter).
fn with_hub_facts(job: &Job, text: &str) -> Arc<External> {
    if job.hub == crate::hub::Ask::No {
        return job.ext.clone();
    }
    let datasets = crate::facts::datasets(&crate::card::Card::parse(text));
    let mut ext = (*job.ext).clone();
    ext.hub = crate::hub::facts_for(&job.hub, &datasets);
    Arc::new(ext)
}

/// `--fix` / `--diff` on one card: the report afterwards, with what was fixed or would change.
fn fix_card(
    name: &str,
    src: &Source,
    text: &str,
    settings: &Settings,
    ext: &External,
    args: &Options,
) -> CardReport {
    let f = match crate::fix::fix(name, text, settings, ext, args.unsafe_fixes) {
        Ok(f) => f,
        Err(e) => {
            let mut report = lint::lint(name, text, settings, ext);
            report.write_error = Some(e);
            return report;
        }
    };
    if f.applied.is_empty() {
        return f.report;
    }
    let fixed: Vec<&'static str> = f.applied.iter().map(|e| e.code).collect();
    // The card as it is on disk: the report of the text before the fixes (linted once, by fix).
    let mut before = f.before.unwrap_or_else(|| f.report.clone());
    let mut report = match (args.diff, src) {
        (true, _) => {
            before.diff = Some(crate::fix::diff(&before.path, text, &f.text));
            before
        }
        (false, Source::File(p)) => match crate::write::write_atomic(p, f.text.as_bytes()) {
            Ok(()) => f.report,
            Err(e) => {
                before.write_error = Some(e);
                return before;
            }
        },
        (false, _) => {
            before.write_error = Some("standard input cannot be fixed in place; use --diff".into());
            return before;
        }
    };
    report.fixed = fixed;
    report
}

/// Cards linted at once by [`lint_chunk`] callers: enough to keep every core busy, few enough
/// to keep memory flat.
pub const CHUNK: usize = 512;

/// Every card to lint, in output order.
pub type Plan = Vec<Job>;

pub fn plan(args: &Options) -> Result<(Plan, Vec<String>), ConfigError> {
    let paths = if !args.paths.is_empty() {
        args.paths.clone()
    } else if args.stdin_filename.is_some() {
        // `cat card | cardlint --stdin-filename x/README.md` reads standard input, as ruff does.
        vec![PathBuf::from("-")]
    } else {
        vec![PathBuf::from(".")]
    };
    let (sources, warnings) = input::expand(&paths, args.stdin_filename.as_deref(), &args.include)
        .map_err(|e| ConfigError(format!("--include: {e}")))?;
    let mut planner = Planner::new(args);
    let mut plan = Vec::with_capacity(sources.len());
    for (src, dir) in sources {
        plan.push(planner.job(src, dir)?);
    }
    Ok((plan, warnings))
}

/// Plans the card at `path` without reading it: the settings (its folder's config, or
/// `--config`/`--isolated`, and its per-file-ignores), repository facts and Hub question the
/// CLI would use for that file. For a front end that holds the card's text itself (the
/// language server lints an editor's unsaved text as if it were on disk at `path`).
pub fn job_for(path: &Path, args: &Options) -> Result<Job, ConfigError> {
    Planner::new(args).job(Source::File(path.to_path_buf()), None)
}

/// Settings and repository facts per parent folder as written.
type PerDir = (Arc<Settings>, Arc<External>);

/// Planning state: everything a folder's cards share is found once a folder, not once a card
/// (`absolute()`, a getcwd call; config discovery; the weight-file listing; the git remote):
/// a folder of 25,000 cards would otherwise be listed 25,000 times.
struct Planner<'o> {
    args: &'o Options,
    configs: Configs,
    dirs: FxMap<PathBuf, PerDir>,
    repos: FxMap<PathBuf, Arc<External>>,
    /// Per-file-ignores: one Settings per distinct set of rules turned off, shared.
    variants: FxMap<(usize, Vec<&'static str>), Arc<Settings>>,
    /// A folder without weight files shares one empty set of repository facts.
    no_facts: Arc<External>,
    /// Walked folders' repository facts, once per folder (cards of a folder share its `Dir`).
    /// (The `Dir` is kept in the map, so its address cannot be reused while it is a key.)
    walked: FxMap<usize, (input::DirRef, Arc<External>)>,
    /// The Hub model of each checkout asked about.
    remotes: FxMap<PathBuf, crate::hub::Ask>,
}

impl<'o> Planner<'o> {
    fn new(args: &'o Options) -> Self {
        Planner {
            args,
            configs: Configs {
                overrides: args.overrides.clone(),
                isolated: args.isolated,
                explicit: args.config.clone(),
                cache: FxMap::default(),
                by_file: FxMap::default(),
            },
            dirs: FxMap::default(),
            repos: FxMap::default(),
            variants: FxMap::default(),
            no_facts: Arc::new(External::default()),
            walked: FxMap::default(),
            remotes: FxMap::default(),
        }
    }

    fn job(&mut self, src: Source, dir: Option<input::DirRef>) -> Result<Job, ConfigError> {
        let path = match &src {
            Source::File(p) | Source::Missing(p, _) => p.clone(),
            Source::Stdin { name } => PathBuf::from(name),
            Source::Hub(m) => {
                // A card on the Hub: the settings of the current folder, no checkout.
                let hub = crate::hub::Ask::Model(m.clone());
                return Ok(Job {
                    settings: self.configs.for_dir(&input::absolute(Path::new(".")))?,
                    ext: self.no_facts.clone(),
                    src,
                    hub,
                });
            }
        };
        let (settings, ext) = match &dir {
            // A walked card: everything is known from its folder's listing.
            Some(d) if self.args.repo_dir.is_none() => self.walked_card(d)?,
            _ => self.named_card(&path)?,
        };
        let settings = match settings.ignored_for(&path) {
            off if off.is_empty() => settings,
            off => self
                .variants
                .entry((Arc::as_ptr(&settings) as usize, off))
                .or_insert_with_key(|(_, off)| Arc::new(settings.without(off)))
                .clone(),
        };
        let hub = self.hub_ask(&settings, &path, dir.as_ref());
        Ok(Job {
            src,
            settings,
            ext,
            hub,
        })
    }

    fn walked_card(&mut self, d: &input::DirRef) -> Result<PerDir, ConfigError> {
        let settings = self.configs.for_walked(d)?;
        if d.weights.is_empty() {
            return Ok((settings, self.no_facts.clone()));
        }
        let facts = || External {
            model_size: crate::repo::model_size_of(&d.abs, d.weights.clone()),
            ..External::default()
        };
        let ext = self
            .walked
            .entry(Arc::as_ptr(d) as usize)
            .or_insert_with(|| (d.clone(), Arc::new(facts())))
            .1
            .clone();
        Ok((settings, ext))
    }

    fn named_card(&mut self, path: &Path) -> Result<PerDir, ConfigError> {
        let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
        if let Some(x) = self.dirs.get(&parent) {
            return Ok(x.clone());
        }
        let dir = card_dir(path);
        let settings = self.configs.for_dir(&dir)?;
        let repo = self.args.repo_dir.clone().unwrap_or(dir);
        let ext = self
            .repos
            .entry(repo)
            .or_insert_with_key(|repo| {
                Arc::new(External {
                    model_size: crate::repo::model_size(repo),
                    ..External::default()
                })
            })
            .clone();
        self.dirs.insert(parent, (settings.clone(), ext.clone()));
        Ok((settings, ext))
    }

    /// What the card asks of the Hub: its model from `hub-id`, else the git remote of its
    /// checkout (`--repo-dir`, else the card's folder), looked up once a folder.
    fn hub_ask(
        &mut self,
        settings: &Settings,
        path: &Path,
        dir: Option<&input::DirRef>,
    ) -> crate::hub::Ask {
        use crate::hub::{Ask, ModelId};
        match &settings.hub_id {
            _ if !settings.hub => Ask::No,
            Some(id) => Ask::Model(ModelId {
                id: id.clone(),
                revision: None,
            }),
            None => {
                let checkout = match (&self.args.repo_dir, dir) {
                    (Some(r), _) => r.clone(),
                    (None, Some(d)) => d.abs.clone(),
                    (None, None) => card_dir(path),
                };
                self.remotes
                    .entry(checkout)
                    .or_insert_with_key(|c| crate::hub::ask_for_checkout(c))
                    .clone()
            }
        }
    }
}

/// Lints a slice of the plan on all cores; the result keeps the plan's order.
/// With `compact`, each report drops its card's text as soon as it is linted.
pub fn lint_chunk(chunk: &[Job], args: &Options, compact: bool) -> Vec<CardReport> {
    use rayon::prelude::*;
    chunk
        .par_iter()
        .filter_map(|job| {
            let mut r = lint_job(job, args)?;
            if compact {
                r.compact();
            }
            Some(r)
        })
        .collect()
}

/// Lints the given cards with the settings their configs give (all reports in memory).
pub fn lint_paths(args: &Options) -> Result<(Vec<CardReport>, Vec<String>), ConfigError> {
    let (plan, warnings) = plan(args)?;
    Ok((lint_chunk(&plan, args, false), warnings))
}
