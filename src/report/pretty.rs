//! Human output: per card a verdict line (the reporting level and the next step), the
//! efficiency label as a compact A–E scale, then a miette code frame per finding (frame.rs); a
//! blank line between cards. The short form (the default) prints each help once in the run and
//! groups a rule's repeated findings on a card; `--verbose` the long one.

use std::fmt::Write;

use miette::{GraphicalReportHandler, GraphicalTheme};

use super::frame::frame;
use super::{fix_mark, Totals};
use crate::class::efficiency::{self, Grade, Provenance};
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::CardReport;

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// Every finding's help in full on every card (`--verbose`) and context lines around each
    /// frame; else a help is printed the first time in the run only.
    pub verbose: bool,
}

/// Code frames drawn for one card; the other findings are counted in one line (`--format
/// concise` or `json` lists them all).
pub const MAX_FRAMES: usize = 100;

fn paint(s: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

/// ` A   B  [C]  D   E `, the card's class bracketed (and coloured where colour is on).
pub fn scale(class: Option<Grade>, color: bool) -> String {
    const COLORS: [&str; 5] = ["1;32", "32", "33", "31", "1;31"];
    efficiency::scale(
        class,
        |g| paint(&format!("[{g}]"), COLORS[g.index()], color),
        |g| format!(" {g} "),
        " ",
    )
}

/// The efficiency line: the scale, how many metrics it rests on (provisional below three),
/// the mode where it is not the default, and each rated metric with its value and rating.
pub fn efficiency_line(c: &CardReport, color: bool) -> Option<String> {
    let e = c.efficiency.as_ref()?;
    let mode = e.mode.suffix();
    if e.class.is_none() {
        return Some(format!("efficiency: no label (it needs a CO2 value{mode})"));
    }
    let rated: Vec<String> = e
        .metrics
        .iter()
        .filter_map(|m| {
            let approx = if m.name == crate::class::efficiency::MetricId::Performance
                && e.performance_approximate
            {
                " (approximate, from model-index)"
            } else {
                ""
            };
            // Where a metric came from, unless the card itself (its CO2, its model-index).
            let from = match m.from {
                Some(
                    p @ (Provenance::Flag
                    | Provenance::Repository
                    | Provenance::Hub
                    | Provenance::Column),
                ) => {
                    format!(" (from {p})")
                }
                _ => String::new(),
            };
            let value = efficiency::shown_value(m).unwrap_or_default();
            m.rating.map(|r| {
                format!(
                    "{} {value} rates {r}{from}{approx}",
                    efficiency::plain_name(m.name)
                )
            })
        })
        .collect();
    let evidence = efficiency::evidence(e);
    let evidence = if e.provisional {
        paint(&evidence, "33", color)
    } else {
        evidence
    };
    let mut line = format!(
        "efficiency: {}  {evidence}{mode}: {}",
        scale(e.class, color),
        rated.join(", ")
    );
    if !e.model_files.is_empty() {
        // File names from the checkout or the Hub: escaped like every card-controlled text.
        let names: Vec<String> = e
            .model_files
            .iter()
            .map(|n| super::github::inert(&super::safe_text(n)))
            .collect();
        line.push_str(&format!(
            "\n              model size from {}",
            names.join(", ")
        ));
    }
    Some(line)
}

/// Renders cards one at a time (the output is streamed), in order: a help text already
/// printed in the run is not printed again (unless `verbose`).
pub struct Pretty {
    handler: GraphicalReportHandler,
    style: Style,
}

/// The helps printed so far in a run.
pub type Seen = std::collections::HashSet<String>;

/// In the short form, findings of one rule on one card beyond this many are counted in one
/// line (their places listed) instead of drawn.
const GROUP_AFTER: usize = 1;

impl Pretty {
    pub fn new(style: Style) -> Pretty {
        let theme = if style.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        Pretty {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(style.width)
                .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
                .with_links(false)
                .with_context_lines(usize::from(style.verbose)),
            style,
        }
    }

    /// Whether to print a finding's help: always with `--verbose`, else the first time it is
    /// seen in the run.
    fn show_help(&self, d: &Diagnostic, seen: &mut Seen) -> bool {
        match &d.help {
            Some(h) => self.style.verbose || seen.insert(format!("{}\u{0}{h}", d.code)),
            None => false,
        }
    }

    /// One card: its path and verdict, the findings about the whole card, the measurement and
    /// the efficiency line, then a code frame per finding; a blank line ends it.
    pub fn card(&self, c: &CardReport, seen: &mut Seen) -> String {
        let compact = !self.style.verbose;
        let mut out = String::new();
        let verdict = c.reporting.as_ref().map_or_else(
            || "not classified (unreadable)".to_string(),
            super::super::class::reporting::Reporting::verdict,
        );
        let _ = writeln!(
            out,
            "{}: {verdict}",
            paint(&c.shown_path(), "1", self.style.color)
        );
        // The efficiency line says the label is provisional: in the short form CL403 is named
        // on it instead of on a line of its own.
        let folded = |d: &Diagnostic| {
            compact && d.span.is_none() && d.code == LOW_EVIDENCE && c.efficiency.is_some()
        };
        let mut low_evidence = None;
        for d in c.diagnostics.iter().filter(|d| d.span.is_none()) {
            if folded(d) {
                low_evidence = Some(d);
            } else {
                let (icon, color) = match d.severity {
                    Severity::Error => ("×", "31"),
                    Severity::Warning => ("⚠", "33"),
                    Severity::Info => ("☞", "36"),
                };
                let _ = writeln!(
                    out,
                    "  {} {} {}{}: {}",
                    paint(icon, color, self.style.color),
                    d.code,
                    d.name,
                    fix_mark(d),
                    d.message
                );
            }
            if !folded(d) && self.show_help(d, seen) {
                if let Some(h) = &d.help {
                    let _ = writeln!(out, "    help: {h}");
                }
            }
        }
        if let Some(m) = c
            .reporting
            .as_ref()
            .and_then(crate::class::reporting::Reporting::measures)
        {
            let _ = writeln!(out, "  measured: {m} (co2_eq_emissions)");
        }
        if let Some(line) = efficiency_line(c, self.style.color) {
            let line = match low_evidence {
                Some(d) => {
                    let tag = format!("  [{} {}]", d.code, d.severity.as_str());
                    match line.split_once('\n') {
                        Some((first, rest)) => format!("{first}{tag}\n{rest}"),
                        None => line + &tag,
                    }
                }
                None => line,
            };
            let _ = writeln!(out, "  {line}");
        }
        if let Some(d) = low_evidence.filter(|d| self.show_help(d, seen)) {
            if let Some(h) = &d.help {
                let _ = writeln!(out, "    help ({}): {h}", d.code);
            }
        }
        self.frames(c, seen, &mut out);
        // A blank line ends the card: the next one starts apart.
        out.push('\n');
        out
    }

    /// The code frames of the findings with a place; in the short form a rule's findings past
    /// the first on a card are counted in one line with their lines.
    fn frames(&self, c: &CardReport, seen: &mut Seen, out: &mut String) {
        let compact = !self.style.verbose;
        let mut frames = 0usize;
        let mut unshown = 0usize;
        let mut grouped: Vec<(&Diagnostic, Vec<usize>)> = Vec::new();
        let mut drawn: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for d in c.diagnostics.iter().filter(|d| d.span.is_some()) {
            let n = drawn.entry(d.code).or_default();
            if compact && *n >= GROUP_AFTER {
                let line = c.location(d).map_or(0, |l| l.line);
                match grouped.iter_mut().find(|(g, _)| g.code == d.code) {
                    Some((_, lines)) => lines.push(line),
                    None => grouped.push((d, vec![line])),
                }
                continue;
            }
            *n += 1;
            if frames == MAX_FRAMES {
                unshown += 1;
                continue;
            }
            frames += 1;
            let show_help = self.show_help(d, seen);
            let frame = frame(c, d, compact, show_help);
            let mut buf = String::new();
            if self.handler.render_report(&mut buf, &frame).is_err() {
                buf = format!("{}: {} {}\n", c.shown_path(), d.code, d.message);
            }
            // Far related places: a small frame each, under the main one (miette would head
            // them "Advice:").
            for note in &frame.far {
                let mut nb = String::new();
                if self.handler.render_report(&mut nb, note).is_ok() {
                    buf.push('\n');
                    buf.push_str(&nb);
                }
            }
            out.push_str(&buf);
            if !compact {
                out.push('\n');
            }
        }
        for (d, lines) in grouped {
            let shown: Vec<String> = lines.iter().take(8).map(usize::to_string).collect();
            let more = if lines.len() > 8 { ", …" } else { "" };
            let _ = writeln!(
                out,
                "  … and {} more {} {} finding{} on this card (line{} {}{more}; `--verbose` draws them)",
                lines.len(),
                d.code,
                d.name,
                if lines.len() == 1 { "" } else { "s" },
                if lines.len() == 1 { "" } else { "s" },
                shown.join(", ")
            );
        }
        if unshown > 0 {
            let _ = writeln!(
                out,
                "… and {unshown} more finding{} in this card (not drawn: `--format concise` or `--format json` lists every one)",
                if unshown == 1 { "" } else { "s" }
            );
        }
    }
}

/// The rule whose whole-card finding the short form names on the efficiency line.
const LOW_EVIDENCE: &str = crate::rules::minimums::efficiency_low_evidence::RULE.code;

pub fn footer(t: &Totals) -> String {
    if t.errors + t.warnings + t.infos == 0 {
        format!("No problems found in {}.\n", t.cards_phrase())
    } else {
        format!(
            "Found {} in {}.\n{}",
            t.phrase(),
            t.cards_phrase(),
            t.fix_hint()
        )
    }
}

pub fn render(cards: &[CardReport], style: Style) -> String {
    let p = Pretty::new(style);
    let mut seen = Seen::new();
    let mut out: String = cards.iter().map(|c| p.card(c, &mut seen)).collect();
    out.push_str(&footer(&Totals::of(cards)));
    out
}
