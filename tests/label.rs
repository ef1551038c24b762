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
    assert_eq!(e["mode"], "corrected", "the default");
    assert_eq!(e["metrics_used"], 3);
    assert_eq!(e["provisional"], false);
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
    let class = e["class"].as_str().unwrap();
    assert_eq!(v["summary"]["efficiency"][class], 1);

    // Flags override; --repo-dir points elsewhere; paper mode is reported.
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
            "paper",
            "README.md",
        ],
        d.path(),
    ));
    assert_eq!(v["cards"][0]["efficiency"]["mode"], "paper");
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
    assert!(
        low["message"].as_str().unwrap().contains("provisional"),
        "{low}"
    );
    let min = v["cards"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "CL402")
        .unwrap();
    assert!(
        min["message"]
            .as_str()
            .unwrap()
            .contains("E (provisional: 1 of 5 metrics), below the required C"),
        "{min}"
    );
    assert_eq!(v["cards"][0]["efficiency"]["provisional"], true);
}

/// A provisional label says so in every format, and the gate judges its letter: a provisional
/// letter at or above the minimum passes, one below fails, naming it provisional.
#[test]
fn a_provisional_label_says_so_everywhere() {
    let d = tempfile::tempdir().unwrap();
    // 2.4586 g: sqrt(149200 / 2.4586) = 246.3, rated C.
    write(
        d.path(),
        "README.md",
        "---\nco2_eq_emissions: 2.4586\n---\n# m\n",
    );
    let out = |args: &[&str]| {
        let mut a = vec!["--color", "never", "--isolated"];
        a.extend_from_slice(args);
        a.push("README.md");
        let o = run(&a, d.path());
        (o.status.code(), String::from_utf8(o.stdout).unwrap())
    };
    let (_, pretty) = out(&[]);
    let line = pretty.lines().find(|l| l.contains("efficiency:")).unwrap();
    assert!(
        line.contains("[C]")
            && line.contains("provisional, 1 of 5 metrics: CO2 of training 2.4586 g rates C"),
        "{line}"
    );
    assert!(
        !pretty.contains("paper") && !pretty.contains("corrected"),
        "one verdict, no talk of modes: {pretty}"
    );
    let (_, concise) = out(&["--format", "concise"]);
    assert!(
        concise.contains("README.md:1:1: info CL403 the efficiency class C is provisional: it rests on 1 of 5 metrics"),
        "{concise}"
    );
    let (_, md) = out(&["--format", "markdown"]);
    assert!(
        md.contains("| C (provisional) |") && md.contains("**provisional, 1 of 5 metrics**"),
        "{md}"
    );
    let (_, sarif) = out(&["--format", "sarif", "--min-efficiency-class", "B"]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    for code in ["CL402", "CL403"] {
        let r = results.iter().find(|r| r["ruleId"] == code).unwrap();
        assert_eq!(r["properties"]["provisional"], true, "{r}");
        assert_eq!(r["properties"]["efficiencyClass"], "C", "{r}");
        assert_eq!(r["properties"]["metricsUsed"], 1, "{r}");
    }
    // The gate: C passes a C minimum, fails a B minimum.
    assert_eq!(
        out(&["--min-efficiency-class", "C", "--fail-on", "error"]).0,
        Some(0)
    );
    assert_eq!(
        out(&["--min-efficiency-class", "B", "--fail-on", "error"]).0,
        Some(1)
    );
    // Paper mode is named where it is chosen, and rates the same card A.
    let (_, paper) = out(&["--efficiency-mode", "paper"]);
    let line = paper.lines().find(|l| l.contains("efficiency:")).unwrap();
    assert!(
        line.contains("[A]") && line.contains("provisional, 1 of 5 metrics, paper mode"),
        "{line}"
    );
}

#[test]
fn pretty_shows_the_scale() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "README.md", CARD);
    let out = String::from_utf8(run(&["--color", "never", "README.md"], d.path()).stdout).unwrap();
    let line = out.lines().find(|l| l.contains("efficiency:")).unwrap();
    assert!(line.contains("[E]"), "{line}");
    assert!(line.contains("provisional, 2 of 5 metrics: CO2 of training 149.2 g rates E, performance score 0.72 rates D (approximate, from model-index)"), "{line}");
    assert!(
        !line.contains("paper") && !line.contains("corrected"),
        "{line}"
    );
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
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .contains("wrote label.svg (provisional class E: 1 of 5 metrics)"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let svg = std::fs::read_to_string(d.path().join("label.svg")).unwrap();
    assert!(svg.contains("n = 1,419") && !svg.contains("aper mode"));
    let png = render(&svg);
    assert_eq!(png.width(), 440);
    // Class E is the fifth arrow: its marker (dark) sits at the right of row 4, and the rows of
    // the other classes have no marker there. It rests on CO2 alone, so it is provisional:
    // the marker is an outline (white inside, dark at its edge).
    let row_mid = |i: u32| 80 + i * 46 + 19;
    assert!(!dark(&png, 412, row_mid(4)), "an outlined marker on E");
    assert!(
        (row_mid(4) - 19..row_mid(4) - 16).any(|y| (372..418).any(|x| dark(&png, x, y))),
        "its dashed edge"
    );
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
    // Cut with an ellipsis, to what fits the label's width at its smallest name size.
    let svg = String::from_utf8_lossy(&o.stdout);
    let cut = svg.split('>').find(|t| t.starts_with("xxx")).unwrap();
    let xs = cut.trim_end_matches("…</text").len();
    assert!(cut.ends_with("…</text") && (40..64).contains(&xs), "{cut}");
}

/// The label shows what it rests on in plain words, draws a firm label solid and a
/// provisional one outlined under a banner, keeps every letter readable, and fits long names.
#[test]
fn the_label_shows_its_evidence_and_fits() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("acme-sentiment");
    std::fs::create_dir_all(&dir).unwrap();
    // AutoNLP's generic heading names no model: the folder does.
    write(
        &dir,
        "README.md",
        "---\ntags: autonlp\nco2_eq_emissions: 2.4586\n---\n# Model Trained Using AutoNLP\n\n- Model ID: 1\n",
    );
    let o = run(&["label", "README.md", "-o", "-"], &dir);
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.contains(">acme-sentiment<"), "{svg}");
    assert!(svg.contains("PROVISIONAL: 1 of 5 metrics"), "{svg}");
    assert!(svg.contains("Provisional class C"), "{svg}");
    assert!(
        svg.contains("CO2 of training: 2.4586 g (from metadata)"),
        "{svg}"
    );
    assert!(
        svg.contains("model size per gram of CO2: not known"),
        "{svg}"
    );
    assert!(!svg.contains("efficency"), "no study column names: {svg}");
    save(&render(&svg), "provisional");

    // Five metrics: a firm label, drawn solid, each metric with its value.
    let o = run(
        &[
            "label",
            "README.md",
            "-o",
            "-",
            "--model-size",
            "267844284",
            "--datasets-size",
            "1e9",
            "--downloads",
            "1172830",
            "--performance-score",
            "0.91",
        ],
        &dir,
    );
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(
        !svg.contains("PROVISIONAL") && svg.contains("from 5 of 5 metrics"),
        "{svg}"
    );
    for want in [
        "model size per gram of CO2: 109 MB (from flag)",
        "training data per gram of CO2: 407 MB (from flag)",
        "downloads: 1,172,830 (from flag)",
        "performance score: 0.91 (from flag)",
    ] {
        assert!(svg.contains(want), "{want} in {svg}");
    }
    let png = render(&svg);
    save(&png, "firm");
    let class_row = ["A", "B", "C", "D", "E"]
        .iter()
        .position(|k| svg.contains(&format!("Class {k},")))
        .unwrap() as u32;
    assert!(dark(&png, 412, 80 + class_row * 46 + 19), "a solid marker");
}

/// A label without a class draws no marker; a long name shrinks, then is cut to fit.
#[test]
fn a_label_without_a_class_or_with_a_long_name_fits() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("acme-sentiment");
    std::fs::create_dir_all(&dir).unwrap();
    // No CO2: no class, no marker, nothing provisional.
    write(&dir, "README.md", "---\nlicense: mit\n---\n# 日本語のとても長いモデルの名前、日本語のとても長いモデルの名前、日本語のとても長いモデルの名前\n");
    let o = run(&["label", "README.md", "-o", "-"], &dir);
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(
        svg.contains("No class: the label needs a CO2 value") && !svg.contains("PROVISIONAL"),
        "{svg}"
    );
    let png = render(&svg);
    save(&png, "no-class");
    for i in 0..5 {
        assert!(!dark(&png, 412, 80 + i * 46 + 19), "no marker on row {i}");
    }
    write(
        &dir,
        "README.md",
        "---\ntags: autonlp\nco2_eq_emissions: 2.4586\n---\n# Model Trained Using AutoNLP\n",
    );

    // A long name shrinks, then is cut: nothing reaches the label's right edge.
    let long = "W".repeat(120);
    let o = run(&["label", "README.md", "-o", "-", "--name", &long], &dir);
    let svg = String::from_utf8(o.stdout).unwrap();
    assert!(svg.contains("WWW…<"), "{svg}");
    let png = render(&svg);
    save(&png, "long-name");
    // Grey text on white: any pixel clearly not white is ink.
    let inked = |x: u32, y: u32| {
        let c = png.pixel(x, y).unwrap();
        c.alpha() > 200 && (c.red() as u32 + c.green() as u32 + c.blue() as u32) < 600
    };
    let ink_right = (425..437).any(|x| (46..66).any(|y| inked(x, y)));
    assert!(!ink_right, "the name stays inside the label");
    assert!(
        (20..200).any(|x| (46..66).any(|y| inked(x, y))),
        "the name is drawn"
    );
}

/// `CARDLINT_SAVE_LABEL=DIR` keeps the rendered labels as PNG files to look at.
fn save(png: &resvg::tiny_skia::Pixmap, name: &str) {
    if let Some(dir) = std::env::var_os("CARDLINT_SAVE_LABEL_DIR") {
        png.save_png(std::path::Path::new(&dir).join(format!("{name}.png")))
            .unwrap();
    }
}

/// The two modes are explained once, in `explain` and `--help`, not on every card.
#[test]
fn the_modes_are_explained_in_explain_and_help() {
    let d = tempfile::tempdir().unwrap();
    let o = run(&["explain", "efficiency"], d.path());
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8_lossy(&o.stdout);
    for want in [
        "`corrected` (the default)",
        "A 37, B 486, C 826, D 55, E 15",
        "**provisional**",
        "not a certification",
    ] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let o = run(&["--help"], d.path());
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("`corrected` (the default)") && help.contains("cardlint explain efficiency"),
        "{help}"
    );
    assert!(help.contains("provisional label"), "{help}");
}

/// The README's picture is what `cardlint label` draws for `examples/complete` today.
#[test]
fn the_readme_label_is_current() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run(&["label", "examples/complete/README.md", "-o", "-"], root);
    let svg = String::from_utf8(o.stdout).unwrap();
    let shown = std::fs::read_to_string(root.join("docs/label-example.svg")).unwrap();
    assert_eq!(
        svg, shown,
        "regenerate: cargo run -- label examples/complete/README.md -o docs/label-example.svg"
    );
    save(&render(&svg), "readme-example");
}

/// A weight file's name is the repository author's text: it reaches the pretty line escaped.
#[test]
fn weight_file_names_cannot_drive_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    write(
        d.path(),
        "README.md",
        "---\nco2_eq_emissions: 30\n---\n# m\n",
    );
    std::fs::write(
        d.path().join("evil\u{1b}[2J\u{202e}.safetensors"),
        vec![0u8; 64],
    )
    .unwrap();
    let o = run(&["--color", "never", "README.md"], d.path());
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(
        out.contains("model size from evil\\u{1b}[2J\\u{202e}.safetensors"),
        "{out}"
    );
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out}"
    );
}
