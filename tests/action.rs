#![cfg(feature = "github")]
//! The Action (`action.yml`, composite) run in a simulated runner: its steps are read with
//! cardlint's own YAML tree, `${{ … }}` expressions are evaluated, and each `run` goes to bash
//! with the runner's files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_EVENT_PATH)
//! and GITHUB_API_URL pointing at a fake API on 127.0.0.1. `curl` and `cargo` are stubs, so the
//! install step's fallback (no release asset, then `cargo install`) is exercised offline.

mod common;
#[path = "common/fake_github.rs"]
mod fake_github;
#[path = "common/fake_hub.rs"]
mod fake_hub;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use cardlint::card::yaml::{NodeId, Yaml};

const TOKEN: &str = "ghs_ActionT0ken999";

struct Action {
    inputs: Vec<(String, String)>,
    outputs: Vec<(String, String)>,
    steps: Vec<Step>,
}

struct Step {
    id: Option<String>,
    env: Vec<(String, String)>,
    run: String,
}

fn read_action() -> Action {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("action.yml")).unwrap();
    let y = Yaml::parse(&text, 0).unwrap();
    let root = y.root.unwrap();
    let s = |id: NodeId| y.str(id).unwrap_or("").to_string();
    let pairs = |key: &str, field: &str| -> Vec<(String, String)> {
        let (_, m) = y.get(root, key).unwrap();
        y.entries(m)
            .unwrap()
            .iter()
            .map(|(k, v)| (s(*k), y.get(*v, field).map_or(String::new(), |(_, d)| s(d))))
            .collect()
    };
    let (_, runs) = y.get(root, "runs").unwrap();
    assert_eq!(
        y.get(runs, "using").map(|(_, u)| s(u)),
        Some("composite".into())
    );
    let (_, steps) = y.get(runs, "steps").unwrap();
    let steps = y
        .items(steps)
        .unwrap()
        .iter()
        .map(|&st| Step {
            id: y.get(st, "id").map(|(_, v)| s(v)),
            env: y.get(st, "env").map_or(Vec::new(), |(_, e)| {
                y.entries(e)
                    .unwrap()
                    .iter()
                    .map(|(k, v)| (s(*k), s(*v)))
                    .collect()
            }),
            run: y
                .get(st, "run")
                .map(|(_, v)| s(v))
                .expect("every step runs a script"),
        })
        .collect();
    Action {
        inputs: pairs("inputs", "default"),
        outputs: pairs("outputs", "value"),
        steps,
    }
}

/// The expression context of a run: the `github` values the Action reads and its inputs (given,
/// else their defaults).
fn inputs_context(action: &Action, with: &[(&str, &str)]) -> HashMap<String, String> {
    let mut ctx: HashMap<String, String> = HashMap::new();
    ctx.insert(
        "github.action_path".into(),
        env!("CARGO_MANIFEST_DIR").into(),
    );
    ctx.insert(
        "github.action_repository".into(),
        "cardlint/cardlint".into(),
    );
    ctx.insert("github.action_ref".into(), "v0.1.0".into());
    ctx.insert("github.token".into(), TOKEN.into());
    for (name, default) in &action.inputs {
        let given = with
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.to_string());
        let v = given.unwrap_or_else(|| eval(default, &ctx));
        ctx.insert(format!("inputs.{name}"), v);
    }
    ctx
}

/// Evaluates the `${{ … }}` expressions the Action uses.
fn eval(s: &str, ctx: &HashMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("${{") {
        out.push_str(&rest[..i]);
        let j = rest[i..].find("}}").expect("closed expression") + i;
        let expr = rest[i + 3..j].trim();
        // A step output the step did not write is empty, as on a runner.
        let missing_output = expr.starts_with("steps.");
        match ctx.get(expr) {
            Some(v) => out.push_str(v),
            None if missing_output => {}
            None => panic!("unknown expression {expr}"),
        }
        rest = &rest[j + 2..];
    }
    out.push_str(rest);
    out
}

struct Runner {
    work: tempfile::TempDir,
    stubs: PathBuf,
    cargo_log: PathBuf,
    /// Each step's standard output and error, in the order run.
    logs: std::cell::RefCell<Vec<String>>,
}

impl Runner {
    fn new() -> Runner {
        let work = tempfile::tempdir().unwrap();
        let stubs = work.path().join("stubs");
        std::fs::create_dir_all(&stubs).unwrap();
        let cargo_log = work.path().join("cargo.log");
        // No release yet: every download is a 404 (the release tests use the real curl
        // against a fake release server instead).
        common::write(&stubs, "curl", "#!/bin/sh\nprintf 404\n");
        // `cargo install --locked --path P --root R` "builds" the binary this test was built with.
        common::write(&stubs, "cargo", &format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\nwhile [ $# -gt 0 ]; do [ \"$1\" = --root ] && root=$2; shift; done\nmkdir -p \"$root/bin\" && ln -sf '{}' \"$root/bin/cardlint\"\n",
            cargo_log.display(), env!("CARGO_BIN_EXE_cardlint")
        ));
        for f in ["curl", "cargo"] {
            Command::new("chmod")
                .arg("+x")
                .arg(stubs.join(f))
                .status()
                .unwrap();
        }
        Runner {
            work,
            stubs,
            cargo_log,
            logs: std::cell::RefCell::default(),
        }
    }

    /// Runs every step; returns each step's exit code and the lint step's outputs.
    fn run(&self, with: &[(&str, &str)], api: &str) -> (Vec<i32>, HashMap<String, String>) {
        self.run_env(with, api, &[])
    }

    /// [`Runner::run`] with more variables in the runner's environment.
    fn run_env(
        &self,
        with: &[(&str, &str)],
        api: &str,
        env: &[(&str, &str)],
    ) -> (Vec<i32>, HashMap<String, String>) {
        let action = read_action();
        let ws = self.work.path().join("workspace");
        let temp = self.work.path().join("runner-temp");
        std::fs::create_dir_all(&temp).unwrap();
        let path_file = self.work.path().join("github_path");
        let summary = self.work.path().join("summary.md");
        let event = common::write(
            self.work.path(),
            "event.json",
            r#"{"pull_request":{"number":3}}"#,
        );
        let ctx = inputs_context(&action, with);
        let mut codes = Vec::new();
        let mut outputs = HashMap::new();
        for step in &action.steps {
            let out_file = self.work.path().join(format!("output-{}", codes.len()));
            std::fs::write(&out_file, "").unwrap();
            let added = std::fs::read_to_string(&path_file).unwrap_or_default();
            let mut path: Vec<String> = added.lines().rev().map(str::to_string).collect();
            path.push(self.stubs.display().to_string());
            path.push("/usr/bin:/bin".into());
            let mut cmd = Command::new("bash");
            cmd.arg("-c")
                .arg(eval(&step.run, &ctx))
                .current_dir(&ws)
                .env_clear();
            cmd.env("PATH", path.join(":"))
                .env("HOME", self.work.path())
                .env("GITHUB_ACTIONS", "true")
                .env("CI", "true")
                .env("GITHUB_OUTPUT", &out_file)
                .env("GITHUB_STEP_SUMMARY", &summary)
                .env("GITHUB_PATH", &path_file)
                .env("GITHUB_EVENT_PATH", &event)
                .env("GITHUB_REPOSITORY", "o/r")
                .env("GITHUB_API_URL", api)
                .env("RUNNER_TEMP", &temp);
            for (k, v) in env {
                cmd.env(k, v);
            }
            for (k, v) in &step.env {
                cmd.env(k, eval(v, &ctx));
            }
            let o = cmd.output().unwrap();
            let (so, se) = (
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr),
            );
            assert!(
                !so.contains(TOKEN) && !se.contains(TOKEN),
                "the token leaked"
            );
            self.logs.borrow_mut().push(format!("{so}{se}"));
            codes.push(o.status.code().unwrap_or(-1));
            if step.id.as_deref() == Some("lint") {
                for l in std::fs::read_to_string(&out_file).unwrap().lines() {
                    let (k, v) = l.split_once('=').unwrap();
                    outputs.insert(format!("steps.lint.outputs.{k}"), v.to_string());
                }
            }
        }
        // The Action's outputs, as the runner maps them.
        let mapped = action
            .outputs
            .iter()
            .map(|(n, v)| (n.clone(), eval(v, &outputs)))
            .collect();
        (codes, mapped)
    }
}

const BASIC: &str = "---\nco2_eq_emissions: 25.4\n---\n# m\n";

#[test]
fn the_action_installs_lints_writes_outputs_summary_sarif_and_comments() {
    let server = fake_github::Server::start(vec![], 100);
    let r = Runner::new();
    common::write(&r.work.path().join("workspace"), "README.md", BASIC);
    let (codes, out) = r.run(
        &[("comment", "true"), ("sarif-file", "cardlint.sarif")],
        &server.url,
    );
    assert_eq!(
        codes,
        [0, 1],
        "warnings fail the step at the default fail-on"
    );
    // Install: no release (404), so cargo install from the action's checkout, on GITHUB_PATH.
    let log = std::fs::read_to_string(&r.cargo_log).unwrap();
    assert!(
        log.starts_with("install --locked --features github,hub --path ")
            && log.contains(env!("CARGO_MANIFEST_DIR")),
        "{log}"
    );
    assert_eq!(out["reporting-class"], "basic");
    assert_eq!(out["reporting-level"], "2");
    // 25 g on CO2 alone, in the default (corrected) mode.
    assert_eq!(out["efficiency-class"], "D");
    assert_eq!(out["errors"], "0");
    assert_eq!(out["warnings"], "1");
    let summary = std::fs::read_to_string(r.work.path().join("summary.md")).unwrap();
    assert_eq!(
        summary.matches("## cardlint").count(),
        1,
        "the SARIF run does not write it again"
    );
    let sarif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(r.work.path().join("workspace/cardlint.sarif")).unwrap(),
    )
    .unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let st = server.state.lock().unwrap();
    assert_eq!(st.comments.len(), 1);
    assert!(st.comments[0].1.contains("Basic Energy Reporting (2/5)"));
    assert!(
        st.requests.iter().all(|q| q.authorization.contains(TOKEN)),
        "github-token defaults to github.token"
    );
}

#[test]
fn inputs_change_the_verdict() {
    let server = fake_github::Server::start(vec![], 100);
    let r = Runner::new();
    common::write(&r.work.path().join("workspace"), "README.md", BASIC);
    let (codes, _) = r.run(&[("fail-on", "error")], &server.url);
    assert_eq!(codes[1], 0, "only warnings, fail-on error");
    let (codes, _) = r.run(
        &[("fail-on", "error"), ("min-reporting-class", "awareness")],
        &server.url,
    );
    assert_eq!(codes[1], 1, "below the minimum class");
    let (codes, _) = r.run(
        &[
            ("fail-on", "error"),
            ("min-efficiency-class", "A"),
            ("args", "--efficiency-mode corrected"),
        ],
        &server.url,
    );
    assert_eq!(codes[1], 1, "corrected mode rates 25 g below A");
    assert!(
        server.state.lock().unwrap().requests.is_empty(),
        "no comment unless asked"
    );
}

#[test]
fn paths_are_lines_args_are_shell_words_and_no_card_fails() {
    let server = fake_github::Server::start(vec![], 100);
    let r = Runner::new();
    let ws = r.work.path().join("workspace");
    // An AutoTrain-style card at Basic passes the README's example (min-reporting-class basic).
    common::write(
        &ws,
        "README.md",
        "---\ntags: [autotrain]\nco2_eq_emissions:\n  emissions: 2.4586\n---\n# m\n",
    );
    let (codes, _) = r.run(&[("min-reporting-class", "basic")], &server.url);
    assert_eq!(
        codes[1], 0,
        "a card meeting the minimum with no errors passes"
    );
    // Multi-line paths: every line is linted (the second card fails).
    common::write(&ws, "b/README.md", "# no front matter\n");
    let (codes, out) = r.run(
        &[("paths", "README.md\nb/README.md\n"), ("fail-on", "error")],
        &server.url,
    );
    assert_eq!(codes[1], 0);
    assert_eq!(
        out["reporting-level"], "0",
        "the second line's card was linted: {out:?}"
    );
    // Quoted args: `--include '*.md'` finds notes.md in the folder.
    common::write(&ws, "docs/notes.md", "---\nco2_eq_emissions: 3\n---\n");
    let (codes, out) = r.run(
        &[("paths", "docs"), ("args", "--include '*.md' --exit-zero")],
        &server.url,
    );
    assert_eq!(codes[1], 0);
    assert_eq!(out["reporting-level"], "2", "{out:?}");
    // No card at all: the step fails.
    let (codes, _) = r.run(&[("paths", "docs/none")], &server.url);
    assert_ne!(codes[1], 0);
    std::fs::create_dir_all(ws.join("empty")).unwrap();
    let (codes, _) = r.run(&[("paths", "empty")], &server.url);
    assert_eq!(codes[1], 2, "a folder without cards fails the step");
}

#[test]
fn the_action_declares_the_documented_interface() {
    let a = read_action();
    let names: Vec<&str> = a.inputs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "paths",
            "args",
            "fail-on",
            "min-reporting-class",
            "min-efficiency-class",
            "hub",
            "hub-model-id",
            "hf-token",
            "comment",
            "sarif-file",
            "github-token",
            "version",
            "checksum",
            "repository"
        ]
    );
    let outs: Vec<&str> = a.outputs.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        outs,
        [
            "reporting-class",
            "reporting-level",
            "efficiency-class",
            "errors",
            "warnings",
            "cards",
            "skipped"
        ]
    );
    assert_eq!(a.inputs[0].1, "README.md");
    assert_eq!(a.inputs[10].1, "${{ github.token }}");
}

/// The Action with `hub-model-id` and `hf-token`: the Hub (a fake one on 127.0.0.1) is asked
/// with the token, and its facts reach the label.
#[cfg(feature = "hub")]
#[test]
fn the_action_asks_the_hub_for_a_mirrored_model() {
    let hub = fake_hub::Hub::start();
    hub.model("org/model", BASIC, Some(2_000_000.0), Some(5e8));
    let server = fake_github::Server::start(vec![], 100);
    let r = Runner::new();
    common::write(&r.work.path().join("workspace"), "README.md", BASIC);
    let (codes, out) = r.run_env(
        &[
            ("hub-model-id", "org/model"),
            ("hf-token", "hf_action_secret"),
        ],
        &server.url,
        &[("HF_ENDPOINT", hub.url.as_str())],
    );
    assert_eq!(codes[0], 0);
    // CO2 alone rates D; with the Hub's downloads and model size the label is C.
    assert_eq!(out["efficiency-class"], "C");
    let reqs = hub.requests();
    assert!(
        reqs.iter()
            .any(|q| q.path.starts_with("/api/models/org/model")),
        "{reqs:?}"
    );
    assert!(reqs
        .iter()
        .all(|q| q.authorization.as_deref() == Some("Bearer hf_action_secret")));
}

/// A fake release server (`GITHUB_SERVER_URL`) holding `cardlint-<target>.tar.gz`, whose
/// `cardlint` runs this test's binary, and its `.sha256` (or `sha` instead of the true sum).
fn release_server(target: &str, sha: Option<&str>) -> (fake_hub::Hub, String) {
    let stage = tempfile::tempdir().unwrap();
    let dir = stage.path().join(format!("cardlint-{target}"));
    common::write(
        &dir,
        "cardlint",
        &format!(
            "#!/bin/sh\nexec '{}' \"$@\"\n",
            env!("CARGO_BIN_EXE_cardlint")
        ),
    );
    Command::new("chmod")
        .arg("+x")
        .arg(dir.join("cardlint"))
        .status()
        .unwrap();
    let archive = stage.path().join("a.tar.gz");
    assert!(Command::new("tar")
        .arg("-czf")
        .arg(&archive)
        .arg("-C")
        .arg(stage.path())
        .arg(format!("cardlint-{target}"))
        .status()
        .unwrap()
        .success());
    let bytes = std::fs::read(&archive).unwrap();
    let out = Command::new("sha256sum").arg(&archive).output().unwrap();
    let real = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let server = fake_hub::Hub::start();
    let version = env!("CARGO_PKG_VERSION");
    let base = format!("/cardlint/cardlint/releases/download/v{version}/cardlint-{target}.tar.gz");
    server.route(
        &base,
        vec![fake_hub::Answer {
            body: bytes,
            ..fake_hub::Answer::text("")
        }],
    );
    let sum = sha.unwrap_or(&real);
    server.route(
        &format!("{base}.sha256"),
        vec![fake_hub::Answer::text(&format!(
            "{sum}  cardlint-{target}.tar.gz\n"
        ))],
    );
    (server, real)
}

/// The Runner with the real curl (the release tests talk to a fake server on 127.0.0.1).
fn runner_with_curl() -> Runner {
    let r = Runner::new();
    std::fs::remove_file(r.stubs.join("curl")).unwrap();
    common::write(&r.work.path().join("workspace"), "README.md", BASIC);
    r
}

#[test]
fn the_action_installs_the_release_binary_after_checking_its_sum() {
    let (server, _) = release_server("x86_64-unknown-linux-musl", None);
    let gh = fake_github::Server::start(vec![], 100);
    let r = runner_with_curl();
    let env = [
        ("GITHUB_SERVER_URL", server.url.as_str()),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "X64"),
    ];
    let (codes, out) = r.run_env(&[], &gh.url, &env);
    assert_eq!(
        codes,
        [0, 1],
        "installed, then the lint's warning fails the step"
    );
    assert_eq!(out["reporting-class"], "basic");
    assert!(!r.cargo_log.exists(), "nothing was compiled");
    let path = std::fs::read_to_string(r.work.path().join("github_path")).unwrap();
    assert!(
        path.trim_end()
            .ends_with("cardlint-x86_64-unknown-linux-musl"),
        "{path}"
    );
}

#[test]
fn a_tampered_or_unpinned_sum_installs_nothing() {
    let gh = fake_github::Server::start(vec![], 100);
    let env = |url: &str| {
        vec![
            ("GITHUB_SERVER_URL".to_string(), url.to_string()),
            ("RUNNER_OS".to_string(), "Linux".to_string()),
            ("RUNNER_ARCH".to_string(), "X64".to_string()),
        ]
    };
    // The published .sha256 does not match the archive.
    let (server, _) = release_server("x86_64-unknown-linux-musl", Some(&"0".repeat(64)));
    let r = runner_with_curl();
    let e = env(&server.url);
    let e: Vec<(&str, &str)> = e.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let (codes, _) = r.run_env(&[], &gh.url, &e);
    assert_eq!(codes[0], 1, "the install step fails");
    assert!(
        !r.work.path().join("github_path").exists()
            || std::fs::read_to_string(r.work.path().join("github_path"))
                .unwrap()
                .is_empty()
    );
    assert!(!r.cargo_log.exists(), "no fallback build on a mismatch");
    // A pinned checksum wins over the published one: the true sum is accepted, another refused.
    // The sum pinned is this server's own archive's: tar stamps the time, so an archive built a
    // second later has another sum (this test failed 4 times in 5 when it pinned the first one's).
    let (server, real) = release_server("x86_64-unknown-linux-musl", Some(&"0".repeat(64)));
    let e = env(&server.url);
    let e: Vec<(&str, &str)> = e.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = runner_with_curl();
    let (codes, _) = r.run_env(&[("checksum", real.as_str())], &gh.url, &e);
    assert_eq!(codes[0], 0);
    let (server, _) = release_server("x86_64-unknown-linux-musl", None);
    let e = env(&server.url);
    let e: Vec<(&str, &str)> = e.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let r = runner_with_curl();
    let (codes, _) = r.run_env(&[("checksum", &"ab".repeat(32))], &gh.url, &e);
    assert_eq!(codes[0], 1);
}

#[test]
fn each_runner_asks_for_its_own_asset_and_a_missing_release_builds_from_source() {
    let gh = fake_github::Server::start(vec![], 100);
    let version = env!("CARGO_PKG_VERSION");
    for (os, arch, asset) in [
        ("Linux", "X64", "cardlint-x86_64-unknown-linux-musl.tar.gz"),
        (
            "Linux",
            "ARM64",
            "cardlint-aarch64-unknown-linux-musl.tar.gz",
        ),
        ("macOS", "X64", "cardlint-x86_64-apple-darwin.tar.gz"),
        ("macOS", "ARM64", "cardlint-aarch64-apple-darwin.tar.gz"),
        ("Windows", "X64", "cardlint-x86_64-pc-windows-msvc.zip"),
    ] {
        // No release on the server: every path is a 404.
        let server = fake_hub::Hub::start();
        let r = runner_with_curl();
        let env = [
            ("GITHUB_SERVER_URL", server.url.as_str()),
            ("RUNNER_OS", os),
            ("RUNNER_ARCH", arch),
        ];
        let (codes, _) = r.run_env(&[], &gh.url, &env);
        assert_eq!(codes[0], 0, "{os}/{arch}: the fallback build");
        let asked: Vec<String> = server.requests().into_iter().map(|q| q.path).collect();
        assert_eq!(
            asked,
            [format!(
                "/cardlint/cardlint/releases/download/v{version}/{asset}"
            )],
            "{os}/{arch}"
        );
        let log = std::fs::read_to_string(&r.cargo_log).unwrap();
        assert!(
            log.starts_with("install --locked --features github,hub"),
            "{log}"
        );
    }
    // A version asked for that has no release is an error, not a build of another version.
    let server = fake_hub::Hub::start();
    let r = runner_with_curl();
    let env = [
        ("GITHUB_SERVER_URL", server.url.as_str()),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "X64"),
    ];
    let (codes, _) = r.run_env(&[("version", "9.9.9")], &gh.url, &env);
    assert_eq!(codes[0], 1);
    assert!(!r.cargo_log.exists());
}

/// No line of any step's log is a workflow command that an input forged.
fn assert_no_forged_command(logs: &[String]) {
    for log in logs {
        for line in log.lines() {
            let l = line.trim_start();
            assert!(
                !l.starts_with("::warning title=forged") && !l.contains("##[warning]forged"),
                "a forged command: {line:?} in\n{log}"
            );
        }
    }
}

const FORGE: &str = "\n::warning title=forged::forged\n##[warning]forged\n";

#[test]
fn a_checksum_input_with_a_newline_forges_no_command() {
    let gh = fake_github::Server::start(vec![], 100);
    let (server, real) = release_server("x86_64-unknown-linux-musl", None);
    let env = [
        ("GITHUB_SERVER_URL", server.url.as_str()),
        ("RUNNER_OS", "Linux"),
        ("RUNNER_ARCH", "X64"),
    ];
    for sum in [format!("{real}{FORGE}"), format!("ab{FORGE}cd")] {
        let r = runner_with_curl();
        let (codes, _) = r.run_env(&[("checksum", sum.as_str())], &gh.url, &env);
        assert_eq!(codes[0], 1, "nothing is installed");
        let logs = r.logs.borrow();
        assert_no_forged_command(&logs);
        assert!(logs[0].contains("not a SHA-256 sum"), "{}", logs[0]);
    }
    // Surrounding blanks (a YAML block scalar's newline) are not part of the sum.
    let r = runner_with_curl();
    let (codes, _) = r.run_env(&[("checksum", &format!(" {real}\n"))], &gh.url, &env);
    assert_eq!(codes[0], 0);
}

#[test]
fn a_sarif_file_input_with_a_newline_forges_no_command() {
    let gh = fake_github::Server::start(vec![], 100);
    let r = Runner::new();
    common::write(&r.work.path().join("workspace"), "README.md", BASIC);
    let file = format!("no-such-dir{FORGE}/out.sarif");
    let (codes, _) = r.run(&[("sarif-file", file.as_str())], &gh.url);
    assert_eq!(codes[1], 2, "the SARIF file could not be written");
    let logs = r.logs.borrow();
    assert_no_forged_command(&logs);
    assert!(
        logs[1].contains("could not write SARIF to no-such-dir%0A::warning"),
        "{}",
        logs[1]
    );
}

#[test]
fn args_with_an_unbalanced_quote_fail_the_step() {
    let gh = fake_github::Server::start(vec![], 100);
    let r = Runner::new();
    // A card that passes as it is: only the dropped `--min-efficiency-class A` would fail it.
    common::write(
        &r.work.path().join("workspace"),
        "README.md",
        "---\ntags: [autotrain]\nco2_eq_emissions:\n  emissions: 2.4586\n---\n# m\n",
    );
    let (codes, _) = r.run(&[("min-reporting-class", "basic")], &gh.url);
    assert_eq!(codes[1], 0);
    for args in [
        "--include 'README.md --min-efficiency-class A",
        "--include \"README.md --min-efficiency-class A",
    ] {
        let (codes, out) = r.run(&[("min-reporting-class", "basic"), ("args", args)], &gh.url);
        assert_eq!(codes[1], 2, "{args}: {out:?}");
        let logs = r.logs.borrow();
        let log = logs.last().unwrap();
        assert!(
            log.contains("::error title=cardlint::the args input has an unbalanced quote"),
            "{log}"
        );
    }
}
