//! The plain-scalar patterns of PyYAML's resolver (yaml/resolver.py) and of the YAML 1.2 core
//! schema, as hand-written matchers. Compiling the equivalent regexes cost a single-card run
//! 1.6 M instructions (about half its time); the tests check the matchers against them.

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
pub(super) fn is_f12(s: &str) -> bool {
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
pub(super) fn is_inf(s: &str) -> bool {
    matches!(strip_sign(s), ".inf" | ".Inf" | ".INF")
}

/// `^\.(nan|NaN|NAN)$`
pub(super) fn is_nan(s: &str) -> bool {
    matches!(s, ".nan" | ".NaN" | ".NAN")
}

/// `^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$`
pub(super) fn is_b11(s: &str) -> bool {
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
pub(super) fn is_i11(s: &str) -> bool {
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
pub(super) fn is_f11(s: &str) -> bool {
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
}
