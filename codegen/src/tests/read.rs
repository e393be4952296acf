//! Tests of the reading stage (`crate::read`): the shared WSDL vectors, the
//! public corpus, and focused cases for the reading rules.
//!
//! Shared data: `SOAPGEN_VECTORS` (default `<workspace>/../shared/vectors`)
//! and `SOAPGEN_CORPUS` (default `<workspace>/../shared/corpus`).

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::error::ErrorKind;
use crate::model::*;
use crate::read::{read_wsdl, ReadOptions};

fn shared_dir(var: &str, default: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(p) => PathBuf::from(p),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared")
            .join(default),
    }
}

// ---------------------------------------------------------------- vectors

/// Splits `KEY=VALUE;KEY=VALUE` where a value may be a JSON string or array
/// containing `;`.
fn parse_detail(s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let eq = s[i..].find('=').map(|e| i + e).expect("key=value");
        let key = s[i..eq].trim().to_string();
        let mut j = eq + 1;
        let (mut depth, mut in_str, mut esc) = (0i32, false, false);
        while j < b.len() {
            let c = b[j];
            if in_str {
                if esc {
                    esc = false;
                } else if c == b'\\' {
                    esc = true;
                } else if c == b'"' {
                    in_str = false;
                }
            } else if c == b'"' {
                in_str = true;
            } else if c == b'[' || c == b'{' {
                depth += 1;
            } else if c == b']' || c == b'}' {
                depth -= 1;
            } else if c == b';' && depth == 0 {
                break;
            }
            j += 1;
        }
        out.push((key, s[eq + 1..j].trim().to_string()));
        i = j + 1;
    }
    out
}

/// The strings of a JSON string or array of strings (simple escapes only).
fn json_strings(v: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_str = false;
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => match chars.next() {
                    Some('n') => cur.push('\n'),
                    Some('t') => cur.push('\t'),
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        cur.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(o) => cur.push(o),
                    None => {}
                },
                '"' => {
                    in_str = false;
                    out.push(std::mem::take(&mut cur));
                }
                c => cur.push(c),
            }
        } else if c == '"' {
            in_str = true;
        }
    }
    out
}

#[test]
fn wsdl_vectors() {
    let dir = shared_dir("SOAPGEN_VECTORS", "vectors").join("wsdl");
    let cases = std::fs::read_to_string(dir.join("CASES.tsv"))
        .unwrap_or_else(|e| panic!("cannot read {}/CASES.tsv: {e}", dir.display()));
    let (mut ok, mut failures, mut skipped) = (0, Vec::new(), 0);
    for line in cases.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, expect, detail, notes) = (cols[0], cols[1], cols[2], cols.get(3).unwrap_or(&""));
        let file = dir.join(format!("{name}.wsdl"));
        if !file.exists() && notes.contains("[generated]") {
            println!("SKIPPED {name}: generated case absent (run python3 generate.py)");
            skipped += 1;
            continue;
        }
        let detail = parse_detail(detail);
        let get = |k: &str| {
            detail
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        let result = read_wsdl(&file, &ReadOptions::default());
        let problem = match (expect, result) {
            ("ok", Ok(m)) if !m.wsdl.bindings.is_empty() => None,
            ("ok", Ok(_)) => Some("read ok but no SOAP binding".to_string()),
            ("ok", Err(e)) => Some(format!("expected ok, got error:\n{e}")),
            (_, Ok(_)) => Some("expected an error, read ok".to_string()),
            (_, Err(e)) => {
                let shown = e.to_string();
                let lower = shown.to_lowercase();
                let kinds: Vec<&str> = get("kind").unwrap_or("").split('|').collect();
                let mut p = Vec::new();
                if !kinds.contains(&e.kind().as_str()) {
                    p.push(format!("kind {} not in {kinds:?}", e.kind()));
                }
                for f in json_strings(get("file").unwrap_or("")) {
                    if !shown.contains(&f) {
                        p.push(format!("does not name file {f}"));
                    }
                }
                if let Some(l) = get("line") {
                    if !shown.contains(&format!(":{l}:")) {
                        p.push(format!("does not give line :{l}:"));
                    }
                }
                let mut must = json_strings(get("mentions").unwrap_or(""));
                // The QName: as written, or at least its local part.
                for q in json_strings(get("qname").unwrap_or("")) {
                    must.push(q.rsplit(':').next().unwrap_or(&q).to_string());
                }
                for m in must {
                    if !lower.contains(&m.to_lowercase()) {
                        p.push(format!("does not mention {m:?}"));
                    }
                }
                (!p.is_empty()).then(|| format!("{}\n  error was:\n{shown}", p.join("; ")))
            }
        };
        match problem {
            None => ok += 1,
            Some(p) => failures.push(format!("{name}: {p}")),
        }
    }
    println!(
        "wsdl vectors: {ok} passed, {} failed, {skipped} skipped",
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "failing vectors:\n{}",
        failures.join("\n")
    );
}

// ----------------------------------------------------------------- corpus

/// Corpus entries that are not valid WSDL: they reference components that
/// exist nowhere. Strict reading must report exactly that
/// (`undefined-reference`); lenient reading must succeed.
const INVALID_IN_CORPUS: &[(&str, &str)] = &[
    (
        "netsuite-strict",
        "messages.xsd imports namespace core_2013_2 from a file declaring core_2011_1",
    ),
    (
        "strongsoap-recursive-import",
        "header elements TEST-SOAP:ServiceRequest, wsse:Security exist nowhere",
    ),
    (
        "wasabi-same-name-ns",
        "element actions:SaveResponse and binding actions:StudyMDLSoap exist nowhere",
    ),
];

#[test]
fn corpus_reads() {
    let dir = shared_dir("SOAPGEN_CORPUS", "corpus");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "corpus not found at {} (set SOAPGEN_CORPUS to the corpus directory)",
        dir.display()
    );
    let mut opts = ReadOptions::default();
    opts.load_url_map_tsv(&dir.join("URLMAP.tsv"))
        .expect("URLMAP.tsv");
    let lenient = ReadOptions {
        lenient: true,
        ..opts.clone()
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut failures = Vec::new();
    let (mut count, mut warnings) = (0, 0);
    let all = Instant::now();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, entry) = (cols[0], cols[1]);
        let path = dir.join(name).join(entry);
        count += 1;
        let t = Instant::now();
        let result = read_wsdl(&path, &opts);
        let took = t.elapsed();
        if matches!(name, "workday" | "virtualbox-vboxweb" | "economic") {
            println!("{name}: {took:?}");
        }
        let invalid = INVALID_IN_CORPUS.iter().any(|(n, _)| *n == name);
        let model = match (result, invalid) {
            (Ok(m), false) => m,
            (Ok(_), true) => {
                failures.push(format!("{name}: known invalid, but read without error"));
                continue;
            }
            (Err(e), true)
                if e.diagnostics
                    .iter()
                    .all(|d| d.kind == ErrorKind::UndefinedReference) =>
            {
                println!(
                    "{name}: invalid as expected ({} undefined references)",
                    e.diagnostics.len()
                );
                match read_wsdl(&path, &lenient) {
                    Ok(m) if !m.wsdl.bindings.is_empty() => warnings += m.warnings.len(),
                    Ok(_) => failures.push(format!("{name}: lenient read has no SOAP binding")),
                    Err(e) => failures.push(format!("{name} (lenient):\n{e}")),
                }
                continue;
            }
            (Err(e), _) => {
                failures.push(format!("{name}:\n{e}"));
                continue;
            }
        };
        warnings += model.warnings.len();
        let ports: usize = model.wsdl.services.values().map(|s| s.ports.len()).sum();
        if model.wsdl.services.is_empty() {
            // ONVIF WSDLs define bindings only (the address comes from discovery).
            println!(
                "{name}: no wsdl:service ({} SOAP bindings)",
                model.wsdl.bindings.len()
            );
        } else if ports == 0 {
            failures.push(format!("{name}: services but no SOAP port"));
        }
        if model.wsdl.bindings.is_empty() {
            failures.push(format!("{name}: no SOAP binding"));
        }
    }
    println!(
        "corpus: {count} entries read in {:?}, {} failed, {warnings} warnings",
        all.elapsed(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "corpus failures:\n{}",
        failures.join("\n")
    );
}

// ---------------------------------------------------------------- focused

/// A temporary directory, removed when dropped.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes files into a fresh temporary directory.
fn scratch(test: &str, files: &[(&str, &str)]) -> Scratch {
    let dir = std::env::temp_dir().join(format!("soapgen-read-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    Scratch(dir)
}

const HEAD: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:t" targetNamespace="urn:t">"#;

/// A minimal document/literal service around `types` with operation `Op`
/// whose input and output are element `tns:In` / `tns:Out`.
fn wsdl_with(types: &str) -> String {
    format!(
        r#"{HEAD}
  <wsdl:types>{types}</wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="tns:In"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="tns:Out"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op">
      <soap:operation soapAction="urn:t#Op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

fn q(ns: &str, local: &str) -> QName {
    QName::new(ns, local)
}

fn complex<'m>(m: &'m Model, name: &QName) -> &'m ComplexType {
    match m.schema.types.get(name) {
        Some(TypeDef::Complex(c)) => c,
        other => panic!("{name}: expected a complex type, got {other:?}"),
    }
}

fn seq_elements(c: &ComplexType) -> Vec<&LocalElement> {
    let ComplexContent::Particle(Particle {
        term: Term::Sequence(items),
        ..
    }) = &c.content
    else {
        panic!("expected a sequence: {:?}", c.content)
    };
    items
        .iter()
        .filter_map(|p| match &p.term {
            Term::Element(e) => Some(e),
            _ => None,
        })
        .collect()
}

#[test]
fn chameleon_include() {
    let dir = scratch(
        "chameleon",
        &[
            (
                "main.wsdl",
                &wsdl_with(
                    r#"<xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:include schemaLocation="xsd/nons.xsd"/>
                 <xs:element name="In" type="tns:Thing"/>
                 <xs:element name="Out" type="tns:Other"/>
               </xs:schema>"#,
                ),
            ),
            (
                "xsd/nons.xsd",
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
                 <xs:complexType name="Thing"><xs:sequence>
                   <xs:element name="o" type="Other"/>
                 </xs:sequence></xs:complexType>
                 <xs:simpleType name="Other"><xs:restriction base="xs:string"/></xs:simpleType>
               </xs:schema>"#,
            ),
        ],
    );
    let m = read_wsdl(&dir.join("main.wsdl"), &ReadOptions::default()).unwrap();
    let thing = complex(&m, &q("urn:t", "Thing"));
    assert_eq!(
        &*thing.loc.file,
        dir.join("xsd/nons.xsd").to_string_lossy(),
        "imports of an entry given absolutely are named absolutely"
    );
    let o = seq_elements(thing)[0];
    // The chameleon's no-namespace reference takes the includer's namespace.
    assert!(
        matches!(&o.ty, TypeRef::Named(n) if *n == q("urn:t", "Other")),
        "{:?}",
        o.ty
    );
    // elementFormDefault is the included document's own (unqualified).
    assert_eq!(o.name, q("", "o"));
    assert_eq!(m.files.len(), 2);
}

#[test]
fn import_cycles_terminate() {
    let dir = scratch(
        "cycle",
        &[
            (
                "a.wsdl",
                &wsdl_with(
                    r#"<xs:schema targetNamespace="urn:t">
                 <xs:import namespace="urn:x" schemaLocation="x.xsd"/>
                 <xs:include schemaLocation="a.xsd"/>
                 <xs:element name="In" type="xs:string"/>
               </xs:schema>"#,
                )
                .replace(
                    "<wsdl:types>",
                    r#"<wsdl:import namespace="urn:t" location="a.wsdl"/><wsdl:import namespace="urn:t" location="./a.wsdl"/><wsdl:types>"#,
                ),
            ),
            (
                "a.xsd",
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
                 <xs:include schemaLocation="a.xsd"/>
                 <xs:element name="Out" type="xs:int"/>
               </xs:schema>"#,
            ),
            (
                "x.xsd",
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">
                 <xs:import namespace="urn:y" schemaLocation="y.xsd"/>
               </xs:schema>"#,
            ),
            (
                "y.xsd",
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:y">
                 <xs:import namespace="urn:x" schemaLocation="x.xsd"/>
                 <xs:import namespace="urn:y" schemaLocation="sub/../y.xsd"/>
               </xs:schema>"#,
            ),
        ],
    );
    let m = read_wsdl(&dir.join("a.wsdl"), &ReadOptions::default()).unwrap();
    assert_eq!(m.files.len(), 4, "{:?}", m.files);
    assert!(m.schema.elements.contains_key(&q("urn:t", "Out")));
}

#[test]
fn element_and_attribute_forms() {
    let dir = scratch(
        "forms",
        &[(
            "f.wsdl",
            &wsdl_with(
                r#"<xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:element name="In"><xs:complexType>
                   <xs:sequence>
                     <xs:element name="q" type="xs:string"/>
                     <xs:element name="u" form="unqualified" type="xs:string"/>
                   </xs:sequence>
                   <xs:attribute name="a" type="xs:string"/>
                   <xs:attribute name="b" form="qualified" type="xs:string"/>
                 </xs:complexType></xs:element>
               </xs:schema>
               <xs:schema targetNamespace="urn:u" attributeFormDefault="qualified">
                 <xs:complexType name="T"><xs:sequence>
                   <xs:element name="e" type="xs:string"/>
                   <xs:element name="f" form="qualified" type="xs:string"/>
                 </xs:sequence><xs:attribute name="c" type="xs:int"/></xs:complexType>
               </xs:schema>
               <xs:schema targetNamespace="urn:t"><xs:element name="Out" type="xs:int"/></xs:schema>"#,
            ),
        )],
    );
    let m = read_wsdl(&dir.join("f.wsdl"), &ReadOptions::default()).unwrap();
    let TypeRef::Anonymous(t) = &m.schema.elements[&q("urn:t", "In")].ty else {
        panic!()
    };
    let TypeDef::Complex(c) = &**t else { panic!() };
    let names: Vec<_> = seq_elements(c).iter().map(|e| e.name.clone()).collect();
    assert_eq!(names, vec![q("urn:t", "q"), q("", "u")]);
    let attrs: Vec<_> = c
        .attributes
        .iter()
        .map(|a| match a {
            AttributeItem::Attribute(d) => d.name.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(attrs, vec![q("", "a"), q("urn:t", "b")]);
    let t = complex(&m, &q("urn:u", "T"));
    let names: Vec<_> = seq_elements(t).iter().map(|e| e.name.clone()).collect();
    assert_eq!(names, vec![q("", "e"), q("urn:u", "f")]);
    let AttributeItem::Attribute(c) = &t.attributes[0] else {
        panic!()
    };
    assert_eq!(c.name, q("urn:u", "c"));
}

#[test]
fn qnames_follow_prefix_scopes() {
    // `p` is bound to three namespaces at different levels; the default
    // namespace changes too. Unprefixed QNames take the default namespace.
    let dir = scratch(
        "prefixes",
        &[(
            "p.wsdl",
            &wsdl_with(
                r#"<xs:schema targetNamespace="urn:t" xmlns:p="urn:t" xmlns="urn:t">
                 <xs:element name="In" type="p:A"/>
                 <xs:element name="Out" xmlns:p="urn:other" type="p:B"/>
                 <xs:complexType name="A"><xs:sequence>
                   <xs:element name="x" type="string" xmlns="http://www.w3.org/2001/XMLSchema"/>
                   <xs:element name="y" type="p:A"/>
                   <xs:element name="z" xmlns:p="http://www.w3.org/2001/XMLSchema" type="p:int"/>
                 </xs:sequence></xs:complexType>
               </xs:schema>
               <xs:schema targetNamespace="urn:other"><xs:simpleType name="B"><xs:restriction base="xs:string"/></xs:simpleType></xs:schema>"#,
            ),
        )],
    );
    let m = read_wsdl(&dir.join("p.wsdl"), &ReadOptions::default()).unwrap();
    let ty = |n: &str| match &m.schema.elements[&q("urn:t", n)].ty {
        TypeRef::Named(q) => q.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(ty("In"), q("urn:t", "A"));
    assert_eq!(ty("Out"), q("urn:other", "B"));
    let a = complex(&m, &q("urn:t", "A"));
    let types: Vec<_> = seq_elements(a)
        .iter()
        .map(|e| match &e.ty {
            TypeRef::Named(q) => q.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        types,
        vec![q(XSD_NS, "string"), q("urn:t", "A"), q(XSD_NS, "int")]
    );
}

#[test]
fn undefined_builtin_is_reported_and_all_problems_are_listed() {
    let dir = scratch(
        "many",
        &[(
            "m.wsdl",
            &wsdl_with(
                r#"<xs:schema targetNamespace="urn:t">
                 <xs:element name="In" type="xs:strin"/>
                 <xs:element name="Out" type="tns:Missing"/>
                 <xs:element name="Out" type="xs:int"/>
                 <xs:element name="Bad" type="nope:T"/>
               </xs:schema>"#,
            ),
        )],
    );
    let e = read_wsdl(&dir.join("m.wsdl"), &ReadOptions::default()).unwrap_err();
    let kinds: Vec<_> = e.diagnostics.iter().map(|d| d.kind).collect();
    assert!(kinds.contains(&ErrorKind::DuplicateName), "{e}");
    assert!(kinds.contains(&ErrorKind::UndeclaredPrefix), "{e}");
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == ErrorKind::UndefinedReference)
            .count(),
        2,
        "{e}"
    );
    let text = e.to_string();
    // The error names the user-facing option that accepts it.
    assert!(
        text.contains("`Builder::lenient(true)`") && text.contains("`--lenient`"),
        "{text}"
    );
    assert!(
        text.contains("xs:strin") && text.contains("tns:Missing") && text.contains("`nope`"),
        "{text}"
    );
    assert!(
        text.contains("m.wsdl:8:"),
        "duplicate at the second definition: {text}"
    );
}

#[test]
fn substitution_groups() {
    let dir = scratch(
        "subst",
        &[(
            "s.wsdl",
            &wsdl_with(
                r#"<xs:schema targetNamespace="urn:t" xmlns:o="urn:o">
                 <xs:import namespace="urn:o"/>
                 <xs:element name="Shape" type="tns:ShapeT" abstract="true"/>
                 <xs:element name="Square" substitutionGroup="tns:Shape"/>
                 <xs:element name="Circle" type="tns:ShapeT" substitutionGroup="tns:Shape"/>
                 <xs:element name="Oval" substitutionGroup="o:Round"/>
                 <xs:complexType name="ShapeT"><xs:sequence><xs:element ref="tns:Shape"/></xs:sequence></xs:complexType>
                 <xs:element name="In" type="tns:ShapeT"/><xs:element name="Out" type="tns:ShapeT"/>
               </xs:schema>
               <xs:schema targetNamespace="urn:o" xmlns:t="urn:t">
                 <xs:element name="Round" substitutionGroup="t:Circle"/>
               </xs:schema>"#,
            ),
        )],
    );
    let m = read_wsdl(&dir.join("s.wsdl"), &ReadOptions::default()).unwrap();
    let s = &m.schema.substitutions;
    assert_eq!(
        s[&q("urn:t", "Shape")],
        vec![q("urn:t", "Circle"), q("urn:t", "Square")]
    );
    assert_eq!(s[&q("urn:t", "Circle")], vec![q("urn:o", "Round")]);
    assert_eq!(s[&q("urn:o", "Round")], vec![q("urn:t", "Oval")]);
    assert!(m.schema.elements[&q("urn:t", "Shape")].is_abstract);
    // Members without a type take their head's.
    for member in [q("urn:t", "Square"), q("urn:t", "Oval")] {
        assert!(
            matches!(&m.schema.elements[&member].ty, TypeRef::Named(t) if *t == q("urn:t", "ShapeT")),
            "{member}"
        );
    }
}

#[test]
fn url_map_prefixes_and_remote_imports() {
    let ext_wsdl = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
          xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:ext">
        <wsdl:types><xs:schema targetNamespace="urn:ext">
          <xs:import namespace="urn:t" schemaLocation="../types/t.xsd"/>
        </xs:schema></wsdl:types></wsdl:definitions>"#;
    let t_xsd = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
          <xs:element name="In" type="xs:string"/><xs:element name="Out" type="xs:string"/></xs:schema>"#;
    let dir = scratch(
        "urlmap",
        &[
            (
                "main.wsdl",
                &wsdl_with("").replace(
                    "<wsdl:types>",
                    r#"<wsdl:import namespace="urn:ext" location="http://example.com/svc/wsdl/ext.wsdl"/><wsdl:types>"#,
                ),
            ),
            ("mirror/svc/wsdl/ext.wsdl", ext_wsdl),
            ("mirror/svc/types/t.xsd", t_xsd),
            ("exact/ext.wsdl", "<garbage"),
            ("map.tsv", "url\tpath\nhttp://example.com/\tmirror/\nhttp://example.com/other/x.wsdl\texact/ext.wsdl\n"),
        ],
    );
    // No mapping: refused, naming the URL.
    let e = read_wsdl(&dir.join("main.wsdl"), &ReadOptions::default()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RemoteImportForbidden, "{e}");
    assert!(
        e.to_string()
            .contains("http://example.com/svc/wsdl/ext.wsdl"),
        "{e}"
    );
    assert_eq!(
        e.diagnostics.len(),
        1,
        "no cascade of undefined references: {e}"
    );
    let e = read_wsdl(
        &dir.join("main.wsdl"),
        &ReadOptions {
            lenient: true,
            ..Default::default()
        },
    );
    assert_eq!(
        e.unwrap_err().kind(),
        ErrorKind::RemoteImportForbidden,
        "lenient does not fetch either"
    );

    // A prefix mapping; the relative import inside is resolved against the URL.
    let mut opts = ReadOptions::default();
    opts.map_url("http://example.com/", dir.join("mirror"));
    opts.map_url(
        "http://example.com/svc/wsdl/other.wsdl",
        dir.join("exact/ext.wsdl"),
    );
    let m = read_wsdl(&dir.join("main.wsdl"), &opts).unwrap();
    let file = &m.schema.elements[&q("urn:t", "In")].loc.file;
    assert_eq!(&**file, "http://example.com/svc/types/t.xsd");

    // The longest prefix wins.
    opts.map_url("http://example.com/svc/wsdl/", dir.join("exact"));
    let e = read_wsdl(&dir.join("main.wsdl"), &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::NotXml, "{e}");
    assert!(
        e.to_string()
            .starts_with("http://example.com/svc/wsdl/ext.wsdl:1:"),
        "{e}"
    );

    // The same mapping from a two-column TSV (paths relative to it).
    let mut opts = ReadOptions::default();
    opts.load_url_map_tsv(&dir.join("map.tsv")).unwrap();
    assert_eq!(opts.url_map.len(), 2);
    read_wsdl(&dir.join("main.wsdl"), &opts).unwrap();
}

#[test]
fn bindings_ports_and_operations() {
    let text = format!(
        r#"{HEAD}
  <wsdl:types><xs:schema targetNamespace="urn:t" xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/">
    <xs:complexType name="Arr"><xs:complexContent><xs:restriction base="soapenc:Array">
      <xs:attribute ref="soapenc:arrayType" wsdl:arrayType="xs:string[]"/>
    </xs:restriction></xs:complexContent></xs:complexType>
  </xs:schema></wsdl:types>
  <wsdl:message name="M"><wsdl:part name="a" type="tns:Arr"/><wsdl:part name="h" type="xs:string"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="Call"><wsdl:documentation>
        Calls.
          Really.
    </wsdl:documentation><wsdl:input message="tns:M"/><wsdl:output message="tns:M"/></wsdl:operation>
    <wsdl:operation name="Notify"><wsdl:output message="tns:M"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="rpc" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Call">
      <soap:operation soapAction="urn:t#Call" style="document"/>
      <wsdl:input>
        <mime:multipartRelated xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/">
          <mime:part><soap:body use="encoded" parts="a" namespace="urn:rpc" encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"/>
            <soap:header message="tns:M" part="h" use="literal"/></mime:part>
          <mime:part><mime:content part="x" type="image/png"/></mime:part>
        </mime:multipartRelated>
      </wsdl:input>
      <wsdl:output><soap:body use="literal"/><soap:header message="tns:M" part="h" use="literal"/></wsdl:output>
    </wsdl:operation>
    <wsdl:operation name="Notify"><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
  <wsdl:binding name="Http" type="tns:PT">
    <http:binding xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" verb="GET"/>
  </wsdl:binding>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/a"/></wsdl:port>
    <wsdl:port name="H" binding="tns:Http"><http:address xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" location="http://localhost/h"/></wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"#
    );
    let dir = scratch("bindings", &[("b.wsdl", &text)]);
    let m = read_wsdl(&dir.join("b.wsdl"), &ReadOptions::default()).unwrap();
    let b = &m.wsdl.bindings[&q("urn:t", "B")];
    assert_eq!(b.version, SoapVersion::Soap11);
    assert_eq!(b.style, Style::Rpc);
    let call = &b.operations[0];
    assert_eq!(call.style, Style::Document);
    let input = call.input.as_ref().unwrap();
    assert!(input.mime);
    assert_eq!(input.body_use, Use::Encoded);
    assert_eq!(input.parts.as_deref(), Some(&["a".to_string()][..]));
    assert_eq!(input.namespace, "urn:rpc");
    assert_eq!(input.headers.len(), 1);
    assert_eq!(call.output.as_ref().unwrap().headers[0].part, "h");
    assert_eq!(b.operations[1].style, Style::Rpc);
    assert_eq!(m.wsdl.other_bindings, vec![q("urn:t", "Http")]);
    let s = &m.wsdl.services[&q("urn:t", "S")];
    assert_eq!(s.ports.len(), 1, "the HTTP port is skipped");
    assert_eq!(s.ports[0].address.as_deref(), Some("http://localhost/a"));
    let pt = &m.wsdl.port_types[&q("urn:t", "PT")];
    assert_eq!(pt.operations[0].doc.as_deref(), Some("Calls.\n  Really."));
    assert!(
        pt.operations[1].input.is_none(),
        "notification operation kept"
    );
    let arr = complex(&m, &q("urn:t", "Arr"));
    let at = arr.array_type.as_ref().unwrap();
    assert_eq!(
        (at.item.clone(), at.dims.as_str()),
        (q(XSD_NS, "string"), "[]")
    );
}

#[test]
fn structural_errors() {
    let http_only = format!(
        r#"{HEAD}
  <wsdl:portType name="PT"/>
  <wsdl:binding name="Http" type="tns:PT"><http:binding xmlns:http="http://schemas.xmlsoap.org/wsdl/http/" verb="GET"/></wsdl:binding>
</wsdl:definitions>"#
    );
    let mut deep = String::from(r#"<xs:schema targetNamespace="urn:t"><xs:element name="In">"#);
    for _ in 0..150 {
        deep.push_str("<xs:complexType><xs:sequence><xs:element name=\"e\">");
    }
    for _ in 0..150 {
        deep.push_str("</xs:element></xs:sequence></xs:complexType>");
    }
    deep.push_str(r#"</xs:element><xs:element name="Out"/></xs:schema>"#);
    let mut very_deep = String::from(HEAD);
    for _ in 0..100_000 {
        very_deep.push_str("<wsdl:documentation>");
    }
    for _ in 0..100_000 {
        very_deep.push_str("</wsdl:documentation>");
    }
    very_deep.push_str("</wsdl:definitions>");
    let dir = scratch(
        "structural",
        &[
            ("http.wsdl", &http_only),
            ("deep.wsdl", &wsdl_with(&deep)),
            ("verydeep.wsdl", &very_deep),
            ("overload.wsdl", &wsdl_with(r#"<xs:schema targetNamespace="urn:t"><xs:element name="In"/><xs:element name="Out"/></xs:schema>"#).replace(
                "</wsdl:portType>",
                r#"<wsdl:operation name="Op"><wsdl:input message="tns:In"/></wsdl:operation></wsdl:portType>"#,
            )),
            ("dtd.wsdl", "<?xml version=\"1.0\"?>\n\n<!DOCTYPE x [<!ENTITY e \"x\">]>\n<x>&e;</x>"),
            ("root.wsdl", "<?xml version=\"1.0\"?>\n<definitions xmlns=\"urn:nope\"/>"),
        ],
    );
    let err = |f: &str| read_wsdl(&dir.join(f), &ReadOptions::default()).unwrap_err();
    let e = err("http.wsdl");
    assert_eq!(e.kind(), ErrorKind::NoSoapBinding, "{e}");
    assert!(e.to_string().contains("{urn:t}Http"), "{e}");
    let e = err("deep.wsdl");
    assert_eq!(e.kind(), ErrorKind::TooDeep, "{e}");
    let e = read_wsdl(&dir.join("verydeep.wsdl"), &ReadOptions::default());
    assert!(e.is_err(), "no SOAP binding, but no crash either");
    let e = err("overload.wsdl");
    assert_eq!(e.kind(), ErrorKind::UnsupportedOverloading, "{e}");
    let e = err("dtd.wsdl");
    assert_eq!(e.kind(), ErrorKind::DtdForbidden, "{e}");
    assert!(e.to_string().contains("dtd.wsdl:3:"), "{e}");
    let e = err("root.wsdl");
    assert_eq!(e.kind(), ErrorKind::NotWsdl, "{e}");
    assert!(e.to_string().contains("urn:nope"), "{e}");
}

#[test]
fn lenient_mode_and_repairs() {
    let text = wsdl_with(
        r#"<xs:schema targetNamespace="urn:t">
             <xs:element name="In" type="tns:Nowhere"/>
             <xs:element name="Res" type="xs:string"/>
           </xs:schema>"#,
    )
    .replace(r#"<wsdl:part name="p" element="tns:Out"/>"#, r#"<wsdl:part name="p" type="tns:Res"/><wsdl:part name="q" element="tns:Gone"/>"#)
    .replace(
        r#"<wsdl:output><soap:body use="literal"/></wsdl:output>"#,
        r#"<wsdl:output><soap:body use="literal" parts="p nope"/><soap:header message="tns:Out" part="zz"/></wsdl:output>"#,
    )
    .replace(
        "</wsdl:binding>",
        r#"<wsdl:operation name="Ghost"><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>"#,
    );
    let dir = scratch("lenient", &[("l.wsdl", &text)]);
    let e = read_wsdl(&dir.join("l.wsdl"), &ReadOptions::default()).unwrap_err();
    let kinds: Vec<_> = e.diagnostics.iter().map(|d| d.kind).collect();
    assert_eq!(kinds, vec![ErrorKind::UndefinedReference; 3], "{e}");
    let shown = e.to_string();
    assert!(
        shown.contains("tns:Nowhere") && shown.contains("tns:Gone") && shown.contains("`zz`"),
        "{shown}"
    );

    let m = read_wsdl(
        &dir.join("l.wsdl"),
        &ReadOptions {
            lenient: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(m.schema.types.contains_key(&q("urn:t", "Nowhere")));
    assert!(m.schema.elements.contains_key(&q("urn:t", "Gone")));
    let out = &m.wsdl.messages[&q("urn:t", "Out")];
    assert!(
        matches!(&out.parts[0].kind, PartKind::Type(t) if *t == q(XSD_NS, "string")),
        "type= naming an element"
    );
    let b = &m.wsdl.bindings[&q("urn:t", "B")];
    assert_eq!(
        b.operations.len(),
        1,
        "operation not in the portType dropped"
    );
    let output = b.operations[0].output.as_ref().unwrap();
    assert_eq!(output.parts.as_deref(), Some(&["p".to_string()][..]));
    assert!(output.headers.is_empty());
    assert!(m.warnings.len() >= 6, "{:#?}", m.warnings);
}

#[test]
fn redefine_and_mirrored_copies() {
    let base = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t" xmlns:tns="urn:t">
          <xs:complexType name="A"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
          <xs:simpleType name="S"><xs:restriction base="xs:string"/></xs:simpleType>
          <xs:element name="Out" type="xs:int"/></xs:schema>"#;
    let dir = scratch(
        "redefine",
        &[
            (
                "r.wsdl",
                &wsdl_with(
                    r#"<xs:schema targetNamespace="urn:t">
                 <xs:redefine schemaLocation="base.xsd">
                   <xs:complexType name="A"><xs:complexContent><xs:extension base="tns:A">
                     <xs:sequence><xs:element name="b" type="xs:int"/></xs:sequence>
                   </xs:extension></xs:complexContent></xs:complexType>
                   <xs:simpleType name="S"><xs:restriction base="xs:token"/></xs:simpleType>
                 </xs:redefine>
                 <xs:import namespace="urn:m" schemaLocation="one/m.xsd"/>
                 <xs:import namespace="urn:m" schemaLocation="two/m.xsd"/>
                 <xs:element name="In" type="tns:A"/>
               </xs:schema>"#,
                ),
            ),
            ("base.xsd", base),
            (
                "one/m.xsd",
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m"><xs:element name="M"/></xs:schema>"#,
            ),
            (
                "two/m.xsd",
                r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m"><xs:element name="M"/></xs:schema>"#,
            ),
        ],
    );
    let m = read_wsdl(&dir.join("r.wsdl"), &ReadOptions::default()).unwrap();
    // The self-derived redefinition keeps the original; the other replaces it.
    assert!(matches!(
        complex(&m, &q("urn:t", "A")).content,
        ComplexContent::Particle(_)
    ));
    let Some(TypeDef::Simple(s)) = m.schema.types.get(&q("urn:t", "S")) else {
        panic!()
    };
    assert!(
        matches!(&s.variety, SimpleVariety::Restriction { base: TypeRef::Named(b), .. } if b.local.as_ref() == "token")
    );
    assert!(
        m.warnings.iter().any(|w| w.message.contains("xs:redefine")),
        "{:?}",
        m.warnings
    );
    // Two files with identical content are one document (no duplicate M).
    assert!(m.schema.elements.contains_key(&q("urn:m", "M")));
    assert_eq!(m.files.len(), 4);
}

#[test]
fn encodings_and_entry_names() {
    let text = wsdl_with(
        r#"<xs:schema targetNamespace="urn:t"><xs:element name="In"><xs:annotation>
             <xs:documentation>caf@</xs:documentation></xs:annotation></xs:element>
             <xs:element name="Out"/></xs:schema>"#,
    )
    .replace(
        r#"<?xml version="1.0"?>"#,
        r#"<?xml version="1.0" encoding="ISO-8859-1"?>"#,
    );
    let latin1: Vec<u8> = text
        .bytes()
        .map(|b| if b == b'@' { 0xE9 } else { b })
        .collect();
    let utf16: Vec<u8> = std::iter::once(0xFEFF_u16)
        .chain(wsdl_with(r#"<xs:schema targetNamespace="urn:t"><xs:element name="In"/><xs:element name="Out"/></xs:schema>"#).encode_utf16())
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let dir = scratch("encodings", &[]);
    std::fs::write(dir.join("latin1.wsdl"), &latin1).unwrap();
    std::fs::write(dir.join("utf16.wsdl"), &utf16).unwrap();
    let m = read_wsdl(&dir.join("latin1.wsdl"), &ReadOptions::default()).unwrap();
    assert_eq!(
        m.schema.elements[&q("urn:t", "In")].doc.as_deref(),
        Some("caf\u{e9}")
    );
    read_wsdl(&dir.join("utf16.wsdl"), &ReadOptions::default()).unwrap();
    // Loc.file is the entry path as given.
    let cwd = std::env::current_dir().unwrap();
    std::env::set_current_dir(&*dir).unwrap();
    let m = read_wsdl(Path::new("utf16.wsdl"), &ReadOptions::default());
    std::env::set_current_dir(cwd).unwrap();
    assert_eq!(&*m.unwrap().entry.unwrap().file, "utf16.wsdl");
    let e = read_wsdl(&dir.join("absent.wsdl"), &ReadOptions::default()).unwrap_err();
    assert!(e.to_string().contains("absent.wsdl"), "{e}");
}
