//! CL207 `hardware-disagreement`: the metadata's `hardware_used` and the body's `Hardware
//! Type:` name different hardware.

use crate::diagnostic::Severity;
use crate::facts::{body_hardware, Origin};
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL207",
    name: "hardware-disagreement",
    severity: Severity::Warning,
    summary: "hardware_used and the body's Hardware Type name different hardware",
    docs: include_str!("../../../rules/hardware-disagreement.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(meta) = ctx
        .facts
        .hardware
        .as_ref()
        .filter(|h| h.origin == Origin::Metadata)
    else {
        return Vec::new();
    };
    // The body's hardware as facts reads it: the section's line first.
    let Some(line) = body_hardware(ctx.card) else {
        return Vec::new();
    };
    if !disagree(&meta.text, &line.value) {
        return Vec::new();
    }
    vec![Finding::new(
        meta.span,
        format!(
            "`hardware_used` is `{}` but the body's Hardware Type is `{}`",
            meta.text, line.value
        ),
    )
    .label("metadata")
    .related(line.value_span, "body")
    .help(
        "make the two name the same hardware (`cardlint fill` writes both from a CodeCarbon run)",
    )]
}

/// The words of a hardware name that identify a model (`a100`, `v100`, `t4`, `3090`, `tpuv3`):
/// with a digit, not a memory size (`40gb`) or a count (`8`, `8x`).
fn models(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
        // A count written onto the name: `2x3090`, `8xa100`.
        .map(|w| {
            let n = w.bytes().take_while(u8::is_ascii_digit).count();
            match w[n..].strip_prefix('x') {
                Some(rest) if n > 0 && !rest.is_empty() => rest,
                _ => w,
            }
        })
        .filter(|w| {
            let digits = w.trim_start_matches(|c: char| c.is_ascii_digit());
            let n = w.len() - digits.len();
            // `40gb`, `80g`, `8x`, `8`, `32`: memory and counts.
            !(matches!(digits, "gb" | "g" | "tb" | "mb" | "gib" | "x")
                || digits.is_empty() && n <= 2)
        })
        .map(str::to_string)
        .collect()
}

/// `cpu`, `gpu` or `tpu`, where the text names one kind only.
fn kind(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
    let has = |k: &str| words.iter().any(|w| *w == k || *w == format!("{k}s"));
    let kinds: Vec<&'static str> = ["cpu", "gpu", "tpu"]
        .into_iter()
        .filter(|k| has(k))
        .collect();
    (kinds.len() == 1).then(|| kinds[0])
}

/// Whether one model word names the other (`rtx3090` and `3090`, `tpuv3` and `v3`): equal, or
/// one ends the other after letters only.
fn same_model(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    long == short
        || long
            .strip_suffix(short)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_alphabetic()))
}

/// Whether two hardware names disagree: both name models and share none, or (naming no model)
/// one says CPU and the other GPU. Two names cardlint cannot compare agree.
fn disagree(meta: &str, body: &str) -> bool {
    let (a, b) = (models(meta), models(body));
    if !a.is_empty() && !b.is_empty() {
        return !a.iter().any(|x| b.iter().any(|y| same_model(x, y)));
    }
    matches!((kind(meta), kind(body)), (Some(x), Some(y)) if x != y)
}

#[cfg(test)]
mod tests {
    use super::disagree;

    #[test]
    fn the_same_hardware_written_differently_agrees() {
        for (m, b) in [
            ("NVIDIA A100-SXM4-40GB", "8 x A100 GPUs"),
            ("1 x NVIDIA Tesla T4", "T4"),
            ("A100 80GB", "A100 PCIe 40GB"),
            ("RTX 3090", "`2x3090` on vast.ai"),
            ("NVIDIA GeForce RTX 3090", "rtx3090"),
            ("TPU v3 Pod", "TPUv3 pod"),
            ("Nvidia 2080", "RTX 2080 Ti"),
            ("GPU", "A100"),
            ("Intel Xeon", "Tesla T4"),
            ("a GPU", "some GPUs"),
        ] {
            assert!(!disagree(m, b), "{m} / {b}");
        }
    }

    #[test]
    fn different_hardware_disagrees() {
        for (m, b) in [
            ("NVIDIA A100", "8 x V100 GPUs"),
            ("1 x NVIDIA Tesla T4", "RTX 4090"),
            ("A10", "A100"),
            ("32 x 8 x A100 GPUs", "TPU v4"),
            ("CPU", "one GPU"),
        ] {
            assert!(disagree(m, b), "{m} / {b}");
        }
    }
}
