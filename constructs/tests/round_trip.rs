//! value → XML → value for every construct in `wsdl/types.xsd`, with the
//! XML validated against the schema by a real validator (xmllint from
//! libxml2-utils, installed by `.ci/install-deps.sh`).

use std::path::Path;
use std::process::Command;

use constructs::*;
use soapgen_runtime::xml::{decode_element, encode_element, AnyElement};
use soapgen_runtime::xsd;

const NS: &str = "urn:soapgen:constructs";

fn validate(xml: &str) {
    let dir = std::env::temp_dir().join(format!("soapgen-constructs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // One file per call: the tests run in parallel threads.
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let file = dir.join(format!("doc-{n}.xml"));
    std::fs::write(&file, xml).unwrap();
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl/types.xsd");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("xmllint is required (apt-get install libxml2-utils; `cargo xtask test` installs it): {e}"));
    let _ = std::fs::remove_file(&file);
    assert!(
        out.status.success(),
        "xmllint rejected the encoded XML:\n{}\n{xml}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn sample() -> Everything {
    Everything {
        created_by: Some("ops <&> \"team\"".into()),
        version: Some(1),
        pet: Dog { id: 7, name: "Rex".into(), breed: None },
        cost: Price { currency: Some(Currency::Usd), value: "19.90".parse().unwrap() },
        currency: vec![Currency::Eur, Currency::XOther],
        codes: Some("1 2 3".into()),
        either: Some("word".into()),
        choice: EverythingChoice::ById(9_007_199_254_740_993),
        unordered: Unordered { a: "a".into(), b: Some(-1) },
        email: "x@example.invalid".into(),
        phone: None,
        note: Some("Zoë 東京\r\nline".into()),
        maybe: None,
        tree: Some(Tree {
            label: "root".into(),
            parent: Some(Box::new(Tree { label: "up".into(), parent: None, children: vec![] })),
            children: vec![Tree { label: "leaf".into(), parent: None, children: vec![] }],
        }),
        when: xsd::DateTime::from_text_value("2024-02-29T13:45:00.125+02:00"),
        day: Some(xsd::Date::from_text_value("2024-02-29Z")),
        at: Some(xsd::Time::from_text_value("23:59:59")),
        took: Some(xsd::Duration::from_text_value("P1DT2H")),
        // Beyond i64/u64 (libxml2 itself validates up to 24 digits).
        big: Some(-99_999_999_999_999_999_999),
        count: Some(99_999_999_999_999_999_999),
        small: Some(-128),
        huge: Some(u64::MAX),
        blob: Some(xsd::Base64Binary(vec![0, 1, 2, 255])),
        hex: Some(xsd::HexBinary(vec![0xde, 0xad])),
        link: Some("https://example.invalid/a?b=c&d".into()),
        ratio: Some(f64::INFINITY),
        extra: Some(Open {
            known: "k".into(),
            // Raw XML is captured with the namespace declarations in scope,
            // so it stands alone: here the default namespace of its parent.
            any: vec![AnyElement(
                "<x:Ext xmlns=\"urn:soapgen:constructs\" xmlns:x=\"urn:other\" a=\"1\"><x:In>t</x:In></x:Ext>".into(),
            )],
        }),
        friend: vec![
            AnimalKind::Animal(Animal { id: 1, name: "Generic".into() }),
            AnimalKind::Dog(Dog { id: 2, name: "Rex".into(), breed: Some("Collie".into()) }),
        ],
        shape: vec![EverythingShape::Square("4".into()), EverythingShape::Circle("r=1".into())],
    }
}

trait FromTextValue: soapgen_runtime::xml::TextValue {
    fn from_text_value(s: &str) -> Self {
        Self::from_text(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
    }
}
impl<T: soapgen_runtime::xml::TextValue> FromTextValue for T {}

#[test]
fn every_construct_round_trips_and_validates() {
    let v = sample();
    let xml = encode_element(NS, "Everything", &v);
    validate(&xml);
    let back: Everything = decode_element(xml.as_bytes(), NS, "Everything", &Default::default())
        .unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(back, v, "{xml}");
}

#[test]
fn the_other_choice_alternative_and_nil_round_trip() {
    let mut v = sample();
    v.choice = EverythingChoice::ByName("by name".into());
    v.extra = None;
    v.tree = None;
    let xml = encode_element(NS, "Everything", &v);
    assert!(
        xml.contains("nil=\"true\""),
        "a nillable required element is sent as xsi:nil: {xml}"
    );
    validate(&xml);
    let back: Everything =
        decode_element(xml.as_bytes(), NS, "Everything", &Default::default()).unwrap();
    assert_eq!(back, v);
}

#[test]
fn unknown_enumeration_values_are_kept() {
    let mut v = sample();
    v.currency = vec![Currency::Other("CHF".into())];
    let xml = encode_element(NS, "Everything", &v);
    let back: Everything =
        decode_element(xml.as_bytes(), NS, "Everything", &Default::default()).unwrap();
    assert_eq!(back.currency, vec![Currency::Other("CHF".into())]);
    assert_eq!(Currency::from("x-other"), Currency::XOther);
    assert_eq!(Currency::XOther.as_str(), "x-other");
}

#[test]
fn xs_all_accepts_any_order_and_default_attributes_are_optional() {
    let xml = format!(r#"<Unordered xmlns="{NS}"><B>2</B><A>x</A></Unordered>"#);
    let u: Unordered =
        decode_element(xml.as_bytes(), NS, "Unordered", &Default::default()).unwrap();
    assert_eq!(
        u,
        Unordered {
            a: "x".into(),
            b: Some(2)
        }
    );
    let p: Price = decode_element(
        format!(r#"<Cost xmlns="{NS}"> 1.50 </Cost>"#).as_bytes(),
        NS,
        "Cost",
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        (p.currency, p.value.to_string()),
        (None, "1.50".to_string())
    );
}

#[test]
fn out_of_range_values_are_typed_errors() {
    let xml = encode_element(NS, "Everything", &sample())
        .replace("<Small>-128</Small>", "<Small>-129</Small>");
    let e = decode_element::<Everything>(xml.as_bytes(), NS, "Everything", &Default::default())
        .unwrap_err();
    assert!(e.to_string().contains("Small"), "{e}");
    let xml = encode_element(NS, "Everything", &sample())
        .replace("2024-02-29T13:45:00.125+02:00", "2023-02-29T13:45:00");
    let e = decode_element::<Everything>(xml.as_bytes(), NS, "Everything", &Default::default())
        .unwrap_err();
    assert!(e.to_string().contains("When"), "{e}");
}

#[test]
fn a_declared_fault_detail_decodes_into_its_generated_type() {
    let envelope = format!(
        r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>no</faultstring><detail><p:Problem xmlns:p="{NS}"><p:Code>42</p:Code><p:Message>bad &amp; worse</p:Message></p:Problem></detail></s:Fault></s:Body></s:Envelope>"#
    );
    let err = soapgen_runtime::soap::read_response(
        soapgen_runtime::SoapVersion::Soap11,
        envelope.as_bytes(),
        &Default::default(),
        |_r, _el| Ok(()),
    )
    .unwrap_err();
    let soapgen_runtime::soap::ReadError::Fault(f) = err else {
        panic!("expected a fault: {err}")
    };
    let p: Problem = f
        .detail_as(NS, "Problem")
        .unwrap()
        .expect("detail holds a Problem");
    assert_eq!(
        p,
        Problem {
            code: 42,
            message: Some("bad & worse".into())
        }
    );
    assert_eq!(
        f.detail_as::<Problem>("urn:other", "Problem").unwrap(),
        None
    );
    // The generated type knows its detail element: no strings needed.
    use soapgen_runtime::FaultDetail;
    assert_eq!((Problem::NAMESPACE, Problem::NAME), (NS, "Problem"));
    assert_eq!(f.detail::<Problem>().unwrap(), Some(p));
    // A fault whose detail holds another entry: `None`.
    let other = soapgen_runtime::Fault {
        detail: Some(format!(
            r#"<detail><p:Other xmlns:p="{NS}"><p:Code>1</p:Code></p:Other></detail>"#
        )),
        ..(*f).clone()
    };
    assert_eq!(other.detail::<Problem>().unwrap(), None);
}

#[test]
fn derived_types_travel_with_xsi_type() {
    let xml = encode_element(NS, "Everything", &sample());
    assert!(
        xml.contains(":type=\""),
        "the derived value carries xsi:type: {xml}"
    );
    let back: Everything =
        decode_element(xml.as_bytes(), NS, "Everything", &Default::default()).unwrap();
    assert!(matches!(&back.friend[1], AnimalKind::Dog(d) if d.breed.as_deref() == Some("Collie")));
    // Another producer's prefixes for xsi and the type's namespace.
    let foreign = format!(
        r#"<Friend xmlns="{NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance" xmlns:q="{NS}" i:type="q:Dog" id="3"><Name>Fido</Name><Breed>Pug</Breed></Friend>"#
    );
    let f: AnimalKind =
        decode_element(foreign.as_bytes(), NS, "Friend", &Default::default()).unwrap();
    assert_eq!(
        f,
        AnimalKind::Dog(Dog {
            id: 3,
            name: "Fido".into(),
            breed: Some("Pug".into())
        })
    );
}

/// Array wrappers are `Vec<T>` (nillable items `Option<T>`), in fields and
/// in choice alternatives, and jagged ones (`ArrayOfArrayOfX`, a repeated
/// wrapper) `Vec<Vec<T>>`; the wrapper elements stay on the wire, valid
/// against the schema; an optional empty array is left out. Strict decoding
/// accepts it all.
#[test]
fn array_wrappers_round_trip_as_vecs() {
    let v = Lists {
        numbers: vec![1, -2],
        maybe: vec![],
        names: vec![Some("a".into()), None],
        grid: vec![vec![1, 2], vec![], vec![3]],
        row: vec![vec![5], vec![6, 7]],
        choice: ListsChoice::Ids(vec![3, 4]),
    };
    let xml = encode_element(NS, "Lists", &v);
    validate(&xml);
    assert!(
        xml.contains("<Numbers><int>1</int><int>-2</int></Numbers>")
            && xml.contains("<Ids><int>3</int><int>4</int></Ids>")
            && xml.contains("<Grid><ArrayOfInt><int>1</int><int>2</int></ArrayOfInt><ArrayOfInt/><ArrayOfInt><int>3</int></ArrayOfInt></Grid>")
            && xml.contains("<Row><int>5</int></Row><Row><int>6</int><int>7</int></Row>")
            && !xml.contains("Maybe"),
        "{xml}"
    );
    let strict = soapgen_runtime::xml::Limits::default().strict(true);
    let back: Lists = decode_element(xml.as_bytes(), NS, "Lists", &strict)
        .unwrap_or_else(|e| panic!("{e}\n{xml}"));
    assert_eq!(back, v, "{xml}");
    // A nil inner array (WCF writes null ones so) reads as an empty one.
    let nil_inner = xml.replace(
        "<ArrayOfInt/>",
        "<ArrayOfInt xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" i:nil=\"true\"/>",
    );
    validate(&nil_inner);
    let back: Lists = decode_element(nil_inner.as_bytes(), NS, "Lists", &strict).unwrap();
    assert_eq!(back, v, "{nil_inner}");
    // Empty everywhere: the required wrappers are still written.
    let empty = Lists {
        numbers: vec![],
        maybe: vec![],
        names: vec![],
        grid: vec![],
        row: vec![],
        choice: ListsChoice::Ids(vec![]),
    };
    let xml = encode_element(NS, "Lists", &empty);
    validate(&xml);
    let back: Lists = decode_element(xml.as_bytes(), NS, "Lists", &Default::default()).unwrap();
    assert_eq!(back, empty, "{xml}");
}
