use super::*;

/// `%SE%` stands for the SOAP 1.1 encoding namespace (which makes `href`s references).
fn se(doc: &str) -> String {
    doc.replace("%SE%", "http://schemas.xmlsoap.org/soap/encoding/")
}

fn resolved(doc: &str) -> String {
    String::from_utf8(
        resolve(se(doc).as_bytes(), &Limits::default())
            .unwrap()
            .into_owned(),
    )
    .unwrap()
}

fn error(doc: &str) -> String {
    let e = resolve(se(doc).as_bytes(), &Limits::default()).unwrap_err();
    assert_eq!(e.kind, DecodeErrorKind::InvalidReference, "{e}");
    e.to_string()
}

#[test]
fn documents_without_references_are_borrowed() {
    let doc = br#"<a><b id="x">1</b><c preference="2">ref = text</c></a>"#;
    assert!(matches!(
        resolve(doc, &Limits::default()).unwrap(),
        Cow::Borrowed(_)
    ));
    let doc = br#"<a><b id="x">1</b></a>"#;
    assert!(matches!(
        resolve(doc, &Limits::default()).unwrap(),
        Cow::Borrowed(_)
    ));
    // Not well-formed: passed through for the reader to report.
    let doc = br##"<a href="#x"><b></a>"##;
    assert!(matches!(
        resolve(doc, &Limits::default()).unwrap(),
        Cow::Borrowed(_)
    ));
}

/// PHP ext/soap: the first occurrence carries the identifier, later ones refer to it.
#[test]
fn php_inline_target() {
    let doc = r##"<E xmlns:x="urn:x" xmlns:se="%SE%"><r><first x:t="A" id="ref1"><s>a &amp; b</s></first><second href="#ref1"/></r></E>"##;
    assert_eq!(
        resolved(doc),
        se(
            r#"<E xmlns:x="urn:x" xmlns:se="%SE%"><r><first x:t="A" id="ref1"><s>a &amp; b</s></first><second xmlns="" xmlns:x="urn:x" xmlns:se="%SE%" x:t="A"><s>a &amp; b</s></second></r></E>"#
        )
    );
}

/// Axis 1: multiRef siblings of the response element, referenced (also from each other),
/// with their own namespace declarations.
#[test]
fn axis_multiref_siblings_and_nesting() {
    let doc = concat!(
        r##"<B xmlns:se="%SE%"><resp><ret href="#id0"/></resp>"##,
        r##"<multiRef id="id0" xmlns:ns2="urn:t" ns2:k="v"><a href="#id1"/><b href='#id1'></b></multiRef>"##,
        r#"<multiRef id="id1">7</multiRef></B>"#
    );
    let out = resolved(doc);
    assert!(
        out.starts_with(&se(concat!(
            r#"<B xmlns:se="%SE%"><resp><ret xmlns="" xmlns:se="%SE%" xmlns:ns2="urn:t" ns2:k="v">"#,
            r#"<a xmlns="" xmlns:se="%SE%">7</a><b xmlns="" xmlns:se="%SE%">7</b></ret></resp>"#
        ))),
        "{out}"
    );
}

/// SOAP 1.2 encoding: `enc:ref` / `enc:id` (no `#`).
#[test]
fn soap12_ref_and_id() {
    let doc = r#"<B xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><a enc:ref="p"/><b enc:id="p"><c>1</c></b></B>"#;
    assert_eq!(
        resolved(doc),
        r#"<B xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><a xmlns="" xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><c>1</c></a><b enc:id="p"><c>1</c></b></B>"#
    );
}

#[test]
fn prefixed_reference_keeps_its_namespace() {
    let doc = r##"<B xmlns:p="urn:a" xmlns:se="%SE%"><p:a href="#i"/><q xmlns:p="urn:b" id="i">1</q></B>"##;
    // Content without the prefix: the reference keeps `p` = urn:a.
    assert_eq!(
        resolved(doc),
        se(
            r#"<B xmlns:p="urn:a" xmlns:se="%SE%"><p:a xmlns:p="urn:a" xmlns:se="%SE%">1</p:a><q xmlns:p="urn:b" id="i">1</q></B>"#
        )
    );
    // Content that uses the prefix bound otherwise cannot move.
    let doc = r##"<B xmlns:p="urn:a" xmlns:se="%SE%"><p:a href="#i"/><q xmlns:p="urn:b" id="i"><p:x/></q></B>"##;
    assert!(error(doc).contains("prefix `p`"));
}

#[test]
fn dangling_and_cyclic_references_are_errors() {
    assert!(error(r##"<B xmlns:se="%SE%"><a href="#nope"/></B>"##).contains("`nope`"));
    assert!(
        error(r##"<B xmlns:se="%SE%"><a href="#x"/><b id="x"><c href="#x"/></b></B>"##)
            .contains("itself")
    );
    assert!(error(
        r##"<B xmlns:se="%SE%"><a href="#x"/><b id="x"><c href="#y"/></b><d id="y"><e href="#x"/></d></B>"##
    )
    .contains("itself"));
}

/// A chain where each level refers twice to the next doubles at every level: bounded by
/// the growth limit, not by memory.
#[test]
fn exponential_chains_hit_the_growth_limit() {
    let levels = 40;
    let mut doc = String::from(r##"<B xmlns:se="%SE%"><top href="#l0"/>"##);
    for i in 0..levels {
        doc.push_str(&format!(
            r##"<m id="l{i}"><a href="#l{n}"/><b href="#l{n}"/></m>"##,
            n = i + 1
        ));
    }
    doc.push_str(&format!(r#"<m id="l{levels}">x</m></B>"#));
    assert!(error(&doc).contains("grow the document"));
}

#[test]
fn many_references_hit_the_count_limit() {
    let mut doc = String::from(r#"<B xmlns:se="%SE%"><t id="t"/>"#);
    for _ in 0..=MAX_REFERENCES {
        doc.push_str(r##"<r href="#t"/>"##);
    }
    doc.push_str("</B>");
    assert!(error(&doc).contains("substitutions"));
}

/// Without the SOAP 1.1 encoding namespace, `href` is an ordinary attribute.
#[test]
fn literal_documents_keep_their_hrefs() {
    let doc = br##"<B><a href="#top">x</a><p id="top"/></B>"##;
    assert!(matches!(
        resolve(doc, &Limits::default()).unwrap(),
        Cow::Borrowed(_)
    ));
}

/// Past the depth limit the document is passed through (the reader reports `too-deep`).
#[test]
fn deep_documents_are_passed_through() {
    let depth = 300;
    let doc = se(&format!(
        r##"<B xmlns:se="%SE%"><a href="#x"/>{}<t id="x"/>{}</B>"##,
        "<d>".repeat(depth),
        "</d>".repeat(depth)
    ));
    assert!(matches!(
        resolve(doc.as_bytes(), &Limits::default()).unwrap(),
        Cow::Borrowed(_)
    ));
}

/// PHP's SOAP 1.2 encoding writes `enc:ref="#ref1"` (the SOAP 1.1 `href` form) where SOAP 1.2
/// asks for an IDREF: read as `ref1`.
#[test]
fn soap12_ref_with_a_hash_as_php_writes_it() {
    let doc = r##"<B xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><b enc:id="ref1"><c>1</c></b><a enc:ref="#ref1"/></B>"##;
    assert_eq!(
        resolved(doc),
        r#"<B xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><b enc:id="ref1"><c>1</c></b><a xmlns="" xmlns:enc="http://www.w3.org/2003/05/soap-encoding"><c>1</c></a></B>"#
    );
}
