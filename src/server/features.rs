//! What the server answers, from one lint of a document: diagnostics here, code actions in
//! [`actions`](super::actions), hover and the inlay hint in [`hover`](super::hover). Pure
//! functions of the analysis (no I/O), so protocol tests see exactly what a client gets.

use std::str::FromStr;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Range, Uri,
};

use super::adapter::{self, Linted};
use super::position::{Encoding, Text};
use super::Analysis;
use crate::diagnostic::Severity;

pub use super::actions::{code_actions, fix_all_kind, whole_edit};
pub use super::hover::{config_hover, hover, inlay_hints};

/// The rule's documentation on GitHub.
pub fn docs_url(name: &str) -> String {
    format!("https://github.com/cardlint/cardlint/blob/main/rules/{name}.md")
}

pub(super) fn text<'a>(l: &'a Linted, source: &'a str, enc: Encoding) -> Text<'a> {
    Text {
        text: source,
        lines: l.report.lines(),
        enc,
    }
}

/// The document's diagnostics (a configuration error is one diagnostic at the top).
pub fn diagnostics(a: &Analysis, uri: &Uri, enc: Encoding) -> Vec<Diagnostic> {
    match &a.outcome {
        super::Outcome::NotACard => Vec::new(),
        super::Outcome::ConfigError(e) => vec![Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::ERROR),
            source: Some("cardlint".into()),
            message: format!(
                "cardlint cannot lint this card: {}",
                crate::report::safe_text(e)
            ),
            ..Diagnostic::default()
        }],
        super::Outcome::Linted { linted, .. } => {
            let t = text(linted, &a.text, enc);
            linted
                .report
                .diagnostics
                .iter()
                .map(|d| diagnostic(d, &t, uri))
                .collect()
        }
    }
}

pub(super) fn diagnostic(d: &crate::diagnostic::Diagnostic, t: &Text, uri: &Uri) -> Diagnostic {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|(s, note)| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: t.range(Some(*s)),
            },
            message: note.clone(),
        })
        .collect();
    Diagnostic {
        range: t.range(d.span),
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: Uri::from_str(&docs_url(d.name))
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("cardlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: adapter::is_unused_suppression(d.code).then(|| vec![DiagnosticTag::UNNECESSARY]),
        data: None,
    }
}
