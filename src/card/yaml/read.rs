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
        // After the stream's own BOM (which both skip) PyYAML reads a second one as text, where
        // libyaml would skip it as well: hide it too.
        line_start = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
            || (c == '\u{feff}' && out.len() == c.len_utf8());
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
        let mut r = Reader {
            y: Yaml::default(),
            text,
            base,
            hidden_bom,
            stack: Vec::new(),
            documents: 0,
            anchor_names: HashMap::new(),
            flows: Vec::new(),
            in_flow: 0,
        };
        // The common forms without libyaml's per-character queue: the same events, faster.
        if let Some(events) = (!hidden_bom).then(|| super::fast::events(padded)).flatten() {
            for (data, start, end) in events {
                if let Some(done) = r.event(data, start as u64, end as u64)? {
                    r.attach(done)?;
                }
            }
            return Ok(r.finish());
        }
        let mut input = padded.as_bytes();
        let mut parser = Parser::new();
        parser.set_input_string(&mut input);
        loop {
            let ev = parser.parse().map_err(|e| {
                let offset = e.problem_mark().map_or(base, |m| r.at(m.index));
                let message = match e.context() {
                    Some(c) => format!("{} ({c})", e.problem()),
                    None => e.problem().to_string(),
                };
                YamlError::new(ErrorKind::Syntax, message, offset)
            })?;
            if matches!(ev.data, EventData::StreamEnd) {
                break;
            }
            if let Some(done) = r.event(ev.data, ev.start_mark.index, ev.end_mark.index)? {
                r.attach(done)?;
            }
        }
        Ok(r.finish())
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

/// The state of reading one front matter from libyaml's events.
struct Reader<'t> {
    y: Yaml,
    text: &'t str,
    /// Where `text` starts in the file.
    base: usize,
    hidden_bom: bool,
    /// The collections open around the current event.
    stack: Vec<Frame>,
    documents: usize,
    anchor_names: HashMap<String, usize>,
    /// Whether each open collection is a flow one (`[ ]`, `{ }`), and how many are.
    flows: Vec<bool>,
    in_flow: usize,
}

impl Reader<'_> {
    /// The tree read, with its expanded size.
    fn finish(self) -> Yaml {
        let mut y = self.y;
        y.expanded = y.root.map_or(0, |r| y.sizes[r]);
        y
    }

    /// A mark of libyaml as an offset in the file.
    fn at(&self, index: u64) -> usize {
        self.base
            + usize::try_from(index)
                .unwrap_or(usize::MAX)
                .min(self.text.len())
    }

    /// One event: the node it completes, if any.
    fn event(
        &mut self,
        data: EventData,
        start: u64,
        end: u64,
    ) -> Result<Option<NodeId>, YamlError> {
        let (start, end) = (self.at(start), self.at(end));
        if self.y.nodes.len() > MAX_NODES {
            return Err(YamlError::new(
                ErrorKind::Limit,
                format!("the front matter has more than {MAX_NODES} YAML nodes"),
                start,
            ));
        }
        let is_key = matches!(self.stack.last(), Some(Frame::Map(_, _, None, _)));
        let flow = matches!(
            data,
            EventData::SequenceStart {
                style: SequenceStyle::Flow,
                ..
            } | EventData::MappingStart {
                style: MappingStyle::Flow,
                ..
            }
        );
        match data {
            EventData::DocumentStart { .. } => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError::new(
                        ErrorKind::Syntax,
                        "the front matter holds more than one YAML document (PyYAML: \"expected a single document in the stream\")".into(),
                        start,
                    ));
                }
                Ok(None)
            }
            EventData::Scalar {
                anchor,
                tag,
                value,
                style: st,
                ..
            } => {
                let tag = tag.filter(|t| t != "!");
                let span = Span::new(start, end.max(start));
                self.scalar(anchor, tag.as_deref(), value, style(st), span, is_key)
                    .map(Some)
            }
            EventData::Alias { anchor } => self.alias(&anchor, start, end).map(Some),
            EventData::SequenceStart { anchor, tag, .. } => {
                self.open(anchor, tag.as_deref(), false, flow, start)
            }
            EventData::MappingStart { anchor, tag, .. } => {
                self.open(anchor, tag.as_deref(), true, flow, start)
            }
            EventData::SequenceEnd | EventData::MappingEnd => {
                self.in_flow -= usize::from(self.flows.pop().unwrap_or(false));
                let Some(frame) = self.stack.pop() else {
                    return Ok(None);
                };
                self.y.close(frame, end, self.text, self.base).map(Some)
            }
            _ => Ok(None),
        }
    }

    fn scalar(
        &mut self,
        anchor: Option<String>,
        tag: Option<&str>,
        value: String,
        st: Style,
        span: Span,
        is_key: bool,
    ) -> Result<NodeId, YamlError> {
        let value = if self.hidden_bom {
            value.replace(HIDDEN_BOM, "\u{feff}")
        } else {
            value
        };
        if st == Style::Plain && self.in_flow > 0 {
            // libyaml 0.2.5 lets a plain scalar in `[ ]`/`{ }` hold `?`; PyYAML ends it there
            // and then fails.
            let written = &self.text[span.start - self.base..span.end - self.base];
            if let Some(q) = written.find('?') {
                return Err(YamlError::new(
                    ErrorKind::Syntax,
                    "PyYAML ends a plain value at `?` inside `[ ]` or `{ }` (\"expected ',' or '}', but got '?'\"); quote the value".into(),
                    span.start + q,
                ));
            }
        }
        if let Some(msg) = pyyaml::scalar_error(tag, &value, st, is_key) {
            return Err(YamlError::new(ErrorKind::Construct, msg, span.start));
        }
        let id = self.y.push(
            Kind::Scalar {
                value,
                style: st,
                tagged: tag.is_some(),
            },
            span,
        );
        self.y
            .anchor(&mut self.anchor_names, anchor, id, span.start)?;
        self.y.sizes[id] = 1;
        Ok(id)
    }

    fn alias(&mut self, anchor: &str, start: usize, end: usize) -> Result<NodeId, YamlError> {
        let Some(&n) = self.anchor_names.get(anchor) else {
            return Err(YamlError::new(
                ErrorKind::Construct,
                format!("the alias `*{anchor}` names no anchor before it (PyYAML: \"found undefined alias\")"),
                start,
            ));
        };
        let y = &mut self.y;
        let id = y.push(Kind::Alias(n), Span::new(start, end.max(start)));
        let t = y.anchors[&n];
        y.sizes[id] = if y.sizes[t] > 0 {
            y.sizes[t]
        } else {
            y.recursive_alias = true;
            1
        };
        Ok(id)
    }

    /// A sequence or mapping starts: a placeholder node until it closes.
    fn open(
        &mut self,
        anchor: Option<String>,
        tag: Option<&str>,
        is_map: bool,
        flow: bool,
        start: usize,
    ) -> Result<Option<NodeId>, YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::new(
                ErrorKind::Limit,
                format!("the front matter nests deeper than {MAX_DEPTH} levels"),
                start,
            ));
        }
        if let Some(msg) = pyyaml::collection_tag_error(tag.filter(|t| *t != "!"), is_map) {
            return Err(YamlError::new(ErrorKind::Construct, msg, start));
        }
        self.flows.push(flow);
        self.in_flow += usize::from(flow);
        let id = self.y.push(
            Kind::Scalar {
                value: String::new(),
                style: Style::Plain,
                tagged: false,
            },
            Span::new(start, start),
        );
        self.y.anchor(&mut self.anchor_names, anchor, id, start)?;
        self.stack.push(if is_map {
            Frame::Map(id, Vec::new(), None, Vec::new())
        } else {
            Frame::Seq(id, Vec::new())
        });
        Ok(None)
    }

    /// A completed node joins its parent: an item, a key, a value, a merge, or the root.
    fn attach(&mut self, done: NodeId) -> Result<(), YamlError> {
        let y = &self.y;
        match self.stack.last_mut() {
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
            None => self.y.root = Some(done),
        }
        Ok(())
    }
}
