//! The Markdown body: the "Environmental Impact" section and its five bullets, the AutoTrain
//! line `CO2 Emissions (in grams): N`, hardware lines, and cardlint's suppression comments.
//!
//! pulldown-cmark finds headings, code blocks and HTML (with offsets); field lines are then read
//! from the source lines outside code and HTML blocks, so every value has an exact span.

use std::ops::Range;
use std::sync::LazyLock;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::diagnostic::Span;

mod report;
mod shortcut;
mod table;
pub use report::{assess, names_hardware, unit_of_line, Confidence};
use shortcut::{may_state, MAX_LABEL};
use table::Table;

/// One of the template's five Environmental Impact fields, or the AutoTrain CO2 line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    HardwareType,
    HoursUsed,
    CloudProvider,
    ComputeRegion,
    CarbonEmitted,
    /// `CO2 Emissions (in grams): N`, written by AutoNLP/AutoTrain.
    AutoTrainCo2,
    /// The `emissions` cell of a CodeCarbon results table (`emissions.csv` pasted as a table):
    /// kilograms, as CodeCarbon writes them.
    CodeCarbonEmissions,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::HardwareType => "Hardware Type",
            Field::HoursUsed => "Hours used",
            Field::CloudProvider => "Cloud Provider",
            Field::ComputeRegion => "Compute Region",
            Field::CarbonEmitted => "Carbon Emitted",
            Field::AutoTrainCo2 => "CO2 Emissions (in grams)",
            Field::CodeCarbonEmissions => "emissions (CodeCarbon, kg)",
        }
    }
}

/// How a field is written: a `Label: value` line, or a table cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A `- **Label:** value` line (bulleted or not).
    Line,
    /// A table's cell; `codecarbon` for CodeCarbon's results table.
    Table { codecarbon: bool },
}

/// Where a field stands: lines of the same section (`group` counts the headings before it), or
/// cells of the same table (`group` numbers the tables). Fields of one place state one report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub table: bool,
    pub group: usize,
}

/// A `Label: value` line of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldLine {
    pub field: Field,
    /// The whole line (without its line break).
    pub line: Span,
    pub value: String,
    pub value_span: Span,
    /// Inside the Environmental Impact section.
    pub in_section: bool,
    pub form: Form,
    pub place: Place,
    /// The label as written, lower case with blanks folded (`carbon emitted`, `emissions`).
    pub label: String,
    /// Under a heading about another model (`## Base model`): not this card's own figure.
    pub foreign: bool,
}

/// Another fact a body line or table states beside the emissions: an energy (kWh), or a
/// CodeCarbon table's hardware, country or the table itself as the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stat {
    /// `Energy Consumed: 0.32 kWh`, a CodeCarbon table's `energy_consumed` (kWh).
    Energy,
    /// A CodeCarbon table's `gpu_model` (else `cpu_model`).
    Hardware,
    /// A CodeCarbon table's `country_name` (else `region`).
    Location,
    /// A CodeCarbon results table (its `emissions` were measured with CodeCarbon).
    Source,
}

/// A [`Stat`] with its text and place.
#[derive(Debug, Clone, PartialEq)]
pub struct Stated {
    pub what: Stat,
    pub value: String,
    pub value_span: Span,
    pub place: Place,
}

/// A `<!-- cardlint-disable… -->` comment.
#[derive(Debug, Clone, PartialEq)]
pub struct SuppressionComment {
    pub span: Span,
    pub next_line: bool,
    /// Codes or names as written; empty means every rule.
    pub codes: Vec<String>,
}

/// What the body states about emissions, and its suppression comments. (Where the
/// Environmental Impact section is, only `fill` asks: [`env_section`].)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Body {
    pub fields: Vec<FieldLine>,
    /// Energies, and what CodeCarbon tables state beside their emissions.
    pub stated: Vec<Stated>,
    pub suppressions: Vec<SuppressionComment>,
}

impl Body {
    /// The first field line of this kind, preferring the Environmental Impact section.
    pub fn field(&self, f: Field) -> Option<&FieldLine> {
        let mut it = self.fields.iter().filter(|l| l.field == f);
        let first = it.clone().next();
        it.find(|l| l.in_section).or(first)
    }

    /// What the place of `line` (its table, or its section's lines) states of `what`.
    pub fn stated_beside(&self, line: &FieldLine, what: Stat) -> Option<&Stated> {
        self.stated
            .iter()
            .find(|s| s.what == what && s.place == line.place)
    }
}

static SUPPRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*cardlint-disable(-next-line)?\b([^>]*?)-->").expect("valid regex")
});
/// The end of a list marker and the spaces around it: `^\s{0,3}(?:[-*+]|[0-9]{1,9}[.)])?\s*`,
/// hand-written (a regex here cost a fifth of a single-card run to compile).
fn marker_end(line: &str) -> usize {
    let mut it = line.char_indices().peekable();
    let mut at = 0;
    for _ in 0..3 {
        match it.peek() {
            Some(&(i, c)) if c.is_whitespace() => {
                at = i + c.len_utf8();
                it.next();
            }
            _ => break,
        }
    }
    let rest = &line[at..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if rest.starts_with(['-', '*', '+']) {
        at += 1;
    } else if (1..=9).contains(&digits) && matches!(rest.as_bytes().get(digits), Some(b'.' | b')'))
    {
        at += digits + 1;
    }
    at + line[at..].len() - line[at..].trim_start().len()
}

/// The suppression comments in an HTML block or inline HTML at byte `at` of the file.
fn suppressions(h: &str, at: usize, out: &mut Vec<SuppressionComment>) {
    // The regex is compiled only for a card that has a suppression comment.
    if !h.contains("cardlint-disable") {
        return;
    }
    for c in SUPPRESS.captures_iter(h) {
        let m = c.get(0).expect("group 0");
        let start = at + h.find(m.as_str()).unwrap_or(0);
        out.push(SuppressionComment {
            span: Span::new(start, start + m.len()),
            next_line: c.get(1).is_some(),
            codes: c[2]
                .split(|ch: char| ch == ',' || ch.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }
}

/// A heading: its level, its range in the body, its text.
type Heading = (u8, Range<usize>, String);

/// The body's outline from one Markdown pass: the ranges of code and HTML blocks (in source
/// order), the headings, and the suppression comments (into `body`).
fn outline(text: &str, base: usize, body: &mut Body) -> (Vec<Range<usize>>, Vec<Heading>) {
    let mut excluded: Vec<Range<usize>> = Vec::new();
    let mut headings: Vec<Heading> = Vec::new();
    let mut in_heading: Option<Heading> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for (ev, range) in Parser::new_ext(text, opts).into_offset_iter() {
        match ev {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => excluded.push(range.clone()),
            Event::Start(Tag::Heading { level, .. }) => {
                in_heading = Some((level as u8, range.clone(), String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, s)) = in_heading.as_mut() {
                    s.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(in_heading.take()),
            Event::Html(h) | Event::InlineHtml(h) => {
                suppressions(&h, base + range.start, &mut body.suppressions);
            }
            _ => {}
        }
    }
    (excluded, headings)
}

/// The Environmental Impact section's range in the body (from its heading to the next heading
/// of its level or above).
fn section_of(text: &str, headings: &[Heading]) -> Option<Range<usize>> {
    let section = headings.iter().enumerate().find(|(_, (_, _, t))| {
        t.trim()
            .trim_end_matches(':')
            .eq_ignore_ascii_case("environmental impact")
    });
    section.map(|(i, (level, r, _))| {
        let end = headings[i + 1..]
            .iter()
            .find(|(l, _, _)| l <= level)
            .map_or(text.len(), |(_, r2, _)| r2.start);
        r.start..end
    })
}

/// The Environmental Impact section of the body that starts at byte `base` of the file, as a
/// span of the file: from its heading to the next heading of its level or above.
pub fn env_section(text: &str, base: usize) -> Option<Span> {
    let (_, headings) = outline(text, base, &mut Body::default());
    section_of(text, &headings).map(|r| Span::new(base + r.start, base + r.end))
}

/// Parses the body, which starts at byte `base` of the file.
pub fn parse(text: &str, base: usize) -> Body {
    if !may_state(text) {
        return Body::default();
    }
    parse_all(text, base)
}

/// [`parse`] without its shortcut (tests compare the two).
#[doc(hidden)]
pub fn parse_all(text: &str, base: usize) -> Body {
    let mut body = Body::default();
    let (excluded, headings) = outline(text, base, &mut body);
    let section_range = section_of(text, &headings);

    let mut offset = 0;
    let mut table = Table::default();
    let mut tables = 0;
    // Headings are in source order: the number of those before a line is its section.
    let mut section_no = 0;
    // Whether each heading is about another model, decided once per heading (linear time).
    let foreign_heading: Vec<bool> = headings
        .iter()
        .map(|(_, _, t)| report::about_another_model(t))
        .collect();
    // `excluded` is in source order: one cursor walks it with the lines (linear time).
    let mut ex = 0;
    for line in crate::util::lines_inclusive(text) {
        let start = offset;
        offset += line.len();
        while ex < excluded.len() && excluded[ex].end <= start {
            ex += 1;
        }
        while section_no < headings.len() && headings[section_no].1.start <= start {
            section_no += 1;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        // The nearest heading above the line says what it is about.
        let foreign = section_no > 0 && foreign_heading[section_no - 1];
        let in_section = section_range.as_ref().is_some_and(|r| r.contains(&start));
        let excluded_here = ex < excluded.len() && excluded[ex].contains(&start);
        let table_row = !excluded_here && content.trim_start().starts_with('|');
        if !table_row && table.finish(&mut body, base, tables) {
            tables += 1;
        }
        if excluded_here {
            continue;
        }
        if table_row {
            table.row(content, start, in_section, foreign);
            continue;
        }
        let place = Place {
            table: false,
            group: section_no,
        };
        match field_line(content) {
            Some((Labelled::Field(field), label, vs, ve)) => body.fields.push(FieldLine {
                field,
                line: Span::new(base + start, base + start + content.len()),
                value: content[vs..ve].to_string(),
                value_span: Span::new(base + start + vs, base + start + ve),
                in_section,
                form: Form::Line,
                place,
                label,
                foreign,
            }),
            Some((Labelled::Stat(what), _, vs, ve)) => body.stated.push(Stated {
                what,
                value: content[vs..ve].to_string(),
                value_span: Span::new(base + start + vs, base + start + ve),
                place,
            }),
            None => {}
        }
    }
    table.finish(&mut body, base, tables);
    body
}

/// What a label names: one of the fields, or another fact stated beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Labelled {
    Field(Field),
    Stat(Stat),
}

/// An energy's label: `Energy Consumed`, `Total Energy Consumption`, `Power consumption`…
fn energy_label(label: &str) -> bool {
    matches!(
        label.split(" (").next().unwrap_or(label),
        "energy"
            | "energy consumed"
            | "energy consumption"
            | "energy used"
            | "total energy consumption"
            | "total energy consumed"
            | "power consumption"
            | "power consumed"
            | "electricity consumption"
            | "electricity used"
    )
}

/// What a label (lower case, blanks folded) names.
fn labelled(label: &str) -> Option<Labelled> {
    let named = match field_of(label) {
        Some(f) => Some(Labelled::Field(f)),
        None => energy_label(label).then_some(Labelled::Stat(Stat::Energy)),
    };
    debug_assert!(
        named.is_none() || shortcut::has_label_word(label.as_bytes()),
        "{label:?}"
    );
    named
}

/// The field a label (lower case, blanks folded) names.
fn field_of(label: &str) -> Option<Field> {
    Some(match label {
        "hours used" => Field::HoursUsed,
        "cloud provider" => Field::CloudProvider,
        "compute region" => Field::ComputeRegion,
        "co2 emissions (in grams)" => Field::AutoTrainCo2,
        // The template's label, also with its explanation in parentheses, and the variants
        // real cards use ("- **Emissions:** 0.25 KgCO2 (Singapore)"), also with a unit in
        // parentheses ("CO2 emissions (kg)").
        l if l.starts_with("carbon emitted")
            || matches!(
                l.split(" (").next().unwrap_or(l).replace('₂', "2").as_str(),
                "emissions"
                    | "co2 emissions"
                    | "co2eq emissions"
                    | "co2e emissions"
                    | "carbon emissions"
                    | "co2 emitted"
                    | "total emissions"
                    | "total co2 emissions"
                    | "total carbon emissions"
                    | "estimated emissions"
                    | "estimated co2 emissions"
                    | "estimated carbon emissions"
                    | "carbon footprint"
                    | "co2 footprint"
            ) =>
        {
            Field::CarbonEmitted
        }
        // The paper's regex: `(?:hardware|Hardware)(?:\s*[Tt]ype)*\s*[:]+`, on a label of its
        // own (`Hardware:`, `Training hardware:`), not the end of a sentence.
        l if (l.ends_with("hardware") || l.ends_with("hardware type"))
            && l.split(' ').count() <= 3 =>
        {
            Field::HardwareType
        }
        _ => return None,
    })
}

/// Recognises `- **Label:** value` (and its variants) and returns what the label names, the
/// label, and the value's byte range within the line. A label in inline code (`` `emissions`: ``)
/// names a key, not a field of this card.
fn field_line(line: &str) -> Option<(Labelled, String, usize, usize)> {
    // Most lines have no colon at all: skip them before any regex.
    memchr::memchr(b':', line.as_bytes())?;
    let rest_at = marker_end(line);
    let rest = &line[rest_at..];
    let colon = rest.find(':')?;
    let label_raw = &rest[..colon];
    if label_raw.len() > MAX_LABEL || label_raw.contains('`') {
        return None;
    }
    let label: String = label_raw
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let field = labelled(&label)?;
    // Skip a closing emphasis (`**Label:**`), then blanks; the value runs to the end of the line.
    let mut vs = rest_at + colon + 1;
    let b = line.as_bytes();
    while vs < b.len() && matches!(b[vs], b':' | b'*' | b'_') {
        vs += 1;
    }
    while vs < b.len() && b[vs].is_ascii_whitespace() {
        vs += 1;
    }
    let mut ve = line.len();
    while ve > vs && b[ve - 1].is_ascii_whitespace() {
        ve -= 1;
    }
    let value = line[vs..ve].trim_end_matches("<br>").trim_end();
    Some((field, label, vs, vs + value.len()))
}

#[cfg(test)]
mod tests;
