//! The independent servers of the client configuration tests, each a process started
//! here and stopped on drop: the gSOAP backend, `interop/httpd/serve.py` (Apache httpd +
//! lighttpd), `interop/ntlm/server.py` (pyspnego) and `interop/httpd/gzip_bomb.py`.
//! The Python launchers print one JSON line once their servers accept connections, and
//! stop them when their stdin closes, so nothing here waits on time.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};

use super::gsoap::GsoapServer;
use super::zeep::{python, repo_root};

/// A launcher process and the JSON line it printed.
pub struct Launcher {
    child: Child,
    stdin: Option<ChildStdin>,
    /// What the launcher printed once ready (ports, credentials, file paths).
    pub info: serde_json::Value,
}

impl Launcher {
    /// Starts `<venv python> <script> <args>` and waits for its JSON line.
    pub fn start(script: &str, args: &[String]) -> Launcher {
        let path = repo_root().join(script);
        let mut child = Command::new(python())
            .arg(&path)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", path.display()));
        let stdin = child.stdin.take();
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
        let info: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(_) => {
                drop(stdin);
                let status = child.wait();
                panic!(
                    "{script} did not start (read {read:?}: {line:?}; exit {status:?}). Its \
                     servers are installed by `bash .ci/install-deps.sh` (.ci/packages/httpd.txt: \
                     apache2 lighttpd openssl; .ci/requirements/ntlm.txt: pyspnego)."
                )
            }
        };
        Launcher { child, stdin, info }
    }

    /// `info[key]` as a string.
    pub fn str(&self, key: &str) -> String {
        match &self.info[key] {
            serde_json::Value::String(s) => s.clone(),
            other => panic!("{key} is {other}"),
        }
    }

    /// `info["ports"][name]` (or `info[name]`) as a port.
    pub fn port(&self, name: &str) -> u16 {
        let v = self.info["ports"]
            .get(name)
            .or_else(|| self.info.get(name))
            .and_then(|v| v.as_u64())
            .unwrap_or_else(|| panic!("no port {name} in {}", self.info));
        u16::try_from(v).expect("a port")
    }
}

impl Drop for Launcher {
    /// Closes the launcher's stdin (it stops its servers and exits) and waits for it.
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}

/// The gSOAP backend and Apache httpd + lighttpd in front of it.
pub struct WebServers {
    pub gsoap: GsoapServer,
    pub httpd: Launcher,
}

impl WebServers {
    pub fn start() -> WebServers {
        let gsoap = GsoapServer::start();
        let port = gsoap
            .base
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        let httpd = Launcher::start("interop/httpd/serve.py", &["--backend".into(), port]);
        WebServers { gsoap, httpd }
    }

    pub fn http(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.httpd.port("http"))
    }

    pub fn https(&self, vhost: &str) -> String {
        format!("https://localhost:{}/svc.asmx", self.httpd.port(vhost))
    }

    pub fn file(&self, key: &str) -> PathBuf {
        PathBuf::from(self.httpd.str(key))
    }

    /// Apache's access log so far.
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.file("access_log")).unwrap_or_default()
    }
}

/// The gSOAP backend and the pyspnego NTLM acceptor in front of it.
pub struct NtlmServer {
    pub gsoap: GsoapServer,
    pub ntlm: Launcher,
}

impl NtlmServer {
    pub fn start() -> NtlmServer {
        let gsoap = GsoapServer::start();
        let port = gsoap
            .base
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap_or_default()
            .to_owned();
        let ntlm = Launcher::start("interop/ntlm/server.py", &["--backend".into(), port]);
        NtlmServer { gsoap, ntlm }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/Service.asmx", self.ntlm.port("port"))
    }

    /// `DOMAIN\user:password`.
    pub fn credentials(&self) -> String {
        format!(
            "{}\\{}:{}",
            self.ntlm.str("domain"),
            self.ntlm.str("user"),
            self.ntlm.str("password")
        )
    }
}
