//! The spyne server (`interop/spyne/server.py`) under the repository's venv
//! (`<repo>/.venv`, `.ci/requirements/interop-spyne.txt`), on a free loopback port; ready
//! when it prints `LISTENING <port>` (after binding); killed on drop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use super::repo_root;

pub struct SpyneHost {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub origin: String,
}

impl SpyneHost {
    pub fn start() -> SpyneHost {
        let python = repo_root().join(".venv/bin/python");
        let hint = "Install it with `bash .ci/install-deps.sh` (the venv <repo>/.venv from \
                    .ci/requirements/*.txt, spyne included).";
        let ok = Command::new(&python)
            .args(["-c", "import spyne"])
            .output()
            .is_ok_and(|o| o.status.success());
        assert!(ok, "spyne is not installed in {}. {hint}", python.display());
        let mut child = Command::new(&python)
            .arg(repo_root().join("interop/spyne/server.py"))
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", python.display()));
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
        let port = line
            .strip_prefix("LISTENING ")
            .and_then(|p| p.trim().parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let status = child.wait();
            panic!(
                "spyne did not print `LISTENING <port>` (read {read:?}: {line:?}; exit {status:?})"
            );
        };
        SpyneHost {
            child,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.origin, path.trim_start_matches('/'))
    }
}

impl Drop for SpyneHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
