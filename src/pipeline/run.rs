//! Running: each job becomes one report (reading the card, linting it, fixing and writing it),
//! and [`drive`] runs a plan on all cores for every front end.

use std::io::Read;
use std::sync::Arc;

use super::{Job, Options, Plan};
use crate::config::Settings;
use crate::input::{self, Source};
use crate::lint::{self, CardReport, External};

/// Reads and lints one source; `None` when `--model-cards-only` skips it.
pub fn lint_job(job: &Job, args: &Options) -> Option<CardReport> {
    let (src, settings) = (&job.src, &*job.settings);
    let (name, bytes) = match read_source(src, args) {
        Ok(x) => x,
        Err(unreadable) => return Some(*unreadable),
    };
    match input::decode(bytes) {
        Err((why, help)) => Some(CardReport::unreadable(&name, why, help)),
        Ok(text) => {
            if args.model_cards_only {
                if let Source::File(p) = src {
                    if !input::is_model_card(p, &text) {
                        return None;
                    }
                }
            }
            let ext = with_hub_facts(job, &text);
            if !(args.fix || args.diff) {
                return Some(lint::lint_owned(&name, text, settings, &ext));
            }
            Some(fix_card(&name, src, &text, settings, &ext, args))
        }
    }
}

/// The card's name and bytes, or the report of a card that cannot be read.
fn read_source(src: &Source, args: &Options) -> Result<(String, Vec<u8>), Box<CardReport>> {
    let unreadable = |name: &str, why: String, help: &str| {
        Err(Box::new(CardReport::unreadable(name, why, help)))
    };
    let too_large = |name: &str| {
        unreadable(
            name,
            format!("the card is over the limit of {} bytes", args.max_file_size),
            "raise it with --max-file-size if the card is real",
        )
    };
    match src {
        Source::Missing(p, why) => unreadable(
            &p.display().to_string(),
            format!("cannot read the card: {why}"),
            "check the path",
        ),
        Source::Stdin { name } => {
            let mut buf = Vec::new();
            let r = std::io::stdin()
                .take(args.max_file_size + 1)
                .read_to_end(&mut buf);
            match r {
                Ok(_) if buf.len() as u64 > args.max_file_size => too_large(name),
                Ok(_) => Ok((name.clone(), buf)),
                Err(e) => unreadable(
                    name,
                    format!("cannot read standard input: {e}"),
                    "check the pipe",
                ),
            }
        }
        Source::File(p) => {
            let name = p.display().to_string();
            match input::read_file(p, args.max_file_size) {
                Ok(b) => Ok((name, b)),
                Err((why, help)) => unreadable(&name, why, help),
            }
        }
        Source::Hub(m) => {
            let name = src.name();
            match crate::hub::readme(m) {
                Ok(b) if b.len() as u64 > args.max_file_size => too_large(&name),
                Ok(b) => Ok((name, b)),
                Err(why) => {
                    let help = crate::hub::readme_help(&why);
                    unreadable(&name, why, help)
                }
            }
        }
    }
}

/// The job's repository facts, with the Hub's where the card asks for them (its datasets are
/// read from its front matter).
fn with_hub_facts(job: &Job, text: &str) -> Arc<External> {
    if job.hub == crate::hub::Ask::No {
        return job.ext.clone();
    }
    let datasets = crate::facts::datasets(&crate::card::Card::parse(text));
    let mut ext = (*job.ext).clone();
    ext.hub = crate::hub::facts_for(&job.hub, &datasets);
    Arc::new(ext)
}

/// `--fix` / `--diff` on one card: the report afterwards, with what was fixed or would change.
fn fix_card(
    name: &str,
    src: &Source,
    text: &str,
    settings: &Settings,
    ext: &External,
    args: &Options,
) -> CardReport {
    let f = match crate::fix::fix(name, text, settings, ext, args.unsafe_fixes) {
        Ok(f) => f,
        Err(e) => {
            let mut report = lint::lint(name, text, settings, ext);
            report.write_error = Some(e);
            return report;
        }
    };
    if f.applied.is_empty() {
        return f.report;
    }
    let fixed: Vec<&'static str> = f.applied.iter().map(|e| e.code).collect();
    // The card as it is on disk: the report of the text before the fixes (linted once, by fix).
    let mut before = f.before.unwrap_or_else(|| f.report.clone());
    let mut report = match (args.diff, src) {
        (true, _) => {
            before.diff = Some(crate::fix::diff(&before.shown_path(), text, &f.text));
            before
        }
        (false, Source::File(p)) => match crate::write::write_atomic(p, f.text.as_bytes()) {
            Ok(()) => f.report,
            Err(e) => {
                before.write_error = Some(e);
                return before;
            }
        },
        (false, _) => {
            before.write_error = Some("standard input cannot be fixed in place; use --diff".into());
            return before;
        }
    };
    report.fixed = fixed;
    report
}

/// Cards linted at once by [`drive`]: enough to keep every core busy, few enough
/// to keep memory flat.
pub const CHUNK: usize = 512;

/// Lints the plan on all cores and hands each card's result to `consume` in plan order (see
/// [`drive_chunks`]). `one` turns a job into what the front end keeps of it (a rendered card,
/// a compact report). The one parallel driver: `check`, `stats`, corpus mode and
/// [`lint_paths`] all run through it.
pub fn drive<T: Send>(plan: &Plan, one: &(dyn Fn(&Job) -> T + Sync), consume: &mut dyn FnMut(T)) {
    if plan.len() == 1 {
        // A single card (the pre-commit case): no thread, no thread pool.
        consume(one(&plan[0]));
        return;
    }
    drive_chunks(plan.chunks(CHUNK), one, consume);
}

/// The driver itself, over chunks that may be produced as it goes (a corpus read line by
/// line): a producer thread maps each chunk in parallel on all cores while the next chunk is
/// read (on the same pool: the reading is one more task) and sends the results to this
/// thread as soon as they are done (not after the read: a stream that pauses still gets them),
/// which consumes the previous chunk's in order meanwhile. One chunk is read ahead and at most
/// two chunks' results wait, so memory stays flat however many items there are.
pub fn drive_chunks<I: Sync, C: AsRef<[I]> + Send, T: Send>(
    mut chunks: impl Iterator<Item = C> + Send,
    one: &(dyn Fn(&I) -> T + Sync),
    consume: &mut dyn FnMut(T),
) {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<T>>(2);
        scope.spawn(move || {
            use rayon::prelude::*;
            let mut next = chunks.next();
            while let Some(chunk) = next {
                let items: &[I] = chunk.as_ref();
                let (sent, following) = rayon::join(
                    || tx.send(items.par_iter().map(one).collect()).is_ok(),
                    || chunks.next(),
                );
                if !sent {
                    break;
                }
                next = following;
            }
        });
        for batch in rx {
            batch.into_iter().for_each(&mut *consume);
        }
    });
}

/// Lints the given cards with the settings their configs give (all reports in memory).
pub fn lint_paths(
    args: &Options,
) -> Result<(Vec<CardReport>, Vec<String>), crate::config::ConfigError> {
    let (plan, warnings) = super::plan(args)?;
    let mut reports = Vec::with_capacity(plan.len());
    drive(&plan, &|job| lint_job(job, args), &mut |r| {
        reports.extend(r)
    });
    Ok((reports, warnings))
}
