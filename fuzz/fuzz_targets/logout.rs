//! Fuzz target `logout`: see [`soapgen_fuzz::checks::logout`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::logout(data));
