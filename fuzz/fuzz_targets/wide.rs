//! Fuzz target `wide`: see [`soapgen_fuzz::checks::wide`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::wide(data));
