//! The ASMX host: Mono's ASP.NET (`fastcgi-mono-server4`, Debian `mono-fastcgi-server4`)
//! serving `interop/asmx/site` behind nginx (`nginx-light`), both on loopback, both
//! started per [`AsmxHost`] and killed on drop. (`xsp4` cannot start on Debian's Mono 6.8.)
//!
//! Readiness is by events, not by time: the FastCGI socket is bound here and handed to Mono
//! as its stdin (`--socket=pipe`), so nginx's first request queues until Mono accepts; nginx
//! logs its `getrlimit(RLIMIT_NOFILE)` notice right after it has opened its listening
//! sockets (`ngx_os_status` follows `ngx_init_cycle`), and we wait for that line.

use std::os::fd::OwnedFd;
use std::os::unix::net::UnixListener;
use std::process::{Child, Command, Stdio};

use super::{free_port, repo_root, tool, wait_for_stderr_line, TempDir};

/// Mono and nginx serving both seed services; killed on drop.
pub struct AsmxHost {
    mono: Child,
    nginx: Child,
    /// `http://127.0.0.1:PORT` (no trailing slash).
    pub origin: String,
    dir: TempDir,
}

impl AsmxHost {
    /// Starts Mono and nginx; returns once nginx listens (Mono accepts on its own time).
    pub fn start() -> AsmxHost {
        let mono = tool("fastcgi-mono-server4", "mono-fastcgi-server4", &[]);
        tool("mcs", "mono-complete", &[]); // ASP.NET compiles the .asmx code with it
        let nginx = tool("nginx", "nginx-light", &["/usr/sbin"]);
        let dir = TempDir::new("asmx");
        let socket = dir.path().join("mono.sock");
        let listener = UnixListener::bind(&socket)
            .unwrap_or_else(|e| panic!("bind {}: {e}", socket.display()));
        let mono = Command::new(mono)
            .args(["--applications=/:.", "--socket=pipe"])
            .current_dir(repo_root().join("interop/asmx/site"))
            .stdin(Stdio::from(OwnedFd::from(listener)))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start fastcgi-mono-server4: {e}"));
        let mut host = None;
        let mut last = String::new();
        // The port is chosen free just before nginx binds it; retry if someone took it.
        for _ in 0..3 {
            let port = free_port();
            match start_nginx(&nginx, dir.path(), port, &socket) {
                Ok(child) => {
                    host = Some((child, port));
                    break;
                }
                Err(e) => last = e,
            }
        }
        let Some((nginx, port)) = host else {
            panic!("nginx did not start: {last}");
        };
        AsmxHost {
            mono,
            nginx,
            origin: format!("http://127.0.0.1:{port}"),
            dir,
        }
    }

    /// The URL of `path` on this host.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.origin, path.trim_start_matches('/'))
    }
}

impl Drop for AsmxHost {
    fn drop(&mut self) {
        for child in [&mut self.nginx, &mut self.mono] {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = &self.dir;
    }
}

/// Starts nginx on `port` in the foreground (one process, logging to stderr) and waits for
/// the notice it logs once its sockets listen; `Err` with its log when it exits first.
fn start_nginx(
    nginx: &std::path::Path,
    dir: &std::path::Path,
    port: u16,
    socket: &std::path::Path,
) -> Result<Child, String> {
    let d = dir.display();
    let conf = format!(
        "daemon off;\nmaster_process off;\nerror_log stderr notice;\npid {d}/nginx.pid;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_max_body_size 64m;\n\
           client_body_temp_path {d}/body;\n  fastcgi_temp_path {d}/fastcgi;\n\
           proxy_temp_path {d}/proxy;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
           server {{\n    listen 127.0.0.1:{port};\n    location / {{\n\
               include /etc/nginx/fastcgi_params;\n      fastcgi_param PATH_INFO \"\";\n\
               fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n\
               fastcgi_pass unix:{};\n    }}\n  }}\n}}\n",
        socket.display()
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).expect("write nginx.conf");
    let child = Command::new(nginx)
        .arg("-p")
        .arg(dir)
        .args(["-e", "stderr", "-c"])
        .arg(&path)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", nginx.display()))?;
    wait_for_stderr_line(child, "getrlimit(RLIMIT_NOFILE)", "nginx")
}
