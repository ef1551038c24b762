//! Corpus mode end to end: `--from-jsonl` in, `--format jsonl` and the other formats out,
//! `stats --group-by`, bad rows, and the DuckDB pipeline of the README.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{bin, dir_with};
use serde_json::{json, Value};

const CO2_CARD: &str = "---\nco2_eq_emissions:\n  emissions: 1200\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Paris\n  hardware_used: 1 x A100\n---\n# m\n";
const BARE_CARD: &str = "---\nlicense: mit\n---\n# m\n";

/// `rows` JSON lines: a year of `createdAt` by row, every seventh card without CO2.
fn dump(rows: usize) -> String {
    let mut s = String::new();
    for i in 0..rows {
        let card = if i % 7 == 0 { BARE_CARD } else { CO2_CARD };
        let row = json!({"modelId": format!("org/m{i}"), "card": card, "downloads": i,
            "library_name": if i % 2 == 0 { "peft" } else { "transformers" },
            "createdAt": format!("{}-03-01T10:00:00.000Z", 2021 + i % 3)});
        s.push_str(&row.to_string());
        s.push('\n');
    }
    s
}

/// cardlint started with `args`, its standard streams piped.
fn spawned(args: &[&str]) -> std::process::Child {
    bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cardlint runs")
}

/// Runs cardlint with `input` on standard input.
fn piped(args: &[&str], input: &str) -> std::process::Output {
    let mut child = spawned(args);
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_string();
    let feed = std::thread::spawn(move || drop(stdin.write_all(input.as_bytes())));
    let out = child.wait_with_output().unwrap();
    feed.join().unwrap();
    out
}

fn lines(out: &std::process::Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

#[test]
fn jsonl_rows_come_out_in_input_order_with_kept_columns_and_column_facts() {
    // More rows than a chunk of the driver, so the order is kept across chunks.
    let n = cardlint::pipeline::CHUNK * 2 + 77;
    let out = piped(
        &[
            "--from-jsonl",
            "-",
            "--format",
            "jsonl",
            "--keep-columns",
            "library_name",
        ],
        &dump(n),
    );
    let rows = lines(&out);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(rows.len(), n, "{err}");
    // The dump on a pipe is the input: no note about linting `.` instead.
    assert!(err.is_empty(), "{err}");
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["version"], 1);
        assert_eq!(r["line"], i + 1);
        assert_eq!(r["id"], format!("org/m{i}"));
        assert_eq!(r["report"]["path"], format!("org/m{i}"));
        assert_eq!(
            r["library_name"],
            if i % 2 == 0 { "peft" } else { "transformers" }
        );
        assert!(r.get("createdAt").is_none() && r.get("error").is_none());
    }
    // The downloads column is a fact of the label, with its provenance.
    let metrics = rows[8]["report"]["efficiency"]["metrics"]
        .as_array()
        .unwrap();
    let downloads: Vec<&Value> = metrics.iter().filter(|m| m["from"] == "column").collect();
    assert_eq!(downloads.len(), 1);
    assert_eq!(downloads[0]["value"], 8.0);
    assert_eq!(rows[1]["report"]["reporting"]["level"], 3);
}

#[test]
fn bad_rows_become_rows_with_an_error_naming_the_line_and_are_counted() {
    let input = format!(
        "{}{{not json\n\n{{\"modelId\":\"org/n\"}}\n{{\"id\":\"org/k\",\"card\":7}}\n[1]\n{}",
        dump(2),
        dump(1)
    );
    let out = piped(&["--from-jsonl", "-", "--format", "jsonl"], &input);
    let rows = lines(&out);
    assert_eq!(rows.len(), 7);
    let errors: Vec<(u64, &str)> = rows
        .iter()
        .filter_map(|r| Some((r["line"].as_u64()?, r["error"].as_str()?)))
        .collect();
    assert_eq!(
        errors,
        vec![
            (
                3,
                "line 3 is not valid JSON (key must be a string at line 1 column 2)"
            ),
            (5, "line 5 has no `card` column"),
            (6, "line 6: the `card` column is a number, not a string"),
            (7, "line 7 is JSON but not an object"),
        ]
    );
    assert_eq!(rows[2]["report"]["path"], "-:3");
    assert_eq!(rows[3]["report"]["path"], "org/n");
    assert_eq!(rows[3]["report"]["diagnostics"][0]["code"], "CL901");
    assert_eq!(rows[6]["id"], "org/m0");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cardlint: warning: 4 bad rows (the first: line 3 is not valid JSON"),
        "{err}"
    );
    // stats counts them as unreadable cards.
    let st = piped(&["stats", "--from-jsonl", "-", "--format", "json"], &input);
    let v: Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(
        (v["cards"].as_u64(), v["unreadable"].as_u64()),
        (Some(7), Some(4))
    );
}

#[test]
fn a_card_over_the_limit_and_a_line_over_the_limit_are_bad_rows() {
    let big = json!({"modelId": "org/big", "card": "x".repeat(2000)}).to_string();
    let huge = format!("{{\"card\":\"{}\"}}", "y".repeat(3 * 1024 * 1024));
    let input = format!("{big}\n{huge}\n{}", dump(1));
    let out = piped(
        &[
            "--from-jsonl",
            "-",
            "--format",
            "jsonl",
            "--max-file-size",
            "1000",
        ],
        &input,
    );
    let rows = lines(&out);
    assert_eq!(
        rows[0]["error"],
        "line 1: the card is over the limit of 1000 bytes"
    );
    assert_eq!(
        rows[1]["error"],
        "line 2 is over the limit of 1054576 bytes"
    );
    assert_eq!(rows[2]["report"]["path"], "org/m0");
}

#[test]
fn every_format_reads_jsonl_and_card_text_stays_escaped() {
    let row = json!({"modelId": "org/\u{1b}[31mred\nx::error::forged", "card": CO2_CARD});
    let input = format!("{row}\n");
    for format in ["concise", "pretty", "github", "json", "sarif", "markdown"] {
        let out = piped(&["--from-jsonl", "-", "--format", format], &input);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains('\u{1b}'), "{format}: {text}");
        assert!(
            !text.lines().any(|l| l.starts_with("x::error")),
            "{format}: {text}"
        );
        assert!(text.contains("red"), "{format}: {text}");
    }
    let out = piped(&["--from-jsonl", "-", "--format", "json"], &input);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cards"][0]["path"], "org/\u{1b}[31mred\nx::error::forged");
    assert_eq!(v["summary"]["cards"], 1);
}

#[test]
fn stats_group_by_a_timestamp_groups_by_year() {
    let out = piped(
        &[
            "stats",
            "--from-jsonl",
            "-",
            "--group-by",
            "createdAt",
            "--format",
            "json",
        ],
        &dump(30),
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["group_by"], "createdAt");
    assert_eq!(v["all"]["cards"], 30);
    let groups: Vec<(&str, u64)> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["group"].as_str().unwrap(),
                g["stats"]["cards"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(groups, vec![("2021", 10), ("2022", 10), ("2023", 10)]);
    // Rows 0, 7, 14, 21, 28 have no CO2: 0 and 21 in 2021, 7 and 28 in 2022, 14 in 2023.
    let g = &v["groups"][0]["stats"];
    assert_eq!(g["reporting"]["unknown"], 2);
    let out = piped(
        &["stats", "--from-jsonl", "-", "--group-by", "library_name"],
        &dump(4),
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("All cards\n\n4 cards"), "{text}");
    assert!(text.contains("\nlibrary_name = peft\n\n2 cards"), "{text}");
    // A group's value is card text: escaped.
    let evil = json!({"card": CO2_CARD, "g": "a\n\u{1b}[2Jb"}).to_string() + "\n";
    let out = piped(&["stats", "--from-jsonl", "-", "--group-by", "g"], &evil);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("g = a\\u{a}\\u{1b}[2Jb\n"), "{text}");
}

#[test]
fn corpus_mode_refuses_what_it_cannot_do() {
    let d = dir_with(&[("dump.jsonl", &dump(1))]);
    let run = |args: &[&str]| common::run(args, d.path());
    for (args, says) in [
        (
            &["--from-jsonl", "dump.jsonl", "--keep-columns", "report"][..],
            "--keep-columns: `report` is a field of the output rows",
        ),
        (
            &["--from-jsonl", "dump.jsonl", "README.md"][..],
            "does not combine with paths",
        ),
        (
            &["--from-jsonl", "dump.jsonl", "--fix"][..],
            "does not combine with --fix",
        ),
        (
            &["--from-jsonl", "nope.jsonl"][..],
            "--from-jsonl nope.jsonl: cannot read it",
        ),
        (&["stats", "--group-by", "x"][..], "--from-jsonl"),
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let out = run(&["--from-jsonl", "dump.jsonl", "--format", "jsonl"]);
    assert_eq!(lines(&out).len(), 1);
}

/// CI installs duckdb (.ci/run): there the pipeline test below must run, not be ignored.
#[test]
fn ci_runs_duckdb() {
    assert!(
        cfg!(duckdb) || !common::shared_required(),
        "CI must install Python's duckdb before building (see .ci/run)"
    );
}

/// The README's pipeline: DuckDB reads a parquet dump, writes its rows as JSON lines to
/// cardlint's standard input, and reads cardlint's JSONL back to count cards per level. Needs
/// the `duckdb` package (installed by `.ci/run`): ignored with the reason without it, never in
/// CI.
#[test]
#[cfg_attr(
    not(duckdb),
    ignore = "needs Python's duckdb (pip install duckdb; then touch build.rs)"
)]
fn duckdb_writes_the_rows_and_reads_the_reports_back() {
    let python = std::env::var("CARDLINT_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/duckdb_pipeline.py");
    let out = Command::new(&python)
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_cardlint"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The script prints the per-level counts DuckDB computed from cardlint's output.
    assert_eq!(
        stdout.trim(),
        "rows 6\nlevel 0 2\nlevel 3 3\nerror 1\nby year 2022 3\nby year 2023 3"
    );
}

#[test]
fn a_fact_column_that_is_not_a_number_is_ignored_with_a_warning() {
    let row = json!({"modelId": "org/w", "card": CO2_CARD, "downloads": "1.2k"});
    let out = piped(
        &["--from-jsonl", "-", "--format", "jsonl"],
        &format!("{row}\n"),
    );
    let rows = lines(&out);
    assert_eq!(
        rows[0]["warnings"],
        json!(["column `downloads` is \"1.2k\", not a number that is not negative: ignored"])
    );
    let metrics = rows[0]["report"]["efficiency"]["metrics"]
        .as_array()
        .unwrap();
    assert!(metrics.iter().all(|m| m["from"] != "column"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "cardlint: warning: 1 fact column ignored (the first: line 1: column `downloads`"
        ),
        "{err}"
    );
}

#[test]
fn a_rows_own_fields_and_its_report_are_escaped_for_logs() {
    // The id, a kept column and the card's text carry a line separator, a bidi override and
    // `##[` (a workflow command in an Actions log): each output line stays one safe line.
    let nasty = "x\u{2028}y\u{202e}z ##[error]w";
    let row = serde_json::json!({
        "modelId": nasty,
        "note": nasty,
        "card": format!("---\nlicense: mit\nco2_eq_emissions: \"{nasty}\"\n---\n# {nasty}\n"),
    });
    let out = piped(
        &[
            "--from-jsonl",
            "-",
            "--format",
            "jsonl",
            "--keep-columns",
            "note",
        ],
        &format!("{row}\n"),
    );
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    assert_eq!(text.lines().count(), 1, "{text}");
    for bad in ['\u{2028}', '\u{202e}'] {
        assert!(!text.contains(bad), "{text}");
    }
    assert!(!text.contains("##["), "{text}");
    let rows = lines(&out);
    assert_eq!(rows[0]["id"], nasty);
    assert_eq!(rows[0]["note"], nasty);
}

/// A stream that pauses (a producer between batches) still gets every finished chunk's reports:
/// the first 512 rows (one chunk) are written while the reader waits for the next row.
#[test]
fn a_pausing_stream_gets_each_finished_chunk_at_once() {
    // (Standard error stays unread: a line or two at most.)
    let mut child = spawned(&[
        "--from-jsonl",
        "-",
        "--format",
        "jsonl",
        "--isolated",
        "--exit-zero",
    ]);
    let mut stdin = child.stdin.take().unwrap();
    // One chunk and one row of the next: the reader then waits for more, with standard input open.
    stdin.write_all(dump(513).as_bytes()).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        let mut first = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut first)
            .unwrap();
        let _ = tx.send(first);
    });
    let first = rx.recv_timeout(std::time::Duration::from_secs(60));
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let first = first.expect("the first chunk's reports arrive while standard input stays open");
    let row: Value = serde_json::from_str(&first).unwrap();
    assert_eq!(row["id"], "org/m0");
    assert!(status.success());
}
