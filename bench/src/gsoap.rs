//! The gSOAP anchor: gSOAP 2.8's own generated C++ deserializer and serializer of
//! `shared/bench/bulk.wsdl`, timed in the same run as our decoder and encoder.
//!
//! `bench/gsoap/build.sh` generates them with `wsdl2h` + `soapcpp2 -1 -C` and compiles
//! `bench/gsoap/gsoap-bench.cpp` (g++ -O2) into `target/gsoap-bench/gsoap-bench` (cached).
//! [`Gsoap`] starts that program once and drives it over a pipe, one command per line
//! (see the comment at the top of `gsoap-bench.cpp`), so that a repeat of ours, of the
//! quick-xml baseline and of gSOAP alternate. gSOAP is required: without `wsdl2h`,
//! `soapcpp2`, `g++` or `libgsoap-dev` the benchmark fails with an install hint.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use crate::stats::Batch;

/// The running gSOAP benchmark program.
pub struct Gsoap {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

/// An operation of the gSOAP program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `soap_recv___saj__ListInstanceUsers` of a response envelope, then freeing it.
    DecodeList,
    /// `soap_recv___saj__Authenticate` of a response envelope, then freeing it.
    DecodeAuth,
    /// The `UploadInstanceUsers` request envelope serialized to memory.
    EncodeUpload,
    /// The `Authenticate` request envelope serialized to memory.
    EncodeAuth,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::DecodeList => "decode-list",
            Op::DecodeAuth => "decode-auth",
            Op::EncodeUpload => "encode-upload",
            Op::EncodeAuth => "encode-auth",
        }
    }
}

/// Builds the gSOAP program (if out of date) under `root/target/gsoap-bench`; returns
/// its path.
pub fn build(root: &Path) -> Result<PathBuf, String> {
    let script = root.join("bench/gsoap/build.sh");
    let out = Command::new("bash")
        .arg(&script)
        .arg(root.join("target/gsoap-bench"))
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{}: {e}", script.display()))?;
    if !out.status.success() {
        return Err(format!(
            "building the gSOAP anchor failed ({}); it needs gsoap, libgsoap-dev, g++ and \
             pkg-config: run .ci/install-deps.sh",
            script.display()
        ));
    }
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

impl Gsoap {
    /// Builds (if needed) and starts the gSOAP program.
    pub fn start(root: &Path) -> Result<Gsoap, String> {
        let bin = build(root)?;
        let mut child = Command::new(&bin)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let stdin = child.stdin.take();
        let stdout = child
            .stdout
            .take()
            .map(BufReader::new)
            .ok_or("gsoap-bench: no stdout")?;
        Ok(Gsoap {
            child,
            stdin,
            stdout,
        })
    }

    /// Sends one command; returns the words after `ok`.
    fn ask(&mut self, command: &str) -> Result<Vec<String>, String> {
        let stdin = self.stdin.as_mut().ok_or("gsoap-bench: closed")?;
        writeln!(stdin, "{command}")
            .and_then(|()| stdin.flush())
            .map_err(|e| format!("gsoap-bench: {e}"))?;
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .map_err(|e| format!("gsoap-bench: {e}"))?;
        match line.trim_end().split_once(' ') {
            Some(("ok", rest)) => Ok(rest.split(' ').map(str::to_owned).collect()),
            _ if line.is_empty() => Err(format!("gsoap-bench exited during `{command}`")),
            _ => Err(format!("gsoap-bench: `{command}`: {}", line.trim_end())),
        }
    }

    fn number<T: std::str::FromStr>(words: &[String], i: usize) -> Result<T, String> {
        words
            .get(i)
            .and_then(|w| w.parse().ok())
            .ok_or_else(|| format!("gsoap-bench: bad answer {words:?}"))
    }

    /// Loads `path` under `key`; returns its size.
    pub fn load(&mut self, key: &str, path: &Path) -> Result<usize, String> {
        let words = self.ask(&format!("load {key} {}", path.display()))?;
        Self::number(&words, 0)
    }

    /// Runs `op` once over `key`: users decoded, or bytes encoded.
    pub fn check(&mut self, op: Op, key: &str) -> Result<usize, String> {
        let words = self.ask(&format!("check {} {key}", op.name()))?;
        Self::number(&words, 0)
    }

    /// Runs an encode `op` once over `key` and writes the envelope to `path`.
    pub fn write(&mut self, op: Op, key: &str, path: &Path) -> Result<usize, String> {
        let words = self.ask(&format!("write {} {key} {}", op.name(), path.display()))?;
        Self::number(&words, 0)
    }

    /// Runs `op` over `key` for at least `min` of wall time; seconds per message.
    pub fn time(&mut self, op: Op, key: &str, min: Duration) -> Result<Batch, String> {
        let words = self.ask(&format!(
            "time {} {key} {}",
            op.name(),
            min.as_secs_f64() * 1e3
        ))?;
        Ok(Batch {
            cpu: Self::number(&words, 0)?,
            wall: Self::number(&words, 1)?,
        })
    }
}

impl Drop for Gsoap {
    fn drop(&mut self) {
        // End of input ends the program.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
