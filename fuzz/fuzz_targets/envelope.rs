//! `envelope::read_response` with the generated Sajan `AuthenticateResponse` decoder, both
//! SOAP versions, default and tight limits. A successful decode must round-trip through the
//! generated encoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soapgen_fuzz::sajan::AuthenticateResponse;
use soapgen_runtime::soap::read_response;
use soapgen_runtime::xml::{decode_element, encode_element, expect_body_element};
use soapgen_runtime::{Limits, SoapVersion};

const NS: &str = "http://services.sajan.com/";

fuzz_target!(|data: &[u8]| {
    let tight = Limits {
        max_depth: 16,
        max_attributes: 8,
        max_name_len: 64,
        ..Limits::default()
    };
    for limits in [Limits::default(), tight] {
        for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
            let result = read_response(version, data, &limits, |r, el| {
                expect_body_element::<AuthenticateResponse>(r, el, NS, "AuthenticateResponse")
            });
            let _ = result
                .as_ref()
                .map_err(|e| (e.kind().as_str(), e.to_string()));
            if let Ok(value) = result {
                let xml = encode_element(NS, "AuthenticateResponse", &value);
                let back: AuthenticateResponse = decode_element(
                    xml.as_bytes(),
                    NS,
                    "AuthenticateResponse",
                    &Limits::default(),
                )
                .unwrap_or_else(|e| panic!("re-decode failed: {e}\n{xml}"));
                assert_eq!(back, value, "round trip changed the value:\n{xml}");
            }
        }
    }
});
