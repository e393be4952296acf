//! When a call ends (its deadline, or the caller dropping it), nothing keeps working on its
//! behalf, and the deadline bounds decoding too (issue 11, item 2).
//!
//! A server that floods `100 Continue` interim responses must see the connection closed within a short bound after the call returned, instead of a
//! background task parsing interim responses for as long as the server sends them.
//!
//! The paced server sends one interim response per millisecond (a thousand a second, far
//! more than any real server): hyper notices that the call is gone whenever the socket has
//! no data waiting. The full-speed server writes interim responses back to back as fast as
//! loopback allows: an optimised hyper parses them as fast as they come and notices within
//! a millisecond; an unoptimised (debug) hyper falls behind, and each poll of its
//! connection task then parses up to 128 full read buffers (about 2 million interim
//! responses, seconds) before it looks at the call again. So the full-speed tests run in
//! release builds only (`cargo test --release -p soapgen-runtime --test call_end`, part of
//! `cargo xtask test`); see the README's limits.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::sajan::*;
use soapgen_runtime::{Client, ErrorKind, Options, SoapVersion};

/// How long after the call ended the server may still be writing into an open connection.
const BOUND: Duration = Duration::from_secs(1);

/// The pause between two interim responses of the paced server.
const PACE: Duration = Duration::from_millis(1);

/// The server gives up flooding after this long (the test fails then).
const FLOOD_LIMIT: Duration = Duration::from_secs(20);

/// A server that answers the first request of each connection with `100 Continue` interim
/// responses until the client closes the connection. It reports, per connection, when a
/// write first failed (the client closed) and how many interim responses it sent.
/// `pace`: the pause after each interim response (zero: none, as fast as loopback allows).
fn flood_server(pace: Duration) -> (SocketAddr, mpsc::Receiver<(Instant, u64)>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let tx = tx.clone();
            std::thread::spawn(move || {
                // The request head (its body follows; it is not needed).
                let mut seen = Vec::new();
                let mut buf = [0u8; 4096];
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => seen.extend_from_slice(&buf[..n]),
                    }
                }
                let started = Instant::now();
                let mut sent = 0u64;
                // One small write per millisecond (the traffic's shape, not a wait for an
                // event).
                let _ = stream.set_nodelay(true);
                let _ = stream.set_write_timeout(Some(FLOOD_LIMIT));
                while started.elapsed() < FLOOD_LIMIT {
                    if stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").is_err() {
                        let _ = tx.send((Instant::now(), sent));
                        return;
                    }
                    sent += 1;
                    if !pace.is_zero() {
                        std::thread::sleep(pace);
                    }
                }
            });
        }
    });
    (addr, rx)
}

fn client(addr: SocketAddr, options: Options) -> SajanClient {
    SajanClient {
        client: Client::builder(format!("http://{addr}/svc"))
            .options(options)
            .build()
            .expect("client"),
        version: SoapVersion::Soap11,
    }
}

/// Waits for the server to see the connection closed; returns how long after `ended`.
fn closed_after(rx: &mpsc::Receiver<(Instant, u64)>, ended: Instant) -> Duration {
    let (at, sent) = rx
        .recv_timeout(FLOOD_LIMIT + BOUND)
        .expect("the server never saw the connection closed: something still reads it");
    let after = at.saturating_duration_since(ended);
    eprintln!("connection closed {after:?} after the call ended ({sent} interim responses sent)");
    after
}

async fn deadline_drops_flooded_connection(pace: Duration) {
    let (addr, rx) = flood_server(pace);
    let timeout = Duration::from_millis(500);
    let c = client(addr, Options::default().timeout(timeout));
    let started = Instant::now();
    let r = c.authenticate(&sample_request()).await;
    let ended = Instant::now();
    assert_eq!(r.expect_err("timeout").kind(), ErrorKind::Timeout);
    assert!(ended - started < timeout + BOUND, "the call returned late");
    let after = tokio::task::spawn_blocking(move || closed_after(&rx, ended))
        .await
        .expect("join");
    assert!(
        after < BOUND,
        "connection still open {after:?} after the deadline"
    );
}

async fn dropped_call_drops_flooded_connection(pace: Duration) {
    let (addr, rx) = flood_server(pace);
    // No deadline of its own: the caller gives up (a `select!`, a dropped task).
    let c = client(addr, Options::default());
    let r = tokio::time::timeout(
        Duration::from_millis(500),
        c.authenticate(&sample_request()),
    )
    .await;
    let ended = Instant::now();
    assert!(r.is_err(), "the flood cannot produce a response");
    let after = tokio::task::spawn_blocking(move || closed_after(&rx, ended))
        .await
        .expect("join");
    assert!(
        after < BOUND,
        "connection still open {after:?} after the call was dropped"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_call_deadline_drops_a_connection_flooded_with_interim_responses() {
    deadline_drops_flooded_connection(PACE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_call_drops_a_connection_flooded_with_interim_responses() {
    dropped_call_drops_flooded_connection(PACE).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    debug_assertions,
    ignore = "an unoptimised hyper falls behind a full-speed flood: run with --release"
)]
async fn the_call_deadline_drops_a_connection_flooded_at_full_speed() {
    deadline_drops_flooded_connection(Duration::ZERO).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(
    debug_assertions,
    ignore = "an unoptimised hyper falls behind a full-speed flood: run with --release"
)]
async fn a_dropped_call_drops_a_connection_flooded_at_full_speed() {
    dropped_call_drops_flooded_connection(Duration::ZERO).await;
}

/// A transport that answers at once with a fixed body.
struct Canned(bytes::Bytes);

impl soapgen_runtime::Transport for Canned {
    fn send(&self, _request: soapgen_runtime::HttpRequest) -> soapgen_runtime::SendFuture<'_> {
        let body = self.0.clone();
        Box::pin(async move {
            Ok(soapgen_runtime::HttpResponse {
                status: 200,
                content_type: Some("text/xml".into()),
                headers: Vec::new(),
                body,
            })
        })
    }
}

#[tokio::test]
async fn the_call_deadline_also_bounds_decoding() {
    // 40 MiB of elements the decoder must read through (an unknown subtree it skips):
    // far more than a debug build decodes within the deadline below.
    let filler = "<x a=\"1\">t</x>".repeat(40 << 20 >> 4);
    let body = format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><AuthenticateResponse xmlns="http://services.sajan.com/"><AuthenticateResult><Extra>{filler}</Extra><IsValidToken>false</IsValidToken><UserId>0</UserId></AuthenticateResult></AuthenticateResponse></soap:Body></soap:Envelope>"#
    );
    let options = Options::default()
        .timeout(Duration::from_millis(50))
        .max_response_bytes(64 << 20);
    let c = SajanClient {
        client: Client::builder("http://example.invalid/svc")
            .transport(Canned(bytes::Bytes::from(body)))
            .options(options)
            .build()
            .expect("client"),
        version: SoapVersion::Soap11,
    };
    let e = c
        .authenticate(&sample_request())
        .await
        .expect_err("the deadline passes while decoding");
    assert_eq!(e.kind(), ErrorKind::Timeout, "{e}");
    assert!(e.to_string().contains("decoded"), "{e}");
}
