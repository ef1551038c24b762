//! Planning: paths become jobs, each card with its settings (its config, found once a folder)
//! and its repository's facts. Nothing here reads a card.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Options;
use crate::config::{self, ConfigError, Overrides, Settings};
use crate::input::{self, Source};
use crate::lint::External;
use crate::util::FxMap;

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

/// Every card to lint, in output order.
pub type Plan = Vec<Job>;

/// The settings of cards that have no folder (a corpus dump's rows): those of the current
/// folder's config, unless `--isolated` or `--config` decide.
pub fn settings_here(args: &Options) -> Result<Arc<Settings>, ConfigError> {
    configs(args).for_dir(&input::absolute(Path::new(".")))
}

fn configs(args: &Options) -> Configs {
    Configs {
        overrides: args.overrides.clone(),
        isolated: args.isolated,
        explicit: args.config.clone(),
        cache: FxMap::default(),
        by_file: FxMap::default(),
    }
}

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
            configs: configs(args),
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
        if d.weights.is_empty() && !d.codecarbon {
            return Ok((settings, self.no_facts.clone()));
        }
        let facts = || External {
            model_size: crate::repo::model_size_of(&d.abs, d.weights.clone()),
            codecarbon: d.codecarbon.then(|| crate::fill::beside(&d.abs)).flatten(),
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
        let codecarbon = crate::fill::beside(&dir);
        let repo = self.args.repo_dir.clone().unwrap_or(dir);
        let mut ext = self
            .repos
            .entry(repo)
            .or_insert_with_key(|repo| {
                Arc::new(External {
                    model_size: crate::repo::model_size(repo),
                    ..External::default()
                })
            })
            .clone();
        if codecarbon.is_some() {
            ext = Arc::new(External {
                codecarbon,
                ..(*ext).clone()
            });
        }
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
