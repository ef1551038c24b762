//! The fast path of the YAML reader: the events libyaml gives for the front matter most cards
//! have (block mappings and sequences of one-line plain or quoted scalars, one-line flow lists,
//! `{}`), found line by line without libyaml's per-character queue. Anything else (multi-line
//! scalars, anchors, tags, comments after a value, block scalars, escapes, tabs, document
//! markers, odd indentation) answers `None`, and libyaml reads the text as before: this path
//! never decides what the text means, it only produces the events libyaml would. Tests check
//! the events are libyaml's, on hand-written and generated texts and on real cards.

use libyaml_safer::{EventData, MappingStyle, ScalarStyle, SequenceStyle};

/// An event of libyaml: its data, and the byte offsets of its start and end marks.
pub type Event = (EventData, usize, usize);

/// Nesting beyond this goes to libyaml (which enforces the reader's own limit).
const MAX_NEST: usize = 64;

/// More events than this go to libyaml, which streams them to the reader and its node limit:
/// the fast path holds its events at once, so a huge front matter must not be read here.
const MAX_EVENTS: usize = super::MAX_NODES;

/// A line with content (not blank, not a comment): where it starts, its indentation, and
/// where its content ends (before the line break).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    col: usize,
    end: usize,
}

impl Line {
    fn content(self) -> usize {
        self.start + self.col
    }
}

struct Fast<'a> {
    s: &'a str,
    lines: Vec<Line>,
    /// The line being read.
    at: usize,
    events: Vec<Event>,
    depth: usize,
}

/// Whether `b` holds a line break other than `\n` (NEL, U+2028, U+2029: libyaml breaks lines at
/// them too) or a byte-order mark: texts for libyaml itself.
fn other_break_or_bom(b: &[u8]) -> bool {
    memchr::memchr3_iter(0xC2, 0xE2, 0xEF, b).any(|i| {
        matches!(
            &b[i..b.len().min(i + 3)],
            [0xC2, 0x85, ..] | [0xE2, 0x80, 0xA8 | 0xA9] | [0xEF, 0xBB, 0xBF]
        )
    })
}

/// libyaml's events for `padded` (the front matter with a final line break), or `None` where
/// the text is outside what this path reads.
pub fn events(padded: &str) -> Option<Vec<Event>> {
    let b = padded.as_bytes();
    let any3 = |x, y, z| memchr::memchr3(x, y, z, b).is_some();
    if any3(b'\t', b'\r', b'#')
        || any3(b'\\', b'&', b'*')
        || any3(b'!', b'|', b'>')
        || any3(b'%', b'@', b'`')
        || other_break_or_bom(b)
    {
        // `#` (a comment after a value, or inside one), escapes, anchors, aliases, tags, block
        // scalars: all rarer than the forms read here. (A `#` in a comment line counts too.)
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', b) {
        let col = b[start..nl].iter().take_while(|&&c| c == b' ').count();
        if start + col < nl {
            lines.push(Line {
                start,
                col,
                end: nl,
            });
        }
        start = nl + 1;
    }
    if start < b.len() {
        // (The padded text ends with a line break: nothing is left after it.)
        return None;
    }
    let first = *lines.first()?;
    if first.col != 0
        || lines.iter().any(|l| {
            l.col == 0
                && (padded[l.start..].starts_with("---") || padded[l.start..].starts_with("..."))
        })
    {
        return None;
    }
    let capacity = 4 * lines.len() + 8;
    let mut f = Fast {
        s: padded,
        lines,
        at: 0,
        events: Vec::with_capacity(capacity),
        depth: 0,
    };
    f.push(
        EventData::StreamStart {
            encoding: libyaml_safer::Encoding::Utf8,
        },
        0,
        0,
    );
    let c = first.content();
    f.push(
        EventData::DocumentStart {
            version_directive: None,
            tag_directives: Vec::new(),
            implicit: true,
        },
        c,
        c,
    );
    f.block(c)?;
    if f.at != f.lines.len() {
        return None;
    }
    let end = padded.len();
    f.push(EventData::DocumentEnd { implicit: true }, end, end);
    f.push(EventData::StreamEnd, end, end);
    Some(f.events)
}

/// The byte after a `-` that opens a block sequence entry (`- ` or a lone `-`), if `rest` is one.
fn dash(rest: &str) -> bool {
    rest.starts_with("- ") || rest == "-"
}

/// Whether `c` may open a plain scalar here (libyaml's indicators may not).
fn plain_start(c: u8) -> bool {
    !matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
            | b' '
    )
}

impl Fast<'_> {
    fn push(&mut self, data: EventData, start: usize, end: usize) {
        self.events.push((data, start, end));
    }

    /// A collection starts: a mapping or a sequence, block or flow.
    fn open(&mut self, map: bool, flow: bool, start: usize, end: usize) {
        let data = if map {
            let style = if flow {
                MappingStyle::Flow
            } else {
                MappingStyle::Block
            };
            EventData::MappingStart {
                anchor: None,
                tag: None,
                implicit: true,
                style,
            }
        } else {
            let style = if flow {
                SequenceStyle::Flow
            } else {
                SequenceStyle::Block
            };
            EventData::SequenceStart {
                anchor: None,
                tag: None,
                implicit: true,
                style,
            }
        };
        self.push(data, start, end);
    }

    /// A quoted scalar that is the whole of `text` (at byte `at`); `None` if it is not one.
    fn quoted_scalar(&mut self, text: &str, at: usize) -> Option<()> {
        let (value, len) = quoted(text)?;
        if len != text.len() {
            return None;
        }
        let style = if text.starts_with('"') {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        self.scalar(value, style, at, at + len);
        Some(())
    }

    fn scalar(&mut self, value: String, style: ScalarStyle, start: usize, end: usize) {
        self.push(
            EventData::Scalar {
                anchor: None,
                tag: None,
                value,
                plain_implicit: style == ScalarStyle::Plain,
                quoted_implicit: style != ScalarStyle::Plain,
                style,
            },
            start,
            end,
        );
    }

    /// Where the next token starts: the next content line, or the end of the text.
    fn next_token(&self) -> usize {
        self.lines
            .get(self.at)
            .map_or(self.s.len(), |l| l.content())
    }

    fn line(&self) -> Option<Line> {
        self.lines.get(self.at).copied()
    }

    /// A block collection whose first entry starts at byte `at` of the current line.
    fn block(&mut self, at: usize) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_NEST {
            return None;
        }
        let l = self.line()?;
        let col = at - l.start;
        let r = if dash(&self.s[at..l.end]) {
            self.seq(at, col, false)
        } else {
            self.map(at, col)
        };
        self.depth -= 1;
        r
    }

    /// A block mapping at column `col`, its first key at byte `at` of the current line.
    fn map(&mut self, at: usize, col: usize) -> Option<()> {
        self.open(true, false, at, at);
        self.entry(at, col)?;
        while let Some(l) = self.line() {
            if self.events.len() > MAX_EVENTS {
                return None;
            }
            if l.col < col {
                break;
            }
            if l.col > col || dash(&self.s[l.content()..l.end]) {
                return None;
            }
            self.entry(l.content(), col)?;
        }
        let end = self.next_token();
        self.push(EventData::MappingEnd, end, end);
        Some(())
    }

    /// One `key: value` entry of a mapping at column `col`, from byte `at` of the current line.
    fn entry(&mut self, at: usize, col: usize) -> Option<()> {
        let l = self.line()?;
        let rest = &self.s[at..l.end];
        if !plain_start(*rest.as_bytes().first()?) {
            return None;
        }
        let colon = key_end(rest)?;
        let key = rest[..colon].trim_end_matches(' ');
        if key.len() > 1000 {
            return None;
        }
        self.scalar(key.to_string(), ScalarStyle::Plain, at, at + key.len());
        let after = at + colon + 1;
        let value = &self.s[after..l.end];
        let lead = value.len() - value.trim_start_matches(' ').len();
        self.at += 1;
        if lead == value.len() {
            return self.empty_value(after, col);
        }
        self.inline_value(after + lead, l.end)?;
        // A more indented line after a value would continue it (or be an error).
        match self.line() {
            Some(n) if n.col > col => None,
            _ => Some(()),
        }
    }

    /// A value on the lines below a key at column `col` (the key's `:` ends at `after`): a
    /// nested block, a sequence at the key's own column, or nothing (an empty scalar).
    fn empty_value(&mut self, after: usize, col: usize) -> Option<()> {
        match self.line() {
            Some(n) if n.col > col => self.block(n.content()),
            Some(n) if n.col == col && dash(&self.s[n.content()..n.end]) => {
                self.depth += 1;
                let r = self.seq(n.content(), col, true);
                self.depth -= 1;
                r
            }
            _ => {
                self.scalar(String::new(), ScalarStyle::Plain, after, after);
                Some(())
            }
        }
    }

    /// A block sequence at column `col` from byte `at`; `indentless` when it sits at its
    /// key's column (it then ends at the first line that is not an entry).
    fn seq(&mut self, at: usize, col: usize, indentless: bool) -> Option<()> {
        // An indentless sequence starts at its first `-` token, which ends after it.
        let mark_end = at + usize::from(indentless);
        self.open(false, false, at, mark_end);
        while let Some(l) = self.line() {
            if self.events.len() > MAX_EVENTS {
                return None;
            }
            if l.col < col {
                break;
            }
            let rest = &self.s[l.content()..l.end];
            if l.col > col || !dash(rest) {
                if indentless && l.col == col {
                    break;
                }
                return None;
            }
            let item = rest[1..].trim_start_matches(' ');
            if item.is_empty() || dash(item) {
                return None;
            }
            let item_at = l.end - item.len();
            if is_entry(item) {
                self.block(item_at)?;
            } else {
                self.at += 1;
                self.inline_value(item_at, l.end)?;
                if self.line().is_some_and(|n| n.col > col) {
                    return None;
                }
            }
        }
        let end = self.next_token();
        self.push(EventData::SequenceEnd, end, end);
        Some(())
    }

    /// A value that ends its line: a plain or quoted scalar, `[…]` or `{}`.
    fn inline_value(&mut self, at: usize, end: usize) -> Option<()> {
        let text = self.s[at..end].trim_end_matches(' ');
        let end = at + text.len();
        match text.as_bytes()[0] {
            b'\'' | b'"' => self.quoted_scalar(text, at),
            b'[' => self.flow_seq(at, end),
            b'{' if text == "{}" => {
                self.open(true, true, at, at + 1);
                self.push(EventData::MappingEnd, end - 1, end);
                Some(())
            }
            c if plain_start(c) && !text.contains(": ") && !text.ends_with(':') => {
                self.scalar(text.to_string(), ScalarStyle::Plain, at, end);
                Some(())
            }
            _ => None,
        }
    }

    /// `[a, 'b', "c"]` on one line (no nested collections, no `:` in an item).
    fn flow_seq(&mut self, at: usize, end: usize) -> Option<()> {
        let text = &self.s[at..end];
        let inner = text.strip_prefix('[')?.strip_suffix(']')?;
        self.open(false, true, at, at + 1);
        if !inner.trim_matches(' ').is_empty() {
            let mut from = at + 1;
            for raw in inner.split(',') {
                let lead = raw.len() - raw.trim_start_matches(' ').len();
                let item = raw.trim_matches(' ');
                let i = from + lead;
                from += raw.len() + 1;
                let first = *item.as_bytes().first()?;
                if matches!(first, b'\'' | b'"') {
                    self.quoted_scalar(item, i)?;
                } else if plain_start(first) && !item.contains([':', '[', ']', '{', '}', '?']) {
                    self.scalar(item.to_string(), ScalarStyle::Plain, i, i + item.len());
                } else {
                    return None;
                }
            }
        }
        self.push(EventData::SequenceEnd, end - 1, end);
        Some(())
    }
}

/// Where a plain key ends: the `:` followed by a blank or the end of the line.
fn key_end(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let i = memchr::memchr_iter(b':', b).find(|&i| matches!(b.get(i + 1), None | Some(b' ')))?;
    // Quotes, flow indicators or `, ` inside a key: libyaml's reading is not this one's.
    if b[..i]
        .iter()
        .any(|c| matches!(c, b'\'' | b'"' | b'[' | b']' | b'{' | b'}' | b','))
    {
        return None;
    }
    Some(i)
}

/// Whether a sequence entry's text opens a mapping (`- key: value`).
fn is_entry(item: &str) -> bool {
    plain_start(item.as_bytes()[0]) && key_end(item).is_some()
}

/// A quoted scalar at the start of `text`: its value and its length with the quotes. No
/// escapes (a `\` sends the text to libyaml) and no line break (it would be folded).
fn quoted(text: &str) -> Option<(String, usize)> {
    let q = text.as_bytes()[0];
    let mut value = String::new();
    let mut i = 1;
    let b = text.as_bytes();
    loop {
        let next = i + memchr::memchr(q, &b[i..])?;
        value.push_str(&text[i..next]);
        if q == b'\'' && b.get(next + 1) == Some(&b'\'') {
            value.push('\'');
            i = next + 2;
        } else {
            return Some((value, next + 1));
        }
    }
}
