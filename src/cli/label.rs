//! `cardlint label PATH -o FILE`: lints one card with the check's defaults and the given
//! facts, and writes its label.

use std::path::Path;
use std::process::ExitCode;

use super::{fail, FactArgs};
use cardlint::pipeline::{lint_paths, Options};
use cardlint::report::label::svg;

/// `cardlint label PATH -o FILE`.
pub fn command(path: &Path, output: &Path, name: Option<&str>, facts: &FactArgs) -> ExitCode {
    // The check's own defaults, with this command's facts.
    let opts = Options {
        paths: vec![path.to_path_buf()],
        isolated: facts.isolated,
        config: facts.config.clone(),
        repo_dir: facts.repo_dir.clone(),
        overrides: cardlint::config::Overrides {
            mode: facts.efficiency_mode,
            facts: super::check::flag_facts(facts),
            ..Default::default()
        },
        ..Options::default()
    };
    let reports = match lint_paths(&opts) {
        Ok((r, _)) => r,
        Err(e) => return fail(e),
    };
    let shown = cardlint::report::safe_text(&path.to_string_lossy()).into_owned();
    if reports.len() > 1 {
        // One label, one card: a folder of several would draw whichever came first.
        return fail(format!(
            "{shown} holds {} cards; a label is drawn for one: name its README.md (for example {})",
            reports.len(),
            reports[0].shown_path()
        ));
    }
    let Some(card) = reports.first().filter(|c| c.source.is_some()) else {
        let why = reports
            .first()
            .and_then(|c| c.diagnostics.first())
            .map_or("no card", |d| d.message.as_str());
        return fail(format!("{shown}: {why}"));
    };
    let picture = svg(card, name);
    let written = if output.as_os_str() == "-" {
        use std::io::Write;
        std::io::stdout().write_all(picture.as_bytes())
    } else {
        cardlint::write::write_atomic(output, picture.as_bytes()).map_err(std::io::Error::other)
    };
    match written {
        Ok(()) => {
            if output.as_os_str() != "-" {
                let class = card
                    .efficiency
                    .as_ref()
                    .map_or("no class".to_string(), |e| match (e.class, e.provisional) {
                        (Some(k), true) => {
                            format!("provisional class {k}: {} of 5 metrics", e.metrics_used)
                        }
                        (Some(k), false) => format!("class {k}"),
                        (None, _) => "no class".to_string(),
                    });
                eprintln!(
                    "wrote {} ({class})",
                    cardlint::report::safe_text(&output.to_string_lossy())
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
