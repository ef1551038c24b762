//! Hostile and broken input: every bound gives a clear diagnostic, every encoding problem is
//! named, nothing panics or hangs, and `--fix` never leaves a half-written card, even when the
//! process is killed mid-write. (A watchdog kills a run after 120 s: that guards against hangs;
//! speed itself is measured by bench/run.sh, not asserted here.)

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{bin, json, write};

/// Runs cardlint; panics if it has not finished after 120 s. The pipes are drained while it
/// runs (a large output would otherwise block it on a full pipe).
fn bounded(args: &[&str], dir: &Path) -> Output {
    use std::io::Read;
    let mut child = bin()
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("cardlint {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let o = Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    };
    assert_ne!(
        o.status.code(),
        Some(101),
        "panicked: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn first_message(o: &Output, code: &str) -> String {
    let v = json(o);
    v["cards"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == code)
        .map_or_else(
            || panic!("no {code}: {v}"),
            |d| d["message"].as_str().unwrap().to_string(),
        )
}

#[test]
fn yaml_bounds() {
    let d = tempfile::tempdir().unwrap();
    // Billion laughs: nine levels of ten aliases.
    let mut bomb = String::from("---\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..9u8 {
        let (p, c) = ((b'a' + i - 1) as char, (b'a' + i) as char);
        bomb.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{p}"); 10].join(", ")
        ));
    }
    bomb.push_str("co2_eq_emissions: *i\n---\n");
    write(d.path(), "bomb.md", &bomb);
    let m = first_message(
        &bounded(&["--format", "json", "bomb.md"], d.path()),
        "CL002",
    );
    assert!(m.contains("alias bomb"), "{m}");
    // Deep nesting, flow and block.
    write(
        d.path(),
        "deep.md",
        &format!("---\na: {}\n---\n", "[".repeat(100_000)),
    );
    // saphyr-parser's own recursion limit stops flow nesting first; cardlint's 128 levels stop
    // block nesting.
    let m = first_message(
        &bounded(&["--format", "json", "deep.md"], d.path()),
        "CL002",
    );
    assert!(
        m.contains("recursion limit") || m.contains("nests deeper"),
        "{m}"
    );
    let block: String = (0..300)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i * 2)))
        .collect();
    write(d.path(), "deep-block.md", &format!("---\n{block}---\n"));
    assert!(first_message(
        &bounded(&["--format", "json", "deep-block.md"], d.path()),
        "CL002"
    )
    .contains("nests deeper"));
    // Huge numbers of keys.
    let keys: String = (0..120_000).map(|i| format!("k{i}: v\n")).collect();
    write(d.path(), "keys.md", &format!("---\n{keys}---\n"));
    assert!(first_message(
        &bounded(&["--format", "json", "keys.md"], d.path()),
        "CL002"
    )
    .contains("more than 200000 YAML nodes"));
    let dup: String = (0..20_000).map(|i| format!("k{}: v\n", i % 100)).collect();
    write(d.path(), "dup.md", &format!("---\n{dup}---\n"));
    let v = json(&bounded(
        &["--format", "json", "--select", "CL004", "dup.md"],
        d.path(),
    ));
    assert_eq!(
        v["cards"][0]["diagnostics"].as_array().unwrap().len(),
        19_900
    );
}

#[test]
fn long_lines_and_the_size_limit() {
    let d = tempfile::tempdir().unwrap();
    let long = "x".repeat(4_000_000);
    write(
        d.path(),
        "long.md",
        &format!("---\nco2_eq_emissions: 25.4\nnote: \"{long}\"\n---\n{long}\n"),
    );
    let v = json(&bounded(&["--format", "json", "long.md"], d.path()));
    assert_eq!(v["cards"][0]["reporting"]["level"], 2);
    write(d.path(), "big.md", &"# x\n".repeat(3_000_000));
    let m = first_message(&bounded(&["--format", "json", "big.md"], d.path()), "CL901");
    assert!(m.contains("over the limit of 10485760 bytes"), "{m}");
    let v = json(&bounded(
        &["--format", "json", "--max-file-size", "20000000", "big.md"],
        d.path(),
    ));
    assert!(
        v["cards"][0]["reporting"].is_object(),
        "the limit is configurable"
    );
}

#[test]
fn encodings_and_bytes() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let mut le = vec![0xFF, 0xFE];
    le.extend(
        "---\nlicense: mit\n---\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    fs::write(p.join("utf16le.md"), &le).unwrap();
    let mut be = vec![0xFE, 0xFF];
    be.extend(
        "---\nlicense: mit\n---\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes),
    );
    fs::write(p.join("utf16be.md"), &be).unwrap();
    fs::write(p.join("nul.md"), b"---\nlicense: mit\x00\n---\n").unwrap();
    // UTF-16 whose byte-order mark was mangled into U+FFFD (seen in the benchmark set).
    let mut mangled = "\u{fffd}\u{fffd}".as_bytes().to_vec();
    mangled.extend("hello\r\n".encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(p.join("mangled.md"), &mangled).unwrap();
    let v = json(&bounded(&["--format", "json", "mangled.md"], p));
    assert!(
        v["cards"][0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-16 text without a valid byte-order mark"),
        "{v}"
    );
    fs::write(
        p.join("latin1.md"),
        b"---\nlicense: mit\n---\n# Mod\xe8le\n",
    )
    .unwrap();
    fs::create_dir(p.join("png")).unwrap();
    fs::write(
        p.join("png/README.md"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
    )
    .unwrap();
    let o = bounded(
        &[
            "--format",
            "json",
            "utf16le.md",
            "utf16be.md",
            "nul.md",
            "latin1.md",
            "png",
        ],
        p,
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    let msgs: Vec<String> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["diagnostics"][0]["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        msgs[0].contains("UTF-16") && msgs[1].contains("UTF-16"),
        "{msgs:?}"
    );
    assert!(msgs[2].contains("NUL byte at byte 16"), "{msgs:?}");
    assert!(
        msgs[3].contains("not valid UTF-8")
            && msgs[3].contains("byte 0xE8")
            && msgs[3].contains("line 4"),
        "{msgs:?}"
    );
    assert!(msgs[4].contains("NUL byte"), "{msgs:?}");
}

/// CR-only line endings work, with the right lines.
#[test]
fn cr_only_line_endings() {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    fs::write(
        p.join("cr.md"),
        "---\rlicense: mit\rco2_eq_emissions: \"1 kg\"\r---",
    )
    .unwrap();
    let v = json(&bounded(&["--format", "json", "cr.md"], p));
    let d0 = v["cards"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CL102")
        .unwrap()
        .clone();
    assert_eq!(
        (d0["line"].as_u64(), d0["column"].as_u64()),
        (Some(3), Some(19))
    );
}

/// Writes stay inside the repository (issue #11 §6): a symlinked card, a card in a symlinked
/// folder leading out, `fill` there, and `label -o` onto a committed symlink are all refused
/// and leave the outside file alone; a fix keeps the file's mode; inside, writes work.
#[test]
fn writes_stay_inside_the_repository() {
    use std::os::unix::fs::{symlink, PermissionsExt};
    let bad = "---\nco2_eq_emissions: \"1 kg\"\n---\n";
    let outside = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    fs::create_dir(repo.path().join(".git")).unwrap();
    let secret = write(outside.path(), "README.md", bad);
    write(outside.path(), "e.csv", "emissions,duration\n0.5,10\n");
    // The card itself a symlink.
    symlink(&secret, repo.path().join("README.md")).unwrap();
    // A folder that leads out.
    symlink(outside.path(), repo.path().join("models")).unwrap();
    // A committed label.svg leading to a secret.
    symlink(&secret, repo.path().join("label.svg")).unwrap();
    write(repo.path(), "real/README.md", bad);
    let refused = |args: &[&str], why: &str| {
        let o = bounded(args, repo.path());
        let err = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains(why), "{args:?}: {err}");
        assert_eq!(
            fs::read_to_string(&secret).unwrap(),
            bad,
            "{args:?} wrote outside"
        );
    };
    refused(&["--fix", "README.md"], "symbolic link");
    refused(&["--fix", "models/README.md"], "outside the repository");
    refused(
        &["fill", "models/README.md", "--codecarbon", "models/e.csv"],
        "outside the repository",
    );
    refused(
        &["label", "real/README.md", "-o", "label.svg"],
        "symbolic link",
    );
    refused(
        &["label", "real/README.md", "-o", "models/label.svg"],
        "outside the repository",
    );
    assert!(!outside.path().join("label.svg").exists());

    // Inside: the fix is written and the mode kept; a new label is created.
    let card = repo.path().join("real/README.md");
    fs::set_permissions(&card, fs::Permissions::from_mode(0o640)).unwrap();
    let o = bounded(&["--fix", "real/README.md"], repo.path());
    assert_ne!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(fs::read_to_string(&card).unwrap().contains("1000"));
    assert_eq!(
        fs::metadata(&card).unwrap().permissions().mode() & 0o777,
        0o640
    );
    // As root (CI runs so), a fixed card keeps its owner and group.
    use std::os::unix::fs::MetadataExt;
    if fs::metadata(repo.path()).unwrap().uid() == 0 {
        fs::write(&card, bad).unwrap();
        std::os::unix::fs::chown(&card, Some(1234), Some(4321)).unwrap();
        let o = bounded(&["--fix", "real/README.md"], repo.path());
        assert_ne!(
            o.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
        let m = fs::metadata(&card).unwrap();
        assert_eq!((m.uid(), m.gid()), (1234, 4321), "owner and group kept");
    }
    let o = bounded(
        &["label", "real/README.md", "-o", "real/label.svg"],
        repo.path(),
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(repo.path().join("real/label.svg").is_file());
}

#[test]
fn a_killed_fix_leaves_every_card_whole() {
    let d = tempfile::tempdir().unwrap();
    let filler = "Lorem ipsum dolor sit amet.\n".repeat(20_000);
    let original = format!("---\nco2_eq_emissions: \"0.5 kg\"\n---\n{filler}");
    let fixed = format!("---\nco2_eq_emissions: 500\n---\n{filler}");
    for delay in [5u64, 20, 60, 150] {
        for i in 0..150 {
            write(d.path(), &format!("c{i:03}/README.md"), &original);
        }
        let mut child = Command::new(env!("CARGO_BIN_EXE_cardlint"))
            .args(["--fix", "--isolated", "--format", "concise", "."])
            .current_dir(d.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let mut counts = (0, 0);
        for i in 0..150 {
            let t = fs::read_to_string(d.path().join(format!("c{i:03}/README.md"))).unwrap();
            if t == original {
                counts.0 += 1;
            } else {
                assert_eq!(
                    t, fixed,
                    "card {i} is half-written after a kill at {delay} ms"
                );
                counts.1 += 1;
            }
        }
        assert_eq!(counts.0 + counts.1, 150);
    }
}

/// Output is bounded by the findings, not findings × line length (issue #11 §1–2): a 1 MB line
/// with 1,000 findings prints short frames, at most 100 of them, then "and N more"; a message
/// quoting a huge key is cut; a suppression naming 100,000 unknown rules is a dozen findings.
#[test]
fn output_is_bounded_on_long_lines_and_many_findings() {
    let d = tempfile::tempdir().unwrap();
    let line = format!("m: {{{}b: 2}}", "a: 1, ".repeat(1000));
    let pad = "x".repeat(1_000_000);
    let card = format!("---\n{line}\npad: {pad}\n---\n");
    write(d.path(), "README.md", &card);
    // The short form groups a rule's findings past the first on a card in one line.
    let o = bounded(&["--isolated", "README.md"], d.path());
    let short = String::from_utf8_lossy(&o.stdout);
    assert!(
        short.contains("… and 998 more CL004 duplicate-key findings on this card"),
        "{short}"
    );
    assert!(short.len() < 20_000, "pretty wrote {} bytes", short.len());
    // --verbose draws every finding, up to the frame limit.
    let o = bounded(&["--isolated", "--verbose", "README.md"], d.path());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.len() < 200_000, "pretty wrote {} bytes", out.len());
    assert!(
        out.contains("… and 899 more findings in this card"),
        "{}",
        &out[out.len() - 2000..]
    );
    // Each frame shows the finding it is about: the 100th frame's header is its true column.
    let v = json(&bounded(
        &["--isolated", "--format", "json", "README.md"],
        d.path(),
    ));
    let diags = v["cards"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 999 + 1); // 999 duplicates and CL101
    let framed: Vec<_> = diags.iter().filter(|d| d["line"].is_u64()).collect();
    let col = framed[99]["column"].as_u64().unwrap();
    assert!(out.contains(&format!("README.md:2:{col}]")), "column {col}");
    for f in ["concise", "github", "json", "sarif"] {
        let o = bounded(&["--isolated", "--format", f, "README.md"], d.path());
        assert!(o.stdout.len() < 1_000_000, "{f}: {} bytes", o.stdout.len());
    }

    // A 100 kB key, duplicated: the message quotes a cut key.
    let key = "k".repeat(100_000);
    write(
        d.path(),
        "README.md",
        &format!("---\n{key}: 1\n{key}: 2\n---\n"),
    );
    let o = bounded(
        &["--isolated", "--format", "concise", "README.md"],
        d.path(),
    );
    assert!(o.stdout.len() < 5_000, "{} bytes", o.stdout.len());

    // One suppression comment naming 100,000 unknown rules.
    let words: Vec<String> = (0..100_000).map(|i| format!("nope{i}")).collect();
    let card = format!(
        "---\nlicense: mit\n---\n<!-- cardlint-disable {} -->\n",
        words.join(" ")
    );
    write(d.path(), "README.md", &card);
    let v = json(&bounded(
        &["--isolated", "--format", "json", "README.md"],
        d.path(),
    ));
    let msgs: Vec<&str> = v["cards"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(msgs.len() < 20, "{} findings", msgs.len());
    assert!(msgs
        .iter()
        .any(|m| m.contains("and 99990 more unknown rules")));
}

/// Each body line is judged by the heading above it (is it about another model?): a long
/// heading over many lines is read once, not once per line.
#[test]
fn a_long_heading_over_many_lines_is_linear_time() {
    let d = tempfile::tempdir().unwrap();
    // The card's JSON report, in well under the time a quadratic reading takes.
    let lint = |card: &str| {
        write(d.path(), "README.md", card);
        let start = Instant::now();
        let v = json(&bounded(&["--format", "json", "README.md"], d.path()));
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "{:?}",
            start.elapsed()
        );
        v
    };
    let heading = "base model ".repeat(100_000);
    let lines = "- **Carbon Emitted:** 5 kg\n".repeat(100_000);
    let v = lint(&format!("# {heading}\n\n{lines}"));
    // Under a heading about another model, the figures are not the card's.
    assert_eq!(v["cards"][0]["reporting"]["level"], 0);
    // Many energy lines, then a CodeCarbon table of many rows: each row's facts are looked up
    // among its own table's, not among every line before it.
    let energies = "- Energy: 1 kWh\n".repeat(100_000);
    let rows = "| 0.01 | 0.02 | T4 | Canada |\n".repeat(100_000);
    let v = lint(&format!("# m\n\n{energies}\n| emissions | energy_consumed | gpu_model | country_name |\n|---|---|---|---|\n{rows}"));
    assert_eq!(v["cards"][0]["reporting"]["co2_grams"], 10.0);
    // One long line of colons and bars: the body's first look (is there a label or a table
    // row?) visits each once, not the whole line again for each.
    let v = lint(&format!("# m\n\n{}\n", "x: y | ".repeat(500_000)));
    assert_eq!(v["cards"][0]["reporting"]["level"], 0);
}

/// Files a pull request controls that would block when read never hang a run: a weight file
/// symlinked to a FIFO (its LFS pointer is read), a config file that is a FIFO. A card that is
/// a FIFO is refused before it is opened; every such file is opened non-blocking and checked
/// once open, and a kernel file (`/proc/kmsg`) is read for at most 5 s.
#[cfg(unix)]
#[test]
fn files_that_block_when_read_never_hang_a_run() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "README.md",
        "---\nco2_eq_emissions: 25.4\n---\n# m\n",
    );
    let fifo = d.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    std::os::unix::fs::symlink(&fifo, d.path().join("pytorch_model.bin")).unwrap();
    let v = json(&bounded(&["--format", "json", "README.md"], d.path()));
    assert_eq!(v["cards"].as_array().unwrap().len(), 1, "{v:#}");
    let o = bounded(&["--config", "fifo", "README.md"], d.path());
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("not a regular file"), "{err}");
}
