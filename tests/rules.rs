//! The rule registry and its tests-as-data: meta-tests over the registry, one reviewed snapshot
//! per fixture (`tests/fixtures/<name>/{valid,invalid}*.md`: the input and the pretty output),
//! and the examples of every rule's docs run through the binary.

mod common;

use std::collections::HashSet;
use std::fs;
use std::path::Path;

use cardlint::rules::RULES;

const SECTIONS: [&str; 4] = [
    "## What it checks",
    "## Why it matters",
    "## Example",
    "## Fixed",
];

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

#[test]
fn registry_is_consistent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for r in RULES {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            r.code.len() == 5
                && r.code.starts_with("CL")
                && r.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            r.code
        );
        assert!(
            r.name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{} is not kebab-case",
            r.name
        );
        assert!(
            !r.summary.ends_with('.') && r.summary.chars().next().unwrap().is_lowercase(),
            "{} summary style",
            r.code
        );
        assert!(
            r.docs.starts_with(&format!("# {} {}\n", r.code, r.name)),
            "{} docs heading",
            r.code
        );
        for s in SECTIONS {
            assert!(r.docs.contains(s), "{} docs lack {s}", r.code);
        }
        // One key everywhere: the rule's name names its source file, its docs and its fixtures.
        let file = format!("{}.rs", r.name.replace('-', "_"));
        let source = fs::read_dir(root.join("src/rules"))
            .unwrap()
            .map(|e| e.unwrap().path().join(&file))
            .find(|p| p.is_file())
            .unwrap_or_else(|| panic!("no src/rules/<group>/{file} for {}", r.code));
        let text = fs::read_to_string(&source).unwrap();
        assert!(
            text.contains(&format!("code: \"{}\"", r.code))
                && text.contains(&format!("rules/{}.md", r.name)),
            "{} does not define {} with its docs",
            source.display(),
            r.code
        );
        for kind in ["valid", "invalid"] {
            let n = fs::read_dir(fixtures().join(r.name))
                .unwrap_or_else(|_| panic!("no fixtures for {}", r.name))
                .filter_map(std::result::Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(kind))
                .count();
            assert!(n > 0, "{} has no {kind}* fixture", r.name);
        }
    }
    // Nothing orphaned: every fixture folder and every doc belongs to a rule.
    for e in fs::read_dir(fixtures()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(names.contains(n.as_str()), "orphan fixture folder {n}");
    }
    for e in fs::read_dir(root.join("rules")).unwrap() {
        let n = e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".md")
            .to_string();
        assert!(names.contains(n.as_str()), "orphan doc rules/{n}.md");
    }
}

/// The rule's part of a card's pretty output: the card's verdict, measurement and efficiency
/// lines are left out (they are the same for every rule and have tests of their own), so a
/// snapshot changes only when its rule's findings do.
fn rule_part(pretty: &str, file: &str) -> String {
    let verdict = format!("{file}: ");
    pretty
        .lines()
        .filter(|l| {
            !l.starts_with(&verdict)
                && !l.starts_with("  measured: ")
                && !l.starts_with("  efficiency: ")
                && !l.starts_with("              model size from ")
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// One snapshot per fixture, as biome writes them: the input, then what the user sees of the
/// rule (the long pretty output without colour, only the rule under test selected, so its help
/// text is reviewed; see [`rule_part`]). A `valid*` fixture must not trigger its rule, an
/// `invalid*` one must.
#[test]
fn fixture() {
    insta::glob!("fixtures/*/*.md", |path| {
        let rule_name = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let file = path.file_name().unwrap().to_str().unwrap();
        let rule = cardlint::rules::lookup(rule_name).expect("fixture folder names a rule");
        // An unused suppression needs the other rules running.
        let select = if rule.code == "CL902" {
            "ALL"
        } else {
            rule.code
        };
        // Extra arguments for one fixture, as biome's `<name>.options.json`: `<name>.args`.
        let extra = fs::read_to_string(path.with_extension("args")).unwrap_or_default();
        let extra: Vec<&str> = extra.split_whitespace().collect();
        let mut args = vec!["--color", "never", "--verbose", "--select", select];
        args.extend(&extra);
        args.push(file);
        let out = common::run(&args, path.parent().unwrap());
        let pretty = rule_part(&String::from_utf8_lossy(&out.stdout), file);
        let mut args = vec!["--format", "json", "--select", select];
        args.extend(&extra);
        args.push(file);
        let json = common::json(&common::run(&args, path.parent().unwrap()));
        let hit = common::codes(&json, 0).iter().any(|c| c == rule.code);
        if file.starts_with("invalid") {
            assert!(
                hit,
                "{file} should trigger {} ({rule_name}):\n{pretty}",
                rule.code
            );
        } else {
            assert!(
                file.starts_with("valid"),
                "fixture {file} must start with valid or invalid"
            );
            assert!(!hit, "{file} should not trigger {}:\n{pretty}", rule.code);
        }
        // No binary snapshots: an input that is not text (invalid UTF-8, NUL or other control
        // bytes: the unreadable-card fixtures) is shown as escaped bytes.
        let bytes = fs::read(path).unwrap();
        let input = match std::str::from_utf8(&bytes) {
            Ok(t)
                if !t
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
            {
                t.to_string()
            }
            _ => format!("(not text; its bytes, escaped)\n{}\n", bytes.escape_ascii()),
        };
        let command = if extra.is_empty() {
            String::new()
        } else {
            format!("# Arguments\n```\n{}\n```\n\n", extra.join(" "))
        };
        insta::assert_snapshot!(format!(
            "# Input\n```markdown\n{input}```\n\n{command}# Output\n```\n{pretty}```\n"
        ));
    });
}

/// The fenced blocks of a docs section: (language, text).
fn blocks(section: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = section.lines();
    while let Some(l) = lines.next() {
        if let Some(lang) = l.strip_prefix("```") {
            let body: Vec<&str> = lines
                .by_ref()
                .take_while(|l| !l.starts_with("```"))
                .collect();
            out.push((lang.to_string(), body.join("\n") + "\n"));
        }
    }
    out
}

/// A docs section: from its heading to the next `## ` heading outside a code fence.
fn section<'a>(docs: &'a str, heading: &str) -> &'a str {
    let start = docs.find(heading).unwrap() + heading.len();
    let rest = &docs[start..];
    let mut in_fence = false;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && line.starts_with("## ") {
            return &rest[..at];
        }
        at += line.len();
    }
    rest
}

#[test]
fn docs_examples_trigger_and_fixed_versions_do_not() {
    let mut wrong = Vec::new();
    for r in RULES {
        for (heading, should_fire) in [("## Example", true), ("## Fixed", false)] {
            let b = blocks(section(r.docs, heading));
            let card = &b
                .iter()
                .find(|(l, _)| l == "markdown")
                .unwrap_or_else(|| panic!("{} {heading} has no markdown block", r.code))
                .1;
            let cmd = b
                .iter()
                .find(|(l, _)| l == "sh")
                .map_or("cardlint README.md".to_string(), |x| x.1.trim().to_string());
            let dir = tempfile::tempdir().unwrap();
            common::write(dir.path(), "README.md", card);
            let mut args: Vec<&str> = cmd.split_whitespace().skip(1).collect();
            // As biome runs its doc examples: this rule alone (the unused-suppression example
            // also needs the rule its comment names).
            let select = if r.code == "CL902" {
                "CL902,co2-emissions-zero"
            } else {
                r.code
            };
            args.extend(["--format", "json", "--isolated", "--select", select]);
            let out = common::run(&args, dir.path());
            let v = common::json(&out);
            let codes = common::codes(&v, 0);
            // The example shows exactly this rule; the fixed version nothing at all.
            let as_documented = if should_fire {
                !codes.is_empty() && codes.iter().all(|c| c == r.code)
            } else {
                codes.is_empty()
            };
            if !as_documented {
                wrong.push(format!("{} {heading} (`{cmd}`) fires {codes:?}", r.code));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
