//! Human output: a miette code frame per finding, then a verdict line per card (the reporting
//! level and the next step) and the efficiency label as a compact A–E scale.

use std::fmt::{self, Display, Write};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode};

use super::excerpt::Excerpt;
use super::Totals;
use crate::class::efficiency::{self, Grade, Provenance};
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::lint::CardReport;

/// Rendering options.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

struct Frame<'a> {
    d: &'a Diagnostic,
    /// The lines the frame shows, and the primary span in them.
    src: Option<(Excerpt<'a>, Span)>,
    /// Related spans close to the primary one, drawn in the same frame.
    near: Vec<(Span, String)>,
    /// Related spans far from it, drawn as frames of their own.
    far: Vec<Note<'a>>,
}

/// A far related span: its own small frame under the main one.
struct Note<'a> {
    text: String,
    span: Span,
    src: Excerpt<'a>,
}

impl Display for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl fmt::Debug for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}
impl std::error::Error for Note<'_> {}
impl miette::Diagnostic for Note<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.src)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let s = LabeledSpan::new_primary_with_span(None, self.span.start..self.span.end);
        Some(Box::new(std::iter::once(s)))
    }
}

/// Related spans more than this many lines from the primary span get a frame of their own.
const NEAR_LINES: usize = 4;

/// Code frames drawn for one card; the other findings are counted in one line (`--format
/// concise` or `json` lists them all).
pub const MAX_FRAMES: usize = 100;

impl Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl fmt::Debug for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}
impl std::error::Error for Frame<'_> {}

impl miette::Diagnostic for Frame<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        Some(Box::new(format!("{} {}", self.d.code, self.d.name)))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.src.as_ref().map(|(s, _)| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (_, span) = self.src.as_ref()?;
        let mut v = vec![LabeledSpan::new_primary_with_span(
            self.d.label.clone(),
            span.start..span.end,
        )];
        v.extend(
            self.near
                .iter()
                .map(|(s, l)| LabeledSpan::new_with_span(Some(l.clone()), s.start..s.end)),
        );
        Some(Box::new(v.into_iter()))
    }
}

fn frame<'a>(c: &'a CardReport, d: &'a Diagnostic) -> Frame<'a> {
    let mut f = Frame {
        d,
        src: None,
        near: Vec::new(),
        far: Vec::new(),
    };
    let (Some(primary), Some(text)) = (d.span, c.source.as_deref()) else {
        return f;
    };
    let line = c.lines.line_of(primary.start);
    let mut spans = vec![primary];
    let mut labels = Vec::new();
    let mut far = Vec::new();
    for (s, label) in &d.related {
        if c.lines.line_of(s.start).abs_diff(line) <= NEAR_LINES {
            spans.push(*s);
            labels.push(label);
        } else {
            far.push((*s, label));
        }
    }
    let (ex, mapped) = Excerpt::new(c.shown_path(), text, &c.lines, &spans);
    let Some(p) = mapped[0] else {
        return f;
    };
    for ((m, label), s) in mapped[1..].iter().zip(labels).zip(&spans[1..]) {
        match m {
            Some(m) => f.near.push((*m, label.clone())),
            // On a long line, cropped away: a frame of its own.
            None => far.push((*s, label)),
        }
    }
    f.src = Some((ex, p));
    for (s, label) in far {
        let at = c.lines.position(text, s.start);
        let (src, m) = Excerpt::new(c.shown_path(), text, &c.lines, &[s]);
        if let Some(span) = m[0] {
            let place = if at.line == line + 1 {
                format!("column {}", at.column)
            } else {
                format!("line {}", at.line)
            };
            f.far.push(Note {
                text: format!("{label} ({place})"),
                span,
                src,
            });
        }
    }
    f
}

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

/// Renders cards one at a time (the output is streamed).
pub struct Pretty {
    handler: GraphicalReportHandler,
    style: Style,
}

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
                .with_links(false),
            style,
        }
    }

    pub fn card(&self, c: &CardReport) -> String {
        let mut out = String::new();
        let mut compact = String::new();
        let mut frames = 0usize;
        let mut unshown = 0usize;
        // A finding about the card as a whole has no span: it gets one line (with its help)
        // under the verdict instead of a code frame.
        for d in &c.diagnostics {
            if d.span.is_none() {
                let (icon, color) = match d.severity {
                    Severity::Error => ("×", "31"),
                    Severity::Warning => ("⚠", "33"),
                    Severity::Info => ("☞", "36"),
                };
                let _ = writeln!(
                    compact,
                    "  {} {} {}: {}",
                    paint(icon, color, self.style.color),
                    d.code,
                    d.name,
                    d.message
                );
                if let Some(h) = &d.help {
                    let _ = writeln!(compact, "    help: {h}");
                }
                continue;
            }
            if frames == MAX_FRAMES {
                unshown += 1;
                continue;
            }
            frames += 1;
            let frame = frame(c, d);
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
            out.push('\n');
        }
        if unshown > 0 {
            let _ = writeln!(
                out,
                "… and {unshown} more finding{} in this card (not drawn: `--format concise` or `--format json` lists every one)\n",
                if unshown == 1 { "" } else { "s" }
            );
        }
        let verdict = c.reporting.as_ref().map_or_else(
            || "not classified (unreadable)".to_string(),
            super::super::class::reporting::Reporting::verdict,
        );
        let _ = writeln!(
            out,
            "{}: {verdict}",
            paint(&c.shown_path(), "1", self.style.color)
        );
        out.push_str(&compact);
        if let Some(m) = c
            .reporting
            .as_ref()
            .and_then(crate::class::reporting::Reporting::measures)
        {
            let _ = writeln!(out, "  measured: {m} (co2_eq_emissions)");
        }
        if let Some(line) = efficiency_line(c, self.style.color) {
            let _ = writeln!(out, "  {line}");
        }
        out
    }
}

pub fn footer(t: &Totals) -> String {
    if t.errors + t.warnings + t.infos == 0 {
        format!("\nNo problems found in {}.\n", t.cards_phrase())
    } else {
        format!("\nFound {} in {}.\n", t.phrase(), t.cards_phrase())
    }
}

pub fn render(cards: &[CardReport], style: Style) -> String {
    let p = Pretty::new(style);
    let mut out: String = cards.iter().map(|c| p.card(c)).collect();
    out.push_str(&footer(&Totals::of(cards)));
    out
}
