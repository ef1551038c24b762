//! What PyYAML's reader, composer and safe constructor refuse beyond libyaml's grammar: the
//! checks that make `yaml.safe_load` (huggingface_hub's reader) fail on text libyaml parses.
//! Each function names PyYAML's own message so a user can match it with what Python says.

use super::yaml::{Kind, Style, Yaml};

const CORE: &str = "tag:yaml.org,2002:";

/// The first character PyYAML's reader refuses (`Reader.NON_PRINTABLE`): a C0 control other
/// than tab, LF and CR, DEL, C1 controls but NEL, U+FFFE/U+FFFF. Returns its byte offset.
pub fn non_printable(text: &str) -> Option<(usize, char)> {
    // Printable ASCII (most front matters are nothing else) is skipped byte by byte.
    let b = text.as_bytes();
    let from = b
        .iter()
        .position(|&c| !(matches!(c, b' '..=b'~' | b'\n' | b'\t' | b'\r')))?;
    // (Every byte before it is ASCII: it starts a character.)
    text[from..]
        .char_indices()
        .map(|(i, c)| (from + i, c))
        .find(|&(_, c)| {
            !(matches!(c, '\t' | '\n' | '\r' | '\u{85}')
                || ('\u{20}'..='\u{7e}').contains(&c)
                || ('\u{a0}'..='\u{d7ff}').contains(&c)
                || ('\u{e000}'..='\u{fffd}').contains(&c)
                || c >= '\u{10000}')
        })
}

/// Why PyYAML's safe constructor fails on a scalar, if it does. `tag` is the explicit tag
/// (`None` for none or the non-specific `!`); `key` says whether the scalar is a mapping key.
pub fn scalar_error(tag: Option<&str>, value: &str, style: Style, key: bool) -> Option<String> {
    let Some(tag) = tag else {
        if style != Style::Plain {
            return None;
        }
        return implicit_error(value, key);
    };
    let Some(name) = tag.strip_prefix(CORE) else {
        return Some(unknown(tag));
    };
    let ok = match name {
        "str" | "null" => true,
        "bool" => matches!(
            value.to_ascii_lowercase().as_str(),
            "yes" | "no" | "true" | "false" | "on" | "off"
        ),
        "int" => int_ok(value),
        "float" => float_ok(value),
        "binary" => binary_ok(value),
        "timestamp" => timestamp(value) == Some(true),
        "seq" | "map" | "set" | "omap" | "pairs" => {
            return Some(format!(
            "the tag `!!{name}` is on a scalar (PyYAML: \"expected a {} node, but found scalar\")",
            if matches!(name, "map" | "set") {
                "mapping"
            } else {
                "sequence"
            }
        ))
        }
        _ => return Some(unknown(tag)),
    };
    (!ok).then(|| {
        format!(
            "`{}` is not a valid `!!{name}` value (PyYAML's safe constructor fails on it)",
            value.escape_debug()
        )
    })
}

/// Why PyYAML's safe constructor fails on a sequence or mapping with this explicit tag.
pub fn collection_tag_error(tag: Option<&str>, map: bool) -> Option<String> {
    let tag = tag?;
    let name = tag.strip_prefix(CORE).unwrap_or("");
    let fits = if map {
        matches!(name, "map" | "set")
    } else {
        matches!(name, "seq" | "omap" | "pairs")
    };
    if fits {
        return None;
    }
    let known = matches!(
        name,
        "map"
            | "set"
            | "seq"
            | "omap"
            | "pairs"
            | "str"
            | "null"
            | "bool"
            | "int"
            | "float"
            | "binary"
            | "timestamp"
    );
    Some(if known {
        format!(
            "the tag `!!{name}` is on a {} (PyYAML's safe constructor fails on it)",
            if map { "mapping" } else { "list" }
        )
    } else {
        unknown(tag)
    })
}

fn unknown(tag: &str) -> String {
    let shown = tag
        .strip_prefix(CORE)
        .map_or_else(|| tag.to_string(), |n| format!("!!{n}"));
    format!(
        "the tag `{}` is not one huggingface_hub's safe loader knows (PyYAML: \"could not determine a constructor for the tag\")",
        shown.escape_debug()
    )
}

/// A plain scalar resolves, under PyYAML's implicit resolvers, to a type whose constructor
/// fails: `=` (tag `value`) or `<<` (tag `merge`) outside a key, an impossible date, `0x_`.
fn implicit_error(value: &str, key: bool) -> Option<String> {
    let first = *value.as_bytes().first()?;
    match first {
        b'=' | b'<' if !key && (value == "=" || value == "<<") => Some(format!(
            "a plain `{value}` is read by PyYAML as the special tag `{}`, which the safe loader cannot construct; quote it",
            if value == "=" { "!!value" } else { "!!merge" }
        )),
        b'0'..=b'9' if timestamp(value) == Some(false) => Some(format!(
            "`{value}` reads as a date in YAML 1.1 but is not a valid one (PyYAML raises ValueError); quote it"
        )),
        b'0'..=b'9' | b'-' | b'+' => {
            let v = value.strip_prefix(['-', '+']).unwrap_or(value);
            let empty = (v.starts_with("0b") || v.starts_with("0x"))
                && v.len() > 2
                && v[2..].bytes().all(|b| b == b'_');
            empty.then(|| {
                format!("`{value}` reads as a YAML 1.1 integer with no digits (PyYAML raises ValueError); quote it")
            })
        }
        _ => None,
    }
}

fn int_ok(value: &str) -> bool {
    let v = value.replace('_', "");
    let v = v.strip_prefix(['-', '+']).unwrap_or(&v);
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if v == "0" {
        true
    } else if let Some(b) = v.strip_prefix("0b") {
        digits(b, 2)
    } else if let Some(h) = v.strip_prefix("0x") {
        digits(h, 16)
    } else if v.starts_with('0') {
        digits(v, 8)
    } else if v.contains(':') {
        v.split(':').all(|p| digits(p, 10))
    } else {
        digits(v.trim(), 10)
    }
}

fn float_ok(value: &str) -> bool {
    let v = value.replace('_', "").to_ascii_lowercase();
    let v = v.strip_prefix(['-', '+']).unwrap_or(&v);
    if v == ".inf" || v == ".nan" {
        return true;
    }
    if v.contains(':') {
        return v.split(':').all(|p| p.trim().parse::<f64>().is_ok());
    }
    v.trim().parse::<f64>().is_ok()
}

fn binary_ok(value: &str) -> bool {
    if !value.is_ascii() {
        return false;
    }
    let data = value.split('=').next().unwrap_or("");
    let n = data
        .bytes()
        .filter(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/'))
        .count();
    let pad = value.len() - data.len();
    match n % 4 {
        0 => true,
        2 => pad >= 2,
        3 => pad >= 1,
        _ => false,
    }
}

/// `Some(valid)` when `value` matches PyYAML's timestamp resolver, `None` when it does not.
/// Valid means `datetime.date`/`datetime.datetime` accept its fields (PyYAML's
/// `construct_yaml_timestamp`).
pub fn timestamp(value: &str) -> Option<bool> {
    let b = value.as_bytes();
    let num = |s: &[u8]| -> Option<u32> {
        (!s.is_empty() && s.iter().all(u8::is_ascii_digit))
            .then(|| s.iter().fold(0u32, |a, &d| a * 10 + u32::from(d - b'0')))
    };
    if b.len() < 8 || !b[..4].iter().all(u8::is_ascii_digit) || b[4] != b'-' {
        return None;
    }
    let year = num(&b[..4])?;
    // -M?M-D?D
    let rest = &b[5..];
    let m_len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&m_len) || rest.get(m_len) != Some(&b'-') {
        return None;
    }
    let month = num(&rest[..m_len])?;
    let rest = &rest[m_len + 1..];
    let d_len = rest.iter().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&d_len) {
        return None;
    }
    let day = num(&rest[..d_len])?;
    let rest = &rest[d_len..];
    let date_only = rest.is_empty();
    if date_only && (m_len != 2 || d_len != 2) {
        return None;
    }
    let mut ok = (1..=12).contains(&month) && year >= 1 && day >= 1 && day <= days_in(year, month);
    if !date_only {
        let t = time_fields(rest)?;
        ok &= t.0 < 24 && t.1 < 60 && t.2 < 60 && t.3 < 24 * 60;
    }
    Some(ok)
}

/// The time part of a timestamp: `(hour, minute, second, |tz| in minutes)`.
fn time_fields(s: &[u8]) -> Option<(u32, u32, u32, u32)> {
    let sep = if matches!(s.first(), Some(b'T' | b't')) {
        1
    } else {
        s.iter().take_while(|c| matches!(c, b' ' | b'\t')).count()
    };
    if sep == 0 {
        return None;
    }
    let s = &s[sep..];
    let two = |s: &[u8], min: usize| -> Option<(u32, usize)> {
        let n = s.iter().take(2).take_while(|c| c.is_ascii_digit()).count();
        (n >= min).then(|| {
            (
                s[..n]
                    .iter()
                    .fold(0u32, |a, &d| a * 10 + u32::from(d - b'0')),
                n,
            )
        })
    };
    let (hour, n) = two(s, 1)?;
    let s = &s[n..];
    let s = s.strip_prefix(b":")?;
    let (minute, n) = two(s, 2)?;
    let s = s[n..].strip_prefix(b":")?;
    let (second, n) = two(s, 2)?;
    let mut s = &s[n..];
    if let Some(f) = s.strip_prefix(b".") {
        s = &f[f.iter().take_while(|c| c.is_ascii_digit()).count()..];
    }
    let s = &s[s.iter().take_while(|c| matches!(c, b' ' | b'\t')).count()..];
    let tz = match s.first() {
        None => 0,
        Some(b'Z') if s.len() == 1 => 0,
        Some(b'-' | b'+') => {
            let (h, n) = two(&s[1..], 1)?;
            let r = &s[1 + n..];
            let m = match r.strip_prefix(b":") {
                Some(r) => {
                    let (m, n) = two(r, 2)?;
                    if n != r.len() {
                        return None;
                    }
                    m
                }
                None if r.is_empty() => 0,
                None => return None,
            };
            h * 60 + m
        }
        _ => return None,
    };
    Some((hour, minute, second, tz))
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first tab that PyYAML (huggingface_hub's parser) rejects, as a byte offset of the file.
///
/// PyYAML's scanner skips only spaces between tokens and ends a plain scalar at a tab, so a
/// tab anywhere outside a quoted scalar, a block scalar's content or a comment fails
/// `yaml.safe_load` ("found character '\\t' that cannot start any token"), where YAML 1.2
/// accepts it as white space.
pub fn tab(y: &Yaml, text: &str, base: usize) -> Option<usize> {
    if !text.contains('\t') {
        return None;
    }
    let mut protected: Vec<(usize, usize)> = y
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_as_pyyaml_builds_them() {
        assert_eq!(timestamp("2023-01-31"), Some(true));
        assert_eq!(timestamp("2023-13-45"), Some(false));
        assert_eq!(timestamp("0000-01-01"), Some(false));
        assert_eq!(timestamp("2024-02-29"), Some(true));
        assert_eq!(timestamp("2023-02-29"), Some(false));
        assert_eq!(timestamp("2001-12-14t21:59:43.10-05:00"), Some(true));
        assert_eq!(timestamp("2001-12-14 25:59:43"), Some(false));
        assert_eq!(timestamp("2001-12-14 21:59:43 +24"), Some(false));
        assert_eq!(timestamp("2023-1-5"), None);
        assert_eq!(timestamp("2023-01-31x"), None);
        assert_eq!(timestamp("apache-2.0"), None);
    }

    #[test]
    fn tags_and_values_the_safe_loader_refuses() {
        let tagged = |t: &str, v: &str| scalar_error(Some(t), v, Style::Plain, false);
        assert!(tagged("!foo", "12").is_some());
        assert!(tagged("tag:yaml.org,2002:python/tuple", "x").is_some());
        assert!(tagged("tag:yaml.org,2002:int", "abc").is_some());
        assert!(tagged("tag:yaml.org,2002:int", "0x1F").is_none());
        assert!(tagged("tag:yaml.org,2002:float", "1e3").is_none());
        assert!(tagged("tag:yaml.org,2002:bool", "Yes").is_none());
        assert!(tagged("tag:yaml.org,2002:str", "anything").is_none());
        let plain = |v: &str, key: bool| scalar_error(None, v, Style::Plain, key);
        assert!(plain("=", false).is_some());
        assert!(plain("=", true).is_none());
        assert!(plain("<<", false).is_some());
        assert!(plain("0b_", false).is_some());
        assert!(plain("-0x_", false).is_some());
        assert!(plain("0x1f", false).is_none());
        assert!(plain("2023-02-30", false).is_some());
        assert!(scalar_error(None, "2023-02-30", Style::DoubleQuoted, false).is_none());
        assert_eq!(non_printable("a: b\u{7}c"), Some((4, '\u{7}')));
        assert_eq!(non_printable("a: b\u{85}c\u{a0}"), None);
        assert_eq!(non_printable("a: \u{fffe}"), Some((3, '\u{fffe}')));
    }
}
