//! Fuzz target `header`: see [`soapgen_fuzz::checks::header`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::header(data));
