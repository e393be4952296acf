//! The client layer: [`Client`] and its builder, and the call pipeline
//! (value → XML writer → envelope → transport → classification → streaming reader → value).
//!
//! Classification order:
//! 1. a body that is a SOAP envelope whose first Body child is a Fault → [`Error::Fault`],
//!    whatever the status;
//! 2. any other non-2xx (3xx included) → [`Error::HttpStatus`];
//! 3. 2xx with a non-XML media type → [`Error::WrongContentType`] (no `Content-Type` with a
//!    non-empty body: parsed as XML);
//! 4. 2xx with an empty body → [`Error::EmptyBody`] (success for one-way calls);
//! 5. otherwise the envelope is decoded.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::sync::Arc;
use std::time::Duration;

use crate::config::Options;
use crate::error::Error;
use crate::soap::{self, SoapVersion};
use crate::transport::{BrokenTransport, HttpRequest, HttpResponse, ReqwestTransport, Transport};
use crate::xml::{DecodeError, Element, Reader, Writer};

mod classify;

use classify::{classify, log_envelope, with_operation};

/// Static description of an operation, emitted by the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Operation {
    /// The WSDL operation name (used in error messages).
    pub name: &'static str,
    /// The SOAP action (`SOAPAction` header / `action` parameter).
    pub soap_action: &'static str,
}

/// A SOAP client for one endpoint. Cheap to clone: clones share the connection pool.
///
/// Responses are classified in this order:
/// 1. a body that is a SOAP envelope whose first Body child is a Fault → [`Error::Fault`],
///    whatever the status;
/// 2. any other non-2xx (3xx included) → [`Error::HttpStatus`];
/// 3. 2xx with a non-XML media type → [`Error::WrongContentType`] (no `Content-Type` with a
///    non-empty body: parsed as XML);
/// 4. 2xx with an empty body → [`Error::EmptyBody`] (success for one-way calls);
/// 5. otherwise the envelope is decoded (version, `Body`, response element, schema).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: String,
    transport: Arc<dyn Transport>,
    options: Options,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("endpoint", &self.inner.endpoint)
            .field("options", &self.inner.options)
            .finish_non_exhaustive()
    }
}

/// Builder for [`Client`].
pub struct ClientBuilder {
    endpoint: String,
    transport: Option<Arc<dyn Transport>>,
    options: Options,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("custom_transport", &self.transport.is_some())
            .field("options", &self.options)
            .finish()
    }
}

impl ClientBuilder {
    /// Uses `transport` instead of the default reqwest transport.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Replaces all options.
    pub fn options(mut self, options: Options) -> Self {
        self.options = options;
        self
    }

    /// Total time allowed for one call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Time allowed to connect.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.options.connect_timeout = Some(timeout);
        self
    }

    /// Builds the client. Fails when the endpoint is not a valid URL or the HTTP client
    /// cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        if let Err(e) = reqwest::Url::parse(&self.endpoint) {
            return Err(Error::Transport {
                message: format!("invalid endpoint URL `{}`: {e}", self.endpoint),
            });
        }
        let transport = match self.transport {
            Some(t) => t,
            None => Arc::new(ReqwestTransport::new(&self.options)?),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint: self.endpoint,
                transport,
                options: self.options,
            }),
        })
    }
}

impl Client {
    /// A client for `endpoint` with the default reqwest transport and default options.
    /// (If the HTTP client cannot be created, every call fails with [`Error::Transport`].)
    pub fn new(endpoint: impl Into<String>) -> Client {
        let endpoint = endpoint.into();
        let options = Options::default();
        let transport: Arc<dyn Transport> = match ReqwestTransport::new(&options) {
            Ok(t) => Arc::new(t),
            Err(e) => Arc::new(BrokenTransport {
                message: e.to_string(),
            }),
        };
        Client {
            inner: Arc::new(Inner {
                endpoint,
                transport,
                options,
            }),
        }
    }

    /// A builder for a client of `endpoint`.
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            transport: None,
            options: Options::default(),
        }
    }

    /// The endpoint URL.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// The options.
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// Performs a request-response call (used by generated code).
    ///
    /// `decode` gets the reader inside `Body` and the first Body child (`None` when the Body
    /// is empty). Decode errors get `operation` filled in.
    #[doc(hidden)]
    pub async fn call<T>(
        &self,
        version: SoapVersion,
        op: &Operation,
        encode_headers: impl FnOnce(&mut Writer),
        encode_body: impl FnOnce(&mut Writer),
        decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
    ) -> Result<T, Error> {
        let response = self.send(version, op, encode_headers, encode_body).await?;
        match classify(version, &response, &self.inner.options, false, decode) {
            Ok(Some(value)) => Ok(value),
            Ok(None) => Err(Error::EmptyBody {
                status: response.status,
            }),
            Err(e) => Err(with_operation(e, op)),
        }
    }

    /// Performs a one-way call: 2xx with an empty body, or any envelope without a Fault, is
    /// success.
    #[doc(hidden)]
    pub async fn call_one_way(
        &self,
        version: SoapVersion,
        op: &Operation,
        encode_headers: impl FnOnce(&mut Writer),
        encode_body: impl FnOnce(&mut Writer),
    ) -> Result<(), Error> {
        let response = self.send(version, op, encode_headers, encode_body).await?;
        classify(
            version,
            &response,
            &self.inner.options,
            true,
            |r, el| match el {
                Some(el) => r.skip(&el),
                None => Ok(()),
            },
        )
        .map(|_| ())
        .map_err(|e| with_operation(e, op))
    }

    async fn send(
        &self,
        version: SoapVersion,
        op: &Operation,
        encode_headers: impl FnOnce(&mut Writer),
        encode_body: impl FnOnce(&mut Writer),
    ) -> Result<HttpResponse, Error> {
        let body = soap::write_request(version, encode_headers, encode_body);
        let options = &self.inner.options;
        if options.log_envelopes {
            log_envelope(op, "request", &body);
        }
        let request = HttpRequest {
            url: self.inner.endpoint.clone(),
            headers: soap::request_headers(version, op.soap_action),
            body,
            max_response_bytes: options.max_response_bytes,
        };
        let response = self.inner.transport.send(request).await?;
        if options.log_envelopes {
            log_envelope(op, "response", &response.body);
        }
        Ok(response)
    }
}
