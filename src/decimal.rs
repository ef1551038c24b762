//! Exact decimal rescaling of a number as written: `0.319355` kg → `319.355` g without the float
//! error of `0.319355 * 1000.0` (`319.35499999999996`).

/// `text` (digits with an optional sign, `,`/`_` separators, a decimal point and an exponent)
/// times `10^shift`, as a plain decimal without exponent or superfluous zeros.
pub fn shift(text: &str, shift: i32) -> Option<String> {
    let t: String = text.chars().filter(|c| !matches!(c, ',' | '_')).collect();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r.to_string()),
        None => (false, t.strip_prefix('+').unwrap_or(&t).to_string()),
    };
    let (mant, exp) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], t[i + 1..].parse::<i32>().ok()?),
        None => (&t[..], 0),
    };
    let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let digits = format!("{int}{frac}");
    // The decimal point sits after `point` digits.
    let point = int.len() as i64 + exp as i64 + shift as i64;
    if !(-400..=400).contains(&point) {
        return None;
    }
    let (whole, fraction) = if point <= 0 {
        (
            String::from("0"),
            format!("{}{digits}", "0".repeat((-point) as usize)),
        )
    } else if point as usize >= digits.len() {
        (
            format!("{digits}{}", "0".repeat(point as usize - digits.len())),
            String::new(),
        )
    } else {
        (
            digits[..point as usize].to_string(),
            digits[point as usize..].to_string(),
        )
    };
    let whole = whole.trim_start_matches('0');
    let whole = if whole.is_empty() { "0" } else { whole };
    let fraction = fraction.trim_end_matches('0');
    let body = if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    };
    Some(if neg && body != "0" {
        format!("-{body}")
    } else {
        body
    })
}

#[cfg(test)]
mod tests {
    use super::shift;

    #[test]
    fn exact() {
        assert_eq!(shift("0.319355", 3).as_deref(), Some("319.355"));
        assert_eq!(shift("1.71", 3).as_deref(), Some("1710"));
        assert_eq!(shift("11,250", 3).as_deref(), Some("11250000"));
        assert_eq!(shift("24_700_000", 0).as_deref(), Some("24700000"));
        assert_eq!(shift("1e3", 0).as_deref(), Some("1000"));
        assert_eq!(shift("1.5e-05", 3).as_deref(), Some("0.015"));
        assert_eq!(shift(".5", 6).as_deref(), Some("500000"));
        assert_eq!(shift("-2.50", 0).as_deref(), Some("-2.5"));
        assert_eq!(shift("0.0001", 0).as_deref(), Some("0.0001"));
        assert_eq!(shift("abc", 0), None);
    }
}
