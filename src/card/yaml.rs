//! The front matter as a YAML tree with a byte span on every key and value.
//!
//! Built from saphyr-parser's events (YAML 1.2). Unlike a loader it keeps duplicate keys (the
//! last wins for lookups, as in PyYAML), never expands aliases (an alias stays a reference, so an
//! alias bomb costs nothing) and bounds nesting depth and node count.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YSpan};

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

/// A YAML error at a byte offset of the whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub message: String,
    pub offset: usize,
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
}

/// Converts saphyr's character indices into byte offsets of the whole file. This is the only
/// place where parser positions become file positions.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    /// Byte offset of each char index; empty when the text is ASCII (then char == byte).
    table: Vec<u32>,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        let table = if text.is_ascii() {
            Vec::new()
        } else {
            let mut t: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
            t.push(text.len() as u32);
            t
        };
        Offsets { text, base, table }
    }
    /// Byte offset within the YAML text.
    fn local(&self, char_index: usize) -> usize {
        if self.table.is_empty() {
            char_index.min(self.text.len())
        } else {
            self.table[char_index.min(self.table.len() - 1)] as usize
        }
    }
    fn file(&self, char_index: usize) -> usize {
        self.base + self.local(char_index)
    }
    /// The byte span of a scalar, mended where saphyr's end runs past the token: quoted scalars
    /// end at their closing quote, plain ones lose trailing blanks.
    fn scalar_span(&self, sp: &YSpan, style: ScalarStyle) -> Span {
        let start = self.local(sp.start.index());
        let end = self.local(sp.end.index()).max(start);
        let t = self.text.as_bytes();
        let end = match style {
            ScalarStyle::DoubleQuoted | ScalarStyle::SingleQuoted => {
                let q = if style == ScalarStyle::DoubleQuoted {
                    b'"'
                } else {
                    b'\''
                };
                let mut i = start + 1;
                let mut close = end;
                while i < t.len() {
                    if q == b'"' && t[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if t[i] == q {
                        if q == b'\'' && t.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        close = i + 1;
                        break;
                    }
                    i += 1;
                }
                close
            }
            ScalarStyle::Plain => {
                let mut e = end;
                while e > start && matches!(t[e - 1], b' ' | b'\t' | b'\r' | b'\n') {
                    e -= 1;
                }
                e
            }
            _ => end,
        };
        Span::new(self.base + start, self.base + end)
    }
}

enum Frame {
    Seq(NodeId, Vec<NodeId>),
    Map(NodeId, Vec<(NodeId, NodeId)>, Option<NodeId>),
}

impl Yaml {
    /// Parses `text`, which starts at byte `base` of the file.
    pub fn parse(text: &str, base: usize) -> Result<Yaml, YamlError> {
        let off = Offsets::new(text, base);
        let mut y = Yaml::default();
        let mut stack: Vec<Frame> = Vec::new();
        let mut documents = 0;
        let mut parser = Parser::new_from_str(text);
        let err = |message: String, offset: usize| YamlError { message, offset };
        loop {
            let (ev, sp) = match parser.next_event() {
                None => break,
                Some(Ok(x)) => x,
                Some(Err(e)) => {
                    return Err(err(e.info().to_string(), off.file(e.marker().index())))
                }
            };
            if y.nodes.len() > MAX_NODES {
                return Err(err(
                    format!("the front matter has more than {MAX_NODES} YAML nodes"),
                    off.file(sp.start.index()),
                ));
            }
            let done: NodeId = match ev {
                Event::StreamEnd => break,
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        return Err(err(
                            "the front matter holds more than one YAML document".into(),
                            off.file(sp.start.index()),
                        ));
                    }
                    continue;
                }
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => continue,
                Event::Scalar(value, style, anchor, tag) => {
                    let id = y.push(
                        Kind::Scalar {
                            value: value.into_owned(),
                            style: match style {
                                ScalarStyle::Plain => Style::Plain,
                                ScalarStyle::SingleQuoted => Style::SingleQuoted,
                                ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                                ScalarStyle::Literal => Style::Literal,
                                ScalarStyle::Folded => Style::Folded,
                            },
                            tagged: tag.is_some(),
                        },
                        off.scalar_span(&sp, style),
                    );
                    y.anchor(anchor, id);
                    y.sizes[id] = 1;
                    id
                }
                Event::Alias(anchor) => {
                    let s = Span::new(off.file(sp.start.index()), off.file(sp.end.index()));
                    let id = y.push(Kind::Alias(anchor), s);
                    y.sizes[id] = match y.anchors.get(&anchor) {
                        Some(&t) if y.sizes[t] > 0 => y.sizes[t],
                        Some(_) => {
                            y.recursive_alias = true;
                            1
                        }
                        None => 1,
                    };
                    id
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(err(
                            format!("the front matter nests deeper than {MAX_DEPTH} levels"),
                            off.file(sp.start.index()),
                        ));
                    }
                    let is_map = matches!(ev, Event::MappingStart(..));
                    let start = off.file(sp.start.index());
                    let id = y.push(
                        Kind::Scalar {
                            value: String::new(),
                            style: Style::Plain,
                            tagged: false,
                        },
                        Span::new(start, start),
                    );
                    y.anchor(anchor, id);
                    stack.push(if is_map {
                        Frame::Map(id, Vec::new(), None)
                    } else {
                        Frame::Seq(id, Vec::new())
                    });
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let end = off.file(sp.end.index());
                    let (id, kind) = match stack.pop() {
                        Some(Frame::Seq(id, items)) => (id, Kind::Seq(items)),
                        Some(Frame::Map(id, entries, _)) => (id, Kind::Map(entries)),
                        None => continue,
                    };
                    let children: u64 = match &kind {
                        Kind::Seq(items) => items
                            .iter()
                            .fold(0u64, |a, &c| a.saturating_add(y.sizes[c])),
                        Kind::Map(entries) => entries.iter().fold(0u64, |a, &(k, v)| {
                            a.saturating_add(y.sizes[k]).saturating_add(y.sizes[v])
                        }),
                        _ => 0,
                    };
                    y.sizes[id] = children.saturating_add(1);
                    let node = &mut y.nodes[id];
                    node.kind = kind;
                    // Block collections end where the next token starts; trim trailing blanks.
                    let mut e = end.max(node.span.start);
                    let bytes = off.text.as_bytes();
                    while e > node.span.start
                        && matches!(bytes[e - 1 - base], b' ' | b'\t' | b'\r' | b'\n')
                    {
                        e -= 1;
                    }
                    node.span.end = e;
                    id
                }
            };
            match stack.last_mut() {
                Some(Frame::Seq(_, items)) => items.push(done),
                Some(Frame::Map(_, entries, pending)) => match pending.take() {
                    None => *pending = Some(done),
                    Some(k) => entries.push((k, done)),
                },
                None => y.root = Some(done),
            }
        }
        y.expanded = y.root.map_or(0, |r| y.sizes[r]);
        Ok(y)
    }

    fn push(&mut self, kind: Kind, span: Span) -> NodeId {
        self.sizes.push(0);
        self.nodes.push(Node { kind, span });
        self.nodes.len() - 1
    }

    fn anchor(&mut self, anchor: usize, id: NodeId) {
        if anchor != 0 {
            self.anchors.insert(anchor, id);
        }
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
                if c == b'#' && (j == 0 || matches!(b[j - 1], b' ' | b'\t')) && !inside(i) {
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
