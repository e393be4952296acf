//! Peak memory while the generated client receives and decodes the 100,000-user
//! `ListInstanceUsers` response over loopback HTTP.
//!
//! [`child`] runs in its own process (`bench rss FILE`): it starts the loopback server,
//! which streams FILE from disk in 64 KiB chunks (so the server holds no copy), calls
//! `ListInstanceUsers` with `max_response_bytes` raised above the file size, then prints
//! `VmHWM` from `/proc/self/status`. Nothing is subtracted: the figure is the whole
//! process's peak resident set (binary, runtimes, body buffer, decoded values).

use std::path::Path;
use std::process::Command;

use crate::bulk;
use crate::server::{Body, Server};

/// Whether the client decodes the body while it arrives (issue 15 item 1). It does not
/// yet: the transport collects the whole body, then the decoder runs.
pub const STREAMING: bool = false;

/// The figures of one run.
#[derive(Debug, Clone)]
pub struct RssResult {
    /// Size of the response file.
    pub file_bytes: u64,
    /// Peak resident set of the process after the call (`VmHWM`), bytes.
    pub peak_bytes: u64,
    /// Resident set just before the call (`VmRSS`), bytes, for reference.
    pub before_bytes: u64,
    /// Users decoded.
    pub users: usize,
    /// Seconds from sending the request to the decoded value.
    pub call_secs: f64,
}

impl RssResult {
    /// Peak resident set relative to the message size.
    pub fn ratio(&self) -> f64 {
        self.peak_bytes as f64 / self.file_bytes as f64
    }
}

/// A `/proc/self/status` field in bytes (`VmHWM`, `VmRSS`).
pub fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kb| kb * 1024)
}

/// The measurement itself (in the `bench rss FILE` process). Prints one line:
/// `rss file_bytes=.. peak_bytes=.. before_bytes=.. users=.. call_secs=..`.
pub fn child(file: &Path) -> Result<(), String> {
    let file_bytes = std::fs::metadata(file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .len();
    let server =
        Server::start(Body::File(file.to_path_buf())).map_err(|e| format!("server: {e}"))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let options = soapgen_runtime::Options::default()
        .max_response_bytes(usize::try_from(file_bytes).unwrap_or(usize::MAX) + (1 << 20));
    let client = soapgen_runtime::Client::builder(server.url.clone())
        .options(options)
        .build()
        .map_err(|e| e.to_string())?;
    let service = bulk::BulkServiceSoap::from_client(client);
    let before = status_kb("VmRSS").unwrap_or(0);
    let start = std::time::Instant::now();
    let list = rt
        .block_on(service.list_instance_users(Some("*".into())))
        .map_err(|e| format!("ListInstanceUsers: {e}"))?;
    let call_secs = start.elapsed().as_secs_f64();
    let users = list.as_ref().map_or(0, |l| l.service_instance_user.len());
    let peak = status_kb("VmHWM").ok_or("no VmHWM in /proc/self/status")?;
    std::hint::black_box(&list);
    println!(
        "rss file_bytes={file_bytes} peak_bytes={peak} before_bytes={before} users={users} call_secs={call_secs}"
    );
    Ok(())
}

/// Runs [`child`] in a fresh process of this executable and parses its line.
pub fn run(file: &Path) -> Result<RssResult, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = Command::new(exe)
        .arg("rss")
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run bench rss: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!(
            "bench rss failed: {}{}",
            stdout,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let line = stdout
        .lines()
        .find(|l| l.starts_with("rss "))
        .ok_or_else(|| format!("bench rss printed no result: {stdout}"))?;
    let field = |name: &str| -> Option<&str> {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
    };
    let num = |name: &str| field(name).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    Ok(RssResult {
        file_bytes: num("file_bytes"),
        peak_bytes: num("peak_bytes"),
        before_bytes: num("before_bytes"),
        users: usize::try_from(num("users")).unwrap_or(0),
        call_secs: field("call_secs")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0),
    })
}
