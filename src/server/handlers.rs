//! The message loop's own state, `initialize`, and the requests: each that needs a lint is
//! queued on the pool.

use std::sync::{Arc, Mutex};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Connection, ErrorCode, Notification, Request, RequestId, Response};
use lsp_types::{self as lsp, Uri};

use super::adapter::ClientSettings;
use super::position::Encoding;
use super::state::{lint_worker, lock, Config, Shared, Task, POOL};
use super::{features, is_config_file, uri_path, Analysis};

pub(super) fn error(id: RequestId, code: ErrorCode, message: impl Into<String>) -> Response {
    Response::new_err(id, code as i32, message.into())
}

/// The server's capabilities for a client.
pub(super) fn capabilities(enc: Encoding, pull: bool) -> lsp::ServerCapabilities {
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
pub(super) struct Server {
    pub(super) shared: Arc<Shared>,
    pub(super) pool: Sender<Task>,
    pub(super) lint: Sender<String>,
    pub(super) watch_files: bool,
    pub(super) refresh: bool,
    pub(super) requests: u64,
}

pub(super) fn initialize(conn: &Connection, req: Request) -> Option<Server> {
    // LSP 3.17 names it `workspace.diagnostics` (VS Code's client sends that); lsp-types 0.97
    // reads `workspace.diagnostic`: either says the client takes `workspace/diagnostic/refresh`.
    let spec_refresh = req
        .params
        .pointer("/capabilities/workspace/diagnostics/refreshSupport")
        == Some(&serde_json::Value::Bool(true));
    let params: lsp::InitializeParams = match serde_json::from_value(req.params) {
        Ok(p) => p,
        Err(e) => {
            let r = error(req.id, ErrorCode::InvalidParams, format!("initialize: {e}"));
            let _ = conn.sender.send(r.into());
            return None;
        }
    };
    let (enc, pull, watch_files, refresh) = client_caps(&params.capabilities);
    let refresh = refresh || spec_refresh;
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
    let pool_tx = spawn_workers(&shared, lint_rx);
    Some(Server {
        shared,
        pool: pool_tx,
        lint: lint_tx,
        watch_files,
        refresh,
        requests: 0,
    })
}

/// What the client can do: the position encoding, pulled diagnostics, watched files
/// registration and diagnostics refresh.
fn client_caps(caps: &lsp::ClientCapabilities) -> (Encoding, bool, bool, bool) {
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
    (enc, pull, watch_files, refresh)
}

/// Starts the lint worker and the request pool; the pool's queue.
fn spawn_workers(shared: &Arc<Shared>, lint_rx: Receiver<String>) -> Sender<Task> {
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
    pool_tx
}

pub(super) fn show_message(shared: &Shared, typ: lsp::MessageType, message: &str) {
    shared.send(Notification::new(
        "window/showMessage".into(),
        lsp::ShowMessageParams {
            typ,
            message: crate::report::safe_text(message).into_owned(),
        },
    ));
}

impl Server {
    pub(super) fn respond(&self, r: Response) {
        self.shared.send(r);
    }

    /// Queues a request on the pool; `f` gets the document's lint (made there if needed).
    pub(super) fn on_doc<P, R>(
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

    pub(super) fn request(&mut self, req: Request) {
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
}
