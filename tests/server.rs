//! `cardlint server`: the protocol in process (lsp-server's in-memory connection), with reviewed
//! JSON snapshots, and once over a real child process with real framing.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};

const CARD: &str = "---\nlicense: mit\nlanguage: é\nco2_eq_emissions:\n  emissions: \"0.3 Kg\"\n  hardware_used: \"ü 😀 [x](http://evil.example) <b>hi</b>\"\n---\n# Modèle ü\n\n- **Hardware:** 1 x A100\n";

/// A client on an in-memory connection to a server running on its own thread.
struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<bool>>,
    next: i32,
    /// Notifications and server requests seen while waiting for something else.
    seen: Vec<Message>,
}

impl Client {
    fn start() -> Client {
        let (server, client) = Connection::memory();
        let handle = std::thread::spawn(move || cardlint::server::run(&server));
        Client {
            conn: client,
            server: Some(handle),
            next: 0,
            seen: Vec::new(),
        }
    }

    /// Started and initialized with these client capabilities and options.
    fn init(capabilities: Value, options: Value) -> (Client, Value) {
        let mut c = Client::start();
        let r = c.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}),
        );
        c.notify("initialized", json!({}));
        (c, r.result.expect("initialize result"))
    }

    fn utf8() -> Client {
        Client::init(
            json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
            Value::Null,
        )
        .0
    }

    fn recv(&mut self) -> Message {
        self.conn
            .receiver
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn
            .sender
            .send(Request::new(id.clone(), method.into(), params).into())
            .unwrap();
        id
    }

    fn response(&mut self, id: &RequestId) -> Response {
        loop {
            match self.recv() {
                Message::Response(r) if &r.id == id => return r,
                m => self.seen.push(m),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        let id = self.send_request(method, params);
        self.response(&id)
    }

    fn ok(&mut self, method: &str, params: Value) -> Value {
        let r = self.request(method, params);
        assert!(r.error.is_none(), "{method}: {:?}", r.error);
        r.result.unwrap_or(Value::Null)
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.conn
            .sender
            .send(Notification::new(method.into(), params).into())
            .unwrap();
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// The next diagnostics published for `uri` (and `version`, if given).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Value {
        let want = |m: &Message| match m {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                n.params["uri"] == uri && version.is_none_or(|v| n.params["version"] == v)
            }
            _ => false,
        };
        if let Some(i) = self.seen.iter().position(want) {
            let Message::Notification(n) = self.seen.remove(i) else {
                unreachable!()
            };
            return n.params["diagnostics"].clone();
        }
        loop {
            let m = self.recv();
            if want(&m) {
                let Message::Notification(n) = m else {
                    unreachable!()
                };
                return n.params["diagnostics"].clone();
            }
            self.seen.push(m);
        }
    }

    fn shutdown(mut self) -> bool {
        let r = self.request("shutdown", Value::Null);
        assert!(r.error.is_none());
        self.notify("exit", Value::Null);
        self.server.take().unwrap().join().unwrap()
    }
}

fn uri_of(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn card_dir(text: &str) -> (tempfile::TempDir, String) {
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("README.md"), text).unwrap();
    let uri = uri_of(&d.path().join("README.md"));
    (d, uri)
}

fn pretty(v: &Value, dir: &str) -> String {
    serde_json::to_string_pretty(v)
        .unwrap()
        .replace(dir, "[DIR]")
}

fn codes(diags: &Value) -> Vec<String> {
    diags
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn capabilities_follow_the_client() {
    let (c, r) = Client::init(
        json!({"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"diagnostic": {}}}),
        Value::Null,
    );
    insta::assert_snapshot!("initialize-utf8-pull", pretty(&r, ""));
    assert!(c.shutdown(), "shutdown then exit is a clean end");
    let (c, r) = Client::init(json!({}), Value::Null);
    assert_eq!(r["capabilities"]["positionEncoding"], "utf-16");
    assert!(r["capabilities"].get("diagnosticProvider").is_none());
    assert!(c.shutdown());
}

#[test]
fn diagnostics_are_pushed_in_the_agreed_encoding() {
    let (dir, uri) = card_dir(CARD);
    let d = dir.path().display().to_string();
    let mut c = Client::utf8();
    c.open(&uri, CARD);
    let diags = c.diagnostics(&uri, Some(1));
    insta::assert_snapshot!("diagnostics-utf8", pretty(&diags, &d));
    // The same as the CLI's findings.
    let out = common::run(&["--format", "json", "README.md"], dir.path());
    assert_eq!(codes(&diags), common::codes(&common::json(&out), 0));
    // The string with non-ASCII before it: `ü 😀 ` is 3 + 5 bytes, 2 + 3 UTF-16 units.
    let card = "---\nco2_eq_emissions: {emissions: \"ü 😀 1 kg\"}\n---\n";
    let (dir2, uri2) = card_dir(card);
    let _ = dir2;
    c.open(&uri2, card);
    let utf8 = c.diagnostics(&uri2, Some(1));
    let (mut c16, _) = Client::init(json!({}), Value::Null);
    c16.open(&uri2, card);
    let utf16 = c16.diagnostics(&uri2, Some(1));
    let find = |v: &Value| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|d| d["code"] == "CL102")
            .unwrap_or_else(|| panic!("CL102 in {v}"))["range"]
            .clone()
    };
    let (a, b) = (find(&utf8), find(&utf16));
    // The value starts after `co2_eq_emissions: {emissions: ` (30 bytes, all ASCII).
    assert_eq!(a["start"]["character"], 30);
    assert_eq!(b["start"]["character"], 30);
    // It ends after `"ü 😀 1 kg"`: 1 + 3 + 5 + 5 bytes, 1 + 2 + 3 + 5 UTF-16 units.
    assert_eq!(a["end"]["character"], 30 + 14);
    assert_eq!(b["end"]["character"], 30 + 11);
    assert!(c.shutdown() && c16.shutdown());
}

#[test]
fn changes_are_applied_and_the_latest_version_wins() {
    let (_dir, uri) = card_dir(CARD);
    let mut c = Client::utf8();
    c.open(&uri, CARD);
    let first = c.diagnostics(&uri, Some(1));
    assert!(codes(&first).contains(&"CL102".to_string()));
    // Incremental edits: `"0.3 Kg"` becomes `300`, in two steps sent at once.
    let line = 4;
    let from = "  emissions: ".len() as u32;
    for (v, start, end, text) in [(2, from, from + 8, "300"), (3, from, from + 3, "310")] {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"range": {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}, "text": text}]}),
        );
    }
    let last = c.diagnostics(&uri, Some(3));
    assert!(!codes(&last).contains(&"CL102".to_string()), "{last}");
    // A full replacement too.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": "# no front matter\n"}]}),
    );
    assert_eq!(codes(&c.diagnostics(&uri, Some(4))), ["CL001"]);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(c.diagnostics(&uri, None), json!([]));
    assert!(c.shutdown());
}

#[test]
fn a_pull_client_is_asked_to_refresh_after_a_settings_change() {
    // VS Code's client says `workspace.diagnostics` (LSP 3.17's name), not lsp-types'
    // `workspace.diagnostic`: both are understood.
    for workspace in [
        json!({"diagnostics": {"refreshSupport": true}}),
        json!({"diagnostic": {"refreshSupport": true}}),
    ] {
        let (_dir, uri) = card_dir(CARD);
        let (mut c, _) = Client::init(
            json!({"textDocument": {"diagnostic": {}}, "workspace": workspace}),
            Value::Null,
        );
        c.open(&uri, CARD);
        let r = c.ok(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(codes(&r["items"]).contains(&"CL102".to_string()));
        c.notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"cardlint": {"ignore": ["CL102"]}}}),
        );
        let refresh = loop {
            match c.recv() {
                Message::Request(q) if q.method == "workspace/diagnostic/refresh" => break q,
                m => c.seen.push(m),
            }
        };
        c.conn
            .sender
            .send(Response::new_ok(refresh.id, Value::Null).into())
            .unwrap();
        let r = c.ok(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(
            !codes(&r["items"]).contains(&"CL102".to_string()),
            "{workspace}"
        );
        assert!(c.shutdown());
    }
}

#[test]
fn pulled_diagnostics_equal_pushed_ones() {
    let (dir, uri) = card_dir(CARD);
    let d = dir.path().display().to_string();
    let (mut c, _) = Client::init(
        json!({"general": {"positionEncodings": ["utf-8"]}, "textDocument": {"diagnostic": {}}}),
        Value::Null,
    );
    c.open(&uri, CARD);
    let r = c.ok(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(r["kind"], "full");
    let mut p = Client::utf8();
    p.open(&uri, CARD);
    assert_eq!(
        pretty(&r["items"], &d),
        pretty(&p.diagnostics(&uri, Some(1)), &d)
    );
    assert!(
        !c.seen
            .iter()
            .any(|m| matches!(m, Message::Notification(n) if n.method == "textDocument/publishDiagnostics")),
        "a pull client gets no pushed diagnostics"
    );
    assert!(c.shutdown() && p.shutdown());
}

fn apply(text: &str, edits: &Value) -> String {
    // UTF-8 positions: byte columns.
    let starts: Vec<usize> = std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let off = |p: &Value| {
        starts[p["line"].as_u64().unwrap() as usize] + p["character"].as_u64().unwrap() as usize
    };
    let mut edits: Vec<&Value> = edits.as_array().unwrap().iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(off(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(
            off(&e["range"]["start"])..off(&e["range"]["end"]),
            e["newText"].as_str().unwrap(),
        );
    }
    out
}

fn action<'a>(actions: &'a Value, title: &str) -> &'a Value {
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with(title))
        .unwrap_or_else(|| panic!("no action {title} in {actions:#}"))
}

fn edits_of<'a>(a: &'a Value, uri: &str) -> &'a Value {
    &a["edit"]["changes"][uri]
}

#[test]
fn code_actions_fix_suppress_and_fix_all_like_the_cli() {
    let card = "---\nlicense: mit\nco2_eq_emissions: 25.4  # grams\nlanguage: \"2 kg\"\n---\n# M\n\n- **Carbon Emitted:** 1 kg\n";
    let (dir, uri) = card_dir(card);
    let d = dir.path().display().to_string();
    let mut c = Client::utf8();
    c.open(&uri, card);
    let diags = c.diagnostics(&uri, Some(1));
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    let actions = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": all, "context": {"diagnostics": diags}}),
    );
    insta::assert_snapshot!("code-actions", pretty(&actions, &d));
    // An unsafe fix is offered apart and not preferred.
    let unsafe_fix = action(&actions, "Fix CL");
    let _ = unsafe_fix;
    assert!(actions
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["title"].as_str().unwrap().ends_with("(unsafe)"))
        .all(|a| a.get("isPreferred").is_none()));
    // Fix all is `--fix`: the same text as the CLI writes.
    let (fdir, furi) = card_dir(CARD);
    c.open(&furi, CARD);
    let fix_all = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": furi}, "range": all, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    assert_eq!(fix_all.as_array().unwrap().len(), 1, "{fix_all:#}");
    assert_eq!(fix_all[0]["kind"], "source.fixAll.cardlint");
    let fixed = apply(CARD, edits_of(&fix_all[0], &furi));
    assert_ne!(fixed, CARD);
    let out = common::run(&["--fix", "README.md"], fdir.path());
    assert!(out.status.code().is_some());
    assert_eq!(
        fixed,
        std::fs::read_to_string(fdir.path().join("README.md")).unwrap()
    );
    // A suppression comment removes its finding and adds none.
    for title in [
        "Suppress CL102 on this line",
        "Suppress CL102 in this card",
        "Suppress CL105 on this line",
    ] {
        let Some(a) = actions
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
        else {
            continue;
        };
        let text = apply(card, edits_of(a, &uri));
        let (_d2, u2) = card_dir(&text);
        c.open(&u2, &text);
        let after = codes(&c.diagnostics(&u2, Some(1)));
        let code = &title[9..14];
        assert!(
            !after.iter().any(|x| x == code),
            "{title}: {after:?}\n{text}"
        );
    }
    assert!(actions
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["title"] == "Suppress CL105 on this line"));
    // `only: quickfix` leaves fix-all out.
    let q = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": all, "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    assert!(q
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] == "quickfix"));
    assert!(c.shutdown());
}

#[test]
fn a_suppression_that_would_change_the_card_is_not_offered() {
    // The finding sits in a block scalar's line? No: a comment there would be text. The
    // unused suppression inside a fenced code block is not a comment either.
    let card = "---\nco2_eq_emissions: \"1 kg\"\n---\n```\n- **Carbon Emitted:** 2 kg\n```\n";
    let (_dir, uri) = card_dir(card);
    let mut c = Client::utf8();
    c.open(&uri, card);
    let diags = c.diagnostics(&uri, Some(1));
    let all = json!({"start": {"line": 0, "character": 0}, "end": {"line": 6, "character": 0}});
    let actions = c.ok(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": all, "context": {"diagnostics": diags}}),
    );
    for a in actions.as_array().unwrap() {
        if a["title"].as_str().unwrap().starts_with("Suppress") {
            let text = apply(card, edits_of(a, &uri));
            let (_d2, u2) = card_dir(&text);
            c.open(&u2, &text);
            let after = c.diagnostics(&u2, Some(1));
            assert!(
                after.as_array().unwrap().len() < diags.as_array().unwrap().len(),
                "{a}"
            );
        }
    }
    assert!(c.shutdown());
}

#[test]
fn hover_shows_the_verdict_and_the_rule_escaped() {
    let (dir, uri) = card_dir(CARD);
    let d = dir.path().display().to_string();
    let mut c = Client::utf8();
    c.open(&uri, CARD);
    let key = c.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 3, "character": 3}}),
    );
    insta::assert_snapshot!("hover-co2", pretty(&key, &d));
    let md = key["contents"]["value"].as_str().unwrap();
    // The verdict (the rules' own docs follow, with their links).
    let md = md.split("\n---\n").next().unwrap();
    assert!(md.contains("hardware: ü"), "{md}");
    assert!(
        !md.contains("](") && !md.contains("<b>") && !md.contains("http://"),
        "{md}"
    );
    let finding = c.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 4, "character": 15}}),
    );
    let md = finding["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**CL102**"), "{md}");
    assert!(
        md.contains("cardlint-disable") || md.len() > 200,
        "the rule's docs: {md}"
    );
    let nothing = c.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
    );
    assert_eq!(nothing, Value::Null);
    let hints = c.ok(
        "textDocument/inlayHint",
        json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 10, "character": 0}}}),
    );
    insta::assert_snapshot!("inlay-hint", pretty(&hints, &d));
    assert!(c.shutdown());
}

#[test]
fn hover_on_a_rule_in_a_config_file_shows_its_docs() {
    let mut c = Client::utf8();
    let toml = "[tool.black]\nskip = [\"CL101\"]\n\n[tool.cardlint]\nignore = [\"CL101\", \"missing-source\"]\n";
    c.open("file:///x/pyproject.toml", toml);
    let at = |line, character| json!({"textDocument": {"uri": "file:///x/pyproject.toml"}, "position": {"line": line, "character": character}});
    let h = c.ok("textDocument/hover", at(4, 12));
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**CL101**"),
        "{h}"
    );
    assert_eq!(h["range"]["start"]["character"], 11);
    let h = c.ok("textDocument/hover", at(4, 25));
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**CL202**"),
        "{h}"
    );
    // Another tool's table is not cardlint's.
    assert_eq!(c.ok("textDocument/hover", at(1, 11)), Value::Null);
    c.open(
        "file:///x/cardlint.toml",
        "select = [\"CL1\"]\nignore = [\"CL102\"]\n",
    );
    let h = c.ok(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///x/cardlint.toml"}, "position": {"line": 1, "character": 13}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**CL102**"),
        "{h}"
    );
    assert!(c.shutdown());
}

#[test]
fn config_files_and_client_settings_relint_open_cards() {
    let (dir, uri) = card_dir(CARD);
    let mut c = Client::utf8();
    c.open(&uri, CARD);
    assert!(codes(&c.diagnostics(&uri, Some(1))).contains(&"CL102".to_string()));
    std::fs::write(dir.path().join("cardlint.toml"), "ignore = [\"CL102\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri_of(&dir.path().join("cardlint.toml")), "type": 1}]}),
    );
    let after = codes(&c.diagnostics(&uri, Some(1)));
    assert!(!after.contains(&"CL102".to_string()), "{after:?}");
    // The client's settings: select only CL2.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"cardlint": {"select": ["CL2"]}}}),
    );
    let after = codes(&c.diagnostics(&uri, Some(1)));
    assert!(
        after.iter().all(|x| x.starts_with("CL2")) && !after.is_empty(),
        "{after:?}"
    );
    // A broken config is a diagnostic naming it, not a crash.
    std::fs::write(dir.path().join("cardlint.toml"), "ignore = [\n").unwrap();
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": uri_of(&dir.path().join("cardlint.toml"))}}),
    );
    let broken = c.diagnostics(&uri, Some(1));
    let msg = broken[0]["message"].as_str().unwrap();
    assert!(msg.contains("cardlint.toml"), "{msg}");
    // Files the CLI would not lint get nothing.
    let other = uri_of(&dir.path().join("NOTES.md"));
    c.open(&other, CARD);
    assert_eq!(c.diagnostics(&other, Some(1)), json!([]));
    assert!(c.shutdown());
}

#[test]
fn bad_requests_get_errors_and_the_server_lives_on() {
    let mut c = Client::start();
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32002, "not initialized");
    let r = c.request("initialize", json!({"capabilities": "nonsense"}));
    assert_eq!(r.error.unwrap().code, -32602);
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert!(r.error.is_none());
    let r = c.request("initialize", json!({"capabilities": {}}));
    assert_eq!(r.error.unwrap().code, -32600, "initialized twice");
    let r = c.request("cardlint/unknown\u{1b}[31m", json!({}));
    let e = r.error.unwrap();
    assert_eq!(e.code, -32601);
    assert!(!e.message.contains('\u{1b}'));
    let r = c.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(r.error.unwrap().code, -32602);
    // A notification with bad params is ignored.
    c.notify("textDocument/didOpen", json!({"textDocument": null}));
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///nowhere/README.md"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r.result, Some(Value::Null));
    let r = c.request("shutdown", Value::Null);
    assert!(r.error.is_none());
    let r = c.request("textDocument/hover", json!({}));
    assert_eq!(r.error.unwrap().code, -32600, "after shutdown");
    c.notify("exit", Value::Null);
    assert!(c.server.take().unwrap().join().unwrap());
    // `exit` without `shutdown` is not a clean end.
    let mut c = Client::utf8();
    c.notify("exit", Value::Null);
    assert!(!c.server.take().unwrap().join().unwrap());
}

#[test]
fn a_huge_card_does_not_stall_other_requests() {
    let big = format!(
        "---\nco2_eq_emissions: \"1 kg\"\n---\n{}",
        "- **Carbon Emitted:** 2 kg and some words [link](http://x)\n".repeat((10 << 20) / 58 + 1)
    );
    assert!(big.len() >= 10 << 20);
    // The server lints the editor's text: the file need not exist.
    let uri = "file:///nowhere/big/README.md";
    let (_d2, small) = card_dir(CARD);
    let mut c = Client::utf8();
    c.open(uri, &big);
    c.open(&small, CARD);
    // Hover on the big card (queued behind its lint) and on the small one: the small one is
    // answered without waiting for the big one.
    let t = Instant::now();
    let slow = c.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 1}}),
    );
    let fast = c.send_request(
        "textDocument/hover",
        json!({"textDocument": {"uri": small}, "position": {"line": 3, "character": 3}}),
    );
    let r = c.response(&fast);
    let fast_time = t.elapsed();
    assert!(r.result.unwrap()["contents"]["value"]
        .as_str()
        .unwrap()
        .contains("verdict"));
    let r = c.response(&slow);
    assert!(r.error.is_none() || r.error.unwrap().code == -32800);
    eprintln!("small card answered in {fast_time:?} while a 10 MB card was linted");
    let diags = c.diagnostics(uri, Some(1));
    assert!(diags.is_array());
    assert!(c.shutdown());
}

/// One frame on a writer.
fn frame(w: &mut impl Write, body: &str) {
    write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    w.flush().unwrap();
}

fn read_frame(r: &mut impl BufRead) -> Value {
    let mut len = 0;
    loop {
        let mut line = String::new();
        assert!(
            r.read_line(&mut line).unwrap() > 0,
            "the server closed its output"
        );
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("Content-Length: ") {
            len = v.parse().unwrap();
        }
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

#[test]
fn a_real_child_process_with_real_framing() {
    let (dir, uri) = card_dir(CARD);
    // `--stdio`, which many clients pass, is accepted (standard input and output are the
    // transport either way; Neovim's test runs it without).
    let mut child = common::bin()
        .args(["server", "--stdio"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut w = child.stdin.take().unwrap();
    let mut r = BufReader::new(child.stdout.take().unwrap());
    // Malformed frames and payloads get errors; the server reads on.
    frame(&mut w, "{not json");
    let e = read_frame(&mut r);
    assert_eq!(
        (e["id"].clone(), e["error"]["code"].clone()),
        (Value::Null, json!(-32700))
    );
    frame(&mut w, r#"{"jsonrpc":"2.0","id":7}"#);
    let e = read_frame(&mut r);
    assert_eq!(
        (e["id"].clone(), e["error"]["code"].clone()),
        (json!(7), json!(-32600))
    );
    // A response with a null result (VS Code's answer to `client/registerCapability`) is a
    // response: no reply (the next frame read is the error of the one after it).
    frame(
        &mut w,
        r#"{"jsonrpc":"2.0","id":"cardlint-register-1","result":null}"#,
    );
    write!(w, "Content-Length: nope\r\n\r\n").unwrap();
    let e = read_frame(&mut r);
    assert_eq!(e["error"]["code"], -32700);
    frame(
        &mut w,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
            .to_string(),
    );
    let init = read_frame(&mut r);
    assert_eq!(init["result"]["serverInfo"]["name"], "cardlint");
    frame(
        &mut w,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}).to_string(),
    );
    frame(
        &mut w,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": CARD}}}).to_string(),
    );
    let d = read_frame(&mut r);
    assert_eq!(d["method"], "textDocument/publishDiagnostics");
    assert!(codes(&d["params"]["diagnostics"]).contains(&"CL102".to_string()));
    frame(
        &mut w,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}).to_string(),
    );
    assert_eq!(read_frame(&mut r)["id"], 2);
    frame(
        &mut w,
        &json!({"jsonrpc": "2.0", "method": "exit"}).to_string(),
    );
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
}
