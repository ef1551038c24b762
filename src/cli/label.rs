//! `cardlint label PATH -o FILE`: lints one card with the check's defaults and the given
//! facts, and writes its label.

use std::path::Path;
use std::process::ExitCode;

use super::FactArgs;
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
        Err(e) => {
            eprintln!("cardlint: error: {e}");
            return ExitCode::from(2);
        }
    };
    let Some(card) = reports.first().filter(|c| c.source.is_some()) else {
        let why = reports
            .first()
            .and_then(|c| c.diagnostics.first())
            .map_or("no card", |d| d.message.as_str());
        eprintln!("cardlint: error: {}: {why}", path.display());
        return ExitCode::from(2);
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
                eprintln!("wrote {} ({class})", output.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cardlint: error: {e}");
            ExitCode::from(2)
        }
    }
}
