//! A generator's measures in the mapping: Sentence Transformers' and SetFit's
//! `energy_consumed` (kWh) and `hours_used`.

use super::{Co2, Measure};
use crate::card::quantity;
use crate::card::scalar::core12;
use crate::card::yaml::{Kind, Style, Yaml};

/// A generator's measure in the mapping (`energy_consumed`, `hours_used`): a YAML number, or a
/// string whose number is followed by nothing or by `unit` (`0.11 kWh`, `0.5 hours`).
pub(super) fn measure(y: &Yaml, c: &Co2, key: &str, unit: &str) -> Option<Measure> {
    let &(_, v) = c
        .generator
        .iter()
        .rev()
        .find(|(k, _)| y.str(*k) == Some(key))?;
    let Kind::Scalar {
        value,
        style,
        tagged,
    } = &y.node(v).kind
    else {
        return None;
    };
    let value = match core12(value).as_f64() {
        Some(n) if *style == Style::Plain && !*tagged => n,
        _ => {
            let q = quantity::parse(value)?;
            let rest = value[q.number_at.1..].trim().to_ascii_lowercase();
            let prefix_ok = value[..q.number_at.0].trim().is_empty();
            if !prefix_ok || !(rest.is_empty() || rest.starts_with(unit)) {
                return None;
            }
            q.number
        }
    };
    (value.is_finite() && value >= 0.0).then(|| Measure {
        value,
        span: y.span(v),
    })
}
