//! HTTP classification and transport behaviour against raw loopback servers.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::sajan::*;
use soapgen_runtime::{
    Client, Error, ErrorKind, HttpRequest, HttpResponse, Options, SendFuture, SoapVersion,
    Transport,
};
use soapgen_testkit::http::{serve_once, Response, Server};

const OK_BODY: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><AuthenticateResponse xmlns="http://services.sajan.com/"><AuthenticateResult><IsValidToken>false</IsValidToken><UserId>0</UserId></AuthenticateResult></AuthenticateResponse></soap:Body></soap:Envelope>"#;
const FAULT11: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>boom</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
const FAULT12: &str = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault><e:Code><e:Value>e:VersionMismatch</e:Value></e:Code><e:Reason><e:Text xml:lang="en">wrong version</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>"#;

fn http(status: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn client(addr: std::net::SocketAddr, options: Options) -> SajanClient {
    SajanClient {
        client: Client::builder(format!("http://{addr}/svc"))
            .options(options)
            .build()
            .expect("client"),
        version: SoapVersion::Soap11,
    }
}

async fn call_raw(response: Vec<u8>) -> Result<AuthenticateResponse, Error> {
    call_with(response, Options::default()).await
}

async fn call_with(response: Vec<u8>, options: Options) -> Result<AuthenticateResponse, Error> {
    let (addr, server) = serve_once(response);
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        client(addr, options).authenticate(&sample_request()),
    )
    .await
    .expect("call must not hang");
    server.abandon();
    result
}

fn kind(r: Result<AuthenticateResponse, Error>) -> ErrorKind {
    r.expect_err("error").kind()
}

#[tokio::test]
async fn fault_wins_over_status_and_content_type() {
    for status in ["200 OK", "400 Bad Request", "500 Internal Server Error"] {
        let r = call_raw(http(status, "Content-Type: text/xml\r\n", FAULT11)).await;
        assert_eq!(kind(r), ErrorKind::Fault, "{status}");
    }
    // A fault of the other SOAP version in an error response is still reported as a fault.
    let r = call_raw(http(
        "500 Internal Server Error",
        "Content-Type: application/soap+xml\r\n",
        FAULT12,
    ))
    .await;
    let e = r.expect_err("fault");
    assert_eq!(
        e.as_fault().map(|f| f.reason.as_str()),
        Some("wrong version")
    );
    // A fault behind a wrong media type still is a fault.
    let r = call_raw(http("200 OK", "Content-Type: text/plain\r\n", FAULT11)).await;
    assert_eq!(kind(r), ErrorKind::Fault);
}

#[tokio::test]
async fn non_2xx_without_fault_is_http_status() {
    let r = call_raw(http(
        "500 Internal Server Error",
        "Content-Type: text/xml\r\n",
        OK_BODY,
    ))
    .await;
    match r {
        Err(Error::HttpStatus {
            status,
            content_type,
            body_excerpt,
            ..
        }) => {
            assert_eq!(status, 500);
            assert_eq!(content_type.as_deref(), Some("text/xml"));
            assert!(body_excerpt.starts_with("<soap:Envelope"));
        }
        other => panic!("{other:?}"),
    }
    let big = "x".repeat(100_000);
    match call_raw(http(
        "502 Bad Gateway",
        "Content-Type: text/plain\r\n",
        &big,
    ))
    .await
    {
        Err(Error::HttpStatus {
            status: 502,
            body_excerpt,
            ..
        }) => {
            assert!(body_excerpt.len() <= 2100, "{}", body_excerpt.len())
        }
        other => panic!("{other:?}"),
    }
    let r = call_raw(http(
        "301 Moved Permanently",
        "Location: http://127.0.0.1:1/\r\n",
        "",
    ))
    .await;
    assert_eq!(r.expect_err("3xx").http_status(), Some(301));
}

#[tokio::test]
async fn media_types_and_empty_bodies() {
    let r = call_raw(http("200 OK", "Content-Type: application/json\r\n", "{}")).await;
    assert_eq!(kind(r), ErrorKind::WrongContentType);
    // No Content-Type: the body is parsed as XML.
    let r = call_raw(http("200 OK", "", OK_BODY)).await;
    assert!(
        !r.expect("ok")
            .authenticate_result
            .expect("result")
            .is_valid_token
    );
    let r = call_raw(http(
        "200 OK",
        "Content-Type: APPLICATION/SOAP+XML ; charset=\"utf-8\"\r\n",
        OK_BODY,
    ))
    .await;
    assert!(r.is_ok());
    let r = call_raw(http(
        "200 OK",
        "Content-Type: application/vnd.x+xml\r\n",
        OK_BODY,
    ))
    .await;
    assert!(r.is_ok());
    let r = call_raw(http("200 OK", "", "")).await;
    assert_eq!(kind(r), ErrorKind::EmptyBody);
    let r = call_raw(http("200 OK", "Content-Type: text/xml\r\n", " \r\n ")).await;
    assert_eq!(kind(r), ErrorKind::EmptyBody);
}

#[tokio::test]
async fn interim_100_continue_is_skipped() {
    let mut bytes = b"HTTP/1.1 100 Continue\r\n\r\n".to_vec();
    bytes.extend(http("200 OK", "Content-Type: text/xml\r\n", OK_BODY));
    assert!(call_raw(bytes).await.is_ok());
}

#[tokio::test]
async fn malformed_http_is_http_protocol() {
    let bad_status = b"HTTP/1.1 abc Nope\r\nContent-Length: 0\r\n\r\n".to_vec();
    assert_eq!(kind(call_raw(bad_status).await), ErrorKind::HttpProtocol);
    let garbage = b"this is not http\r\n\r\n".to_vec();
    assert_eq!(kind(call_raw(garbage).await), ErrorKind::HttpProtocol);
    let conflicting =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!".to_vec();
    assert_eq!(kind(call_raw(conflicting).await), ErrorKind::HttpProtocol);
    let bad_chunk =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n".to_vec();
    assert_eq!(kind(call_raw(bad_chunk).await), ErrorKind::HttpProtocol);
}

#[tokio::test]
async fn truncated_bodies() {
    let mut cut = http("200 OK", "Content-Type: text/xml\r\n", OK_BODY);
    cut.truncate(cut.len() - 40);
    assert_eq!(kind(call_raw(cut).await), ErrorKind::TruncatedBody);
    let chunked = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{}",
        OK_BODY.len(),
        &OK_BODY[..50]
    );
    assert_eq!(
        kind(call_raw(chunked.into_bytes()).await),
        ErrorKind::TruncatedBody
    );
}

#[tokio::test]
async fn bodies_in_one_or_many_chunks_decode_alike() {
    let whole = call_raw(http("200 OK", "Content-Type: text/xml\r\n", OK_BODY))
        .await
        .expect("one piece");
    // Chunks of 1, 2, 3, ... bytes: the transport gathers them in order.
    let mut chunked =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    let (mut rest, mut n) = (OK_BODY, 1);
    while !rest.is_empty() {
        let (piece, tail) = rest.split_at(n.min(rest.len()));
        chunked.extend(format!("{:x}\r\n{piece}\r\n", piece.len()).bytes());
        (rest, n) = (tail, n + 1);
    }
    chunked.extend(b"0\r\n\r\n");
    let pieces = call_raw(chunked).await.expect("many chunks");
    assert_eq!(whole, pieces);
}

#[tokio::test]
async fn body_limit_is_enforced_while_streaming() {
    let options = Options::default().max_response_bytes(1 << 20);
    // Declared too large: rejected before reading (the server never sends the body).
    let huge =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 107374182400\r\n\r\n<a>"
            .to_vec();
    let started = Instant::now();
    assert_eq!(
        kind(call_with(huge, options.clone()).await),
        ErrorKind::TooLarge
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // Chunked, no length: stopped once the limit is passed.
    let mut chunked =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
    let piece = "y".repeat(64 * 1024);
    for _ in 0..40 {
        chunked.extend(format!("{:x}\r\n{piece}\r\n", piece.len()).bytes());
    }
    chunked.extend(b"0\r\n\r\n");
    assert_eq!(
        kind(call_with(chunked, options.clone()).await),
        ErrorKind::TooLarge
    );
    // Read until close, no length.
    let mut close =
        b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nConnection: close\r\n\r\n".to_vec();
    close.extend(std::iter::repeat_n(b'z', 3 << 20));
    assert_eq!(kind(call_with(close, options).await), ErrorKind::TooLarge);
}

#[tokio::test]
async fn keep_alive_reuses_one_connection() {
    let server = Server::start(|_| Response::ok("text/xml", OK_BODY));
    let c = client(server.addr, Options::default());
    for _ in 0..2 {
        let r = tokio::time::timeout(Duration::from_secs(10), c.authenticate(&sample_request()))
            .await
            .expect("no hang");
        assert!(r.is_ok(), "{r:?}");
    }
    // Both requests arrived, on one connection.
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.connections(), 1);
}

/// A transport double: records the request, answers with a fixed response.
struct Canned {
    seen: Arc<Mutex<Vec<HttpRequest>>>,
    response: HttpResponse,
}

impl Transport for Canned {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        self.seen.lock().expect("lock").push(request);
        let response = self.response.clone();
        Box::pin(async move { Ok(response) })
    }
}

#[tokio::test]
async fn custom_transport_and_one_way_calls() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let canned = |status: u16, body: &str| Canned {
        seen: seen.clone(),
        response: HttpResponse {
            status,
            content_type: Some("text/xml".into()),
            headers: Vec::new(),
            body: bytes::Bytes::from(body.to_owned()),
        },
    };
    let make = |t: Canned| {
        Client::builder("http://example.invalid/svc")
            .transport(t)
            .options(Options::default().max_response_bytes(12345))
            .build()
            .expect("client")
    };
    let op = OP_LOGOUT;
    let body = Logout {
        token: Some("t".into()),
    };
    let c = make(canned(202, ""));
    c.call_one_way(
        SoapVersion::Soap11,
        &op,
        |_| {},
        |w| w.element(NS_SEJOUR, "Logout", &body),
    )
    .await
    .expect("202 empty is success");
    let req = seen.lock().expect("lock").pop().expect("request");
    assert_eq!(req.url, "http://example.invalid/svc");
    assert_eq!(req.max_response_bytes, 12345);
    assert!(
        format!("{req:?}").contains("body_len"),
        "Debug shows the length, not the body"
    );
    assert!(!format!("{req:?}").contains("<token>"));
    let c = make(canned(200, OK_BODY));
    c.call_one_way(SoapVersion::Soap11, &op, |_| {}, |_| {})
        .await
        .expect("envelope without fault");
    let c = make(canned(500, FAULT11));
    let e = c
        .call_one_way(SoapVersion::Soap11, &op, |_| {}, |_| {})
        .await
        .expect_err("fault");
    assert_eq!(e.kind(), ErrorKind::Fault);
    let c = make(canned(200, ""));
    let e = SajanClient {
        client: c,
        version: SoapVersion::Soap11,
    }
    .logout(&body)
    .await
    .expect_err("empty");
    assert_eq!(e.kind(), ErrorKind::EmptyBody);
}

#[test]
fn invalid_endpoint_is_rejected_by_build() {
    let e = Client::builder("not a url").build().expect_err("invalid");
    assert_eq!(e.kind(), ErrorKind::InvalidEndpoint);
    assert!(e.to_string().contains("`not a url`"), "{e}");
}

#[tokio::test]
async fn redirects_only_when_enabled_and_method_preserving() {
    let (target, target_server) = serve_once(http("200 OK", "Content-Type: text/xml\r\n", OK_BODY));
    let redirect = |code: &str| http(code, &format!("Location: http://{target}/moved\r\n"), "");
    // Not enabled: the 307 itself is the answer.
    let r = call_raw(redirect("307 Temporary Redirect")).await;
    assert_eq!(r.expect_err("3xx").http_status(), Some(307));
    let follow = Options::default().follow_redirects(true);
    // 302 would become a GET: never followed.
    let r = call_with(redirect("302 Found"), follow.clone()).await;
    assert_eq!(r.expect_err("3xx").http_status(), Some(302));
    // 307 keeps POST and the body.
    let r = call_with(redirect("307 Temporary Redirect"), follow).await;
    assert!(r.is_ok(), "{r:?}");
    let received = target_server.finish().request.expect("target");
    assert!(
        received.head.starts_with("POST /moved "),
        "{}",
        received.head
    );
    assert!(String::from_utf8_lossy(&received.body).contains("<UserName>jdoe</UserName>"));
}

#[tokio::test]
async fn envelope_logging_does_not_disturb_calls() {
    let options = Options::default().log_envelopes(true);
    let r = call_with(
        http("200 OK", "Content-Type: text/xml\r\n", OK_BODY),
        options,
    )
    .await;
    assert!(r.is_ok(), "{r:?}");
}

/// A 200 response with `content_type` and the raw bytes `body`.
fn http_encoded(content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[tokio::test]
async fn the_http_charset_decides_when_there_is_no_bom() {
    let token = "Zo\u{eb} \u{20ac}5";
    let body = OK_BODY.replace(
        "<UserId>",
        &format!("<AccessToken>{token}</AccessToken><UserId>"),
    );
    let token_of = |r: Result<AuthenticateResponse, Error>| {
        r.expect("decoded")
            .authenticate_result
            .and_then(|a| a.access_token)
    };
    let windows_1252: Vec<u8> = body
        .chars()
        .map(|c| match c {
            '\u{20ac}' => 0x80,
            c => u8::try_from(u32::from(c)).expect("in windows-1252"),
        })
        .collect();
    let r = call_raw(http_encoded(
        "text/xml; charset=windows-1252",
        &windows_1252,
    ))
    .await;
    assert_eq!(token_of(r).as_deref(), Some(token));
    // The charset wins over a declaration that says otherwise.
    let mut declared = b"<?xml version=\"1.0\" encoding=\"utf-8\"?>".to_vec();
    declared.extend_from_slice(&windows_1252);
    let r = call_raw(http_encoded(
        "text/xml; charset=\"Windows-1252\"",
        &declared,
    ))
    .await;
    assert_eq!(token_of(r).as_deref(), Some(token));
    // UTF-16 named only by the charset.
    let utf16: Vec<u8> = body.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let r = call_raw(http_encoded("text/xml; charset=utf-16", &utf16)).await;
    assert_eq!(token_of(r).as_deref(), Some(token));
    // A BOM wins over the charset; two BOMs are an error.
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(body.as_bytes());
    let r = call_raw(http_encoded("text/xml; charset=iso-8859-1", &bom)).await;
    assert_eq!(token_of(r).as_deref(), Some(token));
    let mut two = b"\xEF\xBB\xBF".to_vec();
    two.extend_from_slice(&bom);
    let r = call_raw(http_encoded("text/xml; charset=utf-8", &two)).await;
    assert_eq!(kind(r), ErrorKind::InvalidUtf8);
}
