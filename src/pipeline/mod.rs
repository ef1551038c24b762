//! The pipeline a front end drives: paths become a plan of jobs (each card with its settings
//! and its repository's facts), and each job becomes one report. Reading, fixing and writing
//! cards happen here; printing and exit codes belong to the binary.

mod plan;
mod run;

use std::path::PathBuf;

use crate::config::Overrides;
use crate::input;

pub use plan::{card_dir, job_for, plan, settings_here, Job, Plan};
pub use run::{drive, drive_chunks, lint_job, lint_paths, CHUNK};

/// What to lint and how: the options of a run, without the command line's presentation.
#[derive(Debug, Clone)]
pub struct Options {
    /// Files, folders or `-`; none means `.` (or standard input with `stdin_filename`).
    pub paths: Vec<PathBuf>,
    /// The name of a card read from standard input.
    pub stdin_filename: Option<String>,
    /// File names that count as cards when walking folders.
    pub include: Vec<String>,
    /// Larger cards are refused with a finding.
    pub max_file_size: u64,
    /// Skip files without front matter below a repository's root.
    pub model_cards_only: bool,
    /// Apply the fixes (safe ones; unsafe ones too with `unsafe_fixes`).
    pub fix: bool,
    pub unsafe_fixes: bool,
    /// Compute the fixes as a diff and write nothing.
    pub diff: bool,
    /// Use no config file / this config file instead of discovering one.
    pub isolated: bool,
    pub config: Option<PathBuf>,
    /// Where the model's weights are (default: each card's folder).
    pub repo_dir: Option<PathBuf>,
    /// What the command line says over the config files.
    pub overrides: Overrides,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            stdin_filename: None,
            include: vec!["README.md".to_string()],
            max_file_size: input::MAX_BYTES,
            model_cards_only: false,
            fix: false,
            unsafe_fixes: false,
            diff: false,
            isolated: false,
            config: None,
            repo_dir: None,
            overrides: Overrides::default(),
        }
    }
}
