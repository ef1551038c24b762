//! Byte offsets ↔ LSP positions in the encoding agreed at `initialize`: UTF-8 when the client
//! offers it, else UTF-16 (the protocol's default). Lines end at `\n`, `\r\n` or a lone `\r`,
//! as in the protocol and in cardlint's own line index.

use lsp_types::{Position, Range};

use crate::diagnostic::{floor_char_boundary, LineIndex, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A text with its line index, for conversions both ways.
pub struct Text<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub enc: Encoding,
}

impl Text<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line);
        let before = &self.text[start..offset];
        let character = match self.enc {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, span: Option<Span>) -> Range {
        match span {
            Some(s) => Range::new(self.position(s.start), self.position(s.end)),
            None => Range::default(),
        }
    }

    /// The byte offset of a position; past the end of its line means the line's end, past the
    /// last line the text's end. A UTF-16 position inside a surrogate pair, or a UTF-8 one
    /// inside a character, means that character's start.
    pub fn offset(&self, p: Position) -> usize {
        let line = p.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len();
        }
        let start = self.lines.line_start(line);
        let rest = &self.text[start..];
        let end = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let want = p.character as usize;
        let mut units = 0;
        for (i, c) in rest[..end].char_indices() {
            let w = match self.enc {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
            if units + w > want {
                return start + i;
            }
            units += w;
        }
        start + end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_encodings_round_trip_after_non_ascii_text() {
        let text = "é😀x\r\nab\rc";
        let lines = LineIndex::new(text);
        let x = text.find('x').unwrap();
        for (enc, col) in [(Encoding::Utf8, 6), (Encoding::Utf16, 3)] {
            let t = Text {
                text,
                lines: &lines,
                enc,
            };
            assert_eq!(t.position(x), Position::new(0, col));
            assert_eq!(t.offset(Position::new(0, col)), x);
            assert_eq!(t.position(text.find('c').unwrap()), Position::new(2, 0));
            assert_eq!(t.offset(Position::new(1, 99)), text.find("\rc").unwrap());
            assert_eq!(t.offset(Position::new(9, 0)), text.len());
        }
    }
}
