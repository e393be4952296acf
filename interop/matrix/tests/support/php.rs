//! PHP's built-in web server running `interop/php/server.php` (ext/soap `SoapServer` in
//! WSDL mode) on loopback; killed on drop. Ready when PHP logs
//! `Development Server (http://127.0.0.1:PORT) started`, which it does after binding.

use std::process::{Child, Command, Stdio};

use super::{free_port, repo_root, tool, wait_for_stderr_line};

/// A running `php -S`; killed on drop.
pub struct PhpHost {
    child: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub origin: String,
}

impl PhpHost {
    pub fn start() -> PhpHost {
        let php = tool("php", "php-cli", &[]);
        let ext = Command::new(&php).arg("-m").output().expect("php -m");
        assert!(
            String::from_utf8_lossy(&ext.stdout)
                .lines()
                .any(|l| l == "soap"),
            "PHP's soap extension is missing (Debian package `php-soap`). Install the interop \
             stacks with `bash .ci/install-deps.sh`."
        );
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(&php)
                .args(["-d", "display_errors=stderr", "-S"])
                .arg(format!("127.0.0.1:{port}"))
                .arg(repo_root().join("interop/php/server.php"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", php.display()));
            match wait_for_stderr_line(child, "Development Server", "php") {
                Ok(child) => {
                    return PhpHost {
                        child,
                        origin: format!("http://127.0.0.1:{port}"),
                    }
                }
                Err(e) => last = e,
            }
        }
        panic!("php -S did not start: {last}");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.origin, path.trim_start_matches('/'))
    }
}

impl Drop for PhpHost {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
