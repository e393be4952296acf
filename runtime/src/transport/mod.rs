//! The HTTP layer: an object-safe [`Transport`] trait with its request and response, and
//! the default reqwest/rustls implementation ([`ReqwestTransport`]), which streams the body
//! under the size limit and maps every failure to a precise [`Error`].
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::error::Error;

mod auth;
#[cfg(feature = "ntlm")]
mod ntlm;
mod reqwest_transport;
mod tls;

pub(crate) use auth::Authenticating;
#[cfg(feature = "ntlm")]
pub(crate) use ntlm::NtlmTransport;
pub use reqwest_transport::ReqwestTransport;
#[cfg(feature = "ntlm")]
pub(crate) use tls::client_config as tls_config;

/// One HTTP POST to send.
#[derive(Clone)]
pub struct HttpRequest {
    /// The endpoint URL.
    pub url: String,
    /// Request headers (`Content-Type`, `SOAPAction`, ...).
    pub headers: Vec<(String, String)>,
    /// The request body (the SOAP envelope).
    pub body: Vec<u8>,
    /// Largest response body to accept; transports enforce it while streaming.
    pub max_response_bytes: usize,
}

impl fmt::Debug for HttpRequest {
    /// Never prints the body: it may carry passwords.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body_len", &self.body.len())
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

/// The HTTP response, body fully read.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The final status (1xx interim responses are skipped by the HTTP stack).
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// All response headers in order, names lower-case (values lossily decoded).
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: bytes::Bytes,
}

/// The future returned by [`Transport::send`].
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, Error>> + Send + 'a>>;

/// Sends one SOAP request over HTTP. Object safe; implement it to plug in another HTTP
/// stack or a test double.
pub trait Transport: Send + Sync {
    /// Sends `request` and reads the whole response body (at most
    /// `request.max_response_bytes`, else [`Error::ResponseTooLarge`]).
    fn send(&self, request: HttpRequest) -> SendFuture<'_>;
}

impl HttpResponse {
    /// The values of header `name` (lower-case), in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A transport that always fails (used when the default HTTP client cannot be built).
#[derive(Debug)]
pub(crate) struct BrokenTransport {
    pub message: String,
}

impl Transport for BrokenTransport {
    fn send(&self, _request: HttpRequest) -> SendFuture<'_> {
        let message = self.message.clone();
        Box::pin(async move { Err(Error::Transport { message }) })
    }
}
