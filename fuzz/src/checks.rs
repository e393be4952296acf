//! What each fuzz target asserts about one input. Errors are fine; a panic (a failed
//! property below, or one inside the code under test), an abort, a hang or unbounded
//! memory is a finding.

use std::path::PathBuf;

use bytes::Bytes;
use soapgen_runtime::__private::expect_body_element;
use soapgen_runtime::soap::{read_response, read_response_with_headers, ReadError};
use soapgen_runtime::xml::{decode_element, encode_element, Limits, Reader};
use soapgen_runtime::{mtom, DecodeError, DecodeErrorKind, ResponseHeader, SoapVersion};

use crate::wide::{GetResponse, Wide};

const SAJAN_NS: &str = "http://services.sajan.com/";
const SEJOUR_NS: &str = "http://www.sansejour.com/";
/// The namespace of `wsdl/wide.wsdl`.
pub const WIDE_NS: &str = "urn:soapgen:fuzz:wide";

const VERSIONS: [SoapVersion; 2] = [SoapVersion::Soap11, SoapVersion::Soap12];

/// The default limits and tight ones (so that the limit paths are reached too).
fn limit_sets() -> [Limits; 2] {
    let tight = Limits::default()
        .max_depth(16)
        .max_attributes(8)
        .max_name_len(64);
    [Limits::default(), tight]
}

/// Generous limits for re-reading what the runtime itself produced.
fn generous() -> Limits {
    Limits::default().max_attributes(1 << 20)
}

/// Uses every part of an error's rendering (Display, kind) so that a panic there shows.
fn touch(e: &ReadError) {
    match e {
        ReadError::Fault(f) => {
            let _ = (f.to_string(), f.detail_text(), f.reason_in("en"));
            let _ = (f.detail_first_child(), f.detail_summary());
        }
        ReadError::Decode(d) => {
            let _ = (d.kind.as_str(), d.to_string());
        }
    }
}

/// `xml` must be one well-formed standalone element (captured fault details, header blocks).
fn assert_standalone(what: &str, xml: &str) {
    let read = || -> Result<(), DecodeError> {
        let mut r = Reader::new(xml.as_bytes(), &generous())?;
        let root = r.root()?;
        r.skip(&root)?;
        r.finish()
    };
    if let Err(e) = read() {
        panic!("{what} is not a standalone document: {e}\n{xml}");
    }
}

/// `envelope`: `read_response` with the generated Sajan `AuthenticateResponse` decoder,
/// both SOAP versions, default and tight limits. A successful decode must round-trip
/// through the generated encoder.
pub fn envelope(data: &[u8]) {
    use crate::sajan::AuthenticateResponse;
    for limits in limit_sets() {
        for version in VERSIONS {
            let result = read_response(version, data, &limits, |r, el| {
                expect_body_element::<AuthenticateResponse>(r, el, SAJAN_NS, "AuthenticateResponse")
            });
            match result {
                Err(e) => touch(&e),
                Ok(value) => {
                    let xml = encode_element(SAJAN_NS, "AuthenticateResponse", &value);
                    let back: AuthenticateResponse = decode_element(
                        xml.as_bytes(),
                        SAJAN_NS,
                        "AuthenticateResponse",
                        &generous(),
                    )
                    .unwrap_or_else(|e| panic!("re-decode failed: {e}\n{xml}"));
                    assert_eq!(back, value, "round trip changed the value:\n{xml}");
                }
            }
        }
    }
}

/// `fault`: fault parsing through `read_response` with a decoder that never succeeds. A
/// fault's captured detail must be a standalone well-formed document.
pub fn fault(data: &[u8]) {
    for version in VERSIONS {
        let result: Result<(), ReadError> =
            read_response(version, data, &Limits::default(), |_, _| {
                Err(DecodeError::new(
                    DecodeErrorKind::UnexpectedElement,
                    "the fuzz decoder never succeeds",
                ))
            });
        let Err(e) = result else {
            panic!("read_response succeeded with a failing decoder");
        };
        touch(&e);
        if let ReadError::Fault(f) = &e {
            if let Some(detail) = &f.detail {
                assert_standalone("the captured fault detail", detail);
            }
        }
    }
}

/// `logout`: `read_response` with the generated Sejour `LogoutResponse` decoder.
pub fn logout(data: &[u8]) {
    use crate::sejour::LogoutResponse;
    for version in VERSIONS {
        let result = read_response(version, data, &Limits::default(), |r, el| {
            expect_body_element::<LogoutResponse>(r, el, SEJOUR_NS, "LogoutResponse")
        });
        if let Err(e) = result {
            touch(&e);
        }
    }
}

fn wsdl_path() -> PathBuf {
    // One file per process and thread: the tests run checks on several threads.
    let thread = format!("{:?}", std::thread::current().id());
    let thread: String = thread.chars().filter(char::is_ascii_digit).collect();
    let dir = std::env::temp_dir().join(format!("soapgen-fuzz-wsdl-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(format!("fuzz-{thread}.wsdl"))
}

/// `wsdl`: the generator on the input saved as a `.wsdl` file, strict and lenient.
pub fn wsdl(data: &[u8]) {
    let path = wsdl_path();
    std::fs::write(&path, data).expect("write input");
    for lenient in [false, true] {
        match soapgen::Builder::new().lenient(lenient).generate(&path) {
            Ok(g) => assert!(!g.code.is_empty(), "generated nothing"),
            Err(e) => {
                let _ = (e.kind().as_str(), e.to_string());
            }
        }
    }
    let _ = std::fs::remove_file(&path);
}

/// A decoded `Wide` must re-encode to XML that decodes to a value that encodes the same
/// (values are compared through their encoding: `NaN != NaN`).
fn wide_round_trip(value: &Wide) {
    let xml = encode_element(WIDE_NS, "Wide", value);
    let back: Wide = decode_element(xml.as_bytes(), WIDE_NS, "Wide", &generous())
        .unwrap_or_else(|e| panic!("re-decode failed: {e}\n{xml}"));
    let again = encode_element(WIDE_NS, "Wide", &back);
    assert_eq!(again, xml, "round trip changed the value");
}

/// `wide`: the generated decoder of `wsdl/wide.wsdl`'s `Wide` (64 fields, recursive
/// through a box, a list, a choice and a derived type), as a response body (both SOAP
/// versions, default and tight limits, with its recursive `Trace` header) and as a
/// standalone element. A successful decode must round-trip through the generated encoder.
pub fn wide(data: &[u8]) {
    for limits in limit_sets() {
        for version in VERSIONS {
            let mut headers = Vec::new();
            let result =
                read_response_with_headers(version, data, &limits, &mut headers, |r, el| {
                    expect_body_element::<GetResponse>(r, el, WIDE_NS, "GetResponse")
                });
            match result {
                Err(e) => touch(&e),
                Ok(value) => {
                    if let Some(w) = &value.wide {
                        wide_round_trip(w);
                    }
                }
            }
            read_headers(&headers, &limits);
        }
        if let Ok(value) = decode_element::<Wide>(data, WIDE_NS, "Wide", &limits) {
            wide_round_trip(&value);
        }
    }
}

/// Every header block must stand alone; the recursive `Trace` header decodes (or not) like
/// any body element.
fn read_headers(headers: &[ResponseHeader], limits: &Limits) {
    for h in headers {
        assert_standalone("a response header block", &h.xml);
        let _ = h.text();
        if h.is(WIDE_NS, "Trace") {
            if let Ok(trace) = h.decode::<Wide>(limits) {
                let xml = encode_element(WIDE_NS, "Trace", &trace);
                let _: Wide = decode_element(xml.as_bytes(), WIDE_NS, "Trace", &generous())
                    .unwrap_or_else(|e| panic!("re-decode of a header failed: {e}\n{xml}"));
            }
        }
    }
}

/// `header`: the SOAP header reader (`read_response_with_headers`), both versions, default
/// and tight limits, with a body decoder that skips the body element. Each captured block
/// must be standalone XML.
pub fn header(data: &[u8]) {
    for limits in limit_sets() {
        for version in VERSIONS {
            let mut headers = Vec::new();
            let result =
                read_response_with_headers(version, data, &limits, &mut headers, |r, el| {
                    if let Some(el) = el {
                        r.skip(&el)?;
                    }
                    Ok(())
                });
            if let Err(e) = result {
                touch(&e);
            }
            read_headers(&headers, &limits);
        }
    }
}

/// `mtom`: the MTOM/XOP package reader. The input's first line is the `Content-Type`, the
/// rest the body; a package that reads is decoded as a `wide` response. Also: the input as
/// an envelope written into a package (with its tail as an attachment) reads back
/// unchanged when it holds no `xop:Include`.
pub fn mtom(data: &[u8]) {
    let (head, body) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let content_type = String::from_utf8_lossy(head);
    let _ = (
        mtom::is_multipart_related(&content_type),
        mtom::parameter(&content_type, "boundary"),
        mtom::parameter(&content_type, "start"),
    );
    let body = Bytes::copy_from_slice(body);
    if let Ok(root) = mtom::read_package(&content_type, &body) {
        for version in VERSIONS {
            let result = read_response(version, &root, &Limits::default(), |r, el| {
                expect_body_element::<GetResponse>(r, el, WIDE_NS, "GetResponse")
            });
            if let Err(e) = result {
                touch(&e);
            }
        }
    }
    if !data.windows(7).any(|w| w.eq_ignore_ascii_case(b"include")) {
        let attachments = [body.to_vec()];
        for version in VERSIONS {
            let (ct, package) = mtom::write_package(version, "urn:a", data, &attachments);
            let root = mtom::read_package(&ct, &Bytes::from(package))
                .unwrap_or_else(|e| panic!("a written package does not read back: {e}"));
            assert_eq!(&root[..], data, "the root part changed");
        }
    }
}
