//! `--hub` and `hf://` against a fake Hub on 127.0.0.1 (`HF_ENDPOINT`): the facts and their
//! provenance, the token, one request per model and dataset, the checkout's git remote, and
//! every fault ending in a warning within the deadline, with the exit code unchanged.
#![cfg(feature = "hub")]

mod common;
#[path = "common/fake_hub.rs"]
mod fake_hub;

use std::process::Output;
use std::time::{Duration, Instant};

use fake_hub::{Answer, Hub};

const CARD: &str = "---\nco2_eq_emissions: 25.4\ndatasets:\n- org/data\n---\n# m\n";
/// A card with nothing to report: its exit code is 0 without the Hub.
const CLEAN: &str = "---\nco2_eq_emissions:\n  emissions: 25.4\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Quebec, Canada\n  hardware_used: 1 x A100\ndatasets:\n- org/data\n---\n# m\n";

/// Runs cardlint against the fake Hub, with no token from the machine.
fn run(hub: &Hub, args: &[&str], dir: &std::path::Path, env: &[(&str, &str)]) -> Output {
    let mut c = common::bin();
    c.args(args)
        .current_dir(dir)
        .env("HF_ENDPOINT", &hub.url)
        .env("HF_HOME", dir.join(".hf-home"))
        .env_remove("HF_TOKEN")
        .env_remove("HUGGING_FACE_HUB_TOKEN")
        .env_remove("HF_TOKEN_PATH")
        .env_remove("HF_HUB_DISABLE_IMPLICIT_TOKEN");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The efficiency metric `name` of card `i` in a JSON report.
fn metric(v: &serde_json::Value, i: usize, name: &str) -> serde_json::Value {
    v["cards"][i]["efficiency"]["metrics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == name)
        .unwrap()
        .clone()
}

fn served() -> Hub {
    let hub = Hub::start();
    hub.model("org/model", CARD, Some(1200.0), Some(5e8));
    hub.dataset("org/data", 3e9);
    hub
}

#[test]
fn hf_paths_get_every_fact_with_its_provenance() {
    let hub = served();
    let d = tempfile::tempdir().unwrap();
    let out = run(&hub, &["--format", "json", "hf://org/model"], d.path(), &[]);
    let v = common::json(&out);
    let card = &v["cards"][0];
    assert_eq!(card["path"], "hf://org/model");
    assert_eq!(card["efficiency"]["metrics_used"], 4, "{card:#}");
    for (name, value, from) in [
        ("co2_eq_emissions", 25.4, "metadata"),
        ("size_efficency", 5e8 / 25.4, "hub"),
        ("datasets_size_efficency", 3e9 / 25.4, "hub"),
        ("downloads", 1200.0, "hub"),
    ] {
        let m = metric(&v, 0, name);
        assert_eq!(m["value"].as_f64().unwrap(), value, "{name}");
        assert_eq!(m["from"], from, "{name}");
    }
    assert_eq!(card["efficiency"]["model_files"][0], "pytorch_model.bin");
    // Four metrics: the label is firm, no efficiency-low-evidence.
    assert!(!common::codes(&v, 0).contains(&"CL403".to_string()));
    let pretty = text(&run(
        &hub,
        &["--color", "never", "hf://org/model"],
        d.path(),
        &[],
    ));
    assert!(
        pretty.contains("downloads 1,200 rates ") && pretty.contains(" (from hub)"),
        "{pretty}"
    );
    assert!(pretty.contains("hf://org/model: "), "{pretty}");
}

#[test]
fn one_request_per_model_and_dataset_per_run() {
    let hub = served();
    hub.model("org/other", CARD, Some(5.0), None);
    let d = tempfile::tempdir().unwrap();
    common::write(
        d.path(),
        "models.txt",
        "# the study's models\nhf://org/model\n\nhf://org/other\nhf://org/model\n",
    );
    let out = run(
        &hub,
        &["stats", "--format", "json", "--files-from", "models.txt"],
        d.path(),
        &[],
    );
    assert!(out.status.success(), "{}", text(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["cards"], 2, "{v:#}");
    assert_eq!(hub.count("/api/datasets/org/data"), 1);
    assert_eq!(hub.count("/api/models/org/model"), 1);
    assert_eq!(hub.count("/org/model/resolve/main/README.md"), 1);
}

#[test]
fn the_token_is_sent_as_bearer_and_never_printed() {
    let hub = served();
    let d = tempfile::tempdir().unwrap();
    for format in ["json", "pretty", "github", "sarif", "markdown", "concise"] {
        let out = run(
            &hub,
            &["--format", format, "hf://org/model", "hf://org/missing"],
            d.path(),
            &[("HF_TOKEN", "hf_secret_123")],
        );
        assert!(!text(&out).contains("hf_secret_123"), "{format}");
    }
    let reqs = hub.requests();
    assert!(reqs
        .iter()
        .all(|r| r.authorization.as_deref() == Some("Bearer hf_secret_123")));
    // The token file under HF_HOME, and HF_HUB_DISABLE_IMPLICIT_TOKEN.
    let hub = served();
    common::write(d.path(), ".hf-home/token", "hf_from_file\n");
    run(&hub, &["hf://org/model"], d.path(), &[]);
    assert!(hub
        .requests()
        .iter()
        .all(|r| r.authorization.as_deref() == Some("Bearer hf_from_file")));
    let hub = served();
    run(
        &hub,
        &["hf://org/model"],
        d.path(),
        &[("HF_TOKEN", "x"), ("HF_HUB_DISABLE_IMPLICIT_TOKEN", "1")],
    );
    assert!(hub.requests().iter().all(|r| r.authorization.is_none()));
}

#[test]
fn a_local_card_names_its_model_by_flag_config_or_git_remote() {
    let hub = served();
    let d = tempfile::tempdir().unwrap();
    common::write(d.path(), "README.md", CLEAN);
    // No id anywhere: a warning that says how to name it, and the exit code is unchanged.
    let out = run(
        &hub,
        &["--format", "json", "--hub", "README.md"],
        d.path(),
        &[],
    );
    let v = common::json(&out);
    assert_eq!(common::codes(&v, 0), ["CL403", "CL404"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).contains("--hub-id ORG/NAME"));
    let plain = run(&hub, &["README.md"], d.path(), &[]);
    assert_eq!(out.status.code(), plain.status.code());
    // --hub-id.
    let v = common::json(&run(
        &hub,
        &["--format", "json", "--hub-id", "org/model", "README.md"],
        d.path(),
        &[],
    ));
    assert_eq!(metric(&v, 0, "downloads")["from"], "hub");
    // The config.
    common::write(
        d.path(),
        "cardlint.toml",
        "hub = true\nhub-id = \"org/model\"\n",
    );
    let v = common::json(&run(
        &hub,
        &["--format", "json", "README.md"],
        d.path(),
        &[],
    ));
    assert_eq!(metric(&v, 0, "downloads")["value"], 1200.0);
    std::fs::remove_file(d.path().join("cardlint.toml")).unwrap();
    // The checkout's git remote; its weights win over the Hub's.
    common::write(
        d.path(),
        ".git/config",
        "[remote \"origin\"]\n\turl = https://user:tok@huggingface.co/org/model.git\n",
    );
    common::write(
        d.path(),
        "pytorch_model.bin",
        "version https://git-lfs.github.com/spec/v1\noid sha256:0\nsize 7000\n",
    );
    let v = common::json(&run(
        &hub,
        &["--format", "json", "--hub", "README.md"],
        d.path(),
        &[],
    ));
    assert_eq!(metric(&v, 0, "downloads")["from"], "hub");
    let size = metric(&v, 0, "size_efficency");
    assert_eq!(
        (size["from"].clone(), size["value"].as_f64()),
        ("repository".into(), Some(7000.0 / 25.4))
    );
    // A flag wins over both.
    let v = common::json(&run(
        &hub,
        &["--format", "json", "--hub", "--downloads", "3", "README.md"],
        d.path(),
        &[],
    ));
    assert_eq!(metric(&v, 0, "downloads")["from"], "flag");
}

#[test]
fn a_model_that_does_not_exist_is_unreadable_with_the_hubs_answer() {
    let hub = served();
    let d = tempfile::tempdir().unwrap();
    let out = run(&hub, &["--format", "json", "hf://org/nope"], d.path(), &[]);
    let v = common::json(&out);
    assert_eq!(common::codes(&v, 0), ["CL901"]);
    let msg = v["cards"][0]["diagnostics"][0]["message"].as_str().unwrap();
    assert!(msg.contains("404"), "{msg}");
    assert_eq!(out.status.code(), Some(1));
    // Not an id: refused without asking.
    let out = run(
        &hub,
        &["--format", "json", "hf://../etc/passwd"],
        d.path(),
        &[],
    );
    assert_eq!(common::codes(&common::json(&out), 0), ["CL901"]);
    assert!(hub.requests().iter().all(|r| !r.path.contains("..")));
}

/// Every fault on the model's facts: a warning naming the model, in time, exit code unchanged.
#[test]
fn faults_are_warnings_within_the_deadline() {
    let d = tempfile::tempdir().unwrap();
    common::write(d.path(), "README.md", CLEAN);
    let huge = Answer {
        body: vec![b' '; 33 * 1024 * 1024],
        ..Answer::text("")
    };
    let slow = Answer {
        delay: Duration::from_secs(20),
        ..Answer::json(&serde_json::json!({"downloads": 1}))
    };
    let retry = |s: u16| Answer {
        headers: vec![("Retry-After".into(), "1".into())],
        ..Answer::status(s)
    };
    let cases: Vec<(&str, Vec<Answer>, &str)> = vec![
        ("404", vec![Answer::status(404)], "404"),
        ("401", vec![Answer::status(401)], "HF_TOKEN"),
        ("403", vec![Answer::status(403)], "gated"),
        ("429", vec![retry(429)], "500 requests per 5 minutes"),
        ("500", vec![retry(503)], "503"),
        (
            "malformed",
            vec![Answer::text("{not json")],
            "cannot be read",
        ),
        ("not an object", vec![Answer::text("[1]")], "cannot be read"),
        ("huge", vec![huge], "MiB"),
        ("slow", vec![slow], "time"),
    ];
    for (name, answers, says) in cases {
        let hub = Hub::start();
        hub.route("/api/models/org/model?blobs=true", answers);
        let start = Instant::now();
        let out = run(
            &hub,
            &["--format", "json", "--hub-id", "org/model", "README.md"],
            d.path(),
            &[("CARDLINT_HUB_DEADLINE", "4")],
        );
        assert!(
            start.elapsed() < Duration::from_secs(12),
            "{name}: {:?}",
            start.elapsed()
        );
        let v = common::json(&out);
        let diags = v["cards"][0]["diagnostics"].as_array().unwrap();
        let w = diags
            .iter()
            .find(|x| x["code"] == "CL404")
            .unwrap_or_else(|| panic!("{name}: {v:#}"));
        let msg = w["message"].as_str().unwrap();
        assert!(
            msg.contains("org/model") && msg.contains(says),
            "{name}: {msg}"
        );
        assert_eq!(out.status.code(), Some(0), "{name}");
    }
    // The Hub down: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let out = common::bin()
        .args(["--format", "json", "--hub-id", "org/model", "README.md"])
        .current_dir(d.path())
        .env("HF_ENDPOINT", format!("http://{port}"))
        .env_remove("HF_TOKEN")
        .output()
        .unwrap();
    let v = common::json(&out);
    assert!(common::codes(&v, 0).contains(&"CL404".to_string()), "{v:#}");
    assert_eq!(out.status.code(), Some(0));
}

/// A card may list any number of datasets: at most 32 distinct Hub ids are asked, ids that are
/// not Hub ids are never sent, and their faults make one warning, not one per dataset.
#[test]
fn a_cards_datasets_are_bounded() {
    let hub = served();
    let mut card = String::from("---\nco2_eq_emissions: 25.4\ndatasets:\n");
    for i in 0..200 {
        card.push_str(&format!("- org/d{i}\n- org/d{i}\n- \"not a hub id {i}\"\n"));
    }
    card.push_str("---\n# m\n");
    for i in 0..200 {
        hub.route(
            &format!("/api/datasets/org/d{i}"),
            vec![Answer::status(403)],
        );
    }
    hub.model("org/many", &card, Some(1.0), None);
    let d = tempfile::tempdir().unwrap();
    let out = run(
        &hub,
        &["--format", "json", "hf://org/many"],
        d.path(),
        &[("CARDLINT_HUB_DEADLINE", "30")],
    );
    let v = common::json(&out);
    let warnings: Vec<&str> = v["cards"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["code"] == "CL404")
        .map(|x| x["message"].as_str().unwrap())
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("no size for 32 of the 32 datasets asked"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("only the first 32 of the card's 200 datasets"));
    let paths: Vec<String> = hub.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(hub.count("/api/datasets/"), 32, "{paths:?}");
    assert!(hub.requests().iter().all(|r| !r.path.contains("not")));
}

#[test]
fn a_retry_after_429_succeeds() {
    let hub = served();
    hub.route(
        "/api/models/org/model?blobs=true",
        vec![
            Answer {
                headers: vec![("Retry-After".into(), "1".into())],
                ..Answer::status(429)
            },
            Answer::json(&serde_json::json!({"downloads": 77, "siblings": []})),
        ],
    );
    let d = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let v = common::json(&run(
        &hub,
        &["--format", "json", "hf://org/model"],
        d.path(),
        &[],
    ));
    assert!(start.elapsed() >= Duration::from_secs(1));
    assert_eq!(metric(&v, 0, "downloads")["value"], 77.0);
    assert_eq!(hub.count("/api/models/org/model"), 2);
}

/// Lints the models in one run per performance score (64 runs at once): each row's class.
fn classes_by_performance(
    hub: &Hub,
    d: &std::path::Path,
    by_perf: &std::collections::BTreeMap<String, Vec<(usize, String)>>,
) -> std::collections::HashMap<usize, serde_json::Value> {
    let mut got = std::collections::HashMap::new();
    let groups: Vec<_> = by_perf.iter().collect();
    std::thread::scope(|s| {
        let handles: Vec<_> = groups
            .chunks(64)
            .map(|chunk| {
                let (hub, d) = (hub, d);
                s.spawn(move || {
                    let mut out = Vec::new();
                    for (perf, models) in chunk {
                        let mut args = vec![
                            "--format".to_string(),
                            "json".into(),
                            "--isolated".into(),
                            // The published labels: paper mode, as the study computed them.
                            "--efficiency-mode".into(),
                            "paper".into(),
                        ];
                        if !perf.is_empty() {
                            args.extend(["--performance-score".into(), (*perf).clone()]);
                        }
                        args.extend(models.iter().map(|(_, id)| format!("hf://{id}")));
                        let a: Vec<&str> = args.iter().map(String::as_str).collect();
                        let v = common::json(&run(hub, &a, d, &[]));
                        for (k, (i, _)) in models.iter().enumerate() {
                            out.push((*i, v["cards"][k]["efficiency"]["class"].clone()));
                        }
                    }
                    out
                })
            })
            .collect();
        for h in handles {
            got.extend(h.join().unwrap());
        }
    });
    got
}

/// The study's labels end to end: every row with CO2 > 0 served as a model, linted as
/// `hf://…` with only the performance score given (the Hub has none).
#[test]
#[cfg_attr(
    not(shared_data),
    ignore = "needs ../shared beside the project (CI has it)"
)]
fn the_study_labels_every_model_from_hub_data() {
    let Some(shared) = common::shared("paper/HFCO2.csv") else {
        return;
    };
    let rows = common::study_rows(&shared.join("paper/HFCO2.csv"));
    let hub = Hub::start();
    let mut jobs = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let Some(co2) = r.co2.filter(|c| *c > 0.0) else {
            continue;
        };
        let id = format!("study/row-{i}");
        let mut card = format!("---\nco2_eq_emissions: {co2:?}\n");
        if let Some(ds) = r.datasets_size {
            card.push_str(&format!("datasets:\n- study/data-{i}\n"));
            hub.dataset(&format!("study/data-{i}"), ds);
        }
        card.push_str("---\n# row\n");
        hub.model(&id, &card, r.downloads, r.size);
        jobs.push((i, id));
    }
    assert_eq!(jobs.len(), 1418);
    let d = tempfile::tempdir().unwrap();
    // One run per performance score (the flag is per run); the rows without one in a single run.
    let mut by_perf: std::collections::BTreeMap<String, Vec<(usize, String)>> =
        std::collections::BTreeMap::default();
    for (i, id) in jobs {
        let key = rows[i]
            .performance
            .map_or(String::new(), |p| format!("{p:?}"));
        by_perf.entry(key).or_default().push((i, id));
    }
    let got = classes_by_performance(&hub, d.path(), &by_perf);
    let mut counts = std::collections::BTreeMap::new();
    for (i, class) in &got {
        let want = cardlint::class::efficiency::label(
            &rows[*i].inputs(),
            cardlint::class::efficiency::Mode::Paper,
        )
        .class
        .unwrap()
        .to_string();
        assert_eq!(class.as_str(), Some(want.as_str()), "row {i}");
        *counts.entry(want).or_insert(0) += 1;
    }
    assert_eq!(got.len(), 1418);
    // The study's distribution, less its one row with CO2 = 0.
    let zero = rows.iter().find(|r| r.co2 == Some(0.0)).unwrap();
    let zero = cardlint::class::efficiency::label(
        &zero.inputs(),
        cardlint::class::efficiency::Mode::Paper,
    )
    .class
    .unwrap()
    .to_string();
    let mut want: std::collections::BTreeMap<String, i32> =
        [("A", 37), ("B", 486), ("C", 826), ("D", 55), ("E", 15)]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
    *want.get_mut(&zero).unwrap() -= 1;
    assert_eq!(counts, want);
}

fn redirect(to: &str) -> Answer {
    Answer {
        status: 307,
        headers: vec![("Location".into(), to.into())],
        ..Answer::default()
    }
}

/// The token goes to the endpoint's origin only: a redirect to another port of the same host
/// is followed without it; a redirect within the endpoint keeps it.
#[test]
fn a_redirect_to_another_port_drops_the_token() {
    let hub = served();
    let other = Hub::start();
    other.model("org/model", CARD, Some(1200.0), Some(5e8));
    let there = format!("{}/api/models/org/model?blobs=true", other.url);
    hub.route("/api/models/org/model?blobs=true", vec![redirect(&there)]);
    hub.route(
        "/api/datasets/org/data",
        vec![redirect("/api/datasets/org/moved")],
    );
    hub.dataset("org/moved", 3e9);
    let d = tempfile::tempdir().unwrap();
    let out = run(
        &hub,
        &["--format", "json", "hf://org/model"],
        d.path(),
        &[("HF_TOKEN", "hf_secret_123")],
    );
    let v = common::json(&out);
    assert_eq!(metric(&v, 0, "downloads")["value"], 1200.0, "{v:#}");
    assert_eq!(metric(&v, 0, "datasets_size_efficency")["from"], "hub");
    let theirs = other.requests();
    assert_eq!(theirs.len(), 1, "{theirs:?}");
    assert_eq!(theirs[0].authorization, None);
    assert!(hub
        .requests()
        .iter()
        .all(|r| r.authorization.as_deref() == Some("Bearer hf_secret_123")));
    assert_eq!(hub.count("/api/datasets/org/moved"), 1);
}

/// A server that echoes the token (in a card, a file name, a `Location`, an answer quoted in
/// an error) never gets it into any output.
#[test]
fn a_token_echoed_by_the_server_reaches_no_output() {
    const TOKEN: &str = "hf_echoed_456";
    let hub = Hub::start();
    let card = format!(
        "---\nco2_eq_emissions: {TOKEN}\nlicense: {TOKEN}\ndatasets:\n- org/a\n- org/b\n---\n# {TOKEN}\n\nTrained in {TOKEN} hours.\n"
    );
    hub.model("org/model", &card, Some(1.0), None);
    hub.route(
        "/api/models/org/model?blobs=true",
        vec![Answer::json(&serde_json::json!({"siblings": [
            {"rfilename": format!("{TOKEN}.safetensors"), "size": 10}
        ]}))],
    );
    // A redirect to nowhere whose Location holds the token, and an answer quoted in the error.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    hub.route(
        "/api/datasets/org/a",
        vec![redirect(&format!("http://{port}/?token={TOKEN}"))],
    );
    hub.route(
        "/api/datasets/org/b",
        vec![Answer::text(&format!("\"{TOKEN}\""))],
    );
    hub.route(
        "/org/other/resolve/main/README.md",
        vec![Answer {
            body: TOKEN.as_bytes().to_vec(),
            ..Answer::status(500)
        }],
    );
    let d = tempfile::tempdir().unwrap();
    for format in ["json", "pretty", "github", "sarif", "markdown", "concise"] {
        let out = run(
            &hub,
            &["--format", format, "hf://org/model", "hf://org/other"],
            d.path(),
            &[("HF_TOKEN", TOKEN)],
        );
        let all = text(&out);
        assert!(!all.contains(TOKEN), "{format}: {all}");
        if format == "json" {
            assert!(all.contains("***.safetensors"), "{all}");
        }
    }
}

/// A listing of 100,000 weight files is summed in linear time, within the deadline that also
/// covers the work after the download.
#[test]
fn a_listing_of_100000_weight_files_is_read_in_linear_time() {
    let hub = served();
    let n = 100_000;
    let siblings: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({"rfilename": format!("model-{i:06}-of-{n}.safetensors"),
                "size": 134, "lfs": {"size": 2, "sha256": "0".repeat(64)}})
        })
        .collect();
    hub.route(
        "/api/models/org/model?blobs=true",
        vec![Answer::json(
            &serde_json::json!({"downloads": 3, "siblings": siblings}),
        )],
    );
    let d = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let v = common::json(&run(
        &hub,
        &["--format", "json", "hf://org/model"],
        d.path(),
        &[("CARDLINT_HUB_DEADLINE", "30")],
    ));
    let size = metric(&v, 0, "size_efficency");
    assert_eq!(size["from"], "hub", "{:#}", v["cards"][0]["diagnostics"]);
    let value = size["value"].as_f64().unwrap();
    assert!((value - f64::from(2 * n) / 25.4).abs() < 1e-6, "{value}");
    assert_eq!(
        v["cards"][0]["efficiency"]["model_files"]
            .as_array()
            .unwrap()
            .len(),
        n as usize
    );
    // Only a safety net: the quadratic search took minutes here, the linear one a second.
    assert!(start.elapsed() < Duration::from_secs(30));
}

/// Retries on 5xx for a card's datasets are bounded in total, not per dataset.
#[test]
fn retries_for_a_cards_datasets_are_bounded_in_total() {
    let hub = served();
    let mut card = String::from("---\nco2_eq_emissions: 25.4\ndatasets:\n");
    for i in 0..10 {
        card.push_str(&format!("- org/d{i}\n"));
        hub.route(
            &format!("/api/datasets/org/d{i}"),
            vec![Answer {
                headers: vec![("Retry-After".into(), "0".into())],
                ..Answer::status(503)
            }],
        );
    }
    card.push_str("---\n# m\n");
    hub.model("org/many", &card, Some(1.0), None);
    let d = tempfile::tempdir().unwrap();
    let v = common::json(&run(
        &hub,
        &["--format", "json", "hf://org/many"],
        d.path(),
        &[],
    ));
    assert_eq!(hub.count("/api/datasets/"), 10 + 2, "{v:#}");
}

/// `.` and `..` as revision path segments are refused without asking the Hub.
#[test]
fn dot_segments_in_a_revision_are_refused() {
    let hub = served();
    let d = tempfile::tempdir().unwrap();
    for rev in [".", "x/.", "./x", "x/./y", "..", "x/.."] {
        let out = run(
            &hub,
            &["--format", "json", &format!("hf://org/model@{rev}")],
            d.path(),
            &[],
        );
        let v = common::json(&out);
        assert_eq!(common::codes(&v, 0), ["CL901"], "{rev}");
    }
    assert_eq!(hub.requests().len(), 0, "{:?}", hub.requests());
}

/// Weight-file names from the Hub and from the checkout are escaped in the pretty output's
/// "model size from" line.
#[test]
fn weight_file_names_are_escaped_in_pretty_output() {
    let evil = "a\u{1b}]8;;x.test\u{7}\u{202e}b\n::error::forged\n##[warning]x.safetensors";
    let hub = served();
    hub.route(
        "/api/models/org/model?blobs=true",
        vec![Answer::json(&serde_json::json!({"siblings": [
            {"rfilename": evil, "size": 10}
        ]}))],
    );
    let d = tempfile::tempdir().unwrap();
    let from_hub = run(&hub, &["hf://org/model"], d.path(), &[]);
    common::write(d.path(), "README.md", CLEAN);
    std::fs::write(d.path().join(evil), b"weights").unwrap();
    let from_checkout = run(&hub, &["README.md"], d.path(), &[]);
    for out in [from_hub, from_checkout] {
        let all = text(&out);
        assert!(all.contains("model size from a\\u{1b}"), "{all}");
        assert!(!all.contains(['\u{1b}', '\u{7}', '\u{202e}']), "{all}");
        assert!(!all.contains("##[warning]"), "{all}");
        assert!(all.lines().all(|l| !l.starts_with("::")), "{all}");
    }
}
