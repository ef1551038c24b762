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

mod table;
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
}

/// A `<!-- cardlint-disable… -->` comment.
#[derive(Debug, Clone, PartialEq)]
pub struct SuppressionComment {
    pub span: Span,
    pub next_line: bool,
    /// Codes or names as written; empty means every rule.
    pub codes: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    /// The heading of the "Environmental Impact" section, where there is one.
    pub env_heading: Option<Span>,
    /// From the heading to the next heading of the same or a higher level.
    pub env_section: Option<Span>,
    pub fields: Vec<FieldLine>,
    pub suppressions: Vec<SuppressionComment>,
}

impl Body {
    /// The first field line of this kind, preferring the Environmental Impact section.
    pub fn field(&self, f: Field) -> Option<&FieldLine> {
        let mut it = self.fields.iter().filter(|l| l.field == f);
        let first = it.clone().next();
        it.find(|l| l.in_section).or(first)
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

/// Parses the body, which starts at byte `base` of the file.
pub fn parse(text: &str, base: usize) -> Body {
    let mut body = Body::default();
    let mut excluded: Vec<Range<usize>> = Vec::new();
    let mut headings: Vec<(u8, Range<usize>, String)> = Vec::new();
    let mut in_heading: Option<(u8, Range<usize>, String)> = None;
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
    let section = headings.iter().enumerate().find(|(_, (_, _, t))| {
        t.trim()
            .trim_end_matches(':')
            .eq_ignore_ascii_case("environmental impact")
    });
    let section_range = section.map(|(i, (level, r, _))| {
        let end = headings[i + 1..]
            .iter()
            .find(|(l, _, _)| l <= level)
            .map_or(text.len(), |(_, r2, _)| r2.start);
        body.env_heading = Some(Span::new(base + r.start, base + r.end));
        r.start..end
    });
    body.env_section = section_range
        .clone()
        .map(|r| Span::new(base + r.start, base + r.end));

    let mut offset = 0;
    let mut table = Table::default();
    // `excluded` is in source order: one cursor walks it with the lines (linear time).
    let mut ex = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let start = offset;
        offset += line.len();
        while ex < excluded.len() && excluded[ex].end <= start {
            ex += 1;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let in_section = section_range.as_ref().is_some_and(|r| r.contains(&start));
        let excluded_here = ex < excluded.len() && excluded[ex].contains(&start);
        let table_row = !excluded_here && content.trim_start().starts_with('|');
        if !table_row {
            table.finish(&mut body.fields, base);
        }
        if excluded_here {
            continue;
        }
        if table_row {
            table.row(content, start, in_section);
            continue;
        }
        if let Some((field, vs, ve)) = field_line(content) {
            let value = content[vs..ve].to_string();
            body.fields.push(FieldLine {
                field,
                line: Span::new(base + start, base + start + content.len()),
                value,
                value_span: Span::new(base + start + vs, base + start + ve),
                in_section,
            });
        }
    }
    table.finish(&mut body.fields, base);
    body
}

/// The field a label (lower case, blanks folded) names.
fn field_of(label: &str) -> Option<Field> {
    Some(match label {
        "hours used" => Field::HoursUsed,
        "cloud provider" => Field::CloudProvider,
        "compute region" => Field::ComputeRegion,
        "co2 emissions (in grams)" => Field::AutoTrainCo2,
        // The template's label, also with its explanation in parentheses, and the variants
        // real cards use ("- **Emissions:** 0.25 KgCO2 (Singapore)").
        l if l.starts_with("carbon emitted")
            || matches!(
                l,
                "emissions"
                    | "co2 emissions"
                    | "carbon emissions"
                    | "co2 emitted"
                    | "total emissions"
            ) =>
        {
            Field::CarbonEmitted
        }
        // The paper's regex: `(?:hardware|Hardware)(?:\s*[Tt]ype)*\s*[:]+`.
        l if l.ends_with("hardware") || l.ends_with("hardware type") => Field::HardwareType,
        _ => return None,
    })
}

/// Recognises `- **Label:** value` (and its variants) and returns the field and the value's
/// byte range within the line.
fn field_line(line: &str) -> Option<(Field, usize, usize)> {
    // Most lines have no colon at all: skip them before any regex.
    if !line.contains(':') {
        return None;
    }
    let rest_at = marker_end(line);
    let rest = &line[rest_at..];
    let colon = rest.find(':')?;
    let label_raw = &rest[..colon];
    if label_raw.len() > 120 {
        return None;
    }
    let label: String = label_raw
        .trim_matches(|c: char| c == '*' || c == '_' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let field = field_of(&label)?;
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
    Some((field, vs, vs + value.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_scanner_equals_the_regex() {
        let re = Regex::new(r"^\s{0,3}(?:[-*+]|[0-9]{1,9}[.)])?\s*").unwrap();
        crate::util::testing::every_string(" \t-*+1.)a:\u{a0}", 5, |x| {
            assert_eq!(marker_end(x), re.find(x).unwrap().end(), "{x:?}");
        });
        for x in ["1234567890. a", "123456789. a", "    - x", "   - x"] {
            assert_eq!(marker_end(x), re.find(x).unwrap().end(), "{x:?}");
        }
    }

    const CARD: &str = "# Model\n\n## Environmental Impact\n\n- **Hardware Type:** 8 v100 GPUs\n- **Hours used:** [More Information Needed]\n- **Carbon Emitted:** 1.71 KgCO2 (Singapore)\n\n## Validation Metrics\n\n- CO2 Emissions (in grams): 25.4476\n\n```\nHardware Type: ignored\n```\n<!-- cardlint-disable CL010, placeholder-value -->\n";

    #[test]
    fn finds_the_section_its_bullets_and_the_autotrain_line() {
        let b = parse(CARD, 100);
        let hw = b.field(Field::HardwareType).unwrap();
        assert_eq!(hw.value, "8 v100 GPUs");
        assert_eq!(
            &CARD[hw.value_span.start - 100..hw.value_span.end - 100],
            "8 v100 GPUs"
        );
        assert!(hw.in_section);
        assert_eq!(
            b.field(Field::CarbonEmitted).unwrap().value,
            "1.71 KgCO2 (Singapore)"
        );
        let at = b.field(Field::AutoTrainCo2).unwrap();
        assert_eq!(at.value, "25.4476");
        assert!(!at.in_section);
        assert_eq!(
            b.fields
                .iter()
                .filter(|f| f.field == Field::HardwareType)
                .count(),
            1
        );
        assert_eq!(b.suppressions[0].codes, vec!["CL010", "placeholder-value"]);
        assert!(b.env_heading.is_some());
    }

    #[test]
    fn codecarbon_results_tables_vertical_and_horizontal() {
        let v = "## Carbon Emissions\n\n| key | value |\n| --- | ----- |\n| duration | 5123.4 |\n| emissions | 0.0297 |\n| energy_consumed | 0.07 |\n";
        let b = parse(v, 0);
        let l = b.field(Field::CodeCarbonEmissions).unwrap();
        assert_eq!(l.value, "0.0297");
        assert_eq!(&v[l.value_span.start..l.value_span.end], "0.0297");
        let h = "| timestamp | duration | emissions | emissions_rate |\n|---|---|---|---|\n| 2021-09-14 | 512 | 0.0297 | 0.1 |\n";
        assert_eq!(
            parse(h, 0).field(Field::CodeCarbonEmissions).unwrap().value,
            "0.0297"
        );
        // A plain table with an emissions row is the body's Carbon Emitted; a table comparing
        // several models states no single figure.
        let t = "| Carbon Emitted | 11 kg |\n|---|---|\n";
        assert_eq!(
            parse(t, 0).field(Field::CarbonEmitted).unwrap().value,
            "11 kg"
        );
        let cmp = "| model | emissions | score |\n|---|---|---|\n| a | 1 | 2 |\n";
        assert!(parse(cmp, 0).fields.is_empty());
    }

    #[test]
    fn section_at_any_level_and_label_variants() {
        let b = parse(
            "# Environmental Impact\nHardware: TPUv3 pod\n- Carbon Emitted: 11250 kg CO2 eq.",
            0,
        );
        assert_eq!(b.field(Field::HardwareType).unwrap().value, "TPUv3 pod");
        assert!(b.field(Field::CarbonEmitted).unwrap().in_section);
        let b = parse("- **Emissions:** 0.25 KgCO2 (Singapore)\n- **Carbon Emitted (Power consumption x Time):** 11250 kg CO2 eq.", 0);
        assert_eq!(
            b.fields
                .iter()
                .filter(|f| f.field == Field::CarbonEmitted)
                .count(),
            2
        );
        let b = parse("**Hardware Type**: A100", 0);
        assert_eq!(b.field(Field::HardwareType).unwrap().value, "A100");
    }
}
