//! Typed options: the library takes the efficiency mode, the minimum reporting level and
//! efficiency class and the fail severity as values of its own types (the command line parses
//! strings into them), and its reporting level is an enum, serialised as its number.

use cardlint::class::efficiency::{Grade, Mode};
use cardlint::class::reporting::Level;
use cardlint::config::{resolve, Overrides};
use cardlint::diagnostic::Severity;
use cardlint::lint::{lint, External};

#[test]
fn the_library_takes_typed_overrides() {
    let ov = Overrides {
        min_reporting: Some(Level::Awareness),
        min_efficiency: Some(Grade::B),
        fail_on: Some(Severity::Error),
        mode: Some(Mode::Corrected),
        ..Overrides::default()
    };
    let s = resolve(None, &ov).unwrap();
    assert_eq!(s.min_reporting, Some(Level::Awareness));
    assert_eq!(s.min_efficiency, Some(Grade::B));
    assert_eq!(s.fail_on, Severity::Error);
    assert_eq!(s.mode, Mode::Corrected);
    // A card at Basic fails a minimum of Awareness.
    let r = lint(
        "c.md",
        "---\nco2_eq_emissions: 5\n---\n",
        &s,
        &External::default(),
    );
    assert_eq!(r.reporting.as_ref().unwrap().level, Level::Basic);
    assert!(
        r.diagnostics.iter().any(|d| d.code == "CL401"),
        "{:?}",
        r.diagnostics
    );
}

#[test]
fn levels_are_an_enum_serialised_as_numbers() {
    assert_eq!(Level::ALL.len(), 6);
    for (n, l) in Level::ALL.into_iter().enumerate() {
        assert_eq!(usize::from(l.number()), n);
        assert_eq!(Level::parse(&n.to_string()), Some(l));
        assert_eq!(Level::parse(l.id()), Some(l));
        assert_eq!(serde_json::to_string(&l).unwrap(), n.to_string());
    }
    assert_eq!(Level::parse("6"), None);
    assert!(Level::Basic < Level::Awareness);
    assert_eq!(Level::Basic.label(), "Basic Energy Reporting (2/5)");
}

#[test]
fn the_five_metrics_are_an_enum_named_as_the_study_names_them() {
    use cardlint::class::efficiency::{MetricId, METRICS};
    let ids: Vec<MetricId> = METRICS.iter().map(|m| m.name).collect();
    assert_eq!(ids, MetricId::ALL);
    let names: Vec<String> = MetricId::ALL
        .iter()
        .map(|m| serde_json::to_string(m).unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "\"co2_eq_emissions\"",
            "\"size_efficency\"",
            "\"datasets_size_efficency\"",
            "\"downloads\"",
            "\"performance_score\""
        ]
    );
    let r = lint(
        "c.md",
        "---\nco2_eq_emissions: 5\n---\n",
        &cardlint::config::Settings::default(),
        &External::default(),
    );
    let e = r.efficiency.unwrap();
    assert_eq!(e.metrics[0].name, MetricId::Co2);
    assert_eq!(e.metrics[4].name.to_string(), "performance_score");
}
