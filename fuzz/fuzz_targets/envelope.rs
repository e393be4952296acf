//! Fuzz target `envelope`: see [`soapgen_fuzz::checks::envelope`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| soapgen_fuzz::checks::envelope(data));
