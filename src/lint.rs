//! The pure core: `lint(path, text, settings)` parses a card, classifies it, runs the enabled
//! rules, applies suppressions and severity overrides, and returns a [`CardReport`].

use crate::card::Card;
use crate::class::efficiency::{self, Efficiency, Inputs, Provenance};
use crate::class::reporting::{self, Reporting};
use crate::config::Settings;
use crate::diagnostic::{Diagnostic, LineIndex, Severity};
use crate::facts::{self, Origin};
use crate::rules::{self, Ctx, Finding, RULES};
use crate::suppress;

/// Facts from outside the card: the model repository's weight files and the user's flags.
#[derive(Debug, Clone, Default)]
pub struct External {
    /// Model size in bytes and the files counted.
    pub model_size: Option<(f64, Vec<String>)>,
}

/// Everything cardlint found out about one card.
#[derive(Debug, Clone)]
pub struct CardReport {
    pub path: String,
    /// The card's text; `None` when it could not be read.
    pub source: Option<String>,
    /// The card's size in bytes (kept when `compact` drops the text).
    pub bytes: usize,
    pub lines: LineIndex,
    pub reporting: Option<Reporting>,
    pub efficiency: Option<Efficiency>,
    /// Weight files counted for the model size.
    pub model_files: Vec<String>,
    /// The performance score is the harmonic mean of one card's raw values (an approximation).
    pub performance_approximate: bool,
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
        let rule = rules::by_code("CL901");
        CardReport {
            path: crate::report::safe_text(path).into_owned(),
            source: None,
            bytes: 0,
            lines: LineIndex::new(""),
            reporting: None,
            efficiency: None,
            model_files: Vec::new(),
            performance_approximate: false,
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
            let l = crate::report::location(self, &self.diagnostics[i]);
            self.diagnostics[i].location = l;
        }
        self.bytes = self.source.take().map_or(0, |s| s.len());
        self.lines = LineIndex::new("");
    }

    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }
}

/// The rules that say which `co2_eq_emissions` field is missing, in the order that lifts the
/// card up the reporting ladder.
const LADDER: [&str; 4] = ["CL201", "CL202", "CL203", "CL204"];

/// Findings of the missing-field rules on the same key and no more severe than the first become one
/// finding: the first names every missing field, and its help keeps the step to the next level
/// first. (Findings are sorted by span, then code, so CL201 leads where it fired.)
fn group_ladder_advice(diags: &mut Vec<Diagnostic>) {
    // The lead: the first missing-field finding (the step to the next level); grouped with it
    // those on the same key and no more severe (a rule a config made an error stays apart).
    let Some(lead) = (0..diags.len()).find(|&i| LADDER.contains(&diags[i].code)) else {
        return;
    };
    let same: Vec<usize> = (lead + 1..diags.len())
        .filter(|&i| {
            LADDER.contains(&diags[i].code)
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
    let card = Card::parse(text);
    let f = facts::collect(&card);
    let reporting = reporting::classify(&f);
    let flags = &settings.facts;
    let perf_card = facts::performance_from_model_index(&card);
    let co2 = f.co2();
    let inputs = Inputs {
        co2_grams: co2.map(|c| c.0),
        model_size_bytes: flags.model_size.or(ext.model_size.as_ref().map(|m| m.0)),
        datasets_size_bytes: flags.datasets_size,
        downloads: flags.downloads,
        performance_score: flags.performance_score.or(perf_card),
        from: [
            co2.map(|c| match c.1 {
                Origin::Metadata => Provenance::Metadata,
                Origin::Body => Provenance::Body,
            }),
            if flags.model_size.is_some() {
                Some(Provenance::Flag)
            } else {
                ext.model_size.as_ref().map(|_| Provenance::Repository)
            },
            flags.datasets_size.map(|_| Provenance::Flag),
            flags.downloads.map(|_| Provenance::Flag),
            if flags.performance_score.is_some() {
                Some(Provenance::Flag)
            } else {
                perf_card.map(|_| Provenance::ModelIndex)
            },
        ],
    };
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
    let unused = suppress::apply(&card, &mut diags, &|c| settings.enabled(c));
    if settings.enabled("CL902") {
        let rule = rules::by_code("CL902");
        diags.extend(unused.into_iter().map(|x| rule.diagnostic(x)));
    }
    let meets_minimum = settings
        .min_reporting
        .is_some_and(|min| reporting.level >= min.0);
    for d in &mut diags {
        d.severity = settings.severity(d.code, d.severity);
        // With a required reporting level that the card meets, what lifts it further is
        // advice, not a failure.
        if meets_minimum && LADDER.contains(&d.code) {
            d.severity = d.severity.min(Severity::Info);
        }
        d.make_printable();
    }
    group_ladder_advice(&mut diags);
    diags.sort_by_key(|d| (d.span.map(|s| (s.start, s.end)), d.code));
    CardReport {
        path: crate::report::safe_text(path).into_owned(),
        source: Some(text.to_string()),
        bytes: text.len(),
        lines: card.lines,
        reporting: Some(reporting),
        efficiency: Some(eff),
        model_files: if flags.model_size.is_some() {
            Vec::new()
        } else {
            ext.model_size
                .as_ref()
                .map(|m| m.1.clone())
                .unwrap_or_default()
        },
        performance_approximate: flags.performance_score.is_none() && perf_card.is_some(),
        form: f.form,
        failing: diags.iter().any(|d| d.severity >= settings.fail_on),
        diagnostics: diags,
        fixed: Vec::new(),
        diff: None,
        write_error: None,
    }
}
