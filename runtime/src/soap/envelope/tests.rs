//! Unit tests of envelope writing/reading and fault parsing.

use super::*;
use crate::error::{Error, ErrorKind};
use crate::soap::QName;
use crate::soap::{SOAP11_NS, SOAP12_NS};
use crate::xml::Writer;

const S11: &str = SOAP11_NS;
const S12: &str = SOAP12_NS;

fn env11(body: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><s:Envelope xmlns:s="{S11}"><s:Body>{body}</s:Body></s:Envelope>"#
    )
}

fn env12(body: &str) -> String {
    format!(r#"<env:Envelope xmlns:env="{S12}"><env:Body>{body}</env:Body></env:Envelope>"#)
}

/// Decodes the text of `{urn:r}Resp`.
fn read(version: SoapVersion, xml: &str) -> Result<String, Error> {
    read_response(version, xml.as_bytes(), &Limits::default(), |r, el| {
        expect_body_element::<String>(r, el, "urn:r", "Resp")
    })
    .map_err(Error::from)
}

fn fault(version: SoapVersion, xml: &str) -> Fault {
    match read(version, xml) {
        Err(Error::Fault(f)) => *f,
        other => panic!("expected a fault, got {other:?}"),
    }
}

#[test]
fn writes_asmx_style_envelopes() {
    let body = |w: &mut Writer| w.element("urn:r", "Op", "x");
    let v11 = String::from_utf8(write_request(SoapVersion::Soap11, |_| {}, body)).unwrap();
    assert_eq!(
        v11,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
         <soap:Body><Op xmlns=\"urn:r\">x</Op></soap:Body></soap:Envelope>"
    );
    let v12 = String::from_utf8(write_request(
        SoapVersion::Soap12,
        |w| w.element("urn:h", "Auth", "t"),
        |w| w.nil_element("urn:r", "Op"),
    ))
    .unwrap();
    assert!(
        v12.contains("xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\">"),
        "{v12}"
    );
    assert!(
        v12.contains("<soap12:Header><Auth xmlns=\"urn:h\">t</Auth></soap12:Header><soap12:Body><Op xmlns=\"urn:r\" xsi:nil=\"true\"/></soap12:Body></soap12:Envelope>"),
        "{v12}"
    );
    // What we write, we read.
    assert_eq!(
        read_response(
            SoapVersion::Soap11,
            v11.as_bytes(),
            &Limits::default(),
            |r, el| { expect_body_element::<String>(r, el, "urn:r", "Op") }
        )
        .unwrap(),
        "x"
    );
}

#[test]
fn request_headers_per_version() {
    assert_eq!(
        request_headers(SoapVersion::Soap11, "urn:a"),
        vec![
            (
                "Content-Type".to_owned(),
                "text/xml; charset=utf-8".to_owned()
            ),
            ("SOAPAction".to_owned(), "\"urn:a\"".to_owned())
        ]
    );
    assert_eq!(
        request_headers(SoapVersion::Soap12, "urn:a"),
        vec![(
            "Content-Type".to_owned(),
            "application/soap+xml; charset=utf-8; action=\"urn:a\"".to_owned()
        )]
    );
    assert_eq!(
        request_headers(SoapVersion::Soap12, "")[0].1,
        "application/soap+xml; charset=utf-8"
    );
}

#[test]
fn response_element_is_first_body_child() {
    let ok = |xml: &str| read(SoapVersion::Soap11, xml);
    assert_eq!(ok(&env11(r#"<Resp xmlns="urn:r">v</Resp>"#)).unwrap(), "v");
    // Header blocks are skipped even when they look like the response.
    let with_header = format!(
        r#"<s:Envelope xmlns:s="{S11}"><s:Header><Resp xmlns="urn:r">decoy</Resp></s:Header><s:Body><Resp xmlns="urn:r">real</Resp></s:Body></s:Envelope>"#
    );
    assert_eq!(ok(&with_header).unwrap(), "real");
    // Later Body children are ignored, never searched.
    assert_eq!(
        ok(&env11(
            r#"<Resp xmlns="urn:r">a</Resp><Resp xmlns="urn:r">b</Resp>"#
        ))
        .unwrap(),
        "a"
    );
    let kind = |xml: &str| ok(xml).unwrap_err().kind();
    assert_eq!(
        kind(&env11(r#"<X xmlns="urn:r"/><Resp xmlns="urn:r">b</Resp>"#)),
        ErrorKind::UnexpectedElement
    );
    assert_eq!(
        kind(&env11(r#"<Resp xmlns="urn:other">b</Resp>"#)),
        ErrorKind::WrongNamespace
    );
    assert_eq!(kind(&env11("")), ErrorKind::MissingRequiredElement);
    assert_eq!(kind(&env11("  ")), ErrorKind::MissingRequiredElement);
}

#[test]
fn envelope_structure_errors() {
    let kind = |v, xml: &str| read(v, xml).unwrap_err().kind();
    let v11 = SoapVersion::Soap11;
    assert_eq!(kind(v11, r#"<Resp xmlns="urn:r"/>"#), ErrorKind::NotSoap);
    assert_eq!(
        kind(v11, r#"<Envelope xmlns="urn:x"/>"#),
        ErrorKind::NotSoap
    );
    assert_eq!(
        kind(v11, &format!(r#"<s:Envelope xmlns:s="{S11}"/>"#)),
        ErrorKind::NotSoap
    );
    assert_eq!(
        kind(
            v11,
            &format!(r#"<s:Envelope xmlns:s="{S11}"><s:Header/></s:Envelope>"#)
        ),
        ErrorKind::NotSoap
    );
    assert_eq!(
        kind(
            v11,
            &format!(
                r#"<s:Envelope xmlns:s="{S11}"><s:Body><Resp xmlns="urn:r"/></s:Body><s:Body/></s:Envelope>"#
            )
        ),
        ErrorKind::NotSoap
    );
    assert_eq!(
        kind(v11, &env12(r#"<Resp xmlns="urn:r"/>"#)),
        ErrorKind::VersionMismatch
    );
    assert_eq!(
        kind(SoapVersion::Soap12, &env11(r#"<Resp xmlns="urn:r"/>"#)),
        ErrorKind::VersionMismatch
    );
    assert_eq!(
        kind(v11, &(env11(r#"<Resp xmlns="urn:r"/>"#) + "<x/>")),
        ErrorKind::XmlSyntax
    );
    assert_eq!(kind(v11, ""), ErrorKind::XmlSyntax);
}

#[test]
fn utf16_and_bom_bodies() {
    let xml = env11(r#"<Resp xmlns="urn:r">Zürich 😀</Resp>"#);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(xml.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let got = read_response(SoapVersion::Soap11, &utf16, &Limits::default(), |r, el| {
        expect_body_element::<String>(r, el, "urn:r", "Resp")
    });
    assert_eq!(got.unwrap(), "Zürich 😀");
    let bom = [b"\xEF\xBB\xBF".as_slice(), xml.as_bytes()].concat();
    let got = read_response(SoapVersion::Soap11, &bom, &Limits::default(), |r, el| {
        expect_body_element::<String>(r, el, "urn:r", "Resp")
    });
    assert_eq!(got.unwrap(), "Zürich 😀");
}

#[test]
fn soap11_fault_fields() {
    let f = fault(
        SoapVersion::Soap11,
        &env11(
            r#"<s:Fault><faultcode xmlns:e="urn:errors">
            e:Client.Auth  </faultcode><faultstring xml:lang="en">Bad &amp; worse</faultstring><faultactor>urn:actor</faultactor><detail><v:E xmlns:v="urn:v">x</v:E></detail></s:Fault>"#,
        ),
    );
    assert_eq!(f.version, SoapVersion::Soap11);
    assert_eq!(f.code, QName("urn:errors".into(), "Client.Auth".into()));
    assert_eq!(f.reason, "Bad & worse");
    assert_eq!(f.reason_in("en"), Some("Bad & worse"));
    assert_eq!(f.actor.as_deref(), Some("urn:actor"));
    assert_eq!(f.detail_first_child(), Some(("urn:v".into(), "E".into())));
    assert!(f
        .detail
        .as_deref()
        .unwrap()
        .contains(&format!("xmlns:s=\"{S11}\"")));
    assert_eq!(f.detail_text(), "x");
    assert!(f.to_string().contains("{urn:errors}Client.Auth"), "{f}");

    let f = fault(
        SoapVersion::Soap11,
        &env11(
            "<s:Fault><faultcode>s:Server</faultcode><faultstring/><detail>  </detail></s:Fault>",
        ),
    );
    assert_eq!(f.code, QName(S11.into(), "Server".into()));
    assert_eq!(f.reason, "");
    assert!(f.detail.is_some() && f.detail_first_child().is_none());

    let f = fault(
        SoapVersion::Soap11,
        &env11("<s:Fault><faultcode>zz:Odd</faultcode></s:Fault>"),
    );
    assert_eq!(
        f.code,
        QName(String::new(), "zz:Odd".into()),
        "unresolvable codes are kept verbatim"
    );
    assert_eq!(f.detail, None);
}

#[test]
fn soap12_fault_fields() {
    let f = fault(
        SoapVersion::Soap12,
        &env12(
            r#"<env:Fault xmlns:a="urn:a"><env:Code><env:Value>env:Sender</env:Value><env:Subcode><env:Value>a:One</env:Value><env:Subcode><env:Value xmlns:b="urn:b">b:Two</env:Value></env:Subcode></env:Subcode></env:Code><env:Reason><env:Text xml:lang="fr">Non</env:Text><env:Text xml:lang="en-US">No</env:Text></env:Reason><env:Node>urn:node</env:Node><env:Role>urn:role</env:Role><env:Detail><d:X xmlns:d="urn:d"/></env:Detail></env:Fault>"#,
        ),
    );
    assert_eq!(f.code, QName(S12.into(), "Sender".into()));
    assert_eq!(
        f.subcodes,
        vec![
            QName("urn:a".into(), "One".into()),
            QName("urn:b".into(), "Two".into())
        ]
    );
    assert_eq!(f.reason, "Non");
    assert_eq!(f.reasons.len(), 2);
    assert_eq!(f.reason_in("fr"), Some("Non"));
    assert_eq!(f.reason_in("en-US"), Some("No"));
    assert_eq!(f.reason_in("en"), Some("No"));
    assert_eq!(f.reason_in("de"), None);
    assert_eq!(
        (f.node.as_deref(), f.role.as_deref()),
        (Some("urn:node"), Some("urn:role"))
    );
    assert_eq!(f.detail_first_child(), Some(("urn:d".into(), "X".into())));
}

/// ASMX (Mono) writes SOAP 1.2 faults with the SOAP 1.1 `detail` element, unqualified:
/// read as the Detail, unless a real `env:Detail` is there too (it wins, in either order).
#[test]
fn soap12_fault_accepts_the_unqualified_asmx_detail() {
    let code = "<env:Code><env:Value>env:Receiver</env:Value></env:Code>";
    let f = fault(
        SoapVersion::Soap12,
        &env12(&format!(
            r#"<env:Fault>{code}<env:Node>urn:n</env:Node><detail><E xmlns="urn:e">E42</E></detail></env:Fault>"#
        )),
    );
    assert_eq!(f.detail_first_child(), Some(("urn:e".into(), "E".into())));
    assert_eq!(f.detail_text(), "E42");
    for body in [
        r#"<detail><E xmlns="urn:e">1</E></detail><env:Detail><Q xmlns="urn:q">2</Q></env:Detail>"#,
        r#"<env:Detail><Q xmlns="urn:q">2</Q></env:Detail><detail><E xmlns="urn:e">1</E></detail>"#,
    ] {
        let f = fault(
            SoapVersion::Soap12,
            &env12(&format!("<env:Fault>{code}{body}</env:Fault>")),
        );
        assert_eq!(f.detail_text(), "2", "{body}");
    }
    // A qualified element of another namespace called `detail` is not the detail.
    let f = fault(
        SoapVersion::Soap12,
        &env12(&format!(
            r#"<env:Fault>{code}<x:detail xmlns:x="urn:x">1</x:detail></env:Fault>"#
        )),
    );
    assert_eq!(f.detail, None);
}

#[test]
fn fault_in_malformed_document_is_a_syntax_error() {
    let xml = env11("<s:Fault><faultcode>s:Server</faultcode></s:Fault>") + "<second/>";
    assert_eq!(
        read(SoapVersion::Soap11, &xml).unwrap_err().kind(),
        ErrorKind::XmlSyntax
    );
}

#[test]
fn probe_finds_faults_of_either_version() {
    let f11 =
        env11("<s:Fault><faultcode>s:Server</faultcode><faultstring>x</faultstring></s:Fault>");
    let f12 =
        env12("<env:Fault><env:Code><env:Value>env:Receiver</env:Value></env:Code></env:Fault>");
    assert!(probe_fault(f11.as_bytes(), &Limits::default()).is_some());
    assert!(probe_fault(f12.as_bytes(), &Limits::default()).is_some());
    assert!(probe_fault(
        env11("<Resp xmlns='urn:r'/>").as_bytes(),
        &Limits::default()
    )
    .is_none());
    assert!(probe_fault(b"<html><body>oops</body></html>", &Limits::default()).is_none());
}

/// An rpc/encoded body follows the envelope's version: SOAP 1.1 writes
/// `soap:encodingStyle` with the SOAP 1.1 encoding and `SOAP-ENC:arrayType`; SOAP 1.2 writes
/// `env:encodingStyle` with the SOAP 1.2 encoding and `enc:itemType` / `enc:arraySize`.
#[test]
fn encoded_bodies_follow_the_envelope_version() {
    use crate::__private::{Content, SoapArray, SOAP_ENCODING};
    const XSD: &str = "http://www.w3.org/2001/XMLSchema";
    let items = ["a", "<b>"];
    let body = |w: &mut Writer| {
        w.element(
            "urn:r",
            "Op",
            &Content {
                encoding_style: Some(SOAP_ENCODING),
                write: |w: &mut Writer| {
                    w.element(
                        "",
                        "values",
                        &SoapArray {
                            item_ns: XSD,
                            item_local: "string",
                            len: items.len(),
                            write: |w: &mut Writer| {
                                for i in items {
                                    w.element("", "item", i);
                                }
                            },
                        },
                    )
                },
            },
        )
    };
    let v11 = String::from_utf8(write_request(SoapVersion::Soap11, |_| {}, body)).unwrap();
    assert!(
        v11.contains(
            "<soap:Body><Op xmlns=\"urn:r\" soap:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\">\
             <values xmlns=\"\" xmlns:q1=\"http://schemas.xmlsoap.org/soap/encoding/\" q1:arrayType=\"xsd:string[2]\">\
             <item>a</item><item>&lt;b&gt;</item></values></Op></soap:Body>"
        ),
        "{v11}"
    );
    let v12 = String::from_utf8(write_request(SoapVersion::Soap12, |_| {}, body)).unwrap();
    assert!(
        v12.contains(
            "<soap12:Body><Op xmlns=\"urn:r\" soap12:encodingStyle=\"http://www.w3.org/2003/05/soap-encoding\">\
             <values xmlns=\"\" xmlns:q1=\"http://www.w3.org/2003/05/soap-encoding\" q1:itemType=\"xsd:string\" q1:arraySize=\"2\">\
             <item>a</item><item>&lt;b&gt;</item></values></Op></soap12:Body>"
        ),
        "{v12}"
    );
}
