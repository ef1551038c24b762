//! `--format markdown`: a report for people, used for `$GITHUB_STEP_SUMMARY` and the PR comment.
//! Every piece of card-derived text is escaped, so a card cannot inject HTML, mentions, issue
//! references, links or the comment marker.

use std::fmt::Write;

use super::{location, Totals};
use crate::lint::CardReport;

/// Escapes card text: HTML entities, table pipes, a zero-width space after `@` and `#` (no
/// mentions, no issue links) and `://` broken (no autolinks). With `markdown`, also the
/// characters Markdown interprets (outside `<code>`, where it is not interpreted).
fn escape_with(s: &str, markdown: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' | '`' => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '"' if markdown => out.push_str("&quot;"),
            '\\' | '*' | '_' | '[' | ']' | '(' | ')' | '!' | '~' if markdown => {
                let _ = write!(out, "&#{};", c as u32);
            }
            '@' | '#' => {
                out.push(c);
                out.push('\u{200B}');
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    break_autolinks(&out)
}

/// `://` broken with a zero-width space (no autolink), except after `hf`: `hf://ORG/NAME` is
/// no link GitHub renders, and a command cardlint's help gives (`cardlint hf://…`) must stay
/// copyable. `www.` is broken too (GitHub links it without a scheme).
fn break_autolinks(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let before = &rest[..i];
        let scheme_start = before
            .rfind(|c: char| !c.is_ascii_alphanumeric() && !matches!(c, '+' | '-' | '.'))
            .map_or(0, |j| j + 1);
        out.push_str(before);
        if before[scheme_start..].eq_ignore_ascii_case("hf") {
            out.push_str("://");
        } else {
            out.push_str(":\u{200B}//");
        }
        rest = &rest[i + 3..];
    }
    out.push_str(rest);
    let mut result = String::with_capacity(out.len());
    let mut at = 0;
    let lower = out.to_ascii_lowercase();
    for (i, _) in lower.match_indices("www.") {
        result.push_str(&out[at..i + 3]);
        result.push('\u{200B}');
        at = i + 3;
    }
    result.push_str(&out[at..]);
    result
}

/// Escapes text for Markdown (see [`escape_with`]).
pub fn escape(s: &str) -> String {
    escape_with(s, true)
}

/// Escapes text inside `<code>`: as everywhere, since `<code>` is HTML, not a CommonMark code
/// span, and Markdown inside it is still read (`[x](y)` there is a live link).
pub fn escape_code(s: &str) -> String {
    escape_with(s, true)
}

/// A message with our backtick-quoted parts as `<code>` and everything escaped.
fn message(s: &str) -> String {
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len() % 2 == 0 {
        return escape(s);
    }
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i % 2 == 1 {
                format!("<code>{}</code>", escape_code(p))
            } else {
                escape(p)
            }
        })
        .collect()
}

fn code(s: &str) -> String {
    format!("<code>{}</code>", escape_code(s))
}

/// GitHub's limit on a job summary (`$GITHUB_STEP_SUMMARY`) is 1 MiB; the report stays under.
pub const MAX_SUMMARY: usize = 1_000_000;

/// The Markdown report, built card by card (output is streamed) within a size limit: cards
/// beyond it are counted in the totals and named as left out, never silently dropped.
pub struct Builder {
    limit: usize,
    totals: Totals,
    rows: String,
    sections: String,
    left_out: usize,
}

impl Builder {
    pub fn new(limit: usize) -> Builder {
        Builder {
            limit,
            totals: Totals::default(),
            rows: String::new(),
            sections: String::new(),
            left_out: 0,
        }
    }

    pub fn add(&mut self, c: &CardReport) {
        self.totals.cards += 1;
        self.totals.add(c);
        let level = c
            .reporting
            .as_ref()
            .map_or("unreadable".to_string(), |r| r.level.label());
        let eff = c.efficiency.as_ref().map_or("–".to_string(), |e| {
            e.class.map_or("–".to_string(), |k| {
                if e.provisional {
                    format!("{k} (provisional)")
                } else {
                    k.to_string()
                }
            })
        });
        let row = format!(
            "| {} | {level} | {eff} | {} | {} | {} |\n",
            code(&c.shown_path()),
            c.count(crate::diagnostic::Severity::Error),
            c.count(crate::diagnostic::Severity::Warning),
            c.count(crate::diagnostic::Severity::Info)
        );
        let section = section(c);
        // 1 kB for the heading, the totals and the note on what was left out.
        if self.rows.len() + self.sections.len() + row.len() + section.len() + 1000 > self.limit {
            self.left_out += 1;
            return;
        }
        self.rows.push_str(&row);
        self.sections.push_str(&section);
    }

    pub fn finish(self, skipped: usize) -> String {
        let mut out = String::from("## cardlint: carbon reporting of model cards\n\n");
        let mut t = self.totals;
        t.skipped = skipped;
        let _ = writeln!(out, "{}: {}.\n", t.cards_phrase(), t.phrase());
        out.push_str("| card | reporting | efficiency | errors | warnings | infos |\n|---|---|---|---:|---:|---:|\n");
        out.push_str(&self.rows);
        if self.left_out > 0 {
            let _ = writeln!(
                out,
                "\n*{} more card{} left out of this report: it would pass GitHub's 1 MiB limit. The step's log lists every finding.*",
                self.left_out,
                if self.left_out == 1 { " is" } else { "s are" }
            );
        }
        out.push_str(&self.sections);
        out
    }
}

/// The section of one card: verdict, efficiency, findings.
fn section(c: &CardReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "\n### {}\n", code(&c.shown_path()));
    if let Some(r) = &c.reporting {
        let _ = writeln!(
            out,
            "**{}**: {}\n",
            r.level.label(),
            message(&r.next_step().unwrap_or_default())
        );
    }
    if let Some(e) = &c.efficiency {
        let scale = crate::class::efficiency::scale(
            e.class,
            |g| format!("**[{g}]**"),
            |g| g.to_string(),
            " ",
        );
        let mode = e.mode.suffix();
        let evidence = crate::class::efficiency::evidence(e);
        let evidence = if e.provisional {
            format!("**{evidence}**")
        } else {
            evidence
        };
        let _ = writeln!(
            out,
            "Efficiency: {scale} ({evidence}{mode}; relative to the 2023 Hugging Face study)\n",
        );
    }
    if c.diagnostics.is_empty() {
        out.push_str("No findings.\n");
        return out;
    }
    out.push_str("| severity | line | rule | finding |\n|---|---:|---|---|\n");
    for d in &c.diagnostics {
        let at = location(c, d).map_or("–".to_string(), |l| format!("{}:{}", l.line, l.column));
        let mut m = message(&d.message);
        if let Some(h) = &d.help {
            let _ = write!(m, "<br>help: {}", message(h));
        }
        let _ = writeln!(
            out,
            "| {} | {at} | {} {} | {m} |",
            d.severity.as_str(),
            d.code,
            d.name
        );
    }
    out
}

pub fn render(cards: &[CardReport]) -> String {
    let mut b = Builder::new(usize::MAX);
    for c in cards {
        b.add(c);
    }
    b.finish(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_hf_commands_stay_copyable_and_links_do_not_render() {
        let e = escape("lint hf://ORG/NAME or see https://x.example and www.evil.example");
        assert!(e.contains("hf://ORG/NAME"), "{e}");
        assert!(!e.contains("https://") && !e.contains("www.e"), "{e}");
        assert!(escape("HF://a").contains("HF://a"));
        assert!(!escape("xhf://a").contains("://"));
    }

    #[test]
    fn card_text_cannot_inject() {
        let e = escape(
            "<!-- cardlint:sticky --> @octocat owner/repo#1 https://evil.example [x](y) | `c`",
        );
        assert!(
            !e.contains('<') && !e.contains("@o") && !e.contains("repo#1") && !e.contains("://"),
            "{e}"
        );
        assert!(!e.contains('|') && !e.contains('`') && !e.contains('['));
        assert_eq!(
            message("value `a|b` is `<x>`"),
            "value <code>a&#124;b</code> is <code>&lt;x&gt;</code>"
        );
        // An odd number of backticks: everything is plain escaped text.
        assert!(!message("a `b").contains("<code>"));
    }
}
