//! A keep-alive HTTP/1.1 server that answers each request with a handler and records
//! what it received.

use std::io::Write;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use super::{read_request, Read1, Request, Wake};

/// What the handler answers: status, header fields and body. `Content-Length` is added
/// when written; `Connection: close` closes the connection after this response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Header fields in order (without `Content-Length`).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// A response with `status`, no header field and an empty body.
    pub fn new(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `200 OK` with this `Content-Type` and body.
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Response {
        Response::new(200)
            .header("Content-Type", content_type)
            .body(body)
    }

    /// Adds a header field.
    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    fn closes(&self) -> bool {
        self.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("connection") && v.eq_ignore_ascii_case("close"))
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (k, v) in &self.headers {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
        out.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        let mut bytes = out.into_bytes();
        bytes.extend_from_slice(&self.body);
        bytes
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync;

/// A loopback HTTP/1.1 server on 127.0.0.1: each connection on its own thread, requests
/// answered in turn (keep-alive until the client closes or a `Connection: close` on either
/// side), every complete request recorded before its response is written. Stops on drop.
pub struct Server {
    /// The bound address (`127.0.0.1:port`).
    pub addr: SocketAddr,
    wake: Arc<Wake>,
    requests: Arc<Mutex<Vec<Request>>>,
    connections: Arc<AtomicUsize>,
    accept: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server").field("addr", &self.addr).finish()
    }
}

impl Server {
    /// Starts a server answering with `handler`; panics if it cannot bind.
    pub fn start(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        Server::start_with(|_| handler)
    }

    /// Starts a server whose handler is made from its own address (for documents that
    /// link back to the server); panics if it cannot bind.
    pub fn start_with<H>(make: impl FnOnce(SocketAddr) -> H) -> Server
    where
        H: Fn(&Request) -> Response + Send + Sync + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let handler: Arc<Handler> = Arc::new(make(addr));
        let wake: Arc<Wake> = Arc::default();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let (w, r, c) = (wake.clone(), requests.clone(), connections.clone());
        let accept = std::thread::Builder::new()
            .name("testkit-http".into())
            .spawn(move || {
                while let Ok((sock, peer)) = listener.accept() {
                    if w.is_wake(peer) {
                        break;
                    }
                    c.fetch_add(1, Ordering::SeqCst);
                    let (handler, r) = (handler.clone(), r.clone());
                    let _ = std::thread::Builder::new()
                        .name("testkit-http-conn".into())
                        .spawn(move || serve(sock, &*handler, &r));
                }
            })
            .expect("spawn the accept thread");
        Server {
            addr,
            wake,
            requests,
            connections,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:port{target}`.
    pub fn url(&self, target: &str) -> String {
        format!("http://{}{target}", self.addr)
    }

    /// The requests answered so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        self.requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(accept) = self.accept.take() {
            if self.wake.fire(self.addr).is_some() {
                let _ = accept.join();
            }
        }
    }
}

fn serve(mut sock: TcpStream, handler: &Handler, log: &Mutex<Vec<Request>>) {
    let _ = sock.set_nonblocking(false);
    // Safety nets only: an idle keep-alive connection normally ends when the client closes.
    let _ = sock.set_read_timeout(Some(Duration::from_secs(60)));
    let _ = sock.set_write_timeout(Some(Duration::from_secs(30)));
    let mut pending = Vec::new();
    loop {
        let Read1::Complete(request) = read_request(&mut sock, &mut pending) else {
            return;
        };
        let response = handler(&request);
        let close = response.closes()
            || request
                .header("connection")
                .is_some_and(|v| v.eq_ignore_ascii_case("close"));
        log.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        if sock.write_all(&response.to_bytes()).is_err() || close {
            let _ = sock.shutdown(std::net::Shutdown::Write);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn read_response(c: &mut TcpStream) -> String {
        let mut got = Vec::new();
        let mut byte = [0u8; 1];
        while !got.ends_with(b"\r\n\r\n") {
            c.read_exact(&mut byte).unwrap();
            got.push(byte[0]);
        }
        let head = String::from_utf8(got).unwrap();
        let len: usize = super::super::header(&head, "content-length")
            .unwrap()
            .parse()
            .unwrap();
        let mut body = vec![0; len];
        c.read_exact(&mut body).unwrap();
        head + &String::from_utf8(body).unwrap()
    }

    #[test]
    fn keeps_the_connection_alive_and_records_requests() {
        let server =
            Server::start(|r| Response::ok("text/plain", format!("{} {}", r.method, r.target)));
        let mut c = TcpStream::connect(server.addr).unwrap();
        c.write_all(
            b"POST /a HTTP/1.1\r\nX-Test: 1\r\nContent-Length: 2\r\n\r\nhiGET /b HTTP/1.1\r\n\r\n",
        )
        .unwrap();
        let first = read_response(&mut c);
        assert!(first.starts_with("HTTP/1.1 200 OK\r\n"), "{first}");
        assert!(first.ends_with("\r\n\r\nPOST /a"), "{first}");
        assert!(read_response(&mut c).ends_with("GET /b"));
        let seen = server.requests();
        assert_eq!(seen.len(), 2);
        assert_eq!(seen[0].header("x-test"), Some("1"));
        assert_eq!(seen[0].body, b"hi");
        assert_eq!(
            (seen[1].method.as_str(), seen[1].target.as_str()),
            ("GET", "/b")
        );
        assert_eq!(server.connections(), 1);
    }

    #[test]
    fn connection_close_closes() {
        let server = Server::start(|_| Response::new(204).header("Connection", "close"));
        let mut c = TcpStream::connect(server.addr).unwrap();
        c.write_all(b"GET / HTTP/1.1\r\n\r\n").unwrap();
        let mut all = String::new();
        c.read_to_string(&mut all).unwrap();
        assert_eq!(
            all,
            "HTTP/1.1 204 No Content\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
        );
    }
}
