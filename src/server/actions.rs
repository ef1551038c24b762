//! Code actions: quick fixes (safe preferred, unsafe apart), suppression comments checked by
//! linting the edited card, and fix-all.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, Range, TextEdit, Uri,
    WorkspaceEdit,
};

use super::adapter::{self, Linted};
use super::features::{diagnostic, text};
use super::position::{Encoding, Text};
use super::Analysis;
use crate::diagnostic::{LineIndex, Span};
use crate::edit::Edit;

/// The fix-all kind of cardlint (`source.fixAll.cardlint`).
pub fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.cardlint")
}

/// Whether a client's `only` filter admits a kind (a kind admits its sub-kinds).
fn wanted(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|o| {
        o.iter().any(|w| {
            let (w, k) = (w.as_str(), kind.as_str());
            k == w || k.starts_with(w) && k.as_bytes().get(w.len()) == Some(&b'.')
        })
    })
}

/// One edit of the whole document from `old` to `new`: the changed middle only.
pub fn whole_edit(old: &str, new: &str, t: &Text) -> TextEdit {
    let mut pre = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    TextEdit {
        range: Range::new(t.position(pre), t.position(old.len() - suf)),
        new_text: new[pre..new.len() - suf].to_string(),
    }
}

fn action(
    title: String,
    kind: CodeActionKind,
    uri: &Uri,
    edits: Vec<TextEdit>,
    diags: Vec<Diagnostic>,
    preferred: bool,
) -> CodeActionOrCommand {
    // `Uri` is a map key in the protocol's own type (its cell is a parse cache, not its value).
    #[allow(clippy::mutable_key_type)]
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(kind),
        diagnostics: (!diags.is_empty()).then_some(diags),
        edit: Some(WorkspaceEdit {
            changes: Some(changes),
            ..WorkspaceEdit::default()
        }),
        command: None,
        is_preferred: preferred.then_some(true),
        disabled: None,
        data: None,
    })
}

/// Whether a finding is "here" for a code action request: on a line of the requested range
/// (clients send the cursor as an empty range, often left of the finding).
fn overlaps(a: Range, b: Range) -> bool {
    a.start.line <= b.end.line && b.start.line <= a.end.line
}

/// Suppression comments tried per request: each is checked by linting the edited card.
const MAX_SUPPRESS: usize = 8;

/// Quick fixes (safe preferred, unsafe apart), suppressions and fix-all for a range.
pub fn code_actions(
    a: &Analysis,
    uri: &Uri,
    enc: Encoding,
    range: Range,
    only: Option<&[CodeActionKind]>,
    unsafe_fixes: bool,
) -> Vec<CodeActionOrCommand> {
    let super::Outcome::Linted { linted, job, ext } = &a.outcome else {
        return Vec::new();
    };
    let t = text(linted, &a.text, enc);
    let mut out = Vec::new();
    let here: Vec<(&crate::diagnostic::Diagnostic, Diagnostic)> = linted
        .report
        .diagnostics
        .iter()
        .map(|d| (d, diagnostic(d, &t, uri)))
        .filter(|(_, l)| overlaps(l.range, range))
        .collect();
    if wanted(only, &CodeActionKind::QUICKFIX) {
        quick_fixes(linted, &t, uri, &here, &mut out);
        suppression_actions(a, &t, uri, &here, &mut out);
    }
    let kind = fix_all_kind();
    if wanted(only, &kind)
        && (only.is_some() || linted.edits.iter().any(|e| e.safe || unsafe_fixes))
    {
        if let Some(new) = adapter::fix_all(&a.path, &a.text, job, ext, unsafe_fixes) {
            out.push(action(
                "Fix all cardlint findings".into(),
                kind,
                uri,
                vec![whole_edit(&a.text, &new, &t)],
                Vec::new(),
                false,
            ));
        }
    }
    out
}

/// A finding on the requested lines: the linter's and the client's.
type Here<'a> = [(&'a crate::diagnostic::Diagnostic, Diagnostic)];

/// The quick fixes of the findings here: one per code, safe (preferred) and unsafe apart.
fn quick_fixes(
    linted: &Linted,
    t: &Text,
    uri: &Uri,
    here: &Here,
    out: &mut Vec<CodeActionOrCommand>,
) {
    let mut seen: Vec<&str> = Vec::new();
    for (d, l) in here {
        if seen.contains(&d.code) {
            continue;
        }
        seen.push(d.code);
        for safe in [true, false] {
            let edits: Vec<&Edit> = linted
                .edits
                .iter()
                .filter(|e| e.code == d.code && e.safe == safe)
                .collect();
            if edits.is_empty() {
                continue;
            }
            let title = format!(
                "Fix {} ({}){}",
                d.code,
                d.name,
                if safe { "" } else { " (unsafe)" }
            );
            let edits = edits
                .iter()
                .map(|e| TextEdit {
                    range: t.range(Some(e.span)),
                    new_text: e.text.clone(),
                })
                .collect();
            out.push(action(
                title,
                CodeActionKind::QUICKFIX,
                uri,
                edits,
                vec![l.clone()],
                safe,
            ));
        }
    }
}

/// The suppression comments for the findings here that, linted, do suppress them.
fn suppression_actions(
    a: &Analysis,
    t: &Text,
    uri: &Uri,
    here: &Here,
    out: &mut Vec<CodeActionOrCommand>,
) {
    let super::Outcome::Linted { linted, job, ext } = &a.outcome else {
        return;
    };
    let mut tried = 0;
    let mut offered: Vec<(Span, &str)> = Vec::new();
    for (d, l) in here {
        if tried >= MAX_SUPPRESS {
            break;
        }
        for (title, edit) in suppressions(&a.text, linted.report.lines(), d) {
            if offered.contains(&(edit.span, d.code)) {
                continue;
            }
            tried += 1;
            if !suppresses(&a.path, &a.text, job, ext, linted, &edit, d.code) {
                continue;
            }
            offered.push((edit.span, d.code));
            let te = TextEdit {
                range: t.range(Some(edit.span)),
                new_text: edit.text,
            };
            out.push(action(
                title,
                CodeActionKind::QUICKFIX,
                uri,
                vec![te],
                vec![l.clone()],
                false,
            ));
        }
    }
}

/// The suppression comments for a finding: on its line (a `# cardlint: disable-line` at the
/// end of a front-matter line, a `<!-- cardlint-disable-next-line -->` line above a body line)
/// and for the whole card (a `<!-- cardlint-disable -->` line where the body starts).
fn suppressions(
    source: &str,
    lines: &LineIndex,
    d: &crate::diagnostic::Diagnostic,
) -> Vec<(String, Edit)> {
    let eol = adapter::line_ending(source);
    let code = d.code;
    let mut out = Vec::new();
    if let Some(s) = d.span {
        let line = lines.line_of(s.start);
        let start = lines.line_start(line);
        let rest = &source[start..];
        let end = start + rest.find(['\n', '\r']).unwrap_or(rest.len());
        let in_yaml =
            adapter::yaml_span(source).is_some_and(|y| y.start <= s.start && s.start < y.end);
        let edit = if in_yaml {
            Edit {
                span: Span::new(end, end),
                text: format!("  # cardlint: disable-line {code}"),
                code,
                safe: true,
            }
        } else {
            Edit {
                span: Span::new(start, start),
                text: format!("<!-- cardlint-disable-next-line {code} -->{eol}"),
                code,
                safe: true,
            }
        };
        out.push((format!("Suppress {code} on this line"), edit));
    }
    let b = adapter::body_start(source);
    let lead = if b > 0 && !source[..b].ends_with(['\n', '\r']) {
        eol
    } else {
        ""
    };
    out.push((
        format!("Suppress {code} in this card"),
        Edit {
            span: Span::new(b, b),
            text: format!("{lead}<!-- cardlint-disable {code} -->{eol}"),
            code,
            safe: true,
        },
    ));
    out
}

/// Whether a suppression edit does what it says: linted again, the card has fewer findings of
/// `code` and no finding it did not have (a comment inside a block scalar or a code block would
/// change the card, or not be read as a comment).
fn suppresses(
    path: &Path,
    source: &str,
    job: &crate::pipeline::Job,
    ext: &crate::lint::External,
    before: &Linted,
    edit: &Edit,
    code: &str,
) -> bool {
    let (new, done) = crate::edit::apply(source, vec![edit.clone()]);
    if done.is_empty() {
        return false;
    }
    let after = adapter::lint(path, &new, job, ext);
    let count = |l: &Linted| {
        l.report
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .count()
    };
    let old: Vec<(&str, &str)> = before
        .report
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.as_str()))
        .collect();
    count(&after) < count(before)
        && after
            .report
            .diagnostics
            .iter()
            .all(|d| old.contains(&(d.code, d.message.as_str())))
}
