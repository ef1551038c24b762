//! The command line: arguments, the small commands (`explain`, `rules`, `fill`) and dispatch.
//! The lint pipeline itself is in [`check`]. All I/O happens here and in `input`; the core is
//! pure.

mod check;
mod corpus;
mod explain;
mod fill;
mod github;
mod label;
mod sink;
mod stats;
mod values;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use cardlint::input;
use values::{existing_dir, unit_interval, whole_number};

#[derive(Debug, Parser)]
#[command(
    name = "cardlint",
    version,
    about = "Lint the carbon reporting of Hugging Face model cards",
    args_conflicts_with_subcommands = true,
    after_help = "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage, config or internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub check: CheckArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint cards (what `cardlint PATH…` does; as `ruff check`).
    Check {
        #[command(flatten)]
        args: Box<CheckArgs>,
    },
    /// Print a rule's documentation, or `efficiency`: the label, its modes and provisional labels.
    Explain {
        /// A rule code (CL101), a rule name (missing-co2-emissions), or `efficiency`.
        rule: String,
    },
    /// List every rule.
    Rules {
        /// Output format (`json`: an array of the rules' code, name, severity, summary and
        /// whether they have a fix).
        #[arg(long, value_enum, default_value_t = RulesFormat::Pretty)]
        format: RulesFormat,
    },
    /// Write co2_eq_emissions (and the Environmental Impact bullets) from CodeCarbon's emissions.csv.
    Fill {
        /// The model card.
        path: PathBuf,
        /// CodeCarbon's emissions.csv.
        #[arg(long, value_name = "CSV")]
        codecarbon: PathBuf,
        /// The run to use (the `run_id` column) [default: the last row].
        #[arg(long, value_name = "ID", conflicts_with = "sum")]
        run_id: Option<String>,
        /// Add up all the runs in the file.
        #[arg(long)]
        sum: bool,
        /// pre-training or fine-tuning (kept from the card when not given).
        #[arg(long, value_name = "TYPE", value_parser = ["pre-training", "fine-tuning"])]
        training_type: Option<String>,
        /// Print a unified diff; write nothing.
        #[arg(long)]
        diff: bool,
    },
    /// Corpus statistics: reporting levels, forms of the value, efficiency classes, findings.
    Stats {
        #[command(flatten)]
        args: StatsArgs,
    },
    /// Speak the Language Server Protocol over standard input and output (for editors).
    Server {
        /// Standard input and output (the only transport; accepted because many clients pass it).
        #[arg(long)]
        stdio: bool,
    },
    /// Draw the card's energy label as an SVG picture: the class (marked provisional below 3 of
    /// the 5 metrics) and what it rests on.
    Label {
        /// The model card.
        path: PathBuf,
        /// Where to write the SVG (`-` for standard output).
        #[arg(short, long, default_value = "label.svg")]
        output: PathBuf,
        /// The model's name on the label [default: model-index's name, else `model_name`, else
        /// the card's first `# ` heading, unless it is a generator's generic heading ("Model
        /// Trained Using AutoNLP"); else the hf:// id, the file's name, or the card's folder].
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        facts: FactArgs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Pretty,
    Concise,
    Json,
    Github,
    Sarif,
    Markdown,
    /// One JSON object a line: a row of `--from-jsonl` (or a card) with its report.
    Jsonl,
}

/// The formats of `cardlint rules`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Pretty,
    Json,
}

/// The formats of `cardlint stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Pretty,
    Json,
    Markdown,
}

/// `cardlint stats`: only what changes which cards are read and how they are classified.
#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// Cards: files, directories (every README.md below) or `hf://ORG/NAME[@REVISION]`.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read more paths from this file, one per line (`#` comments and blank lines skipped).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Pretty)]
    pub format: StatsFormat,
    /// Only these rules in the findings table (codes, names or code prefixes).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Leave these rules out of the findings table.
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// File names that count as cards when walking directories (repeatable).
    #[arg(long, value_name = "GLOB", default_values_t = ["README.md".to_string()])]
    pub include: Vec<String>,
    /// Cards larger than this many bytes are refused with a diagnostic.
    #[arg(long, value_name = "BYTES", default_value_t = input::MAX_BYTES)]
    pub max_file_size: u64,
    #[command(flatten)]
    pub facts: FactArgs,
    #[command(flatten)]
    pub corpus: corpus::StatsJsonlArgs,
}

impl StatsArgs {
    /// The lint arguments stats runs with: no fixing, no output of its own.
    fn into_check(self) -> CheckArgs {
        CheckArgs {
            paths: self.paths,
            files_from: self.files_from,
            format: None,
            comment: false,
            fail_on: None,
            exit_zero: true,
            min_reporting_class: None,
            min_efficiency_class: None,
            select: self.select,
            ignore: self.ignore,
            color: Color::Never,
            stdin_filename: None,
            fix: false,
            unsafe_fixes: false,
            diff: false,
            include: self.include,
            model_cards_only: false,
            max_file_size: self.max_file_size,
            quiet: false,
            verbose: false,
            statistics: false,
            output_file: None,
            facts: self.facts,
            jsonl: self.corpus.into_check(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

/// Facts for the efficiency label.
#[derive(Debug, Clone, Args, Default)]
pub struct FactArgs {
    /// The model repository (weights are looked for there) [default: the card's directory].
    #[arg(long, value_name = "DIR", value_parser = existing_dir)]
    pub repo_dir: Option<PathBuf>,
    /// Model size in bytes (overrides the weight files).
    #[arg(long, value_name = "BYTES", value_parser = whole_number)]
    pub model_size: Option<f64>,
    /// Total size of the training datasets in bytes.
    #[arg(long, value_name = "BYTES", value_parser = whole_number)]
    pub datasets_size: Option<f64>,
    /// Hub downloads of the model (the number on the model's Hub page, or `downloads` from
    /// https://huggingface.co/api/models/ORG/NAME).
    #[arg(long, value_name = "COUNT", value_parser = whole_number)]
    pub downloads: Option<f64>,
    /// Ask the Hugging Face Hub for the model's downloads, weight sizes and datasets' sizes
    /// (the model from --hub-id, else the checkout's git remote).
    #[arg(long)]
    pub hub: bool,
    /// The model on the Hub, ORG/NAME (implies --hub).
    #[arg(long, value_name = "ORG/NAME")]
    pub hub_id: Option<String>,
    /// Performance score in [0, 1] (overrides the model-index estimate).
    #[arg(long, value_name = "SCORE", value_parser = unit_interval)]
    pub performance_score: Option<f64>,
    /// How CO2 is rated. `corrected` (the default) compares the square root of the CO2 index
    /// with the study's boundaries, as they were computed, so CO2 ratings spread over A-E
    /// relative to the Hub's reporting models. `paper` repeats the study's code, which compares
    /// the raw index and rates nearly every model under 209 g A: use it to reproduce the
    /// published labels. `cardlint explain efficiency` explains both.
    #[arg(long, value_name = "MODE", value_parser = mode_arg())]
    pub efficiency_mode: Option<cardlint::class::efficiency::Mode>,
    /// Use no configuration file.
    #[arg(long)]
    pub isolated: bool,
    /// Use this configuration file instead of discovering one.
    #[arg(long, value_name = "FILE", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Cards to lint: files, directories (every README.md below, .gitignore respected), `-`, or
    /// `hf://ORG/NAME[@REVISION]` (the card on the Hub, with the Hub's facts).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read more paths from this file, one per line (`#` comments and blank lines skipped).
    #[arg(long, value_name = "FILE")]
    pub files_from: Option<PathBuf>,
    /// Output format [default: pretty; github inside GitHub Actions; or CARDLINT_OUTPUT_FORMAT].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Post the report as a sticky pull-request comment (inside GitHub Actions).
    #[arg(long)]
    pub comment: bool,
    /// Exit 1 when a finding has at least this severity [default: warning].
    #[arg(long, value_parser = severity_arg())]
    pub fail_on: Option<cardlint::diagnostic::Severity>,
    /// Exit 0 even when there are findings.
    #[arg(long)]
    pub exit_zero: bool,
    /// Fail cards below this reporting class (unknown, context, basic, awareness, …, or 0-5).
    #[arg(long, value_name = "CLASS", value_parser = cardlint::config::parse_level)]
    pub min_reporting_class: Option<cardlint::class::reporting::Level>,
    /// Fail cards below this efficiency class (A-E). A provisional label (fewer than 3 of the
    /// 5 metrics) is judged by the letter shown, and the failure says it is provisional.
    #[arg(long, value_name = "CLASS", value_parser = cardlint::config::parse_efficiency)]
    pub min_efficiency_class: Option<cardlint::class::efficiency::Grade>,
    /// Only these rules (codes, names or code prefixes; comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Skip these rules (added to the config's ignore).
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// When to colour the output (NO_COLOR is honoured in auto).
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The name to report for a card read from standard input.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
    /// Apply safe fixes to the cards, in place (atomically).
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (a bare number becomes the documented mapping, kg figures in the
    /// grams field become grams).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff; write nothing (exit 1 when there is a diff).
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// File names that count as cards when walking directories (repeatable).
    #[arg(long, value_name = "GLOB", default_values_t = ["README.md".to_string()])]
    pub include: Vec<String>,
    /// Lint only model cards: files with front matter, and the README.md at a repository's
    /// root (beside `.git`); other files are skipped and counted (the pre-commit hook's mode).
    #[arg(long)]
    pub model_cards_only: bool,
    /// Cards larger than this many bytes are refused with a diagnostic.
    #[arg(long, value_name = "BYTES", default_value_t = input::MAX_BYTES)]
    pub max_file_size: u64,
    /// Print the findings only: no verdict for a card without findings, no totals, no notes.
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print each finding's help and the explanations that are the same on every card in
    /// full, on every card (pretty).
    #[arg(short, long)]
    pub verbose: bool,
    /// Print how many findings each rule made instead of the findings (pretty or concise).
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    #[command(flatten)]
    pub facts: FactArgs,
    #[command(flatten)]
    pub jsonl: corpus::JsonlArgs,
}

/// `--efficiency-mode`: the library's [`Mode`](cardlint::class::efficiency::Mode), its values
/// listed in the help.
fn mode_arg() -> impl clap::builder::TypedValueParser<Value = cardlint::class::efficiency::Mode> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["corrected", "paper"])
        .map(|s| cardlint::class::efficiency::Mode::parse(&s).expect("a listed value"))
}

/// `--fail-on`: the library's [`Severity`](cardlint::diagnostic::Severity), its values listed
/// in the help.
fn severity_arg() -> impl clap::builder::TypedValueParser<Value = cardlint::diagnostic::Severity> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(["info", "warning", "error"])
        .map(|s| cardlint::diagnostic::Severity::parse(&s).expect("a listed value"))
}

fn use_color(c: Color) -> bool {
    match c {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Writes to stdout; a closed pipe (`cardlint … | head`) is not an error.
fn emit(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes()).and_then(|()| out.flush());
}

/// An error of cardlint's, exit 2. The message may quote a config value, a path or CSV text:
/// it is printed escaped, on one line.
fn fail(msg: impl std::fmt::Display) -> ExitCode {
    let msg = msg.to_string();
    eprintln!("cardlint: error: {}", cardlint::report::safe_text(&msg));
    ExitCode::from(2)
}

pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Explain { rule }) => explain::explain(&rule),
        Some(Command::Server { .. }) => {
            if cardlint::server::stdio() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some(Command::Rules { format }) => {
            emit(&explain::rules_list(format));
            ExitCode::SUCCESS
        }
        Some(Command::Check { args }) => lint_command(*args),
        Some(Command::Label {
            path,
            output,
            name,
            facts,
        }) => label::command(&path, &output, name.as_deref(), &facts),
        Some(Command::Stats { args }) => {
            let (format, group_by) = (args.format, args.corpus.group_by.clone());
            stats::stats(args.into_check(), format, group_by)
        }
        Some(Command::Fill {
            path,
            codecarbon,
            run_id,
            sum,
            training_type,
            diff,
        }) => fill::fill(
            &path,
            &codecarbon,
            run_id.as_deref(),
            sum,
            training_type.as_deref(),
            diff,
        ),
        None => lint_command(cli.check),
    }
}

/// `cardlint [check] PATH…`, its format from `CARDLINT_OUTPUT_FORMAT` where not given.
fn lint_command(mut args: CheckArgs) -> ExitCode {
    if args.format.is_none() {
        match std::env::var("CARDLINT_OUTPUT_FORMAT") {
            Ok(v) if !v.is_empty() => match Format::from_str(&v, true) {
                Ok(f) => args.format = Some(f),
                Err(_) => {
                    return fail(format!(
                        "the environment variable CARDLINT_OUTPUT_FORMAT is `{}`, not a format (pretty, concise, json, github, sarif, markdown or jsonl)",
                        cardlint::report::safe_text(&v)
                    ))
                }
            },
            _ => {}
        }
    }
    check::check(args)
}
