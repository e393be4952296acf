//! Loopback HTTP/1.1 servers for tests, on `127.0.0.1:0` and std threads (usable from sync
//! and async tests alike).
//!
//! * [`Server`]: answers each request with a handler `Fn(&Request) -> Response`, keeps
//!   connections alive, records every request and counts connections;
//!   [`files`] builds one over a static map of request targets to bodies.
//! * [`OneShot`]: writes fixed bytes verbatim to the first connection (any framing,
//!   hostile or not), then counts and drops the later ones; [`serve_once`] is the short form.
//! * [`Canary`]: counts connections to an address that nothing should connect to.
//!
//! Every accept loop blocks; stopping is an event: [`Wake`] flags the stop, connects once
//! more and publishes that connection's address, so the loop knows which connection ends
//! it. Dropping a server stops it.

mod files;
mod handler;
mod raw;

use std::io::Read;
use std::net::{SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

pub use files::files;
pub use handler::{Response, Server};
pub use raw::{serve_once, Canary, OneShot, Served};

/// A request as a server received it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    /// The request line and headers as received, up to and including the empty line
    /// (lossily decoded; for a request cut short, whatever arrived).
    pub head: String,
    /// `POST`, `GET`, ...
    pub method: String,
    /// The request target as sent (`/path?query`).
    pub target: String,
    /// Header fields in order, names as sent, values trimmed.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes; chunked request bodies are not decoded).
    pub body: Vec<u8>,
}

impl Request {
    /// The first header field called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossily decoded).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn from_head(head: String) -> Request {
        let mut line = head.lines().next().unwrap_or("").split_whitespace();
        let (method, target) = (line.next(), line.next());
        let headers = head
            .lines()
            .skip(1)
            .filter_map(|l| {
                let (k, v) = l.split_once(':')?;
                Some((k.trim().to_owned(), v.trim().to_owned()))
            })
            .collect();
        Request {
            method: method.unwrap_or("").to_owned(),
            target: target.unwrap_or("").to_owned(),
            headers,
            body: Vec::new(),
            head,
        }
    }
}

/// The value of header `name` (case-insensitive) in a raw request or response head.
pub fn header(head: &str, name: &str) -> Option<String> {
    head.lines().skip(1).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}

/// How far reading one request got.
enum Read1 {
    /// Head and `Content-Length` body.
    Complete(Request),
    /// The connection ended (or failed) inside the head or the body.
    Partial(Request),
    /// The connection ended before a byte of this request.
    Closed,
}

/// Heads longer than this end the connection (a test server is not a fuzz target).
const MAX_HEAD: usize = 1 << 20;

/// Reads one request from `sock`; `pending` holds bytes read past the previous request
/// (keep-alive) and keeps those read past this one.
fn read_request(sock: &mut TcpStream, pending: &mut Vec<u8>) -> Read1 {
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        if let Some(i) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match sock.read(&mut chunk) {
            Ok(n) if n > 0 && pending.len() <= MAX_HEAD => pending.extend_from_slice(&chunk[..n]),
            _ if pending.is_empty() => return Read1::Closed,
            _ => {
                let head = String::from_utf8_lossy(pending).into_owned();
                pending.clear();
                return Read1::Partial(Request::from_head(head));
            }
        }
    };
    let mut request =
        Request::from_head(String::from_utf8_lossy(&pending[..head_end]).into_owned());
    pending.drain(..head_end);
    let len: usize = request
        .header("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while pending.len() < len {
        match sock.read(&mut chunk) {
            Ok(n) if n > 0 => pending.extend_from_slice(&chunk[..n]),
            _ => {
                request.body = std::mem::take(pending);
                return Read1::Partial(request);
            }
        }
    }
    request.body = pending.drain(..len).collect();
    Read1::Complete(request)
}

/// How the accept loop of a test server is stopped: `stopping` is set, then the wake
/// connects and its address is published.
#[derive(Debug, Default)]
pub struct Wake {
    stopping: AtomicBool,
    addr: Mutex<Option<SocketAddr>>,
    published: Condvar,
}

impl Wake {
    /// Requests the stop and connects the wake to `to`; `None` if it cannot connect.
    pub fn fire(&self, to: SocketAddr) -> Option<TcpStream> {
        self.stopping.store(true, Ordering::SeqCst);
        let stream = TcpStream::connect(to).ok()?;
        *self.addr.lock().unwrap_or_else(|e| e.into_inner()) = stream.local_addr().ok();
        self.published.notify_all();
        Some(stream)
    }

    /// Whether the connection from `peer` is the wake. Before a stop is requested no
    /// connection is; during a stop the wake's address is published right after its
    /// connect returns, so this waits for it (an event, bounded only as a safety net).
    pub fn is_wake(&self, peer: SocketAddr) -> bool {
        if !self.stopping.load(Ordering::SeqCst) {
            return false;
        }
        let guard = self.addr.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .published
            .wait_timeout_while(guard, Duration::from_secs(10), |w| w.is_none())
            .unwrap_or_else(|e| e.into_inner());
        *guard == Some(peer)
    }
}
