//! The code's shape, checked: no cycle among the library's top-level modules (the escaping
//! helpers live in a leaf module every other takes them from), and no source file over 450
//! lines. Functions over 80 lines are clippy's `too_many_lines` (clippy.toml).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level modules each path after `crate::` names: `crate::a::b` gives `a`,
/// `crate::{a, b::c}` gives `a` and `b`.
fn named_modules(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, _) in text.match_indices("crate::") {
        let rest = &text[i + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            // The top level of the brace list: items at depth 0, each's first segment.
            let mut depth = 0usize;
            let mut item_start = true;
            for (j, c) in list.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                        let name: String = list[j..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        out.insert(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
        }
    }
    out.remove("self");
    out
}

/// Library module → the library modules it uses (the binary's `cli` and `main` are not in it,
/// nor unit tests: `#[cfg(test)] mod tests` and `tests.rs` files may use any module).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src()).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if matches!(top.as_str(), "main" | "lib" | "cli") || f.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let text = match text.find("#[cfg(test)]\nmod tests") {
            Some(i) => &text[..i],
            None => &text[..],
        };
        let uses = graph.entry(top.clone()).or_default();
        uses.extend(named_modules(text).into_iter().filter(|m| *m != top));
    }
    graph
}

/// A cycle in `graph`, if there is one, as the path that closes it.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // 0: unvisited, 1: on the current path, 2: done.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(m.to_string(), 1);
        path.push(m.to_string());
        for n in graph.get(m).into_iter().flatten() {
            match state.get(n.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = path.iter().position(|p| p == n).unwrap();
                    let mut cycle = path[at..].to_vec();
                    cycle.push(n.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(n, graph, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(m.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        if state.get(m.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(m, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let text = "use crate::{a::X, b::{c, d}};\nuse crate::e;\nfn f() { crate::g::h() }";
    let names: Vec<String> = named_modules(text).into_iter().collect();
    assert_eq!(names, ["a", "b", "e", "g"]);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    assert_eq!(find_cycle(&g), None);
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).unwrap(), ["a", "b", "c", "a"]);
}

#[test]
fn no_cycle_among_top_level_modules() {
    let graph = module_graph();
    assert!(graph.contains_key("lint") && graph.contains_key("report"));
    if let Some(c) = find_cycle(&graph) {
        panic!("the modules {} use each other", c.join(" → "));
    }
}

#[test]
fn escaping_is_a_leaf() {
    let graph = module_graph();
    assert_eq!(
        graph.get("escape"),
        Some(&BTreeSet::new()),
        "escape uses no crate module"
    );
    for core in [
        "diagnostic",
        "lint",
        "hub",
        "fill",
        "card",
        "facts",
        "config",
        "input",
    ] {
        let uses = &graph[core];
        assert!(!uses.contains("report"), "{core} uses report: {uses:?}");
    }
}

/// Source files under `src/`, as paths relative to it, with their text.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let rel = f
                .strip_prefix(src())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&f).unwrap())
        })
        .collect()
}

#[test]
fn no_source_file_over_450_lines() {
    let long: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 450)
        .map(|(f, text)| format!("{f} ({} lines)", text.lines().count()))
        .collect();
    assert!(long.is_empty(), "split these files: {long:?}");
}

#[test]
fn one_parallel_driver() {
    // Cards are linted in parallel in one place, `pipeline::drive`, for `check`, `stats` and
    // the library; the walk lists folders in parallel, which is not linting.
    let drivers: Vec<String> = sources()
        .into_iter()
        .filter(|(f, text)| {
            f != "input/walk.rs" && (text.contains("par_iter") || text.contains("thread::scope"))
        })
        .map(|(f, _)| f)
        .collect();
    assert_eq!(drivers, ["pipeline/run.rs"]);
    let run = std::fs::read_to_string(src().join("pipeline/run.rs")).unwrap();
    assert!(run.contains("pub fn drive"));
}

#[test]
fn the_library_derives_no_clap_trait() {
    // The command line (clap) belongs to the binary, `src/main.rs` and `src/cli/`.
    let users: Vec<String> = sources()
        .into_iter()
        .filter(|(f, text)| !f.starts_with("cli/") && f != "main.rs" && text.contains("clap"))
        .map(|(f, _)| f)
        .collect();
    assert!(users.is_empty(), "the library uses clap in {users:?}");
}

#[test]
fn the_comment_goes_through_octocrabs_typed_api() {
    let github = std::fs::read_to_string(src().join("github.rs")).unwrap();
    for raw in ["._get(", "._post(", "._patch(", "http_body_util"] {
        assert!(!github.contains(raw), "src/github.rs calls {raw}");
    }
    for typed in [".list_comments(", ".update_comment(", ".create_comment("] {
        assert!(github.contains(typed), "src/github.rs lacks {typed}");
    }
}
