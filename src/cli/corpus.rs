//! Corpus mode on the command line: `--from-jsonl FILE|-` for `check` (every format, and
//! `--format jsonl`) and for `stats` (with `--group-by COLUMN`).

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{emit, fail, CheckArgs, StatsFormat};
use cardlint::corpus::{self, Columns, Line, Lines};
use cardlint::lint::{CardReport, External};
use cardlint::pipeline::{drive_chunks, Options};
use cardlint::report::{self, safe_text, stats::Stats};

/// `check`'s corpus options.
#[derive(Debug, Clone, Args, Default)]
pub struct JsonlArgs {
    /// Read the cards from JSON Lines, one object a card: its text in `card`, its id in
    /// `modelId` or `id`; `downloads`, `model_size` and `datasets_size` are facts for the label.
    /// FILE or `-` (standard input).
    #[arg(long, value_name = "FILE")]
    pub from_jsonl: Option<PathBuf>,
    /// Columns of each row copied to `--format jsonl`'s rows (comma-separated).
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "COLUMNS",
        requires = "from_jsonl"
    )]
    pub keep_columns: Vec<String>,
}

/// `stats`' corpus options.
#[derive(Debug, Clone, Args, Default)]
pub struct StatsJsonlArgs {
    /// Read the cards from JSON Lines (see `cardlint --help`), FILE or `-`.
    #[arg(long, value_name = "FILE")]
    pub from_jsonl: Option<PathBuf>,
    /// One table per value of this column; a date or timestamp (`2023-05-01T…`) groups by its
    /// year.
    #[arg(long, value_name = "COLUMN", requires = "from_jsonl")]
    pub group_by: Option<String>,
}

impl StatsJsonlArgs {
    /// The corpus options `stats` lints with (no column is kept: it prints tables).
    pub(super) fn into_check(self) -> JsonlArgs {
        JsonlArgs {
            from_jsonl: self.from_jsonl,
            keep_columns: Vec::new(),
        }
    }
}

/// An open dump and how its rows are read.
pub(super) struct Input {
    lines: Lines<Box<dyn BufRead + Send>>,
    pub cols: Columns,
    settings: std::sync::Arc<cardlint::config::Settings>,
}

/// What the summary on standard error counts: bad rows and ignored fact columns, each with
/// the first one's message.
#[derive(Default)]
pub(super) struct Tally {
    bad: (usize, Option<String>),
    ignored: (usize, Option<String>),
}

impl Tally {
    fn add(&mut self, info: &corpus::RowInfo) {
        if let Some(e) = &info.error {
            self.bad.0 += 1;
            self.bad.1.get_or_insert_with(|| e.clone());
        }
        if let Some(w) = info.warnings.first() {
            self.ignored.0 += info.warnings.len();
            self.ignored
                .1
                .get_or_insert_with(|| format!("line {}: {w}", info.line));
        }
    }

    /// The summary lines on standard error (nothing when every row was good).
    pub(super) fn print(&self) {
        for ((n, first), one, many) in [
            (&self.bad, "bad row", "bad rows"),
            (&self.ignored, "fact column ignored", "fact columns ignored"),
        ] {
            if let Some(f) = first {
                let what = if *n == 1 { one } else { many };
                eprintln!(
                    "cardlint: warning: {n} {what} (the first: {})",
                    safe_text(f)
                );
            }
        }
    }
}

/// Refuses what corpus mode cannot do, then opens the dump.
pub(super) fn open(
    args: &CheckArgs,
    opts: &Options,
    group_by: Option<String>,
) -> Result<Input, ExitCode> {
    let file = args.jsonl.from_jsonl.clone().expect("corpus mode");
    let with = |flag: &str| {
        fail(format!(
            "--from-jsonl reads every card from the dump; it does not combine with {flag}"
        ))
    };
    if !args.paths.is_empty() || args.files_from.is_some() {
        return Err(with("paths or --files-from"));
    }
    for (on, flag) in [
        (args.fix || args.diff, "--fix or --diff"),
        (args.stdin_filename.is_some(), "--stdin-filename"),
        (args.model_cards_only, "--model-cards-only"),
        (args.facts.repo_dir.is_some(), "--repo-dir"),
        (
            args.facts.hub || args.facts.hub_id.is_some(),
            "--hub or --hub-id (the dump's columns are the facts)",
        ),
    ] {
        if on {
            return Err(with(flag));
        }
    }
    let keep = args.jsonl.keep_columns.clone();
    for (i, k) in keep.iter().enumerate() {
        if corpus::RESERVED.contains(&k.as_str()) || keep[..i].contains(k) {
            return Err(fail(format!(
                "--keep-columns: `{}` is {} (the rows' own fields are {})",
                safe_text(k),
                if keep[..i].contains(k) {
                    "named twice"
                } else {
                    "a field of the output rows"
                },
                corpus::RESERVED.join(", ")
            )));
        }
    }
    let shown = safe_text(&file.to_string_lossy()).into_owned();
    let reader: Box<dyn BufRead + Send> = if file.as_os_str() == "-" {
        Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin()))
    } else {
        let f = std::fs::File::open(&file)
            .map_err(|e| fail(format!("--from-jsonl {shown}: cannot read it: {e}")))?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, f))
    };
    let settings = cardlint::pipeline::settings_here(opts).map_err(fail)?;
    let cols = Columns {
        keep,
        group_by,
        max_card: args.max_file_size,
        input: shown,
    };
    Ok(Input {
        lines: Lines::new(reader, cols.max_line()),
        cols,
        settings,
    })
}

impl Input {
    /// Lints every row on all cores, in input order: `out` turns a row's report into what the
    /// front end keeps of it (in parallel), and `consume` gets that with the row's information.
    pub(super) fn drive<T: Send>(
        self,
        out: &(dyn Fn(CardReport, &corpus::RowInfo, &Columns) -> T + Sync),
        consume: &mut dyn FnMut(T, corpus::RowInfo),
    ) -> Tally {
        let Input {
            lines,
            cols,
            settings,
        } = self;
        let ext = External::default();
        let one = |l: &Line| {
            let (r, info) = corpus::report(corpus::parse(l, &cols), &cols, &settings, &ext);
            (out(r, &info, &cols), info)
        };
        let mut tally = Tally::default();
        drive_chunks(lines, &one, &mut |(t, info)| {
            tally.add(&info);
            consume(t, info);
        });
        tally
    }
}

impl Input {
    /// `check`'s rows: each report rendered by `render`, or as a `--format jsonl` row, then
    /// compacted.
    pub(super) fn check(
        self,
        jsonl: bool,
        render: &(dyn Fn(&CardReport) -> String + Sync),
        consume: &mut dyn FnMut(Option<(CardReport, String)>),
    ) -> Tally {
        let out = |mut r: CardReport, info: &corpus::RowInfo, cols: &Columns| {
            let text = if jsonl {
                corpus::jsonl(info, cols, &r)
            } else {
                render(&r)
            };
            r.compact();
            Some((r, text))
        };
        self.drive(&out, &mut |done, _| consume(done))
    }
}

/// `cardlint stats --from-jsonl`: the corpus table, and with `--group-by` one per group.
pub(super) fn stats(args: &CheckArgs, format: StatsFormat, group_by: Option<String>) -> ExitCode {
    let opts = match args.options() {
        Ok(o) => o,
        Err(e) => return fail(e),
    };
    let input = match open(args, &opts, group_by.clone()) {
        Ok(i) => i,
        Err(code) => return code,
    };
    let mut all = Stats::default();
    let mut groups: BTreeMap<String, Stats> = BTreeMap::new();
    let compact = |mut r: CardReport, _: &corpus::RowInfo, _: &Columns| {
        r.compact();
        r
    };
    let tally = input.drive(&compact, &mut |r, info| {
        all.add(&r);
        if let Some(g) = info.group {
            let at_cap = groups.len() >= corpus::MAX_GROUPS && !groups.contains_key(&g);
            let g = if at_cap { corpus::OTHER.to_string() } else { g };
            groups.entry(g).or_default().add(&r);
        }
    });
    tally.print();
    emit(&match group_by {
        None => render_stats(&all, format),
        Some(column) => grouped(&column, &all, &groups, format),
    });
    ExitCode::SUCCESS
}

fn render_stats(st: &Stats, format: StatsFormat) -> String {
    match format {
        StatsFormat::Json => st.json(),
        StatsFormat::Markdown => st.markdown(),
        StatsFormat::Pretty => st.pretty(),
    }
}

/// The whole corpus's table, then one a group (groups in the order of their values: years
/// ascending).
fn grouped(
    column: &str,
    all: &Stats,
    groups: &BTreeMap<String, Stats>,
    format: StatsFormat,
) -> String {
    match format {
        StatsFormat::Json => {
            let parse = |st: &Stats| -> serde_json::Value {
                serde_json::from_str(&st.json()).expect("stats are JSON")
            };
            let v = serde_json::json!({
                "version": 1,
                "group_by": column,
                "all": parse(all),
                "groups": groups.iter().map(|(g, st)| serde_json::json!({"group": g, "stats": parse(st)})).collect::<Vec<_>>(),
            });
            report::json_safe(serde_json::to_string_pretty(&v).expect("serialisable") + "\n")
        }
        StatsFormat::Markdown => {
            let mut out = all.markdown();
            for (g, st) in groups {
                let body = st.markdown();
                let body = body.strip_prefix("## cardlint stats\n").unwrap_or(&body);
                out.push_str(&format!(
                    "\n## {} = {}\n{body}",
                    report::markdown::escape(column),
                    report::markdown::escape(g)
                ));
            }
            out
        }
        StatsFormat::Pretty => {
            let mut out = format!("All cards\n\n{}", all.pretty());
            for (g, st) in groups {
                out.push_str(&format!(
                    "\n{} = {}\n\n{}",
                    safe_text(column),
                    safe_text(g),
                    st.pretty()
                ));
            }
            out
        }
    }
}
