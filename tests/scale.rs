//! Many cards at once: parallel linting in a stable order, `--include`, and `cardlint stats`.

mod common;

use common::{bin, json, run, write};

#[test]
fn output_order_is_stable_whatever_the_scheduling() {
    let d = tempfile::tempdir().unwrap();
    // More than two chunks of 512, in nested folders, with cards of different costs.
    for i in 0..1200 {
        let card = match i % 3 {
            0 => "---\nco2_eq_emissions: \"1 kg\"\n---\n".to_string(),
            1 => format!("---\nlicense: mit\n---\n{}", "text\n".repeat(i)),
            _ => "# no front matter\n".to_string(),
        };
        write(
            d.path(),
            &format!("m{:02}/r{i:04}/README.md", i % 17),
            &card,
        );
    }
    let lint = |threads: &str| {
        let o = bin()
            .args(["--format", "concise", "--exit-zero", "."])
            .current_dir(d.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let one = lint("1");
    assert_eq!(one, lint("2"));
    assert_eq!(one, lint("7"));
    let paths: Vec<&str> = one
        .lines()
        .filter(|l| l.contains("README.md"))
        .map(|l| l.split(':').next().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted, "cards come out sorted by path");
    assert!(
        one.lines().any(|l| l.ends_with("in 1200 cards.")),
        "{}",
        one.lines().last().unwrap()
    );
    let v = json(
        &bin()
            .args(["--format", "json", "--exit-zero", "."])
            .current_dir(d.path())
            .output()
            .unwrap(),
    );
    assert_eq!(v["cards"].as_array().unwrap().len(), 1200);
    assert_eq!(v["summary"]["cards"], 1200);
}

#[test]
fn include_chooses_the_file_names() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a.md", "# a\n");
    write(d.path(), "b/README.md", "# b\n");
    write(d.path(), "c.txt", "# c\n");
    let v = json(&run(
        &["--format", "json", "--include", "*.md", "."],
        d.path(),
    ));
    let paths: Vec<&str> = v["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["./a.md", "./b/README.md"]);
    let o = run(&["--include", "[", "."], d.path());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn stats_counts_levels_forms_classes_and_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(&["stats", "--format", "json", "examples"], root);
    assert_eq!(o.status.code(), Some(0));
    let v = json(&o);
    assert_eq!(v["cards"], 6);
    assert_eq!(v["with_co2_eq_emissions"], 5);
    assert_eq!(v["reporting"]["unknown"], 1);
    assert_eq!(v["reporting"]["basic"], 1);
    assert_eq!(v["reporting"]["awareness"], 3);
    assert_eq!(v["reporting"]["optimization"], 1);
    assert_eq!(v["forms"]["mapping"], 5);
    assert_eq!(v["forms"]["body_only"], 1);
    // Every labelled example but `complete` (3 metrics) rests on CO2 alone.
    let labelled: u64 = ["A", "B", "C", "D", "E"]
        .iter()
        .map(|k| v["efficiency"][k].as_u64().unwrap())
        .sum();
    assert_eq!(
        v["efficiency"]["provisional"].as_u64().unwrap(),
        labelled - 1
    );
    let findings = v["findings"].as_array().unwrap();
    // Shares are of cards: the template card's three placeholders count once.
    assert_eq!(
        findings[0]["code"], "CL403",
        "found on the most cards first"
    );
    let placeholders = findings.iter().find(|f| f["code"] == "CL206").unwrap();
    assert_eq!(placeholders["cards"], 1);
    assert!(placeholders["count"].as_u64().unwrap() > 1);
    for f in findings {
        assert!(f["share_of_cards"].as_f64().unwrap() <= 1.0, "{f}");
    }
    let o = run(&["stats", "--fix", "examples"], root);
    assert_eq!(o.status.code(), Some(2), "stats takes only its own options");
    let o = run(&["stats", "--format", "sarif", "examples"], root);
    assert_eq!(o.status.code(), Some(2));
    let pretty = String::from_utf8(run(&["stats", "examples"], root).stdout).unwrap();
    assert!(
        pretty.starts_with("6 cards")
            && pretty.contains("Reporting level")
            && pretty.contains("3 Energy Awareness")
            && pretty.contains("5 Certified Energy Efficiency (EcoCard tag, not a certification)")
            && pretty.contains("of these provisional (< 3 of 5 metrics)"),
        "{pretty}"
    );
    let md = String::from_utf8(run(&["stats", "--format", "markdown", "examples"], root).stdout)
        .unwrap();
    assert!(md.contains("| Efficiency class | cards | share |"));
}
