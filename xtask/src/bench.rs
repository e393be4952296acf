//! `cargo xtask bench [--quick] [ARGS...]`: makes the benchmark messages (once), builds
//! the `bench` crate in release mode (its build script generates the client of
//! `../shared/bench/bulk.wsdl`) and runs `bench all`, which prints the tables and writes
//! `target/bench.json`; the codec section also builds and runs the gSOAP anchor
//! (`bench/gsoap/build.sh`). `--quick` is one short repeat (CI); other arguments go to
//! `bench all` (e.g. `--only codec,e2e`). See BENCHMARKS.md.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Whether `dir` holds every message listed in `sums`, byte for byte.
fn verified(dir: &Path, sums: &Path) -> bool {
    dir.is_dir()
        && Command::new("sha256sum")
            .args(["--check", "--quiet", "--status"])
            .arg(sums)
            .current_dir(dir)
            .status()
            .is_ok_and(|s| s.success())
}

pub fn run(args: &[String]) -> ExitCode {
    let root = super::root();
    let shared = root.join("../shared/bench");
    let messages = root.join("target/bench-messages");
    let sums = shared.join("messages.sha256");
    if !shared.join("bulk.wsdl").exists() {
        eprintln!(
            "xtask bench: {} not found: the benchmarks need shared/ beside the repository",
            shared.join("bulk.wsdl").display()
        );
        return ExitCode::FAILURE;
    }
    if verified(&messages, &sums) {
        eprintln!("xtask bench: messages in target/bench-messages verified");
    } else if !super::run(
        Command::new("python3")
            .args([
                "../shared/bench/make-messages.py",
                "target/bench-messages",
                "--verify",
            ])
            .current_dir(&root),
    ) {
        eprintln!("xtask bench: making the benchmark messages failed");
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let ok = super::run(
        Command::new(cargo)
            .args([
                "run",
                "--release",
                "--quiet",
                "-p",
                "bench",
                "--bin",
                "bench",
                "--",
            ])
            .arg("all")
            .arg("--root")
            .arg(&root)
            .args(args)
            .current_dir(&root),
    );
    if ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("xtask bench: the benchmark run failed");
        ExitCode::FAILURE
    }
}
