//! Building the tree from libyaml-safer's events: spans, anchors and aliases (never expanded),
//! merge keys flattened as PyYAML flattens them, and the bounds on depth and node count.

use libyaml_safer::{EventData, MappingStyle, Parser, ScalarStyle, SequenceStyle};

use std::collections::HashMap;

use super::{pyyaml, ErrorKind, Kind, Node, NodeId, Style, Yaml, YamlError, MAX_DEPTH, MAX_NODES};
use crate::diagnostic::Span;

/// Stands in for a byte-order mark at the start of a line (3 bytes in UTF-8, like U+FEFF).
const HIDDEN_BOM: char = '\u{e000}';

fn hide_line_start_boms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut line_start = false;
    for c in text.chars() {
        if c == '\u{feff}' && line_start {
            out.push(HIDDEN_BOM);
        } else {
            out.push(c);
        }
        line_start = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
    }
    out
}

enum Frame {
    Seq(NodeId, Vec<NodeId>),
    /// The mapping, its entries, a key waiting for its value, and the merge keys (`<<`) met.
    Map(
        NodeId,
        Vec<(NodeId, NodeId)>,
        Option<NodeId>,
        Vec<(NodeId, NodeId)>,
    ),
}

fn style(s: ScalarStyle) -> Style {
    match s {
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
        _ => Style::Plain,
    }
}

impl Yaml {
    /// Parses `text`, which starts at byte `base` of the file, as huggingface_hub's
    /// `yaml.safe_load` reads it: libyaml's scanner and parser (through libyaml-safer, a safe
    /// Rust port), then the checks of PyYAML's composer and safe constructor (undefined and
    /// duplicate anchors, unknown tags, merge keys, values that cannot be constructed).
    pub fn parse(text: &str, base: usize) -> Result<Yaml, YamlError> {
        if let Some((i, c)) = pyyaml::non_printable(text) {
            return Err(YamlError::new(
                ErrorKind::ControlCharacter,
                format!(
                    "the character {} is not allowed in YAML (PyYAML: \"unacceptable character #x{:04x}: special characters are not allowed\")",
                    crate::util::char_name(c),
                    c as u32
                ),
                base + i,
            ));
        }
        // libyaml-safer 0.3 panics on a block scalar that ends the input without a line break
        // (libyaml reads past the end into its padding): end the text with one. Marks are
        // unaffected; a panic that still happens is an error of the card, not a crash.
        let mut padded = format!("{text}\n");
        // libyaml skips a byte-order mark at the start of any line; PyYAML only at the start of
        // the stream, and reads one elsewhere as text. Hide those from libyaml behind a private
        // character of the same width, given back in values.
        let hidden_bom = text.contains('\u{feff}');
        if hidden_bom {
            padded = hide_line_start_boms(&padded);
        }
        match std::panic::catch_unwind(|| Yaml::read(text, &padded, base, hidden_bom)) {
            Ok(r) => r,
            Err(_) => Err(YamlError::new(
                ErrorKind::Syntax,
                "the YAML reader failed on this text".into(),
                base,
            )),
        }
    }

    fn read(text: &str, padded: &str, base: usize, hidden_bom: bool) -> Result<Yaml, YamlError> {
        let at = |index: u64| base + usize::try_from(index).unwrap_or(usize::MAX).min(text.len());
        let mut y = Yaml::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0;
        let mut input = padded.as_bytes();
        let mut parser = Parser::new();
        parser.set_input_string(&mut input);
        let mut anchor_names: HashMap<String, usize> = HashMap::new();
        // Whether each open collection is a flow one (`[ ]`, `{ }`), and how many are.
        let mut flows: Vec<bool> = Vec::new();
        let mut in_flow = 0usize;
        loop {
            let ev = match parser.parse() {
                Ok(ev) => ev,
                Err(e) => {
                    let offset = e.problem_mark().map_or(base, |m| at(m.index));
                    let message = match e.context() {
                        Some(c) => format!("{} ({c})", e.problem()),
                        None => e.problem().to_string(),
                    };
                    return Err(YamlError::new(ErrorKind::Syntax, message, offset));
                }
            };
            let (start, end) = (at(ev.start_mark.index), at(ev.end_mark.index));
            if y.nodes.len() > MAX_NODES {
                return Err(YamlError::new(
                    ErrorKind::Limit,
                    format!("the front matter has more than {MAX_NODES} YAML nodes"),
                    start,
                ));
            }
            let is_key = matches!(stack.last(), Some(Frame::Map(_, _, None, _)));
            let is_map = matches!(ev.data, EventData::MappingStart { .. });
            let flow_start = matches!(
                ev.data,
                EventData::SequenceStart {
                    style: SequenceStyle::Flow,
                    ..
                } | EventData::MappingStart {
                    style: MappingStyle::Flow,
                    ..
                }
            );
            let done: NodeId = match ev.data {
                EventData::StreamEnd => break,
                EventData::DocumentStart { .. } => {
                    documents += 1;
                    if documents > 1 {
                        return Err(YamlError::new(
                            ErrorKind::Syntax,
                            "the front matter holds more than one YAML document (PyYAML: \"expected a single document in the stream\")".into(),
                            start,
                        ));
                    }
                    continue;
                }
                EventData::StreamStart { .. } | EventData::DocumentEnd { .. } => continue,
                EventData::Scalar {
                    anchor,
                    tag,
                    value,
                    style: st,
                    ..
                } => {
                    let st = style(st);
                    let value = if hidden_bom {
                        value.replace(HIDDEN_BOM, "\u{feff}")
                    } else {
                        value
                    };
                    let tag = tag.filter(|t| t != "!");
                    let span = Span::new(start, end.max(start));
                    if st == Style::Plain && in_flow > 0 {
                        // libyaml 0.2.5 lets a plain scalar in `[ ]`/`{ }` hold `?`; PyYAML ends
                        // it there and then fails.
                        if let Some(q) = text[span.start - base..span.end - base].find('?') {
                            return Err(YamlError::new(
                                ErrorKind::Syntax,
                                "PyYAML ends a plain value at `?` inside `[ ]` or `{ }` (\"expected ',' or '}', but got '?'\"); quote the value".into(),
                                span.start + q,
                            ));
                        }
                    }
                    if let Some(msg) = pyyaml::scalar_error(tag.as_deref(), &value, st, is_key) {
                        return Err(YamlError::new(ErrorKind::Construct, msg, start));
                    }
                    let id = y.push(
                        Kind::Scalar {
                            value,
                            style: st,
                            tagged: tag.is_some(),
                        },
                        span,
                    );
                    y.anchor(&mut anchor_names, anchor, id, start)?;
                    y.sizes[id] = 1;
                    id
                }
                EventData::Alias { anchor } => {
                    let Some(&n) = anchor_names.get(&anchor) else {
                        return Err(YamlError::new(
                            ErrorKind::Construct,
                            format!("the alias `*{anchor}` names no anchor before it (PyYAML: \"found undefined alias\")"),
                            start,
                        ));
                    };
                    let id = y.push(Kind::Alias(n), Span::new(start, end.max(start)));
                    let t = y.anchors[&n];
                    y.sizes[id] = if y.sizes[t] > 0 {
                        y.sizes[t]
                    } else {
                        y.recursive_alias = true;
                        1
                    };
                    id
                }
                EventData::SequenceStart { anchor, tag, .. }
                | EventData::MappingStart { anchor, tag, .. } => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(YamlError::new(
                            ErrorKind::Limit,
                            format!("the front matter nests deeper than {MAX_DEPTH} levels"),
                            start,
                        ));
                    }
                    if let Some(msg) =
                        pyyaml::collection_tag_error(tag.as_deref().filter(|t| *t != "!"), is_map)
                    {
                        return Err(YamlError::new(ErrorKind::Construct, msg, start));
                    }
                    flows.push(flow_start);
                    in_flow += usize::from(flow_start);
                    let id = y.push(
                        Kind::Scalar {
                            value: String::new(),
                            style: Style::Plain,
                            tagged: false,
                        },
                        Span::new(start, start),
                    );
                    y.anchor(&mut anchor_names, anchor, id, start)?;
                    stack.push(if is_map {
                        Frame::Map(id, Vec::new(), None, Vec::new())
                    } else {
                        Frame::Seq(id, Vec::new())
                    });
                    continue;
                }
                EventData::SequenceEnd | EventData::MappingEnd => {
                    in_flow -= usize::from(flows.pop().unwrap_or(false));
                    let Some(frame) = stack.pop() else { continue };
                    y.close(frame, end, text, base)?
                }
            };
            match stack.last_mut() {
                Some(Frame::Seq(_, items)) => items.push(done),
                Some(Frame::Map(_, entries, pending, merges)) => match pending.take() {
                    None => *pending = Some(done),
                    Some(k) if y.is_merge_key(k) => merges.push((k, done)),
                    Some(k) => {
                        if matches!(y.node(k).kind, Kind::Seq(_) | Kind::Map(_)) {
                            return Err(YamlError::new(
                                ErrorKind::Construct,
                                "a key is a list or a mapping (PyYAML: \"found unhashable key\")"
                                    .into(),
                                y.span(k).start,
                            ));
                        }
                        entries.push((k, done));
                    }
                },
                None => y.root = Some(done),
            }
        }
        y.expanded = y.root.map_or(0, |r| y.sizes[r]);
        Ok(y)
    }

    /// Finishes a collection: its kind, its expanded size, its span and, for a mapping, the
    /// entries its merge keys bring in (first, so that its own keys win, as in PyYAML).
    fn close(
        &mut self,
        frame: Frame,
        end: usize,
        text: &str,
        base: usize,
    ) -> Result<NodeId, YamlError> {
        let (id, kind) = match frame {
            Frame::Seq(id, items) => (id, Kind::Seq(items)),
            Frame::Map(id, entries, _, merges) if merges.is_empty() => (id, Kind::Map(entries)),
            Frame::Map(id, entries, _, merges) => {
                let mut merged = Vec::new();
                for (k, v) in merges {
                    merged.extend(self.merge_source(k, v)?);
                }
                self.merged.insert(id, merged.len());
                merged.extend(entries);
                (id, Kind::Map(merged))
            }
        };
        let children: u64 = match &kind {
            Kind::Seq(items) => items
                .iter()
                .fold(0u64, |a, &c| a.saturating_add(self.sizes[c])),
            Kind::Map(entries) => entries.iter().fold(0u64, |a, &(k, v)| {
                a.saturating_add(self.sizes[k])
                    .saturating_add(self.sizes[v])
            }),
            _ => 0,
        };
        self.sizes[id] = children.saturating_add(1);
        let node = &mut self.nodes[id];
        node.kind = kind;
        // Block collections end where the next token starts; trim trailing blanks.
        let bytes = text.as_bytes();
        let mut e = end.max(node.span.start);
        while e > node.span.start && matches!(bytes[e - 1 - base], b' ' | b'\t' | b'\r' | b'\n') {
            e -= 1;
        }
        node.span.end = e;
        Ok(id)
    }

    /// The entries a merge key's value brings in: a mapping's, or those of a list of mappings
    /// (earlier mappings win over later ones, as in PyYAML's `flatten_mapping`).
    fn merge_source(&self, key: NodeId, value: NodeId) -> Result<Vec<(NodeId, NodeId)>, YamlError> {
        let bad = || {
            YamlError::new(
                ErrorKind::Construct,
                "a merge key `<<` takes a mapping or a list of mappings (PyYAML: \"expected a mapping or list of mappings for merging\")".into(),
                self.span(key).start,
            )
        };
        match &self.node(value).kind {
            Kind::Map(e) => Ok(e.clone()),
            Kind::Seq(items) => {
                let mut out = Vec::new();
                for &m in items.iter().rev() {
                    out.extend(self.entries(m).ok_or_else(bad)?.iter().copied());
                }
                Ok(out)
            }
            _ => Err(bad()),
        }
    }

    fn is_merge_key(&self, k: NodeId) -> bool {
        matches!(&self.nodes[k].kind, Kind::Scalar { value, style: Style::Plain, tagged: false } if value == "<<")
    }

    fn push(&mut self, kind: Kind, span: Span) -> NodeId {
        self.sizes.push(0);
        self.nodes.push(Node { kind, span });
        self.nodes.len() - 1
    }

    fn anchor(
        &mut self,
        names: &mut HashMap<String, usize>,
        anchor: Option<String>,
        id: NodeId,
        at: usize,
    ) -> Result<(), YamlError> {
        let Some(name) = anchor else { return Ok(()) };
        if names.contains_key(&name) {
            return Err(YamlError::new(
                ErrorKind::Construct,
                format!(
                    "the anchor `&{name}` is defined twice (PyYAML: \"found duplicate anchor\")"
                ),
                at,
            ));
        }
        let n = names.len();
        names.insert(name, n);
        self.anchors.insert(n, id);
        Ok(())
    }
}
