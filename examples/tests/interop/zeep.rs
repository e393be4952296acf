//! zeep, the reference Python SOAP stack, as a test oracle: runs
//! `interop/zeep/envelopes.py --serve` with `<repo>/.venv/bin/python` (one process per test
//! binary) and returns the envelope zeep would send (request) or write (response), with the
//! HTTP headers it would use.
//!
//! Shared by `examples/tests/interop.rs` and `interop/corpus-clients/tests/zeep.rs`
//! (included with `#[path]`). A missing venv is a test failure that says how to install
//! it, never a skip.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

/// The repository root: the first ancestor of this crate's directory that holds
/// `interop/zeep/envelopes.py`.
pub fn repo_root() -> PathBuf {
    let start = Path::new(env!("CARGO_MANIFEST_DIR"));
    start
        .ancestors()
        .find(|d| d.join("interop/zeep/envelopes.py").is_file())
        .unwrap_or_else(|| panic!("no interop/zeep/envelopes.py above {}", start.display()))
        .to_path_buf()
}

/// `<repo>/.venv/bin/python`; panics with the install command when it is missing.
pub fn python() -> PathBuf {
    let py = repo_root().join(".venv/bin/python");
    if !py.exists() {
        panic!(
            "the zeep reference stack is not installed: {} does not exist.\n\
             Install it with `bash .ci/install-deps.sh` (creates <repo>/.venv from \
             .ci/requirements/*.txt; `cargo xtask test` runs it first).",
            py.display()
        );
    }
    py
}

/// What `envelopes.py` printed.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The envelope exactly as zeep serialized it (UTF-8, no XML declaration).
    pub xml: String,
    /// The HTTP headers zeep would send, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Envelope {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One `envelopes.py` invocation.
#[derive(Debug, Clone)]
pub struct Zeep {
    args: Vec<String>,
}

impl Zeep {
    /// zeep's request envelope for `operation` of `wsdl`.
    pub fn request(wsdl: impl AsRef<Path>, operation: &str) -> Zeep {
        let wsdl = wsdl.as_ref().to_string_lossy().into_owned();
        Zeep {
            args: vec![
                "--wsdl".into(),
                wsdl,
                "--operation".into(),
                operation.into(),
            ],
        }
    }

    /// zeep's response envelope for `operation` of `wsdl`.
    pub fn response(wsdl: impl AsRef<Path>, operation: &str) -> Zeep {
        let mut z = Zeep::request(wsdl, operation);
        z.args.push("--response".into());
        z
    }

    fn arg(mut self, name: &str, value: impl Into<String>) -> Zeep {
        self.args.push(name.into());
        self.args.push(value.into());
        self
    }

    /// The port (decides the binding and the SOAP version).
    pub fn port(self, port: &str) -> Zeep {
        self.arg("--port", port)
    }

    /// A binding by name (for WSDLs without a service, or to pick one directly).
    pub fn binding(self, binding: &str) -> Zeep {
        self.arg("--binding", binding)
    }

    /// The service.
    pub fn service(self, service: &str) -> Zeep {
        self.arg("--service", service)
    }

    /// Request arguments (keyword arguments as a JSON object, positional as an array).
    pub fn args(self, args: &serde_json::Value) -> Zeep {
        self.arg("--args", args.to_string())
    }

    /// Response values (the children of the response wrapper).
    pub fn values(self, values: &serde_json::Value) -> Zeep {
        self.arg("--values", values.to_string())
    }

    /// A URL map (the corpus `URLMAP.tsv`) for absolute imports.
    pub fn urlmap(self, tsv: impl AsRef<Path>) -> Zeep {
        let tsv = tsv.as_ref().to_string_lossy().into_owned();
        self.arg("--urlmap", tsv)
    }

    /// Runs the job on the shared `envelopes.py --serve` process; panics with zeep's
    /// message when it fails.
    pub fn run(&self) -> Envelope {
        let reply = {
            let mut oracle = ORACLE.lock().unwrap_or_else(|e| e.into_inner());
            if oracle.is_none() {
                *oracle = Some(Oracle::start());
            }
            oracle.as_mut().expect("started").ask(&self.args)
        };
        let reply = reply.unwrap_or_else(|e| {
            panic!("zeep failed: envelopes.py {}\n{e}", shell_words(&self.args))
        });
        let xml = reply["xml"].as_str().expect("xml").to_string();
        let headers = reply["headers"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| {
                        (
                            k.to_ascii_lowercase(),
                            v.as_str().unwrap_or_default().to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Envelope { xml, headers }
    }
}

fn shell_words(args: &[String]) -> String {
    args.iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One `envelopes.py --serve` process per test binary: zeep is imported and every WSDL
/// loaded once, instead of once per envelope. It ends when the test process exits (EOF on
/// its stdin).
static ORACLE: Mutex<Option<Oracle>> = Mutex::new(None);

struct Oracle {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Oracle {
    fn start() -> Oracle {
        let root = repo_root();
        let script = root.join("interop/zeep/envelopes.py");
        let mut child = Command::new(python())
            .arg(&script)
            .arg("--serve")
            .current_dir(&root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        let stdin = child.stdin.take().expect("piped stdin");
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Oracle {
            child,
            stdin,
            stdout,
        }
    }

    /// Sends one job; `Err` is zeep's error message (or the process's death).
    fn ask(&mut self, args: &[String]) -> Result<serde_json::Value, String> {
        let job = serde_json::to_string(args).expect("JSON");
        let mut line = String::new();
        let io = writeln!(self.stdin, "{job}")
            .and_then(|()| self.stdin.flush())
            .and_then(|()| self.stdout.read_line(&mut line));
        match io {
            Ok(n) if n > 0 => {}
            other => {
                let status = self.child.try_wait();
                return Err(format!(
                    "the zeep process (envelopes.py --serve) died ({other:?}, exit {status:?}); is zeep \
                     installed? `bash .ci/install-deps.sh`"
                ));
            }
        }
        let reply: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("envelopes.py --serve answered non-JSON ({e}): {line}"))?;
        if reply["ok"] == serde_json::Value::Bool(true) {
            Ok(reply)
        } else {
            Err(reply["error"]
                .as_str()
                .unwrap_or("unknown error")
                .to_string())
        }
    }
}
