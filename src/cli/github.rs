//! Inside GitHub Actions, after the lint: the job summary, the step outputs and the sticky
//! pull-request comment. Their failures are warnings, never a failed lint.

use std::io::Write;
use std::path::Path;

use super::{CheckArgs, Format};
use cardlint::report;

/// Appends to a file named by an environment variable (`$GITHUB_STEP_SUMMARY`, `$GITHUB_OUTPUT`).
fn append_to_env_file(var: &str, text: &str) -> Result<(), String> {
    let Some(path) = std::env::var_os(var).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| format!("cannot write ${var} ({}): {e}", Path::new(&path).display()))
}

/// In GitHub Actions: the job summary, the step outputs, and the sticky comment if asked for.
/// Their failures are warnings, never a failed lint.
pub(super) fn github_extras(
    args: &CheckArgs,
    markdown: Option<&str>,
    sum: &report::Summary,
    format: Format,
    in_actions: bool,
) {
    let warn = |msg: &str| {
        eprintln!("cardlint: warning: {}", report::safe_text(msg));
        if format == Format::Github {
            println!(
                "::warning title=cardlint::{}",
                report::github::escape_data(&report::safe_text(msg))
            );
        }
    };
    // The Markdown report only where it goes somewhere.
    let markdown = markdown.unwrap_or_default();
    if let Err(e) = append_to_env_file("GITHUB_STEP_SUMMARY", markdown) {
        warn(&e);
    }
    if in_actions {
        if let Err(e) = append_to_env_file("GITHUB_OUTPUT", &report::step_outputs(sum)) {
            warn(&e);
        }
    }
    if args.comment {
        comment(markdown, &warn);
    }
}

#[cfg(feature = "github")]
fn comment(markdown: &str, warn: &dyn Fn(&str)) {
    use cardlint::github::{sticky_comment, Outcome, Target};
    match Target::from_env().and_then(|t| sticky_comment(&t, markdown)) {
        Ok(Outcome::Created(id)) => eprintln!("cardlint: created the pull-request comment {id}"),
        Ok(Outcome::Updated(id)) => eprintln!("cardlint: updated the pull-request comment {id}"),
        Err(e) => warn(&format!("no pull-request comment: {e}")),
    }
}

#[cfg(not(feature = "github"))]
fn comment(_: &str, warn: &dyn Fn(&str)) {
    warn("no pull-request comment: this cardlint was built without the `github` feature");
}
