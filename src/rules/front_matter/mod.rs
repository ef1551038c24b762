//! The front matter block itself: present, valid YAML, a mapping, no duplicate keys, no scalar
//! that YAML 1.1 and 1.2 read differently, portable to strict YAML 1.2 parsers.

pub mod duplicate_key;
pub mod front_matter_not_a_mapping;
pub mod invalid_yaml;
pub mod no_front_matter;
pub mod yaml_1_1_ambiguity;
pub mod yaml_not_portable;

use crate::diagnostic::{floor_char_boundary, Span};

/// The span of the character at a parser's error offset (empty at the end of the text).
fn char_at(text: &str, offset: usize) -> Span {
    let start = floor_char_boundary(text, offset);
    let end = text[start..]
        .chars()
        .next()
        .map_or(start, |c| start + c.len_utf8());
    Span::new(start, end)
}
