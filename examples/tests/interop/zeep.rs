//! zeep, the reference Python SOAP stack, as a test oracle: runs
//! `interop/zeep/envelopes.py` with `<repo>/.venv/bin/python` and returns the envelope zeep
//! would send (request) or write (response), with the HTTP headers it would use.
//!
//! Shared by `examples/tests/interop.rs` and `interop/corpus-clients/tests/zeep.rs`
//! (included with `#[path]`). A missing venv is a test failure that says how to install
//! it, never a skip.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

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
             interop/zeep/requirements.txt; `cargo xtask test` runs it first).",
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

    /// Runs `envelopes.py`; panics with its stderr when it fails.
    pub fn run(&self) -> Envelope {
        let root = repo_root();
        let script = root.join("interop/zeep/envelopes.py");
        let out = Command::new(python())
            .arg(&script)
            .args(&self.args)
            .arg("--headers")
            .current_dir(&root)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            panic!(
                "zeep failed ({}): envelopes.py {}\n{stderr}\n(if zeep is not installed: \
                 `bash .ci/install-deps.sh`)",
                out.status,
                self.args.join(" ")
            );
        }
        let xml = String::from_utf8(out.stdout).expect("zeep printed UTF-8");
        let json = stderr
            .lines()
            .rev()
            .find(|l| l.starts_with('{'))
            .unwrap_or_else(|| {
                panic!("envelopes.py --headers printed no JSON on stderr:\n{stderr}")
            });
        let json: serde_json::Value = serde_json::from_str(json).expect("headers JSON");
        let headers = json["headers"]
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
