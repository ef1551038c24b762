//! CodeCarbon's `emissions.csv` read by header name (SPEC §4), every value used checked and
//! named by CSV line and column before any of it reaches a card.

use std::collections::HashMap;

use crate::decimal;

/// The largest CodeCarbon CSV read (a row is about 600 bytes: some 25,000 runs).
pub const MAX_CSV_BYTES: u64 = 16 * 1024 * 1024;

/// One CSV record: its line number (1-based, where it starts) and its cells.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: usize,
    cells: Vec<String>,
}

/// A CSV file read by header name (quotes, doubled quotes and CRLF handled).
#[derive(Debug, Clone)]
pub struct Csv {
    header: HashMap<String, usize>,
    pub rows: Vec<Row>,
}

impl Csv {
    fn has(&self, column: &str) -> bool {
        self.header.contains_key(column)
    }
    /// A cell as written (trimmed), `None` when empty, `nan` or `none`.
    fn raw<'a>(&self, row: &'a Row, column: &str) -> Option<&'a str> {
        let i = *self.header.get(column)?;
        row.cells.get(i).map(|s| s.trim()).filter(|s| {
            !s.is_empty() && !s.eq_ignore_ascii_case("nan") && !s.eq_ignore_ascii_case("none")
        })
    }
    fn err(row: &Row, column: &str, what: String) -> String {
        format!("line {}, column `{column}`: {what}", row.line)
    }
    /// A text cell that goes into the card: one line of printable text, at most 200 characters.
    fn text<'a>(&self, row: &'a Row, column: &str) -> Result<Option<&'a str>, String> {
        let Some(v) = self.raw(row, column) else {
            return Ok(None);
        };
        if let Some(c) = v
            .chars()
            .find(|&c| crate::util::is_unsafe_char(c) || c == '\u{feff}')
        {
            return Err(Self::err(
                row,
                column,
                format!(
                    "{} is not allowed in a value written into the card",
                    crate::util::char_name(c)
                ),
            ));
        }
        // Written into the card's body too: a link there would be live.
        let lower = v.to_ascii_lowercase();
        if lower.contains("://") || lower.contains("www.") {
            return Err(Self::err(
                row,
                column,
                "a link is not allowed in a value written into the card".into(),
            ));
        }
        if v.chars().count() > 200 {
            return Err(Self::err(row, column, "longer than 200 characters".into()));
        }
        Ok(Some(v))
    }
    /// A finite, non-negative decimal number written with a point (`1,5` is refused: is it
    /// 1.5 or 15?).
    fn number<'a>(&self, row: &'a Row, column: &str) -> Result<Option<(&'a str, f64)>, String> {
        let Some(v) = self.raw(row, column) else {
            return Ok(None);
        };
        let plain = {
            let t = v.strip_prefix('+').unwrap_or(v);
            let (mant, exp) = match t.find(['e', 'E']) {
                Some(i) => (&t[..i], Some(&t[i + 1..])),
                None => (t, None),
            };
            let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
            !(int.is_empty() && frac.is_empty())
                && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
                && exp.is_none_or(|e| {
                    let e = e.strip_prefix(['+', '-']).unwrap_or(e);
                    !e.is_empty() && e.len() <= 3 && e.bytes().all(|b| b.is_ascii_digit())
                })
        };
        let x = v
            .parse::<f64>()
            .ok()
            .filter(|x| plain && x.is_finite() && *x >= 0.0);
        match x {
            Some(x) => Ok(Some((v, x))),
            None => Err(Self::err(
                row,
                column,
                format!(
                    "`{}` is not a non-negative number written with a decimal point{}",
                    crate::util::clip(&crate::escape::safe_text(v), 40),
                    if v.contains(',') {
                        " (a decimal comma is ambiguous: write 1.5, not 1,5)"
                    } else {
                        ""
                    }
                ),
            )),
        }
    }
    /// A count: a whole number from 0 to 1,000,000.
    fn count(&self, row: &Row, column: &str) -> Result<Option<u64>, String> {
        match self.number(row, column)? {
            None => Ok(None),
            Some((_, x)) if x.fract() == 0.0 && x <= 1e6 => Ok(Some(x as u64)),
            Some((v, _)) => Err(Self::err(
                row,
                column,
                format!("`{v}` is not a count from 0 to 1,000,000"),
            )),
        }
    }
}

/// Reads CSV text into rows by header name.
pub fn read_csv(text: &str) -> Result<Csv, String> {
    let mut records: Vec<Row> = Vec::new();
    let mut field = String::new();
    let mut record: Vec<String> = Vec::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start = 1;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, _) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(Row {
                    line: start,
                    cells: std::mem::take(&mut record),
                });
                start = line;
            }
            (false, _) => field.push(c),
        }
    }
    if quoted {
        return Err(format!("line {start}: a quoted field is not closed"));
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        records.push(Row {
            line: start,
            cells: record,
        });
    }
    records.retain(|r| !(r.cells.len() == 1 && r.cells[0].trim().is_empty()));
    let mut it = records.into_iter();
    let header = it.next().ok_or("the CSV file is empty")?;
    let header = header
        .cells
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim().to_string(), i))
        .collect();
    Ok(Csv {
        header,
        rows: it.collect(),
    })
}

/// What one CodeCarbon run (or the sum of runs) says.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Grams of CO2eq, as decimal text.
    pub grams: String,
    pub hours: Option<f64>,
    /// kWh (`energy_consumed`, summed like the emissions).
    pub energy_kwh: Option<f64>,
    pub hardware: Option<String>,
    pub location: Option<String>,
    pub cloud_provider: Option<String>,
    pub compute_region: Option<String>,
    pub runs: usize,
}

fn count_x(count: Option<u64>, model: &str) -> String {
    match count.filter(|n| *n >= 1) {
        // CodeCarbon writes gpu_model as "1 x NVIDIA GeForce GTX 1080 Ti" already.
        _ if model.contains(" x ") => model.to_string(),
        Some(n) => format!("{n} x {model}"),
        None => model.to_string(),
    }
}

/// A CPU-only run, said as what CodeCarbon measured: its `cpu_count` is the logical CPUs the
/// process saw, not a number of processors (`2 x AMD EPYC` would claim two sockets).
fn cpu_only(model: &str, count: Option<u64>) -> String {
    match count.filter(|n| *n >= 1) {
        Some(1) => format!("{model} (CPU only, 1 logical core)"),
        Some(n) => format!("{model} (CPU only, {n} logical cores)"),
        None => format!("{model} (CPU only)"),
    }
}

fn title(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
}

/// Where a run ran: (location, cloud provider, compute region).
type Place = (Option<String>, Option<String>, Option<String>);

fn where_run(csv: &Csv, row: &Row) -> Result<Place, String> {
    let on_cloud = csv
        .raw(row, "on_cloud")
        .is_some_and(|v| v.eq_ignore_ascii_case("Y"));
    let local = match (csv.text(row, "region")?, csv.text(row, "country_name")?) {
        (Some(r), Some(c)) => Some(format!("{}, {c}", title(r))),
        (None, Some(c)) => Some(c.to_string()),
        (Some(r), None) => Some(title(r)),
        (None, None) => None,
    };
    Ok(if on_cloud {
        let p = csv.text(row, "cloud_provider")?.map(str::to_string);
        let r = csv.text(row, "cloud_region")?.map(str::to_string);
        let loc = match (&p, &r) {
            (Some(p), Some(r)) => Some(format!("{p} {r}")),
            _ => local.clone(),
        };
        (loc, p, r.or(local))
    } else {
        (local.clone(), Some("none (on premises)".to_string()), local)
    })
}

/// Picks the run (`run_id`, default the last row) or sums all rows, and maps it (SPEC §4).
/// Every value used is checked first: an error names the CSV line and column.
pub fn measurement(csv: &Csv, run_id: Option<&str>, sum: bool) -> Result<Measurement, String> {
    let rows = &csv.rows;
    if rows.is_empty() {
        return Err("the CSV file has no runs".into());
    }
    if !csv.has("emissions") {
        return Err(
            "the CSV file has no `emissions` column: is it CodeCarbon's emissions.csv?".into(),
        );
    }
    let row = match run_id {
        Some(id) => rows
            .iter()
            .rev()
            .find(|r| csv.raw(r, "run_id") == Some(id))
            .ok_or_else(|| format!("no run with run_id {}", crate::escape::safe_text(id)))?,
        None => rows.last().expect("not empty"),
    };
    let chosen: Vec<&Row> = if sum {
        rows.iter().collect()
    } else {
        vec![row]
    };
    let grams = if chosen.len() == 1 {
        let (kg, _) = csv
            .number(row, "emissions")?
            .ok_or_else(|| Csv::err(row, "emissions", "the run has no emissions value".into()))?;
        decimal::shift(kg, 3)
            .ok_or_else(|| Csv::err(row, "emissions", format!("`{kg}` is out of range")))?
    } else {
        let mut total = 0.0;
        for r in &chosen {
            let (_, kg) = csv
                .number(r, "emissions")?
                .ok_or_else(|| Csv::err(r, "emissions", "the run has no emissions value".into()))?;
            total += kg;
        }
        crate::util::fmt_num((total * 1000.0 * 1e9).round() / 1e9)
    };
    if !grams.parse::<f64>().is_ok_and(|g| g > 0.0 && g.is_finite()) {
        return Err(format!(
            "the measured emissions are {grams} g: nothing to report"
        ));
    }
    let (mut seconds, mut kwh) = (0.0, None::<f64>);
    for r in &chosen {
        seconds += csv.number(r, "duration")?.map_or(0.0, |(_, x)| x);
        if let Some((_, e)) = csv.number(r, "energy_consumed")? {
            kwh = Some(kwh.unwrap_or(0.0) + e);
        }
    }
    let hours = seconds / 3600.0;
    let gpu_count = csv.count(row, "gpu_count")?;
    let gpu = csv
        .text(row, "gpu_model")?
        .filter(|_| gpu_count.unwrap_or(1) > 0);
    let hardware = match gpu {
        Some(m) => Some(count_x(gpu_count, m)),
        None => match csv.text(row, "cpu_model")? {
            Some(m) => Some(cpu_only(m, csv.count(row, "cpu_count")?)),
            None => None,
        },
    };
    let (location, cloud_provider, compute_region) = where_run(csv, row)?;
    Ok(Measurement {
        grams,
        hours: (hours > 0.0 && hours.is_finite()).then_some(hours),
        energy_kwh: kwh.filter(|e| *e > 0.0 && e.is_finite()),
        hardware,
        location,
        cloud_provider,
        compute_region,
        runs: chosen.len(),
    })
}

/// One CodeCarbon run, as CodeCarbon 2.3 writes it (a CPU's name holds a comma).
#[cfg(test)]
pub(super) const SAMPLE_CSV: &str = "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,on_cloud\r\n2024-01-01T00:00:00,codecarbon,r1,7200,0.319355,4.4e-05,42.5,0,3.0,0.08,0,0.005,0.09,Canada,CAN,quebec,,,Linux,3.11,2.3.4,8,\"Intel(R) Xeon(R) CPU, 2.20GHz\",1,1 x NVIDIA GeForce GTX 1080 Ti,,,16,machine,N\r\n";

#[cfg(test)]
mod tests {
    use super::*;
    const CSV: &str = SAMPLE_CSV;

    #[test]
    fn reads_codecarbon_by_header() {
        let rows = read_csv(CSV).unwrap();
        let m = measurement(&rows, None, false).unwrap();
        assert_eq!(m.grams, "319.355");
        assert_eq!(m.hours, Some(2.0));
        assert_eq!(
            m.hardware.as_deref(),
            Some("1 x NVIDIA GeForce GTX 1080 Ti")
        );
        assert_eq!(m.location.as_deref(), Some("Quebec, Canada"));
        let two = format!("{CSV}2024-01-02,codecarbon,r2,3600,0.1,,,,,,,,,Canada,CAN,quebec,,,,,,4,Some CPU,0,,,,,,N\n");
        let rows = read_csv(&two).unwrap();
        assert_eq!(measurement(&rows, None, true).unwrap().grams, "419.355");
        let last = measurement(&rows, None, false).unwrap();
        assert_eq!(
            (last.grams.as_str(), last.hardware.as_deref()),
            ("100", Some("Some CPU (CPU only, 4 logical cores)"))
        );
        assert_eq!(
            measurement(&rows, Some("r1"), false).unwrap().grams,
            "319.355"
        );
        assert!(measurement(&rows, Some("nope"), false).is_err());
    }
}
