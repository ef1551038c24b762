//! The lint pipeline: plan the cards (config and repository facts per folder), lint and render
//! them on all cores in a streamed pipeline, fix them, and the GitHub extras (job summary, step
//! outputs, the sticky comment).

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use super::{emit, fail, use_color, CheckArgs, FactArgs, Format, Level};
use crate::config::{self, ConfigError, FlagFacts, Overrides, Settings};
use crate::input::{self, Source};
use crate::lint::{self, CardReport, External};
use crate::report;
use crate::util::FxMap;

fn level_str(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Info => "info",
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

fn overrides(c: &CheckArgs) -> Overrides {
    Overrides {
        select: c.select.clone(),
        ignore: c.ignore.clone(),
        min_reporting: c.min_reporting_class.clone(),
        min_efficiency: c.min_efficiency_class.clone(),
        fail_on: c.fail_on.map(|l| level_str(l).to_string()),
        mode: c.facts.efficiency_mode.clone(),
        facts: flag_facts(&c.facts),
    }
}

fn flag_facts(f: &FactArgs) -> FlagFacts {
    FlagFacts {
        model_size: f.model_size,
        datasets_size: f.datasets_size,
        downloads: f.downloads,
        performance_score: f.performance_score,
    }
}

pub(super) fn card_dir(path: &Path) -> PathBuf {
    let abs = input::absolute(path);
    abs.parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// One card to lint: where it comes from, its settings, and the facts of its repository.
pub struct Job {
    src: Source,
    settings: Arc<Settings>,
    ext: Arc<External>,
}

/// Reads and lints one source; `None` when `--model-cards-only` skips it.
fn lint_source(job: &Job, args: &CheckArgs) -> Option<CardReport> {
    let (src, settings) = (&job.src, &*job.settings);
    let (name, bytes) = match src {
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
            let report = lint::lint(&name, &text, settings, &job.ext);
            if !(args.fix || args.diff) {
                return Some(report);
            }
            Some(fix_card(report, src, &text, settings, &job.ext, args))
        }
    }
}

/// `--fix` / `--diff` on one card: the report afterwards, with what was fixed or would change.
fn fix_card(
    report: CardReport,
    src: &Source,
    text: &str,
    settings: &Settings,
    ext: &External,
    args: &CheckArgs,
) -> CardReport {
    let mut report = report;
    match crate::fix::fix(&report.path, text, settings, ext, args.unsafe_fixes) {
        Err(e) => report.write_error = Some(e),
        Ok(f) if f.applied.is_empty() => {}
        Ok(f) if args.diff => {
            report.diff = Some(crate::fix::diff(&report.path, text, &f.text));
            report.fixed = f.applied.iter().map(|e| e.code).collect();
        }
        Ok(f) => match src {
            Source::File(p) => match crate::write::write_atomic(p, f.text.as_bytes()) {
                Ok(()) => {
                    let fixed = f.applied.iter().map(|e| e.code).collect();
                    report = f.report;
                    report.fixed = fixed;
                }
                Err(e) => report.write_error = Some(e),
            },
            _ => {
                report.write_error =
                    Some("standard input cannot be fixed in place; use --diff".into())
            }
        },
    }
    report
}

/// Appends to a file named by an environment variable (`$GITHUB_STEP_SUMMARY`, `$GITHUB_OUTPUT`).
fn append_to_env_file(var: &str, text: &str) -> Result<(), String> {
    let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write ${var} ({}): {e}", Path::new(&path).display()))
}

/// In GitHub Actions: the job summary, the step outputs, and the sticky comment if asked for.
/// Their failures are warnings, never a failed lint.
fn github_extras(
    args: &CheckArgs,
    markdown: Option<&str>,
    sum: &report::Summary,
    format: Format,
    in_actions: bool,
) {
    let warn = |msg: &str| {
        eprintln!("cardlint: warning: {msg}");
        if format == Format::Github {
            println!(
                "::warning title=cardlint::{}",
                report::github::escape_data(msg)
            );
        }
    };
    // The Markdown report only where it goes somewhere.
    let markdown = markdown.unwrap_or_default();
    if let Err(e) = append_to_env_file("GITHUB_STEP_SUMMARY", markdown) {
        warn(&e);
    }
    if in_actions {
        if let Err(e) = append_to_env_file("GITHUB_OUTPUT", &report::step_outputs(sum)) {
            warn(&e);
        }
    }
    if args.comment {
        comment(markdown, &warn);
    }
}

#[cfg(feature = "github")]
fn comment(markdown: &str, warn: &dyn Fn(&str)) {
    use crate::github::{sticky_comment, Outcome, Target};
    match Target::from_env().and_then(|t| sticky_comment(&t, markdown)) {
        Ok(Outcome::Created(id)) => eprintln!("cardlint: created the pull-request comment {id}"),
        Ok(Outcome::Updated(id)) => eprintln!("cardlint: updated the pull-request comment {id}"),
        Err(e) => warn(&format!("no pull-request comment: {e}")),
    }
}

#[cfg(not(feature = "github"))]
fn comment(_: &str, warn: &dyn Fn(&str)) {
    warn("no pull-request comment: this cardlint was built without the `github` feature");
}

/// Cards linted at once: enough to keep every core busy, few enough to keep memory flat.
const CHUNK: usize = 512;

/// Every card to lint, in output order.
type Plan = Vec<Job>;

fn plan(args: &CheckArgs) -> Result<(Plan, Vec<String>), ConfigError> {
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
    let mut configs = Configs {
        overrides: overrides(args),
        isolated: args.facts.isolated,
        explicit: args.facts.config.clone(),
        cache: FxMap::default(),
        by_file: FxMap::default(),
    };
    let mut plan = Vec::with_capacity(sources.len());
    // The repository's facts (a listing of its weight files) once per directory, not per card:
    // a folder of 25,000 cards would otherwise be listed 25,000 times.
    // Settings and repository facts per parent folder as written: `absolute()` (a getcwd
    // call), config discovery and the weight-file listing run once a folder, not once a card.
    type PerDir = (Arc<Settings>, Arc<External>);
    let mut dirs: FxMap<PathBuf, PerDir> = FxMap::default();
    let mut repos: FxMap<PathBuf, Arc<External>> = FxMap::default();
    let mut variants: FxMap<(usize, Vec<&'static str>), Arc<Settings>> = FxMap::default();
    // A folder without weight files shares one empty set of repository facts.
    let no_facts = Arc::new(External::default());
    // Walked folders' repository facts, once per folder (cards of a folder share its `Dir`).
    // (The `Dir` is kept in the map, so its address cannot be reused while it is a key.)
    let mut walked: FxMap<usize, (input::DirRef, Arc<External>)> = FxMap::default();
    for (src, dir) in sources {
        let path = match &src {
            Source::File(p) | Source::Missing(p, _) => p.clone(),
            Source::Stdin { name } => PathBuf::from(name),
        };
        let (settings, ext) = match dir {
            // A walked card: everything is known from its folder's listing.
            Some(d) if args.facts.repo_dir.is_none() => {
                let settings = configs.for_walked(&d)?;
                let ext = if args.facts.model_size.is_some() || d.weights.is_empty() {
                    no_facts.clone()
                } else {
                    let facts = || External {
                        model_size: crate::repo::model_size_of(&d.abs, d.weights.clone()),
                    };
                    walked
                        .entry(Arc::as_ptr(&d) as usize)
                        .or_insert_with(|| (d.clone(), Arc::new(facts())))
                        .1
                        .clone()
                };
                (settings, ext)
            }
            _ => {
                let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
                match dirs.get(&parent) {
                    Some(x) => x.clone(),
                    None => {
                        let dir = card_dir(&path);
                        let settings = configs.for_dir(&dir)?;
                        let repo = args.facts.repo_dir.clone().unwrap_or(dir);
                        let ext = if args.facts.model_size.is_some() {
                            no_facts.clone()
                        } else {
                            repos
                                .entry(repo)
                                .or_insert_with_key(|repo| {
                                    Arc::new(External {
                                        model_size: crate::repo::model_size(repo),
                                    })
                                })
                                .clone()
                        };
                        dirs.insert(parent, (settings.clone(), ext.clone()));
                        (settings, ext)
                    }
                }
            }
        };
        // Per-file-ignores: one Settings per distinct set of rules turned off, shared.
        let settings = match settings.ignored_for(&path) {
            off if off.is_empty() => settings,
            off => variants
                .entry((Arc::as_ptr(&settings) as usize, off))
                .or_insert_with_key(|(_, off)| Arc::new(settings.without(off)))
                .clone(),
        };
        plan.push(Job { src, settings, ext });
    }
    Ok((plan, warnings))
}

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Pretty => "pretty",
        Format::Concise => "concise",
        Format::Json => "JSON",
        Format::Github => "GitHub workflow commands",
        Format::Sarif => "SARIF",
        Format::Markdown => "Markdown",
    }
}

/// The plan, with its warnings printed; a config error becomes exit code 2.
fn plan_or_fail(args: &CheckArgs) -> Result<Plan, ExitCode> {
    let (plan, warnings) = plan(args).map_err(fail)?;
    if plan.is_empty() {
        // A green check that linted nothing would hide every card: that is an error.
        let named = if args.paths.is_empty() {
            ".".to_string()
        } else {
            args.paths
                .iter()
                .map(|p| crate::report::safe_text(&p.to_string_lossy()).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(fail(format!(
            "no model card found in {named} (cards are files named README.md, or matching --include)"
        )));
    }
    for w in warnings {
        eprintln!("cardlint: warning: {w}");
    }
    Ok(plan)
}

/// Lints a slice of the plan on all cores; the result keeps the plan's order.
/// With `compact`, each report drops its card's text as soon as it is linted.
fn lint_chunk(chunk: &[Job], args: &CheckArgs, compact: bool) -> Vec<CardReport> {
    use rayon::prelude::*;
    chunk
        .par_iter()
        .filter_map(|job| {
            let mut r = lint_source(job, args)?;
            if compact {
                r.compact();
            }
            Some(r)
        })
        .collect()
}

/// Lints the given cards with the settings their configs give (all reports in memory).
pub fn lint_paths(args: &CheckArgs) -> Result<(Vec<CardReport>, Vec<String>), ConfigError> {
    let (plan, warnings) = plan(args)?;
    Ok((lint_chunk(&plan, args, false), warnings))
}

pub(super) fn stats(args: CheckArgs, format: super::StatsFormat) -> ExitCode {
    let plan = match plan_or_fail(&args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut st = report::stats::Stats::default();
    for chunk in plan.chunks(CHUNK) {
        for r in lint_chunk(chunk, &args, true) {
            st.add(&r);
        }
    }
    emit(&match format {
        super::StatsFormat::Json => st.json(),
        super::StatsFormat::Markdown => st.markdown(),
        super::StatsFormat::Pretty => st.pretty(),
    });
    ExitCode::SUCCESS
}

pub(super) fn check(args: CheckArgs) -> ExitCode {
    if args.diff {
        if let Some(f @ (Format::Json | Format::Sarif | Format::Markdown | Format::Github)) =
            args.format
        {
            return fail(format!(
                "--diff prints a unified diff, which is not {}; drop --format (or CARDLINT_OUTPUT_FORMAT) or --diff",
                format_name(f)
            ));
        }
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        eprintln!("cardlint: warning: --unsafe-fixes does nothing without --fix or --diff");
    }
    let plan = match plan_or_fail(&args) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let color = use_color(args.color);
    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let format = args.format.unwrap_or(if in_actions {
        Format::Github
    } else {
        Format::Pretty
    });
    // The Markdown report (stdout, job summary, comment) is built card by card from compact
    // reports; every other format is written card by card, so memory stays flat however many
    // cards there are.
    let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").is_some_and(|v| !v.is_empty());
    let mut md_out = (format == Format::Markdown && !args.diff)
        .then(|| report::markdown::Builder::new(usize::MAX));
    let mut md_extra = (summary_file || args.comment)
        .then(|| report::markdown::Builder::new(report::markdown::MAX_SUMMARY));
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let pretty = report::pretty::Pretty::new(report::pretty::Style { color, width });
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut write = |s: &str| {
        // A closed pipe (`cardlint … | head`) is not an error.
        let _ = out.write_all(s.as_bytes());
    };
    // Inside GitHub Actions the pretty and concise formats and `--diff` start lines with card
    // text (a path, a diff line): the runner is told to ignore workflow commands until a
    // token only this run knows, so no card line is read as `::error::…` or `::add-mask::…`.
    // (JSON, SARIF and Markdown never start a line with card text; `github` is commands.)
    let stop_token = (in_actions
        && (args.diff || matches!(format, Format::Pretty | Format::Concise)))
    .then(|| {
        use std::hash::{BuildHasher, Hasher};
        let r = || {
            std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish()
        };
        format!("cardlint-{:016x}{:016x}", r(), r())
    });
    if let Some(t) = &stop_token {
        write(&format!("::stop-commands::{t}\n"));
    }
    match format {
        _ if args.diff => {}
        Format::Json => write(report::json::HEADER),
        Format::Sarif => write(&report::sarif::header()),
        _ => {}
    }
    let mut sum = report::Summary::default();
    // JSON and SARIF: whether an item was written (the next one needs a comma).
    let mut items = false;
    // (cards changed, fixes applied) and the cards that could not be written.
    let mut fixes = (0usize, 0usize);
    let mut write_errors: Vec<String> = Vec::new();
    // A pipeline: a producer thread lints and renders chunks on all cores while this thread
    // writes the previous chunk, in plan order.
    if args.fix && plan.iter().any(|j| matches!(j.src, Source::Stdin { .. })) {
        return fail("--fix cannot write standard input back; use --diff");
    }
    let render = |r: &CardReport| match format {
        _ if args.diff => r.diff.clone().unwrap_or_default(),
        Format::Pretty => pretty.card(r),
        Format::Concise => report::concise::card(r),
        Format::Json => report::json::card_text(r, true),
        Format::Github => report::github::card(r),
        Format::Sarif => report::sarif::card(r),
        Format::Markdown => String::new(),
    };
    // One card: lint, render, keep only what the footers need.
    let one = |job: &Job| -> Option<(CardReport, String)> {
        let mut r = lint_source(job, &args)?;
        let text = render(&r);
        // What is kept of a card past its rendering holds no card text.
        r.compact();
        Some((r, text))
    };
    let mut consume = |done: Option<(CardReport, String)>| {
        let Some((r, text)) = done else {
            sum.totals.skipped += 1;
            return;
        };
        // JSON and SARIF: a comma before every item but the first.
        if matches!(format, Format::Json | Format::Sarif) && !args.diff && !text.is_empty() {
            if items {
                write(",");
            }
            items = true;
        }
        write(&text);
        for md in [&mut md_out, &mut md_extra].into_iter().flatten() {
            md.add(&r);
        }
        if !r.fixed.is_empty() {
            fixes.0 += 1;
            fixes.1 += r.fixed.len();
        }
        if let Some(e) = &r.write_error {
            write_errors.push(e.clone());
        }
        sum.add(&r);
    };
    if plan.len() == 1 {
        // A single card (the pre-commit case): no thread, no thread pool.
        consume(one(&plan[0]));
    } else {
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Option<(CardReport, String)>>>(2);
            let (plan, one) = (&plan, &one);
            scope.spawn(move || {
                use rayon::prelude::*;
                for chunk in plan.chunks(CHUNK) {
                    let done: Vec<_> = chunk.par_iter().map(one).collect();
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
            for batch in rx {
                batch.into_iter().for_each(&mut consume);
            }
        });
    }
    match format {
        _ if args.diff => {}
        Format::Pretty => write(&report::pretty::footer(&sum.totals)),
        Format::Concise => write(&report::concise::footer(&sum.totals)),
        Format::Json => write(&report::json::footer(&sum, items)),
        Format::Github => write(&report::github::footer(&sum.totals)),
        Format::Sarif => write(&report::sarif::footer(items)),
        Format::Markdown => {
            if let Some(md) = md_out.take() {
                write(&md.finish(sum.totals.skipped));
            }
        }
    }
    if let Some(t) = &stop_token {
        write(&format!("::{t}::\n"));
    }
    let _ = out.flush();
    drop(out);
    let markdown = md_extra.map(|m| m.finish(sum.totals.skipped));
    github_extras(&args, markdown.as_deref(), &sum, format, in_actions);
    for e in &write_errors {
        eprintln!("cardlint: error: {e}");
    }
    let (cards, n) = fixes;
    if args.diff {
        eprintln!(
            "cardlint: {n} fix{} in {cards} card{} (nothing written)",
            if n == 1 { "" } else { "es" },
            if cards == 1 { "" } else { "s" }
        );
        return if !write_errors.is_empty() {
            ExitCode::from(2)
        } else if cards > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }
    if args.fix {
        eprintln!(
            "cardlint: fixed {n} finding{} in {cards} card{}",
            if n == 1 { "" } else { "s" },
            if cards == 1 { "" } else { "s" }
        );
    }
    if !write_errors.is_empty() {
        return ExitCode::from(2);
    }
    if sum.failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
