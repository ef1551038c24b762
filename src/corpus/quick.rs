//! A row read by hand in one pass, for the common row: a JSON object whose keys have no
//! escape and whose `card` is a string. Anything else (an error, a key with an escape, a
//! lone surrogate, deep nesting) gives `None`, and serde_json reads the row instead: what is
//! read here is what serde_json reads, never an acceptance it would refuse (tests compare).

use std::borrow::Cow;

use super::object::{Card, Object};

/// Arrays and objects nested deeper than this are left to serde_json (its limit is 128).
const MAX_DEPTH: usize = 64;

struct Scan<'a> {
    b: &'a [u8],
    at: usize,
    /// Where the backslashes of the string last read are, from its first byte.
    escapes: Vec<usize>,
}

impl<'a> Scan<'a> {
    fn ws(&mut self) {
        while matches!(self.b.get(self.at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        (self.b.get(self.at) == Some(&c)).then(|| self.at += 1)
    }

    /// A string whose opening quote is next, as text (`decode`: escapes decoded into a new
    /// string, else `None` where it has any escape). One pass to its end over eight bytes at a
    /// time, one check of its UTF-8, then the escapes decoded where there are any.
    fn string(&mut self, decode: bool) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.at;
        self.escapes.clear();
        loop {
            self.at += memchr::memchr2(b'"', b'\\', &self.b[self.at..])?;
            if self.b[self.at] == b'"' {
                break;
            }
            // The escaped byte is skipped (a quote among them); `unescape` checks them.
            self.escapes.push(self.at - start);
            self.at += 2;
            if self.at > self.b.len() {
                return None;
            }
        }
        // No control character (JSON has them escaped): one branch-free pass, vectorised.
        if self.b[start..self.at]
            .iter()
            .fold(0u8, |any, &c| any | u8::from(c < 0x20))
            != 0
        {
            return None;
        }
        let raw = std::str::from_utf8(&self.b[start..self.at]).ok()?;
        self.at += 1;
        match (self.escapes.is_empty(), decode) {
            (true, _) => Some(Cow::Borrowed(raw)),
            (false, true) => unescape(raw, &self.escapes).map(Cow::Owned),
            (false, false) => None,
        }
    }

    /// Skips a number as JSON writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        let _ = self.eat(b'-');
        let digits = |s: &mut Self| {
            let n = s.b[s.at..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            s.at += n;
            n
        };
        if self.eat(b'0').is_none() && digits(self) == 0 {
            return None;
        }
        if self.eat(b'.').is_some() && digits(self) == 0 {
            return None;
        }
        if matches!(self.b.get(self.at), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.b.get(self.at), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return None;
            }
        }
        // `01`, `1a`: not a number's end.
        (!matches!(self.b.get(self.at), Some(c) if c.is_ascii_alphanumeric() || *c == b'.'))
            .then_some(())
    }

    /// Skips any value, checked; returns its JSON text.
    fn value(&mut self, depth: usize) -> Option<&'a str> {
        let start = self.at;
        match *self.b.get(self.at)? {
            b'"' => {
                self.string(true)?;
            }
            b'{' | b'[' if depth < MAX_DEPTH => {
                let close = if self.b[self.at] == b'{' { b'}' } else { b']' };
                self.at += 1;
                self.ws();
                if self.eat(close).is_none() {
                    loop {
                        if close == b'}' {
                            self.string(true)?;
                            self.ws();
                            self.eat(b':')?;
                            self.ws();
                        }
                        self.value(depth + 1)?;
                        self.ws();
                        if self.eat(close).is_some() {
                            break;
                        }
                        self.eat(b',')?;
                        self.ws();
                    }
                }
            }
            b't' | b'f' | b'n' => {
                let word: &[u8] = match self.b[self.at] {
                    b't' => b"true",
                    b'f' => b"false",
                    _ => b"null",
                };
                if !self.b[self.at..].starts_with(word) {
                    return None;
                }
                self.at += word.len();
            }
            b'-' | b'0'..=b'9' => self.number()?,
            _ => return None,
        }
        // Only ASCII was stepped over outside strings, whose UTF-8 was checked: a boundary.
        std::str::from_utf8(&self.b[start..self.at]).ok()
    }
}

/// A JSON string's text between its quotes, its escapes (backslashes at `escapes`, found by
/// the scan) decoded; `None` for a bad escape or a lone surrogate (left to serde_json).
fn unescape(raw: &str, escapes: &[usize]) -> Option<String> {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut at = 0;
    for &k in escapes {
        // A surrogate pair's second escape is read with its first.
        if k < at {
            continue;
        }
        out.push_str(&raw[at..k]);
        at = k + 1;
        let c = *b.get(at)?;
        at += 1;
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = hex4(b, &mut at)?;
                if (0xD800..0xDC00).contains(&hi) {
                    if b.get(at..at + 2) != Some(b"\\u") {
                        return None;
                    }
                    at += 2;
                    let lo = hex4(b, &mut at)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                } else {
                    char::from_u32(hi)?
                }
            }
            _ => return None,
        });
    }
    out.push_str(&raw[at..]);
    Some(out)
}

/// Four hex digits at `at`, read.
fn hex4(b: &[u8], at: &mut usize) -> Option<u32> {
    let h = b.get(*at..*at + 4)?;
    let mut v = 0;
    for &c in h {
        v = v * 16 + char::from(c).to_digit(16)?;
    }
    *at += 4;
    Some(v)
}

/// Reads a row's object by hand; `None` where serde_json must (see the module's comment).
pub fn object(bytes: &[u8]) -> Option<Object<'_>> {
    let mut s = Scan {
        b: bytes,
        at: 0,
        escapes: Vec::new(),
    };
    let mut obj = Object {
        cols: Vec::with_capacity(8),
        card: None,
    };
    s.ws();
    s.eat(b'{')?;
    s.ws();
    if s.eat(b'}').is_none() {
        loop {
            let key = s.string(false)?;
            s.ws();
            s.eat(b':')?;
            s.ws();
            if key == "card" {
                if s.b.get(s.at) != Some(&b'"') {
                    return None;
                }
                obj.card = Some(Card::Text(s.string(true)?.into_owned()));
            } else {
                obj.cols.push((key, s.value(1)?));
            }
            s.ws();
            if s.eat(b'}').is_some() {
                break;
            }
            s.eat(b',')?;
            s.ws();
        }
    }
    s.ws();
    (s.at == bytes.len()).then_some(obj)
}
