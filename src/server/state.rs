//! The state the message loop, the lint worker and the request pool share: open documents,
//! cached lints, the client's settings, planned jobs and the Hub's answers; and the lint worker.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{Message, Notification, RequestId};
use lsp_types::{self as lsp, Uri};

use super::adapter::{self, ClientSettings};
use super::position::Encoding;
use super::{features, is_config_file, uri_path, Analysis, Doc, Outcome};
use crate::lint::External;
use crate::pipeline::{Job, Options};

/// Threads answering requests that need a lint: one can lint a huge card while the other
/// answers.
pub(super) const POOL: usize = 2;

/// The client's settings and the run options they make.
pub(super) struct Config {
    pub(super) settings: ClientSettings,
    pub(super) options: Options,
    /// Bumped when a setting or a config file changes: older lints are stale.
    pub(super) generation: u64,
}

/// What the Hub said (or is being asked) for a card's model and datasets.
pub(super) enum HubEntry {
    Pending,
    Done(Arc<crate::class::efficiency::HubFacts>),
}

/// State the loop, the lint worker and the request pool share.
pub(super) struct Shared {
    pub(super) out: Sender<Message>,
    pub(super) enc: Encoding,
    pub(super) pull: bool,
    pub(super) docs: Mutex<HashMap<String, Doc>>,
    pub(super) cache: Mutex<HashMap<String, Arc<Analysis>>>,
    pub(super) config: Mutex<Arc<Config>>,
    pub(super) jobs: Mutex<HashMap<PathBuf, Result<Arc<Job>, String>>>,
    pub(super) hub: Mutex<HashMap<String, HubEntry>>,
    /// Requests queued on the pool, and whether they were cancelled.
    pub(super) inflight: Mutex<HashMap<RequestId, bool>>,
    pub(super) relint: Sender<String>,
}

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Shared {
    pub(super) fn send(&self, m: impl Into<Message>) {
        let _ = self.out.send(m.into());
    }

    pub(super) fn config(&self) -> Arc<Config> {
        lock(&self.config).clone()
    }

    pub(super) fn job(&self, path: &Path, cfg: &Config) -> Result<Arc<Job>, String> {
        if let Some(j) = lock(&self.jobs).get(path) {
            return j.clone();
        }
        let j = adapter::plan(path, &cfg.options).map(Arc::new);
        lock(&self.jobs).insert(path.to_path_buf(), j.clone());
        j
    }

    /// The job's facts with the Hub's, where the card asks for them and they are known; the
    /// Hub is asked on a thread of its own, and the open cards linted again when it answers.
    pub(super) fn ext(self: &Arc<Self>, job: &Job, text: &str) -> Arc<External> {
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
    pub(super) fn analyse(self: &Arc<Self>, uri: &str, doc: &Doc) -> Arc<Analysis> {
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

    pub(super) fn publish(
        &self,
        uri: &str,
        version: Option<i32>,
        diagnostics: Vec<lsp::Diagnostic>,
    ) {
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
pub(super) fn lint_worker(shared: &Arc<Shared>, rx: &Receiver<String>) {
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

pub(super) type Task = Box<dyn FnOnce() + Send>;
