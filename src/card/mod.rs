//! A model card read into its parts, with byte spans into the whole file: the front matter
//! split as the Hub splits it, the YAML tree, and the body's carbon-related lines.

pub mod body;
pub mod frontmatter;
pub mod pyyaml;
pub mod quantity;
mod resolver;
pub mod scalar;
pub mod strict;
pub mod yaml;

use crate::diagnostic::{LineIndex, Span};

/// More nodes than this once aliases are expanded is an alias bomb for PyYAML.
pub const MAX_EXPANDED: u64 = 1_000_000;

/// The state of the front matter.
#[derive(Debug)]
pub enum FrontMatter {
    /// No block: the whole file is body.
    Absent,
    /// The block does not parse as YAML.
    Invalid(yaml::YamlError),
    /// Parsed. An empty block has no root (an empty mapping for the Hub).
    Parsed(yaml::Yaml),
}

/// A parsed card. Parsing never fails: problems are states that rules report.
#[derive(Debug)]
pub struct Card<'a> {
    pub text: &'a str,
    pub split: frontmatter::Split,
    pub front: FrontMatter,
    pub body: body::Body,
    /// Built on first ask ([`Card::lines`]): most cards of a corpus have no finding with a
    /// place, and never need it.
    lines: std::sync::OnceLock<LineIndex>,
    /// The front matter is readable but unsafe for PyYAML: an alias bomb or a recursive alias.
    pub pyyaml_error: Option<yaml::YamlError>,
    /// huggingface_hub reads the front matter but a strict YAML 1.2 parser rejects it: parsed
    /// again on first ask ([`Card::strict_error`]), never on the hot path.
    strict: std::cell::OnceCell<Option<yaml::YamlError>>,
    /// Where the body says CodeCarbon measured ([`Card::codecarbon_line`]): found once, asked by
    /// several rules.
    codecarbon: std::cell::OnceCell<Option<Span>>,
}

impl<'a> Card<'a> {
    pub fn parse(text: &'a str) -> Card<'a> {
        let split = frontmatter::split(text);
        let front = match split.yaml {
            None => FrontMatter::Absent,
            Some(s) => {
                let src = &text[s.start..s.end];
                match yaml::Yaml::parse(src, s.start) {
                    Ok(y) => match pyyaml::tab(&y, src, s.start) {
                        Some(offset) => FrontMatter::Invalid(yaml::YamlError::new(
                            yaml::ErrorKind::Tab,
                            "huggingface_hub's PyYAML rejects a tab here (\"found character '\\t' that cannot start any token\")".into(),
                            offset,
                        )),
                        None => FrontMatter::Parsed(y),
                    },
                    Err(e) => FrontMatter::Invalid(e),
                }
            }
        };
        let pyyaml_error = match (&front, split.yaml) {
            (FrontMatter::Parsed(y), Some(s)) if y.recursive_alias => Some(yaml::YamlError::new(
                yaml::ErrorKind::RecursiveAlias,
                "an alias refers to a node that contains it: huggingface_hub (PyYAML) builds a recursive object that JSON cannot hold".into(),
                s.start,
            )),
            (FrontMatter::Parsed(y), Some(s)) if y.expanded > MAX_EXPANDED => Some(yaml::YamlError::new(
                yaml::ErrorKind::AliasBomb,
                format!("its aliases expand to {} nodes (an alias bomb); huggingface_hub (PyYAML) would build every one", y.expanded),
                s.start,
            )),
            _ => None,
        };
        let body = body::parse(&text[split.body.start..split.body.end], split.body.start);
        Card {
            text,
            split,
            front,
            body,
            lines: std::sync::OnceLock::new(),
            pyyaml_error,
            strict: std::cell::OnceCell::new(),
            codecarbon: std::cell::OnceCell::new(),
        }
    }

    /// The card's line index (built on the first ask).
    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// The line index if one was built, for the report to keep.
    pub fn take_lines(&mut self) -> std::sync::OnceLock<LineIndex> {
        std::mem::take(&mut self.lines)
    }

    /// The body's Environmental Impact section (`fill` asks; the rules do not).
    pub fn env_section(&self) -> Option<Span> {
        let b = self.split.body;
        body::env_section(&self.text[b.start..b.end], b.start)
    }

    /// Where a strict YAML 1.2 parser rejects front matter that huggingface_hub reads (CL006).
    /// Computed on the first ask, and only for front matter holding a construct on which YAML
    /// 1.1 (libyaml, PyYAML) and 1.2 parsers are known to differ ([`strict::may_differ`]): the
    /// second parse costs nothing on the other ~99 % of cards, nor where CL006 is off.
    pub fn strict_error(&self) -> Option<&yaml::YamlError> {
        self.strict
            .get_or_init(|| {
                let (FrontMatter::Parsed(y), Some(s)) = (&self.front, self.split.yaml) else {
                    return None;
                };
                if !strict::may_differ(y, self.text, s) {
                    return None;
                }
                strict::error(&self.text[s.start..s.end]).map(|(message, offset)| {
                    yaml::YamlError::new(yaml::ErrorKind::Syntax, message, s.start + offset)
                })
            })
            .as_ref()
    }

    /// Where the body says CodeCarbon measured the emissions: a line naming CodeCarbon and a
    /// measurement (Sentence Transformers' and SetFit's "Carbon emissions were measured using
    /// [CodeCarbon](…)"), or a CodeCarbon results table.
    pub fn codecarbon_line(&self) -> Option<Span> {
        *self.codecarbon.get_or_init(|| codecarbon_line(self))
    }

    /// The YAML tree, where the front matter parsed.
    pub fn yaml(&self) -> Option<&yaml::Yaml> {
        match &self.front {
            FrontMatter::Parsed(y) => Some(y),
            _ => None,
        }
    }

    /// The root mapping, where the front matter is a mapping.
    pub fn root_map(&self) -> Option<(&yaml::Yaml, yaml::NodeId)> {
        let y = self.yaml()?;
        let root = y.root?;
        y.entries(root).map(|_| (y, y.resolve(root)))
    }

    /// The value of a top-level key (the last occurrence wins, as in PyYAML).
    pub fn top(&self, key: &str) -> Option<(yaml::NodeId, yaml::NodeId)> {
        let (y, root) = self.root_map()?;
        y.get(root, key)
    }

    pub fn slice(&self, s: Span) -> &'a str {
        &self.text[s.start..s.end]
    }

    /// The span of the opening `---` line, for findings about the front matter as a whole.
    pub fn fence_span(&self) -> Span {
        match self.split.block {
            Some(b) => Span::new(b.start, (b.start + 3).min(self.text.len())),
            None => Span::new(0, 0),
        }
    }
}

/// Where the body says CodeCarbon measured the emissions: a line naming CodeCarbon and a
/// measurement (Sentence Transformers' and SetFit's "Carbon emissions were measured using
/// [CodeCarbon](…)"), or a CodeCarbon results table.
fn codecarbon_line(card: &Card) -> Option<Span> {
    if let Some(l) = card.body.field(body::Field::CodeCarbonEmissions) {
        return Some(l.line);
    }
    let body = card.split.body;
    let text = card.slice(body);
    // Each line that names CodeCarbon (found without lowercasing the body: this runs on
    // every card), checked for a word of measuring.
    let mut from = 0;
    while let Some(i) = crate::util::find_ignore_ascii_case(&text[from..], "codecarbon") {
        let i = from + i;
        let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
        let end = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
        let line = &text[start..end];
        let measured = ["measured", "tracked", "estimated", "recorded", "logged"]
            .iter()
            .any(|w| crate::util::contains_ignore_ascii_case(line, w));
        if measured {
            let at = body.start + start;
            return Some(Span::new(at, at + line.trim_end().len()));
        }
        from = end;
    }
    None
}
