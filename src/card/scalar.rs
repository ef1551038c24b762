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

// PyYAML's resolver (yaml/resolver.py) and the YAML 1.2 core schema, as hand-written matchers:
// compiling the equivalent regexes cost a single-card run 1.6 M instructions (about half its
// time). The regexes are kept in the tests, which check the matchers against them.

fn all(s: &str, f: impl Fn(u8) -> bool) -> bool {
    !s.is_empty() && s.bytes().all(f)
}

fn digit_us(b: u8) -> bool {
    b.is_ascii_digit() || b == b'_'
}

fn strip_sign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

/// `[eE][-+]?[0-9]+` (with `need_sign`, `[eE][-+][0-9]+`), given the text after the `e`.
fn exponent(e: &str, need_sign: bool) -> bool {
    let d = strip_sign(e);
    (!need_sign || d.len() < e.len()) && all(d, |b| b.is_ascii_digit())
}

/// `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`
fn is_f12(s: &str) -> bool {
    let t = strip_sign(s);
    let (m, e) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mantissa = match m.strip_prefix('.') {
        Some(f) => all(f, |b| b.is_ascii_digit()),
        None => {
            let (int, frac) = m.split_once('.').unwrap_or((m, ""));
            all(int, |b| b.is_ascii_digit()) && frac.bytes().all(|b| b.is_ascii_digit())
        }
    };
    mantissa && e.is_none_or(|e| exponent(e, false))
}

/// `^[-+]?\.(inf|Inf|INF)$`
fn is_inf(s: &str) -> bool {
    matches!(strip_sign(s), ".inf" | ".Inf" | ".INF")
}

/// `^\.(nan|NaN|NAN)$`
fn is_nan(s: &str) -> bool {
    matches!(s, ".nan" | ".NaN" | ".NAN")
}

/// `^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`
fn is_b11(s: &str) -> bool {
    matches!(
        s,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    )
}

/// `[0-5]?[0-9]`
fn sexagesimal_part(p: &str) -> bool {
    match p.as_bytes() {
        [d] => d.is_ascii_digit(),
        [a, d] => (b'0'..=b'5').contains(a) && d.is_ascii_digit(),
        _ => false,
    }
}

/// `head(:[0-5]?[0-9])+` where `head` is checked by `first`.
fn sexagesimal(t: &str, first: impl Fn(&str) -> bool) -> bool {
    let mut parts = t.split(':');
    let head = parts.next().unwrap_or("");
    let mut n = 0;
    for p in parts {
        if !sexagesimal_part(p) {
            return false;
        }
        n += 1;
    }
    n > 0 && first(head)
}

/// `[1-9][0-9_]*`
fn nonzero_lead(h: &str) -> bool {
    h.as_bytes()
        .first()
        .is_some_and(|b| (b'1'..=b'9').contains(b))
        && h.bytes().all(digit_us)
}

/// `[0-9][0-9_]*`
fn digit_lead(h: &str) -> bool {
    h.as_bytes().first().is_some_and(u8::is_ascii_digit) && h.bytes().all(digit_us)
}

/// `^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$`
fn is_i11(s: &str) -> bool {
    let t = strip_sign(s);
    if let Some(b) = t.strip_prefix("0b") {
        if all(b, |c| matches!(c, b'0' | b'1' | b'_')) {
            return true;
        }
    }
    if let Some(x) = t.strip_prefix("0x") {
        if all(x, |c| c.is_ascii_hexdigit() || c == b'_') {
            return true;
        }
    }
    if let Some(o) = t.strip_prefix('0') {
        if all(o, |c| (b'0'..=b'7').contains(&c) || c == b'_') {
            return true;
        }
    }
    t == "0" || nonzero_lead(t) || sexagesimal(t, nonzero_lead)
}

/// `^([-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9_]+([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$`
fn is_f11(s: &str) -> bool {
    if is_inf(s) || is_nan(s) {
        return true;
    }
    let fraction_exp = |f: &str, nonempty: bool| {
        let (frac, e) = match f.find(['e', 'E']) {
            Some(i) => (&f[..i], Some(&f[i + 1..])),
            None => (f, None),
        };
        (!nonempty || !frac.is_empty())
            && frac.bytes().all(digit_us)
            && e.is_none_or(|e| exponent(e, true))
    };
    if let Some(f) = s.strip_prefix('.') {
        if fraction_exp(f, true) {
            return true;
        }
    }
    let t = strip_sign(s);
    let Some((head, frac)) = t.split_once('.') else {
        return false;
    };
    (digit_lead(head) && fraction_exp(frac, false))
        || (frac.bytes().all(digit_us) && sexagesimal(head, digit_lead))
}

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
    use regex::Regex;

    /// The matchers agree with the resolver's regexes on every string of up to 5 characters
    /// over the characters that matter, and on random longer ones.
    #[test]
    fn matchers_equal_the_regexes() {
        let re = |p: &str| Regex::new(p).unwrap();
        type Matcher = fn(&str) -> bool;
        let pairs: [(Regex, Matcher); 6] = [
            (
                re(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$"),
                is_f12,
            ),
            (re(r"^[-+]?\.(inf|Inf|INF)$"), is_inf),
            (re(r"^\.(nan|NaN|NAN)$"), is_nan),
            (
                re(
                    r"^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
                ),
                is_b11,
            ),
            (
                re(
                    r"^([-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$",
                ),
                is_i11,
            ),
            (
                re(
                    r"^([-+]?([0-9][0-9_]*)\.[0-9_]*([eE][-+][0-9]+)?|\.[0-9_]+([eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$",
                ),
                is_f11,
            ),
        ];
        let alphabet = "0179_.:+-eExb6";
        let check = |s: &str| {
            for (r, f) in &pairs {
                assert_eq!(r.is_match(s), f(s), "{s:?} against {}", r.as_str());
            }
        };
        crate::util::testing::every_string(alphabet, 5, check);
        for s in [
            ".inf",
            "-.Inf",
            "+.INF",
            ".nan",
            ".NaN",
            "-.nan",
            "yes",
            "On",
            "0x_fF",
            "0b",
            "0x",
            "190:20:30",
            "1:60",
            "1:5:",
            "0:30",
            "01:30.5",
            ".5e+3",
            "1.e-3",
            "1.0e5",
        ] {
            check(s);
        }
        crate::util::testing::random_strings(alphabet, 200_000, 32, check);
    }

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
