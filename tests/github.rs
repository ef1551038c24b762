#![cfg_attr(not(feature = "github"), allow(dead_code, unused_imports))]
//! GitHub integration: workflow-command annotations, the Markdown report (escaped), the job
//! summary and step outputs, and the sticky PR comment against a fake API on 127.0.0.1.

mod common;
#[path = "common/fake_github.rs"]
mod fake_github;

use std::process::Output;

use common::{bin, write};
use fake_github::{is_update, Server};

const TOKEN: &str = "ghs_S3cretT0kenValue123";
const CLEAN: &str = "---\nco2_eq_emissions:\n  emissions: 25.4\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Quebec, Canada\n  hardware_used: 1 x NVIDIA A100\n---\n# m\n";
const BAD: &str = "---\nco2_eq_emissions: \"0.319355 Kg\"\n---\n# m\n";

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
}

#[test]
fn github_format_escapes_and_is_chosen_in_actions() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a,b:c/README.md", BAD);
    let o = bin()
        .args(["a,b:c/README.md"])
        .current_dir(d.path())
        .env("GITHUB_ACTIONS", "true")
        .output()
        .unwrap();
    let (out, _) = text(&o);
    let line = out.lines().find(|l| l.starts_with("::error ")).unwrap();
    assert!(line.starts_with("::error file=a%2Cb%3Ac/README.md,line=2,endLine=2,col=19,endColumn=32,title=cardlint (CL102)::"), "{line}");
    assert!(
        line.contains("%0Ahelp: write the number in grams"),
        "{line}"
    );
    assert!(out
        .lines()
        .any(|l| l.starts_with("::warning ") && l.contains("CL201")));
    assert!(out.lines().any(|l| l.starts_with("::notice ")));
    // CARDLINT_OUTPUT_FORMAT wins over the automatic choice, and --format over both.
    let o = bin()
        .args(["a,b:c/README.md"])
        .current_dir(d.path())
        .env("GITHUB_ACTIONS", "true")
        .env("CARDLINT_OUTPUT_FORMAT", "concise")
        .output()
        .unwrap();
    // Inside Actions the concise lines are wrapped in stop-commands (they start with a path).
    let out = text(&o).0;
    assert!(out.starts_with("::stop-commands::cardlint-"), "{out}");
    assert!(
        out.lines()
            .nth(1)
            .unwrap()
            .starts_with("a,b:c/README.md:1:1: info CL403"),
        "{out}"
    );
    let o = bin()
        .args(["--format", "json", "a,b:c/README.md"])
        .current_dir(d.path())
        .env("CARDLINT_OUTPUT_FORMAT", "concise")
        .output()
        .unwrap();
    assert!(text(&o).0.starts_with('{'));
}

#[test]
fn multi_line_spans_get_no_columns() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "README.md",
        "---\nco2_eq_emissions:\n  emissions: [1,\n    2]\n---\n",
    );
    let out = text(
        &bin()
            .args(["--format", "github", "README.md"])
            .current_dir(d.path())
            .output()
            .unwrap(),
    )
    .0;
    let line = out.lines().find(|l| l.contains("CL102")).unwrap();
    assert!(line.contains("line=3,endLine=4,title="), "{line}");
}

#[test]
fn markdown_escapes_card_text() {
    let d = tempfile::tempdir().unwrap();
    let evil = "---\nco2_eq_emissions:\n  emissions: \"<!-- cardlint:sticky --><img src=x onerror=alert(1)> @octocat owner/repo#1 https://evil.example\"\n  hardware_used: \"<b>x</b> | cell\"\n---\n";
    write(d.path(), "@team/README.md", evil);
    let out = text(
        &bin()
            .args(["--format", "markdown", "@team/README.md"])
            .current_dir(d.path())
            .output()
            .unwrap(),
    )
    .0;
    assert!(out.contains("| card | reporting | efficiency |"));
    for bad in [
        "<!-- cardlint",
        "<img",
        "<b>",
        "@octocat",
        "@team",
        "repo#1",
        "https://evil",
        "| cell",
    ] {
        assert!(!out.contains(bad), "{bad} leaked:\n{out}");
    }
}

#[test]
fn summary_and_outputs_in_actions() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/README.md", BAD);
    write(d.path(), "b/README.md", CLEAN);
    let summary = d.path().join("summary.md");
    let outputs = d.path().join("output.txt");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let o = bin()
        .args(["a/README.md", "b/README.md"])
        .current_dir(d.path())
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let s = std::fs::read_to_string(&summary).unwrap();
    assert!(
        s.starts_with("earlier step\n## cardlint"),
        "appended, not overwritten"
    );
    assert!(s.contains("<code>a/README.md</code>") && s.contains("Basic Energy Reporting (2/5)"));
    let out = std::fs::read_to_string(&outputs).unwrap();
    // The lowest level and the worst class over the cards (default, corrected mode).
    assert_eq!(
        out,
        "reporting-class=basic\nreporting-level=2\nefficiency-class=E\nerrors=1\nwarnings=1\ncards=2\nskipped=0\n"
    );
}

struct Pr {
    dir: tempfile::TempDir,
}

impl Pr {
    fn new(card: &str) -> Pr {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "README.md", card);
        write(
            dir.path(),
            "event.json",
            r#"{"action":"opened","pull_request":{"number":7}}"#,
        );
        Pr { dir }
    }
    fn run(&self, server: &Server, extra: &[&str]) -> Output {
        self.run_env(server, extra, &[])
    }
    fn run_env(&self, server: &Server, extra: &[&str], env: &[(&str, &str)]) -> Output {
        bin()
            .args(["--comment", "README.md"])
            .args(extra)
            .envs(env.iter().copied())
            .current_dir(self.dir.path())
            .env("GITHUB_REPOSITORY", "o/r")
            .env("GITHUB_EVENT_PATH", self.dir.path().join("event.json"))
            .env("GITHUB_API_URL", &server.url)
            .env("GITHUB_TOKEN", TOKEN)
            // Debug logging and full backtraces on: the token still must not appear.
            .env("RUST_LOG", "trace")
            .env("RUST_BACKTRACE", "full")
            .output()
            .unwrap()
    }
}

fn assert_no_token(o: &Output) {
    let (a, b) = text(o);
    assert!(
        !a.contains(TOKEN) && !b.contains(TOKEN),
        "the token leaked:\n{a}\n{b}"
    );
}

#[test]
#[cfg(feature = "github")]
fn comment_is_created_then_updated_in_place() {
    let server = Server::start(vec![], 100);
    let pr = Pr::new(CLEAN);
    let o = pr.run(&server, &[]);
    assert_no_token(&o);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o).1.contains("created the pull-request comment"),
        "{}",
        text(&o).1
    );
    {
        let st = server.state.lock().unwrap();
        assert_eq!(st.comments.len(), 1);
        assert!(st.comments[0]
            .1
            .starts_with("<!-- cardlint:sticky -->\n## cardlint"));
        let post = st.requests.iter().find(|r| r.method == "POST").unwrap();
        assert_eq!(post.path, "/repos/o/r/issues/7/comments");
        assert!(
            post.authorization.contains(TOKEN),
            "the token is sent to the API"
        );
    }
    std::fs::write(pr.dir.path().join("README.md"), BAD).unwrap();
    let o = pr.run(&server, &["--exit-zero"]);
    assert!(text(&o).1.contains("updated the pull-request comment"));
    let st = server.state.lock().unwrap();
    assert_eq!(st.comments.len(), 1, "updated in place");
    assert!(st.comments[0].1.contains("CL102"));
    assert!(st.requests.iter().any(is_update));
}

#[test]
#[cfg(feature = "github")]
fn the_sticky_comment_is_found_across_pages_and_look_alikes_are_left_alone() {
    let mut comments: Vec<(u64, String)> = (1..=5).map(|i| (i, format!("comment {i}"))).collect();
    comments.push((6, "> <!-- cardlint:sticky -->\nquoting the bot".into()));
    comments.push((7, "<!-- cardlint:sticky-old -->\nsomething else".into()));
    comments.push((1008, "<!-- cardlint:sticky -->\nold report".into()));
    let server = Server::start(comments, 2);
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert_no_token(&o);
    let st = server.state.lock().unwrap();
    let gets: Vec<&str> = st
        .requests
        .iter()
        .filter(|r| r.method == "GET" && r.path.starts_with("/repos"))
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(gets.len(), 4, "{gets:?}");
    assert!(gets[3].ends_with("page=4"));
    let patch = st.requests.iter().find(|r| is_update(r)).unwrap();
    assert_eq!(patch.path, "/repos/o/r/issues/comments/1008");
    assert_eq!(
        st.comments[5].1,
        "> <!-- cardlint:sticky -->\nquoting the bot"
    );
    assert_eq!(
        st.comments[6].1,
        "<!-- cardlint:sticky-old -->\nsomething else"
    );
    assert_eq!(st.comments.len(), 8);
}

#[test]
#[cfg(feature = "github")]
fn the_bots_comment_wins_over_a_persons_with_the_marker() {
    let server = Server::start(
        vec![
            (2, "<!-- cardlint:sticky -->\nposted by a person".into()),
            (1001, "<!-- cardlint:sticky -->\nthe bot's report".into()),
        ],
        1,
    );
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert!(text(&o).1.contains("updated"));
    let st = server.state.lock().unwrap();
    assert_eq!(
        st.requests.iter().find(|r| is_update(r)).unwrap().path,
        "/repos/o/r/issues/comments/1001"
    );
    assert_eq!(
        st.comments[0].1,
        "<!-- cardlint:sticky -->\nposted by a person"
    );
}

#[test]
#[cfg(feature = "github")]
fn a_look_alike_only_means_a_new_comment() {
    let server = Server::start(
        vec![(1, "<!-- cardlint:sticky --> inline, not ours".into())],
        100,
    );
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert!(text(&o).1.contains("created"));
    assert_eq!(server.state.lock().unwrap().comments.len(), 2);
}

#[test]
#[cfg(feature = "github")]
fn forbidden_and_server_errors_are_warnings() {
    for (writes, all, code) in [(Some(403), None, "403"), (None, Some(502), "502")] {
        let server = Server::start(vec![], 100);
        {
            let mut st = server.state.lock().unwrap();
            st.fail_writes_with = writes;
            st.fail_with = all;
        }
        let pr = Pr::new(CLEAN);
        let o = pr.run(&server, &[]);
        assert_no_token(&o);
        assert_eq!(
            o.status.code(),
            Some(0),
            "a failed comment never fails the lint"
        );
        let err = text(&o).1;
        assert!(
            err.contains("warning: no pull-request comment") && err.contains(code),
            "{err}"
        );
        // In GitHub format the warning is an annotation too.
        let o = pr.run(&server, &["--format", "github"]);
        assert!(text(&o)
            .0
            .contains("::warning title=cardlint::no pull-request comment"));
        assert_no_token(&o);
    }
}

#[test]
fn comment_problems_are_warnings_not_failures() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", CLEAN);
    let o = bin()
        .args(["--comment", "README.md"])
        .current_dir(d.path())
        .env_remove("GITHUB_REPOSITORY")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    let err = text(&o).1;
    if cfg!(feature = "github") {
        assert!(err.contains("GITHUB_REPOSITORY is not set"), "{err}");
    } else {
        assert!(err.contains("built without the `github` feature"), "{err}");
    }
}

/// Issue #11 §5: a person's comment that starts with the marker is never edited, whoever the
/// token is; a personal token's own comment (found through `/user`) is.
#[test]
#[cfg(feature = "github")]
fn only_the_token_owners_comment_is_edited() {
    let server = Server::start(
        vec![(2, "<!-- cardlint:sticky -->\nposted by a person".into())],
        100,
    );
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert!(text(&o).1.contains("created"), "{}", text(&o).1);
    {
        let st = server.state.lock().unwrap();
        assert!(!st.requests.iter().any(is_update));
        assert_eq!(
            st.comments[0].1,
            "<!-- cardlint:sticky -->\nposted by a person"
        );
    }
    // A personal token of `someone`: their marked comment is theirs to update.
    server.state.lock().unwrap().user_login = Some("someone".into());
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert!(text(&o).1.contains("updated"), "{}", text(&o).1);
    let st = server.state.lock().unwrap();
    assert_eq!(
        st.requests.iter().find(|r| is_update(r)).unwrap().path,
        "/repos/o/r/issues/comments/2"
    );
}

/// A `Link: rel="next"` to another host is not followed (the token would go there), and no
/// comment is written on the strength of its answer.
#[test]
#[cfg(feature = "github")]
fn next_links_off_the_api_host_are_not_followed() {
    let evil = Server::start(vec![], 100);
    let server = Server::start((1..=3).map(|i| (i, format!("c{i}"))).collect(), 1);
    server.state.lock().unwrap().next_base = Some(evil.url.clone());
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).1.contains("another host"), "{}", text(&o).1);
    assert!(
        evil.state.lock().unwrap().requests.is_empty(),
        "the other host was called"
    );
    let st = server.state.lock().unwrap();
    assert!(!st.requests.iter().any(|r| r.method != "GET"));
}

/// The comment is listed, updated and created through octocrab's typed API: a listing that is
/// not GitHub's shape (a comment without its author) is refused with a warning, and nothing is
/// written on the strength of it.
#[test]
#[cfg(feature = "github")]
fn a_listing_not_in_githubs_shape_is_refused() {
    let server = Server::start(vec![], 100);
    server.state.lock().unwrap().raw_listing =
        Some(r#"[{"id": 5, "body": "<!-- cardlint:sticky -->\nx"}]"#.into());
    let o = Pr::new(CLEAN).run(&server, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o)
            .1
            .contains("warning: no pull-request comment: cannot list comments"),
        "{}",
        text(&o).1
    );
    let st = server.state.lock().unwrap();
    assert!(
        st.requests.iter().all(|r| r.method == "GET"),
        "nothing written"
    );
    assert!(st.comments.is_empty());
}

/// The comment step has an overall deadline: an answer trickled byte by byte is given up.
#[test]
#[cfg(feature = "github")]
fn a_trickled_answer_hits_the_deadline() {
    let server = Server::start(vec![], 100);
    server.state.lock().unwrap().trickle = true;
    let pr = Pr::new(CLEAN);
    let start = std::time::Instant::now();
    let o = pr.run_env(&server, &[], &[("CARDLINT_COMMENT_DEADLINE", "2")]);
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o).1.contains("longer than 2 s"), "{}", text(&o).1);
    assert!(start.elapsed() < std::time::Duration::from_secs(8));
}

/// A token with a line break, or an event file that is a device, is a warning, never a panic.
#[test]
fn bad_tokens_and_event_files_are_warnings() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", CLEAN);
    write(d.path(), "event.json", r#"{"pull_request":{"number":7}}"#);
    for (token, event) in [
        ("ghs_abc\nX-Evil: 1", d.path().join("event.json")),
        ("ghs_abc\u{7}", d.path().join("event.json")),
        ("ghs_abc", std::path::PathBuf::from("/dev/zero")),
    ] {
        let o = bin()
            .args(["--comment", "README.md"])
            .current_dir(d.path())
            .env("GITHUB_REPOSITORY", "o/r")
            .env("GITHUB_EVENT_PATH", &event)
            .env("GITHUB_API_URL", "http://127.0.0.1:9")
            .env("GITHUB_TOKEN", token)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "{token:?}: {}", text(&o).1);
        let err = text(&o).1;
        assert!(err.contains("warning: no pull-request comment"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
