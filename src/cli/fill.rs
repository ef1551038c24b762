//! `cardlint fill CARD --codecarbon emissions.csv`: writes the measured emissions into the
//! card's metadata and every body line that states them.

use std::path::Path;
use std::process::ExitCode;

use super::{emit, fail};
use cardlint::config::Settings;
use cardlint::input;
use cardlint::lint::{self, External};

pub(super) fn fill(
    path: &Path,
    csv: &Path,
    run_id: Option<&str>,
    sum: bool,
    tt: Option<&str>,
    diff: bool,
) -> ExitCode {
    let shown = path.display().to_string();
    let text = match input::read_file(path, input::MAX_BYTES).and_then(input::decode) {
        Ok(t) => t,
        Err((why, _)) => return fail(format!("{shown}: {why}")),
    };
    let rows = match input::read_file_of(csv, cardlint::fill::MAX_CSV_BYTES, "CSV")
        .and_then(input::decode)
        .map_err(|(why, _)| why)
        .and_then(|t| cardlint::fill::read_csv(&t))
    {
        Ok(r) => r,
        Err(e) => return fail(format!("{}: {e}", csv.display())),
    };
    let m = match cardlint::fill::measurement(&rows, run_id, sum) {
        Ok(m) => m,
        Err(e) => return fail(format!("{}: {e}", csv.display())),
    };
    let out = match cardlint::fill::fill(&text, &m, tt) {
        Ok(o) => o,
        Err(e) => return fail(format!("{shown}: {e}")),
    };
    if diff {
        emit(&cardlint::fix::diff(&shown, &text, &out));
        return if out == text {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        };
    }
    if out != text {
        if let Err(e) = cardlint::write::write_atomic(path, out.as_bytes()) {
            return fail(e);
        }
    }
    let r = lint::lint(&shown, &out, &Settings::default(), &External::default());
    let verdict = r.reporting.as_ref().map_or(
        String::new(),
        cardlint::class::reporting::Reporting::verdict,
    );
    eprintln!(
        "filled {shown}: {} g CO2eq from CodeCarbon ({} run{}); {verdict}",
        cardlint::fill::written_grams(&m),
        m.runs,
        if m.runs == 1 { "" } else { "s" }
    );
    if r.diagnostics.iter().any(|d| d.code == "CL203") {
        eprintln!(
            "note: the card does not say whether the run was pre-training or fine-tuning; run again with --training-type pre-training or --training-type fine-tuning"
        );
    }
    ExitCode::SUCCESS
}
