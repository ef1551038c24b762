//! `cardlint check`: drives the library's pipeline on all cores in a streamed pipeline, writes
//! the chosen format, and the GitHub extras (job summary, step outputs, the sticky comment).

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::github::github_extras;
use super::{fail, use_color, CheckArgs, FactArgs, Format};
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
fn read_path_list(f: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let shown = report::safe_text(&f.to_string_lossy()).into_owned();
    let bytes = cardlint::input::read_file(f, 64 * 1024 * 1024)
        .map_err(|(why, _)| format!("--files-from {shown}: {why}"))?;
    let text =
        String::from_utf8(bytes).map_err(|_| format!("--files-from {shown}: not UTF-8 text"))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(std::path::PathBuf::from)
        .collect())
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
    if args.unsafe_fixes && !args.fix && !args.diff {
        eprintln!("cardlint: warning: --unsafe-fixes does nothing without --fix or --diff");
    }
    Ok(())
}

/// A token only this run knows, for `::stop-commands::`.
fn stop_token() -> String {
    use std::hash::{BuildHasher, Hasher};
    let r = || {
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    format!("cardlint-{:016x}{:016x}", r(), r())
}

/// Where the cards' rendered text goes, card by card: stdout in the chosen format, the Markdown
/// reports, the totals and the fixes. Nothing of a card is kept past its rendering but its
/// compact report's counts.
struct Sink<W: Write> {
    out: W,
    format: Format,
    diff: bool,
    /// Inside Actions: workflow commands are off until this token (see [`Sink::begin`]).
    stop: Option<String>,
    /// JSON and SARIF: the document, framed by the library's one emitter.
    doc: Option<report::document::Document>,
    md_out: Option<report::markdown::Builder>,
    md_extra: Option<report::markdown::Builder>,
    sum: report::Summary,
    /// (cards changed, fixes applied).
    fixes: (usize, usize),
    write_errors: Vec<String>,
}

impl Sink<std::io::BufWriter<std::io::StdoutLock<'static>>> {
    fn new(
        args: &CheckArgs,
        format: Format,
        doc_kind: Option<report::document::Kind>,
        in_actions: bool,
    ) -> Self {
        let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").is_some_and(|v| !v.is_empty());
        Sink {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            format,
            diff: args.diff,
            stop: (in_actions && (args.diff || matches!(format, Format::Pretty | Format::Concise)))
                .then(stop_token),
            doc: doc_kind
                .filter(|_| !args.diff)
                .map(report::document::Document::new),
            md_out: (format == Format::Markdown && !args.diff)
                .then(|| report::markdown::Builder::new(usize::MAX)),
            md_extra: (summary_file || args.comment)
                .then(|| report::markdown::Builder::new(report::markdown::MAX_SUMMARY)),
            sum: report::Summary::default(),
            fixes: (0, 0),
            write_errors: Vec::new(),
        }
    }
}

impl<W: Write> Sink<W> {
    fn write(&mut self, s: &str) {
        // A closed pipe (`cardlint … | head`) is not an error.
        let _ = self.out.write_all(s.as_bytes());
    }

    /// Inside GitHub Actions the pretty and concise formats and `--diff` start lines with card
    /// text (a path, a diff line): the runner is told to ignore workflow commands until a token
    /// only this run knows, so no card line is read as `::error::…` or `::add-mask::…`. (JSON,
    /// SARIF and Markdown never start a line with card text; `github` is commands.)
    fn begin(&mut self) {
        if let Some(t) = self.stop.clone() {
            self.write(&format!("::stop-commands::{t}\n"));
        }
        if let Some(h) = self.doc.as_ref().map(report::document::Document::header) {
            self.write(&h);
        }
    }

    fn card(&mut self, done: Option<(CardReport, String)>) {
        let Some((r, text)) = done else {
            self.sum.totals.skipped += 1;
            return;
        };
        match self.doc.as_mut() {
            Some(doc) => {
                let out = &mut self.out;
                // A closed pipe (`cardlint … | head`) is not an error.
                doc.push(&text, &mut |t| drop(out.write_all(t.as_bytes())));
            }
            None => self.write(&text),
        }
        for md in [&mut self.md_out, &mut self.md_extra].into_iter().flatten() {
            md.add(&r);
        }
        if !r.fixed.is_empty() {
            self.fixes.0 += 1;
            self.fixes.1 += r.fixed.len();
        }
        if let Some(e) = &r.write_error {
            self.write_errors.push(e.clone());
        }
        self.sum.add(&r);
    }

    fn end(&mut self) {
        let t = &self.sum.totals;
        let footer = match self.format {
            // JSON Lines: one object a row, no footer (`stats` counts a dump).
            _ if self.diff => String::new(),
            Format::Jsonl => String::new(),
            Format::Json | Format::Sarif => self
                .doc
                .as_ref()
                .map_or_else(String::new, |d| d.footer(&self.sum)),
            Format::Pretty => report::pretty::footer(t),
            Format::Concise => report::concise::footer(t),
            Format::Github => report::github::footer(t),
            Format::Markdown => self
                .md_out
                .take()
                .map(|md| md.finish(t.skipped))
                .unwrap_or_default(),
        };
        self.write(&footer);
        if let Some(t) = self.stop.clone() {
            self.write(&format!("::{t}::\n"));
        }
        let _ = self.out.flush();
    }
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
    let mut sink = Sink::new(&args, format, doc_kind, in_actions);
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    let pretty = report::pretty::Pretty::new(report::pretty::Style {
        color: use_color(args.color),
        width,
    });
    let render = |r: &CardReport| match format {
        _ if args.diff => r.diff.clone().unwrap_or_default(),
        Format::Pretty => pretty.card(r),
        Format::Concise => report::concise::card(r),
        Format::Json | Format::Sarif => report::document::Document::card_text(
            doc_kind.expect("JSON and SARIF are documents"),
            r,
        ),
        Format::Github => report::github::card(r),
        Format::Markdown => String::new(),
        Format::Jsonl => cardlint::corpus::jsonl_card(r),
    };
    // One card: lint, render, keep only what the footers need.
    let one = |job: &Job| -> Option<(CardReport, String)> {
        let mut r = lint_job(job, &opts)?;
        let text = render(&r);
        // What is kept of a card past its rendering holds no card text.
        r.compact();
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
