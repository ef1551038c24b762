//! The hot path does no work it does not need: a card's text is not copied into its report
//! (the pipeline moves it), and rule selection is a set computed once per config.

use cardlint::config::Settings;
use cardlint::lint::{lint, lint_owned, External};
use cardlint::rules::{RuleSet, RULES};

#[test]
fn an_owned_card_moves_into_its_report() {
    let text = String::from("---\nco2_eq_emissions: 5\n---\n# m\n");
    let at = text.as_ptr();
    let settings = Settings::default();
    let r = lint_owned("c.md", text, &settings, &External::default());
    assert_eq!(
        r.source.as_ref().unwrap().as_ptr(),
        at,
        "the text was copied"
    );
    // The same report as the borrowing entry point's.
    let b = lint(
        "c.md",
        r.source.as_deref().unwrap(),
        &settings,
        &External::default(),
    );
    assert_eq!(
        format!("{:?}", b.diagnostics),
        format!("{:?}", r.diagnostics)
    );
}

#[test]
fn rule_sets_are_bits_in_code_order() {
    let all = RuleSet::all();
    assert!(RULES.iter().all(|r| all.contains(r.code)));
    assert_eq!(all.rules().count(), RULES.len());
    let mut s: RuleSet = ["CL201", "CL001", "CL999"].into_iter().collect();
    assert_eq!(
        s.rules().map(|r| r.code).collect::<Vec<_>>(),
        ["CL001", "CL201"]
    );
    s.remove("CL001");
    assert!(!s.contains("CL001") && s.contains("CL201"));
    let settings = Settings::default().without(&["CL006"]);
    assert!(!settings.enabled("CL006"));
    assert_eq!(settings.rules().count(), RULES.len() - 1);
    assert!(settings.rules().all(|r| r.code != "CL006"));
}
