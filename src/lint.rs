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
use crate::rules::{Ctx, Finding, FixCtx, RULES};
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
    /// The text's line index, built on the first ask ([`CardReport::lines`]).
    lines: std::sync::OnceLock<LineIndex>,
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
            lines: std::sync::OnceLock::new(),
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
        self.lines = std::sync::OnceLock::new();
    }

    /// The line index of the card's text (of no text once it is dropped), built on the first
    /// ask.
    pub fn lines(&self) -> &LineIndex {
        self.lines
            .get_or_init(|| LineIndex::new(self.source.as_deref().unwrap_or("")))
    }

    /// Where a finding is: computed from the card's text, or kept from when it was (a report
    /// that dropped its text to save memory, see [`CardReport::compact`]).
    pub fn location(&self, d: &Diagnostic) -> Option<crate::diagnostic::Location> {
        if d.location.is_some() {
            return d.location;
        }
        self.span_location(d.span?)
    }

    /// Where a span of the card's text is (`None` once the text is dropped).
    pub fn span_location(
        &self,
        span: crate::diagnostic::Span,
    ) -> Option<crate::diagnostic::Location> {
        let text = self.source.as_deref()?;
        let lines = self.lines();
        let a = lines.position(text, span.start);
        let b = lines.position(text, span.end);
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

/// The sub-field a finding says is missing, for the rules of the reporting ladder
/// (CL201–CL204, whose metadata name it).
fn ladder_field(d: &Diagnostic) -> Option<crate::facts::Co2Field> {
    crate::rules::lookup(d.code).and_then(|r| r.missing_field)
}

/// Findings of the missing-field rules on the same key and no more severe than the first become
/// one finding: the first names every missing field, and its help keeps the step to the next
/// level first. (Findings are sorted by span, then code, so CL201 leads where it fired.) The
/// message is built from the rules' fields and the value's form, never from their messages.
fn group_ladder_advice(diags: &mut Vec<Diagnostic>, form: Option<facts::Co2Form>) {
    // The lead: the first missing-field finding (the step to the next level); grouped with it
    // those on the same key and no more severe (a rule a config made an error stays apart).
    let Some(lead) = (0..diags.len()).find(|&i| ladder_field(&diags[i]).is_some()) else {
        return;
    };
    let same: Vec<usize> = (lead + 1..diags.len())
        .filter(|&i| {
            ladder_field(&diags[i]).is_some()
                && diags[i].span == diags[lead].span
                && diags[i].severity <= diags[lead].severity
        })
        .collect();
    let Some(form) = form.filter(|_| !same.is_empty()) else {
        return;
    };
    let fields: Vec<crate::facts::Co2Field> = std::iter::once(lead)
        .chain(same.iter().copied())
        .filter_map(|i| ladder_field(&diags[i]))
        .collect();
    let Some(message) = crate::rules::fields::missing_message(form, &fields) else {
        return;
    };
    let d = &mut diags[lead];
    d.message = message;
    d.help = Some(format!(
        "{}; then also {}",
        d.help.as_deref().unwrap_or(""),
        fields[1..]
            .iter()
            .map(|f| format!("`{}`", f.key()))
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
    let mut report = lint_card(path, text, settings, ext, None).0;
    report.source = Some(text.to_string());
    report
}

/// [`lint`] for a card read into a `String`: the text moves into the report, uncopied (the
/// pipeline's path, once per card).
pub fn lint_owned(path: &str, text: String, settings: &Settings, ext: &External) -> CardReport {
    let mut report = lint_card(path, &text, settings, ext, None).0;
    report.source = Some(text);
    report
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
    let (mut report, edits) = lint_card(path, text, settings, ext, Some(unsafe_ok));
    report.source = Some(text.to_string());
    (report, edits)
}

/// The edits of the rules that fired and have a fix, safe and unsafe; none where the front
/// matter cannot be edited (it does not parse, or is not a mapping).
fn edits(card: &Card, f: &facts::Facts, diags: &[Diagnostic]) -> Vec<Edit> {
    if crate::edit::editable(card).is_err() {
        return Vec::new();
    }
    let ctx = FixCtx { card, facts: f };
    RULES
        .iter()
        .filter(|r| r.fix.is_some() && diags.iter().any(|d| d.code == r.code))
        .filter_map(|r| r.fix.and_then(|fix| fix(&ctx)))
        .collect()
}

/// Gives each edit to the finding it mends: the rule's finding whose span holds the edit's
/// place, else the rule's first finding (an insertion for a missing field, a card-wide one).
fn attach_fixes(diags: &mut [Diagnostic], edits: &[Edit]) {
    for e in edits {
        let touches = |d: &Diagnostic| {
            d.span
                .is_some_and(|s| s.start <= e.span.end && e.span.start <= s.end)
        };
        let at = diags
            .iter()
            .position(|d| d.code == e.code && touches(d))
            .or_else(|| diags.iter().position(|d| d.code == e.code));
        if let Some(d) = at.and_then(|i| diags.get_mut(i)) {
            d.fix = Some(crate::diagnostic::Fix {
                safe: e.safe,
                edits: vec![(e.span, e.text.clone())],
            });
        }
    }
}

fn lint_card(
    path: &str,
    text: &str,
    settings: &Settings,
    ext: &External,
    fixing: Option<bool>,
) -> (CardReport, Vec<Edit>) {
    let mut card = Card::parse(text);
    let f = facts::collect(&card);
    let reporting = reporting::classify(&f);
    let inputs = efficiency::gather(&card, &f, &settings.facts, ext);
    let eff = efficiency::label(&inputs, settings.mode);
    let ctx = Ctx {
        path,
        card: &card,
        ext,
        facts: &f,
        reporting: &reporting,
        efficiency: &eff,
        min_reporting: settings.min_reporting,
        min_efficiency: settings.min_efficiency,
    };
    let mut diags: Vec<Diagnostic> = Vec::new();
    for rule in settings.rules() {
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
        .is_some_and(|min| reporting.level >= min);
    for d in &mut diags {
        d.severity = settings.severity(d.code, d.severity);
        // With a required reporting level that the card meets, what lifts it further is
        // advice, not a failure.
        if meets_minimum && ladder_field(d).is_some() {
            d.severity = d.severity.min(Severity::Info);
        }
        d.make_printable();
    }
    group_ladder_advice(&mut diags, f.co2.as_ref().map(|c| c.form));
    diags.sort_by_key(|d| (d.span.map(|s| (s.start, s.end)), d.code));
    let mut edits = edits(&card, &f, &diags);
    attach_fixes(&mut diags, &edits);
    match fixing {
        Some(unsafe_ok) => edits.retain(|e| e.safe || unsafe_ok),
        None => edits.clear(),
    }
    let report = CardReport {
        path: path.to_string(),
        // Set by the caller: moved in where it owns the text.
        source: None,
        bytes: text.len(),
        lines: card.take_lines(),
        reporting: Some(reporting),
        efficiency: Some(eff),
        form: f.form,
        // A rule's metadata says whether its findings fail the run (a fault of the Hub is not
        // one of the card: it never does).
        failing: diags.iter().any(|d| {
            d.severity >= settings.fail_on
                && crate::rules::lookup(d.code).is_none_or(|r| r.fails_run)
        }),
        diagnostics: diags,
        fixed: Vec::new(),
        diff: None,
        write_error: None,
    };
    (report, edits)
}
