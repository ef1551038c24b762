//! Markdown tables in the body read as key/value pairs: CodeCarbon's output pasted as a table
//! (`| emissions | 0.03 |`), whose `emissions` is in kilograms.

use super::{labelled, Body, Field, FieldLine, Form, Labelled, Place, Stat, Stated};
use crate::diagnostic::Span;

/// CodeCarbon's own column names (its `emissions.csv`): a table holding one of them beside
/// `emissions` is CodeCarbon output, whose `emissions` is in kilograms.
const CODECARBON_COLUMNS: [&str; 8] = [
    "emissions_rate",
    "energy_consumed",
    "codecarbon_version",
    "cpu_energy",
    "gpu_energy",
    "ram_energy",
    "project_name",
    "run_id",
];

/// A table cell: its trimmed text and its byte range in the body.
type Cell = (String, usize, usize);

/// The rows of one Markdown table, read as key/value pairs: vertical (`| emissions | 0.03 |`)
/// or horizontal (a header row of keys, then a row of values).
#[derive(Default)]
pub(super) struct Table {
    /// Each row's cells: (text, start, end) relative to the body, and whether the row lies in
    /// the Environmental Impact section.
    rows: Vec<(Vec<Cell>, bool)>,
    /// Under a heading about another model.
    foreign: bool,
}

impl Table {
    pub(super) fn row(&mut self, line: &str, start: usize, in_section: bool, foreign: bool) {
        if self.rows.is_empty() {
            self.foreign = foreign;
        }
        let mut cells = Vec::new();
        let b = line.as_bytes();
        let mut i = line.find('|').map_or(0, |p| p + 1);
        let mut cell_start = i;
        while i <= b.len() {
            let end = i == b.len() || (b[i] == b'|' && (i == 0 || b[i - 1] != b'\\'));
            if end {
                let raw = &line[cell_start..i];
                let lead = raw.len() - raw.trim_start().len();
                let t = raw.trim();
                if !(i == b.len() && t.is_empty()) {
                    cells.push((
                        t.to_string(),
                        start + cell_start + lead,
                        start + cell_start + lead + t.len(),
                    ));
                }
                cell_start = i + 1;
            }
            i += 1;
        }
        self.rows.push((cells, in_section));
    }

    /// Reads the finished table's rows into `body` (the table numbered `id`); whether there was
    /// a table.
    pub(super) fn finish(&mut self, body: &mut Body, base: usize, id: usize) -> bool {
        let rows = std::mem::take(&mut self.rows);
        if rows.is_empty() {
            return false;
        }
        let key = |c: &str| {
            c.trim_matches(|ch: char| ch == '*' || ch == '_' || ch == '`')
                .to_ascii_lowercase()
        };
        let is_sep = |cells: &[Cell]| {
            cells.iter().all(|(t, _, _)| {
                !t.is_empty() && t.bytes().all(|b| matches!(b, b'-' | b':' | b' '))
            })
        };
        let codecarbon = rows.iter().any(|(cells, _)| {
            cells
                .iter()
                .any(|(t, _, _)| CODECARBON_COLUMNS.contains(&key(t).as_str()))
        });
        let mut out = Rows {
            body,
            base,
            place: Place {
                table: true,
                group: id,
            },
            form: Form::Table { codecarbon },
            foreign: self.foreign,
            // This table's stated facts start here (at most one per kind: a short search).
            own: 0,
            codecarbon,
        };
        out.own = out.body.stated.len();
        // Horizontal: a header row, a separator, value rows (only CodeCarbon's: a table of
        // several models' emissions states no single figure).
        if rows.len() >= 3 && is_sep(&rows[1].0) && rows[0].0.len() > 2 {
            if !codecarbon {
                return true;
            }
            for (cells, in_section) in &rows[2..] {
                for (h, cell) in rows[0].0.iter().zip(cells) {
                    out.push(&key(&h.0), cell, *in_section);
                }
            }
        } else {
            for (cells, in_section) in &rows {
                if cells.len() >= 2 && !is_sep(cells) {
                    out.push(&key(&cells[0].0), &cells[1], *in_section);
                }
            }
        }
        if codecarbon {
            let first = &rows[0].0;
            let (s, e) = (
                first.first().map_or(0, |c| c.1),
                first.last().map_or(0, |c| c.2),
            );
            out.body.stated.push(Stated {
                what: Stat::Source,
                value: "CodeCarbon".into(),
                value_span: Span::new(base + s, base + e),
                place: out.place,
            });
        }
        true
    }
}

/// Where a table's cells go: the body's fields and stated facts, with the table's place.
struct Rows<'b> {
    body: &'b mut Body,
    base: usize,
    place: Place,
    form: Form,
    foreign: bool,
    /// Where this table's stated facts start in `body.stated`.
    own: usize,
    codecarbon: bool,
}

impl Rows<'_> {
    /// One cell under the label `k`: a field line, a stated fact, or nothing.
    fn push(&mut self, k: &str, cell: &Cell, in_section: bool) {
        if cell.0.is_empty() {
            return;
        }
        let span = Span::new(self.base + cell.1, self.base + cell.2);
        let what = if self.codecarbon {
            match k {
                "emissions" => Some(Labelled::Field(Field::CodeCarbonEmissions)),
                "energy_consumed" => Some(Labelled::Stat(Stat::Energy)),
                "gpu_model" | "cpu_model" => Some(Labelled::Stat(Stat::Hardware)),
                "country_name" | "region" => Some(Labelled::Stat(Stat::Location)),
                _ => None,
            }
        } else {
            labelled(k)
        };
        match what {
            Some(Labelled::Field(field)) => self.body.fields.push(FieldLine {
                field,
                line: span,
                value: cell.0.clone(),
                value_span: span,
                in_section,
                form: self.form,
                place: self.place,
                label: k.to_string(),
                foreign: self.foreign,
            }),
            // The GPU names the hardware better than the CPU, the country better than the
            // region: the first of each pair stays first.
            Some(Labelled::Stat(what)) => {
                let gpu_first = k == "gpu_model" || k == "country_name";
                let own = self.own;
                let at = self.body.stated[own..]
                    .iter()
                    .position(|s| s.what == what)
                    .map(|i| own + i);
                let new = Stated {
                    what,
                    value: cell.0.clone(),
                    value_span: span,
                    place: self.place,
                };
                match at {
                    Some(i) if gpu_first => self.body.stated[i] = new,
                    Some(_) => {}
                    None => self.body.stated.push(new),
                }
            }
            None => {}
        }
    }
}
