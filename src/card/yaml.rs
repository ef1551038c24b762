//! The front matter as a YAML tree with a byte span on every key and value.
//!
//! Read as huggingface_hub reads it (`yaml.safe_load`): libyaml's scanner and parser through
//! libyaml-safer, a safe Rust port of libyaml (PyYAML's own scanner and parser follow libyaml),
//! then the checks of PyYAML's composer and safe constructor (`pyyaml.rs`). Unlike a loader it
//! keeps duplicate keys (the last wins for lookups, as in PyYAML), never expands aliases (an
//! alias stays a reference, so an alias bomb costs nothing) and bounds nesting depth and node
//! count.

use std::collections::HashMap;

use libyaml_safer::{EventData, MappingStyle, Parser, ScalarStyle, SequenceStyle};

use super::pyyaml;
use crate::diagnostic::Span;

pub type NodeId = usize;

/// Nesting deeper than this is refused with an error (a card needs a handful of levels).
pub const MAX_DEPTH: usize = 128;
/// More nodes than this are refused with an error (the largest real card has a few thousand).
pub const MAX_NODES: usize = 200_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Scalar {
        value: String,
        style: Style,
        /// An explicit tag such as `!!str`: the scalar's type is then not resolved from its text.
        tagged: bool,
    },
    Seq(Vec<NodeId>),
    Map(Vec<(NodeId, NodeId)>),
    /// A reference to the node with this anchor id.
    Alias(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub kind: Kind,
    pub span: Span,
}

/// Why huggingface_hub's `yaml.safe_load` fails (or would be unsafe) on the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// libyaml's scanner or parser stops (PyYAML's ScannerError/ParserError).
    Syntax,
    /// A character PyYAML's reader refuses (a control character, U+FFFE, a lone surrogate).
    ControlCharacter,
    /// A tab PyYAML's pure-Python scanner refuses where libyaml and YAML 1.2 accept it.
    Tab,
    /// PyYAML's composer or safe constructor fails: an unknown tag, an undefined or repeated
    /// anchor, a bad merge key, a list as a key, a value its type cannot hold (`2023-13-45`).
    Construct,
    /// Deeper or larger than cardlint reads.
    Limit,
    /// Aliases that expand to more nodes than [`super::MAX_EXPANDED`].
    AliasBomb,
    /// An alias inside the node it refers to.
    RecursiveAlias,
}

/// A YAML error at a byte offset of the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub kind: ErrorKind,
    pub message: String,
    pub offset: usize,
}

impl YamlError {
    pub fn new(kind: ErrorKind, message: String, offset: usize) -> Self {
        YamlError {
            kind,
            message,
            offset,
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Yaml {
    pub nodes: Vec<Node>,
    /// `None` for an empty document (the Hub reads it as an empty mapping).
    pub root: Option<NodeId>,
    anchors: HashMap<usize, NodeId>,
    /// How many nodes each node stands for once aliases are expanded (0 while unfinished).
    sizes: Vec<u64>,
    /// Nodes of the whole document with its aliases expanded, as PyYAML would build it.
    pub expanded: u64,
    /// An alias refers to a node that contains it (PyYAML builds a recursive object).
    pub recursive_alias: bool,
    /// For a mapping with merge keys, how many of its first entries the merges brought in.
    merged: HashMap<NodeId, usize>,
}

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

    /// The entries a mapping writes itself, without those its merge keys bring in.
    pub fn own_entries(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        let id = self.resolve(id);
        let e = self.entries(id)?;
        Some(&e[self.merged.get(&id).copied().unwrap_or(0)..])
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

    /// The first tab that PyYAML (huggingface_hub's parser) rejects, as a byte offset of the file.
    ///
    /// PyYAML's scanner skips only spaces between tokens and ends a plain scalar at a tab, so a
    /// tab anywhere outside a quoted scalar, a block scalar's content or a comment fails
    /// `yaml.safe_load` ("found character '\\t' that cannot start any token"), where YAML 1.2
    /// accepts it as white space.
    pub fn pyyaml_tab(&self, text: &str, base: usize) -> Option<usize> {
        if !text.contains('\t') {
            return None;
        }
        let mut protected: Vec<(usize, usize)> = self
            .nodes
            .iter()
            .filter(|n| matches!(n.kind, Kind::Scalar { style, .. } if style != Style::Plain))
            .map(|n| (n.span.start - base, n.span.end - base))
            .collect();
        protected.sort_unstable();
        let inside = |i: usize| {
            let k = protected.partition_point(|p| p.0 <= i);
            k > 0 && i < protected[k - 1].1
        };
        let mut line_start = 0;
        for line in text.split_inclusive('\n') {
            let b = line.as_bytes();
            for (j, &c) in b.iter().enumerate() {
                let i = line_start + j;
                // A comment starts after white space, at a line start, or right after a quoted
                // scalar's closing quote (PyYAML looks for one wherever a token may start).
                let after_quote =
                    j > 0 && !inside(i) && inside(i - 1) && matches!(b[j - 1], b'"' | b'\'');
                if c == b'#'
                    && (j == 0 || matches!(b[j - 1], b' ' | b'\t') || after_quote)
                    && !inside(i)
                {
                    break;
                }
                if c == b'\t' && !inside(i) {
                    return Some(base + i);
                }
            }
            line_start += line.len();
        }
        None
    }

    /// The node, following an alias to its anchored node.
    pub fn node(&self, id: NodeId) -> &Node {
        match self.nodes[id].kind {
            Kind::Alias(a) => self
                .anchors
                .get(&a)
                .map_or(&self.nodes[id], |&t| &self.nodes[t]),
            _ => &self.nodes[id],
        }
    }

    /// The resolved id (aliases followed).
    pub fn resolve(&self, id: NodeId) -> NodeId {
        match self.nodes[id].kind {
            Kind::Alias(a) => self.anchors.get(&a).copied().unwrap_or(id),
            _ => id,
        }
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.nodes[id].span
    }

    /// The scalar text of a node, if it is a scalar.
    pub fn str(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    pub fn entries(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        match &self.node(id).kind {
            Kind::Map(e) => Some(e),
            _ => None,
        }
    }

    pub fn items(&self, id: NodeId) -> Option<&[NodeId]> {
        match &self.node(id).kind {
            Kind::Seq(i) => Some(i),
            _ => None,
        }
    }

    /// The entry `(key, value)` for `key` in the mapping `map`; the last one wins, as in PyYAML.
    pub fn get(&self, map: NodeId, key: &str) -> Option<(NodeId, NodeId)> {
        self.entries(map)?
            .iter()
            .rev()
            .find(|(k, _)| self.str(*k) == Some(key))
            .copied()
    }

    /// Whether the node is a scalar whose resolved value is YAML null (`~`, `null`, empty).
    pub fn is_null(&self, id: NodeId) -> bool {
        match &self.node(id).kind {
            Kind::Scalar {
                value,
                style: Style::Plain,
                tagged: false,
            } => {
                matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL")
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, s: Span) -> &str {
        &text[s.start..s.end]
    }

    #[test]
    fn spans_are_bytes_of_the_whole_file_after_non_ascii_text() {
        let file =
            "---\ntitle: \"日本語 ü\"\nco2_eq_emissions:\n  emissions: \"1.5 kg\"  # c\n---\n";
        let y = Yaml::parse(&file[4..file.len() - 5], 4).unwrap();
        let root = y.root.unwrap();
        let (k, v) = y.get(root, "co2_eq_emissions").unwrap();
        assert_eq!(slice(file, y.span(k)), "co2_eq_emissions");
        let (k2, v2) = y.get(v, "emissions").unwrap();
        assert_eq!(slice(file, y.span(k2)), "emissions");
        assert_eq!(slice(file, y.span(v2)), "\"1.5 kg\"");
        let (_, t) = y.get(root, "title").unwrap();
        assert_eq!(slice(file, y.span(t)), "\"日本語 ü\"");
    }

    #[test]
    fn duplicate_keys_are_kept_and_the_last_wins() {
        let y = Yaml::parse("a: 1\na: 2\n", 0).unwrap();
        assert_eq!(y.entries(y.root.unwrap()).unwrap().len(), 2);
        let (_, v) = y.get(y.root.unwrap(), "a").unwrap();
        assert_eq!(y.str(v), Some("2"));
    }

    #[test]
    fn aliases_resolve_without_expansion() {
        let src = "a: &x [1, 2]\nb: *x\n";
        let y = Yaml::parse(src, 0).unwrap();
        let (_, b) = y.get(y.root.unwrap(), "b").unwrap();
        assert_eq!(y.items(b).unwrap().len(), 2);
    }

    #[test]
    fn errors_carry_file_offsets() {
        let e = Yaml::parse("é: [\n", 10).unwrap_err();
        assert!(e.offset >= 10, "{e:?}");
        assert!(Yaml::parse("a: 1\n...\nb: 2\n", 0).is_err());
    }

    #[test]
    fn tabs_pyyaml_rejects() {
        let tab = |s: &str| Yaml::parse(s, 0).unwrap().pyyaml_tab(s, 0);
        assert_eq!(tab("license:  \tgpl-3.0\n"), Some(10));
        assert_eq!(tab("a: 0.9\t\n"), Some(6));
        assert_eq!(
            tab("a: \"x\ty\"\nb: |\n  c\td\n# \tcomment\nd: e # \tcomment\n"),
            None
        );
        assert_eq!(tab("title: \"a\tb\"# a\tcomment\n"), None);
    }

    #[test]
    fn alias_bombs_are_measured_not_expanded() {
        let mut src = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..9 {
            let prev = (b'a' + i - 1) as char;
            let cur = (b'a' + i) as char;
            src.push_str(&format!("{cur}: &{cur} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        let y = Yaml::parse(&src, 0).unwrap();
        assert!(y.expanded > 1_000_000_000, "{}", y.expanded);
        assert!(y.nodes.len() < 200);
        assert!(Yaml::parse("a: &a [1, *a]\n", 0).unwrap().recursive_alias);
        assert!(
            !Yaml::parse("a: &a [1]\nb: *a\n", 0)
                .unwrap()
                .recursive_alias
        );
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = "[".repeat(MAX_DEPTH + 5);
        let e = Yaml::parse(&src, 0).unwrap_err();
        assert!(e.message.contains("nests deeper"), "{e:?}");
    }
}
