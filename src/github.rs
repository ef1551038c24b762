//! The sticky pull-request comment (feature `github`): one comment that starts with a hidden
//! marker, found across all pages of the PR's comments and updated in place, else created.
//! I/O only: the body is rendered by `report::markdown`. Every failure is a warning for the
//! caller, never a failed lint, and the token never appears in a message.

use std::time::Duration;

use octocrab::models::issues::Comment;
use octocrab::models::CommentId;
use octocrab::{Octocrab, Page};
use serde_json::Value;

/// The first line of cardlint's comment. A comment is cardlint's only if it starts with it.
pub const MARKER: &str = "<!-- cardlint:sticky -->";
/// GitHub's limit on a comment body, in characters.
pub const MAX_BODY: usize = 65_536;
/// Pages of 100 comments read at most while looking for the sticky one.
const MAX_PAGES: usize = 100;
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
        let event: Value =
            crate::input::read_file_of(std::path::Path::new(&event_path), MAX_EVENT, "event file")
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

/// Whether a comment's body is cardlint's: it starts with the marker on a line of its own.
fn is_ours(body: Option<&str>) -> bool {
    body.is_some_and(|b| b.starts_with(MARKER) && b[MARKER.len()..].starts_with(['\n', '\r']))
}

/// Whether a `next` link stays on the API host: the same scheme, host and port, under the
/// API's root. A link elsewhere is never followed (the token would go with it).
fn on_api_host(api: &str, url: &str) -> bool {
    url.strip_prefix(api)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// The client: the API's root, the token, timeouts on connecting and reading.
fn client(t: &Target) -> Result<Octocrab, String> {
    Octocrab::builder()
        .base_uri(t.api.as_str())
        .map_err(|e| format!("bad GITHUB_API_URL `{}`: {e}", t.api))?
        .personal_token(t.token.clone())
        .set_connect_timeout(Some(Duration::from_secs(10)))
        .set_read_timeout(Some(Duration::from_secs(30)))
        .build()
        .map_err(|e| t.scrub(&format!("cannot set up the GitHub client: {e}")))
}

/// The login that posts with this token: `/user` for a personal token; the workflow token
/// cannot read it, and posts as `github-actions[bot]`.
async fn token_owner(oc: &Octocrab) -> String {
    match oc.current().user().await {
        Ok(user) => user.login,
        Err(_) => WORKFLOW_BOT.to_string(),
    }
}

/// A failed call as a warning: GitHub's status and message with what they mean here, or the
/// client's error; the token scrubbed either way.
fn api_error(t: &Target, what: &str, e: &octocrab::Error) -> String {
    let octocrab::Error::GitHub { source, .. } = e else {
        return t.scrub(&format!("{what}: {e}"));
    };
    let status = source.status_code.as_u16();
    let why = match status {
        401 | 403 | 404 => " (the token cannot write comments here: a fork's pull request gets a read-only token; the annotations and the job summary still have the report)",
        500..=599 => " (GitHub had a server error; the next run will try again)",
        _ => "",
    };
    t.scrub(&format!(
        "{what}: GitHub answered {status} {}{why}",
        source.message
    ))
}

/// The sticky comment's id, looked for on every page of the pull request's comments (at most
/// [`MAX_PAGES`]): the first marked comment that the token's owner posted.
async fn find_sticky(oc: &Octocrab, t: &Target) -> Result<Option<CommentId>, String> {
    let owner = token_owner(oc).await;
    let listing = |e: octocrab::Error| api_error(t, "cannot list comments", &e);
    let mut page: Page<Comment> = oc
        .issues(&t.owner, &t.repo)
        .list_comments(t.number)
        .per_page(100u8)
        .send()
        .await
        .map_err(listing)?;
    for _ in 0..MAX_PAGES {
        // Only a marked comment the token's owner posted is edited: anyone can write a
        // comment that starts with the marker, and must not take over where the report goes.
        if let Some(c) = page
            .items
            .iter()
            .find(|c| is_ours(c.body.as_deref()) && c.user.login == owner)
        {
            return Ok(Some(c.id));
        }
        match &page.next {
            None => return Ok(None),
            Some(n) if !on_api_host(&t.api, &n.to_string()) => return Err(
                "GitHub's answer pointed the next page of comments at another host; not followed"
                    .into(),
            ),
            Some(_) => match oc.get_page::<Comment>(&page.next).await.map_err(listing)? {
                Some(next) => page = next,
                None => return Ok(None),
            },
        }
    }
    Ok(None)
}

/// Lists, then updates or creates, through octocrab's typed API.
async fn post(t: &Target, report: &str) -> Result<Outcome, String> {
    let oc = client(t)?;
    let found = find_sticky(&oc, t).await?;
    let issues = oc.issues(&t.owner, &t.repo);
    let body = body(report);
    Ok(match found {
        Some(id) => {
            let c = issues
                .update_comment(id, &body)
                .await
                .map_err(|e| api_error(t, "cannot update the comment", &e))?;
            Outcome::Updated(c.id.into_inner())
        }
        None => {
            let c = issues
                .create_comment(t.number, &body)
                .await
                .map_err(|e| api_error(t, "cannot create the comment", &e))?;
            Outcome::Created(c.id.into_inner())
        }
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
        assert!(is_ours(Some(&format!("{MARKER}\nreport"))));
        assert!(!is_ours(Some(&format!("> {MARKER}\nquoted"))));
        assert!(!is_ours(Some("<!-- cardlint:sticky-ish -->\nx")));
        assert!(!is_ours(None));
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
