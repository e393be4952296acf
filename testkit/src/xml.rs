//! XML comparison for tests: two documents are equal when their canonical forms are.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_attribute_order_and_formatting_do_not_matter() {
        let a = r#"<p:a xmlns:p="urn:x" y="2" x="1"><p:b>t</p:b></p:a>"#;
        let b = "<a xmlns=\"urn:x\" x=\"1\" y=\"2\">\n  <b>t</b>\n</a>";
        assert_xml_eq(a, b);
    }

    #[test]
    fn namespaces_and_text_do_matter() {
        assert_ne!(
            canonical(r#"<a xmlns="urn:x"/>"#),
            canonical(r#"<a xmlns="urn:y"/>"#)
        );
        assert_ne!(canonical("<a>t</a>"), canonical("<a>u</a>"));
        assert_ne!(canonical(r#"<a x="1"/>"#), canonical(r#"<a x="2"/>"#));
    }
}
