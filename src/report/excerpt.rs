//! The few lines a code frame shows, cut from the card once per frame: at most
//! [`MAX_SPAN_LINES`] lines of the span with a line of context either side, each line cropped
//! to [`MAX_LINE`] bytes around the spans on it (`…` marks a cut). A frame then costs the size
//! of what it shows, not the size of the card or of the line: a 1 MB line with 1,000 findings
//! prints 1,000 short frames, and no frame scans the card from its start.

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::diagnostic::{floor_char_boundary, printable_source, LineIndex, Span};

/// Bytes of one line shown (a longer line is cropped around its spans).
pub const MAX_LINE: usize = 160;
/// Bytes kept before the first span on a cropped line.
const LEAD: usize = 60;
/// Lines of a long span shown (the rest of it is cut).
const MAX_SPAN_LINES: usize = 8;
const CUT: &str = "…";

/// One line of the excerpt: excerpt bytes `at + lead .. at + lead + len` show the card's bytes
/// `orig .. orig + len`.
struct Seg {
    at: usize,
    lead: usize,
    orig: usize,
    len: usize,
    line0: usize,
}

pub struct Excerpt<'a> {
    name: std::borrow::Cow<'a, str>,
    text: String,
    first_line: usize,
    segs: Vec<Seg>,
    card: &'a str,
    lines: &'a LineIndex,
}

impl<'a> Excerpt<'a> {
    /// The excerpt around `spans` (the first is the primary one), and where each span lands in
    /// it (`None` for a span the excerpt does not show).
    pub fn new(
        name: impl Into<std::borrow::Cow<'a, str>>,
        card: &'a str,
        lines: &'a LineIndex,
        spans: &[Span],
    ) -> (Excerpt<'a>, Vec<Option<Span>>) {
        let line_of = |o: usize| lines.line_of(o.min(card.len()));
        let primary = spans[0];
        let p0 = line_of(primary.start);
        let last_line = lines.line_count() - 1;
        let mut lo = p0;
        let mut hi = line_of(primary.end.saturating_sub(1).max(primary.start));
        for s in &spans[1..] {
            lo = lo.min(line_of(s.start));
            hi = hi.max(line_of(s.end.saturating_sub(1).max(s.start)));
        }
        let hi = hi.min(lo.max(p0) + MAX_SPAN_LINES - 1);
        let (lo, hi) = (lo.saturating_sub(1), (hi + 1).min(last_line));
        let mut text = String::new();
        let mut segs = Vec::with_capacity(hi - lo + 1);
        for line0 in lo..=hi {
            let ls = lines.line_start(line0);
            let next = if line0 < last_line {
                lines.line_start(line0 + 1)
            } else {
                card.len()
            };
            let le = ls + card[ls..next].trim_end_matches(['\n', '\r']).len();
            let (a, b) = if le - ls <= MAX_LINE {
                (ls, le)
            } else {
                // The primary span's start if it is on this line (it is always shown), else
                // the first span on it.
                let on_line = |s: &&Span| s.start < le.max(ls + 1) && s.end >= ls;
                let anchor = Some(&primary)
                    .filter(on_line)
                    .or_else(|| spans.iter().filter(on_line).min_by_key(|s| s.start))
                    .map_or(ls, |s| s.start.max(ls));
                let a = floor_char_boundary(card, anchor.saturating_sub(LEAD).max(ls));
                let b = floor_char_boundary(card, (a + MAX_LINE).min(le));
                (a, b)
            };
            let at = text.len();
            let lead = if a > ls { CUT.len() } else { 0 };
            if lead > 0 {
                text.push_str(CUT);
            }
            text.push_str(&printable_source(&card[a..b]));
            if b < le {
                text.push_str(CUT);
            }
            text.push('\n');
            segs.push(Seg {
                at,
                lead,
                orig: a,
                len: b - a,
                line0,
            });
        }
        let mut ex = Excerpt {
            name: name.into(),
            text,
            first_line: lo,
            segs,
            card,
            lines,
        };
        let mapped = spans
            .iter()
            .enumerate()
            .map(|(i, s)| ex.map(*s, i == 0))
            .collect();
        // A final newline would show as an empty last line.
        if ex.text.ends_with('\n') {
            ex.text.pop();
        }
        (ex, mapped)
    }

    /// Where a card byte lands in the excerpt: clamped into the shown part of its line (and
    /// whether it had to be).
    fn place(&self, o: usize) -> Option<(usize, bool)> {
        let line0 = self.lines.line_of(o.min(self.card.len()));
        let seg = self.segs.iter().find(|s| s.line0 == line0)?;
        let c = o.clamp(seg.orig, seg.orig + seg.len);
        Some((seg.at + seg.lead + (c - seg.orig), c != o))
    }

    /// A span's place in the excerpt; `None` where its start is not shown (the primary span's
    /// line is cropped around it, so it always is, up to a line end it points past).
    fn map(&self, s: Span, primary: bool) -> Option<Span> {
        let (start, cut) = self.place(s.start)?;
        if cut && !primary {
            return None;
        }
        let end = self.place(s.end).map_or_else(
            || {
                // The span runs past the excerpt: it ends where the excerpt does.
                let last = self.segs.last().expect("a line");
                last.at + last.lead + last.len
            },
            |(e, _)| e,
        );
        Some(Span::new(start, end.max(start)))
    }

    /// The card byte an excerpt byte shows.
    fn unmap(&self, x: usize) -> usize {
        let i = self.segs.partition_point(|s| s.at <= x).saturating_sub(1);
        let s = &self.segs[i];
        s.orig + x.saturating_sub(s.at + s.lead).min(s.len)
    }
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        // Asked without context (the short pretty form draws none, and the header asks for the
        // span's position): the span's whole lines, so the frame shows the line, not a part.
        let c = if before == 0 && after == 0 {
            let t = self.text.as_str();
            let from = span.offset().min(t.len());
            let to = (span.offset() + span.len()).clamp(from, t.len());
            let start = t[..from].rfind('\n').map_or(0, |i| i + 1);
            let end = t[to..].find('\n').map_or(t.len(), |i| to + i);
            let whole: SourceSpan = (start, end - start).into();
            let c = t.read_span(&whole, 0, 0)?;
            return Ok(Box::new(MietteSpanContents::new_named(
                self.name.to_string(),
                c.data(),
                *c.span(),
                {
                    let p = self.lines.position(self.card, self.unmap(span.offset()));
                    p.line - 1
                },
                self.lines
                    .position(self.card, self.unmap(span.offset()))
                    .column
                    - 1,
                c.line_count(),
            )));
        } else {
            self.text.as_str().read_span(span, before, after)?
        };
        // The header's position (asked with no context): the card's line and character column.
        let (line, column) = if before == 0 && after == 0 {
            let p = self.lines.position(self.card, self.unmap(span.offset()));
            (p.line - 1, p.column - 1)
        } else {
            (c.line() + self.first_line, c.column())
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            c.data(),
            *c.span(),
            line,
            column,
            c.line_count(),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cropped_around_the_span_and_positions_stay_true() {
        let card = format!("a: 1\nm: {{{}x: 1}}\nz: 2\n", "k: 1, ".repeat(10_000));
        let lines = LineIndex::new(&card);
        let x = card.find("x: 1").unwrap();
        let (ex, mapped) = Excerpt::new("c.md", &card, &lines, &[Span::new(x, x + 1)]);
        assert!(ex.text.len() < 3 * MAX_LINE, "{}", ex.text.len());
        let m = mapped[0].unwrap();
        assert_eq!(&ex.text[m.start..m.end], "x");
        assert!(ex.text.starts_with("a: 1\n…") && ex.text.ends_with("\nz: 2"));
        let c = ex.read_span(&(m.start, 1).into(), 0, 0).unwrap();
        assert_eq!((c.line(), c.column()), (1, x - card.find("m:").unwrap()));
    }

    #[test]
    fn a_long_span_is_cut_to_a_few_lines() {
        let card = "x\n".repeat(1000);
        let lines = LineIndex::new(&card);
        let (ex, mapped) = Excerpt::new("c.md", &card, &lines, &[Span::new(4, card.len())]);
        assert_eq!(ex.text.lines().count(), MAX_SPAN_LINES + 2);
        let m = mapped[0].unwrap();
        assert!(m.end <= ex.text.len());
    }
}
