//! The Hub client (feature `hub`): one per run, shared by every card.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::answer;
use super::redirect::{join_url, same_origin};
use super::slots::Slots;
use super::{token, ModelFacts, ModelId};
use crate::class::efficiency::{Fact, Provenance};

/// The public Hub.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";
/// Requests in flight at once, whatever the number of cores.
pub const MAX_IN_FLIGHT: usize = 8;
/// The largest answer read (a model's file list is a few hundred kB).
pub const MAX_RESPONSE: u64 = 32 * 1024 * 1024;
/// The most datasets of one card asked about.
pub const MAX_DATASETS: usize = 32;
/// Retries of one request on 429 and 5xx answers; a card's datasets share this many in all.
const RETRIES: u32 = 2;
/// Redirects followed for one request.
const MAX_REDIRECTS: usize = 5;
/// The longest `Retry-After` honoured; a longer one ends the retries.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Why a fact could not be read from the Hub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HubError {
    /// 404: no such model or dataset (or a private one, without a token).
    NotFound,
    /// 401 or 403: private or gated.
    Denied(u16),
    /// 429 after the retries.
    RateLimited,
    /// Another status after the retries.
    Status(u16),
    /// The connection failed or timed out.
    Network(String),
    /// The answer is not what the Hub's API answers.
    Malformed(String),
    /// The run's time for Hub work is spent.
    Deadline,
}

impl std::fmt::Display for HubError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HubError::NotFound => f.write_str("the Hub answers 404 (no such repository, or a private one)"),
            HubError::Denied(s) => write!(f, "the Hub answers {s} (private or gated: set HF_TOKEN to a token with access)"),
            HubError::RateLimited => f.write_str("the Hub answers 429, too many requests (without a token it allows 500 requests per 5 minutes; set HF_TOKEN or try later)"),
            HubError::Status(s) => write!(f, "the Hub answers {s}"),
            HubError::Network(e) => write!(f, "the Hub cannot be reached ({e})"),
            HubError::Malformed(e) => write!(f, "the Hub's answer cannot be read ({e})"),
            HubError::Deadline => f.write_str("the time for Hub requests ran out (CARDLINT_HUB_DEADLINE)"),
        }
    }
}

type Memo<T> = Mutex<HashMap<String, Arc<OnceLock<Result<T, HubError>>>>>;

/// The Hub client of one run: shared by every card, it asks for each model and each dataset
/// once.
pub struct Hub {
    agent: ureq::Agent,
    endpoint: String,
    token: Option<String>,
    deadline: Instant,
    slots: Slots,
    models: Memo<ModelFacts>,
    datasets: Memo<Option<f64>>,
}

impl Hub {
    /// The client as the environment configures it: `HF_ENDPOINT`, the token, and
    /// `CARDLINT_HUB_DEADLINE` (seconds for the whole run's Hub work, default 300).
    pub fn from_env() -> Hub {
        let endpoint = std::env::var("HF_ENDPOINT")
            .ok()
            .map(|e| e.trim().trim_end_matches('/').to_string())
            .filter(|e| !e.is_empty())
            .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string());
        let secs = std::env::var("CARDLINT_HUB_DEADLINE")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .unwrap_or(300.0);
        Hub::new(endpoint, token(), Duration::from_secs_f64(secs))
    }

    pub fn new(endpoint: String, token: Option<String>, budget: Duration) -> Hub {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_global(Some(Duration::from_secs(30).min(budget)))
            // Redirects are followed by [`Hub::call`], which decides where the token goes.
            .max_redirects(0)
            .user_agent(concat!("cardlint/", env!("CARGO_PKG_VERSION")))
            .build();
        Hub {
            agent: config.into(),
            endpoint,
            token,
            deadline: Instant::now() + budget,
            slots: Slots::new(MAX_IN_FLIGHT),
            models: Mutex::default(),
            datasets: Mutex::default(),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// The time left for Hub work, or [`HubError::Deadline`].
    fn left(&self) -> Result<Duration, HubError> {
        let left = self.deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HubError::Deadline);
        }
        Ok(left)
    }

    /// The text with the token replaced by `***`: whatever a server echoes back (a redirect's
    /// `Location`, an error, a file name, a card) never shows the token.
    fn scrub(&self, s: &str) -> String {
        match &self.token {
            Some(t) if t.len() >= 4 && s.contains(t.as_str()) => s.replace(t.as_str(), "***"),
            _ => s.to_string(),
        }
    }

    /// [`Hub::scrub`] over bytes (a card, an answer before it is parsed).
    fn scrub_bytes(&self, body: Vec<u8>) -> Vec<u8> {
        let Some(t) = self.token.as_deref().filter(|t| t.len() >= 4) else {
            return body;
        };
        let finder = memchr::memmem::Finder::new(t.as_bytes());
        if finder.find(&body).is_none() {
            return body;
        }
        let mut out = Vec::with_capacity(body.len());
        let mut rest = &body[..];
        while let Some(i) = finder.find(rest) {
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(b"***");
            rest = &rest[i + t.len()..];
        }
        out.extend_from_slice(rest);
        out
    }

    /// A fault, its text scrubbed of the token.
    fn scrubbed(&self, e: HubError) -> HubError {
        match e {
            HubError::Network(m) => HubError::Network(self.scrub(&m)),
            HubError::Malformed(m) => HubError::Malformed(self.scrub(&m)),
            e => e,
        }
    }

    /// One GET with the retries: the body of a 200 answer, the token scrubbed from it.
    fn get(&self, path: &str) -> Result<Vec<u8>, HubError> {
        self.get_with(path, &AtomicU32::new(RETRIES))
    }

    /// [`Hub::get`], its retries drawn from `retries` (shared by the requests of one card's
    /// datasets, so that their retries are bounded in total).
    fn get_with(&self, path: &str, retries: &AtomicU32) -> Result<Vec<u8>, HubError> {
        let url = format!("{}{path}", self.endpoint);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (status, retry_after, body) = {
                let _slot = self.slots.take();
                self.call(&url).map_err(|e| self.scrubbed(e))?
            };
            match status {
                200 => return Ok(self.scrub_bytes(body)),
                404 => return Err(HubError::NotFound),
                401 | 403 => return Err(HubError::Denied(status)),
                429 | 500..=599
                    if retries
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok() =>
                {
                    let wait = retry_after.unwrap_or(Duration::from_secs(attempt));
                    let left = self.deadline.saturating_duration_since(Instant::now());
                    if wait > MAX_RETRY_AFTER || wait >= left {
                        return Err(give_up(status));
                    }
                    std::thread::sleep(wait);
                }
                _ => return Err(give_up(status)),
            }
        }
    }

    /// One request, following redirects: the status, `Retry-After` and the body of a 200. The
    /// token goes only to the endpoint's origin: a redirect that changes the scheme, the host
    /// or the port is followed without it.
    fn call(&self, url: &str) -> Result<(u16, Option<Duration>, Vec<u8>), HubError> {
        let mut url = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let left = self.left()?;
            let mut req = self
                .agent
                .get(&url)
                .config()
                .timeout_global(Some(left.min(Duration::from_secs(30))))
                .build();
            if let Some(t) = self
                .token
                .as_ref()
                .filter(|_| same_origin(&url, &self.endpoint))
            {
                req = req.header("Authorization", &format!("Bearer {t}"));
            }
            let mut resp = req.call().map_err(|e| network(&e))?;
            let status = resp.status().as_u16();
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let to = header("location")
                    .and_then(|l| join_url(&url, l.trim()))
                    .ok_or_else(|| {
                        HubError::Malformed(format!(
                            "a {status} redirect without a usable Location"
                        ))
                    })?;
                url = to;
                continue;
            }
            let retry_after = header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .map(Duration::from_secs);
            let body = if status == 200 {
                resp.body_mut()
                    .with_config()
                    .limit(MAX_RESPONSE)
                    .read_to_vec()
                    .map_err(|e| match e {
                        ureq::Error::BodyExceedsLimit(_) => HubError::Malformed(format!(
                            "more than {} MiB",
                            MAX_RESPONSE / 1024 / 1024
                        )),
                        e => network(&e),
                    })?
            } else {
                Vec::new()
            };
            return Ok((status, retry_after, body));
        }
        Err(HubError::Malformed(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }

    /// A JSON answer read by `parse` (only the fields used are kept), within the deadline:
    /// the time after the download counts too.
    fn get_parsed<T>(
        &self,
        path: &str,
        retries: &AtomicU32,
        parse: impl FnOnce(&[u8]) -> Result<T, String>,
    ) -> Result<T, HubError> {
        let body = self.get_with(path, retries)?;
        self.left()?;
        let v = parse(&body).map_err(|e| HubError::Malformed(self.scrub(&e)))?;
        drop(body);
        self.left()?;
        Ok(v)
    }

    /// The card (`README.md`) of a model at its revision.
    pub fn readme(&self, m: &ModelId) -> Result<Vec<u8>, HubError> {
        self.get(&format!("/{}/resolve/{}/README.md", m.id, encode(m.rev())))
    }

    /// A model's downloads and weight sizes (`GET /api/models/{id}?blobs=true`, once a run).
    pub fn model(&self, m: &ModelId) -> Result<ModelFacts, HubError> {
        let path = match &m.revision {
            None => format!("/api/models/{}?blobs=true", m.id),
            Some(r) => format!("/api/models/{}/revision/{}?blobs=true", m.id, encode(r)),
        };
        Self::memo(&self.models, &path, || {
            let mut f = self.get_parsed(&path, &AtomicU32::new(RETRIES), answer::model_facts)?;
            if let Some(size) = &mut f.model_size {
                for name in &mut size.files {
                    *name = self.scrub(name);
                }
            }
            Ok(f)
        })
    }

    /// The size in bytes of one dataset (`GET /api/datasets/{id}`, once a run): its card's
    /// `dataset_info.dataset_size`, summed over configs where `dataset_info` is a list of them.
    /// `Ok(None)` when the dataset has no size.
    pub fn dataset_size(&self, id: &str) -> Result<Option<f64>, HubError> {
        self.dataset_size_with(id, &AtomicU32::new(RETRIES))
    }

    fn dataset_size_with(&self, id: &str, retries: &AtomicU32) -> Result<Option<f64>, HubError> {
        let id = ModelId::parse(id).map_err(HubError::Malformed)?.id;
        let path = format!("/api/datasets/{id}");
        Self::memo(&self.datasets, &path, || {
            self.get_parsed(&path, retries, answer::dataset_size)
        })
    }

    fn memo<T: Clone>(
        memo: &Memo<T>,
        key: &str,
        ask: impl FnOnce() -> Result<T, HubError>,
    ) -> Result<T, HubError> {
        let cell = memo
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(key.to_string())
            .or_default()
            .clone();
        cell.get_or_init(ask).clone()
    }

    /// The summed size of the datasets a card lists, as the study summed them: each dataset's
    /// size where the Hub has one; a dataset that is not a Hub id, is not on the Hub, has no
    /// size or fails is skipped, and a sum of 0 is missing. At most [`MAX_DATASETS`] distinct
    /// ids are asked (a card may list thousands). Returns the fact and, where some could not
    /// be read, one problem saying how many and why.
    pub fn datasets_size(&self, ids: &[String]) -> (Option<Fact>, Option<String>) {
        let mut seen = std::collections::HashSet::new();
        let valid: Vec<&str> = ids
            .iter()
            .map(String::as_str)
            .filter(|id| ModelId::parse(id).is_ok_and(|m| m.revision.is_none()))
            .filter(|id| seen.insert(*id))
            .collect();
        let asked = &valid[..valid.len().min(MAX_DATASETS)];
        let (mut total, mut used, mut failed) = (0.0, Vec::new(), Vec::new());
        // Retries on 429 and 5xx are shared by the card's datasets: a Hub failing for every
        // one of them costs a few retries, not a few per dataset.
        let retries = AtomicU32::new(RETRIES);
        for &id in asked {
            match self.dataset_size_with(id, &retries) {
                Ok(Some(n)) => {
                    total += n;
                    used.push(id.to_string());
                }
                Ok(None) | Err(HubError::NotFound) => {}
                Err(e) => failed.push((id, e)),
            }
        }
        let mut problem = failed.first().map(|(id, e)| {
            format!(
                "no size for {} of the {} datasets asked (`{id}`: {e})",
                failed.len(),
                asked.len()
            )
        });
        if valid.len() > asked.len() {
            let note = format!(
                "only the first {MAX_DATASETS} of the card's {} datasets were asked",
                valid.len()
            );
            problem = Some(problem.map_or(note.clone(), |p| format!("{p}; {note}")));
        }
        let fact = (total > 0.0).then(|| Fact {
            files: used,
            ..Fact::new(total, Provenance::Hub)
        });
        (fact, problem)
    }
}

fn give_up(status: u16) -> HubError {
    if status == 429 {
        HubError::RateLimited
    } else {
        HubError::Status(status)
    }
}

fn network(e: &ureq::Error) -> HubError {
    match e {
        ureq::Error::Timeout(_) => HubError::Network("timed out".into()),
        e => HubError::Network(e.to_string()),
    }
}

/// A revision in a URL path: `/` kept (branch names hold it), everything else already limited
/// to safe characters by [`ModelId::parse`].
fn encode(s: &str) -> String {
    s.replace('/', "%2F")
}

#[cfg(test)]
mod tests;
