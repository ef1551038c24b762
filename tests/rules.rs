//! The rule registry and its tests-as-data: meta-tests over the registry, per-rule fixtures
//! (`tests/fixtures/<name>/{valid,invalid}*.md`) with reviewed snapshots, and the examples of
//! every rule's docs run through the binary.

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
        let dir = fixtures().join(r.name);
        let invalid = fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no fixtures for {}", r.name))
            .filter_map(std::result::Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("invalid"))
            .count();
        assert!(invalid > 0, "{} has no invalid fixture", r.name);
    }
    // Nothing orphaned: every fixture folder and every doc belongs to a rule.
    for e in fs::read_dir(fixtures()).unwrap() {
        let n = e.unwrap().file_name().to_string_lossy().to_string();
        assert!(names.contains(n.as_str()), "orphan fixture folder {n}");
    }
    for e in fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")).unwrap() {
        let n = e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .trim_end_matches(".md")
            .to_string();
        assert!(codes.contains(n.as_str()), "orphan doc rules/{n}.md");
    }
}

/// Lints one file through the library as the CLI would (config discovery included), with only
/// the rule under test selected, so its own findings are seen unmerged.
fn lint(path: &Path, code: &str) -> Vec<cardlint::CardReport> {
    let opts = cardlint::pipeline::Options {
        paths: vec![path.to_path_buf()],
        overrides: cardlint::config::Overrides {
            select: Some(vec![code.to_string()]),
            ..Default::default()
        },
        ..Default::default()
    };
    cardlint::pipeline::lint_paths(&opts).unwrap().0
}

#[test]
fn fixtures_trigger_exactly_where_they_should() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for r in RULES {
        let dir = fixtures().join(r.name);
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "md"))
            .collect();
        files.sort();
        let mut snapshot = String::new();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            // An unused suppression needs the other rules running.
            let reports = lint(&f, if r.code == "CL902" { "ALL" } else { r.code });
            let hit = reports[0].diagnostics.iter().any(|d| d.code == r.code);
            if name.starts_with("invalid") {
                assert!(
                    hit,
                    "{} should trigger {} ({}):\n{:#?}",
                    name, r.code, r.name, reports[0].diagnostics
                );
                let rel: Vec<_> = reports
                    .iter()
                    .map(|c| {
                        let mut c = c.clone();
                        c.path = f.strip_prefix(root).unwrap().display().to_string();
                        c.diagnostics.retain(|d| d.code == r.code);
                        c
                    })
                    .collect();
                for line in cardlint::report::concise::render(&rel)
                    .lines()
                    .filter(|l| l.contains(": CL"))
                {
                    snapshot.push_str(line);
                    snapshot.push('\n');
                }
            } else {
                assert!(
                    name.starts_with("valid"),
                    "fixture {name} must start with valid or invalid"
                );
                assert!(
                    !hit,
                    "{} should not trigger {}:\n{:#?}",
                    name, r.code, reports[0].diagnostics
                );
            }
        }
        insta::assert_snapshot!(r.name, snapshot);
    }
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
            args.extend(["--format", "json", "--isolated"]);
            let out = common::run(&args, dir.path());
            let v = common::json(&out);
            let fired = common::codes(&v, 0).iter().any(|c| c == r.code);
            assert_eq!(
                fired,
                should_fire,
                "{} {heading} (`{cmd}`): {}",
                r.code,
                String::from_utf8_lossy(&out.stdout)
            );
        }
    }
}
