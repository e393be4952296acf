//! Fuzz target `mtom`: see [`soapgen_fuzz::checks::mtom`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::mtom(data));
