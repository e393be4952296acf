//! `cargo xtask scale`: the generator at the sizes issue 11 (item 4) names, with the
//! release `soapgen` command: a 5,000-deep derivation chain (must stay under 1 GiB peak
//! RSS and 10 s), a type with 10,000 fields and a service with 10,000 operations, whose
//! generated modules must pass `cargo check` (each in a scratch crate). Prints one line
//! per step with its time and peak RSS. Part of `cargo xtask test` (a few minutes), where
//! the chain's time limit is three times looser (a shared CI machine's wall clock is
//! noisy; its peak RSS is not); `codegen/tests/scale.rs` also checks that the work grows
//! linearly, by counting allocations.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// Limits for the derivation chain (issue 11, item 4).
const CHAIN_MAX_RSS: u64 = 1 << 30;
const CHAIN_MAX_SECS: f64 = 10.0;

#[path = "../../codegen/tests/synthetic/mod.rs"]
mod synthetic;
use synthetic::{chain, operations, wide};

/// Runs `cmd`, returning (success, seconds, peak RSS of that command and the processes it
/// waited for, in bytes): measured with `wait4` on the child alone, so that earlier
/// commands (the release build) do not count.
fn timed(cmd: &mut Command) -> (bool, f64, u64) {
    eprintln!("+ {cmd:?}");
    let started = Instant::now();
    let child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("cannot run {cmd:?}: {e}");
            return (false, 0.0, 0);
        }
    };
    let pid = libc::pid_t::try_from(child.id()).unwrap_or(0);
    let mut status = 0;
    // SAFETY: wait4 writes the status and the zeroed rusage struct it is given; the child
    // is ours and not waited for elsewhere (`child` is dropped without `wait`).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let secs = started.elapsed().as_secs_f64();
    let ok = waited == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let peak = u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024;
    (ok, secs, peak)
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1 << 20) as f64
}

/// `ci`: the chain may take up to three times [`CHAIN_MAX_SECS`] (see the module docs).
pub fn run(ci: bool) -> usize {
    let max_secs = if ci {
        3.0 * CHAIN_MAX_SECS
    } else {
        CHAIN_MAX_SECS
    };
    let root = super::root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let scratch = root.join("target/xtask-scale");
    let _ = std::fs::remove_dir_all(&scratch);
    if let Err(e) = std::fs::create_dir_all(scratch.join("src")) {
        eprintln!("cannot create {}: {e}", scratch.display());
        return 1;
    }
    if !super::run(
        Command::new(&cargo)
            .args(["build", "--release", "-p", "soapgen", "--bin", "soapgen"])
            .current_dir(&root),
    ) {
        return 1;
    }
    let soapgen = root.join("target/release/soapgen");
    let mut failures = 0;
    let cases: [(&str, String); 3] = [
        ("chain5000", chain(5000)),
        ("fields10000", wide(10_000)),
        ("operations10000", operations(10_000)),
    ];
    for (name, wsdl) in &cases {
        let input = scratch.join(format!("{name}.wsdl"));
        let output = scratch.join("src").join(format!("{name}.rs"));
        if let Err(e) = std::fs::write(&input, wsdl) {
            eprintln!("cannot write {}: {e}", input.display());
            return failures + 1;
        }
        let (ok, secs, peak) = timed(
            Command::new(&soapgen)
                .arg("generate")
                .arg(&input)
                .arg("-o")
                .arg(&output),
        );
        let lines = std::fs::read_to_string(&output)
            .map(|c| c.lines().count())
            .unwrap_or(0);
        println!(
            "scale: generate {name}: {secs:.1} s, peak RSS {:.0} MB, {lines} lines",
            mb(peak)
        );
        if !ok {
            failures += 1;
        }
        if *name == "chain5000" && (secs > max_secs || peak > CHAIN_MAX_RSS) {
            eprintln!(
                "scale: the 5,000-deep chain must generate under {max_secs} s and {} MB",
                mb(CHAIN_MAX_RSS)
            );
            failures += 1;
        }
    }
    failures += check(&cargo, &scratch, &["fields10000", "operations10000"]);
    failures
}

/// `cargo check` of each generated module alone in the scratch crate.
fn check(cargo: &str, scratch: &Path, modules: &[&str]) -> usize {
    let runtime = super::root().join("runtime");
    let manifest = format!(
        "[package]\nname = \"scale-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\nsoapgen-runtime = {{ path = {:?} }}\n",
        runtime.display().to_string()
    );
    if std::fs::write(scratch.join("Cargo.toml"), manifest).is_err() {
        return 1;
    }
    let target = super::root().join("target/xtask-scale-target");
    let lib = scratch.join("src/lib.rs");
    let mut failures = 0;
    // The dependencies first, so that each module's figure is its own.
    for module in std::iter::once(None).chain(modules.iter().map(Some)) {
        let body = match module {
            None => "//! Dependencies only.\n".to_owned(),
            Some(m) => format!("//! `{m}` alone.\n#![allow(dead_code)]\n#[path = \"{m}.rs\"]\npub mod generated;\n"),
        };
        if std::fs::write(&lib, body).is_err() {
            return failures + 1;
        }
        let (ok, secs, _) = timed(
            Command::new(cargo)
                .args(["check", "--quiet"])
                .env("CARGO_INCREMENTAL", "0")
                .env("CARGO_TARGET_DIR", &target)
                .env("RUSTFLAGS", "-D warnings")
                .current_dir(scratch),
        );
        println!(
            "scale: cargo check {}: {secs:.1} s{}",
            module.copied().unwrap_or("(dependencies)"),
            if ok { "" } else { " FAILED" }
        );
        if !ok {
            failures += 1;
        }
    }
    failures
}
