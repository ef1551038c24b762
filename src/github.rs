//! The sticky pull-request comment (feature `github`): one comment that starts with a hidden
//! marker, found across all pages of the PR's comments and updated in place, else created.
//! I/O only: the body is rendered by `report::markdown`. Every failure is a warning for the
//! caller, never a failed lint, and the token never appears in a message.

use std::time::Duration;

use octocrab::Octocrab;
use serde_json::Value;

/// The first line of cardlint's comment. A comment is cardlint's only if it starts with it.
pub const MARKER: &str = "<!-- cardlint:sticky -->";
/// GitHub's limit on a comment body, in characters.
pub const MAX_BODY: usize = 65_536;
/// Pages of 100 comments read at most while looking for the sticky one.
const MAX_PAGES: usize = 100;
/// The largest response read (a page of 100 comments of 65,536 characters fits).
const MAX_RESPONSE: usize = 32 * 1024 * 1024;
/// The largest event file read (`GITHUB_EVENT_PATH`).
const MAX_EVENT: u64 = 16 * 1024 * 1024;
/// The whole comment step ends within this many seconds (`CARDLINT_COMMENT_DEADLINE` sets it).
const DEADLINE_SECS: u64 = 60;
/// Who posts with the workflow's `GITHUB_TOKEN` (which cannot read `/user`).
const WORKFLOW_BOT: &str = "github-actions[bot]";

/// Where to comment, from the GitHub Actions environment.
#[derive(Debug, Clone)]
pub struct Target {
    pub api: String,
    pub owner: String,
    pub repo: String,
    pub number: u64,
    token: String,
}

/// What happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(u64),
    Updated(u64),
}

impl Target {
    /// Reads `GITHUB_REPOSITORY`, `GITHUB_EVENT_PATH` (the PR number), `GITHUB_API_URL` and
    /// `GITHUB_TOKEN`.
    pub fn from_env() -> Result<Target, String> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let repo = var("GITHUB_REPOSITORY").ok_or("GITHUB_REPOSITORY is not set")?;
        let (owner, name) = repo
            .split_once('/')
            .ok_or_else(|| format!("GITHUB_REPOSITORY `{repo}` is not owner/name"))?;
        let token =
            var("GITHUB_TOKEN").ok_or("GITHUB_TOKEN is not set (give the step `github-token`)")?;
        // A token goes into an HTTP header: anything but visible ASCII is not a token (and
        // would make the header invalid).
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(
                "GITHUB_TOKEN holds a space, a line break or another character no token has".into(),
            );
        }
        let event_path = var("GITHUB_EVENT_PATH").ok_or("GITHUB_EVENT_PATH is not set")?;
        let shown = crate::escape::safe_text(&event_path).into_owned();
        let event: Value = crate::input::read_file(std::path::Path::new(&event_path), MAX_EVENT)
            .map_err(|(why, _)| format!("cannot read GITHUB_EVENT_PATH {shown}: {why}"))
            .and_then(|b| {
                serde_json::from_slice(&b).map_err(|e| format!("{shown} is not JSON: {e}"))
            })?;
        let number = event["pull_request"]["number"]
            .as_u64()
            .or_else(|| event["issue"]["number"].as_u64())
            .or_else(|| event["number"].as_u64())
            .ok_or(
                "the event is not a pull request (no pull_request.number in GITHUB_EVENT_PATH)",
            )?;
        Ok(Target {
            api: var("GITHUB_API_URL")
                .unwrap_or_else(|| "https://api.github.com".into())
                .trim_end_matches('/')
                .to_string(),
            owner: owner.to_string(),
            repo: name.to_string(),
            number,
            token,
        })
    }

    /// Removes the token from any text before it is shown.
    fn scrub(&self, s: &str) -> String {
        if self.token.len() < 4 {
            return s.to_string();
        }
        s.replace(&self.token, "***")
    }
}

/// The comment body: the marker, the report, cut with a note beyond GitHub's limit.
pub fn body(report: &str) -> String {
    let note = "\n\n*The report was cut here: it is longer than GitHub's 65,536-character limit for a comment. The job summary has all of it.*\n";
    let full = format!("{MARKER}\n{report}");
    if full.chars().count() <= MAX_BODY {
        return full;
    }
    let keep = MAX_BODY - note.chars().count();
    let cut: String = full.chars().take(keep).collect();
    // Cut at a line end, so a table row or an entity is not split.
    let cut = match cut.rfind('\n') {
        Some(i) if i > keep / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{cut}{note}")
}

fn is_ours(comment: &Value) -> bool {
    comment["body"]
        .as_str()
        .is_some_and(|b| b.starts_with(MARKER) && b[MARKER.len()..].starts_with(['\n', '\r']))
}

/// Whether a `next` link stays on the API host: the same scheme, host and port, under the
/// API's root. A link elsewhere is never followed (the token would go with it).
fn on_api_host(api: &str, url: &str) -> bool {
    url.strip_prefix(api)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The `rel="next"` URL of a `Link` header.
fn next_link(link: &str) -> Option<String> {
    link.split(',')
        .find(|p| p.contains("rel=\"next\""))
        .and_then(|p| {
            let s = p.find('<')? + 1;
            let e = p.find('>')?;
            Some(p[s..e].to_string())
        })
}

/// A response read at once, within [`MAX_RESPONSE`] bytes: status, the `Link` header, the
/// body text.
macro_rules! read {
    ($oc:expr, $resp:expr) => {{
        use http_body_util::BodyExt;
        let resp = $resp;
        let status = resp.status().as_u16();
        let link = resp
            .headers()
            .get("link")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        let body = http_body_util::Limited::new(resp.into_body(), MAX_RESPONSE)
            .collect()
            .await
            .map_err(|e| format!("cannot read GitHub's answer: {e}"))?
            .to_bytes();
        (status, link, String::from_utf8_lossy(&body).into_owned())
    }};
}

/// The login that posts with this token: `/user` for a personal token; the workflow token
/// cannot read it, and posts as `github-actions[bot]`.
async fn token_owner(oc: &Octocrab, t: &Target) -> Result<String, String> {
    let Ok(resp) = oc._get(format!("{}/user", t.api).as_str()).await else {
        return Ok(WORKFLOW_BOT.to_string());
    };
    let (status, _, text) = read!(oc, resp);
    let login = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["login"].as_str().map(str::to_string));
    Ok(match login {
        Some(l) if (200..300).contains(&status) => l,
        _ => WORKFLOW_BOT.to_string(),
    })
}

fn status_error(t: &Target, what: &str, status: u16, text: &str) -> String {
    let msg = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v["message"].as_str().map(str::to_string))
        .unwrap_or_default();
    let why = match status {
        401 | 403 | 404 => " (the token cannot write comments here: a fork's pull request gets a read-only token; the annotations and the job summary still have the report)",
        500..=599 => " (GitHub had a server error; the next run will try again)",
        _ => "",
    };
    t.scrub(&format!("{what}: GitHub answered {status} {msg}{why}"))
}

async fn post(t: &Target, report: &str) -> Result<Outcome, String> {
    let oc = Octocrab::builder()
        .base_uri(t.api.as_str())
        .map_err(|e| format!("bad GITHUB_API_URL `{}`: {e}", t.api))?
        .personal_token(t.token.clone())
        .set_connect_timeout(Some(Duration::from_secs(10)))
        .set_read_timeout(Some(Duration::from_secs(30)))
        .build()
        .map_err(|e| t.scrub(&format!("cannot set up the GitHub client: {e}")))?;
    let base = format!("{}/repos/{}/{}/issues", t.api, t.owner, t.repo);
    let mut url = format!("{base}/{}/comments?per_page=100", t.number);
    let mut found: Option<u64> = None;
    let owner = token_owner(&oc, t).await?;
    for _ in 0..MAX_PAGES {
        let resp = oc
            ._get(url.as_str())
            .await
            .map_err(|e| t.scrub(&format!("cannot list comments: {e}")))?;
        let (status, link, text) = read!(oc, resp);
        if !(200..300).contains(&status) {
            return Err(status_error(t, "cannot list comments", status, &text));
        }
        let page: Vec<Value> =
            serde_json::from_str(&text).map_err(|e| format!("unexpected comment list: {e}"))?;
        // Only a marked comment the token's owner posted is edited: anyone can write a
        // comment that starts with the marker, and must not take over where the report goes.
        if let Some(c) = page
            .iter()
            .find(|c| is_ours(c) && c["user"]["login"].as_str() == Some(owner.as_str()))
        {
            found = c["id"].as_u64();
            break;
        }
        match link.as_deref().and_then(next_link) {
            Some(n) if on_api_host(&t.api, &n) => url = n,
            Some(_) => return Err(
                "GitHub's answer pointed the next page of comments at another host; not followed"
                    .into(),
            ),
            None => break,
        }
    }
    let payload = serde_json::json!({ "body": body(report) });
    let (resp, what) = match found {
        Some(id) => (
            oc._patch(format!("{base}/comments/{id}").as_str(), Some(&payload))
                .await,
            "cannot update the comment",
        ),
        None => (
            oc._post(
                format!("{base}/{}/comments", t.number).as_str(),
                Some(&payload),
            )
            .await,
            "cannot create the comment",
        ),
    };
    let resp = resp.map_err(|e| t.scrub(&format!("{what}: {e}")))?;
    let (status, _, text) = read!(oc, resp);
    if !(200..300).contains(&status) {
        return Err(status_error(t, what, status, &text));
    }
    let id = serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| v["id"].as_u64())
        .or(found)
        .unwrap_or(0);
    Ok(if found.is_some() {
        Outcome::Updated(id)
    } else {
        Outcome::Created(id)
    })
}

/// Creates or updates the sticky comment. `Err` is a warning to print, never a lint failure.
pub fn sticky_comment(t: &Target, report: &str) -> Result<Outcome, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the HTTP runtime: {e}"))?;
    let secs = std::env::var("CARDLINT_COMMENT_DEADLINE")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or(DEADLINE_SECS);
    rt.block_on(async {
        match tokio::time::timeout(Duration::from_secs(secs), post(t, report)).await {
            Ok(r) => r,
            Err(_) => Err(format!(
                "the comment step took longer than {secs} s; given up"
            )),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_bodies_are_cut_with_a_note() {
        let b = body(&"x\n".repeat(40_000));
        assert!(b.chars().count() <= MAX_BODY);
        assert!(b.starts_with(MARKER) && b.contains("was cut here"));
        assert_eq!(body("short"), format!("{MARKER}\nshort"));
    }

    #[test]
    fn only_comments_starting_with_the_marker_are_ours() {
        assert!(is_ours(
            &serde_json::json!({"body": format!("{MARKER}\nreport")})
        ));
        assert!(!is_ours(
            &serde_json::json!({"body": format!("> {MARKER}\nquoted")})
        ));
        assert!(!is_ours(
            &serde_json::json!({"body": "<!-- cardlint:sticky-ish -->\nx"})
        ));
        assert_eq!(
            next_link(r#"<http://h/x?page=2>; rel="next", <http://h/x?page=5>; rel="last""#),
            Some("http://h/x?page=2".into())
        );
        let api = "https://api.github.com";
        assert!(on_api_host(
            api,
            "https://api.github.com/repos/o/r/issues/1/comments?page=2"
        ));
        for evil in [
            "https://api.github.com.evil.example/x",
            "https://evil.example/https://api.github.com/x",
            "http://api.github.com/x",
            "https://api.github.com:444/x",
            "https://api.github.com@evil.example/x",
        ] {
            assert!(!on_api_host(api, evil), "{evil}");
        }
    }
}
