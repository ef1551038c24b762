//! One output path: the CLI's JSON and SARIF are the library's `render` of the same reports,
//! byte for byte (the fuzzers and these tests exercise the shipped path), and a card report
//! keeps its real path, escaped only where it is rendered.

mod common;

use cardlint::pipeline::{lint_paths, Options};
use cardlint::report;
use common::bin;

const CARDS: [(&str, &str); 3] = [
    ("a", "---\nco2_eq_emissions: 3\nlicense: mit\n---\n# A\n"),
    ("b", "# No front matter\n"),
    (
        "c",
        "---\nco2_eq_emissions:\n  emissions: 12\n  source: CodeCarbon\n  training_type: pre-training\n  geographical_location: France\n  hardware_used: 1 x A100\n---\n# C\n",
    ),
];

fn write_cards(root: &std::path::Path, names: &[&str]) -> Vec<std::path::PathBuf> {
    names
        .iter()
        .zip(CARDS)
        .map(|(n, (_, text))| {
            let dir = root.join(n);
            std::fs::create_dir_all(&dir).unwrap();
            let p = dir.join("README.md");
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect()
}

fn cli(format: &str, paths: &[std::path::PathBuf], dir: &std::path::Path) -> String {
    let out = bin()
        .args(["--isolated", "--format", format])
        .args(paths)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    String::from_utf8(out.stdout).unwrap()
}

fn library(paths: &[std::path::PathBuf]) -> Vec<cardlint::CardReport> {
    let opts = Options {
        paths: paths.to_vec(),
        isolated: true,
        ..Options::default()
    };
    lint_paths(&opts).unwrap().0
}

#[test]
fn the_cli_writes_what_render_renders() {
    let tmp = tempfile::tempdir().unwrap();
    let paths = write_cards(tmp.path(), &["a", "b", "c"]);
    // Several orders: the first card with and without SARIF results, one card, all three.
    for pick in [&[0, 1, 2][..], &[2, 1, 0], &[1], &[1, 0], &[0]] {
        let ps: Vec<_> = pick.iter().map(|&i| paths[i].clone()).collect();
        let reports = library(&ps);
        assert_eq!(cli("json", &ps, tmp.path()), report::json::render(&reports));
        assert_eq!(
            cli("sarif", &ps, tmp.path()),
            report::sarif::render(&reports)
        );
        let doc: serde_json::Value =
            serde_json::from_str(&report::sarif::render(&reports)).unwrap();
        assert!(doc["runs"][0]["results"].is_array());
    }
}

#[cfg(unix)]
#[test]
fn reports_name_the_real_file_and_escape_it_where_shown() {
    let tmp = tempfile::tempdir().unwrap();
    let name = "x\u{1b}[31m\nred\u{202e}";
    let paths = write_cards(tmp.path(), &[name]);
    let rel = format!("{name}/README.md");
    let run = |format: &str| {
        let out = bin()
            .args(["--isolated", "--format", format, &rel])
            .current_dir(tmp.path())
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    // JSON: the path as given, in JSON's own escapes; it names a file that exists.
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let path = json["cards"][0]["path"].as_str().unwrap();
    assert_eq!(path, rel);
    assert!(tmp.path().join(path).is_file());
    assert!(!run("json").contains('\u{1b}') && !run("json").contains('\u{202e}'));
    // SARIF: a URI whose percent-decoding is the real path.
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        ["artifactLocation"]["uri"]
        .as_str()
        .unwrap();
    assert_eq!(uri, "x%1B%5B31m%0Ared%E2%80%AE/README.md");
    let mut decoded = Vec::new();
    let b = uri.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            decoded.push(u8::from_str_radix(&uri[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            decoded.push(b[i]);
            i += 1;
        }
    }
    assert!(tmp
        .path()
        .join(String::from_utf8(decoded).unwrap())
        .is_file());
    // Text formats: escaped, on one line.
    for format in ["concise", "pretty", "github", "markdown"] {
        let out = run(format);
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202e}') && !out.contains("\nred"),
            "{format}: {out:?}"
        );
        let shown = if format == "markdown" {
            "x&#92;u{1b}&#91;31m&#92;u{a}red&#92;u{202e}"
        } else {
            "x\\u{1b}[31m\\u{a}red\\u{202e}"
        };
        assert!(out.contains(shown), "{format}: {out}");
    }
    // The library's report keeps the real path; `shown_path` is what text shows.
    let reports = library(&paths);
    assert_eq!(reports[0].path, paths[0].to_string_lossy());
    assert!(!reports[0].shown_path().contains('\u{1b}'));
}
