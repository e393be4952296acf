//! `cargo xtask layout`: the architecture rules that a compiler does not check.
//!
//! For `runtime/src` and `codegen/src`:
//! * no cycle between top-level modules: a file of module `a` that names `crate::b` (in code,
//!   not in comments) is an edge `a → b`; the graph must be acyclic;
//! * no source file longer than 600 lines.
//!
//! Test code is exempt from both: `tests.rs` files, files under a `tests/` folder, and a
//! trailing `#[cfg(test)] mod tests`.
//!
//! Prints the module graph of each crate (stable order) so a review sees layering changes.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_LINES: usize = 600;

/// Runs the checks; returns the number of problems found.
pub fn run(root: &Path) -> usize {
    let mut problems = 0;
    for krate in ["runtime/src", "codegen/src"] {
        let src = root.join(krate);
        let mut files = Vec::new();
        collect(&src, &mut files);
        files.sort();
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let text = fs::read_to_string(file).unwrap_or_default();
            let rel = file.strip_prefix(&src).unwrap_or(file);
            // Unit-test files may use anything and be long; the rules are about the code.
            let test_file = rel.file_name().is_some_and(|n| n == "tests.rs")
                || rel.components().any(|c| c.as_os_str() == "tests");
            if test_file {
                continue;
            }
            // A trailing `#[cfg(test)]` module is test code too.
            let text = match text.find("\n#[cfg(test)]\nmod tests") {
                Some(i) => text.get(..i).unwrap_or_default().to_owned(),
                None => text,
            };
            let lines = text.lines().count();
            if lines > MAX_LINES {
                eprintln!(
                    "layout: {krate}/{} has {lines} lines (> {MAX_LINES})",
                    rel.display()
                );
                problems += 1;
            }
            let Some(top) = top_module(rel) else { continue };
            let deps = graph.entry(top.clone()).or_default();
            for dep in crate_refs(&text) {
                if dep != top {
                    deps.insert(dep);
                }
            }
        }
        let modules: BTreeSet<String> = graph.keys().cloned().collect();
        for deps in graph.values_mut() {
            deps.retain(|d| modules.contains(d));
        }
        println!("{krate}: module graph (a -> b: a uses b)");
        for (m, deps) in &graph {
            let list: Vec<&str> = deps.iter().map(String::as_str).collect();
            println!("  {m} -> {}", list.join(", "));
        }
        if let Some(cycle) = find_cycle(&graph) {
            eprintln!("layout: module cycle in {krate}: {}", cycle.join(" -> "));
            problems += 1;
        }
    }
    if problems == 0 {
        println!("layout: no module cycle, no file over {MAX_LINES} lines");
    }
    problems
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The top-level module a file belongs to (`None` for the crate root and binaries).
fn top_module(rel: &Path) -> Option<String> {
    let first = rel.components().next()?.as_os_str().to_str()?.to_owned();
    if rel.components().count() == 1 {
        let stem = first.strip_suffix(".rs")?;
        return (stem != "lib" && stem != "main").then(|| stem.to_owned());
    }
    (first != "bin").then_some(first)
}

/// The top-level modules named as `crate::x` outside comments.
fn crate_refs(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) => line.get(..i).unwrap_or_default(),
            None => line,
        };
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = rest.get(i + 7..).unwrap_or_default();
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.insert(name);
            }
            rest = after;
        }
        // `use crate::{a, b::c}` groups.
        if let Some(i) = code.find("crate::{") {
            let group = code.get(i + 8..).unwrap_or_default();
            for item in group.split([',', '}']) {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.insert(name);
                }
            }
        }
    }
    out
}

fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // 0 = unvisited, 1 = on the stack, 2 = done.
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_owned(), 1);
        stack.push(n.to_owned());
        for d in graph.get(n).into_iter().flatten() {
            match state.get(d).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|s| s == d).unwrap_or(0);
                    let mut cycle = stack.get(start..).unwrap_or_default().to_vec();
                    cycle.push(d.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(d, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in graph.keys() {
        if state.get(n).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_references_and_cycles() {
        let refs = crate_refs(
            "use crate::xml::{A, B};\nuse crate::{soap, error::Error}; // crate::fake\n",
        );
        assert_eq!(
            refs.into_iter().collect::<Vec<_>>(),
            ["error", "soap", "xml"]
        );
        let mut g = BTreeMap::new();
        g.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
        g.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
        assert_eq!(
            find_cycle(&g),
            Some(vec!["a".into(), "b".into(), "a".into()])
        );
        g.insert("b".to_owned(), BTreeSet::new());
        assert_eq!(find_cycle(&g), None);
    }
}
