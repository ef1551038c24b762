//! Rules about the front matter block itself: present, valid YAML, a mapping, no duplicate
//! keys, no scalar that YAML 1.1 and 1.2 read differently.

use std::collections::HashMap;

use super::{Ctx, Finding};
use crate::card::scalar::{readings, Typed};
use crate::card::yaml::{ErrorKind, Kind, Style};
use crate::card::FrontMatter;
use crate::diagnostic::{floor_char_boundary, Span};
use crate::util::fmt_num;

pub fn no_front_matter(ctx: &Ctx) -> Vec<Finding> {
    let card = ctx.card;
    if !matches!(card.front, FrontMatter::Absent) {
        return Vec::new();
    }
    let first = card.text.split(['\n', '\r']).next().unwrap_or("");
    let span = Span::new(0, first.len());
    let unclosed = first
        .trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .trim_end()
        == "---";
    let f = if unclosed {
        Finding::new(span, "the front matter opened here is never closed")
            .label("no closing `---` line follows")
            .help("end the YAML block with a line holding only `---`")
    } else {
        Finding::new(span, "the card has no YAML front matter").help(
            "start the file with a `---` block holding the metadata, such as `co2_eq_emissions: 25.4` (grams) between two `---` lines",
        )
    };
    vec![f]
}

pub fn invalid_yaml(ctx: &Ctx) -> Vec<Finding> {
    let text = ctx.card.text;
    let at = |offset: usize| {
        let start = floor_char_boundary(text, offset);
        Span::new(
            start,
            text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8()),
        )
    };
    let ((FrontMatter::Invalid(e), _) | (_, Some(e))) = (&ctx.card.front, &ctx.card.pyyaml_error)
    else {
        return Vec::new();
    };
    let (what, label, help) = match e.kind {
        ErrorKind::Syntax | ErrorKind::Limit => (
            "the front matter is not valid YAML",
            "the YAML parser stopped here",
            "huggingface_hub and the Hub ignore metadata they cannot parse; fix the YAML (a linter such as yamllint shows more)",
        ),
        ErrorKind::ControlCharacter => (
            "the front matter holds a character YAML does not allow",
            "this character",
            "delete it, or write it as an escape inside double quotes (`\\u001b`): `ModelCard.load` and `metadata_load` fail on this card",
        ),
        ErrorKind::Tab => (
            "the front matter is not valid YAML 1.1",
            "tab",
            "replace the tab with spaces: `ModelCard.load` and `metadata_load` fail on this card",
        ),
        ErrorKind::Construct => (
            "huggingface_hub cannot load the front matter",
            "`yaml.safe_load` fails here",
            "quote the value or drop the tag: `ModelCard.load` and `metadata_load` fail on this card, so it has no metadata",
        ),
        ErrorKind::AliasBomb | ErrorKind::RecursiveAlias => (
            "the front matter is unsafe to load",
            "aliases start here",
            "write the values out instead of repeating them through anchors and aliases",
        ),
    };
    vec![Finding::new(at(e.offset), format!("{what}: {}", e.message))
        .label(label)
        .help(help)]
}

/// Text huggingface_hub reads but a strict YAML 1.2 parser rejects.
pub fn yaml_not_portable(ctx: &Ctx) -> Vec<Finding> {
    let Some(e) = &ctx.card.strict_error else {
        return Vec::new();
    };
    let text = ctx.card.text;
    let start = floor_char_boundary(text, e.offset);
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    vec![Finding::new(
        Span::new(start, end),
        format!(
            "huggingface_hub reads this front matter, but strict YAML 1.2 parsers reject it: {}",
            e.message
        ),
    )
    .label("a YAML 1.2 parser stops here")
    .help("indent continuation lines of a quoted value further than its key (or keep the value on one line), so that every YAML tool reads the same metadata")]
}

pub fn not_a_mapping(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let Some(root) = y.root else {
        return Vec::new();
    };
    let what = match &y.node(root).kind {
        Kind::Map(_) => return Vec::new(),
        Kind::Seq(_) => "a sequence",
        _ if y.is_null(root) => return Vec::new(),
        _ => "a scalar",
    };
    vec![Finding::new(
        y.span(root),
        format!("the front matter is {what}, not a mapping"),
    )
    .help("the Hub rejects such a card's metadata; write `key: value` lines")]
}

pub fn duplicate_key(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, node) in y.nodes.iter().enumerate() {
        if !matches!(node.kind, Kind::Map(_)) {
            continue;
        }
        let Some(entries) = y.own_entries(id) else {
            continue;
        };
        let mut seen: HashMap<&str, Span> = HashMap::new();
        for (k, _) in entries {
            let Some(key) = y.str(*k) else { continue };
            match seen.get(key) {
                Some(&first) => out.push(
                    Finding::new(
                        y.span(*k),
                        format!("duplicate key `{key}`: this one wins and the first is ignored"),
                    )
                    .label("repeated here")
                    .related(first, "first defined here")
                    .help("keep one of the two entries"),
                ),
                None => {
                    seen.insert(key, y.span(*k));
                }
            }
        }
    }
    out
}

pub fn yaml_11_ambiguity(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, node) in y.nodes.iter().enumerate() {
        let Kind::Scalar {
            value,
            style: Style::Plain,
            tagged: false,
        } = &node.kind
        else {
            continue;
        };
        let (v12, v11) = readings(value);
        if v12.same(&v11) {
            continue;
        }
        let help = match (&v12, &v11) {
            (_, Typed::Bool(_)) | (Typed::Str, Typed::Str) => {
                format!("quote it (`\"{value}\"`) if text is meant")
            }
            (Typed::Str, n) => format!(
                "write `{}` if the number is meant, or quote it if text is meant",
                n.as_f64().map_or_else(String::new, fmt_num)
            ),
            (n, _) => format!(
                "write `{}` so that both read the same number, or quote it if text is meant",
                n.as_f64().map_or_else(String::new, fmt_num)
            ),
        };
        out.push(
            Finding::new(
                y.span(id),
                format!(
                    "`{value}` reads as {} in huggingface_hub (YAML 1.1) but as {} in YAML 1.2",
                    v11.describe(),
                    v12.describe()
                ),
            )
            .label("read differently by YAML 1.1 and 1.2")
            .help(help),
        );
    }
    out
}
