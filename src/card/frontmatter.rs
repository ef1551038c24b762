//! Splits a card into front matter and body exactly as the Hub does (SPEC §1.1):
//! `^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))`.
//!
//! The regex is re-implemented by hand, backtracking included: the opening newline is tried as
//! `\r\n` first and then as a lone `\r`, and the block is the shortest text followed by a closing
//! fence. `\s` follows the Hub server (JavaScript), where a UTF-8 BOM counts as whitespace.

use crate::diagnostic::Span;

/// Where the parts of the card are, in bytes of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The YAML text between the fences (the regex's group 2); `None` when there is no block.
    pub yaml: Option<Span>,
    /// The whole block including both fences; `None` when there is no block.
    pub block: Option<Span>,
    /// The body: everything after the closing fence's line break, or the whole file.
    pub body: Span,
}

fn is_js_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Length of a line break at `i` among the given alternatives, in order.
fn newline_at(b: &[u8], i: usize, allow_cr: bool) -> Vec<usize> {
    let mut out = Vec::new();
    if b.get(i) == Some(&b'\r') && b.get(i + 1) == Some(&b'\n') {
        out.push(2);
    }
    if allow_cr && b.get(i) == Some(&b'\r') {
        out.push(1);
    }
    if b.get(i) == Some(&b'\n') {
        out.push(1);
    }
    out
}

/// If a closing fence starts at `i` (its leading line break), the end of the whole match.
fn closing_at(b: &[u8], i: usize) -> Option<usize> {
    for nl in newline_at(b, i, true) {
        let mut j = i + nl;
        if b.get(j..j + 3) != Some(b"---") {
            continue;
        }
        j += 3;
        while matches!(b.get(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if j == b.len() {
            return Some(j);
        }
        if let Some(&n) = newline_at(b, j, false).first() {
            return Some(j + n);
        }
        // Python's `$` also matches right before a final "\n"; that case is covered by `\n`.
    }
    None
}

/// Splits `text` into front matter and body.
pub fn split(text: &str) -> Split {
    let b = text.as_bytes();
    let lead = text
        .char_indices()
        .find(|&(_, c)| !is_js_space(c))
        .map_or(text.len(), |(i, _)| i);
    // `\s*` is greedy but may give back whitespace; `---` cannot start inside whitespace, so the
    // fence must begin at `lead` (a newline given back cannot be followed by `---` either).
    if b.get(lead..lead + 3) == Some(b"---") {
        let after = lead + 3;
        for nl in newline_at(b, after, true) {
            let yaml_start = after + nl;
            let mut m = yaml_start;
            while m < b.len() {
                if matches!(b[m], b'\r' | b'\n') {
                    if let Some(end) = closing_at(b, m) {
                        return Split {
                            yaml: Some(Span::new(yaml_start, m)),
                            block: Some(Span::new(lead, end)),
                            body: Span::new(end, b.len()),
                        };
                    }
                }
                m += 1;
            }
        }
    }
    Split {
        yaml: None,
        block: None,
        body: Span::new(0, b.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> Option<(&str, &str)> {
        let s = split(text);
        s.yaml
            .map(|y| (&text[y.start..y.end], &text[s.body.start..s.body.end]))
    }

    #[test]
    fn plain_block() {
        assert_eq!(parts("---\na: 1\n---\nbody"), Some(("a: 1", "body")));
    }

    #[test]
    fn leading_whitespace_bom_and_crlf() {
        assert_eq!(
            parts("\u{feff}\n  ---\r\na: 1\r\n---  \r\nbody"),
            Some(("a: 1", "body"))
        );
    }

    #[test]
    fn cr_only_needs_closing_at_end_or_newline() {
        // After the closing fence only \r\n, \n or the end are accepted, as in the regex.
        assert_eq!(parts("---\ra: 1\r---"), Some(("a: 1", "")));
        assert_eq!(parts("---\ra: 1\r---\rbody"), None);
    }

    #[test]
    fn empty_block_needs_a_line_between_fences() {
        assert_eq!(parts("---\n\n---\nx"), Some(("", "x")));
        assert_eq!(parts("---\n---\nx"), None);
        // Backtracking: the opening "\r\n" is retried as "\r", leaving "\n---" as the closing.
        assert_eq!(parts("---\r\n---\nx"), Some(("", "x")));
    }

    #[test]
    fn no_block_or_unclosed_block() {
        assert_eq!(parts("# Title\n---\na: 1\n---\n"), None);
        assert_eq!(parts("---\na: 1\n"), None);
        assert_eq!(split("").body, Span::new(0, 0));
    }

    #[test]
    fn closing_fence_allows_trailing_tabs_but_not_text() {
        assert_eq!(
            parts("---\na: 1\n---x\nb\n---\t\nc"),
            Some(("a: 1\n---x\nb", "c"))
        );
    }
}
