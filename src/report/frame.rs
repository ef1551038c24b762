//! A finding as a miette code frame: the lines around its span (cropped, escaped: see
//! excerpt.rs), its near related spans in the same frame, far ones in small frames of their own.

use std::fmt::{self, Display};

use miette::{LabeledSpan, SourceCode};

use super::excerpt::Excerpt;
use super::fix_mark;
use crate::diagnostic::{Diagnostic, Severity, Span};
use crate::lint::CardReport;

pub(super) struct Frame<'a> {
    d: &'a Diagnostic,
    /// The short form: the code in the message line, no help (it was printed before).
    compact: bool,
    show_help: bool,
    /// The lines the frame shows, and the primary span in them.
    src: Option<(Excerpt<'a>, Span)>,
    /// Related spans close to the primary one, drawn in the same frame.
    near: Vec<(Span, String)>,
    /// Related spans far from it, drawn as frames of their own.
    pub(super) far: Vec<Note<'a>>,
}

/// A far related span: its own small frame under the main one.
pub(super) struct Note<'a> {
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

impl Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.compact {
            write!(f, "{}{} ", self.d.code, fix_mark(self.d))?;
        }
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
        if self.compact {
            return None;
        }
        Some(Box::new(format!(
            "{} {}{}",
            self.d.code,
            self.d.name,
            fix_mark(self.d)
        )))
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
            .filter(|_| self.show_help)
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

pub(super) fn frame<'a>(
    c: &'a CardReport,
    d: &'a Diagnostic,
    compact: bool,
    show_help: bool,
) -> Frame<'a> {
    let mut f = Frame {
        d,
        compact,
        show_help,
        src: None,
        near: Vec::new(),
        far: Vec::new(),
    };
    let (Some(primary), Some(text)) = (d.span, c.source.as_deref()) else {
        return f;
    };
    let line = c.lines().line_of(primary.start);
    let mut spans = vec![primary];
    let mut labels = Vec::new();
    let mut far = Vec::new();
    for (s, label) in &d.related {
        if c.lines().line_of(s.start).abs_diff(line) <= NEAR_LINES {
            spans.push(*s);
            labels.push(label);
        } else {
            far.push((*s, label));
        }
    }
    let (ex, mapped) = Excerpt::new(c.shown_path(), text, c.lines(), &spans);
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
        let at = c.lines().position(text, s.start);
        let (src, m) = Excerpt::new(c.shown_path(), text, c.lines(), &[s]);
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
