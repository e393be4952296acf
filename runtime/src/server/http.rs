//! HTTP/1.1 for [`Endpoint`]s, with hyper (already under the client, via
//! reqwest): one route — POST at any path — needs no router framework.

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, ALLOW, CONTENT_TYPE};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::{Endpoint, Fault, Request};
use crate::soap::SoapVersion;
use crate::xml::Limits;

/// Largest accepted request body.
const MAX_REQUEST_BYTES: usize = 16 << 20;

/// Serves `endpoint` on every connection `listener` accepts, until the
/// task is dropped. Errors of single connections are ignored (the client
/// sees them); the listener is bound (and accepting) before this is called.
pub async fn serve(listener: TcpListener, endpoint: impl Endpoint) -> std::io::Result<()> {
    let endpoint = Arc::new(endpoint);
    loop {
        let (stream, _) = match listener.accept().await {
            Ok(c) => c,
            // Per-connection failures (reset before accept, out of file
            // descriptors for a moment): keep serving.
            Err(_) => continue,
        };
        let ep = endpoint.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let ep = ep.clone();
                async move { Ok::<_, Infallible>(answer(&*ep, req).await) }
            });
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Reply = hyper::Response<Full<Bytes>>;

fn reply(status: StatusCode, content_type: Option<&'static str>, body: Vec<u8>) -> Reply {
    let mut r = hyper::Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() = status;
    if let Some(ct) = content_type {
        r.headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    }
    r
}

fn content_type(v: SoapVersion) -> &'static str {
    match v {
        SoapVersion::Soap11 => "text/xml; charset=utf-8",
        SoapVersion::Soap12 => "application/soap+xml; charset=utf-8",
    }
}

/// The `action` parameter of a SOAP 1.2 content type.
fn action_param(ct: &str) -> Option<&str> {
    ct.split(';').find_map(|p| {
        let (k, v) = p.split_once('=')?;
        (k.trim().eq_ignore_ascii_case("action")).then(|| v.trim().trim_matches('"'))
    })
}

async fn answer<E: Endpoint + ?Sized>(ep: &E, req: hyper::Request<Incoming>) -> Reply {
    if req.method() != Method::POST {
        let mut r = reply(
            StatusCode::METHOD_NOT_ALLOWED,
            Some("text/plain; charset=utf-8"),
            b"SOAP endpoint: POST a SOAP envelope\n".to_vec(),
        );
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static("POST"));
        return r;
    }
    let ct = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let media = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let version = match media.as_str() {
        "text/xml" => SoapVersion::Soap11,
        "application/soap+xml" => SoapVersion::Soap12,
        _ => {
            let fault = Fault::client(format!(
                "unsupported Content-Type `{ct}`: SOAP 1.1 is text/xml, SOAP 1.2 application/soap+xml"
            ));
            return reply(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                Some(content_type(SoapVersion::Soap11)),
                fault.to_envelope(SoapVersion::Soap11),
            );
        }
    };
    let action = match version {
        SoapVersion::Soap11 => req
            .headers()
            .get("soapaction")
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().trim_matches('"').to_string()),
        SoapVersion::Soap12 => action_param(&ct).map(str::to_string),
    };
    let body = match Limited::new(req.into_body(), MAX_REQUEST_BYTES)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e) => {
            let fault = Fault::client(format!("cannot read the request body: {e}"));
            return reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                Some(content_type(version)),
                fault.to_envelope(version),
            );
        }
    };
    let limits = Limits::default();
    let request = Request {
        version,
        body: &body,
        soap_action: action.as_deref(),
        limits: &limits,
    };
    match ep.handle(request).await {
        Ok(Some(envelope)) => reply(StatusCode::OK, Some(content_type(version)), envelope),
        Ok(None) => reply(StatusCode::ACCEPTED, None, Vec::new()),
        Err(fault) => reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            Some(content_type(version)),
            fault.to_envelope(version),
        ),
    }
}
