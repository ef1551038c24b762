//! `cardlint server`: the Language Server Protocol over standard input and output, built on
//! rust-analyzer's `lsp-server` (synchronous: a message loop on one thread, no async runtime).
//!
//! The loop never lints. Opened and changed cards are queued for a lint worker, which takes the
//! latest version of each queued card (older versions are dropped unlinted) and publishes its
//! diagnostics unless the card changed meanwhile. Requests that need a lint (hover, code
//! actions, inlay hints, pulled diagnostics) run on a small pool and share the worker's cached
//! lint of the same version; `$/cancelRequest` answers a queued request as cancelled. Every
//! call into the linter goes through [`adapter`].

pub mod adapter;
pub mod features;
pub mod position;
pub mod transport;

mod actions;
mod handlers;
mod hover;
mod notifications;
mod state;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Response};

use adapter::Linted;
use handlers::{error, initialize, Server};

use crate::lint::External;
use crate::pipeline::Job;

/// A document the client has open.
#[derive(Debug, Clone)]
pub struct Doc {
    pub version: i32,
    pub text: Arc<str>,
}

/// What a lint of one version of a document gave.
pub enum Outcome {
    /// Not a card the CLI would lint (its name does not match `include`, or a config file).
    NotACard,
    /// The card's configuration (or the client's settings) cannot be used.
    ConfigError(String),
    Linted {
        linted: Box<Linted>,
        job: Arc<Job>,
        ext: Arc<External>,
    },
}

/// One lint of one version of a document.
pub struct Analysis {
    pub version: i32,
    pub generation: u64,
    pub path: PathBuf,
    pub text: Arc<str>,
    pub outcome: Outcome,
}

/// The path a document's URI names: a `file:` URI's decoded path; for other schemes
/// (`untitled:`) its last segment, as if the file were in the current folder.
pub fn uri_path(uri: &str) -> PathBuf {
    if let Some(rest) = uri.strip_prefix("file://") {
        let path = &rest[rest.find('/').unwrap_or(rest.len())..];
        let mut bytes = Vec::with_capacity(path.len());
        let b = path.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            match (
                b[i],
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            ) {
                (b'%', Some(h), Some(l)) => {
                    bytes.push((h * 16 + l) as u8);
                    i += 3;
                }
                (c, _, _) => {
                    bytes.push(c);
                    i += 1;
                }
            }
        }
        let s = String::from_utf8_lossy(&bytes).into_owned();
        // `/C:/x` on Windows.
        let s = match s.as_bytes() {
            [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => s[1..].to_string(),
            _ => s,
        };
        return PathBuf::from(s);
    }
    let last = uri.rsplit(['/', ':']).next().unwrap_or("");
    PathBuf::from(last)
}

fn is_config_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| matches!(n, "cardlint.toml" | ".cardlint.toml" | "pyproject.toml"))
}

/// Runs the server on a connection until `exit` (or the connection closes). `true` when
/// `shutdown` came first: the process then exits with status 0.
pub fn run(conn: &Connection) -> bool {
    let mut server: Option<Server> = None;
    let mut shutdown = false;
    for msg in &conn.receiver {
        match msg {
            Message::Request(req) => {
                if shutdown {
                    let r = error(
                        req.id,
                        ErrorCode::InvalidRequest,
                        "the server is shutting down",
                    );
                    let _ = conn.sender.send(r.into());
                    continue;
                }
                match (&mut server, req.method.as_str()) {
                    (None, "initialize") => server = initialize(conn, req),
                    (None, _) => {
                        let r = error(
                            req.id,
                            ErrorCode::ServerNotInitialized,
                            "the server is not initialized",
                        );
                        let _ = conn.sender.send(r.into());
                    }
                    (Some(_), "initialize") => {
                        let r = error(
                            req.id,
                            ErrorCode::InvalidRequest,
                            "the server is already initialized",
                        );
                        let _ = conn.sender.send(r.into());
                    }
                    (Some(_), "shutdown") => {
                        shutdown = true;
                        let _ = conn.sender.send(Response::new_ok(req.id, ()).into());
                    }
                    (Some(s), _) => s.request(req),
                }
            }
            Message::Notification(n) if n.method == "exit" => return shutdown,
            Message::Notification(n) => {
                if let Some(s) = &mut server {
                    s.notification(n);
                }
            }
            Message::Response(_) => {}
        }
    }
    false
}

/// `cardlint server`: serves standard input and output; the process's exit status is 0 after
/// `shutdown` then `exit`, 1 otherwise.
pub fn stdio() -> bool {
    // The writer thread is not joined: the worker threads hold senders until the process
    // ends, and every answer was written before `exit` was read.
    let (conn, _writer) = transport::stdio();
    run(&conn)
}
