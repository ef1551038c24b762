//! `--statistics`: how many findings each rule made over the run, most first (as ruff's
//! `--statistics`), `[*]` where `--fix` mends them.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::lint::CardReport;

/// Findings per rule, accumulated card by card (output is streamed).
#[derive(Debug, Clone, Default)]
pub struct Statistics {
    /// code → (name, findings, findings with a safe fix).
    rules: BTreeMap<&'static str, (&'static str, usize, usize)>,
}

impl Statistics {
    pub fn add(&mut self, c: &CardReport) {
        for d in &c.diagnostics {
            let e = self.rules.entry(d.code).or_insert((d.name, 0, 0));
            e.1 += 1;
            e.2 += usize::from(d.fix.as_ref().is_some_and(|f| f.safe));
        }
    }

    /// One line a rule: the count, the code, `[*]` if every one of its findings has a safe
    /// fix, the name. Most findings first, then by code.
    pub fn render(&self) -> String {
        let mut rows: Vec<_> = self.rules.iter().collect();
        rows.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
        let width = rows.first().map_or(1, |r| r.1 .1.to_string().len());
        let mut out = String::new();
        for (code, (name, n, fixable)) in rows {
            let mark = if fixable == n { "[*]" } else { "   " };
            let _ = writeln!(out, "{n:>width$}  {code}  {mark} {name}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_rule_most_first() {
        let settings = crate::config::Settings::default();
        let ext = crate::lint::External::default();
        let mut s = Statistics::default();
        for t in [
            "---\nco2_eq_emissions: 3\n---\n",
            "---\nco2_eq_emissions: 4\n---\n",
            "# x\n",
        ] {
            s.add(&crate::lint::lint("c.md", t, &settings, &ext));
        }
        let out = s.render();
        let first = out.lines().next().unwrap();
        assert!(first.starts_with("2  CL"), "{out}");
        assert!(out.lines().any(|l| l.starts_with("1  CL")), "{out}");
    }
}
