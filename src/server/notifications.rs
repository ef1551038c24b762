//! The notifications: documents opened, changed, closed and saved, settings and config files
//! changed, requests cancelled.

use std::sync::Arc;

use lsp_server::{Notification, Request, RequestId};
use lsp_types as lsp;

use super::adapter::ClientSettings;
use super::handlers::{show_message, Server};
use super::position::Text;
use super::state::{lock, Config};
use super::{is_config_file, uri_path, Doc};

impl Server {
    pub(super) fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
        serde_json::from_value(n.params).ok()
    }

    pub(super) fn schedule(&self, uri: &str) {
        if !self.shared.pull {
            let _ = self.lint.send(uri.to_string());
        }
    }

    /// A setting or a config file changed: every open card is linted again.
    pub(super) fn invalidate(&mut self, settings: Option<ClientSettings>) {
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

    pub(super) fn notification(&mut self, n: Notification) {
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

    pub(super) fn change(&mut self, p: lsp::DidChangeTextDocumentParams) {
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

    pub(super) fn register_watchers(&mut self) {
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
