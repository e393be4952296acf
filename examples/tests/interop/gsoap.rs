//! The gSOAP interop server (`interop/gsoap`): built once per test process with
//! `interop/gsoap/build.sh` (cached on disk and serialized with `flock` across processes),
//! one server process per [`GsoapServer`], killed on drop.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;

use super::zeep::repo_root;

static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();

/// The server binary, built on first use; panics (never skips) when gSOAP is missing.
pub fn binary() -> PathBuf {
    match BINARY.get_or_init(build) {
        Ok(p) => p.clone(),
        Err(e) => panic!("{e}"),
    }
}

fn build() -> Result<PathBuf, String> {
    let script = repo_root().join("interop/gsoap/build.sh");
    let hint = "Install gSOAP with `bash .ci/install-deps.sh` (apt-get install gsoap libgsoap-dev \
                g++ pkg-config; `cargo xtask test` runs it first).";
    let out = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| format!("cannot run {}: {e}. {hint}", script.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "the gSOAP interop server could not be built: {} failed ({}):\n{stderr}\n{hint}",
            script.display(),
            out.status
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let path = PathBuf::from(stdout.lines().last().unwrap_or_default().trim());
    if !path.is_file() {
        return Err(format!(
            "{} printed `{stdout}`, which is not a file:\n{stderr}",
            script.display()
        ));
    }
    Ok(path)
}

/// A running gSOAP server on 127.0.0.1; killed when dropped.
pub struct GsoapServer {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub base: String,
    connections: Arc<AtomicUsize>,
    reader: Option<JoinHandle<()>>,
}

impl GsoapServer {
    /// Starts a server on a free port and waits for its `LISTENING <port>` line.
    pub fn start() -> GsoapServer {
        let bin = binary();
        let mut child = Command::new(&bin)
            .args(["0", "--log-connections"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        let read = stdout.read_line(&mut line);
        let port = line
            .strip_prefix("LISTENING ")
            .and_then(|p| p.trim().parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let status = child.wait();
            panic!(
                "{} did not print `LISTENING <port>` (read {read:?}: {line:?}; exit {status:?})",
                bin.display()
            );
        };
        // Drain stdout for the rest of the server's life, counting `CONNECTION n` lines.
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = connections.clone();
        let reader = std::thread::spawn(move || {
            for line in stdout.lines() {
                match line {
                    Ok(l) if l.starts_with("CONNECTION ") => {
                        counter.fetch_add(1, Ordering::SeqCst);
                    }
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        });
        GsoapServer {
            child,
            base: format!("http://127.0.0.1:{port}/"),
            connections,
            reader: Some(reader),
        }
    }

    /// The endpoint URL for `path` (gSOAP dispatches on the Body, not on the path).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    /// Stops the server and returns how many TCP connections it accepted in its life.
    /// Exact: the count is read after the process has exited and its stdout is at EOF.
    pub fn stop(mut self) -> usize {
        self.kill();
        self.connections.load(Ordering::SeqCst)
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

impl Drop for GsoapServer {
    fn drop(&mut self) {
        self.kill();
    }
}
