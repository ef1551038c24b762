//! Rule behaviour lives in the rule: whether a finding fails the run, and which sub-field a
//! rule of the reporting ladder reports missing (the grouping of CL201–CL204 builds its
//! message from those fields, not from the rules' message text).

use cardlint::config::Settings;
use cardlint::facts::{Co2Field, Co2Form};
use cardlint::lint::{lint, External};
use cardlint::rules::{fields::missing_message, lookup, RULES};

#[test]
fn only_the_hub_fault_never_fails_a_run() {
    let never: Vec<&str> = RULES
        .iter()
        .filter(|r| !r.fails_run)
        .map(|r| r.code)
        .collect();
    assert_eq!(never, ["CL404"]);
    assert!(!lookup("hub-unavailable").unwrap().fails_run);
}

#[test]
fn the_ladder_is_the_rules_missing_fields_in_code_order() {
    let ladder: Vec<(&str, Co2Field)> = RULES
        .iter()
        .filter_map(|r| r.missing_field.map(|f| (r.code, f)))
        .collect();
    assert_eq!(
        ladder,
        [
            ("CL201", Co2Field::HardwareUsed),
            ("CL202", Co2Field::Source),
            ("CL203", Co2Field::TrainingType),
            ("CL204", Co2Field::GeographicalLocation),
        ]
    );
}

#[test]
fn grouped_messages_are_built_from_fields() {
    use Co2Field::*;
    assert_eq!(
        missing_message(Co2Form::Mapping, &[Source]).unwrap(),
        "`co2_eq_emissions` has no `source`"
    );
    assert_eq!(
        missing_message(Co2Form::Number, &[HardwareUsed, Source, TrainingType]).unwrap(),
        "`co2_eq_emissions` is a bare value, so it has no `hardware_used`, `source` or `training_type`"
    );
    assert_eq!(missing_message(Co2Form::Absent, &[Source]), None);
    assert_eq!(missing_message(Co2Form::Mapping, &[]), None);

    let settings = Settings::default();
    let ext = External::default();
    let cases = [
        // A mapping missing two fields: one finding naming both.
        (
            "---\nco2_eq_emissions:\n  emissions: 5\n  hardware_used: 1 x T4\n  source: CodeCarbon\n---\n",
            "`co2_eq_emissions` has no `training_type` or `geographical_location`",
            "CL203",
        ),
        // A bare value: all four.
        (
            "---\nco2_eq_emissions: '5 g'\n---\n",
            "`co2_eq_emissions` is a bare value, so it has no `hardware_used`, `source`, `training_type` or `geographical_location`",
            "CL201",
        ),
    ];
    for (card, message, code) in cases {
        let r = lint("c.md", card, &settings, &ext);
        let ladder: Vec<_> = r
            .diagnostics
            .iter()
            .filter(|d| lookup(d.code).unwrap().missing_field.is_some())
            .collect();
        assert_eq!(ladder.len(), 1, "{:#?}", r.diagnostics);
        assert_eq!(
            (ladder[0].code, ladder[0].message.as_str()),
            (code, message)
        );
    }
}
