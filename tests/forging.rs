//! No card text can forge a line of output (issue #11 §3): folder names and YAML keys and
//! values made of line breaks, control characters, bidi marks, `::` and `##[`, linted in every
//! format inside and outside GitHub Actions. Outside Actions no output holds a control
//! character; inside, no line outside cardlint's own workflow commands starts a command.

mod common;

use proptest::prelude::*;

const FORMATS: [&str; 6] = ["pretty", "concise", "json", "github", "sarif", "markdown"];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("::error title=pwned::forged".to_string()),
        Just("::add-mask::x".to_string()),
        Just("##[error]old-style".to_string()),
        Just("\n".to_string()),
        Just("\r".to_string()),
        Just("\u{1b}[31m".to_string()),
        Just("\u{7}".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{202e}".to_string()),
        Just("%0A".to_string()),
        "[a-z ]{1,6}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 1..5).prop_map(|v| v.concat())
}

/// YAML double-quoted: every character escaped where it must be.
fn dq(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || (c as u32) >= 0x2000 => {
                out.push_str(&format!("\\U{:08x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Lines a workflow command may not start: after the runner trims leading space, `::`.
fn check(format: &str, actions: bool, out: &str, diff: bool) -> Result<(), TestCaseError> {
    let lines: Vec<&str> = out.split('\n').collect();
    for c in out.chars() {
        let bad = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        prop_assert!(!bad, "{format}: raw {:?} in\n{out}", c);
    }
    if !actions {
        return Ok(());
    }
    let stopped = (diff || format == "pretty" || format == "concise")
        && lines
            .first()
            .is_some_and(|l| l.starts_with("::stop-commands::"));
    if diff || format == "pretty" || format == "concise" {
        prop_assert!(stopped, "{format}: not wrapped in stop-commands:\n{out}");
        let token = lines[0].trim_start_matches("::stop-commands::");
        // The card cannot know the token: it appears only where cardlint resumes.
        prop_assert_eq!(out.matches(token).count(), 2);
        return Ok(());
    }
    let ours = regex_lite(format);
    for l in &lines {
        let t = l.trim_start();
        if t.starts_with("::") {
            prop_assert!(ours(t), "{format}: a forged command line {t:?} in\n{out}");
        }
        prop_assert!(!t.contains("##["), "{format}: `##[` in {t:?}");
    }
    Ok(())
}

/// Standard error is not wrapped in stop-commands: no raw control character, and no line a
/// runner would read as a workflow command (`::…` or `##[…`), whatever the card holds.
fn check_stderr(format: &str, err: &str) -> Result<(), TestCaseError> {
    check(format, false, err, false)?;
    for l in err.lines() {
        let t = l.trim_start();
        prop_assert!(
            !t.starts_with("::") && !t.contains("##["),
            "{format}: stderr line {t:?} reads as a workflow command"
        );
    }
    Ok(())
}

/// cardlint's own command lines: `::error|warning|notice file=…,line=…::message`, with the
/// properties escaped (no raw `:` or `,` inside a value).
fn regex_lite(format: &str) -> impl Fn(&str) -> bool + '_ {
    move |t: &str| {
        if format != "github" {
            return false;
        }
        let Some(rest) = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|p| t.strip_prefix(p))
        else {
            return t.starts_with("::warning title=cardlint::");
        };
        let Some((props, _msg)) = rest.split_once("::") else {
            return false;
        };
        props.split(',').all(|kv| {
            kv.split_once('=').is_some_and(|(k, v)| {
                ["file", "line", "endLine", "col", "endColumn", "title"].contains(&k)
                    && !v.contains(':')
            })
        })
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]
    #[test]
    fn no_card_text_forges_output(folder in text(), key in text(), value in text()) {
        let d = tempfile::tempdir().unwrap();
        let folder: String = folder.replace(['/', '\0'], "_").chars().take(100).collect();
        let card = format!(
            "---\n{k}: 1\n{k}: 2\nco2_eq_emissions:\n  emissions: {v}\n  hardware_used: {v}\n---\n# {}\n",
            value.replace(['\n', '\r'], " "),
            k = dq(&key),
            v = dq(&format!("{value} kg")),
        );
        let dir = d.path().join(&folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("README.md"), &card).unwrap();
        for actions in [false, true] {
            for format in FORMATS {
                let mut c = common::bin();
                c.args(["--isolated", "--exit-zero", "--format", format, "."]).current_dir(d.path());
                if actions {
                    c.env("GITHUB_ACTIONS", "true");
                }
                let o = c.output().unwrap();
                prop_assert!(o.status.code() == Some(0), "{format}: {}", String::from_utf8_lossy(&o.stderr));
                check(format, actions, &String::from_utf8_lossy(&o.stdout), false)?;
                check_stderr(format, &String::from_utf8_lossy(&o.stderr))?;
            }
            let mut c = common::bin();
            c.args(["--isolated", "--diff", "."]).current_dir(d.path());
            if actions {
                c.env("GITHUB_ACTIONS", "true");
            }
            let o = c.output().unwrap();
            check("diff", actions, &String::from_utf8_lossy(&o.stdout), true)?;
        }
    }
}
