//! `envelope::read_response` with the generated Sejour `LogoutResponse` decoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soapgen_fuzz::sejour::LogoutResponse;
use soapgen_runtime::soap::read_response;
use soapgen_runtime::__private::expect_body_element;
use soapgen_runtime::{Limits, SoapVersion};

fuzz_target!(|data: &[u8]| {
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let result = read_response(version, data, &Limits::default(), |r, el| {
            expect_body_element::<LogoutResponse>(
                r,
                el,
                "http://www.sansejour.com/",
                "LogoutResponse",
            )
        });
        if let Err(e) = result {
            let _ = (e.kind().as_str(), e.to_string());
        }
    }
});
