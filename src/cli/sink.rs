//! Where a check's cards go, card by card: the chosen format on stdout (or `--output-file`),
//! the Markdown reports, the totals, `--statistics` and the fixes.

use std::io::Write;

use super::{use_color, CheckArgs, Format};
use cardlint::lint::CardReport;
use cardlint::report;

/// Where the cards' rendered text goes, card by card: stdout in the chosen format, the Markdown
/// reports, the totals and the fixes. Nothing of a card is kept past its rendering but its
/// compact report's counts.
pub(super) struct Sink<W: Write> {
    pub(super) out: W,
    format: Format,
    diff: bool,
    /// Inside Actions: workflow commands are off until this token (see [`Sink::begin`]).
    stop: Option<String>,
    /// JSON and SARIF: the document, framed by the library's one emitter.
    doc: Option<report::document::Document>,
    md_out: Option<report::markdown::Builder>,
    pub(super) md_extra: Option<report::markdown::Builder>,
    pub(super) sum: report::Summary,
    /// `--statistics`: findings per rule, printed instead of the findings.
    stats: Option<report::statistics::Statistics>,
    /// `--quiet`: no totals.
    quiet: bool,
    /// Pretty cards are rendered here, in order, so that a help is printed once in the run.
    pretty: Option<(report::pretty::Pretty, report::pretty::Seen)>,
    /// (cards changed, fixes applied).
    pub(super) fixes: (usize, usize),
    pub(super) write_errors: Vec<String>,
}

impl Sink<Box<dyn Write>> {
    pub(super) fn new(
        args: &CheckArgs,
        format: Format,
        doc_kind: Option<report::document::Kind>,
        in_actions: bool,
    ) -> Result<Self, String> {
        let summary_file = std::env::var_os("GITHUB_STEP_SUMMARY").is_some_and(|v| !v.is_empty());
        let out: Box<dyn Write> = match &args.output_file {
            Some(f) => Box::new(std::io::BufWriter::new(std::fs::File::create(f).map_err(
                |e| {
                    format!(
                        "cannot write the output file {}: {}",
                        report::safe_text(&f.to_string_lossy()),
                        e
                    )
                },
            )?)),
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        Ok(Sink {
            out,
            format,
            diff: args.diff,
            stop: (in_actions && (args.diff || matches!(format, Format::Pretty | Format::Concise)))
                .then(super::check::stop_token),
            doc: doc_kind
                .filter(|_| !args.diff)
                .map(report::document::Document::new),
            md_out: (format == Format::Markdown && !args.diff)
                .then(|| report::markdown::Builder::new(usize::MAX)),
            md_extra: (summary_file || args.comment)
                .then(|| report::markdown::Builder::new(report::markdown::MAX_SUMMARY)),
            sum: report::Summary::default(),
            stats: args
                .statistics
                .then(report::statistics::Statistics::default),
            quiet: args.quiet,
            pretty: (format == Format::Pretty && !args.diff && !args.statistics).then(|| {
                let width = std::env::var("COLUMNS")
                    .ok()
                    .and_then(|c| c.parse().ok())
                    .unwrap_or(100);
                let style = report::pretty::Style {
                    color: use_color(args.color) && args.output_file.is_none(),
                    width,
                    verbose: args.verbose,
                };
                (
                    report::pretty::Pretty::new(style),
                    report::pretty::Seen::new(),
                )
            }),
            fixes: (0, 0),
            write_errors: Vec::new(),
        })
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
    pub(super) fn begin(&mut self) {
        if let Some(t) = self.stop.clone() {
            self.write(&format!("::stop-commands::{t}\n"));
        }
        if let Some(h) = self.doc.as_ref().map(report::document::Document::header) {
            self.write(&h);
        }
    }

    pub(super) fn card(&mut self, done: Option<(CardReport, String)>) {
        let Some((mut r, mut text)) = done else {
            self.sum.totals.skipped += 1;
            return;
        };
        if let Some((p, seen)) = &mut self.pretty {
            if !(self.quiet && r.diagnostics.is_empty()) {
                text = p.card(&r, seen);
            }
            r.compact();
        }
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
        if let Some(s) = &mut self.stats {
            s.add(&r);
        }
        self.sum.add(&r);
    }

    pub(super) fn end(&mut self) {
        let t = &self.sum.totals;
        let footer = match self.format {
            _ if self.diff => String::new(),
            // JSON Lines: one object a row, no footer (`stats` counts a dump).
            Format::Jsonl => String::new(),
            Format::Pretty | Format::Concise if self.stats.is_some() => {
                let table = self
                    .stats
                    .as_ref()
                    .map(report::statistics::Statistics::render);
                let totals = format!("Found {} in {}.\n", t.phrase(), t.cards_phrase());
                table.unwrap_or_default() + if self.quiet { "" } else { &totals }
            }
            Format::Pretty | Format::Concise | Format::Github if self.quiet => String::new(),
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
