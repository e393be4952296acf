//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// A fixture file's content.
pub fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A canonical form of an XML document: expanded names, attributes sorted
/// (namespace declarations are not attributes), whitespace-only text
/// between elements dropped. Prefixes and formatting do not matter.
pub fn canonical(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}):\n{xml}"));
    let mut out = String::new();
    walk(doc.root_element(), 0, &mut out);
    out
}

fn walk(n: roxmltree::Node, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let name = n.tag_name();
    out.push_str(&format!(
        "{pad}{{{}}}{}",
        name.namespace().unwrap_or(""),
        name.name()
    ));
    let mut attrs: Vec<String> = n
        .attributes()
        .map(|a| {
            format!(
                " {{{}}}{}={:?}",
                a.namespace().unwrap_or(""),
                a.name(),
                a.value()
            )
        })
        .collect();
    attrs.sort();
    out.push_str(&attrs.concat());
    out.push('\n');
    for c in n.children() {
        if c.is_element() {
            walk(c, depth + 1, out);
        } else if c.is_text() {
            let t = c.text().unwrap_or("");
            if !t.trim().is_empty() {
                out.push_str(&format!("{pad}  text {t:?}\n"));
            }
        }
    }
}

/// Asserts two documents are equal as XML.
#[track_caller]
pub fn assert_xml_eq(actual: &str, expected: &str) {
    let (a, e) = (canonical(actual), canonical(expected));
    assert_eq!(
        a, e,
        "XML differs.\n--- actual document:\n{actual}\n--- expected document:\n{expected}"
    );
}
