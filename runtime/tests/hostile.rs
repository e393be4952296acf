//! The `[generated]` hostile response vectors, built in memory (same shapes as
//! shared/vectors/generate.py) so they run even where generate.py has not been run.

mod common;

use std::time::{Duration, Instant};

use common::sajan::*;
use soapgen_runtime::{Client, Error, ErrorKind, SoapVersion};
use soapgen_testkit::http::serve_once;

const CANON11: &str = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><AuthenticateResponse xmlns="http://services.sajan.com/"><AuthenticateResult><IsValidToken>true</IsValidToken><AccessToken>q7Vt2mXk9LpR4sWz</AccessToken><SecurityGuid>3f2504e0-4f89-41d3-9a0c-0305e82c3301</SecurityGuid><UserId>42</UserId><ServiceInstanceUser><UseName xmlns="https://services.sajan.com/schemas/ProjectService">jdoe</UseName><InstanceId xmlns="https://services.sajan.com/schemas/ProjectService">7</InstanceId></ServiceInstanceUser></AuthenticateResult></AuthenticateResponse></soap:Body></soap:Envelope>"#;

fn with_head(body: Vec<u8>) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend(body);
    out
}

fn split(anchor: &str, after: bool) -> (String, String) {
    let i = CANON11.find(anchor).expect("anchor") + if after { anchor.len() } else { 0 };
    (CANON11[..i].to_owned(), CANON11[i..].to_owned())
}

async fn call(bytes: Vec<u8>) -> (Result<AuthenticateResponse, Error>, Duration) {
    let (addr, server) = serve_once(bytes);
    let client = SajanClient {
        client: Client::new(format!("http://{addr}/")),
        version: SoapVersion::Soap11,
    };
    let start = Instant::now();
    let r = tokio::time::timeout(
        Duration::from_secs(30),
        client.authenticate(&sample_request()),
    )
    .await
    .expect("must not hang");
    server.abandon();
    (r, start.elapsed())
}

fn expect_kind(r: Result<AuthenticateResponse, Error>, kind: ErrorKind) {
    match r {
        Ok(v) => panic!("expected {kind:?}, got {v:?}"),
        Err(e) => assert_eq!(e.kind(), kind, "{e}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deep_nesting_100k() {
    let (a, b) = split("<AuthenticateResult>", true);
    let body = [a, "<x>".repeat(100_000), "</x>".repeat(100_000), b].concat();
    let (r, _) = call(with_head(body.into_bytes())).await;
    expect_kind(r, ErrorKind::TooDeep);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_text_50mb() {
    let (a, b) = split("q7Vt2mXk9LpR4sWz", false);
    let mut body = a.into_bytes();
    body.resize(body.len() + 50 * 1024 * 1024, b'A');
    body.extend_from_slice(&b.as_bytes()["q7Vt2mXk9LpR4sWz".len()..]);
    let (r, took) = call(with_head(body)).await;
    expect_kind(r, ErrorKind::TooLarge);
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attribute_bomb_100k() {
    let (a, b) = split(r#"xmlns:xsd="http://www.w3.org/2001/XMLSchema""#, true);
    let mut body = a;
    for i in 0..100_000 {
        body.push_str(&format!(" a{i}=\"\""));
    }
    body.push_str(&b);
    let (r, took) = call(with_head(body.into_bytes())).await;
    expect_kind(r, ErrorKind::TooLarge);
    assert!(
        took < Duration::from_secs(5),
        "linear check expected, took {took:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_element_name_200k() {
    let (a, b) = split("<AuthenticateResult>", true);
    let name = "L".repeat(200_000);
    let body = format!("{a}<{name}>x</{name}>{b}");
    let (r, _) = call(with_head(body.into_bytes())).await;
    expect_kind(r, ErrorKind::TooLarge);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_namespace_declarations_in_scope_stay_cheap() {
    // 100 nested elements each declaring 2 prefixes, then 50 000 elements whose prefix is
    // the outermost binding: lookups must stay cheap.
    let (a, b) = split("<AuthenticateResult>", true);
    let mut body = a;
    body.push_str("<z:wrap xmlns:z=\"urn:z\">");
    for d in 0..100 {
        body.push_str("<x");
        for i in 0..2 {
            body.push_str(&format!(" xmlns:p{i}=\"urn:{d}:{i}\""));
        }
        body.push('>');
    }
    body.push_str(&"<z:y/>".repeat(50_000));
    body.push_str(&"</x>".repeat(100));
    body.push_str("</z:wrap>");
    body.push_str(&b);
    let (r, took) = call(with_head(body.into_bytes())).await;
    assert!(r.is_ok(), "{r:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn namespace_declarations_in_scope_are_bounded() {
    // 200 levels x 200 declarations = 40 000 bindings: over the in-scope limit (256 by default).
    let (a, b) = split("<AuthenticateResult>", true);
    let mut body = a;
    for d in 0..200 {
        body.push_str("<x");
        for i in 0..200 {
            body.push_str(&format!(" xmlns:p{i}=\"urn:{d}:{i}\""));
        }
        body.push('>');
    }
    body.push_str(&"</x>".repeat(200));
    body.push_str(&b);
    let (r, _) = call(with_head(body.into_bytes())).await;
    expect_kind(r, ErrorKind::TooLarge);
}
