//! The fuzz targets' checks as ordinary tests (the CI smoke run of issue 11, item 10): every
//! seed and every regression (`regressions/TARGET/*`, the crashes fuzzing found) through its
//! target's check, then a bounded deterministic mutation loop from the seeds. No libFuzzer,
//! no nightly: the same checks `cargo fuzz run --features libfuzzer TARGET` runs.
//!
//! `SOAPGEN_FUZZ_ROUNDS=N` changes the mutation rounds per seed (default below).

use std::path::{Path, PathBuf};

use soapgen_fuzz::mutate::{mutate, Rng};
use soapgen_fuzz::{check, TARGETS};

/// Mutants per seed: enough to reach the error paths, small enough for CI.
fn rounds(target: &str) -> usize {
    let default = match target {
        // The generator is much slower per input than the readers.
        "wsdl" => 2,
        _ => 60,
    };
    std::env::var("SOAPGEN_FUZZ_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.map(|e| e.expect("dir entry").path()).collect(),
        Err(_) => return Vec::new(),
    };
    v.retain(|p| p.is_file());
    v.sort();
    v
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `check` on `data`, naming the input when it panics.
fn run(target: &str, what: &str, data: &[u8]) {
    let caught = std::panic::catch_unwind(|| check(target, data));
    if let Err(panic) = caught {
        let msg = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        let dump = std::env::temp_dir().join(format!("soapgen-fuzz-{target}-finding"));
        let _ = std::fs::write(&dump, data);
        panic!(
            "fuzz target `{target}` fails on {what} (input saved to {}): {msg}",
            dump.display()
        );
    }
}

fn replay(target: &str) {
    let seeds = files(&root().join("seeds").join(target));
    assert!(!seeds.is_empty(), "no seeds for `{target}`");
    let regressions = files(&root().join("regressions").join(target));
    for path in seeds.iter().chain(&regressions) {
        let data = std::fs::read(path).expect("read input");
        run(target, &path.display().to_string(), &data);
    }
    let rounds = rounds(target);
    for (n, path) in seeds.iter().enumerate() {
        let seed = std::fs::read(path).expect("read seed");
        let mut rng = Rng::new(n as u64 + 1);
        for round in 0..rounds {
            let mut data = seed.clone();
            mutate(&mut rng, &mut data);
            run(
                target,
                &format!("mutant {round} of {}", path.display()),
                &data,
            );
        }
    }
}

#[test]
fn envelope() {
    replay("envelope");
}

#[test]
fn fault() {
    replay("fault");
}

#[test]
fn logout() {
    replay("logout");
}

#[test]
fn wsdl() {
    replay("wsdl");
}

#[test]
fn wide() {
    replay("wide");
}

#[test]
fn header() {
    replay("header");
}

#[test]
fn mtom() {
    replay("mtom");
}

#[test]
fn every_target_is_replayed() {
    assert_eq!(
        TARGETS,
        ["envelope", "fault", "logout", "wsdl", "wide", "header", "mtom"]
    );
    for t in TARGETS {
        let bin = root().join("fuzz_targets").join(format!("{t}.rs"));
        assert!(bin.exists(), "{} is missing", bin.display());
    }
}

/// The `wide` seeds are valid responses, so that fuzzing starts from decodes that reach
/// every field and every recursion path rather than from early errors.
#[test]
fn wide_seeds_decode() {
    use soapgen_fuzz::checks::WIDE_NS;
    use soapgen_fuzz::wide::{GetResponse, Wide};
    use soapgen_runtime::__private::expect_body_element;
    use soapgen_runtime::soap::read_response_with_headers;
    use soapgen_runtime::xml::{decode_element, Limits};
    use soapgen_runtime::SoapVersion;

    for path in files(&root().join("seeds/wide")) {
        let data = std::fs::read(&path).expect("read");
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == "standalone.xml" {
            decode_element::<Wide>(&data, WIDE_NS, "Wide", &Limits::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            continue;
        }
        let version = if name.ends_with("-12.xml") {
            SoapVersion::Soap12
        } else {
            SoapVersion::Soap11
        };
        let mut headers = Vec::new();
        let value = read_response_with_headers(
            version,
            &data,
            &Limits::default(),
            &mut headers,
            |r, el| expect_body_element::<GetResponse>(r, el, WIDE_NS, "GetResponse"),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(value.wide.is_some(), "{name}");
        for h in &headers {
            if h.is(WIDE_NS, "Trace") {
                h.decode::<Wide>(&Limits::default())
                    .unwrap_or_else(|e| panic!("{name}: Trace header: {e}"));
            }
        }
    }
}

/// The `mtom` seeds are packages that read, so that fuzzing starts past the MIME parsing.
#[test]
fn mtom_seeds_read() {
    for path in files(&root().join("seeds/mtom")) {
        let data = std::fs::read(&path).expect("read");
        let split = data.iter().position(|&b| b == b'\n').expect("a first line");
        let content_type = String::from_utf8_lossy(&data[..split]).into_owned();
        let body = bytes::Bytes::copy_from_slice(&data[split + 1..]);
        let root = soapgen_runtime::mtom::read_package(&content_type, &body)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            root.starts_with(b"<?xml") && !root.windows(7).any(|w| w == b"Include"),
            "{}: the attachments were not inlined",
            path.display()
        );
    }
}
