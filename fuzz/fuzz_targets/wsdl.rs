//! The generator on arbitrary bytes saved as a WSDL file, strict and lenient. Errors are
//! fine; panics, hangs and unbounded memory are not.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("soapgen-fuzz-wsdl-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join("fuzz.wsdl")
    })
}

fuzz_target!(|data: &[u8]| {
    let path = input_path();
    std::fs::write(path, data).expect("write input");
    for lenient in [false, true] {
        match soapgen::Builder::new().lenient(lenient).generate(path) {
            Ok(g) => assert!(!g.code.is_empty()),
            Err(e) => {
                let _ = (e.kind().as_str(), e.to_string());
            }
        }
    }
});
