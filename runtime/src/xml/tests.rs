//! Unit tests of the reader, writer and field helpers.

use super::*;
use crate::xml::error::DecodeErrorKind as K;

fn limits() -> Limits {
    Limits::default()
}

fn reader(xml: &str) -> Reader<'_> {
    Reader::new(xml.as_bytes(), &limits()).expect("reader")
}

/// Reads the whole document, returning the first error kind.
fn scan(xml: &[u8]) -> Result<(), K> {
    scan_with(xml, &limits())
}

fn scan_with(xml: &[u8], limits: &Limits) -> Result<(), K> {
    let mut r = Reader::new(xml, limits).map_err(|e| e.kind)?;
    let root = r.root().map_err(|e| e.kind)?;
    r.skip(&root).map_err(|e| e.kind)?;
    r.finish().map_err(|e| e.kind)
}

fn text_of(xml: &str) -> String {
    let mut r = reader(xml);
    let root = r.root().expect("root");
    let t = r.read_text(&root).expect("text").into_owned();
    r.finish().expect("finish");
    t
}

#[test]
fn resolves_namespaces_by_scope() {
    let xml = r#"<a:root xmlns:a="urn:a" xmlns="urn:d"><child/><a:x xmlns:a="urn:b"><y xmlns=""/></a:x><a:z/></a:root>"#;
    let mut r = reader(xml);
    let root = r.root().unwrap();
    assert!(root.is("urn:a", "root"));
    let c = r.next_child().unwrap().unwrap();
    assert!(c.is("urn:d", "child") && c.is_empty());
    assert!(
        r.next_child().unwrap().is_none(),
        "self-closed has no children"
    );
    let x = r.next_child().unwrap().unwrap();
    assert!(x.is("urn:b", "x"), "{x:?}");
    let y = r.next_child().unwrap().unwrap();
    assert!(y.is("", "y"), "{y:?}");
    assert!(r.next_child().unwrap().is_none());
    assert!(r.next_child().unwrap().is_none());
    let z = r.next_child().unwrap().unwrap();
    assert!(z.is("urn:a", "z"), "prefix binding restored after x");
    r.skip(&z).unwrap();
    assert!(r.next_child().unwrap().is_none());
    r.finish().unwrap();
}

#[test]
fn namespace_errors_are_syntax_errors() {
    for xml in [
        "<p:a/>",
        r#"<a p:x="1"/>"#,
        r#"<a xmlns:p=""/>"#,
        r#"<a x="1" x="2"/>"#,
        r#"<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>"#,
        r#"<a xmlns:xmlns="u"/>"#,
        r#"<a xmlns:xml="urn:other"/>"#,
        "<a b/>",
        "<a b=1/>",
        r#"<a b="1"c="2"/>"#,
        r#"<a b="x<y"/>"#,
        "<1a/>",
        "<a:/>",
    ] {
        assert_eq!(scan(xml.as_bytes()), Err(K::XmlSyntax), "{xml}");
    }
    assert_eq!(
        scan(br#"<a xml:lang="en" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>"#),
        Ok(())
    );
}

#[test]
fn well_formedness_errors() {
    let cases: &[(&[u8], K)] = &[
        (b"<a><b></a>", K::XmlSyntax),
        (b"<a><b>", K::XmlSyntax),
        (b"<a/><b/>", K::XmlSyntax),
        (b"<a/>text", K::XmlSyntax),
        (b"text<a/>", K::XmlSyntax),
        (b"", K::XmlSyntax),
        (b"<a x='1", K::XmlSyntax),
        (b"<a>&amp</a>", K::XmlSyntax),
        (b"<a>&#0;</a>", K::XmlSyntax),
        (b"<a>&#xD800;</a>", K::XmlSyntax),
        (b"<a>&#x110000;</a>", K::XmlSyntax),
        (b"<a>x\0y</a>", K::XmlSyntax),
        (b"<a>\x01</a>", K::XmlSyntax),
        (b"<a>\xE9</a>", K::InvalidUtf8),
        (b"<a>&nbsp;</a>", K::EntityForbidden),
        (b"<a x='&nbsp;'/>", K::EntityForbidden),
        (b"<!DOCTYPE a><a/>", K::DtdForbidden),
        (b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>", K::DtdForbidden),
        (b"<!DOCTYPE a [<!ENTITY x 'y'>", K::DtdForbidden),
        (b"<!doctype a><a/>", K::DtdForbidden),
        (b"<a><!DOCTYPE a></a>", K::DtdForbidden),
        (b"<a/><?xml version='1.0'?>", K::XmlSyntax),
        (b"<a><!-- a -- b --></a>", K::XmlSyntax),
    ];
    for (xml, kind) in cases {
        assert_eq!(scan(xml), Err(*kind), "{}", String::from_utf8_lossy(xml));
    }
    assert_eq!(
        scan(b"\xEF\xBB\xBF<?xml version='1.0'?><!-- c --><a/><?pi x?>\n"),
        Ok(())
    );
}

#[test]
fn text_is_exact_and_normalised() {
    assert_eq!(text_of("<a>  x y \t</a>"), "  x y \t");
    assert_eq!(
        text_of("<a>a<!--c-->b<?pi?>c<![CDATA[<&>]]>d</a>"),
        "abc<&>d"
    );
    assert_eq!(text_of("<a>1\r\n2\r3\n&#13;&#10;</a>"), "1\n2\n3\n\r\n");
    assert_eq!(text_of("<a><![CDATA[x\r\ny]]></a>"), "x\ny");
    assert_eq!(
        text_of("<a>&lt;&gt;&amp;&quot;&apos;&#65;&#x1F600;</a>"),
        "<>&\"'A😀"
    );
    assert_eq!(text_of("<a/>"), "");
    assert_eq!(text_of("<a></a>"), "");
    let mut r = reader("<a>plain</a>");
    let root = r.root().unwrap();
    assert!(
        matches!(r.read_text(&root).unwrap(), Cow::Borrowed("plain")),
        "zero-copy"
    );
}

#[test]
fn child_element_in_text_is_unexpected() {
    let mut r = reader("<a>x<b/></a>");
    let root = r.root().unwrap();
    let e = r.read_text(&root).unwrap_err();
    assert_eq!(e.kind, K::UnexpectedElement);
    assert_eq!(e.path, "/a/b");
}

#[test]
fn depth_limit_is_enforced_without_recursion() {
    let deep = |n: usize| format!("{}{}", "<x>".repeat(n), "</x>".repeat(n));
    let lim = Limits {
        max_depth: 10,
        ..limits()
    };
    assert_eq!(scan_with(deep(10).as_bytes(), &lim), Ok(()));
    assert_eq!(scan_with(deep(11).as_bytes(), &lim), Err(K::TooDeep));
    assert_eq!(scan(deep(100_000).as_bytes()), Err(K::TooDeep));
    let e = Reader::new(deep(300).as_bytes(), &limits())
        .and_then(|mut r| {
            let root = r.root()?;
            r.skip(&root)
        })
        .unwrap_err();
    assert!(e.path.contains("more"), "deep paths are elided: {}", e.path);
    assert!(e.path.len() < 200);
}

#[test]
fn attribute_and_name_limits() {
    let attrs = |n: usize| {
        let mut s = String::from("<a");
        for i in 0..n {
            s.push_str(&format!(" a{i}=\"v\""));
        }
        s.push_str("/>");
        s
    };
    assert_eq!(scan(attrs(256).as_bytes()), Ok(()));
    assert_eq!(scan(attrs(257).as_bytes()), Err(K::TooLarge));
    let start = std::time::Instant::now();
    assert_eq!(scan(attrs(100_000).as_bytes()), Err(K::TooLarge));
    assert!(
        start.elapsed().as_secs() < 5,
        "attribute count check must be linear"
    );
    // Duplicates beyond the limit are reported as too-large: counting comes first.
    let dup = format!("<a{}/>", " x=\"1\"".repeat(1000));
    assert_eq!(scan(dup.as_bytes()), Err(K::TooLarge));
    let long = "n".repeat(1025);
    assert_eq!(scan(format!("<{long}/>").as_bytes()), Err(K::TooLarge));
    assert_eq!(
        scan(format!("<a {long}=\"1\"/>").as_bytes()),
        Err(K::TooLarge)
    );
    assert_eq!(
        scan(format!("<a xmlns:{long}=\"u\"/>").as_bytes()),
        Err(K::TooLarge)
    );
    assert_eq!(scan(format!("<{}/>", "n".repeat(1024)).as_bytes()), Ok(()));
}

#[test]
fn nil_type_and_attributes() {
    let xml = r#"<r xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:t="urn:t">
        <a i:nil="true"/><b i:nil=" 1 "></b><c i:nil="false"/><d nil="true"/>
        <e i:type="t:Derived" x="a&amp;b&#10;c&#9;d e" t:y="2"/></r>"#;
    let mut r = reader(xml);
    let root = r.root().unwrap();
    let mut seen = Vec::new();
    while let Some(c) = r.next_child().unwrap() {
        seen.push((c.local().to_owned(), c.is_nil()));
        if c.local() == "e" {
            let (ns, local) = c.xsi_type(&r).unwrap();
            assert_eq!((ns.as_ref(), local.as_ref()), ("urn:t", "Derived"));
            assert_eq!(c.attribute("", "x").unwrap(), "a&b\nc\td e");
            assert_eq!(c.attribute("urn:t", "y").unwrap(), "2");
            assert_eq!(c.attribute("", "y"), None);
            assert_eq!(c.attributes().count(), 3);
        }
        r.skip(&c).unwrap();
    }
    let _ = root;
    assert_eq!(
        seen,
        [
            ("a", true),
            ("b", true),
            ("c", false),
            ("d", false),
            ("e", false)
        ]
        .map(|(a, b)| (a.to_owned(), b))
    );
}

#[test]
fn capture_stands_alone() {
    let xml = r#"<e:Env xmlns:e="urn:e" xmlns="urn:d" xmlns:v="urn:v"><d:detail xmlns:d="urn:x"><v:Err code="1">text &amp; more<x/></v:Err></d:detail><next/></e:Env>"#;
    let mut r = reader(xml);
    let _root = r.root().unwrap();
    let d = r.next_child().unwrap().unwrap();
    let raw = r.capture(&d).unwrap();
    assert!(
        raw.starts_with(
            r#"<d:detail xmlns:v="urn:v" xmlns="urn:d" xmlns:e="urn:e" xmlns:d="urn:x">"#
        ),
        "{raw}"
    );
    assert!(raw.ends_with("</d:detail>"), "{raw}");
    // The capture parses on its own and keeps its namespaces.
    let mut r2 = reader(&raw);
    let root2 = r2.root().unwrap();
    assert!(root2.is("urn:x", "detail"));
    let err = r2.next_child().unwrap().unwrap();
    assert!(err.is("urn:v", "Err"));
    let x = {
        r2.skip(&err).unwrap();
        r2.next_child().unwrap()
    };
    assert!(x.is_none());
    // The outer reader continues after the captured element.
    let next = r.next_child().unwrap().unwrap();
    assert!(next.is("urn:d", "next"));
    // Self-closed capture.
    let raw2 = r.capture(&next).unwrap();
    assert!(
        raw2.starts_with("<next") && raw2.ends_with("/>") && raw2.contains("xmlns=\"urn:d\""),
        "{raw2}"
    );
}

#[derive(Debug, PartialEq, Default)]
struct Item {
    id: i32,
    name: Option<String>,
    tags: Vec<String>,
    notes: Vec<Option<String>>,
}

impl Decode for Item {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        let mut pos = 0;
        let (mut id, mut name, mut tags, mut notes) = (None, None, Vec::new(), Vec::new());
        while let Some(c) = r.next_child()? {
            if c.is("urn:t", "id") {
                r.order(&c, &mut pos, 0)?;
                r.required_field(&c, &mut id)?;
            } else if c.is("urn:t", "name") {
                r.order(&c, &mut pos, 1)?;
                r.optional_field(&c, &mut name)?;
            } else if c.is("urn:t", "tag") {
                r.order(&c, &mut pos, 2)?;
                r.repeated_field(&c, &mut tags, Some(2))?;
            } else if c.is("urn:t", "note") {
                r.order(&c, &mut pos, 3)?;
                r.repeated_nillable_field(&c, &mut notes, None)?;
            } else {
                r.skip(&c)?;
            }
        }
        Ok(Item {
            id: id.ok_or_else(|| r.missing(el, "id"))?,
            name: name.flatten(),
            tags,
            notes,
        })
    }
}

impl Encode for Item {
    fn encode_content(&self, w: &mut Writer) {
        w.element("urn:t", "id", &self.id);
        if let Some(n) = &self.name {
            w.element("urn:t", "name", n);
        }
        for t in &self.tags {
            w.element("urn:t", "tag", t);
        }
        for n in &self.notes {
            match n {
                Some(n) => w.element("urn:t", "note", n),
                None => w.nil_element("urn:t", "note"),
            }
        }
    }
}

fn item(xml: &str) -> Result<Item, DecodeError> {
    decode_element(xml.as_bytes(), "urn:t", "item", &limits())
}

#[test]
fn field_helpers() {
    let ok = item(r#"<item xmlns="urn:t" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><id>+007</id><name i:nil="1"/><unknown><deep/></unknown><tag>a</tag><tag/><note i:nil="true"/><note>n</note></item>"#).unwrap();
    assert_eq!(
        ok,
        Item {
            id: 7,
            name: None,
            tags: vec!["a".into(), String::new()],
            notes: vec![None, Some("n".into())],
        }
    );
    let kind = |xml: &str| item(xml).unwrap_err().kind;
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><name>x</name></item>"#),
        K::MissingRequiredElement
    );
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><name>x</name><id>1</id></item>"#),
        K::UnexpectedElement
    );
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><id>1</id><id>2</id></item>"#),
        K::UnexpectedElement
    );
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><id>1</id><name/><name/></item>"#),
        K::UnexpectedElement
    );
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><id>1</id><tag/><tag/><tag/></item>"#),
        K::UnexpectedElement
    );
    assert_eq!(
        kind(
            r#"<item xmlns="urn:t" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><id i:nil="true"/></item>"#
        ),
        K::MissingRequiredElement
    );
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><id/></item>"#),
        K::InvalidValue { xsd_type: "int" }
    );
    assert_eq!(
        kind(r#"<item xmlns="urn:t"><id xmlns="urn:other">1</id></item>"#),
        K::MissingRequiredElement
    );
    assert_eq!(kind(r#"<item xmlns="urn:x"/>"#), K::WrongNamespace);
    assert_eq!(kind(r#"<other xmlns="urn:t"/>"#), K::UnexpectedElement);
    let e = item(r#"<item xmlns="urn:t"><id>99999999999</id></item>"#).unwrap_err();
    assert_eq!(e.path, "/item/id");
    assert_eq!(e.found.as_deref(), Some("\"99999999999\""));
    let e = item(r#"<item xmlns="urn:t"/>"#).unwrap_err();
    assert_eq!(
        (e.path.as_str(), e.expected.as_deref()),
        ("/item", Some("id"))
    );
}

#[test]
fn expect_body_element_none_is_missing() {
    let mut r = reader("<a/>");
    let e = crate::soap::expect_body_element::<String>(&mut r, None, "urn:x", "Resp").unwrap_err();
    assert_eq!(e.kind, K::MissingRequiredElement);
    assert!(e.message.contains("Resp"));
}

#[test]
fn writer_round_trip_and_escaping() {
    let it = Item {
        id: -5,
        name: Some("a & b < c > d\r\n\"q\"".into()),
        tags: vec![String::new()],
        notes: vec![None],
    };
    let xml = encode_element("urn:t", "item", &it);
    assert_eq!(
        xml,
        "<item xmlns=\"urn:t\"><id>-5</id><name>a &amp; b &lt; c &gt; d&#13;\n\"q\"</name><tag/>\
         <note xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/></item>"
    );
    assert_eq!(item(&xml).unwrap(), it);
}

#[test]
fn writer_default_namespace_scoping() {
    struct Mixed;
    impl Encode for Mixed {
        fn encode_content(&self, w: &mut Writer) {
            w.element("urn:a", "same", "1");
            w.element("urn:b", "other", "2");
            w.element("", "plain", "3");
            w.element("urn:a", "back", "4");
        }
    }
    let xml = encode_element("urn:a", "root", &Mixed);
    assert_eq!(
        xml,
        "<root xmlns=\"urn:a\"><same>1</same><other xmlns=\"urn:b\">2</other><plain xmlns=\"\">3</plain><back>4</back></root>"
    );
    assert_eq!(encode_element("", "x", "y"), "<x>y</x>");
}

#[test]
fn writer_attributes_and_prefixes() {
    struct Attrs;
    impl Encode for Attrs {
        fn encode_attributes(&self, w: &mut Writer) {
            w.attribute("", "plain", "a\"b\t\n\r<&>");
            w.attribute("urn:p", "x", "1");
            w.attribute("urn:p", "y", "2");
            w.xsi_type(XSD_NS, "string");
        }
        fn encode_content(&self, w: &mut Writer) {
            w.element("urn:a", "child", &Child);
        }
    }
    struct Child;
    impl Encode for Child {
        fn encode_attributes(&self, w: &mut Writer) {
            w.attribute("urn:p", "z", "3");
        }
        fn encode_content(&self, _w: &mut Writer) {}
    }
    let xml = encode_element("urn:a", "r", &Attrs);
    assert_eq!(
        xml,
        "<r xmlns=\"urn:a\" plain=\"a&quot;b&#9;&#10;&#13;&lt;&amp;&gt;\" xmlns:q1=\"urn:p\" q1:x=\"1\" q1:y=\"2\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:type=\"xsd:string\"><child q1:z=\"3\"/></r>"
    );
    // What was written reads back to the same values.
    let mut r = reader(&xml);
    let root = r.root().unwrap();
    assert_eq!(root.attribute("", "plain").unwrap(), "a\"b\t\n\r<&>");
    assert_eq!(root.attribute("urn:p", "y").unwrap(), "2");
    let (ns, local) = root.xsi_type(&r).unwrap();
    assert_eq!((ns.as_ref(), local.as_ref()), (XSD_NS, "string"));
}

#[test]
fn writer_numbers() {
    let enc = |v: &dyn Fn(&mut Writer)| {
        let mut w = Writer::new();
        v(&mut w);
        w.into_string()
    };
    assert_eq!(enc(&|w| w.write_i64(i64::MIN)), "-9223372036854775808");
    assert_eq!(enc(&|w| w.write_u64(u64::MAX)), "18446744073709551615");
    assert_eq!(enc(&|w| w.write_u64(0)), "0");
    assert_eq!(encode_element("", "v", &true), "<v>true</v>");
    assert_eq!(encode_element("", "v", &f64::NEG_INFINITY), "<v>-INF</v>");
    assert_eq!(encode_element("", "v", &Box::new(7u8)), "<v>7</v>");
}

#[test]
fn any_element_round_trip() {
    let xml = r#"<w xmlns="urn:w"><p:x xmlns:p="urn:p" a="1">t</p:x></w>"#;
    struct W(AnyElement);
    impl Decode for W {
        fn decode(r: &mut Reader<'_>, _el: &Element<'_>) -> Result<Self, DecodeError> {
            let c = r
                .next_child()?
                .ok_or_else(|| r.error(K::MissingRequiredElement, "x"))?;
            let any = AnyElement::decode(r, &c)?;
            while let Some(c) = r.next_child()? {
                r.skip(&c)?;
            }
            Ok(W(any))
        }
    }
    let w: W = decode_element(xml.as_bytes(), "urn:w", "w", &limits()).unwrap();
    assert_eq!(
        w.0 .0,
        r#"<p:x xmlns="urn:w" xmlns:p="urn:p" a="1">t</p:x>"#
    );
    assert_eq!(
        encode_element("urn:w", "w", &w.0),
        format!("<w xmlns=\"urn:w\">{}</w>", w.0 .0)
    );
}

#[test]
fn tag_spans_survive_odd_but_legal_markup() {
    let xml = "<r xmlns='urn:r'><e  a = \"x>y\"\n  b='1' /><f\tc=\"2\"\n></f ></r>";
    let mut r = reader(xml);
    let _root = r.root().unwrap();
    let e = r.next_child().unwrap().unwrap();
    assert_eq!(e.attribute("", "a").unwrap(), "x>y");
    assert_eq!(
        r.capture(&e).unwrap(),
        "<e xmlns=\"urn:r\"  a = \"x>y\"\n  b='1' />"
    );
    let f = r.next_child().unwrap().unwrap();
    assert_eq!(
        r.capture(&f).unwrap(),
        "<f xmlns=\"urn:r\"\tc=\"2\"\n></f >"
    );
    assert!(r.next_child().unwrap().is_none());
    r.finish().unwrap();
}

#[test]
fn a_passed_deadline_stops_reading() {
    let doc = format!("<r>{}</r>", "<e/>".repeat(10_000));
    let now = std::time::Instant::now();
    let past = limits().deadline(Some(now));
    assert_eq!(scan_with(doc.as_bytes(), &past), Err(K::Timeout));
    let later = limits().deadline(Some(now + std::time::Duration::from_secs(3600)));
    assert_eq!(scan_with(doc.as_bytes(), &later), Ok(()));
}

/// The reader's own tokenizer (`scan.rs`) and quick-xml take turns inside the root: the
/// same text, names and errors either way.
#[test]
fn direct_tokenizer_boundaries() {
    let child_text = |xml: &str| {
        let mut r = reader(xml);
        let root = r.root().unwrap();
        let a = r.next_child().unwrap().unwrap();
        let text = r.read_text(&a).unwrap().into_owned();
        let attrs: Vec<String> = a.attributes().map(|(_, l, v)| format!("{l}={v}")).collect();
        assert!(r.next_child().unwrap().is_none());
        r.skip(&root).unwrap();
        r.finish().unwrap();
        (text, attrs.join(","))
    };
    let t = |xml: &str| child_text(xml).0;
    assert_eq!(t("<r><a>x &amp; y &#x41;&lt;</a></r>"), "x & y A<");
    assert_eq!(t("<r><a >v</a ></r>"), "v");
    assert_eq!(t("<r><a>v</a\n\t></r>"), "v");
    assert_eq!(t("<r><a>&amp;<!--c-->&lt;x<![CDATA[&]]>y</a></r>"), "&<x&y");
    assert_eq!(t("<r><a>1\r\n2&amp;\r3</a></r>"), "1\n2&\n3");
    assert_eq!(t("<r> <a/> </r>"), "");
    assert_eq!(
        child_text(r#"<r><a x="1>2" y='"/>'>v</a></r>"#),
        ("v".to_owned(), "x=1>2,y=\"/>".to_owned())
    );
    let cases: &[(&[u8], K)] = &[
        (b"<r><a>&amp</a></r>", K::XmlSyntax),
        (b"<r><a>x &am&amp;</a></r>", K::XmlSyntax),
        (b"<r><a>&bogus;</a></r>", K::EntityForbidden),
        (b"<r><a>&#0;</a></r>", K::XmlSyntax),
        (b"<r><a>x</b></r>", K::XmlSyntax),
        (b"<r><a></ab></r>", K::XmlSyntax),
        (b"<r><a></a x></r>", K::XmlSyntax),
        (b"<r><a/ ></r>", K::XmlSyntax),
        (b"<r><a x=\"1></r>", K::XmlSyntax),
        (b"<r><></r>", K::XmlSyntax),
        (b"<r></r></r>", K::XmlSyntax),
        (b"<r><a>text", K::XmlSyntax),
        (b"<r>&lt;", K::XmlSyntax),
    ];
    for (xml, kind) in cases {
        assert_eq!(scan(xml), Err(*kind), "{}", String::from_utf8_lossy(xml));
    }
}

/// A repeated lone `xmlns="…"` reuses the previous binding: same scoping, same limit.
#[test]
fn repeated_default_declarations() {
    let xml = r#"<r><a xmlns="urn:&amp;x"><b xmlns="urn:&amp;x"/><p:c xmlns="urn:&amp;x" xmlns:p="urn:p"/></a><d xmlns="urn:&amp;x"/><e/></r>"#;
    let mut r = reader(xml);
    let root = r.root().unwrap();
    let mut seen = Vec::new();
    while let Some(c) = r.next_child().unwrap() {
        seen.push(c.expanded_name());
        if c.local() == "a" {
            while let Some(g) = r.next_child().unwrap() {
                seen.push(g.expanded_name());
                r.skip(&g).unwrap();
            }
        } else {
            r.skip(&c).unwrap();
        }
    }
    r.skip(&root).unwrap();
    assert_eq!(
        seen,
        ["{urn:&x}a", "{urn:&x}b", "{urn:p}c", "{urn:&x}d", "e"],
        "{seen:?}"
    );
    let deep = "<a xmlns=\"urn:x\">".repeat(300) + &"</a>".repeat(300);
    let limits = Limits::default().max_depth(1000);
    assert_eq!(scan_with(deep.as_bytes(), &limits), Err(K::TooLarge));
}

/// `Reader::field` finds which field a child is from the table, starting where the last
/// match was; checks sequence order; a wildcard takes what no named field takes.
#[test]
fn field_table_matches_in_order_and_from_the_last_match() {
    const FIELDS: &[FieldName<'static>] = &[
        ("urn:t", "a", 0),
        ("urn:t", "b", 1),
        ("urn:t", "c", 1), // `xs:all`-like: shares b's position
        ("urn:t", "d", 2),
    ];
    let indices = |xml: &str| -> Result<Vec<Option<usize>>, K> {
        let mut r = reader(xml);
        let root = r.next_child().map_err(|e| e.kind)?.expect("root");
        let _ = root;
        let mut at = 0;
        let mut out = Vec::new();
        while let Some(c) = r.next_child().map_err(|e| e.kind)? {
            let i = r.field(&c, FIELDS, &mut at).map_err(|e| e.kind)?;
            out.push(i);
            r.skip(&c).map_err(|e| e.kind)?;
        }
        Ok(out)
    };
    let doc = |body: &str| format!(r#"<x xmlns="urn:t">{body}</x>"#);
    assert_eq!(
        indices(&doc("<a/><b/><b/><c/><b/><d/><d/>")),
        Ok(vec![
            Some(0),
            Some(1),
            Some(1),
            Some(2),
            Some(1),
            Some(3),
            Some(3)
        ])
    );
    // Unknown names and other namespaces are not fields (order is not touched).
    assert_eq!(
        indices(&doc(r#"<b/><zz/><a xmlns="urn:other"/><d/>"#)),
        Ok(vec![Some(1), None, None, Some(3)])
    );
    // Going back in the sequence is an error, found from any starting point.
    assert_eq!(indices(&doc("<d/><a/>")), Err(K::UnexpectedElement));
    assert_eq!(indices(&doc("<b/><a/>")), Err(K::UnexpectedElement));
    // A wildcard (empty name) takes only what no named field takes.
    const ANY: &[FieldName<'static>] = &[("urn:t", "a", 0), ("", "", 1)];
    let mut r = reader(r#"<x xmlns="urn:t"><a/><q/><a/></x>"#);
    r.next_child().expect("ok").expect("root");
    let mut at = 0;
    let mut got = Vec::new();
    while let Some(c) = r.next_child().expect("ok") {
        got.push(r.field(&c, ANY, &mut at).map_err(|e| e.kind));
        r.skip(&c).expect("skip");
    }
    assert_eq!(
        got,
        vec![Ok(Some(0)), Ok(Some(1)), Err(K::UnexpectedElement)]
    );
}
