//! The one thing rules produce: a [`Diagnostic`] with a byte [`Span`] into the whole file.
//! Renderers turn spans into lines and columns through [`LineIndex`]; nothing else does.

use serde::Serialize;

/// A half-open byte range `start..end` into the whole card file (front matter and body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A diagnostic's place: 1-based lines, 1-based character columns, `end_column` one past the
/// last character (as in SARIF); bytes for `offset`/`length`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub offset: usize,
    pub length: usize,
}

/// A finding. `code` and `name` come from the rule registry; `severity` is the rule's default
/// until the settings override it (once, after all rules ran).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// `None` for findings about the card as a whole (for example, an unreadable file).
    pub span: Option<Span>,
    /// Further places worth showing (the first occurrence of a duplicate key, say).
    pub related: Vec<(Span, String)>,
    /// The label printed under the primary span in a code frame.
    pub label: Option<String>,
    /// The resolved place, once the card's text is dropped (`CardReport::compact`).
    pub location: Option<Location>,
    /// What `--fix` (a safe fix) or `--unsafe-fixes` would change to mend it.
    pub fix: Option<Fix>,
}

/// A finding's fix: one rule's edit of the card, and whether `--fix` applies it (safe) or only
/// `--fix --unsafe-fixes` does.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub safe: bool,
    /// `(span, replacement)`: the bytes replaced (an empty span inserts) and the new text.
    pub edits: Vec<(Span, String)>,
}

impl Fix {
    /// `safe` or `unsafe`, as the JSON and the docs name it.
    pub fn applicability(&self) -> &'static str {
        if self.safe {
            "safe"
        } else {
            "unsafe"
        }
    }
}

impl Diagnostic {
    /// Escapes control characters in every text of the finding (card text quoted in a message
    /// may hold them, decoded from YAML escapes such as `\e`), so no format prints them raw.
    pub fn make_printable(&mut self) {
        use crate::escape::safe_text;
        let fix = |s: &mut String| {
            if let std::borrow::Cow::Owned(o) = safe_text(s) {
                *s = o;
            }
            if s.len() > MAX_QUOTE {
                *s = clip_quotes(s);
            }
        };
        fix(&mut self.message);
        if let Some(h) = &mut self.help {
            fix(h);
        }
        if let Some(l) = &mut self.label {
            fix(l);
        }
        for (_, note) in &mut self.related {
            fix(note);
        }
    }
}

/// Characters of card text a message quotes (between backticks) before it is cut with `…`:
/// enough for a command with two long paths (`cardlint fill … --codecarbon …`) to stay whole.
const MAX_QUOTE: usize = 240;
/// Characters of a whole message, help or label.
const MAX_MESSAGE: usize = 2000;

/// Cuts every backtick-quoted part of a text longer than [`MAX_QUOTE`] characters, then the
/// whole text at [`MAX_MESSAGE`]: a finding quoting a 1 MB key prints a line, not a megabyte,
/// so every format stays proportional to the number of findings.
pub fn clip_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len().min(MAX_MESSAGE + 8));
    for (i, part) in s.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 {
            out.push_str(&crate::util::clip(part, MAX_QUOTE));
        } else {
            out.push_str(part);
        }
    }
    crate::util::clip(&out, MAX_MESSAGE).into_owned()
}

/// The card's text as a code frame may show it: every character `safe_text` would escape is
/// replaced by `?` repeated to the same byte length, so spans stay valid and nothing raw
/// reaches a terminal.
pub fn printable_source(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| crate::util::is_unsafe_char(c) && !matches!(c, '\n' | '\r' | '\t');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if bad(c) {
            for _ in 0..c.len_utf8() {
                out.push('?');
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Maps byte offsets to 1-based lines and 1-based character columns. A line ends at `\n`,
/// `\r\n` or a lone `\r` (CR-only cards exist).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// For a text with non-ASCII characters: the number of characters before every multiple
    /// of [`BLOCK`] bytes, so a column costs at most one block's scan, however long the line
    /// and however many findings sit on it. Empty for ASCII text (columns are byte counts).
    chars_before_block: Vec<usize>,
}

/// The stride of [`LineIndex`]'s character checkpoints, in bytes.
const BLOCK: usize = 1024;

/// Characters in a byte range of UTF-8: the bytes that do not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A resolved position: 1-based line, 1-based column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let chars_before_block = if text.is_ascii() {
            Vec::new()
        } else {
            let mut acc = 0;
            let mut v = Vec::with_capacity(bytes.len() / BLOCK + 1);
            for block in bytes.chunks(BLOCK) {
                v.push(acc);
                acc += count_chars(block);
            }
            v.push(acc);
            v
        };
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// The number of characters before byte `offset` (a char boundary), in O(BLOCK).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        if self.chars_before_block.is_empty() {
            return offset;
        }
        let k = offset / BLOCK;
        self.chars_before_block[k] + count_chars(&text.as_bytes()[k * BLOCK..offset])
    }

    /// 0-based line number of `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        }
    }

    pub fn line_start(&self, line0: usize) -> usize {
        self.starts[line0.min(self.starts.len() - 1)]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn position(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line0 = self.line_of(offset);
        let start = self.starts[line0];
        LineCol {
            line: line0 + 1,
            column: self.chars_before(text, offset) - self.chars_before(text, start) + 1,
        }
    }
}

/// The largest char boundary `<= i` (stable replacement for `str::floor_char_boundary`).
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_all_line_endings_break_lines() {
        let text = "é: ü\r\nb\rc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 0), LineCol { line: 1, column: 1 });
        let u = text.find('ü').unwrap();
        assert_eq!(idx.position(text, u), LineCol { line: 1, column: 4 });
        assert_eq!(idx.position(text, text.find('b').unwrap()).line, 2);
        assert_eq!(idx.position(text, text.find('c').unwrap()).line, 3);
        assert_eq!(idx.position(text, text.find('d').unwrap()).line, 4);
        // An offset inside a multi-byte character does not panic.
        assert_eq!(idx.position(text, 1).column, 1);
    }

    #[test]
    fn columns_agree_with_counting_across_checkpoints() {
        let text = format!("a\n{}\n{}", "é€x".repeat(900), "ü".repeat(700));
        let idx = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(7) {
            let line0 = idx.line_of(offset);
            let naive = text[idx.line_start(line0)..offset].chars().count() + 1;
            assert_eq!(idx.position(&text, offset).column, naive, "at {offset}");
        }
    }

    #[test]
    fn long_quotes_are_cut() {
        let key = "k".repeat(10_000);
        let mut d = Diagnostic {
            code: "CL004",
            name: "duplicate-key",
            severity: Severity::Warning,
            message: format!("duplicate key `{key}`: the last one wins"),
            help: None,
            span: Some(Span::new(0, 1)),
            related: Vec::new(),
            label: None,
            location: None,
            fix: None,
        };
        d.make_printable();
        assert!(
            d.message.len() < 300 && d.message.ends_with("…`: the last one wins"),
            "{}",
            d.message
        );
        // A suggested command with two long paths (a CI runner's checkout) stays whole.
        let dir = format!("/home/runner/work/{}/models/x", "r".repeat(40));
        let cmd = format!("cardlint fill {dir}/README.md --codecarbon {dir}/emissions.csv");
        d.help = Some(format!("`{cmd}` writes it"));
        d.make_printable();
        assert_eq!(
            d.help.as_deref(),
            Some(format!("`{cmd}` writes it").as_str())
        );
    }
}
