//! Every card of `../shared/corpus` yields a result without a panic, and the results agree with
//! `DETAILS.tsv` (classified there with PyYAML and the Hub's front-matter regex).

mod common;

use std::collections::HashMap;

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared beside the project (CI has it)"
)]
fn corpus_agrees_with_details() {
    let Some(shared) = common::shared("corpus/DETAILS.tsv") else {
        return;
    };
    let corpus = shared.join("corpus");
    let details = std::fs::read_to_string(corpus.join("DETAILS.tsv")).unwrap();
    let mut rows: Vec<HashMap<&str, &str>> = Vec::new();
    let mut lines = details.lines();
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    for l in lines {
        rows.push(header.iter().copied().zip(l.split('\t')).collect());
    }
    assert_eq!(rows.len(), 382);
    let opts = cardlint::pipeline::Options {
        paths: rows.iter().map(|r| corpus.join(r["file"])).collect(),
        isolated: true,
        ..Default::default()
    };
    let (reports, _) = cardlint::pipeline::lint_paths(&opts).unwrap();
    assert_eq!(reports.len(), rows.len(), "every card accounted for");
    let mut levels = [0usize; 6];
    for (row, rep) in rows.iter().zip(&reports) {
        let has = |c: &str| rep.diagnostics.iter().any(|d| d.code == c);
        let f = row["file"];
        assert!(rep.source.is_some(), "{f} unreadable");
        match row["front_matter"] {
            "yaml_error" => assert!(has("CL002"), "{f}: yaml_error → invalid-yaml"),
            "none" => assert!(has("CL001"), "{f}: none → no-front-matter"),
            "nondict" => assert!(has("CL003"), "{f}: nondict → front-matter-not-a-mapping"),
            _ => assert!(
                !has("CL001") && !has("CL002") && !has("CL003"),
                "{f}: front matter is ok"
            ),
        }
        match row["co2_form"] {
            "scalar_string" | "block_full_string" => {
                assert!(has("CL102"), "{f}: string → co2-emissions-not-a-number")
            }
            "absent" if row["front_matter"] == "ok" => assert!(
                has("CL101") || has("CL106") || has("CL107"),
                "{f}: absent → missing"
            ),
            "absent" => {}
            _ => {
                assert!(!has("CL101") && !has("CL102"), "{f}: numeric co2");
                let r = rep.reporting.as_ref().unwrap();
                let zero = row["emissions_raw"].parse::<f64>().is_ok_and(|x| x == 0.0);
                assert_eq!(r.co2_grams.is_some(), !zero, "{f}: co2 value read");
                if zero {
                    assert!(has("CL104"), "{f}: zero");
                }
            }
        }
        if row["co2_form"] == "block_full_number" {
            assert!(
                rep.reporting.as_ref().unwrap().level
                    >= cardlint::class::reporting::Level::Awareness,
                "{f}: a full mapping has hardware"
            );
        }
        levels[rep.reporting.as_ref().map_or(0, |r| r.level as usize)] += 1;
    }
    // The corpus has no optimized or EcoCard models.
    assert_eq!(levels[4] + levels[5], 0);
    assert!(levels[2] > 100 && levels[3] > 40, "{levels:?}");
}

#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared beside the project (CI has it)"
)]
fn the_binary_lints_the_whole_corpus() {
    let Some(shared) = common::shared("corpus/DETAILS.tsv") else {
        return;
    };
    let mut files: Vec<String> = std::fs::read_dir(shared.join("corpus"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".md"))
        .collect();
    files.sort();
    let mut args = vec!["--format", "json", "--exit-zero"];
    args.extend(files.iter().map(String::as_str));
    let o = common::run(&args, std::path::Path::new("."));
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = common::json(&o);
    assert_eq!(v["cards"].as_array().unwrap().len(), files.len());
}

/// CI has `../shared`: there, the tests above must run, not be ignored.
#[test]
fn ci_runs_the_tests_that_need_shared() {
    if common::shared_required() {
        let built_with_shared = cfg!(shared_data);
        assert!(
            built_with_shared,
            "CI is set but ../shared was absent when cardlint was built (`touch build.rs` after adding it)"
        );
    }
}
