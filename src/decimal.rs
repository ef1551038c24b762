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

/// `x` rounded to `sig` significant digits, as a plain decimal (never an exponent, which YAML
/// 1.1 reads as a string) without superfluous zeros; whole digits are never rounded away
/// (`12345.6` at 3 digits is `12346`, not `12300`).
pub fn round_sig(x: f64, sig: i32) -> String {
    if !x.is_finite() || x == 0.0 {
        return "0".into();
    }
    let magnitude = x.abs().log10().floor() as i32;
    let decimals = (sig - 1 - magnitude).clamp(0, 300) as usize;
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        &s
    };
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// Whether `written` (a plain decimal, as a card prints a figure) states `x` at its own
/// precision: within half a unit of its last digit (`0.042` states 0.0423, `0.001` states
/// 0.00097). A zero states nothing (AutoTrain's failed tracking).
pub fn agrees(written: &str, x: f64) -> bool {
    let w = written.trim();
    // `0.042`, or Python's `1.292737199279229e-05` (a generator's float as it printed it).
    let (mant, exp) = match w.find(['e', 'E']) {
        Some(i) => (&w[..i], w[i + 1..].parse::<i32>().ok()),
        None => (w, Some(0)),
    };
    let plain = !mant.is_empty() && mant.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    let Some(v) = w.parse::<f64>().ok().filter(|v| plain && *v > 0.0) else {
        return false;
    };
    let Some(exp) = exp.filter(|e| e.abs() <= 300) else {
        return false;
    };
    let decimals = mant.split_once('.').map_or(0, |(_, f)| f.len()) as i32 - exp;
    let half = 0.5 * 10f64.powi(-decimals);
    (v - x).abs() <= half * (1.0 + 1e-9)
}

#[cfg(test)]
mod tests {
    use super::{agrees, round_sig, shift};

    #[test]
    fn significant_digits_and_agreement() {
        assert_eq!(round_sig(0.042_345_678_901_234_56, 3), "0.0423");
        assert_eq!(round_sig(319.355, 4), "319.4");
        assert_eq!(round_sig(2.0, 3), "2");
        assert_eq!(round_sig(12_345.6, 3), "12346");
        assert_eq!(round_sig(0.000_012_345, 3), "0.0000123");
        assert_eq!(round_sig(0.0, 3), "0");
        assert!(agrees("0.042", 0.0423));
        assert!(agrees("0.001", 0.000_972));
        assert!(agrees("319.4", 319.355) && agrees("319.355", 319.355));
        assert!(!agrees("300", 319.355) && !agrees("0", 0.3) && !agrees("0.000", 0.0001));
        assert!(agrees("1.292737199279229e-05", 1.292_737_199_279_229e-5));
        assert!(agrees("1e3", 1000.0) && agrees("1.000e3", 1000.4) && !agrees("1.000e3", 1000.6));
        assert!(!agrees("-1", -1.0) && !agrees("", 0.0) && !agrees("1e", 1.0));
    }

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
