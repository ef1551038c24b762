//! Whether a strict YAML 1.2 parser (saphyr-parser) also reads the front matter that
//! huggingface_hub reads. libyaml and PyYAML accept some text YAML 1.2 rejects, above all the
//! continuation lines of a multi-line quoted scalar indented less than its mapping (51 of
//! ~54,800 real cards, the bigscience T0 family among them): the Hub reads those cards, but
//! other tools (the Hub's JavaScript, editors, yamllint) do not.

use saphyr_parser::Parser;

/// The first error a YAML 1.2 parser finds in `text`, as `(message, byte offset in text)`.
pub fn error(text: &str) -> Option<(String, usize)> {
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_event()? {
            Ok(_) => {}
            Err(e) => {
                let chars = e.marker().index();
                let offset = if text.is_ascii() {
                    chars.min(text.len())
                } else {
                    text.char_indices()
                        .nth(chars)
                        .map_or(text.len(), |(b, _)| b)
                };
                return Some((e.info().to_string(), offset));
            }
        }
    }
}
