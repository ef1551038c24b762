//! Reads an emissions value written as text ("0.319355 Kg", "11,250 kg CO2 eq.", "28.53 in
//! grams of CO2") into a number and a unit, keeping what was written and how it was understood.

/// A unit of mass (or something that is not a mass at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// No unit written: the card's convention is grams.
    None,
    Grams,
    Kilograms,
    Tonnes,
    Pounds,
    /// An energy (kWh): not an emission, cannot be converted.
    Energy,
    /// Text after the number that names no unit cardlint knows.
    Unknown,
}

impl Unit {
    /// Grams per unit, where the unit is a mass.
    pub fn grams_per_unit(self) -> Option<f64> {
        match self {
            Unit::None | Unit::Grams => Some(1.0),
            Unit::Kilograms => Some(1e3),
            Unit::Tonnes => Some(1e6),
            Unit::Pounds => Some(453.592_37),
            Unit::Energy | Unit::Unknown => None,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Unit::None => "none",
            Unit::Grams => "g",
            Unit::Kilograms => "kg",
            Unit::Tonnes => "t",
            Unit::Pounds => "lb",
            Unit::Energy => "kWh",
            Unit::Unknown => "unknown",
        }
    }
}

/// A number read from text, with its unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    pub number: f64,
    /// Byte range of the number within the text it was read from.
    pub number_at: (usize, usize),
    pub unit: Unit,
    /// The unit as written (trimmed), empty when there is none.
    pub unit_text: String,
}

impl Quantity {
    /// The value in grams, where the unit is a mass (or absent).
    pub fn grams(&self) -> Option<f64> {
        self.unit.grams_per_unit().map(|g| self.number * g)
    }
}

/// The leftmost-first match at byte `i` of
/// `[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?`,
/// its end. Hand-written: compiling that regex was a third of a single-card run.
fn number_at(b: &[u8], i: usize) -> Option<usize> {
    let digits = |from: usize| b[from..].iter().take_while(|c| c.is_ascii_digit()).count();
    let exponent = |at: usize| -> usize {
        if !matches!(b.get(at), Some(b'e' | b'E')) {
            return at;
        }
        let s = at + 1 + usize::from(matches!(b.get(at + 1), Some(b'-' | b'+')));
        match digits(s) {
            0 => at,
            n => s + n,
        }
    };
    let start = i + usize::from(matches!(b.get(i), Some(b'-' | b'+')));
    let lead = digits(start);
    if lead > 0 {
        // Thousands groups: 1–3 digits, then one or more `,ddd`.
        let mut end = start + lead;
        let mut grouped = false;
        if lead <= 3 {
            while b.get(end) == Some(&b',') && digits(end + 1) >= 3 {
                end += 4;
                grouped = true;
            }
        }
        if !grouped {
            end = start + lead;
            while b.get(end) == Some(&b'_') && digits(end + 1) > 0 {
                end += 1 + digits(end + 1);
            }
        }
        if b.get(end) == Some(&b'.') {
            end += 1 + digits(end + 1);
        }
        return Some(exponent(end));
    }
    if b.get(start) == Some(&b'.') {
        let n = digits(start + 1);
        if n > 0 {
            return Some(exponent(start + 1 + n));
        }
    }
    None
}

/// The regex's `find_iter`: non-overlapping leftmost matches, as byte ranges.
fn numbers(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < b.len() {
            if let Some(end) = number_at(b, i) {
                let m = (i, end);
                i = end;
                return Some(m);
            }
            i += 1;
        }
        None
    })
}

/// Reads the first number in `text` and the unit after it. `None` when there is no number.
pub fn parse(text: &str) -> Option<Quantity> {
    // The first number that does not continue a word (the 2 of "CO2" is no number).
    let (m_start, m_end) = numbers(text).find(|&(start, _)| {
        !text[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })?;
    let clean: String = text[m_start..m_end]
        .chars()
        .filter(|c| !matches!(c, ',' | '_'))
        .collect();
    let number: f64 = clean.parse().ok()?;
    let rest = &text[m_end..];
    // "1,5 kg": a decimal comma, or a list? Either way the number is not what it seems.
    let unit = if rest.starts_with(',') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
        Unit::Unknown
    } else {
        unit_of(rest)
    };
    let unit_text = rest
        .split(['(', ';', '\n'])
        .next()
        .unwrap_or("")
        .trim()
        .to_string();
    Some(Quantity {
        number,
        number_at: (m_start, m_end),
        unit,
        unit_text: if unit == Unit::None {
            String::new()
        } else {
            unit_text
        },
    })
}

/// Recognises the unit at the start of `rest` ("kg CO2 eq.", "in grams of CO2", "tCO2eq").
pub fn unit_of(rest: &str) -> Unit {
    let head = rest.split(['(', ';', ',', '\n']).next().unwrap_or("");
    let norm: String = head
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .map(|c| if c == '₂' { '2' } else { c })
        .collect();
    let n = norm
        .strip_prefix("in")
        .filter(|r| r.starts_with('g') || r.starts_with('k'))
        .unwrap_or(&norm);
    let co2ish = |r: &str| {
        let r = r.strip_prefix("of").unwrap_or(r);
        r.is_empty()
            || r.starts_with("co2")
            || r.starts_with("eq")
            || r.starts_with('e') && r.len() <= 3
    };
    if n.is_empty() {
        return Unit::None;
    }
    for (prefixes, unit) in [
        (&["kwh", "mwh", "wh", "kw"][..], Unit::Energy),
        (&["kilograms", "kilogram", "kgs", "kg"][..], Unit::Kilograms),
        (&["tonnes", "tonne", "tons", "ton", "t"][..], Unit::Tonnes),
        (&["pounds", "pound", "lbs", "lb"][..], Unit::Pounds),
        (&["grams", "gram", "gr", "g"][..], Unit::Grams),
    ] {
        for p in prefixes {
            if let Some(r) = n.strip_prefix(p) {
                if unit == Unit::Energy || co2ish(r) {
                    return unit;
                }
            }
        }
    }
    Unit::Unknown
}

#[cfg(test)]
mod tests {
    /// The scanner finds what the regex it replaces finds, on every string of up to 5
    /// characters over the characters that matter and on random longer ones.
    #[test]
    fn the_scanner_equals_the_regex() {
        let re = regex::Regex::new(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+(?:_[0-9]+)*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?").unwrap();
        let check = |s: &str| {
            let want: Vec<(usize, usize)> = re.find_iter(s).map(|m| (m.start(), m.end())).collect();
            assert_eq!(numbers(s).collect::<Vec<_>>(), want, "{s:?}");
        };
        crate::util::testing::every_string("01,_.e-+ xé", 5, check);
        for s in [
            "1,234,567.5e-3 kg",
            "12,3456",
            "1_000_000",
            "-.5e+2",
            "CO2: 1.5",
            "0.319355 Kg",
            "1,5 kg",
            "+",
            "e5",
            "3.",
            "1e",
            "1e+",
        ] {
            check(s);
        }
        crate::util::testing::random_strings("0123456789,,__..ee+- ", 100_000, 64, check);
    }

    use super::*;

    fn g(text: &str) -> Option<f64> {
        parse(text).and_then(|q| q.grams())
    }

    #[test]
    fn units_from_the_wild() {
        assert_eq!(g("0.319355 Kg"), Some(319.355));
        assert_eq!(g("1.71 KgCO2 (Singapore)"), Some(1710.0));
        assert_eq!(g("11250 kg CO2 eq."), Some(11_250_000.0));
        assert_eq!(g("28.53 in grams of CO2"), Some(28.53));
        assert_eq!(g("2 tCO2eq"), Some(2e6));
        assert_eq!(g("1.5 tonnes"), Some(1.5e6));
        assert_eq!(g("25.4476"), Some(25.4476));
        assert_eq!(g("24_700_000"), Some(24_700_000.0));
        assert_eq!(g("1,234.5 g"), Some(1234.5));
        assert_eq!(g("1.2e3 g"), Some(1200.0));
        assert!((g("10 lbs").unwrap() - 4535.9237).abs() < 1e-9);
        assert_eq!(g("~ 5 kg CO₂eq"), Some(5000.0));
    }

    #[test]
    fn not_a_mass() {
        assert_eq!(parse("3.51 kWh").unwrap().unit, Unit::Energy);
        assert_eq!(g("3.51 kWh"), None);
        assert_eq!(parse("1,5 kg").unwrap().unit, Unit::Unknown);
        assert_eq!(parse("12 GPUs").unwrap().unit, Unit::Unknown);
        assert!(parse("Kg").is_none());
        assert!(parse("in grams of CO2").is_none());
    }

    #[test]
    fn keeps_what_was_written() {
        let q = parse("about 1.71 KgCO2").unwrap();
        assert_eq!(q.number_at, (6, 10));
        assert_eq!(q.unit_text, "KgCO2");
    }
}
