//! Fault parsing through `envelope::read_response` with a decode closure that never
//! succeeds. A fault's captured detail must be a standalone well-formed document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use soapgen_runtime::soap::read_response;
use soapgen_runtime::xml::Reader;
use soapgen_runtime::{DecodeError, DecodeErrorKind, Error, Limits, SoapVersion};

fuzz_target!(|data: &[u8]| {
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let result: Result<(), Error> = read_response(version, data, &Limits::default(), |_, _| {
            Err(DecodeError::new(
                DecodeErrorKind::UnexpectedElement,
                "the fuzz decoder never succeeds",
            ))
        });
        let Err(e) = result else {
            panic!("read_response succeeded with a failing decoder");
        };
        let _ = (e.kind().as_str(), e.to_string(), e.http_status());
        if let Error::Fault(f) = &e {
            let _ = (f.to_string(), f.detail_text(), f.reason_in("en"));
            let _ = f.detail_first_child();
            if let Some(detail) = &f.detail {
                let generous = Limits {
                    max_attributes: 1 << 20,
                    ..Limits::default()
                };
                let mut r = Reader::new(detail.as_bytes(), &generous)
                    .unwrap_or_else(|e| panic!("captured detail: {e}\n{detail}"));
                let root = r
                    .root()
                    .unwrap_or_else(|e| panic!("captured detail: {e}\n{detail}"));
                r.skip(&root)
                    .and_then(|()| r.finish())
                    .unwrap_or_else(|e| panic!("captured detail: {e}\n{detail}"));
            }
        }
    }
});
