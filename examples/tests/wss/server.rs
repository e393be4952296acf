//! The gSOAP WS-* interop server (`interop/gsoap-plugins`): built once per test process with
//! its `build.sh` (cached on disk, serialized with `flock`), one process per
//! [`WsServer`], killed on drop.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

static BINARY: OnceLock<Result<PathBuf, String>> = OnceLock::new();

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("examples/ has a parent")
        .to_path_buf()
}

/// The server binary, built on first use; panics (never skips) when gSOAP is missing.
pub fn binary() -> PathBuf {
    match BINARY.get_or_init(build) {
        Ok(p) => p.clone(),
        Err(e) => panic!("{e}"),
    }
}

fn build() -> Result<PathBuf, String> {
    let script = repo_root().join("interop/gsoap-plugins/build.sh");
    let hint = "Install gSOAP and OpenSSL with `bash .ci/install-deps.sh` (apt-get install gsoap \
                libgsoap-dev libssl-dev zlib1g-dev g++ pkg-config; `cargo xtask test` runs it).";
    let out = Command::new("bash")
        .arg(&script)
        .output()
        .map_err(|e| format!("cannot run {}: {e}. {hint}", script.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(format!(
            "the gSOAP WS-* server could not be built: {} failed ({}):\n{stderr}\n{hint}",
            script.display(),
            out.status
        ));
    }
    let stdout = String::from_utf8_lossy(&out.stdout);
    let path = PathBuf::from(stdout.lines().last().unwrap_or_default().trim());
    if !path.is_file() {
        return Err(format!(
            "{} printed `{stdout}`:\n{stderr}",
            script.display()
        ));
    }
    Ok(path)
}

/// A running server on 127.0.0.1; killed when dropped.
pub struct WsServer {
    child: Child,
    /// `http://127.0.0.1:PORT/`.
    pub url: String,
}

impl WsServer {
    /// Starts a server with `args` (see interop/gsoap-plugins/README.md) on a free port and
    /// waits for its `LISTENING <port>` line.
    pub fn start(args: &[&str]) -> WsServer {
        let bin = binary();
        let mut child = Command::new(&bin)
            .arg("0")
            .args(args)
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
        WsServer {
            child,
            url: format!("http://127.0.0.1:{port}/"),
        }
    }
}

impl Drop for WsServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
