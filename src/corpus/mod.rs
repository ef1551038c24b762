//! Corpus mode (`--from-jsonl`): a dump of many cards as JSON Lines, one object a card (its
//! text in `card`, its id in `modelId` or `id`), linted in chunks through the one driver, with
//! the row's `downloads`, `model_size` and `datasets_size` as facts for the label, its other
//! columns passed through, and a bad row reported on its line, never an abort.

mod object;
mod quick;
mod read;

use serde_json::value::RawValue;

use crate::class::efficiency::{ColumnFacts, Fact, Provenance};
use crate::lint::CardReport;

pub use read::{Line, Lines, CHUNK_BYTES};

/// The version of a `--format jsonl` row (its `report` is a card of the JSON output, version 1).
pub const VERSION: u32 = 1;

/// The names of a `--format jsonl` row's own fields: no kept column may take one.
pub const RESERVED: [&str; 6] = ["version", "line", "id", "error", "warnings", "report"];

/// At most this many groups for `--group-by`; rows of further values go to [`OTHER`].
pub const MAX_GROUPS: usize = 1000;
/// The group of a row whose column is missing or null.
pub const NONE: &str = "(none)";
/// The group of rows past [`MAX_GROUPS`].
pub const OTHER: &str = "(other)";

/// How rows are read.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Columns copied to each output row (`--keep-columns`).
    pub keep: Vec<String>,
    /// The column `stats --group-by` groups by.
    pub group_by: Option<String>,
    /// A card over this many bytes is refused.
    pub max_card: u64,
    /// The input's name (`-` for standard input): a row without an id is `NAME:LINE`.
    pub input: String,
}

impl Columns {
    /// The longest line read: the largest card, escaped by JSON (a control character takes
    /// six bytes), with room for the other columns.
    pub fn max_line(&self) -> usize {
        usize::try_from(self.max_card.saturating_mul(6).saturating_add(1 << 20))
            .unwrap_or(usize::MAX)
    }
}

/// One row, read: what the output and the label need of it.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub id: Option<String>,
    /// The card's text, or why the row has none (naming the line).
    pub card: Result<String, String>,
    pub facts: ColumnFacts,
    /// The kept columns' JSON text, in `--keep-columns` order (`None`: not in the row).
    pub kept: Vec<Option<String>>,
    /// The row's `--group-by` value (see [`group_of`]).
    pub group: Option<String>,
    /// Fact columns that were ignored, and why.
    pub warnings: Vec<String>,
}

impl Row {
    /// The name the card's report carries: its id, else `INPUT:LINE`.
    pub fn name(&self, cols: &Columns) -> String {
        self.id
            .clone()
            .unwrap_or_else(|| format!("{}:{}", cols.input, self.line))
    }
}

use object::{Card, Object};

/// Reads one line into a row. Never fails: a bad row carries its error in `card`.
pub fn parse(line: &Line, cols: &Columns) -> Row {
    let n = line.number;
    let mut row = Row {
        line: n,
        id: None,
        card: Err(String::new()),
        facts: ColumnFacts::default(),
        kept: vec![None; cols.keep.len()],
        group: None,
        warnings: Vec::new(),
    };
    let bytes = match &line.bytes {
        Ok(b) => b,
        Err(why) => {
            row.card = Err(why.clone());
            return row;
        }
    };
    // The card as a column of its own (kept, or grouped by) is only in the slow path's columns.
    let card_column = cols.keep.iter().chain(&cols.group_by).any(|k| k == "card");
    let fast = (!card_column).then(|| Object::fast(bytes)).flatten();
    let read = fast.map_or_else(|| Object::slow(bytes), Ok);
    let mut obj = match read {
        Ok(o) => o,
        Err(e) => {
            let what = if serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok() {
                "is JSON but not an object".to_string()
            } else {
                format!("is not valid JSON ({e})")
            };
            row.card = Err(format!("line {n} {what}"));
            return row;
        }
    };
    row.id = ["modelId", "id"]
        .iter()
        .find_map(|k| obj.get(k).filter(|v| *v != "null"))
        .map(|v| serde_json::from_str::<String>(v).unwrap_or_else(|_| v.to_string()));
    row.card = card_of(obj.card.take(), n, cols.max_card);
    for (slot, name) in row.kept.iter_mut().zip(&cols.keep) {
        // Re-serialised compactly: the value on one line, without the input's spacing.
        *slot = obj.get(name).map(|v| {
            serde_json::from_str::<serde_json::Value>(v)
                .map_or_else(|_| "null".to_string(), |v| v.to_string())
        });
    }
    if let Some(g) = &cols.group_by {
        row.group = Some(group_of(obj.get(g)));
    }
    let mut fact = |name: &str| {
        let v = obj.get(name)?;
        match serde_json::from_str::<f64>(v) {
            Ok(x) if x.is_finite() && x >= 0.0 => Some(Fact::new(x, Provenance::Column)),
            _ if v == "null" => None,
            _ => {
                row.warnings.push(format!(
                    "column `{name}` is {}, not a number that is not negative: ignored",
                    shorten(v)
                ));
                None
            }
        }
    };
    row.facts = ColumnFacts {
        downloads: fact("downloads"),
        model_size: fact("model_size"),
        datasets_size: fact("datasets_size"),
    };
    row
}

/// JSON text quoted in a message: at most 40 characters.
fn shorten(s: &str) -> String {
    let mut out: String = s.chars().take(40).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// The row's card text, or why there is none.
fn card_of(card: Option<Card>, n: u64, max: u64) -> Result<String, String> {
    let text = match card {
        None => return Err(format!("line {n} has no `card` column")),
        Some(Card::Kind(kind)) => {
            return Err(format!(
                "line {n}: the `card` column is {kind}, not a string"
            ))
        }
        Some(Card::Text(t)) => t,
        Some(Card::Raw(v)) => match serde_json::from_str::<String>(v.get()) {
            Ok(t) => t,
            Err(_) => return Err(raw_card_error(v, n)),
        },
    };
    if text.len() as u64 > max {
        return Err(format!(
            "line {n}: the card is over the limit of {max} bytes"
        ));
    }
    Ok(text)
}

/// Why a card column that is no string (read raw) has no text.
fn raw_card_error(v: &RawValue, n: u64) -> String {
    let kind = match v.get().as_bytes()[0] {
        // Valid JSON that is no Unicode text: a lone surrogate escape such as `\ud800`.
        b'"' => {
            return format!(
                "line {n}: the `card` column is not Unicode text (a lone surrogate escape)"
            )
        }
        b'n' => "null",
        b'{' => "an object",
        b'[' => "an array",
        b't' | b'f' => "a boolean",
        _ => "a number",
    };
    format!("line {n}: the `card` column is {kind}, not a string")
}

/// A row's group for a column's value: a string as it is, except that a date or timestamp
/// (`YYYY-MM-DD`, then the end, `T` or a space: ISO 8601 as the Hub, DuckDB and pandas write
/// it) is its year; a missing or null value is [`NONE`]; any other value is its JSON text.
pub fn group_of(v: Option<&str>) -> String {
    let Some(v) = v.filter(|v| *v != "null") else {
        return NONE.to_string();
    };
    match serde_json::from_str::<String>(v) {
        Ok(s) if is_date(&s) => s[..4].to_string(),
        Ok(s) => s,
        Err(_) => v.to_string(),
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && matches!(b.get(10), None | Some(b'T' | b' '))
}

/// A row's report: its card linted, or the unreadable card its error makes.
pub fn report(
    row: Row,
    cols: &Columns,
    settings: &crate::config::Settings,
    ext: &crate::lint::External,
) -> (CardReport, RowInfo) {
    let name = row.name(cols);
    let info = RowInfo {
        line: row.line,
        id: row.id,
        kept: row.kept,
        group: row.group,
        warnings: row.warnings,
        error: row.card.as_ref().err().cloned(),
    };
    let r = match row.card {
        Ok(text) => {
            let ext = crate::lint::External {
                columns: row.facts,
                ..ext.clone()
            };
            crate::lint::lint_owned(&name, text, settings, &ext)
        }
        Err(why) => CardReport::unreadable(
            &name,
            why,
            "fix the row in the dump; the other rows are linted",
        ),
    };
    (r, info)
}

/// What the output keeps of a row besides its report.
#[derive(Debug, Clone)]
pub struct RowInfo {
    pub line: u64,
    pub id: Option<String>,
    pub kept: Vec<Option<String>>,
    pub group: Option<String>,
    pub warnings: Vec<String>,
    pub error: Option<String>,
}

/// A row of `--format jsonl`: one line, `{"version", "line", "id", the kept columns, "error"
/// (a bad row), "warnings" (ignored fact columns), "report"}`, the report a card of the JSON
/// output.
pub fn jsonl(info: &RowInfo, cols: &Columns, r: &CardReport) -> String {
    let mut s = format!("{{\"version\":{VERSION}");
    if info.line > 0 {
        s.push_str(&format!(",\"line\":{}", info.line));
    }
    s.push_str(",\"id\":");
    s.push_str(&serde_json::to_string(&info.id).expect("serialisable"));
    for (name, v) in cols.keep.iter().zip(&info.kept) {
        s.push(',');
        s.push_str(&serde_json::to_string(name).expect("serialisable"));
        s.push(':');
        s.push_str(v.as_deref().unwrap_or("null"));
    }
    if let Some(e) = &info.error {
        s.push_str(",\"error\":");
        s.push_str(&serde_json::to_string(e).expect("serialisable"));
    }
    if !info.warnings.is_empty() {
        s.push_str(",\"warnings\":");
        s.push_str(&serde_json::to_string(&info.warnings).expect("serialisable"));
    }
    s.push_str(",\"report\":");
    // The row's own fields made safe here; the report is already (`card_line`): the row is not
    // scanned a second time. (No `##[` spans the join: the prefix ends in `:`.)
    let mut s = crate::escape::json_safe(s);
    s.push_str(&crate::report::json::card_line(r));
    s.push_str("}\n");
    s
}

/// A card of `--format jsonl` read from a path: `{"version", "id" (its path), "report"}`.
pub fn jsonl_card(r: &CardReport) -> String {
    let info = RowInfo {
        line: 0,
        id: Some(r.path.clone()),
        kept: Vec::new(),
        group: None,
        warnings: Vec::new(),
        error: None,
    };
    jsonl(&info, &Columns::default(), r)
}

#[cfg(test)]
mod tests;
