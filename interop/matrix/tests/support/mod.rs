//! Helpers shared by the interop matrix tests: scratch directories, finding the tools a
//! server stack needs (failing with an install hint, never skipping), and the check that
//! the WSDL a live server publishes still generates the client `build.rs` compiled.
#![allow(dead_code)]

pub mod asmx;
pub mod matrix;
pub mod node;
pub mod php;
pub mod record;
pub mod spyne;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Child;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

#[allow(unused_imports)] // not every test binary compares documents
pub use soapgen_testkit::xml::canonical;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("interop/matrix sits two levels below the repository root")
        .to_path_buf()
}

const INSTALL_HINT: &str =
    "Install the interop stacks with `bash .ci/install-deps.sh` (as root; `cargo xtask test` runs it first).";

/// The path of `tool`: found on `PATH` or in one of `extra` directories (Debian puts nginx
/// in /usr/sbin, which is not on a normal user's `PATH`). Panics with an install hint.
pub fn tool(tool: &str, package: &str, extra: &[&str]) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(extra.iter().map(PathBuf::from))
        .map(|d| d.join(tool))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!("`{tool}` not found (Debian package `{package}`). {INSTALL_HINT}")
        })
}

/// A scratch directory under the system temporary directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "soapgen-{what}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Checks that `live` (the WSDL text a running server published, its own origin
/// `http://127.0.0.1:PORT` replaced by `http://localhost`) generates exactly the code that
/// `build.rs` generated from the snapshot `interop/<snapshot>`, which the tests call.
/// `SOAPGEN_BLESS=1` rewrites the snapshot instead.
pub fn assert_generates_like_snapshot(live: &str, snapshot: &str) {
    let snapshot = repo_root().join("interop").join(snapshot);
    if std::env::var_os("SOAPGEN_BLESS").is_some() {
        std::fs::write(&snapshot, live).unwrap_or_else(|e| panic!("{}: {e}", snapshot.display()));
        return;
    }
    let scratch = TempDir::new("wsdl");
    let fetched = scratch
        .path()
        .join(snapshot.file_name().expect("a file name"));
    std::fs::write(&fetched, live).expect("write the fetched WSDL");
    // As build.rs: the tests are written against the ArrayOf wrapper structs.
    let builder = soapgen::Builder::new();
    let from_live = builder
        .generate(&fetched)
        .unwrap_or_else(|e| panic!("soapgen cannot generate the published WSDL: {e}\n{live}"));
    let from_snapshot = builder
        .generate(&snapshot)
        .unwrap_or_else(|e| panic!("{}: {e}", snapshot.display()));
    assert!(
        from_live.warnings.is_empty(),
        "the published WSDL generates with warnings: {:?}",
        from_live.warnings
    );
    if from_live.code != from_snapshot.code {
        panic!(
            "the WSDL the server publishes no longer generates the client the tests were built \
             from ({}); rerun with SOAPGEN_BLESS=1 to take the new WSDL.\n--- published:\n{live}",
            snapshot.display()
        );
    }
}

/// A loopback port that was free a moment ago (for servers that cannot bind port 0 and
/// report it); callers retry when the server then fails to bind it.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free loopback port")
        .port()
}

/// Waits until `child` (stderr piped) writes a line containing `ready` on stderr: the event
/// a server logs once it listens. Keeps draining stderr for the child's whole life (so it
/// never blocks on a full pipe), echoing lines that look like errors. `Err` with the log
/// when the child exits first (or stays silent for 60 s); the child is then killed.
pub fn wait_for_stderr_line(mut child: Child, ready: &str, name: &str) -> Result<Child, String> {
    let stderr = BufReader::new(child.stderr.take().expect("piped stderr"));
    let (tx, rx) = mpsc::channel();
    let (ready, name) = (ready.to_string(), name.to_string());
    std::thread::spawn(move || {
        let mut log = String::new();
        let mut is_ready = false;
        for line in stderr.lines() {
            let Ok(line) = line else { break };
            if !is_ready && line.contains(&ready) {
                is_ready = true;
                let _ = tx.send(Ok(()));
            } else if !is_ready {
                log.push_str(&line);
                log.push('\n');
            } else if line.contains("error") || line.contains("Fatal") || line.contains("alert") {
                eprintln!("{name}: {line}");
            }
        }
        if !is_ready {
            let _ = tx.send(Err(log));
        }
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Ok(())) => Ok(child),
        other => {
            let _ = child.kill();
            let _ = child.wait();
            Err(format!("{other:?}"))
        }
    }
}
