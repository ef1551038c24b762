//! `cardlint check`: drives the library's pipeline on all cores in a streamed pipeline, writes
//! the chosen format, and the GitHub extras (job summary, step outputs, the sticky comment).

use std::path::Path;
use std::process::ExitCode;

use super::github::github_extras;
use super::sink::Sink;
use super::{fail, CheckArgs, FactArgs, Format};
use cardlint::config::{FlagFacts, Overrides};
use cardlint::input::Source;
use cardlint::lint::CardReport;
use cardlint::pipeline::{drive, lint_job, Job, Options, Plan};
use cardlint::report;

impl CheckArgs {
    /// The library's options for these arguments (`Err`: the `--files-from` file cannot be
    /// read).
    pub fn options(&self) -> Result<Options, String> {
        let mut paths = self.paths.clone();
        if let Some(f) = &self.files_from {
            paths.extend(read_path_list(f)?);
        }
        Ok(Options {
            paths,
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
        })
    }
}

/// With the Hub's facts asked for, cards wait on the network: the thread pool is widened to
/// the requests allowed in flight, so that a 2-core runner still keeps 8 requests going.
pub(super) fn widen_for_hub(opts: &Options) {
    let hub_paths = opts.paths.iter().any(|p| {
        p.to_str()
            .is_some_and(|s| s.starts_with(cardlint::input::HUB_SCHEME))
    });
    if hub_paths || opts.overrides.hub || opts.overrides.hub_id.is_some() {
        let n = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(8))
            .build_global();
    }
}

/// The paths a `--files-from` file lists: one per line, blank lines and `#` comments skipped.
/// `-` reads the list from standard input. A list that names no path is an error: a check of
/// nothing would pass.
fn read_path_list(f: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    const MAX_LIST: u64 = 64 * 1024 * 1024;
    let shown = report::safe_text(&f.to_string_lossy()).into_owned();
    let bytes = if f.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin().lock(), MAX_LIST),
            &mut b,
        )
        .map_err(|e| format!("--files-from -: cannot read the list from standard input: {e}"))?;
        b
    } else {
        cardlint::input::read_file_of(f, MAX_LIST, "list file")
            .map_err(|(why, _)| format!("--files-from {shown}: {why}"))?
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| format!("--files-from {shown}: the list file is not UTF-8 text"))?;
    let paths: Vec<_> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(std::path::PathBuf::from)
        .collect();
    if paths.is_empty() {
        let what = if text.trim().is_empty() {
            "is empty"
        } else {
            "holds only comments"
        };
        return Err(format!(
            "--files-from {shown}: the list file {what}; it names no card"
        ));
    }
    Ok(paths)
}

fn overrides(c: &CheckArgs) -> Overrides {
    Overrides {
        select: c.select.clone(),
        ignore: c.ignore.clone(),
        min_reporting: c.min_reporting_class,
        min_efficiency: c.min_efficiency_class,
        fail_on: c.fail_on,
        mode: c.facts.efficiency_mode,
        facts: flag_facts(&c.facts),
        hub: c.facts.hub,
        hub_id: c.facts.hub_id.clone(),
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

fn format_name(f: Format) -> &'static str {
    match f {
        Format::Pretty => "pretty",
        Format::Concise => "concise",
        Format::Json => "JSON",
        Format::Github => "GitHub workflow commands",
        Format::Sarif => "SARIF",
        Format::Markdown => "Markdown",
        Format::Jsonl => "JSON Lines",
    }
}

/// The plan, with its warnings printed; a config error becomes exit code 2.
pub(super) fn plan_or_fail(args: &CheckArgs, opts: &Options) -> Result<Plan, ExitCode> {
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

/// Refuses option combinations that make no sense, before any work.
fn validate(args: &CheckArgs) -> Result<(), ExitCode> {
    if args.statistics {
        if let Some(f @ (Format::Json | Format::Sarif | Format::Markdown | Format::Github)) =
            args.format
        {
            return Err(fail(format!(
                "--statistics prints a table of findings per rule, which is not {}; use --format pretty or concise",
                format_name(f)
            )));
        }
    }
    if args
        .files_from
        .as_deref()
        .is_some_and(|f| f.as_os_str() == "-")
        && args.paths.iter().any(|p| p.as_os_str() == "-")
    {
        return Err(fail(
            "--files-from - and the path - both read standard input; give one of them",
        ));
    }
    if args.diff {
        if let Some(
            f @ (Format::Json | Format::Sarif | Format::Markdown | Format::Github | Format::Jsonl),
        ) = args.format
        {
            return Err(fail(format!(
                "--diff prints a unified diff, which is not {}; drop --format (or CARDLINT_OUTPUT_FORMAT) or --diff",
                format_name(f)
            )));
        }
    }
    let in_actions = std::env::var_os("GITHUB_ACTIONS").is_some();
    if args.paths.is_empty()
        && args.files_from.is_none()
        && args.jsonl.from_jsonl.is_none()
        && !args.quiet
        && !in_actions
        && stdin_is_pipe()
    {
        eprintln!(
            "cardlint: note: standard input is a pipe, but no path was given: linting the cards under `.`; pass `-` to lint the card on standard input, or `--files-from -` for a list of paths"
        );
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        eprintln!("cardlint: warning: --unsafe-fixes does nothing without --fix or --diff");
    }
    Ok(())
}

/// Whether standard input is a pipe (not a terminal, a file or /dev/null).
fn stdin_is_pipe() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::FileTypeExt;
        std::io::stdin()
            .as_fd()
            .try_clone_to_owned()
            .map(std::fs::File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.file_type().is_fifo())
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A token only this run knows, for `::stop-commands::`.
pub(super) fn stop_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let r = || {
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    format!("cardlint-{:016x}{:016x}", r(), r())
}

/// The fix summary on stderr and the exit code: 2 when a fix could not be written; with
/// `--diff`, 1 when something would change; else 1 when a card fails (unless `--exit-zero`).
fn finish(
    args: &CheckArgs,
    sum: &report::Summary,
    fixes: (usize, usize),
    errors: &[String],
) -> ExitCode {
    for e in errors {
        eprintln!("cardlint: error: {e}");
    }
    let (cards, n) = fixes;
    if args.quiet {
        return exit_code(args, sum, cards, errors);
    }
    let plural = |k: usize, one: &'static str, many: &'static str| if k == 1 { one } else { many };
    if args.diff {
        eprintln!(
            "cardlint: {n} fix{} in {cards} card{} (nothing written)",
            plural(n, "", "es"),
            plural(cards, "", "s")
        );
    } else if args.fix {
        eprintln!(
            "cardlint: fixed {n} finding{} in {cards} card{}",
            plural(n, "", "s"),
            plural(cards, "", "s")
        );
    }
    let left = sum.totals.unsafe_fixable;
    if (args.fix || args.diff) && !args.unsafe_fixes && left > 0 {
        eprintln!(
            "cardlint: {left} finding{} {} only an unsafe fix; add --unsafe-fixes to apply {}",
            plural(left, "", "s"),
            plural(left, "has", "have"),
            plural(left, "it", "them")
        );
    }
    exit_code(args, sum, cards, errors)
}

/// 2 when a fix could not be written; with `--diff`, 1 when something would change; else 1
/// when a card fails (unless `--exit-zero`).
fn exit_code(args: &CheckArgs, sum: &report::Summary, cards: usize, errors: &[String]) -> ExitCode {
    let failed = if args.diff {
        cards > 0
    } else {
        sum.failing && !args.exit_zero
    };
    if !errors.is_empty() {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What `check` lints: the cards a plan of paths names, or the rows of a dump.
enum Cards {
    Plan(Plan),
    Dump(super::corpus::Input),
}

/// The cards: a plan of paths, or a dump's rows (`--from-jsonl`).
fn cards(args: &CheckArgs, opts: &Options) -> Result<Cards, ExitCode> {
    if args.jsonl.from_jsonl.is_some() {
        return super::corpus::open(args, opts, None).map(Cards::Dump);
    }
    widen_for_hub(opts);
    plan_or_fail(args, opts).map(Cards::Plan)
}

pub(super) fn check(args: CheckArgs) -> ExitCode {
    if let Err(code) = validate(&args) {
        return code;
    }
    let opts = match args.options() {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let input = match cards(&args, &opts) {
        Ok(c) => c,
        Err(code) => return code,
    };
    if args.fix
        && matches!(&input, Cards::Plan(p) if p.iter().any(|j| matches!(j.src, Source::Stdin { .. })))
    {
        return fail("--fix cannot write standard input back; use --diff");
    }
    let in_actions = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let format = args.format.unwrap_or(if in_actions {
        Format::Github
    } else {
        Format::Pretty
    });
    // The Markdown report (stdout, job summary, comment) is built card by card from compact
    // reports; every other format is written card by card, so memory stays flat however many
    // cards there are.
    let doc_kind = match format {
        Format::Json => Some(report::document::Kind::Json),
        Format::Sarif => Some(report::document::Kind::Sarif),
        _ => None,
    };
    let mut sink = match Sink::new(&args, format, doc_kind, in_actions) {
        Ok(s) => s,
        Err(e) => return fail(e),
    };
    let render = |r: &CardReport| match format {
        _ if args.diff => r.diff.clone().unwrap_or_default(),
        // Pretty cards are rendered by the sink, in order.
        Format::Pretty | Format::Markdown => String::new(),
        Format::Concise if args.statistics => String::new(),
        Format::Concise => report::concise::card(r),
        Format::Json | Format::Sarif => report::document::Document::card_text(
            doc_kind.expect("JSON and SARIF are documents"),
            r,
        ),
        Format::Github => report::github::card(r),
        Format::Jsonl => cardlint::corpus::jsonl_card(r),
    };
    let in_order = format == Format::Pretty && !args.diff && !args.statistics;
    // One card: lint, render, keep only what the footers need.
    let one = |job: &Job| -> Option<(CardReport, String)> {
        let mut r = lint_job(job, &opts)?;
        let text = render(&r);
        // What is kept of a card past its rendering holds no card text (a pretty card keeps
        // it until the sink rendered it).
        if !in_order {
            r.compact();
        }
        Some((r, text))
    };
    sink.begin();
    let tally = match input {
        Cards::Plan(plan) => {
            drive(&plan, &one, &mut |done| sink.card(done));
            None
        }
        Cards::Dump(rows) => Some(rows.check(format == Format::Jsonl, &render, &mut |done| {
            sink.card(done);
        })),
    };
    sink.end();
    if let Some(t) = tally {
        t.print();
    }
    let Sink {
        out,
        md_extra,
        sum,
        fixes,
        write_errors,
        ..
    } = sink;
    drop(out);
    let markdown = md_extra.map(|m| m.finish(sum.totals.skipped));
    github_extras(&args, markdown.as_deref(), &sum, format, in_actions);
    finish(&args, &sum, fixes, &write_errors)
}
