//! The Hub client (feature `hub`): one per run, shared by every card.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{token, ModelId};
use crate::class::efficiency::{Fact, Provenance};

/// The public Hub.
pub const DEFAULT_ENDPOINT: &str = "https://huggingface.co";
/// Requests in flight at once, whatever the number of cores.
pub const MAX_IN_FLIGHT: usize = 8;
/// The largest answer read (a model's file list is a few hundred kB).
pub const MAX_RESPONSE: u64 = 32 * 1024 * 1024;
/// The most datasets of one card asked about.
pub const MAX_DATASETS: usize = 32;
/// Attempts of one request on 429 and 5xx answers.
const ATTEMPTS: u32 = 3;
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

/// A model's facts on the Hub.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelFacts {
    pub downloads: Option<Fact>,
    /// The size of its weights, by the study's rule ([`crate::repo::choose_weights`]).
    pub model_size: Option<Fact>,
}

/// A counting semaphore: at most `n` requests in flight.
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn take(&self) -> SlotGuard<'_> {
        let mut n = self
            .free
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        while *n == 0 {
            n = self
                .freed
                .wait(n)
                .unwrap_or_else(std::sync::PoisonError::into_inner);
        }
        *n -= 1;
        SlotGuard(self)
    }
}

struct SlotGuard<'a>(&'a Slots);

impl Drop for SlotGuard<'_> {
    fn drop(&mut self) {
        *self
            .0
            .free
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) += 1;
        self.0.freed.notify_one();
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
            .redirect_auth_headers(ureq::config::RedirectAuthHeaders::SameHost)
            .user_agent(concat!("cardlint/", env!("CARGO_PKG_VERSION")))
            .build();
        Hub {
            agent: config.into(),
            endpoint,
            token,
            deadline: Instant::now() + budget,
            slots: Slots {
                free: Mutex::new(MAX_IN_FLIGHT),
                freed: Condvar::new(),
            },
            models: Mutex::default(),
            datasets: Mutex::default(),
        }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// One GET with the retries: the body of a 200 answer.
    fn get(&self, path: &str) -> Result<Vec<u8>, HubError> {
        let url = format!("{}{path}", self.endpoint);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let left = self.deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(HubError::Deadline);
            }
            let (status, retry_after, body) = {
                let _slot = self.slots.take();
                let mut req = self
                    .agent
                    .get(&url)
                    .config()
                    .timeout_global(Some(left.min(Duration::from_secs(30))))
                    .build();
                if let Some(t) = &self.token {
                    req = req.header("Authorization", &format!("Bearer {t}"));
                }
                let mut resp = req.call().map_err(|e| network(&e))?;
                let status = resp.status().as_u16();
                let retry_after = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
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
                (status, retry_after, body)
            };
            match status {
                200 => return Ok(body),
                404 => return Err(HubError::NotFound),
                401 | 403 => return Err(HubError::Denied(status)),
                429 | 500..=599 if attempt < ATTEMPTS => {
                    let wait = retry_after.unwrap_or(Duration::from_secs(u64::from(attempt)));
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

    fn get_json(&self, path: &str) -> Result<Value, HubError> {
        let body = self.get(path)?;
        serde_json::from_slice(&body).map_err(|e| HubError::Malformed(e.to_string()))
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
            let v = self.get_json(&path)?;
            if !v.is_object() {
                return Err(HubError::Malformed("not a JSON object".into()));
            }
            Ok(model_facts(&v))
        })
    }

    /// The size in bytes of one dataset (`GET /api/datasets/{id}`, once a run): its card's
    /// `dataset_info.dataset_size`, summed over configs where `dataset_info` is a list of them.
    /// `Ok(None)` when the dataset has no size.
    pub fn dataset_size(&self, id: &str) -> Result<Option<f64>, HubError> {
        let id = ModelId::parse(id).map_err(HubError::Malformed)?.id;
        let path = format!("/api/datasets/{id}");
        Self::memo(&self.datasets, &path, || {
            Ok(dataset_size(&self.get_json(&path)?))
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
        for &id in asked {
            match self.dataset_size(id) {
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

/// A non-negative finite number from a JSON value.
fn size_of(v: &Value) -> Option<f64> {
    v.as_f64().filter(|n| n.is_finite() && *n >= 0.0)
}

/// The facts of `GET /api/models/{id}?blobs=true`.
pub fn model_facts(v: &Value) -> ModelFacts {
    let downloads = v
        .get("downloads")
        .and_then(size_of)
        .map(|n| Fact::new(n, Provenance::Hub));
    // Each file's size: its LFS size where it is an LFS file, else its size.
    let files: Vec<(String, f64)> = v
        .get("siblings")
        .and_then(Value::as_array)
        .map(|s| {
            s.iter()
                .filter_map(|f| {
                    let name = f.get("rfilename")?.as_str()?;
                    let size = f
                        .get("lfs")
                        .and_then(|l| l.get("size"))
                        .and_then(size_of)
                        .or_else(|| f.get("size").and_then(size_of))?;
                    Some((name.to_string(), size))
                })
                .collect()
        })
        .unwrap_or_default();
    // Files at the repository's top level only, as in a checkout.
    let top: Vec<&str> = files
        .iter()
        .map(|(n, _)| n.as_str())
        .filter(|n| !n.contains('/'))
        .collect();
    let chosen = crate::repo::choose_weights(&top);
    let model_size = (!chosen.is_empty()).then(|| {
        let total = files
            .iter()
            .filter(|(n, _)| chosen.contains(&n.as_str()))
            .map(|(_, s)| s)
            .sum();
        Fact {
            files: chosen.iter().map(|s| (*s).to_string()).collect(),
            ..Fact::new(total, Provenance::Hub)
        }
    });
    ModelFacts {
        downloads,
        model_size,
    }
}

/// `cardData.dataset_info.dataset_size` of `GET /api/datasets/{id}`; where `dataset_info` is a
/// list of configs, the sum of theirs (the study read the key of a single mapping; a list
/// would have given it no size).
pub fn dataset_size(v: &Value) -> Option<f64> {
    let info = v.get("cardData")?.get("dataset_info")?;
    let total = match info {
        Value::Array(configs) => configs
            .iter()
            .filter_map(|c| c.get("dataset_size").and_then(size_of))
            .sum(),
        _ => info.get("dataset_size").and_then(size_of)?,
    };
    (total > 0.0).then_some(total)
}

#[cfg(test)]
mod tests;
