//! `cardlint stats`: the corpus view, linting every card and printing only the tallies.

use std::process::ExitCode;

use super::check::plan_or_fail;
use super::{emit, CheckArgs};
use cardlint::pipeline::{drive, lint_job};
use cardlint::report;

pub(super) fn stats(
    args: CheckArgs,
    format: super::StatsFormat,
    group_by: Option<String>,
) -> ExitCode {
    if args.jsonl.from_jsonl.is_some() {
        return super::corpus::stats(&args, format, group_by);
    }
    let opts = match args.options() {
        Ok(o) => o,
        Err(e) => return super::fail(e),
    };
    super::check::widen_for_hub(&opts);
    let plan = match plan_or_fail(&args, &opts) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let mut st = report::stats::Stats::default();
    // Each card is compacted as soon as it is linted: the tallies need no card text.
    let one = |job: &cardlint::pipeline::Job| {
        lint_job(job, &opts).map(|mut r| {
            r.compact();
            r
        })
    };
    drive(&plan, &one, &mut |r| {
        if let Some(r) = r {
            st.add(&r);
        }
    });
    if let Some(why) = st.all_unreadable() {
        return super::fail(format!("no card could be read: {why}"));
    }
    emit(&match format {
        super::StatsFormat::Json => st.json(),
        super::StatsFormat::Markdown => st.markdown(),
        super::StatsFormat::Pretty => st.pretty(),
    });
    ExitCode::SUCCESS
}
