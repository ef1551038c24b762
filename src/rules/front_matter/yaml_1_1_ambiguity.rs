//! CL005 `yaml-1-1-ambiguity`: a plain scalar reads differently in YAML 1.1 and 1.2.

use crate::card::scalar::{core12, pyyaml11, readings, Typed};
use crate::card::yaml::{Kind, Style};
use crate::decimal;
use crate::diagnostic::Severity;
use crate::edit::{one_line_scalar, Edit};
use crate::rules::{Ctx, Finding, FixCtx, Rule};
use crate::util::fmt_num;

pub static RULE: Rule = Rule {
    code: "CL005",
    name: "yaml-1-1-ambiguity",
    severity: Severity::Warning,
    summary: "a plain scalar reads differently in YAML 1.1 and 1.2",
    docs: include_str!("../../../rules/yaml-1-1-ambiguity.md"),
    check: Some(check),
    fix: Some(fix),
    fails_run: true,
    missing_field: None,
};

fn check(ctx: &Ctx) -> Vec<Finding> {
    let Some(y) = ctx.card.yaml() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, node) in y.nodes.iter().enumerate() {
        let Kind::Scalar {
            value,
            style: Style::Plain,
            tagged: false,
        } = &node.kind
        else {
            continue;
        };
        let (v12, v11) = readings(value);
        if v12.same(&v11) {
            continue;
        }
        // The number as the fix writes it (every digit the card gave), where it is that number.
        let full = |n: f64| {
            decimal::shift(value, 0)
                .filter(|t| t.parse::<f64>().ok() == Some(n))
                .unwrap_or_else(|| fmt_num(n))
        };
        let help = match (&v12, &v11) {
            (_, Typed::Bool(_)) | (Typed::Str, Typed::Str) => {
                format!("quote it (`\"{value}\"`) if text is meant")
            }
            (Typed::Str, n) => format!(
                "write `{}` if the number is meant, or quote it if text is meant",
                n.as_f64().map_or_else(String::new, full)
            ),
            (n, _) => format!(
                "write `{}` so that both read the same number, or quote it if text is meant",
                n.as_f64().map_or_else(String::new, full)
            ),
        };
        out.push(
            Finding::new(
                y.span(id),
                format!(
                    "`{value}` reads as {} in huggingface_hub (YAML 1.1) but as {} in YAML 1.2",
                    v11.describe(),
                    v12.describe()
                ),
            )
            .label("read differently by YAML 1.1 and 1.2")
            .help(help),
        );
    }
    out
}

/// The emissions value `24_700_000` or `1e3` becomes the number both YAML versions read alike.
fn fix(ctx: &FixCtx) -> Option<Edit> {
    let y = ctx.card.yaml()?;
    let (value, style, span) = one_line_scalar(ctx.card, y, ctx.facts.co2.as_ref()?.emissions?)?;
    let number = core12(value).as_f64().is_some() || pyyaml11(value).as_f64().is_some();
    if style != Style::Plain || !number {
        return None;
    }
    Some(Edit {
        span,
        text: decimal::shift(value, 0)?,
        code: RULE.code,
        safe: true,
    })
}
