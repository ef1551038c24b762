//! Reading JSON Lines in chunks with bounded memory: a line over the limit is skipped as it is
//! read (never held whole), and a chunk ends at [`CHUNK`](crate::pipeline::CHUNK) lines or
//! [`CHUNK_BYTES`] bytes, whichever comes first.

use std::io::{BufRead, ErrorKind};

/// The bytes of rows a chunk holds at most (besides one row of any allowed size).
pub const CHUNK_BYTES: usize = 8 * 1024 * 1024;

/// One line of the input, as read: its number (from 1) and its bytes, or why it was not kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub number: u64,
    pub bytes: Result<Vec<u8>, String>,
}

/// The lines of a JSON Lines stream, in chunks. Blank lines are skipped (counted in the
/// numbering); a UTF-8 byte order mark before the first line and a `\r` before each `\n` are
/// dropped. A read error ends the stream with a line that says so.
pub struct Lines<R> {
    inner: R,
    number: u64,
    max_line: usize,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    /// `max_line`: the longest line kept, in bytes; longer ones become an error line.
    pub fn new(inner: R, max_line: usize) -> Self {
        Lines {
            inner,
            number: 0,
            max_line,
            done: false,
        }
    }

    /// The next non-blank line, or `None` at the end.
    fn line(&mut self) -> Option<Line> {
        loop {
            if self.done {
                return None;
            }
            self.number += 1;
            let number = self.number;
            let mut buf = Vec::new();
            let mut over = false;
            let mut ended = false;
            loop {
                let avail = match self.inner.fill_buf() {
                    Ok(b) => b,
                    Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.done = true;
                        return Some(Line {
                            number,
                            bytes: Err(format!("cannot read line {number}: {e}")),
                        });
                    }
                };
                if avail.is_empty() {
                    self.done = true;
                    break;
                }
                let (take, nl) = match memchr::memchr(b'\n', avail) {
                    Some(i) => (i, true),
                    None => (avail.len(), false),
                };
                if !over && buf.len() + take <= self.max_line {
                    buf.extend_from_slice(&avail[..take]);
                } else {
                    over = true;
                    buf = Vec::new();
                }
                self.inner.consume(take + usize::from(nl));
                if nl {
                    ended = true;
                    break;
                }
            }
            if over {
                return Some(Line {
                    number,
                    bytes: Err(format!(
                        "line {number} is over the limit of {} bytes",
                        self.max_line
                    )),
                });
            }
            if number == 1 && buf.starts_with(b"\xEF\xBB\xBF") {
                buf.drain(..3);
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                if !ended {
                    self.done = true;
                }
                continue;
            }
            return Some(Line {
                number,
                bytes: Ok(buf),
            });
        }
    }
}

impl<R: BufRead> Iterator for Lines<R> {
    type Item = Vec<Line>;

    /// The next chunk: up to [`crate::pipeline::CHUNK`] lines or [`CHUNK_BYTES`] bytes.
    fn next(&mut self) -> Option<Vec<Line>> {
        let mut chunk = Vec::new();
        let mut bytes = 0;
        while chunk.len() < crate::pipeline::CHUNK && bytes < CHUNK_BYTES {
            let Some(l) = self.line() else { break };
            bytes += l.bytes.as_ref().map_or(0, Vec::len);
            chunk.push(l);
        }
        (!chunk.is_empty()).then_some(chunk)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<(u64, Result<String, String>)> {
        Lines::new(std::io::BufReader::with_capacity(4, input), max)
            .flatten()
            .map(|l| (l.number, l.bytes.map(|b| String::from_utf8(b).unwrap())))
            .collect()
    }

    #[test]
    fn numbers_lines_skips_blank_ones_and_refuses_long_ones() {
        let got = lines(b"\xEF\xBB\xBF{\"a\":1}\r\n\n  \n{\"b\":22222222}\n{}", 12);
        assert_eq!(
            got,
            vec![
                (1, Ok("{\"a\":1}".to_string())),
                (4, Err("line 4 is over the limit of 12 bytes".to_string())),
                (5, Ok("{}".to_string())),
            ]
        );
        assert!(lines(b"", 10).is_empty());
        assert!(lines(b"\n\n", 10).is_empty());
    }

    #[test]
    fn a_chunk_is_bounded_in_lines() {
        let input = "{}\n".repeat(crate::pipeline::CHUNK + 3);
        let chunks: Vec<usize> = Lines::new(input.as_bytes(), 10).map(|c| c.len()).collect();
        assert_eq!(chunks, vec![crate::pipeline::CHUNK, 3]);
    }
}
