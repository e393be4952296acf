//! The default transport: reqwest with rustls.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::error::Error as StdError;
use std::sync::Arc;

use super::{HttpRequest, HttpResponse, SendFuture, Transport};
use crate::config::{Options, ProxyKind};
use crate::error::Error;

/// The default transport: reqwest with rustls, one connection pool per client (keep-alive),
/// no redirects unless [`Options::follow_redirects`], timeouts from [`Options`].
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    /// [`Options::max_connections_per_host`]: one permit per request in flight.
    slots: Option<Arc<tokio::sync::Semaphore>>,
}

impl ReqwestTransport {
    /// A transport configured from `options`: redirects, timeouts, proxy, TLS,
    /// compression, connection pool. ([`Options::auth`] is applied by the client around
    /// any transport.)
    pub fn new(options: &Options) -> Result<Self, Error> {
        let policy = if options.follow_redirects {
            // Only method-preserving redirects: a SOAP POST is never turned into a GET.
            reqwest::redirect::Policy::custom(|attempt| {
                if attempt.previous().len() >= 10 {
                    attempt.error("too many redirects")
                } else if matches!(attempt.status().as_u16(), 307 | 308) {
                    attempt.follow()
                } else {
                    attempt.stop()
                }
            })
        } else {
            reqwest::redirect::Policy::none()
        };
        let tls = super::tls::client_config(&options.tls)?;
        let mut builder = reqwest::Client::builder()
            .redirect(policy)
            .use_preconfigured_tls(tls)
            .gzip(options.compression)
            .deflate(options.compression)
            .brotli(options.compression)
            .pool_idle_timeout(options.pool_idle_timeout);
        if let Some(t) = options.timeout {
            builder = builder.timeout(t);
        }
        if let Some(t) = options.connect_timeout {
            builder = builder.connect_timeout(t);
        }
        if let Some(max) = options.max_connections_per_host {
            builder = builder.pool_max_idle_per_host(max);
        }
        match &options.proxy.0 {
            ProxyKind::FromEnv => {}
            ProxyKind::Disabled => builder = builder.no_proxy(),
            ProxyKind::Url { url, no_proxy } => {
                let shown = crate::redact::url_without_userinfo(&url.expose());
                let mut proxy =
                    reqwest::Proxy::all(url.expose().as_ref()).map_err(|_| Error::Transport {
                        message: format!("invalid proxy URL `{shown}`"),
                    })?;
                if let Some(list) = no_proxy {
                    proxy = proxy.no_proxy(reqwest::NoProxy::from_string(list));
                }
                builder = builder.proxy(proxy);
            }
        }
        let client = builder.build().map_err(|e| Error::Transport {
            message: format!("cannot build the HTTP client: {}", error_chain(&e)),
        })?;
        Ok(ReqwestTransport {
            client,
            slots: options
                .max_connections_per_host
                .map(|n| Arc::new(tokio::sync::Semaphore::new(n))),
        })
    }

    /// Wraps an existing reqwest client (its own redirect and timeout settings apply).
    pub fn from_client(client: reqwest::Client) -> Self {
        ReqwestTransport {
            client,
            slots: None,
        }
    }

    async fn send_impl(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let _slot = match &self.slots {
            Some(s) => Some(
                s.clone()
                    .acquire_owned()
                    .await
                    .map_err(|_| Error::Transport {
                        message: "the connection limiter was closed".into(),
                    })?,
            ),
            None => None,
        };
        let limit = request.max_response_bytes;
        let https = request
            .url
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"));
        let mut builder = self.client.post(&request.url);
        // Owned names and values become header values without another copy.
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        let mut response = builder
            .body(request.body)
            .send()
            .await
            .map_err(|e| map_error(&e, Phase::Head { https }))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let declared = response.content_length();
        if let Some(len) = declared {
            if len > limit as u64 {
                return Err(Error::ResponseTooLarge {
                    limit,
                    declared: Some(len),
                });
            }
        }
        // Never trust a declared length for more than a modest initial allocation.
        let initial = declared.map_or(8 * 1024, |l| l.min(1 << 20) as usize);
        // A body that arrives in one chunk is kept as it is (no copy); from the
        // second chunk on, the chunks are gathered in a buffer.
        let mut first: Option<bytes::Bytes> = None;
        let mut body = Vec::new();
        let mut received = 0usize;
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| map_error(&e, Phase::Body))?
        {
            received = received.saturating_add(chunk.len());
            if received > limit {
                return Err(Error::ResponseTooLarge {
                    limit,
                    declared: None,
                });
            }
            if body.is_empty() && first.is_none() {
                first = Some(chunk);
                continue;
            }
            if let Some(head) = first.take() {
                body.reserve(initial.max(received));
                body.extend_from_slice(&head);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(HttpResponse {
            status,
            content_type,
            headers,
            body: first.unwrap_or_else(|| bytes::Bytes::from(body)),
        })
    }
}

impl Transport for ReqwestTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(self.send_impl(request))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Sending the request or reading the status line and headers (`https`: over TLS).
    Head { https: bool },
    /// Reading the body.
    Body,
}

/// `e` and its sources, joined with `: `.
fn error_chain(e: &dyn StdError) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        source = inner.source();
    }
    s
}

/// Maps a reqwest error to the precise runtime error by inspecting the source chain.
fn map_error(e: &reqwest::Error, phase: Phase) -> Error {
    let message = error_chain(e);
    if e.is_timeout() {
        return Error::Timeout { message };
    }
    if super::tls::is_tls_error(e) {
        return Error::Tls { message };
    }
    if e.is_connect() {
        return Error::Connect { message };
    }
    let mut source: Option<&(dyn StdError + 'static)> = e.source();
    while let Some(s) = source {
        if let Some(h) = s.downcast_ref::<hyper::Error>() {
            if h.is_timeout() {
                return Error::Timeout { message };
            }
            if h.is_parse() || h.is_parse_status() {
                return Error::HttpProtocol { message };
            }
            if h.is_incomplete_message() {
                return match phase {
                    Phase::Body => Error::TruncatedBody { message },
                    Phase::Head { .. } => Error::HttpProtocol { message },
                };
            }
            // A new TLS connection closed before the request could be sent: with TLS 1.3
            // the server's verdict on the client certificate arrives after the client's
            // handshake is done, and whether the request is written first (a TLS error on
            // the read) or the alert is read first (this) is a race.
            if h.is_canceled() && phase == (Phase::Head { https: true }) {
                return Error::Tls {
                    message: format!(
                        "{message}; the server closed the connection right after the TLS \
                         handshake, before the request was sent (a server that requires a \
                         client certificate does this when none, or one it does not accept, \
                         is sent)"
                    ),
                };
            }
        }
        if let Some(io) = s.downcast_ref::<std::io::Error>() {
            match io.kind() {
                std::io::ErrorKind::TimedOut => return Error::Timeout { message },
                std::io::ErrorKind::UnexpectedEof if phase == Phase::Body => {
                    return Error::TruncatedBody { message }
                }
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::InvalidInput => {
                    return Error::HttpProtocol { message }
                }
                std::io::ErrorKind::ConnectionRefused => return Error::Connect { message },
                std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
                    if phase == Phase::Body =>
                {
                    return Error::TruncatedBody { message }
                }
                _ => {}
            }
        }
        source = s.source();
    }
    if phase == Phase::Body && (e.is_body() || e.is_decode()) {
        return Error::TruncatedBody { message };
    }
    Error::Transport { message }
}
