//! The Hugging Face Hub's facts about a model, as the study mined them (SPEC §3.5): its
//! `downloads`, its weight files' sizes, and the sizes of the datasets its card lists; and the
//! card itself for `hf://ORG/NAME[@REVISION]`. Asked only when the user says so (`hf://` or
//! `--hub`). Every fault (the Hub down, 404, 401/403, 429, a slow or malformed answer) becomes a
//! reason for a warning on the card, never an abort.
//!
//! How it talks to the Hub: `HF_ENDPOINT` (default `https://huggingface.co`); the token as
//! huggingface_hub finds it ([`token`]), sent only to the endpoint as `Authorization: Bearer`;
//! timeouts per request and a deadline for the whole run's Hub work; retries on 429 and 5xx
//! honouring `Retry-After`, bounded; a bounded number of requests in flight; one request per
//! model and per dataset per run, however many cards name it.

#[cfg(feature = "native")]
use std::path::{Path, PathBuf};

// The Hub's answers read without the network: the CLI's client and the browser page share it.
mod answer;
#[cfg(feature = "hub")]
mod client;
#[cfg(feature = "hub")]
mod redirect;
#[cfg(feature = "hub")]
mod slots;
pub use answer::{dataset_size, model_facts};
#[cfg(feature = "hub")]
pub use client::{Hub, HubError, DEFAULT_ENDPOINT};

/// A model's facts on the Hub.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModelFacts {
    pub downloads: Option<crate::class::efficiency::Fact>,
    /// The size of its weights, by the study's rule ([`crate::repo::choose_weights`]).
    pub model_size: Option<crate::class::efficiency::Fact>,
}

/// The scheme of a card on the Hub: `hf://ORG/NAME[@REVISION]`.
pub const SCHEME: &str = "hf://";

/// A model on the Hub, as `hf://ORG/NAME@REVISION` names it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ModelId {
    /// `ORG/NAME` (or a bare `NAME` for the Hub's oldest models).
    pub id: String,
    pub revision: Option<String>,
}

impl ModelId {
    /// Parses `ORG/NAME[@REVISION]` (no scheme). Only the characters the Hub allows in names
    /// are accepted, so an id can never reach another path of the endpoint.
    pub fn parse(s: &str) -> Result<ModelId, String> {
        let (id, revision) = match s.split_once('@') {
            Some((i, r)) => (i, Some(r)),
            None => (s, None),
        };
        let name_ok = |p: &str| {
            !p.is_empty()
                && p.len() <= 96
                && !p.starts_with(['.', '-'])
                && !p.contains("..")
                && p.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        };
        let parts: Vec<&str> = id.split('/').collect();
        if parts.len() > 2 || !parts.iter().all(|p| name_ok(p)) {
            return Err(format!(
                "`{}` is not a model id of the Hub (ORG/NAME, letters, digits, `-`, `_`, `.`)",
                crate::util::clip(&crate::escape::safe_text(id), 80)
            ));
        }
        let revision = match revision {
            None => None,
            Some(r)
                if !r.is_empty()
                    && r.len() <= 200
                    && !r.contains("..")
                    // No `.`, `..` or empty path segment: a URL would be normalised there.
                    && r.split('/').all(|seg| !seg.is_empty() && seg != "." && seg != "..")
                    && r.bytes().all(|b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'/')
                    }) =>
            {
                Some(r.to_string())
            }
            Some(r) => {
                return Err(format!(
                    "`{}` is not a revision (a branch, a tag or a commit)",
                    crate::util::clip(&crate::escape::safe_text(r), 80)
                ))
            }
        };
        Ok(ModelId {
            id: id.to_string(),
            revision,
        })
    }

    /// The revision asked for, `main` by default.
    pub fn rev(&self) -> &str {
        self.revision.as_deref().unwrap_or("main")
    }
}

impl std::fmt::Display for ModelId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.revision {
            Some(r) => write!(f, "{}@{r}", self.id),
            None => f.write_str(&self.id),
        }
    }
}

/// What a card asks of the Hub: nothing, its model, or its model with no id found (why).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Ask {
    #[default]
    No,
    Model(ModelId),
    Unnamed(String),
}

/// The run's Hub client, made on first use from the environment.
#[cfg(feature = "hub")]
pub fn shared() -> &'static Hub {
    static HUB: std::sync::OnceLock<Hub> = std::sync::OnceLock::new();
    HUB.get_or_init(Hub::from_env)
}

/// The help for a card of the Hub that cannot be read: what to do depends on why (`readme`'s
/// error): a build without the Hub, a Hub out of reach, or a model that is not there or not
/// open to the token.
pub fn readme_help(why: &str) -> &'static str {
    if why.contains("built without the `hub` feature") {
        "install a cardlint with the Hub: `cargo install cardlint` (the `hub` feature is a default one), `pip install cardlint` or a release binary"
    } else if why.contains("cannot be reached") || why.contains("time for Hub requests ran out") {
        "check the network connection (and HF_ENDPOINT, if a mirror is meant), then run again"
    } else {
        "check the model id and revision; a private or gated model needs HF_TOKEN"
    }
}

/// The card of `hf://ORG/NAME@REVISION`, or why it cannot be had.
#[cfg(feature = "native")]
pub fn readme(m: &ModelId) -> Result<Vec<u8>, String> {
    #[cfg(feature = "hub")]
    {
        shared()
            .readme(m)
            .map_err(|e| format!("cannot read hf://{m}/README.md: {e}"))
    }
    #[cfg(not(feature = "hub"))]
    {
        Err(format!(
            "cannot read hf://{m}: this cardlint was built without the `hub` feature"
        ))
    }
}

/// The Hub's facts for a card: its model's downloads and weight sizes, and the summed size of
/// the datasets its card lists. What cannot be read becomes a problem naming the model and the
/// fact.
#[cfg(feature = "native")]
pub fn facts_for(ask: &Ask, datasets: &[String]) -> crate::class::efficiency::HubFacts {
    let mut out = crate::class::efficiency::HubFacts::default();
    let m = match ask {
        Ask::No => return out,
        Ask::Unnamed(why) => {
            out.problems.push(format!(
                "the Hub's facts (downloads, model size, datasets' size) were asked for, but {why}: pass --hub-id ORG/NAME or set hub-id in cardlint.toml"
            ));
            return out;
        }
        Ask::Model(m) => m,
    };
    #[cfg(feature = "hub")]
    {
        let hub = shared();
        match hub.model(m) {
            Ok(f) => {
                out.downloads = f.downloads;
                out.model_size = f.model_size;
            }
            Err(e) => out.problems.push(format!(
                "no downloads or model size for `{m}` from the Hub: {e}"
            )),
        }
        let (size, problem) = hub.datasets_size(datasets);
        out.datasets_size = size;
        out.problems
            .extend(problem.map(|p| format!("the datasets' size of `{m}`: {p}")));
    }
    #[cfg(not(feature = "hub"))]
    {
        let _ = datasets;
        out.problems.push(format!(
            "no facts for `{m}` from the Hub: this cardlint was built without the `hub` feature"
        ));
    }
    out
}

/// Whether an environment variable is set to a true value, as huggingface_hub reads them.
#[cfg(feature = "native")]
fn env_true(var: &str) -> bool {
    std::env::var(var).is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "1" | "on" | "yes" | "true"
        )
    })
}

/// The token as huggingface_hub finds it: `HF_TOKEN`, else `HUGGING_FACE_HUB_TOKEN`, else the
/// token file (`HF_TOKEN_PATH`, else `$HF_HOME/token`, `HF_HOME` defaulting to
/// `$XDG_CACHE_HOME/huggingface` or `~/.cache/huggingface`). None when
/// `HF_HUB_DISABLE_IMPLICIT_TOKEN` is set.
#[cfg(feature = "native")]
pub fn token() -> Option<String> {
    if env_true("HF_HUB_DISABLE_IMPLICIT_TOKEN") {
        return None;
    }
    let from_env = ["HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|t| t.trim().to_string())
        .find(|t| !t.is_empty());
    from_env.or_else(|| {
        let path = token_path()?;
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 4096 {
            return None;
        }
        let t = std::fs::read_to_string(path).ok()?.trim().to_string();
        (!t.is_empty()).then_some(t)
    })
}

#[cfg(feature = "native")]
fn token_path() -> Option<PathBuf> {
    let var = |v: &str| {
        std::env::var_os(v)
            .filter(|x| !x.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = var("HF_TOKEN_PATH") {
        return Some(p);
    }
    let home = var("HF_HOME").or_else(|| {
        var("XDG_CACHE_HOME")
            .or_else(|| var("HOME").map(|h| h.join(".cache")))
            .map(|c| c.join("huggingface"))
    })?;
    Some(home.join("token"))
}

/// The Hub model a checkout mirrors: the URL of its git remote `origin` (else of its first
/// remote) when that points at the Hub, from the `.git` at or above `dir`.
#[cfg(feature = "native")]
pub fn model_of_checkout(dir: &Path) -> Option<String> {
    let config = git_config(dir)?;
    let meta = std::fs::metadata(&config).ok()?;
    if !meta.is_file() || meta.len() > 1024 * 1024 {
        return None;
    }
    let text = std::fs::read_to_string(config).ok()?;
    let mut section = String::new();
    let mut urls: Vec<(bool, String)> = Vec::new();
    for line in text.lines() {
        let l = line.trim();
        if l.starts_with('[') {
            section = l.to_string();
        } else if let Some((k, v)) = l.split_once('=') {
            if k.trim() == "url" && section.starts_with("[remote ") {
                urls.push((section == "[remote \"origin\"]", v.trim().to_string()));
            }
        }
    }
    let url = urls
        .iter()
        .find(|(origin, _)| *origin)
        .or_else(|| urls.first())?;
    model_of_url(&url.1)
}

/// What a checkout asks of the Hub: the model of its git remote, or why it has none.
#[cfg(feature = "native")]
pub fn ask_for_checkout(dir: &Path) -> Ask {
    match model_of_checkout(dir) {
        Some(id) => Ask::Model(ModelId { id, revision: None }),
        None => Ask::Unnamed(
            "the checkout has no git remote on the Hub (https://huggingface.co/ORG/NAME)".into(),
        ),
    }
}

/// The `.git/config` of the repository at or above `dir` (a `.git` file of a worktree or
/// submodule is followed).
#[cfg(feature = "native")]
fn git_config(dir: &Path) -> Option<PathBuf> {
    for d in dir.ancestors() {
        let git = d.join(".git");
        if git.is_dir() {
            return Some(git.join("config"));
        }
        if git.is_file() {
            let text = std::fs::read_to_string(&git).ok()?;
            let target = text.trim().strip_prefix("gitdir:")?.trim();
            let gitdir = d.join(target);
            // A worktree's config is the main repository's.
            let common = std::fs::read_to_string(gitdir.join("commondir"))
                .ok()
                .map(|c| gitdir.join(c.trim()));
            return Some(common.unwrap_or(gitdir).join("config"));
        }
    }
    None
}

/// `ORG/NAME` of a Hub model's git URL: `https://huggingface.co/ORG/NAME(.git)`, `hf.co`,
/// with credentials or not, `git@hf.co:ORG/NAME`, `ssh://git@hf.co/ORG/NAME`. Datasets and
/// Spaces are not models.
pub fn model_of_url(url: &str) -> Option<String> {
    let rest = ["https://", "http://", "ssh://", "git+ssh://"]
        .iter()
        .find_map(|s| url.strip_prefix(s));
    let (host, path) = match rest {
        Some(r) => {
            let (authority, path) = r.split_once('/')?;
            (authority.rsplit('@').next()?, path)
        }
        // scp-like: `git@hf.co:ORG/NAME`.
        None => {
            let (authority, path) = url.split_once(':')?;
            (authority.rsplit('@').next()?, path)
        }
    };
    let host = host.split(':').next()?.to_ascii_lowercase();
    if !matches!(
        host.as_str(),
        "huggingface.co" | "hf.co" | "www.huggingface.co"
    ) {
        return None;
    }
    let path = path.trim_matches('/');
    let path = path.strip_suffix(".git").unwrap_or(path);
    if path.starts_with("datasets/") || path.starts_with("spaces/") {
        return None;
    }
    ModelId::parse(path)
        .ok()
        .filter(|m| m.revision.is_none())
        .map(|m| m.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_names_what_to_do_about_why() {
        let offline = "cannot read hf://a/b/README.md: the Hub cannot be reached (dns error)";
        assert!(readme_help(offline).contains("HF_ENDPOINT"));
        assert!(!readme_help(offline).contains("HF_TOKEN"));
        let build = "cannot read hf://a/b: this cardlint was built without the `hub` feature";
        assert!(readme_help(build).contains("cargo install cardlint"));
        assert!(readme_help("the Hub answers 404").contains("HF_TOKEN"));
    }

    #[test]
    fn ids_and_revisions() {
        let m = ModelId::parse("org/name@v1.0").unwrap();
        assert_eq!((m.id.as_str(), m.rev()), ("org/name", "v1.0"));
        assert_eq!(ModelId::parse("gpt2").unwrap().rev(), "main");
        for good in ["a/b@refs/pr/1", "a/b@v1.0", "a/b@.hidden", "a/b@x./y"] {
            assert!(ModelId::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "../x",
            "a/b/c",
            "a/..",
            "",
            "a b/c",
            "a/b@",
            "a/b@x y",
            "a/b@../x",
            "/a",
            "a/",
            "a/b@.",
            "a/b@./x",
            "a/b@x/.",
            "a/b@x/./y",
            "a/b@..",
            "a/b@x/..",
            "a/b@/x",
            "a/b@x/",
            "a/b@x//y",
        ] {
            assert!(ModelId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn remotes_that_point_at_the_hub() {
        for (url, id) in [
            ("https://huggingface.co/org/name", Some("org/name")),
            ("https://huggingface.co/org/name.git", Some("org/name")),
            (
                "https://user:hf_secret@huggingface.co/org/name/",
                Some("org/name"),
            ),
            ("https://hf.co/org/name", Some("org/name")),
            ("git@hf.co:org/name", Some("org/name")),
            ("ssh://git@hf.co/org/name.git", Some("org/name")),
            ("https://huggingface.co/datasets/org/name", None),
            ("https://huggingface.co/spaces/org/name", None),
            ("https://github.com/org/name", None),
            ("https://huggingface.co.evil.com/org/name", None),
            ("https://huggingface.co/../etc", None),
            ("/work/main", None),
        ] {
            assert_eq!(model_of_url(url).as_deref(), id, "{url}");
        }
    }

    #[test]
    fn the_checkout_remote_is_read_from_git_config() {
        let d = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(d.path().join(".git")).unwrap();
        std::fs::create_dir_all(d.path().join("sub")).unwrap();
        std::fs::write(
            d.path().join(".git/config"),
            "[core]\n\tbare = false\n[remote \"mirror\"]\n\turl = https://github.com/a/b\n[remote \"origin\"]\n\turl = https://huggingface.co/org/model\n",
        )
        .unwrap();
        assert_eq!(
            model_of_checkout(&d.path().join("sub")).as_deref(),
            Some("org/model")
        );
    }
}
