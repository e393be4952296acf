//! A minimal HTTP/1.1 server on loopback for the benchmarks: keep-alive, `Content-Length`
//! request bodies (read and discarded), and one fixed answer, either bytes in memory or a
//! file streamed from disk (so serving a large file costs the server almost no memory).
//!
//! It runs on its own thread with a current-thread tokio runtime, so the client under
//! test has the other core.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread::JoinHandle;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// What the server answers to every request.
#[derive(Debug, Clone)]
pub enum Body {
    /// These bytes.
    Bytes(Arc<Vec<u8>>),
    /// The content of this file, read in chunks for every response.
    File(PathBuf),
}

/// A running server; stops when dropped.
#[derive(Debug)]
pub struct Server {
    /// `http://127.0.0.1:PORT/bench`.
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Server {
    /// Starts a server on 127.0.0.1 (free port) answering `200 OK`, `text/xml`, `body`.
    pub fn start(body: Body) -> std::io::Result<Server> {
        let std_listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        std_listener.set_nonblocking(true)?;
        let addr: SocketAddr = std_listener.local_addr()?;
        let (stop_tx, stop_rx) = oneshot::channel::<()>();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let thread = std::thread::Builder::new()
            .name("bench-server".into())
            .spawn(move || {
                runtime.block_on(async move {
                    let Ok(listener) = TcpListener::from_std(std_listener) else {
                        return;
                    };
                    let accept = async {
                        while let Ok((sock, _)) = listener.accept().await {
                            let body = body.clone();
                            tokio::spawn(async move {
                                let _ = serve(sock, body).await;
                            });
                        }
                    };
                    tokio::select! {
                        _ = accept => {}
                        _ = stop_rx => {}
                    }
                });
            })?;
        Ok(Server {
            url: format!("http://{addr}/bench"),
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

fn content_length(head: &[u8]) -> usize {
    let head = String::from_utf8_lossy(head);
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(n, _)| n.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0)
}

fn response_head(len: u64) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {len}\r\n\r\n"
    )
    .into_bytes()
}

async fn serve(mut sock: TcpStream, body: Body) -> std::io::Result<()> {
    sock.set_nodelay(true)?;
    // For in-memory answers, head and body go out in one write.
    let fixed = match &body {
        Body::Bytes(b) => {
            let mut r = response_head(b.len() as u64);
            r.extend_from_slice(b);
            Some(r)
        }
        Body::File(_) => None,
    };
    let mut buf: Vec<u8> = Vec::with_capacity(8192);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let head_end = loop {
            if let Some(end) = find_head_end(&buf) {
                break end;
            }
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let total = head_end + content_length(&buf[..head_end]);
        while buf.len() < total {
            let n = sock.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        buf.drain(..total);
        match (&fixed, &body) {
            (Some(bytes), _) => sock.write_all(bytes).await?,
            (None, Body::File(path)) => send_file(&mut sock, path, &mut chunk).await?,
            (None, Body::Bytes(_)) => unreachable!("in-memory bodies are prepared above"),
        }
    }
}

async fn send_file(sock: &mut TcpStream, path: &PathBuf, chunk: &mut [u8]) -> std::io::Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    sock.write_all(&response_head(len)).await?;
    loop {
        // A blocking read of at most 64 KiB from the page cache: fine on this
        // server's own thread.
        let n = file.read(chunk)?;
        if n == 0 {
            return Ok(());
        }
        sock.write_all(&chunk[..n]).await?;
    }
}
