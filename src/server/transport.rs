//! Standard input and output with the protocol's framing (`Content-Length` headers). Unlike
//! `lsp_server::Connection::stdio`, a malformed frame or payload does not end the server: it
//! gets a JSON-RPC error response (`id` null for a parse error, the request's id where one can
//! be read) and reading goes on with the next frame.

use std::io::{self, BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, Message};

/// The largest message read; a longer one is skipped (its bytes consumed) with an error.
pub const MAX_MESSAGE: usize = 64 << 20;

/// A header line longer than this is not a header.
const MAX_HEADER: u64 = 8 << 10;

/// Frames and writes one message body.
fn write_frame(out: &mut impl Write, body: &str) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

fn error_body(id: &serde_json::Value, code: i32, message: &str) -> String {
    serde_json::json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
        .to_string()
}

/// A payload that is not a message: the error response it gets.
pub fn reject(text: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(text) else {
        return error_body(&serde_json::Value::Null, -32700, "parse error: not JSON");
    };
    let id = v
        .get("id")
        .filter(|i| i.is_string() || i.is_i64() || i.is_u64())
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    error_body(
        &id,
        -32600,
        "invalid request: not a JSON-RPC request, response or notification",
    )
}

/// Whether a payload has a `result` member (`null` included, which serde reads as none).
fn has_result(text: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(text).is_ok_and(|v| v.get("result").is_some())
}

/// What a frame read gave.
enum Frame {
    Body(Vec<u8>),
    /// A framing error: reported, then reading goes on.
    Bad(String),
    Eof,
}

fn read_frame(inp: &mut impl BufRead) -> io::Result<Frame> {
    let mut size: Option<usize> = None;
    let mut bad: Option<String> = None;
    let mut any = false;
    loop {
        let mut line = Vec::new();
        let n = inp.by_ref().take(MAX_HEADER).read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(if any {
                Frame::Bad("the input ended inside a header".into())
            } else {
                Frame::Eof
            });
        }
        any = true;
        let l = String::from_utf8_lossy(&line);
        let l = l.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            break;
        }
        match l.split_once(':') {
            Some((name, value)) if name.trim().eq_ignore_ascii_case("content-length") => {
                match value.trim().parse::<usize>() {
                    Ok(s) => size = Some(s),
                    Err(_) => bad = Some("a Content-Length that is not a number".into()),
                }
            }
            Some(_) => {}
            None => bad = Some("a header line without `:`".into()),
        }
    }
    let Some(size) = size else {
        return Ok(Frame::Bad(
            bad.unwrap_or_else(|| "a message without Content-Length".into()),
        ));
    };
    if size > MAX_MESSAGE {
        io::copy(&mut inp.by_ref().take(size as u64), &mut io::sink())?;
        return Ok(Frame::Bad(format!(
            "a message of {size} bytes (the limit is {MAX_MESSAGE})"
        )));
    }
    let mut body = vec![0; size];
    inp.read_exact(&mut body)?;
    Ok(match bad {
        Some(b) => Frame::Bad(b),
        None => Frame::Body(body),
    })
}

/// Reads frames from `inp` until it ends, sending messages on `to`; malformed ones are
/// answered on `out` directly.
pub fn read_loop(mut inp: impl BufRead, to: &Sender<Message>, out: &dyn Fn(&str)) {
    loop {
        match read_frame(&mut inp) {
            Ok(Frame::Eof) | Err(_) => return,
            Ok(Frame::Bad(why)) => {
                out(&error_body(
                    &serde_json::Value::Null,
                    -32700,
                    &format!("parse error: {why}"),
                ));
            }
            Ok(Frame::Body(b)) => match serde_json::from_slice::<Message>(&b) {
                // `{"id": 7}` reads as a response with neither a result nor an error; so does
                // `{"id": 7, "result": null}`, a client's answer to `client/registerCapability`
                // or `workspace/diagnostic/refresh`, which is a response and gets no reply.
                Ok(Message::Response(r))
                    if r.result.is_none() && r.error.is_none() && !has_result(&b) =>
                {
                    out(&reject(&b));
                }
                Ok(m) => {
                    if to.send(m).is_err() {
                        return;
                    }
                }
                Err(_) => out(&reject(&b)),
            },
        }
    }
}

fn write_stdout(body: &str) {
    let mut o = io::stdout().lock();
    let _ = write_frame(&mut o, body);
}

/// A connection over standard input and output, and the threads that serve it.
pub fn stdio() -> (Connection, std::thread::JoinHandle<()>) {
    let (to_server, from_client) = crossbeam_channel::unbounded::<Message>();
    let (to_client, from_server): (Sender<Message>, Receiver<Message>) =
        crossbeam_channel::unbounded();
    std::thread::spawn(move || {
        let stdin = io::stdin();
        read_loop(stdin.lock(), &to_server, &write_stdout);
    });
    let writer = std::thread::spawn(move || {
        for m in from_server {
            let mut o = io::stdout().lock();
            if m.write(&mut o).is_err() {
                return;
            }
        }
    });
    (
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        writer,
    )
}
