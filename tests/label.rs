//! The efficiency label: facts from flags, the model repository and model-index reach the JSON
//! output; the SVG picture renders with a real SVG renderer (resvg) and marks the class.

mod common;

use common::{json, run, write};

const CARD: &str = "---\nco2_eq_emissions:\n  emissions: 149.2\n  hardware_used: 1 x A100\nmodel-index:\n- name: m\n  results:\n  - task:\n      type: text-classification\n    dataset:\n      type: imdb\n      name: IMDB\n    metrics:\n    - type: accuracy\n      value: 0.9\n    - type: f1\n      value: 0.6\n---\n# m\n";

fn metric<'a>(v: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    v["cards"][0]["efficiency"]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap()
}

#[test]
fn facts_come_from_the_card_the_repository_and_flags() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", CARD);
    // Sharded safetensors, one pulled and one an LFS pointer.
    write(
        d.path(),
        "model-00001-of-00002.safetensors",
        "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1000000\n",
    );
    std::fs::write(
        d.path().join("model-00002-of-00002.safetensors"),
        vec![0u8; 4096],
    )
    .unwrap();
    let v = json(&run(&["--format", "json", "README.md"], d.path()));
    let e = &v["cards"][0]["efficiency"];
    assert_eq!(e["mode"], "paper");
    assert_eq!(e["metrics_used"], 3);
    assert_eq!(metric(&v, "co2_eq_emissions")["from"], "metadata");
    let size = metric(&v, "size_efficency");
    assert_eq!(size["from"], "repository");
    assert_eq!(size["value"], 1_004_096.0 / 149.2);
    assert_eq!(
        e["model_files"],
        serde_json::json!([
            "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors"
        ])
    );
    // Harmonic mean of 0.9 and 0.6, flagged as an approximation.
    let perf = metric(&v, "performance_score");
    assert_eq!(perf["from"], "model-index");
    assert!((perf["value"].as_f64().unwrap() - 0.72).abs() < 1e-12);
    assert_eq!(e["performance_approximate"], true);
    // The weights renormalise over the rated metrics and sum to 1.
    let w: f64 = e["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["weight"].as_f64())
        .sum();
    assert!((w - 1.0).abs() < 1e-12);
    assert_eq!(
        v["summary"]["efficiency"]["B"].as_u64().unwrap()
            + v["summary"]["efficiency"]["A"].as_u64().unwrap()
            + v["summary"]["efficiency"]["C"].as_u64().unwrap(),
        1
    );

    // Flags override; --repo-dir points elsewhere; corrected mode is reported.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("pytorch_model.bin"), vec![0u8; 10]).unwrap();
    let repo = other.path().to_str().unwrap();
    let v = json(&run(
        &[
            "--format",
            "json",
            "--repo-dir",
            repo,
            "--downloads",
            "5000",
            "--datasets-size",
            "1e9",
            "--performance-score",
            "0.8",
            "--efficiency-mode",
            "corrected",
            "README.md",
        ],
        d.path(),
    ));
    assert_eq!(v["cards"][0]["efficiency"]["mode"], "corrected");
    assert_eq!(v["cards"][0]["efficiency"]["metrics_used"], 5);
    assert_eq!(metric(&v, "size_efficency")["value"], 10.0 / 149.2);
    assert_eq!(metric(&v, "downloads")["from"], "flag");
    assert_eq!(metric(&v, "performance_score")["from"], "flag");
    assert_eq!(
        v["cards"][0]["efficiency"]["performance_approximate"],
        false
    );
}

#[test]
fn minimum_class_and_low_evidence() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "README.md",
        "---\nco2_eq_emissions: 5000000\n---\n# m\n",
    );
    let o = run(
        &[
            "--format",
            "json",
            "--min-efficiency-class",
            "C",
            "README.md",
        ],
        d.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["cards"][0]["efficiency"]["class"], "E");
    let codes = common::codes(&v, 0);
    assert!(
        codes.contains(&"CL402".to_string()) && codes.contains(&"CL403".to_string()),
        "{codes:?}"
    );
    let low = v["cards"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CL403")
        .unwrap();
    assert!(low["help"].as_str().unwrap().contains("--downloads"));
}

#[test]
fn pretty_shows_the_scale() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", CARD);
    let out = String::from_utf8(run(&["--color", "never", "README.md"], d.path()).stdout).unwrap();
    let line = out.lines().find(|l| l.contains("efficiency:")).unwrap();
    assert!(
        line.contains("[A]") || line.contains("[B]") || line.contains("[C]"),
        "{line}"
    );
    assert!(line.contains("paper mode, 2 of 5 metrics"), "{line}");
}

fn render(svg: &str) -> resvg::tiny_skia::Pixmap {
    let mut opt = resvg::usvg::Options::default();
    opt.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(svg, &opt).expect("valid SVG");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
}

fn dark(p: &resvg::tiny_skia::Pixmap, x: u32, y: u32) -> bool {
    let c = p.pixel(x, y).unwrap();
    c.alpha() > 200 && (c.red() as u32 + c.green() as u32 + c.blue() as u32) < 150
}

#[test]
fn the_label_renders_and_marks_the_class() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "README.md",
        "---\nco2_eq_emissions: 5000000\n---\n# m\n",
    );
    let o = run(&["label", "README.md", "-o", "label.svg"], d.path());
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let svg = std::fs::read_to_string(d.path().join("label.svg")).unwrap();
    assert!(svg.contains("n = 1,419") && svg.contains("paper mode"));
    let png = render(&svg);
    assert_eq!((png.width(), png.height()), (420, 560));
    // Class E is the fifth arrow: its marker (dark) sits at the right of row 4, and the rows of
    // the other classes have no marker there.
    let row_mid = |i: u32| 80 + i * 46 + 19;
    assert!(dark(&png, 390, row_mid(4)), "marker on E");
    for i in 0..4 {
        assert!(!dark(&png, 390, row_mid(i)), "no marker on row {i}");
    }
    // The arrows are drawn in colour: A green.
    let a = png.pixel(60, row_mid(0)).unwrap();
    assert!(a.green() > 120 && a.red() < 60, "{a:?}");
    // Text was rendered: the title area holds dark pixels.
    assert!(
        (20..200).any(|x| (20..40).any(|y| dark(&png, x, y))),
        "title text"
    );
    if std::env::var_os("CARDLINT_SAVE_LABEL").is_some() {
        png.save_png(std::env::var("CARDLINT_SAVE_LABEL").unwrap())
            .unwrap();
    }
}

#[test]
fn label_refuses_an_unreadable_card() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["label", "missing.md", "-o", "x.svg"], d.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing.md"));
}

/// The label names the model, not a file path: model-index's name, else `model_name`, else the
/// first heading, else the folder; `--name` overrides; control characters never reach the SVG.
#[test]
fn the_label_shows_the_models_name() {
    let d = tempfile::tempdir().unwrap();
    let cases: [(&str, &[&str], &str); 5] = [
        (
            "---\nco2_eq_emissions: 5\nmodel-index:\n- name: acme/bert-tiny\n  results: []\n---\n# Heading\n",
            &[],
            ">acme/bert-tiny<",
        ),
        (
            "---\nco2_eq_emissions: 5\nmodel_name: tiny-llama\n---\n# Heading\n",
            &[],
            ">tiny-llama<",
        ),
        ("---\nco2_eq_emissions: 5\n---\n# **Big Model**\n", &[], ">Big Model<"),
        (
            "---\nco2_eq_emissions: 5\n---\nno heading\n",
            &["--name", "chosen\u{1b}[31m name"],
            ">chosen[31m name<",
        ),
        (
            "---\nco2_eq_emissions: 5\nmodel_name: \"a\\eb\"\n---\n",
            &[],
            ">ab<",
        ),
    ];
    for (text, extra, want) in cases {
        let dir = d.path().join("my-model");
        std::fs::create_dir_all(&dir).unwrap();
        write(&dir, "README.md", text);
        let mut args = vec!["label", "README.md", "-o", "-"];
        args.extend_from_slice(extra);
        let o = run(&args, &dir);
        let svg = String::from_utf8_lossy(&o.stdout);
        assert!(svg.contains(want), "{want} in {svg}");
        assert!(!svg.contains("README.md"));
    }
    write(
        &d.path().join("my-model"),
        "README.md",
        "---\nco2_eq_emissions: 5\n---\n",
    );
    let o = run(
        &["label", "README.md", "-o", "-"],
        &d.path().join("my-model"),
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains(">my-model<"));
    let long = format!(
        "---\nco2_eq_emissions: 5\nmodel_name: {}\n---\n",
        "x".repeat(200)
    );
    write(&d.path().join("my-model"), "README.md", &long);
    let o = run(
        &["label", "README.md", "-o", "-"],
        &d.path().join("my-model"),
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains(&format!(">{}…<", "x".repeat(51))));
}
