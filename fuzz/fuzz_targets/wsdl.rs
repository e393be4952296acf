//! Fuzz target `wsdl`: see [`soapgen_fuzz::checks::wsdl`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::wsdl(data));
