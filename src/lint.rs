//! The pure core: `lint(path, text, settings)` parses a card, classifies it, runs the enabled
//! rules, applies suppressions and severity overrides, and returns a [`CardReport`].

use crate::card::Card;
pub use crate::class::efficiency::External;
use crate::class::efficiency::{self, Efficiency};
use crate::class::reporting::{self, Reporting};
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use crate::edit::Edit;
use crate::facts;
use crate::rules::engine::{hub_unavailable, unreadable_card, unused_suppression};
use crate::rules::fields::{
    missing_geographical_location, missing_hardware_used, missing_source, missing_training_type,
};
use crate::rules::{Ctx, Finding, FixCtx, Rule, RULES};
use crate::suppress;

/// Everything cardlint found out about one card.
#[derive(Debug, Clone)]
pub struct CardReport {
    /// The card's path as given, unescaped: formats that can carry any text (JSON, SARIF's
    /// URI) name the real file; every other output shows [`CardReport::shown_path`].
    pub path: String,
    /// The card's text; `None` when it could not be read.
    pub source: Option<String>,
    /// The card's size in bytes (kept when `compact` drops the text).
    pub bytes: usize,
    pub lines: LineIndex,
    pub reporting: Option<Reporting>,
    pub efficiency: Option<Efficiency>,
    pub form: facts::Co2Form,
    pub diagnostics: Vec<Diagnostic>,
    /// A finding reaches the card's fail level (`fail-on`).
    pub failing: bool,
    /// Rules whose findings `--fix` fixed (the diagnostics are those left afterwards).
    pub fixed: Vec<&'static str>,
    /// `--diff`: the unified diff the fixes would make.
    pub diff: Option<String>,
    /// Why fixes could not be written (the card is then reported as it was).
    pub write_error: Option<String>,
}

impl CardReport {
    /// A card that could not be read: it still appears, with a diagnostic saying why.
    pub fn unreadable(path: &str, why: String, help: &str) -> CardReport {
        let rule = &unreadable_card::RULE;
        CardReport {
            path: path.to_string(),
            source: None,
            bytes: 0,
            lines: LineIndex::new(""),
            reporting: None,
            efficiency: None,
            form: facts::Co2Form::Absent,
            diagnostics: vec![rule.diagnostic(Finding::new(None, why).help(help))],
            failing: true,
            fixed: Vec::new(),
            diff: None,
            write_error: None,
        }
    }

    /// Resolves every finding's place and drops the card's text (and line index): what is
    /// left is the verdict and compact per-finding records, so reports kept for the end (the
    /// Markdown report, stats) cost little however large the cards were.
    pub fn compact(&mut self) {
        if self.source.is_none() {
            return;
        }
        for i in 0..self.diagnostics.len() {
            let l = self.location(&self.diagnostics[i]);
            self.diagnostics[i].location = l;
        }
        self.bytes = self.source.take().map_or(0, |s| s.len());
        self.lines = LineIndex::new("");
    }

    /// Where a finding is: computed from the card's text, or kept from when it was (a report
    /// that dropped its text to save memory, see [`CardReport::compact`]).
    pub fn location(&self, d: &Diagnostic) -> Option<crate::diagnostic::Location> {
        if d.location.is_some() {
            return d.location;
        }
        let span = d.span?;
        let text = self.source.as_deref()?;
        let a = self.lines.position(text, span.start);
        let b = self.lines.position(text, span.end);
        Some(crate::diagnostic::Location {
            line: a.line,
            column: a.column,
            end_line: b.line,
            end_column: b.column,
            offset: span.start,
            length: span.len(),
        })
    }

    /// The path escaped for a terminal, a log or a single line of text (see
    /// [`crate::escape::safe_text`]).
    pub fn shown_path(&self) -> std::borrow::Cow<'_, str> {
        crate::escape::safe_text(&self.path)
    }

    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }
}

/// The rules that say which `co2_eq_emissions` field is missing, in the order that lifts the
/// card up the reporting ladder.
const LADDER: [&Rule; 4] = [
    &missing_hardware_used::RULE,
    &missing_source::RULE,
    &missing_training_type::RULE,
    &missing_geographical_location::RULE,
];

fn on_ladder(code: &str) -> bool {
    LADDER.iter().any(|r| r.code == code)
}

/// Findings of the missing-field rules on the same key and no more severe than the first become one
/// finding: the first names every missing field, and its help keeps the step to the next level
/// first. (Findings are sorted by span, then code, so CL201 leads where it fired.)
fn group_ladder_advice(diags: &mut Vec<Diagnostic>) {
    // The lead: the first missing-field finding (the step to the next level); grouped with it
    // those on the same key and no more severe (a rule a config made an error stays apart).
    let Some(lead) = (0..diags.len()).find(|&i| on_ladder(diags[i].code)) else {
        return;
    };
    let same: Vec<usize> = (lead + 1..diags.len())
        .filter(|&i| {
            on_ladder(diags[i].code)
                && diags[i].span == diags[lead].span
                && diags[i].severity <= diags[lead].severity
        })
        .collect();
    if same.is_empty() {
        return;
    }
    let field = |d: &Diagnostic| d.message.rsplit('`').nth(1).unwrap_or("").to_string();
    let mut fields = vec![field(&diags[lead])];
    fields.extend(same.iter().map(|&i| field(&diags[i])));
    let list = match fields.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!(
            "{} or `{last}`",
            rest.iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => format!("`{}`", fields[0]),
    };
    let d = &mut diags[lead];
    d.message = match d.message.split_once(" no `") {
        Some((head, _)) => format!("{head} no {list}"),
        None => d.message.clone(),
    };
    d.help = Some(format!(
        "{}; then also {}",
        d.help.as_deref().unwrap_or(""),
        fields[1..]
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    let mut drop = same;
    drop.sort_unstable();
    for i in drop.into_iter().rev() {
        diags.remove(i);
    }
}

/// Lints one card.
pub fn lint(path: &str, text: &str, settings: &Settings, ext: &External) -> CardReport {
    lint_card(path, text, settings, ext, None).0
}

/// Lints one card and collects the edits that fix its findings (unsafe ones too with
/// `unsafe_ok`): `--fix` lints each version of a card once.
pub fn lint_with_edits(
    path: &str,
    text: &str,
    settings: &Settings,
    ext: &External,
    unsafe_ok: bool,
) -> (CardReport, Vec<Edit>) {
    lint_card(path, text, settings, ext, Some(unsafe_ok))
}

/// The edits of the rules that fired and have a fix; none where the front matter cannot be
/// edited (it does not parse, or is not a mapping).
fn edits(card: &Card, f: &facts::Facts, diags: &[Diagnostic], unsafe_ok: bool) -> Vec<Edit> {
    if crate::edit::editable(card).is_err() {
        return Vec::new();
    }
    let ctx = FixCtx { card, facts: f };
    RULES
        .iter()
        .filter(|r| diags.iter().any(|d| d.code == r.code))
        .filter_map(|r| r.fix.and_then(|fix| fix(&ctx)))
        .filter(|e| e.safe || unsafe_ok)
        .collect()
}

fn lint_card(
    path: &str,
    text: &str,
    settings: &Settings,
    ext: &External,
    fixing: Option<bool>,
) -> (CardReport, Vec<Edit>) {
    let card = Card::parse(text);
    let f = facts::collect(&card);
    let reporting = reporting::classify(&f);
    let inputs = efficiency::gather(&card, &f, &settings.facts, ext);
    let eff = efficiency::label(&inputs, settings.mode);
    let ctx = Ctx {
        card: &card,
        facts: &f,
        reporting: &reporting,
        efficiency: &eff,
        min_reporting: settings.min_reporting,
        min_efficiency: settings.min_efficiency,
    };
    let mut diags: Vec<Diagnostic> = Vec::new();
    for rule in RULES.iter().filter(|r| settings.enabled(r.code)) {
        if let Some(check) = rule.check {
            diags.extend(check(&ctx).into_iter().map(|x| rule.diagnostic(x)));
        }
    }
    let hub = &hub_unavailable::RULE;
    if settings.enabled(hub.code) {
        diags.extend(ext.hub.problems.iter().map(|p| {
            hub.diagnostic(Finding::new(None, p.clone()).help(
                "the label is computed from the facts cardlint has; the run's exit code is what it would be without the Hub",
            ))
        }));
    }
    let unused = suppress::apply(&card, &mut diags, &|c| settings.enabled(c));
    let rule = &unused_suppression::RULE;
    if settings.enabled(rule.code) {
        diags.extend(unused.into_iter().map(|x| rule.diagnostic(x)));
    }
    let meets_minimum = settings
        .min_reporting
        .is_some_and(|min| reporting.level >= min.0);
    for d in &mut diags {
        d.severity = settings.severity(d.code, d.severity);
        // With a required reporting level that the card meets, what lifts it further is
        // advice, not a failure.
        if meets_minimum && on_ladder(d.code) {
            d.severity = d.severity.min(Severity::Info);
        }
        d.make_printable();
    }
    group_ladder_advice(&mut diags);
    diags.sort_by_key(|d| (d.span.map(|s| (s.start, s.end)), d.code));
    let edits = fixing.map_or_else(Vec::new, |u| edits(&card, &f, &diags, u));
    let report = CardReport {
        path: path.to_string(),
        source: Some(text.to_string()),
        bytes: text.len(),
        lines: card.lines,
        reporting: Some(reporting),
        efficiency: Some(eff),
        form: f.form,
        // A fault of the Hub is not one of the card: it never fails the run.
        failing: diags
            .iter()
            .any(|d| d.severity >= settings.fail_on && d.code != hub.code),
        diagnostics: diags,
        fixed: Vec::new(),
        diff: None,
        write_error: None,
    };
    (report, edits)
}
