//! The JSON output, version 1: a contract other tools parse (see the README's schema).

use serde::Serialize;
use serde_json::{json, Value};

use super::{location, Totals};
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
}

/// One card as a JSON value.
pub fn card(c: &CardReport) -> Value {
    let diagnostics: Vec<Value> = c
        .diagnostics
        .iter()
        .map(|d| {
            let l = location(c, d);
            serde_json::to_value(Diag {
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
            })
            .expect("serialisable")
        })
        .collect();
    let efficiency = c.efficiency.as_ref().map(|e| {
        let mut v = serde_json::to_value(e).expect("serialisable");
        v["model_files"] = json!(c.model_files);
        v["performance_approximate"] = json!(c.performance_approximate);
        v
    });
    json!({
        "path": c.path,
        "reporting": c.reporting,
        "efficiency": efficiency,
        "diagnostics": diagnostics,
    })
}

/// Class counts over all cards: `{"A": 1, …, "none": 2}`.
pub fn efficiency_counts(cards: &[CardReport]) -> Value {
    let mut counts = [0usize; 6];
    for c in cards {
        let i = c
            .efficiency
            .as_ref()
            .and_then(|e| e.class)
            .map_or(5, |k| (k as u8 - b'A') as usize);
        counts[i] += 1;
    }
    json!({"A": counts[0], "B": counts[1], "C": counts[2], "D": counts[3], "E": counts[4], "none": counts[5]})
}

pub fn render(cards: &[CardReport]) -> String {
    let t = Totals::of(cards);
    let v = json!({
        "version": 1,
        "cards": cards.iter().map(card).collect::<Vec<_>>(),
        "summary": {
            "cards": t.cards,
            "errors": t.errors,
            "warnings": t.warnings,
            "infos": t.infos,
            "efficiency": efficiency_counts(cards),
        },
    });
    let mut s = serde_json::to_string_pretty(&v).expect("serialisable");
    s.push('\n');
    s
}
