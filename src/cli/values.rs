//! The command line's value parsers for facts: counts, sizes, scores and folders.

use std::path::PathBuf;

/// A count or a size in bytes: a whole number, not negative (`1500000`, `1_500_000`, `1e9`).
pub(super) fn whole_number(s: &str) -> Result<f64, String> {
    let t = s.trim().replace('_', "");
    let plain = t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    match t.parse::<f64>() {
        Ok(x) if plain && x.is_finite() && x >= 0.0 && x.fract() == 0.0 => Ok(x),
        _ => Err(format!(
            "`{s}` is not a whole number that is not negative (write it in digits, e.g. 1500000 or 1.5e9)"
        )),
    }
}

/// A score between 0 and 1.
pub(super) fn unit_interval(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(x) if x.is_finite() && (0.0..=1.0).contains(&x) => Ok(x),
        _ => Err(format!(
            "`{s}` is not a number from 0 to 1 (an accuracy of 87 % is 0.87)"
        )),
    }
}

/// A folder that exists.
pub(super) fn existing_dir(s: &str) -> Result<PathBuf, String> {
    let p = PathBuf::from(s);
    if p.is_dir() {
        Ok(p)
    } else {
        Err(format!("`{s}` is not a folder"))
    }
}
