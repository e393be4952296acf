//! Fuzz target `fault`: see [`soapgen_fuzz::checks::fault`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::fault(data));
