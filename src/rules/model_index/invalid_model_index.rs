//! CL301 `invalid-model-index`: model-index lacks a field the Hub requires.

use crate::card::yaml::{NodeId, Yaml};
use crate::diagnostic::{Severity, Span};
use crate::rules::{Ctx, Finding, Rule};

pub static RULE: Rule = Rule {
    code: "CL301",
    name: "invalid-model-index",
    severity: Severity::Info,
    summary: "model-index lacks a field the Hub requires",
    docs: include_str!("../../../rules/invalid-model-index.md"),
    check: Some(check),
    fix: None,
    fails_run: true,
    missing_field: None,
};

struct Walk<'y> {
    y: &'y Yaml,
    out: Vec<Finding>,
}

impl Walk<'_> {
    fn problem(&mut self, span: Span, path: &str, what: &str) {
        self.out.push(Finding::new(span, format!("`{path}` {what}"))
            .help("huggingface_hub needs task.type, dataset.type, dataset.name, metrics[].type and metrics[].value, and drops the eval results otherwise"));
    }
    /// The items of a required sequence at `map.key`.
    fn seq(&mut self, map: NodeId, key: &str, path: &str) -> Vec<NodeId> {
        match self.y.get(map, key) {
            None => {
                self.problem(self.y.span(map), &format!("{path}.{key}"), "is missing");
                Vec::new()
            }
            Some((_, v)) => match self.y.items(v) {
                Some(items) => items.to_vec(),
                None => {
                    self.problem(self.y.span(v), &format!("{path}.{key}"), "is not a list");
                    Vec::new()
                }
            },
        }
    }
    fn map(&mut self, id: NodeId, path: &str) -> Option<NodeId> {
        if self.y.entries(id).is_some() {
            return Some(self.y.resolve(id));
        }
        self.problem(self.y.span(id), path, "is not a mapping");
        None
    }
    fn required(&mut self, map: NodeId, keys: &[&str], path: &str) {
        for key in keys {
            match self.y.get(map, key) {
                Some((_, v)) if !self.y.is_null(v) => {}
                Some((k, _)) => self.problem(self.y.span(k), &format!("{path}.{key}"), "is empty"),
                None => self.problem(self.y.span(map), &format!("{path}.{key}"), "is missing"),
            }
        }
    }
}

fn check(ctx: &Ctx) -> Vec<Finding> {
    let (Some(y), Some((k, v))) = (ctx.card.yaml(), ctx.card.top("model-index")) else {
        return Vec::new();
    };
    let mut w = Walk { y, out: Vec::new() };
    let Some(models) = y.items(v) else {
        w.problem(y.span(k), "model-index", "is not a list");
        return w.out;
    };
    for (i, &m) in models.iter().enumerate() {
        let p = format!("model-index[{i}]");
        let Some(m) = w.map(m, &p) else { continue };
        for (j, r) in w.seq(m, "results", &p).into_iter().enumerate() {
            let p = format!("{p}.results[{j}]");
            let Some(r) = w.map(r, &p) else { continue };
            for (key, req) in [("task", &["type"][..]), ("dataset", &["type", "name"][..])] {
                match y.get(r, key) {
                    None => w.problem(y.span(r), &format!("{p}.{key}"), "is missing"),
                    Some((_, t)) => {
                        if let Some(t) = w.map(t, &format!("{p}.{key}")) {
                            w.required(t, req, &format!("{p}.{key}"));
                        }
                    }
                }
            }
            for (n, mt) in w.seq(r, "metrics", &p).into_iter().enumerate() {
                let p = format!("{p}.metrics[{n}]");
                if let Some(mt) = w.map(mt, &p) {
                    w.required(mt, &["type", "value"], &p);
                }
            }
        }
    }
    w.out
}
