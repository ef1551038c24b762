//! Escaping card-controlled text for output: the one leaf module every other module (the
//! core, the report formats, the Hub client) takes its escaping from. It imports nothing from
//! the crate.

/// A character no card text may carry raw into any output: C0 and C1 controls (DEL and NEL
/// included), the line and paragraph separators, and the bidirectional embeddings, overrides
/// and isolates. The one definition every escaping in cardlint uses.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from a card or a path, made safe to print on one line: control characters (C0, DEL,
/// C1), line and paragraph separators and bidirectional overrides are written as `\u{1b}`
/// escapes, and a backslash as `\\` when anything was escaped, so no card text can start a
/// line, move the cursor or recolour a terminal.
pub fn safe_text(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = is_unsafe_char;
    // Printable ASCII is safe as it is: checked by byte, without decoding characters.
    if s.bytes().all(|b| matches!(b, b' '..=b'~')) || !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Serialised JSON with the characters JSON allows raw in strings but a terminal or a log
/// would act on written as `\uXXXX` escapes: line and paragraph separators, NEL and bidi
/// controls (JSON escapes the C0 controls itself). `##[`, which the Actions runner reads as
/// an old-style command anywhere in a log line, becomes `##\u005b`. All occur only inside
/// strings, so the JSON means the same.
pub fn json_safe(s: String) -> String {
    // The unsafe characters JSON leaves raw: the non-ASCII ones (it escapes C0 itself).
    let bad = |c: char| !c.is_ascii() && is_unsafe_char(c);
    // Every character in question is encoded with a lead byte 0xC2 (U+0080–U+009F) or 0xE2
    // (U+2028–U+2069): most output has neither, and `##[` is rare.
    if memchr::memchr3(0xC2, 0xE2, b'#', s.as_bytes()).is_none() {
        return s;
    }
    let s = if s.contains("##[") {
        s.replace("##[", "##\\u005b")
    } else {
        s
    };
    // Only a character with one of those lead bytes can be unsafe: look at those alone.
    let b = s.as_bytes();
    let any_bad =
        memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| s[i..].chars().next().is_some_and(bad));
    if !any_bad {
        return s;
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if bad(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
