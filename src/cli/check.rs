//! `cardlint check`: drives the library's pipeline on all cores in a streamed pipeline, writes
//! the chosen format, and the GitHub extras (job summary, step outputs, the sticky comment).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{emit, fail, use_color, CheckArgs, FactArgs, Format};
use cardlint::config::{FlagFacts, Overrides};
use cardlint::input::Source;
use cardlint::lint::CardReport;
use cardlint::pipeline::{lint_chunk, lint_job, Job, Options, Plan, CHUNK};
use cardlint::report;

impl CheckArgs {
    /// The library's options for these arguments.
    pub fn options(&self) -> Options {
        Options {
            paths: self.paths.clone(),
            stdin_filename: self.stdin_filename.clone(),
            include: self.include.clone(),
            max_file_size: self.max_file_size,
            model_cards_only: self.model_cards_only,
            fix: self.fix,
            unsafe_fixes: self.unsafe_fixes,
            diff: self.diff,
            isolated: self.facts.isolated,
            config: self.facts.config.clone(),
            repo_dir: self.facts.repo_dir.clone(),
            overrides: overrides(self),
        }
    }
}

fn overrides(c: &CheckArgs) -> Overrides {
    Overrides {
        select: c.select.clone(),
        ignore: c.ignore.clone(),
        min_reporting: c.min_reporting_class.clone(),
        min_efficiency: c.min_efficiency_class.clone(),
        fail_on: c.fail_on,
        mode: c.facts.efficiency_mode.clone(),
        facts: flag_facts(&c.facts),
    }
}

pub(super) fn flag_facts(f: &FactArgs) -> FlagFacts {
    FlagFacts {
        model_size: f.model_size,
        datasets_size: f.datasets_size,
        downloads: f.downloads,
        performance_score: f.performance_score,
    }
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
        eprintln!("cardlint: warning: {}", report::safe_text(msg));
        if format == Format::Github {
            println!(
                "::warning title=cardlint::{}",
                report::github::escape_data(&report::safe_text(msg))
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
    use cardlint::github::{sticky_comment, Outcome, Target};
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
fn plan_or_fail(args: &CheckArgs, opts: &Options) -> Result<Plan, ExitCode> {
    let (plan, warnings) = cardlint::pipeline::plan(opts).map_err(fail)?;
    if plan.is_empty() {
        // A green check that linted nothing would hide every card: that is an error.
        let named = if args.paths.is_empty() {
            ".".to_string()
        } else {
            args.paths
                .iter()
                .map(|p| cardlint::report::safe_text(&p.to_string_lossy()).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(fail(format!(
            "no model card found in {named} (cards are files named README.md, or matching --include)"
        )));
    }
    for w in warnings {
        eprintln!("cardlint: warning: {}", report::safe_text(&w));
    }
    Ok(plan)
}

pub(super) fn stats(args: CheckArgs, format: super::StatsFormat) -> ExitCode {
    let opts = args.options();
    let plan = match plan_or_fail(&args, &opts) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut st = report::stats::Stats::default();
    for chunk in plan.chunks(CHUNK) {
        for r in lint_chunk(chunk, &opts, true) {
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
    let opts = args.options();
    let plan = match plan_or_fail(&args, &opts) {
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
        let mut r = lint_job(job, &opts)?;
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
