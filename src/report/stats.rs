//! `cardlint stats`: the corpus-level view the study reported: how many cards report CO2, the
//! distribution over the six reporting levels, the forms the value takes, the efficiency classes
//! and the most frequent findings. Accumulated card by card, so memory stays flat.

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::json;

use crate::class::reporting::LEVELS;
use crate::facts::{Co2Form, Origin};
use crate::lint::CardReport;

/// The forms of the emissions value, in report order.
pub const FORMS: [&str; 7] = [
    "number",
    "mapping",
    "string",
    "body only",
    "empty",
    "other",
    "absent",
];

#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub cards: usize,
    pub bytes: usize,
    pub unreadable: usize,
    /// Why cards could not be read: reason → cards (kept out of every other table).
    pub unreadable_why: std::collections::BTreeMap<String, usize>,
    pub with_co2_key: usize,
    pub levels: [usize; 6],
    pub forms: [usize; 7],
    /// A–E, then none.
    pub efficiency: [usize; 6],
    /// Labels that rest on fewer than 3 of the 5 metrics (counted in `efficiency` too).
    pub provisional: usize,
    /// Per rule: (cards with at least one such finding, findings, name).
    pub findings: HashMap<&'static str, (usize, usize, &'static str)>,
}

impl Stats {
    pub fn add(&mut self, c: &CardReport) {
        self.cards += 1;
        self.bytes += c.bytes;
        if c.reporting.is_none() {
            // Unreadable: counted with its reason, and nowhere else (it has no form or class).
            self.unreadable += 1;
            let why = c
                .diagnostics
                .first()
                .map_or_else(|| "unreadable".to_string(), |d| d.message.clone());
            *self.unreadable_why.entry(why).or_default() += 1;
            return;
        }
        let form = match c.form {
            Co2Form::Number => 0,
            Co2Form::Mapping => 1,
            Co2Form::String => 2,
            Co2Form::Null => 4,
            Co2Form::Other => 5,
            Co2Form::Absent
                if c.reporting
                    .as_ref()
                    .is_some_and(|r| r.co2_from == Some(Origin::Body)) =>
            {
                3
            }
            Co2Form::Absent => 6,
        };
        self.forms[form] += 1;
        if c.form != Co2Form::Absent {
            self.with_co2_key += 1;
        }
        if let Some(r) = &c.reporting {
            self.levels[r.level as usize] += 1;
        }
        self.efficiency[super::class_slot(c)] += 1;
        if c.efficiency.as_ref().is_some_and(|e| e.provisional) {
            self.provisional += 1;
        }
        for (i, d) in c.diagnostics.iter().enumerate() {
            let e = self.findings.entry(d.code).or_insert((0, 0, d.name));
            e.1 += 1;
            // A card counts once per rule, however many such findings it has.
            if !c.diagnostics[..i].iter().any(|p| p.code == d.code) {
                e.0 += 1;
            }
        }
    }

    /// The rules found on the most cards: (code, name, cards, findings).
    fn top(&self, n: usize) -> Vec<(&'static str, &'static str, usize, usize)> {
        let mut v: Vec<_> = self
            .findings
            .iter()
            .map(|(c, (k, f, name))| (*c, *name, *k, *f))
            .collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    fn pct(&self, n: usize) -> f64 {
        if self.cards == 0 {
            0.0
        } else {
            100.0 * n as f64 / self.cards as f64
        }
    }

    pub fn json(&self) -> String {
        let levels: serde_json::Map<String, serde_json::Value> = LEVELS
            .iter()
            .zip(self.levels)
            .map(|((id, _), n)| (id.to_string(), json!(n)))
            .collect();
        let forms: serde_json::Map<String, serde_json::Value> = FORMS
            .iter()
            .zip(self.forms)
            .map(|(f, n)| (f.replace(' ', "_"), json!(n)))
            .collect();
        let e = self.efficiency;
        let v = json!({
            "version": 1,
            "cards": self.cards,
            "bytes": self.bytes,
            "unreadable": self.unreadable,
            "unreadable_reasons": self.unreadable_why,
            "with_co2_eq_emissions": self.with_co2_key,
            "share_with_co2_eq_emissions": self.pct(self.with_co2_key) / 100.0,
            "reporting": levels,
            "forms": forms,
            "efficiency": {"A": e[0], "B": e[1], "C": e[2], "D": e[3], "E": e[4], "none": e[5], "provisional": self.provisional},
            "findings": self.top(usize::MAX).iter().map(|(c, n, k, f)| json!({"code": c, "name": n, "cards": k, "share_of_cards": self.pct(*k) / 100.0, "count": f})).collect::<Vec<_>>(),
        });
        serde_json::to_string_pretty(&v).expect("serialisable") + "\n"
    }

    fn rows(&self) -> Vec<(String, Vec<(String, usize)>)> {
        vec![
            (
                "Reporting level".into(),
                LEVELS
                    .iter()
                    .enumerate()
                    .map(|(i, (_, name))| {
                        // Level 5 says what it is wherever it is named.
                        let what = if i == 5 {
                            " (EcoCard tag, not a certification)"
                        } else {
                            ""
                        };
                        (format!("{i} {name}{what}"), self.levels[i])
                    })
                    .collect(),
            ),
            (
                "co2_eq_emissions form".into(),
                FORMS
                    .iter()
                    .zip(self.forms)
                    .map(|(f, n)| (f.to_string(), n))
                    .collect(),
            ),
            (
                "Efficiency class".into(),
                ["A", "B", "C", "D", "E", "none"]
                    .iter()
                    .zip(self.efficiency)
                    .map(|(k, n)| (k.to_string(), n))
                    .chain([(
                        "of these provisional (< 3 of 5 metrics)".to_string(),
                        self.provisional,
                    )])
                    .collect(),
            ),
            (
                "Most frequent findings (cards with each)".into(),
                self.top(10)
                    .into_iter()
                    .map(|(c, name, k, _)| (format!("{c} {name}"), k))
                    .collect(),
            ),
        ]
    }

    pub fn pretty(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} ({:.1} MB), {} unreadable",
            cards(self.cards),
            self.bytes as f64 / 1e6,
            self.unreadable
        );
        for (why, n) in &self.unreadable_why {
            let _ = writeln!(out, "  {}: {}", cards(*n), crate::escape::safe_text(why));
        }
        let _ = writeln!(
            out,
            "with co2_eq_emissions: {} ({:.1} %)",
            self.with_co2_key,
            self.pct(self.with_co2_key)
        );
        for (title, rows) in self.rows() {
            let _ = writeln!(out, "\n{title}");
            let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
            for (label, n) in rows {
                let _ = writeln!(out, "  {label:<width$}  {n:>7}  {:>5.1} %", self.pct(n));
            }
        }
        out
    }

    /// Why every card was unreadable, when none could be read (`None` otherwise).
    pub fn all_unreadable(&self) -> Option<String> {
        (self.cards > 0 && self.unreadable == self.cards).then(|| {
            self.unreadable_why
                .iter()
                .map(|(why, n)| format!("{}: {why}", cards(*n)))
                .collect::<Vec<_>>()
                .join("; ")
        })
    }

    pub fn markdown(&self) -> String {
        let mut out = String::from("## cardlint stats\n\n");
        let _ = writeln!(
            out,
            "{}, {} with `co2_eq_emissions` ({:.1} %), {} unreadable.",
            cards(self.cards),
            self.with_co2_key,
            self.pct(self.with_co2_key),
            self.unreadable
        );
        for (title, rows) in self.rows() {
            let _ = writeln!(out, "\n| {title} | cards | share |\n|---|---:|---:|");
            for (label, n) in rows {
                let _ = writeln!(
                    out,
                    "| {} | {n} | {:.1} % |",
                    super::markdown::escape(&label),
                    self.pct(n)
                );
            }
        }
        out
    }
}

/// `1 card`, `2 cards`.
fn cards(n: usize) -> String {
    format!("{n} card{}", if n == 1 { "" } else { "s" })
}
