//! Raw servers: fixed bytes for one connection ([`OneShot`]) and a connection counter
//! ([`Canary`]).

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{read_request, Read1, Request, Wake};

/// What a [`OneShot`] server saw.
#[derive(Debug, Default)]
pub struct Served {
    /// The request of the first connection (`None`: nobody connected). A request cut short
    /// holds whatever arrived.
    pub request: Option<Request>,
    /// Connections after the first one (a replayed request, a followed redirect, ...).
    pub extra_connections: usize,
}

/// A raw TCP server on 127.0.0.1: accepts one connection, reads the request head and
/// `Content-Length` bytes, writes the response bytes verbatim in one go (any framing:
/// truncated, conflicting, not HTTP at all) and closes. Later connections are counted and
/// dropped.
///
/// Connections queued before the stop are accepted first and counted. Dropping the server
/// stops accepting without waiting for a connection still being served.
#[derive(Debug)]
pub struct OneShot {
    /// The bound address (`127.0.0.1:port`).
    pub addr: SocketAddr,
    wake: Arc<Wake>,
    handle: Option<JoinHandle<Served>>,
}

impl OneShot {
    /// Binds `127.0.0.1:0` and starts serving `response`.
    pub fn start(response: impl Into<Arc<[u8]>>) -> std::io::Result<OneShot> {
        let response: Arc<[u8]> = response.into();
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let wake: Arc<Wake> = Arc::default();
        let theirs = wake.clone();
        let handle = std::thread::Builder::new()
            .name("testkit-one-shot".into())
            .spawn(move || {
                let mut served = Served::default();
                while let Ok((sock, peer)) = listener.accept() {
                    if theirs.is_wake(peer) {
                        break;
                    }
                    if served.request.is_none() {
                        served.request = Some(serve(sock, &response));
                    } else {
                        served.extra_connections += 1;
                    }
                }
                served
            })?;
        Ok(OneShot {
            addr,
            wake,
            handle: Some(handle),
        })
    }

    /// `http://127.0.0.1:port{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops accepting without waiting for a connection still being served (a client that
    /// hangs, a call that was given up).
    pub fn abandon(self) {}

    /// Stops accepting and returns what was served (nothing if the accept loop cannot be
    /// woken).
    pub fn finish(mut self) -> Served {
        let handle = self.handle.take();
        match (self.wake.fire(self.addr), handle) {
            (Some(_wake), Some(h)) => h.join().unwrap_or_default(),
            _ => Served::default(),
        }
    }
}

impl Drop for OneShot {
    fn drop(&mut self) {
        if self.handle.is_some() {
            let _ = self.wake.fire(self.addr);
        }
    }
}

/// [`OneShot::start`] for tests that need the address at once: panics if it cannot bind.
pub fn serve_once(response: impl Into<Arc<[u8]>>) -> (SocketAddr, OneShot) {
    let server = OneShot::start(response).expect("bind 127.0.0.1:0");
    (server.addr, server)
}

fn serve(mut sock: TcpStream, response: &[u8]) -> Request {
    let _ = sock.set_nonblocking(false);
    let _ = sock.set_read_timeout(Some(Duration::from_secs(10)));
    let _ = sock.set_write_timeout(Some(Duration::from_secs(30)));
    let request = match read_request(&mut sock, &mut Vec::new()) {
        Read1::Complete(r) | Read1::Partial(r) => r,
        Read1::Closed => Request::default(),
    };
    // The client may stop reading early (size limits): write errors are expected then.
    let _ = sock.write_all(response);
    let _ = sock.flush();
    let _ = sock.shutdown(std::net::Shutdown::Write);
    request
}

/// Counts connections to an address nothing should connect to (such as the vector set's
/// "forbidden" `http://127.0.0.1:1/`), when it can be bound; otherwise inactive. Each
/// connection is also signalled on a channel, so a test can wait for one.
#[derive(Debug)]
pub struct Canary {
    /// The bound address, when active.
    pub addr: Option<SocketAddr>,
    count: Arc<AtomicUsize>,
    seen: Mutex<mpsc::Receiver<()>>,
    wake: Arc<Wake>,
    handle: Option<JoinHandle<()>>,
}

impl Canary {
    /// Binds `addr` (for example `127.0.0.1:1`, or `127.0.0.1:0`) and starts counting.
    pub fn start(addr: impl ToSocketAddrs) -> Canary {
        let count = Arc::new(AtomicUsize::new(0));
        let wake: Arc<Wake> = Arc::default();
        let (tx, seen) = mpsc::channel();
        let mut bound = None;
        let handle = TcpListener::bind(addr).ok().and_then(|l| {
            bound = l.local_addr().ok();
            let (count, wake) = (count.clone(), wake.clone());
            std::thread::Builder::new()
                .name("testkit-canary".into())
                .spawn(move || {
                    while let Ok((_, peer)) = l.accept() {
                        if wake.is_wake(peer) {
                            break;
                        }
                        count.fetch_add(1, Ordering::SeqCst);
                        let _ = tx.send(());
                    }
                })
                .ok()
        });
        Canary {
            addr: bound.filter(|_| handle.is_some()),
            count,
            seen: Mutex::new(seen),
            wake,
            handle,
        }
    }

    /// Whether the address could be bound.
    pub fn active(&self) -> bool {
        self.handle.is_some()
    }

    /// Connections so far.
    pub fn connections(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    /// Waits for the next connection (at most `limit`).
    pub fn next_connection(&self, limit: Duration) -> bool {
        let rx = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        rx.recv_timeout(limit).is_ok()
    }
}

impl Drop for Canary {
    fn drop(&mut self) {
        if let (Some(h), Some(addr)) = (self.handle.take(), self.addr) {
            if self.wake.fire(addr).is_some() {
                let _ = h.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn canary_counts_connections() {
        let canary = Canary::start("127.0.0.1:0");
        let addr = canary.addr.expect("an ephemeral port can be bound");
        assert_eq!(canary.connections(), 0);
        drop(TcpStream::connect(addr).expect("connect"));
        assert!(
            canary.next_connection(Duration::from_secs(5)),
            "the connection is seen"
        );
        assert_eq!(canary.connections(), 1);
    }

    #[test]
    fn one_shot_server_serves_once_and_counts_the_rest() {
        let server = OneShot::start(&b"HTTP/1.1 204 No Content\r\n\r\n"[..]).unwrap();
        let mut c = TcpStream::connect(server.addr).unwrap();
        c.write_all(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
            .unwrap();
        let mut reply = Vec::new();
        c.read_to_end(&mut reply).unwrap();
        assert_eq!(reply, b"HTTP/1.1 204 No Content\r\n\r\n");
        drop(TcpStream::connect(server.addr).unwrap());
        let served = server.finish();
        let request = served.request.unwrap();
        assert!(request.head.starts_with("POST / "));
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", "/")
        );
        assert_eq!(request.header("content-length"), Some("3"));
        assert_eq!(request.body, b"abc");
        assert_eq!(served.extra_connections, 1);
    }

    #[test]
    fn a_request_cut_short_is_kept_as_received() {
        let server = OneShot::start(&b"x"[..]).unwrap();
        let mut c = TcpStream::connect(server.addr).unwrap();
        c.write_all(b"POST /cut HTTP/1.1\r\nContent-Length: 9\r\n\r\nab")
            .unwrap();
        c.shutdown(std::net::Shutdown::Write).unwrap();
        let mut reply = Vec::new();
        c.read_to_end(&mut reply).unwrap();
        assert_eq!(reply, b"x");
        let request = server.finish().request.unwrap();
        assert_eq!(request.target, "/cut");
        assert_eq!(request.body, b"ab");
    }
}
