//! The metadata half of `fill`: the `co2_eq_emissions` sub-fields fill owns are updated where
//! they stand, missing ones are added after the mapping's last line, and every other key (a
//! generator's `energy_consumed`, `on_cloud`, `cpu_model`…) keeps its bytes.

use crate::card::scalar::{core12, pyyaml11};
use crate::card::yaml::{Kind, NodeId, Yaml};
use crate::card::Card;
use crate::decimal::agrees;
use crate::diagnostic::Span;
use crate::edit::{add_top_level, indent_of, line_ending, one_line_scalar, Edit, Refusal};
use crate::facts::{Co2Form, Facts};

/// When a value the card already has is left as it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Keep {
    /// The same text (case aside).
    Same,
    /// A figure that states this number at its own precision (`hours_used: 0.001` for 0.00097).
    Stated(f64),
    /// A figure at least as precise as the one written (`319.355` where `319.4` is written).
    Precise,
}

/// One `co2_eq_emissions` sub-field fill writes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Owned {
    pub key: &'static str,
    /// The value as YAML writes it (a number plain, a string quoted where needed).
    pub yaml: String,
    /// The value as it reads.
    pub value: String,
    pub keep: Keep,
    /// Written only over a key the card already has (a generator's `energy_consumed`).
    pub only_over: bool,
}

impl Owned {
    fn kept(&self, y: &Yaml, v: NodeId) -> bool {
        let Some(old) = y.str(v) else {
            return false;
        };
        // A number both YAML versions read as one (`1e3` is a string to PyYAML: rewritten).
        let plain = matches!(
            y.node(v).kind,
            Kind::Scalar {
                style: crate::card::yaml::Style::Plain,
                tagged: false,
                ..
            }
        ) && core12(old).as_f64().is_some()
            && pyyaml11(old).as_f64().is_some();
        match self.keep {
            Keep::Same => old.trim().eq_ignore_ascii_case(&self.value),
            Keep::Stated(x) => plain && agrees(old, x),
            Keep::Precise => {
                plain
                    && old
                        .parse::<f64>()
                        .is_ok_and(|o| agrees(&self.value, o) && o > 0.0)
            }
        }
    }
    fn line(&self) -> String {
        format!("{}: {}", self.key, self.yaml)
    }
}

/// The edits writing `fields` into the card's `co2_eq_emissions`.
pub(super) fn co2_edits(card: &Card, f: &Facts, fields: &[Owned]) -> Result<Vec<Edit>, Refusal> {
    let text = card.text;
    let nl = line_ending(text);
    let (Some(y), Some(c)) = (card.yaml(), &f.co2) else {
        let block = |indent: &str| block(indent, nl, fields, &[]);
        return add_top_level(card, block, "fill", true).map(|e| vec![e]);
    };
    let flow = text[y.span(c.value).start..].starts_with('{');
    let alias = y.resolve(c.value) != c.value;
    if c.form == Co2Form::Mapping && !flow && !alias {
        return in_place(card, y, c.value, fields);
    }
    // A bare value, a null or a flow mapping: a new block, keeping a flow mapping's other
    // entries as written.
    let mut kept = Vec::new();
    if c.form == Co2Form::Mapping {
        for &(k, v) in y.own_entries(c.value).unwrap_or(&[]) {
            if fields.iter().any(|o| y.str(k) == Some(o.key)) {
                continue;
            }
            let (ks, vs) = (card.slice(y.span(k)), card.slice(y.span(v)));
            if ks.contains(['\n', '\r']) || vs.contains(['\n', '\r']) || vs.is_empty() {
                return Err(Refusal::NotPlainKey);
            }
            kept.push(format!("{ks}: {vs}"));
        }
    }
    let ks = y.span(c.key);
    let start = text[..ks.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent = indent_of(text, ks.start).ok_or(Refusal::NotPlainKey)?;
    Ok(vec![Edit {
        span: Span::new(start, y.span(c.value).end.max(ks.end)),
        text: block(indent, nl, fields, &kept),
        code: "fill",
        safe: true,
    }])
}

/// `co2_eq_emissions:` and its fields, one a line.
fn block(indent: &str, nl: &str, fields: &[Owned], kept: &[String]) -> String {
    let mut s = format!("{indent}co2_eq_emissions:");
    let lines = fields
        .iter()
        .filter(|o| !o.only_over)
        .map(Owned::line)
        .chain(kept.iter().cloned());
    for l in lines {
        s.push_str(&format!("{nl}{indent}  {l}"));
    }
    s
}

/// A block mapping: each owned value replaced where it stands, missing ones appended.
fn in_place(card: &Card, y: &Yaml, map: NodeId, fields: &[Owned]) -> Result<Vec<Edit>, Refusal> {
    let text = card.text;
    let nl = line_ending(text);
    let entries = y.own_entries(map).unwrap_or(&[]);
    let first = entries.first().ok_or(Refusal::NotPlainKey)?;
    let indent = indent_of(text, y.span(first.0).start).ok_or(Refusal::NotPlainKey)?;
    let mut edits = Vec::new();
    let mut missing = String::new();
    for o in fields {
        match entries.iter().rev().find(|(k, _)| y.str(*k) == Some(o.key)) {
            Some(&(k, v)) if !o.kept(y, v) => edits.push(replace(card, y, k, v, o)?),
            Some(_) => {}
            None if o.only_over => {}
            None => missing.push_str(&format!("{nl}{indent}{}", o.line())),
        }
    }
    if !missing.is_empty() {
        // After the mapping's last line (its span ends at its last character; a comment on
        // that line stays on it).
        let end = y.span(map).end;
        let at = text[end..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| end + i);
        let at = card.split.yaml.map_or(at, |ys| at.min(ys.end));
        edits.push(Edit {
            span: Span::new(at, at),
            text: missing,
            code: "fill",
            safe: true,
        });
    }
    Ok(edits)
}

/// The edit replacing one sub-field's value: the value alone where it is a scalar on one line,
/// else the whole entry (`key:` with nothing, a nested value, an alias).
fn replace(card: &Card, y: &Yaml, k: NodeId, v: NodeId, o: &Owned) -> Result<Edit, Refusal> {
    let text = card.text;
    let edit = |span: Span, text: String| Edit {
        span,
        text,
        code: "fill",
        safe: true,
    };
    let own = y.resolve(v) == v;
    if let Some((_, _, span)) = one_line_scalar(card, y, v).filter(|_| own && !y.is_null(v)) {
        return Ok(edit(span, o.yaml.clone()));
    }
    let ks = y.span(k);
    if card.slice(ks).contains(['\n', '\r']) {
        return Err(Refusal::NotPlainKey);
    }
    let end = if y.is_null(v) && y.span(v).is_empty() {
        // `key:` with no value: up to its colon.
        let after = &text[ks.end..];
        let colon = after.find(':').filter(|&i| after[..i].trim().is_empty());
        ks.end + colon.ok_or(Refusal::NotPlainKey)? + 1
    } else {
        y.span(v).end.max(ks.end)
    };
    Ok(edit(Span::new(ks.start, end), o.line()))
}
