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

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{self as lsp, Uri};

use adapter::{ClientSettings, Linted};
use position::{Encoding, Text};

use crate::lint::External;
use crate::pipeline::{Job, Options};

/// Threads answering requests that need a lint: one can lint a huge card while the other
/// answers.
const POOL: usize = 2;

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

/// The client's settings and the run options they make.
struct Config {
    settings: ClientSettings,
    options: Options,
    /// Bumped when a setting or a config file changes: older lints are stale.
    generation: u64,
}

/// What the Hub said (or is being asked) for a card's model and datasets.
enum HubEntry {
    Pending,
    Done(Arc<crate::class::efficiency::HubFacts>),
}

/// State the loop, the lint worker and the request pool share.
struct Shared {
    out: Sender<Message>,
    enc: Encoding,
    pull: bool,
    docs: Mutex<HashMap<String, Doc>>,
    cache: Mutex<HashMap<String, Arc<Analysis>>>,
    config: Mutex<Arc<Config>>,
    jobs: Mutex<HashMap<PathBuf, Result<Arc<Job>, String>>>,
    hub: Mutex<HashMap<String, HubEntry>>,
    /// Requests queued on the pool, and whether they were cancelled.
    inflight: Mutex<HashMap<RequestId, bool>>,
    relint: Sender<String>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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

impl Shared {
    fn send(&self, m: impl Into<Message>) {
        let _ = self.out.send(m.into());
    }

    fn config(&self) -> Arc<Config> {
        lock(&self.config).clone()
    }

    fn job(&self, path: &Path, cfg: &Config) -> Result<Arc<Job>, String> {
        if let Some(j) = lock(&self.jobs).get(path) {
            return j.clone();
        }
        let j = adapter::plan(path, &cfg.options).map(Arc::new);
        lock(&self.jobs).insert(path.to_path_buf(), j.clone());
        j
    }

    /// The job's facts with the Hub's, where the card asks for them and they are known; the
    /// Hub is asked on a thread of its own, and the open cards linted again when it answers.
    fn ext(self: &Arc<Self>, job: &Job, text: &str) -> Arc<External> {
        if job.hub == crate::hub::Ask::No {
            return job.ext.clone();
        }
        let datasets = adapter::datasets(text);
        let key = format!("{:?}{:?}", job.hub, datasets);
        let mut hub = lock(&self.hub);
        match hub.get(&key) {
            Some(HubEntry::Done(f)) => {
                let mut ext = (*job.ext).clone();
                ext.hub = (**f).clone();
                return Arc::new(ext);
            }
            Some(HubEntry::Pending) => {}
            None => {
                hub.insert(key.clone(), HubEntry::Pending);
                let (me, ask) = (self.clone(), job.hub.clone());
                std::thread::spawn(move || {
                    let f = adapter::hub_facts(&ask, &datasets);
                    lock(&me.hub).insert(key, HubEntry::Done(f));
                    lock(&me.cache).clear();
                    let open: Vec<String> = lock(&me.docs).keys().cloned().collect();
                    for u in open {
                        let _ = me.relint.send(u);
                    }
                });
            }
        }
        job.ext.clone()
    }

    /// The lint of a document's current version, from the cache or made now.
    fn analyse(self: &Arc<Self>, uri: &str, doc: &Doc) -> Arc<Analysis> {
        let cfg = self.config();
        if let Some(a) = lock(&self.cache).get(uri) {
            if a.version == doc.version
                && a.generation == cfg.generation
                && Arc::ptr_eq(&a.text, &doc.text)
            {
                return a.clone();
            }
        }
        let path = uri_path(uri);
        let outcome = if is_config_file(&path) {
            Outcome::NotACard
        } else {
            match adapter::included(&path, &cfg.options.include) {
                Err(e) => Outcome::ConfigError(e),
                Ok(false) => Outcome::NotACard,
                Ok(true) => match self.job(&path, &cfg) {
                    Err(e) => Outcome::ConfigError(e),
                    Ok(job) => {
                        let ext = self.ext(&job, &doc.text);
                        let linted = adapter::lint(&path, &doc.text, &job, &ext);
                        Outcome::Linted {
                            linted: Box::new(linted),
                            job,
                            ext,
                        }
                    }
                },
            }
        };
        let a = Arc::new(Analysis {
            version: doc.version,
            generation: cfg.generation,
            path,
            text: doc.text.clone(),
            outcome,
        });
        let current = lock(&self.docs)
            .get(uri)
            .is_some_and(|d| d.version == doc.version);
        if current {
            lock(&self.cache).insert(uri.to_string(), a.clone());
        }
        a
    }

    fn publish(&self, uri: &str, version: Option<i32>, diagnostics: Vec<lsp::Diagnostic>) {
        let Ok(uri) = uri.parse::<Uri>() else { return };
        let params = lsp::PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(
            "textDocument/publishDiagnostics".into(),
            params,
        ));
    }
}

/// The lint worker: lints the latest version of each queued document and publishes.
fn lint_worker(shared: &Arc<Shared>, rx: &Receiver<String>) {
    while let Ok(first) = rx.recv() {
        let mut queue = vec![first];
        for u in rx.try_iter() {
            if !queue.contains(&u) {
                queue.push(u);
            }
        }
        for uri in queue {
            let Some(doc) = lock(&shared.docs).get(&uri).cloned() else {
                continue;
            };
            let a = shared.analyse(&uri, &doc);
            // A newer version is queued or the card was closed: this lint is stale.
            let current = lock(&shared.docs)
                .get(&uri)
                .is_some_and(|d| d.version == a.version);
            if !current || shared.pull {
                continue;
            }
            let Ok(u) = uri.parse::<Uri>() else { continue };
            let diags = features::diagnostics(&a, &u, shared.enc);
            shared.publish(&uri, Some(a.version), diags);
        }
    }
}

type Task = Box<dyn FnOnce() + Send>;

fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

/// The server's capabilities for a client.
fn capabilities(enc: Encoding, pull: bool) -> lsp::ServerCapabilities {
    #[allow(clippy::wildcard_imports)]
    use lsp::*;
    ServerCapabilities {
        position_encoding: Some(match enc {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, features::fix_all_kind()]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        inlay_hint_provider: Some(OneOf::Left(true)),
        diagnostic_provider: pull.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("cardlint".into()),
                inter_file_dependencies: false,
                workspace_diagnostics: false,
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })
        }),
        ..ServerCapabilities::default()
    }
}

/// The message loop's own state.
struct Server {
    shared: Arc<Shared>,
    pool: Sender<Task>,
    lint: Sender<String>,
    watch_files: bool,
    refresh: bool,
    requests: u64,
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

fn initialize(conn: &Connection, req: Request) -> Option<Server> {
    let params: lsp::InitializeParams = match serde_json::from_value(req.params) {
        Ok(p) => p,
        Err(e) => {
            let r = error(req.id, ErrorCode::InvalidParams, format!("initialize: {e}"));
            let _ = conn.sender.send(r.into());
            return None;
        }
    };
    let caps = &params.capabilities;
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8));
    let enc = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let pull = caps
        .text_document
        .as_ref()
        .is_some_and(|t| t.diagnostic.is_some());
    let watch_files = caps
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files)
        .and_then(|w| w.dynamic_registration)
        .unwrap_or(false);
    let refresh = caps
        .workspace
        .as_ref()
        .and_then(|w| w.diagnostic.as_ref())
        .and_then(|d| d.refresh_support)
        .unwrap_or(false);
    let (settings, warning) = match params
        .initialization_options
        .as_ref()
        .map(ClientSettings::from_json)
    {
        None => (ClientSettings::default(), None),
        Some(Ok(s)) => (s, None),
        Some(Err(e)) => (ClientSettings::default(), Some(e)),
    };
    let result = lsp::InitializeResult {
        capabilities: capabilities(enc, pull),
        server_info: Some(lsp::ServerInfo {
            name: "cardlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    let _ = conn.sender.send(Response::new_ok(req.id, result).into());
    let (lint_tx, lint_rx) = crossbeam_channel::unbounded::<String>();
    let shared = Arc::new(Shared {
        out: conn.sender.clone(),
        enc,
        pull,
        docs: Mutex::default(),
        cache: Mutex::default(),
        config: Mutex::new(Arc::new(Config {
            options: settings.options(),
            settings,
            generation: 0,
        })),
        jobs: Mutex::default(),
        hub: Mutex::default(),
        inflight: Mutex::default(),
        relint: lint_tx.clone(),
    });
    if let Some(w) = warning {
        show_message(&shared, lsp::MessageType::ERROR, &w);
    }
    let s = shared.clone();
    std::thread::spawn(move || lint_worker(&s, &lint_rx));
    let (pool_tx, pool_rx) = crossbeam_channel::unbounded::<Task>();
    for _ in 0..POOL {
        let rx = pool_rx.clone();
        std::thread::spawn(move || {
            for task in rx {
                task();
            }
        });
    }
    Some(Server {
        shared,
        pool: pool_tx,
        lint: lint_tx,
        watch_files,
        refresh,
        requests: 0,
    })
}

fn show_message(shared: &Shared, typ: lsp::MessageType, message: &str) {
    shared.send(Notification::new(
        "window/showMessage".into(),
        lsp::ShowMessageParams {
            typ,
            message: crate::report::safe_text(message).into_owned(),
        },
    ));
}

impl Server {
    fn respond(&self, r: Response) {
        self.shared.send(r);
    }

    /// Queues a request on the pool; `f` gets the document's lint (made there if needed).
    fn on_doc<P, R>(
        &self,
        req: Request,
        uri: impl Fn(&P) -> &Uri,
        f: impl FnOnce(&Shared, &str, Option<Arc<Analysis>>, P) -> R + Send + 'static,
    ) where
        P: serde::de::DeserializeOwned + Send + 'static,
        R: serde::Serialize,
    {
        let params: P = match serde_json::from_value(req.params) {
            Ok(p) => p,
            Err(e) => {
                return self.respond(error(
                    req.id,
                    ErrorCode::InvalidParams,
                    format!("{}: {e}", req.method),
                ));
            }
        };
        let u = uri(&params).as_str().to_string();
        let doc = lock(&self.shared.docs).get(&u).cloned();
        let shared = self.shared.clone();
        let id = req.id;
        lock(&shared.inflight).insert(id.clone(), false);
        let task = move || {
            let cancelled = |s: &Shared| lock(&s.inflight).get(&id).copied().unwrap_or(false);
            if cancelled(&shared) {
                lock(&shared.inflight).remove(&id);
                return shared.send(error(id, ErrorCode::RequestCanceled, "cancelled"));
            }
            let a = doc.as_ref().map(|d| shared.analyse(&u, d));
            let result = f(&shared, &u, a, params);
            let was = lock(&shared.inflight).remove(&id).unwrap_or(false);
            let r = if was {
                error(id, ErrorCode::RequestCanceled, "cancelled")
            } else {
                Response::new_ok(id, result)
            };
            shared.send(r);
        };
        let _ = self.pool.send(Box::new(task));
    }

    fn request(&mut self, req: Request) {
        match req.method.as_str() {
            "textDocument/hover" => self.on_doc(
                req,
                |p: &lsp::HoverParams| &p.text_document_position_params.text_document.uri,
                |s, uri, a, p| {
                    let pos = p.text_document_position_params.position;
                    let path = uri_path(uri);
                    if is_config_file(&path) {
                        let doc = lock(&s.docs).get(uri).cloned()?;
                        return features::config_hover(&doc.text, &path, s.enc, pos);
                    }
                    features::hover(&*a?, s.enc, pos)
                },
            ),
            "textDocument/codeAction" => self.on_doc(
                req,
                |p: &lsp::CodeActionParams| &p.text_document.uri,
                |s, _, a, p| {
                    let Some(a) = a else { return Vec::new() };
                    let unsafe_fixes = s.config().settings.unsafe_fixes;
                    features::code_actions(
                        &a,
                        &p.text_document.uri,
                        s.enc,
                        p.range,
                        p.context.only.as_deref(),
                        unsafe_fixes,
                    )
                },
            ),
            "textDocument/inlayHint" => self.on_doc(
                req,
                |p: &lsp::InlayHintParams| &p.text_document.uri,
                |s, _, a, p| {
                    a.map(|a| features::inlay_hints(&a, s.enc, p.range))
                        .unwrap_or_default()
                },
            ),
            "textDocument/diagnostic" => self.on_doc(
                req,
                |p: &lsp::DocumentDiagnosticParams| &p.text_document.uri,
                |s, _, a, p| {
                    let items = a
                        .map(|a| features::diagnostics(&a, &p.text_document.uri, s.enc))
                        .unwrap_or_default();
                    lsp::DocumentDiagnosticReportResult::Report(
                        lsp::DocumentDiagnosticReport::Full(
                            lsp::RelatedFullDocumentDiagnosticReport {
                                related_documents: None,
                                full_document_diagnostic_report:
                                    lsp::FullDocumentDiagnosticReport {
                                        result_id: None,
                                        items,
                                    },
                            },
                        ),
                    )
                },
            ),
            _ => self.respond(error(
                req.id,
                ErrorCode::MethodNotFound,
                format!("unknown method {}", crate::report::safe_text(&req.method)),
            )),
        }
    }

    fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
        serde_json::from_value(n.params).ok()
    }

    fn schedule(&self, uri: &str) {
        if !self.shared.pull {
            let _ = self.lint.send(uri.to_string());
        }
    }

    /// A setting or a config file changed: every open card is linted again.
    fn invalidate(&mut self, settings: Option<ClientSettings>) {
        {
            let mut c = lock(&self.shared.config);
            let settings = settings.unwrap_or_else(|| c.settings.clone());
            let next = Config {
                options: settings.options(),
                settings,
                generation: c.generation + 1,
            };
            *c = Arc::new(next);
        }
        lock(&self.shared.jobs).clear();
        lock(&self.shared.cache).clear();
        let open: Vec<String> = lock(&self.shared.docs).keys().cloned().collect();
        for u in &open {
            self.schedule(u);
        }
        if self.shared.pull && self.refresh {
            self.requests += 1;
            self.shared.send(Request::new(
                RequestId::from(format!("cardlint-refresh-{}", self.requests)),
                "workspace/diagnostic/refresh".into(),
                (),
            ));
        }
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "initialized" if self.watch_files => self.register_watchers(),
            "$/cancelRequest" => {
                if let Some(p) = Self::params::<lsp::CancelParams>(n) {
                    let id = match p.id {
                        lsp::NumberOrString::Number(i) => RequestId::from(i),
                        lsp::NumberOrString::String(s) => RequestId::from(s),
                    };
                    if let Some(c) = lock(&self.shared.inflight).get_mut(&id) {
                        *c = true;
                    }
                }
            }
            "textDocument/didOpen" => {
                if let Some(p) = Self::params::<lsp::DidOpenTextDocumentParams>(n) {
                    let uri = p.text_document.uri.as_str().to_string();
                    let doc = Doc {
                        version: p.text_document.version,
                        text: p.text_document.text.into(),
                    };
                    lock(&self.shared.docs).insert(uri.clone(), doc);
                    self.schedule(&uri);
                }
            }
            "textDocument/didChange" => {
                if let Some(p) = Self::params::<lsp::DidChangeTextDocumentParams>(n) {
                    self.change(p);
                }
            }
            "textDocument/didClose" => {
                if let Some(p) = Self::params::<lsp::DidCloseTextDocumentParams>(n) {
                    let uri = p.text_document.uri.as_str().to_string();
                    lock(&self.shared.docs).remove(&uri);
                    lock(&self.shared.cache).remove(&uri);
                    if !self.shared.pull {
                        self.shared.publish(&uri, None, Vec::new());
                    }
                }
            }
            "textDocument/didSave" => {
                if let Some(p) = Self::params::<lsp::DidSaveTextDocumentParams>(n) {
                    if is_config_file(&uri_path(p.text_document.uri.as_str())) {
                        self.invalidate(None);
                    }
                }
            }
            "workspace/didChangeWatchedFiles" => self.invalidate(None),
            "workspace/didChangeConfiguration" => {
                if let Some(p) = Self::params::<lsp::DidChangeConfigurationParams>(n) {
                    if p.settings.is_null() {
                        return;
                    }
                    match ClientSettings::from_json(&p.settings) {
                        Ok(s) => self.invalidate(Some(s)),
                        Err(e) => show_message(&self.shared, lsp::MessageType::ERROR, &e),
                    }
                }
            }
            _ => {}
        }
    }

    fn change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let uri = p.text_document.uri.as_str().to_string();
        let mut docs = lock(&self.shared.docs);
        let Some(doc) = docs.get_mut(&uri) else {
            return;
        };
        let mut text: String = doc.text.to_string();
        for c in p.content_changes {
            match c.range {
                None => text = c.text,
                Some(r) => {
                    let lines = crate::diagnostic::LineIndex::new(&text);
                    let t = Text {
                        text: &text,
                        lines: &lines,
                        enc: self.shared.enc,
                    };
                    let (a, b) = (t.offset(r.start), t.offset(r.end));
                    let (a, b) = (a.min(b), a.max(b));
                    text.replace_range(a..b, &c.text);
                }
            }
        }
        *doc = Doc {
            version: p.text_document.version,
            text: text.into(),
        };
        drop(docs);
        self.schedule(&uri);
    }

    fn register_watchers(&mut self) {
        let watchers = ["**/cardlint.toml", "**/.cardlint.toml", "**/pyproject.toml"]
            .into_iter()
            .map(|g| lsp::FileSystemWatcher {
                glob_pattern: lsp::GlobPattern::String(g.into()),
                kind: None,
            })
            .collect();
        let reg = lsp::Registration {
            id: "cardlint-config-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(lsp::DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        self.requests += 1;
        self.shared.send(Request::new(
            RequestId::from(format!("cardlint-register-{}", self.requests)),
            "client/registerCapability".into(),
            lsp::RegistrationParams {
                registrations: vec![reg],
            },
        ));
    }
}

/// `cardlint server`: serves standard input and output; the process's exit status is 0 after
/// `shutdown` then `exit`, 1 otherwise.
pub fn stdio() -> bool {
    // The writer thread is not joined: the worker threads hold senders until the process
    // ends, and every answer was written before `exit` was read.
    let (conn, _writer) = transport::stdio();
    run(&conn)
}
