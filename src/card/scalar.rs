//! What a plain scalar means under YAML 1.2's core schema (saphyr, the Hub's JavaScript) and
//! under PyYAML's YAML 1.1 resolver (huggingface_hub's `yaml.safe_load`), SPEC §1.1.

/// A resolved plain scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Typed {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str,
}

impl Typed {
    /// How the value reads, for messages: `float 1000`, `string`, `bool false`.
    pub fn describe(&self) -> String {
        match self {
            Typed::Null => "null".into(),
            Typed::Bool(b) => format!("bool {b}"),
            Typed::Int(i) => format!("int {i}"),
            Typed::Float(f) => format!("float {f}"),
            Typed::Str => "string".into(),
        }
    }
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Typed::Int(i) => Some(i as f64),
            Typed::Float(f) => Some(f),
            _ => None,
        }
    }
    /// Same type and value (NaN equals NaN here).
    pub fn same(&self, other: &Typed) -> bool {
        match (self, other) {
            (Typed::Float(a), Typed::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => self == other,
        }
    }
}

use super::resolver::{is_b11, is_f11, is_f12, is_i11, is_inf, is_nan};

fn signed(s: &str) -> (i128, &str) {
    match s.as_bytes().first() {
        Some(b'-') => (-1, &s[1..]),
        Some(b'+') => (1, &s[1..]),
        _ => (1, s),
    }
}

fn special_float(s: &str) -> Option<f64> {
    if is_inf(s) {
        return Some(if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    is_nan(s).then_some(f64::NAN)
}

/// Whether the two schemas surely agree that `s` is a string, without running a regex: text
/// that starts with a letter and is none of the special words, or that holds a character no
/// number, boolean or null has. (The hot path: most plain scalars are words like `apache-2.0`.)
pub fn surely_string(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if s.bytes().any(|b| {
        !(b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b':' | b'+' | b'-' | b'~'))
    }) {
        return true;
    }
    first.is_ascii_alphabetic()
        && !is_b11(s)
        && !matches!(s, "y" | "Y" | "n" | "N" | "null" | "Null" | "NULL")
}

/// Both readings of a plain scalar: `(YAML 1.2, PyYAML 1.1)`.
pub fn readings(s: &str) -> (Typed, Typed) {
    if surely_string(s) {
        return (Typed::Str, Typed::Str);
    }
    (core12(s), pyyaml11(s))
}

/// YAML 1.2 core schema.
pub fn core12(s: &str) -> Typed {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Typed::Null,
        "true" | "True" | "TRUE" => return Typed::Bool(true),
        "false" | "False" | "FALSE" => return Typed::Bool(false),
        _ => {}
    }
    let (sign, digits) = signed(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(v) = digits.parse::<i128>() {
            return Typed::Int(sign * v);
        }
        return Typed::Float(s.parse().unwrap_or(f64::NAN));
    }
    if let Some(h) = s.strip_prefix("0x") {
        if !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return i128::from_str_radix(h, 16).map_or(Typed::Str, Typed::Int);
        }
    }
    if let Some(o) = s.strip_prefix("0o") {
        if !o.is_empty() && o.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return i128::from_str_radix(o, 8).map_or(Typed::Str, Typed::Int);
        }
    }
    if is_f12(s) {
        return Typed::Float(s.parse().unwrap_or(f64::NAN));
    }
    special_float(s).map_or(Typed::Str, Typed::Float)
}

/// PyYAML 1.1 (`yaml.safe_load`).
pub fn pyyaml11(s: &str) -> Typed {
    if matches!(s, "" | "~" | "null" | "Null" | "NULL") {
        return Typed::Null;
    }
    if is_b11(s) {
        return Typed::Bool(matches!(
            s,
            "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON"
        ));
    }
    if is_i11(s) {
        let clean = s.replace('_', "");
        let (sign, v) = signed(&clean);
        let n = if let Some(b) = v.strip_prefix("0b") {
            i128::from_str_radix(b, 2).ok()
        } else if let Some(h) = v.strip_prefix("0x") {
            i128::from_str_radix(h, 16).ok()
        } else if v.contains(':') {
            v.split(':')
                .try_fold(0i128, |acc, p| Some(acc * 60 + p.parse::<i128>().ok()?))
        } else if v.len() > 1 && v.starts_with('0') {
            i128::from_str_radix(v, 8).ok()
        } else {
            v.parse().ok()
        };
        return n.map_or(Typed::Str, |n| Typed::Int(sign * n));
    }
    if is_f11(s) {
        if let Some(f) = special_float(s) {
            return Typed::Float(f);
        }
        let clean = s.replace('_', "");
        if clean.contains(':') {
            let (sign, v) = signed(&clean);
            let f = v
                .split(':')
                .fold(0.0, |acc, p| acc * 60.0 + p.parse::<f64>().unwrap_or(0.0));
            return Typed::Float(sign as f64 * f);
        }
        return Typed::Float(clean.parse().unwrap_or(f64::NAN));
    }
    Typed::Str
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_table() {
        assert_eq!(pyyaml11("1e3"), Typed::Str);
        assert_eq!(core12("1e3"), Typed::Float(1000.0));
        assert_eq!(pyyaml11("1e-05"), Typed::Str);
        assert_eq!(pyyaml11("24_700_000"), Typed::Int(24_700_000));
        assert_eq!(core12("24_700_000"), Typed::Str);
        assert_eq!(pyyaml11("no"), Typed::Bool(false));
        assert_eq!(core12("no"), Typed::Str);
        assert_eq!(pyyaml11("012"), Typed::Int(10));
        assert_eq!(core12("012"), Typed::Int(12));
        assert_eq!(pyyaml11("1:30"), Typed::Int(90));
        assert_eq!(core12("1:30"), Typed::Str);
    }

    #[test]
    fn the_fast_path_agrees_with_the_regexes() {
        for s in [
            "apache-2.0",
            "en",
            "no",
            "yes",
            "Off",
            "1e3",
            "012",
            "1:30",
            "24_700_000",
            ".inf",
            "a b",
            "x:y",
            "NULL",
            "~",
            "-",
            "+1",
            "0x1F",
            "0o17",
            "Y",
            "nan",
            ".NaN",
            "e5",
            "_1",
        ] {
            let (a, b) = readings(s);
            assert!(a.same(&core12(s)) && b.same(&pyyaml11(s)), "{s}");
        }
    }

    #[test]
    fn agreeing_readings() {
        for s in [
            "1.5", "0.319355", "25.4476", "-3", "0", "true", "null", ".inf", "1.5e-05", "abc",
        ] {
            assert!(
                core12(s).same(&pyyaml11(s)),
                "{s}: {:?} vs {:?}",
                core12(s),
                pyyaml11(s)
            );
        }
        // PyYAML wants a sign in the exponent and a dot in the mantissa.
        assert_eq!(pyyaml11("1.0e5"), Typed::Str);
        assert_eq!(core12(".nan").as_f64().map(f64::is_nan), Some(true));
    }
}
