//! The front matter as a YAML tree with a byte span on every key and value.
//!
//! Read as huggingface_hub reads it (`yaml.safe_load`): libyaml's scanner and parser through
//! libyaml-safer, a safe Rust port of libyaml (PyYAML's own scanner and parser follow libyaml),
//! then the checks of PyYAML's composer and safe constructor (`pyyaml.rs`). Unlike a loader it
//! keeps duplicate keys (the last wins for lookups, as in PyYAML), never expands aliases (an
//! alias stays a reference, so an alias bomb costs nothing) and bounds nesting depth and node
//! count.

use std::collections::HashMap;

use super::pyyaml;
use crate::diagnostic::Span;

mod fast;
mod read;

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

impl Yaml {
    /// The entries a mapping writes itself, without those its merge keys bring in.
    pub fn own_entries(&self, id: NodeId) -> Option<&[(NodeId, NodeId)]> {
        let id = self.resolve(id);
        let e = self.entries(id)?;
        Some(&e[self.merged.get(&id).copied().unwrap_or(0)..])
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

impl Yaml {
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
}

/// Whether the fast path's events for the front matter `text` are libyaml's: `None` where the
/// fast path leaves the text to libyaml, else the first difference. For the tests.
#[doc(hidden)]
pub fn fast_path_agrees(text: &str) -> Option<Result<(), String>> {
    let padded = format!("{text}\n");
    let fast = fast::events(&padded)?;
    let mut input = padded.as_bytes();
    let mut parser = libyaml_safer::Parser::new();
    parser.set_input_string(&mut input);
    let mut slow = Vec::new();
    loop {
        match parser.parse() {
            Ok(ev) => {
                let end = matches!(ev.data, libyaml_safer::EventData::StreamEnd);
                let (s, e) = (ev.start_mark.index as usize, ev.end_mark.index as usize);
                slow.push((ev.data, s, e));
                if end {
                    break;
                }
            }
            Err(e) => {
                return Some(Err(format!(
                    "libyaml fails ({e}) where the fast path reads"
                )))
            }
        }
    }
    for (i, (f, s)) in fast.iter().zip(&slow).enumerate() {
        if f != s {
            return Some(Err(format!("event {i}: fast {f:?}, libyaml {s:?}")));
        }
    }
    if fast.len() != slow.len() {
        return Some(Err(format!(
            "{} events, libyaml {}",
            fast.len(),
            slow.len()
        )));
    }
    Some(Ok(()))
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
        let tab = |s: &str| crate::card::pyyaml::tab(&Yaml::parse(s, 0).unwrap(), s, 0);
        assert_eq!(tab("license:  \tgpl-3.0\n"), Some(10));
        assert_eq!(tab("a: 0.9\t\n"), Some(6));
        assert_eq!(
            tab("a: \"x\ty\"\nb: |\n  c\td\n# \tcomment\nd: e # \tcomment\n"),
            None
        );
        assert_eq!(tab("title: \"a\tb\"# a\tcomment\n"), None);
    }

    #[test]
    fn a_second_bom_is_text_as_in_pyyaml() {
        // PyYAML skips a BOM only at the very start: the second is a plain scalar.
        let y = Yaml::parse("\u{feff}\u{feff}\n", 0).unwrap();
        let root = y.root.expect("a scalar root");
        assert_eq!(y.str(root), Some("\u{feff}"));
        let y = Yaml::parse("\u{feff}a: 1\n", 0).unwrap();
        assert!(y.entries(y.root.unwrap()).is_some());
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
