//! The fuzz targets' shared checks (`checks`), the generated clients they decode with, and
//! a small deterministic mutator (`mutate`) with which the tests replay the seeds and the
//! regressions as ordinary `cargo test`s.
//!
//! Each `fuzz_targets/NAME.rs` is one line around `checks::NAME`, so what libFuzzer runs
//! and what CI runs are the same code.

pub mod checks;
pub mod mutate;

/// Sajan `AuthenticationService.wsdl`.
#[allow(dead_code, unused_imports, missing_docs)]
pub mod sajan {
    soapgen_runtime::include_client!("authentication_service");
}

/// Sejour `Authentication.wsdl`.
#[allow(dead_code, unused_imports, missing_docs)]
pub mod sejour {
    soapgen_runtime::include_client!("authentication");
}

/// `wsdl/wide.wsdl`: a 64-field type that reaches itself through an optional field, a
/// repeated field, a choice and a derived type.
#[allow(dead_code, unused_imports, missing_docs)]
pub mod wide {
    soapgen_runtime::include_client!("wide");
}

/// The names of the fuzz targets, which are also the directories of `seeds/` and
/// `regressions/`.
pub const TARGETS: &[&str] = &[
    "envelope", "fault", "logout", "wsdl", "wide", "header", "mtom",
];

/// Runs the check of `target` on `data` (panics on a finding, like the fuzz target).
pub fn check(target: &str, data: &[u8]) {
    match target {
        "envelope" => checks::envelope(data),
        "fault" => checks::fault(data),
        "logout" => checks::logout(data),
        "wsdl" => checks::wsdl(data),
        "wide" => checks::wide(data),
        "header" => checks::header(data),
        "mtom" => checks::mtom(data),
        other => panic!("no fuzz target `{other}`"),
    }
}
