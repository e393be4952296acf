//! Project automation, run as `cargo xtask <command>`:
//!
//! - `test`: install what the tests need (system packages, Python venv),
//!   then run the whole test suite and the corpus check.
//! - `corpus [DIR]`: generate a client for every `MANIFEST.tsv` entry of DIR
//!   (default `../shared/corpus`) and compile them all in one scratch crate.
//!   With `--api-stats`: only plan them and print figures about the
//!   generated API (`Option` fields, array wrappers left in public places).
//! - `layout`: no module cycle in runtime/src and codegen/src, no file over 600 lines.
//! - `bench [--quick]`: run the benchmarks (see BENCHMARKS.md); `--quick` is
//!   one short repeat, for CI.
//! - `scale`: the generator at 5,000 derivation levels, 10,000 fields and 10,000
//!   operations (time, peak RSS, `cargo check` of the output); minutes, not in `test`.

mod bench;
mod corpus;
mod layout;
mod scale;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn run(cmd: &mut Command) -> bool {
    eprintln!("+ {cmd:?}");
    cmd.status().map(|s| s.success()).unwrap_or_else(|e| {
        eprintln!("cannot run {cmd:?}: {e}");
        false
    })
}

fn test() -> ExitCode {
    let root = root();
    if !run(Command::new("bash")
        .arg(root.join(".ci/install-deps.sh"))
        .current_dir(&root))
    {
        eprintln!("xtask test: installing the test dependencies failed");
        return ExitCode::FAILURE;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let steps: Vec<Vec<&str>> = vec![
        vec!["fmt", "--all", "--check"],
        vec![
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        vec!["test", "--workspace", "--no-fail-fast"],
        // A call ended under a full-speed flood of interim responses drops its connection
        // within a millisecond with an optimised hyper only (see runtime/tests/call_end.rs).
        vec![
            "test",
            "--release",
            "-p",
            "soapgen-runtime",
            "--test",
            "call_end",
            "--",
            "--test-threads",
            "1",
        ],
        // Ready to publish: metadata, licence files, include lists, a packaged build.
        vec![
            "publish",
            "--dry-run",
            "--allow-dirty",
            "-p",
            "soapgen-runtime",
            "-p",
            "soapgen",
        ],
    ];
    for step in steps {
        if !run(Command::new(&cargo).args(&step).current_dir(&root)) {
            eprintln!("xtask test: `cargo {}` failed", step.join(" "));
            return ExitCode::FAILURE;
        }
    }
    // A short benchmark run so the harness cannot rot (figures are not
    // judged here: a quick run on a shared CI machine is too noisy).
    if bench::run(&["--quick".to_string()]) != ExitCode::SUCCESS {
        eprintln!("xtask test: `cargo xtask bench --quick` failed");
        return ExitCode::FAILURE;
    }
    let corpus = root.join("../shared/corpus");
    if corpus.join("MANIFEST.tsv").exists() {
        if corpus::run(&corpus) != 0 {
            return ExitCode::FAILURE;
        }
    } else {
        eprintln!(
            "xtask test: {} not found: the corpus check needs it",
            corpus.display()
        );
        return ExitCode::FAILURE;
    }
    if layout::run(&root) != 0 {
        eprintln!("xtask test: `cargo xtask layout` failed");
        return ExitCode::FAILURE;
    }
    // Generation at scale, and `cargo check` of a 10,000-field type and a
    // 10,000-operation service (issue 11, item 4).
    if scale::run(true) != 0 {
        eprintln!("xtask test: `cargo xtask scale` failed");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("test") => test(),
        Some("bench") => bench::run(&args[1..]),
        Some("scale") => {
            if scale::run(false) == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("layout") => {
            if layout::run(&root()) == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Some("corpus") => {
            let stats = args.iter().any(|a| a == "--api-stats");
            let keep_wrappers = args.iter().any(|a| a == "--keep-wrappers");
            let dir = args[1..]
                .iter()
                .find(|a| !a.starts_with("--"))
                .map_or_else(|| root().join("../shared/corpus"), PathBuf::from);
            let failed = if stats {
                corpus::api_stats(&dir, keep_wrappers)
            } else {
                corpus::run(&dir)
            };
            if failed == 0 {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!(
                "usage: cargo xtask test | corpus [--api-stats [--keep-wrappers]] [DIR] | layout | bench [--quick] | scale"
            );
            ExitCode::from(2)
        }
    }
}
