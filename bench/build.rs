//! Generates the benchmark client from `shared/bench/bulk.wsdl` (beside the repository)
//! with the project's own generator.
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let wsdl = manifest.join("../../shared/bench/bulk.wsdl");
    if !wsdl.exists() {
        panic!(
            "{} not found: the benchmarks need shared/ beside the repository",
            wsdl.display()
        );
    }
    // The in-process server of the end-to-end benchmark decodes requests too.
    // The benchmark code is written against the ArrayOf wrapper structs
    // (kept, so figures stay comparable with earlier runs).
    soapgen::Builder::new()
        .both_directions(true)
        .unwrap_arrays(false)
        .compile(&[wsdl])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
