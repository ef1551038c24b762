//! The JSON output, version 1: a contract other tools parse (see the README's schema).

use serde::Serialize;
use serde_json::{json, Value};

use super::{location, Summary};
use crate::lint::CardReport;

#[derive(Serialize)]
struct Diag<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    offset: Option<usize>,
    length: Option<usize>,
    /// What `--fix` (`safe`) or `--unsafe-fixes` (`unsafe`) would change; `null` if nothing.
    fix: Option<FixOut<'a>>,
}

#[derive(Serialize)]
struct FixOut<'a> {
    applicability: &'static str,
    edits: Vec<EditOut<'a>>,
}

/// One edit: the bytes `offset..offset + length` of the card (and their place) become
/// `content`.
#[derive(Serialize)]
struct EditOut<'a> {
    content: &'a str,
    offset: usize,
    length: usize,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
}

fn fix_out<'a>(c: &CardReport, f: &'a crate::diagnostic::Fix) -> FixOut<'a> {
    FixOut {
        applicability: f.applicability(),
        edits: f
            .edits
            .iter()
            .map(|(span, content)| {
                let l = c.span_location(*span);
                EditOut {
                    content,
                    offset: span.start,
                    length: span.len(),
                    line: l.map(|l| l.line),
                    column: l.map(|l| l.column),
                    end_line: l.map(|l| l.end_line),
                    end_column: l.map(|l| l.end_column),
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct Card<'a> {
    path: &'a str,
    reporting: &'a Option<crate::class::reporting::Reporting>,
    efficiency: &'a Option<crate::class::efficiency::Efficiency>,
    diagnostics: Vec<Diag<'a>>,
}

fn typed(c: &CardReport) -> Card<'_> {
    Card {
        path: &c.path,
        reporting: &c.reporting,
        efficiency: &c.efficiency,
        diagnostics: c
            .diagnostics
            .iter()
            .map(|d| {
                let l = location(c, d);
                Diag {
                    code: d.code,
                    name: d.name,
                    severity: d.severity.as_str(),
                    message: &d.message,
                    help: d.help.as_deref(),
                    line: l.map(|l| l.line),
                    column: l.map(|l| l.column),
                    end_line: l.map(|l| l.end_line),
                    end_column: l.map(|l| l.end_column),
                    offset: l.map(|l| l.offset),
                    length: l.map(|l| l.length),
                    fix: d.fix.as_ref().map(|f| fix_out(c, f)),
                }
            })
            .collect(),
    }
}

/// One card as a JSON value.
pub fn card(c: &CardReport) -> Value {
    serde_json::to_value(typed(c)).expect("serialisable")
}

/// One card on one line (corpus mode's `--format jsonl` rows carry it as their `report`).
pub fn card_line(c: &CardReport) -> String {
    let t = typed(c);
    let line = super::compact::to_string(&t)
        .unwrap_or_else(|| serde_json::to_string(&t).expect("serialisable"));
    super::json_safe(line)
}

/// The document's opening, up to the cards array.
pub const HEADER: &str = "{\n  \"version\": 1,\n  \"cards\": [";

/// One card, pretty-printed at the depth of the cards array; `first` says whether a comma leads.
pub fn card_text(c: &CardReport, first: bool) -> String {
    let body = super::json_safe(serde_json::to_string_pretty(&typed(c)).expect("serialisable"));
    let mut out = String::with_capacity(body.len() + body.len() / 8 + 8);
    out.push_str(if first { "\n    " } else { ",\n    " });
    // Every line indented by four spaces (memchr: this ran on every byte of the output).
    let mut at = 0;
    for nl in memchr::memchr_iter(b'\n', body.as_bytes()) {
        out.push_str(&body[at..=nl]);
        out.push_str("    ");
        at = nl + 1;
    }
    out.push_str(&body[at..]);
    out
}

/// The closing: the end of the cards array and the summary.
pub fn footer(sum: &Summary, any_cards: bool) -> String {
    let t = sum.totals;
    let e = sum.efficiency;
    let summary = json!({
        "cards": t.cards,
        "skipped": t.skipped,
        "errors": t.errors,
        "warnings": t.warnings,
        "infos": t.infos,
        "efficiency": {"A": e[0], "B": e[1], "C": e[2], "D": e[3], "E": e[4], "none": e[5]},
    });
    let summary = serde_json::to_string_pretty(&summary)
        .expect("serialisable")
        .replace('\n', "\n  ");
    let close = if any_cards { "\n  ]" } else { "]" };
    format!("{close},\n  \"summary\": {summary}\n}}\n")
}

/// The whole document (the CLI's streamed output is the same: see [`super::document`]).
pub fn render(cards: &[CardReport]) -> String {
    super::document::render(super::document::Kind::Json, cards)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The compact writer gives serde_json's line for every card of the fixtures and examples.
    #[test]
    fn a_card_line_is_serde_json_s() {
        let settings = crate::config::Settings::default();
        let ext = crate::lint::External::default();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("tests"), root.join("examples")];
        let mut n = 0;
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "md") {
                    let Ok(text) = std::fs::read_to_string(&p) else {
                        continue;
                    };
                    let mut r = crate::lint::lint(&p.display().to_string(), &text, &settings, &ext);
                    r.source = Some(text);
                    let want = serde_json::to_string(&typed(&r)).unwrap();
                    assert_eq!(
                        super::super::compact::to_string(&typed(&r)).unwrap(),
                        want,
                        "{}",
                        p.display()
                    );
                    n += 1;
                }
            }
        }
        assert!(n > 50, "{n} cards");
    }

    #[test]
    fn streamed_json_is_the_same_document() {
        let settings = crate::config::Settings::default();
        let ext = crate::lint::External::default();
        let cards: Vec<CardReport> = ["---\nco2_eq_emissions: 3\n---\n", "# x\n"]
            .iter()
            .enumerate()
            .map(|(i, t)| crate::lint::lint(&format!("c{i}.md"), t, &settings, &ext))
            .collect();
        let streamed: Value = serde_json::from_str(&render(&cards)).unwrap();
        let whole = json!({
            "version": 1,
            "cards": cards.iter().map(card).collect::<Vec<_>>(),
            "summary": {"cards": 2, "skipped": 0, "errors": 0, "warnings": 2, "infos": 1,
                        "efficiency": {"A": 0, "B": 0, "C": 1, "D": 0, "E": 0, "none": 1}},
        });
        assert_eq!(
            serde_json::to_string_pretty(&whole).unwrap() + "\n",
            render(&cards)
        );
        assert_eq!(streamed, whole);
        assert_eq!(render(&[]), "{\n  \"version\": 1,\n  \"cards\": [],\n  \"summary\": {\n    \"cards\": 0,\n    \"skipped\": 0,\n    \"errors\": 0,\n    \"warnings\": 0,\n    \"infos\": 0,\n    \"efficiency\": {\n      \"A\": 0,\n      \"B\": 0,\n      \"C\": 0,\n      \"D\": 0,\n      \"E\": 0,\n      \"none\": 0\n    }\n  }\n}\n");
    }
}
