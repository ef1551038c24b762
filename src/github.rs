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
        let event_path = var("GITHUB_EVENT_PATH").ok_or("GITHUB_EVENT_PATH is not set")?;
        let event: Value = std::fs::read_to_string(&event_path)
            .map_err(|e| format!("cannot read {event_path}: {e}"))
            .and_then(|t| {
                serde_json::from_str(&t).map_err(|e| format!("{event_path} is not JSON: {e}"))
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

/// A response read at once: status, the `Link` header, the body text.
macro_rules! read {
    ($oc:expr, $resp:expr) => {{
        let resp = $resp;
        let status = resp.status().as_u16();
        let link = resp
            .headers()
            .get("link")
            .and_then(|l| l.to_str().ok())
            .map(str::to_string);
        let text = $oc.body_to_string(resp).await.unwrap_or_default();
        (status, link, text)
    }};
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
        // A comment a bot posted (the workflow token's github-actions[bot]) wins over one a
        // person posted with the same first line; otherwise the first marked comment.
        if let Some(c) = page
            .iter()
            .find(|c| is_ours(c) && c["user"]["type"] == "Bot")
        {
            found = c["id"].as_u64();
            break;
        }
        if found.is_none() {
            found = page
                .iter()
                .find(|c| is_ours(c))
                .and_then(|c| c["id"].as_u64());
        }
        match link.as_deref().and_then(next_link) {
            Some(n) => url = n,
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
    rt.block_on(post(t, report))
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
    }
}
