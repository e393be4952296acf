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

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Options;
use crate::error::Error;
use crate::redact;
use crate::soap::{self, HeaderBlock, ResponseHeader, SoapVersion};
use crate::transport::{BrokenTransport, HttpRequest, HttpResponse, Transport};
use crate::wsa::{Addressing, WsaVersion};
use crate::wsse::UsernameToken;
use crate::xml::{DecodeError, Element, Reader, Writer};

mod boxed;
mod classify;
mod context;
mod hook;
mod http;

pub use boxed::CallFuture;
use classify::{classify, log_envelope};
use context::EndpointInfo;
pub use hook::{IncomingMessage, MessageHook, OutgoingMessage};

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

#[derive(Clone)]
struct Inner {
    endpoint: String,
    /// The endpoint as errors show it, and whether it is usable.
    endpoint_info: EndpointInfo,
    transport: Arc<dyn Transport>,
    options: Options,
    ext: Extensions,
}

/// What a client adds to every message: header blocks, hooks, addressing, MTOM.
#[derive(Clone, Default)]
struct Extensions {
    headers: Vec<HeaderBlock>,
    hooks: Vec<Arc<dyn MessageHook>>,
    addressing: Option<WsaVersion>,
    mtom: bool,
    /// HTTP headers of [`Client::with_http_header`].
    http_headers: Vec<(String, String)>,
}

/// A decoded response with its SOAP header blocks.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded Body content.
    pub body: T,
    /// Every header block of the response, as standalone XML, in document order.
    pub headers: Vec<ResponseHeader>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field(
                "endpoint",
                &redact::url_without_userinfo(&self.inner.endpoint),
            )
            .field("options", &self.inner.options)
            .field("headers", &self.inner.ext.headers)
            .field("hooks", &self.inner.ext.hooks.len())
            .field("addressing", &self.inner.ext.addressing)
            .field("mtom", &self.inner.ext.mtom)
            .finish_non_exhaustive()
    }
}

/// Builder for [`Client`].
pub struct ClientBuilder {
    endpoint: String,
    transport: Option<Arc<dyn Transport>>,
    options: Options,
    ext: Extensions,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("endpoint", &redact::url_without_userinfo(&self.endpoint))
            .field("custom_transport", &self.transport.is_some())
            .field("options", &self.options)
            .field("headers", &self.ext.headers)
            .field("hooks", &self.ext.hooks.len())
            .field("addressing", &self.ext.addressing)
            .field("mtom", &self.ext.mtom)
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

    /// Adds a header block to every request (after the blocks the WSDL declares).
    pub fn header(mut self, block: HeaderBlock) -> Self {
        self.ext.headers.push(block);
        self
    }

    /// Adds a message hook (see [`MessageHook`]); hooks run in the order added.
    pub fn hook(mut self, hook: impl MessageHook + 'static) -> Self {
        self.ext.hooks.push(Arc::new(hook));
        self
    }

    /// Adds a WS-Security UsernameToken to every request (a [`MessageHook`]).
    pub fn wsse(self, token: UsernameToken) -> Self {
        self.hook(token)
    }

    /// Adds WS-Addressing headers of `version` to every request and checks the response's
    /// `wsa:RelatesTo` (the [`Addressing`] hook with its defaults, run after the other
    /// hooks). For other settings add an [`Addressing`] with [`ClientBuilder::hook`].
    pub fn addressing(mut self, version: WsaVersion) -> Self {
        self.ext.addressing = Some(version);
        self
    }

    /// Strict decoding ([`crate::xml::Limits::strict`]): a response element the schema
    /// does not declare where it appears is an error (`unexpected-element`, or
    /// `wrong-namespace` naming `elementFormDefault`) instead of being skipped.
    pub fn strict(mut self, yes: bool) -> Self {
        self.options.limits.strict = yes;
        self
    }

    /// Sends requests as MTOM/XOP packages (`multipart/related`). MTOM responses are
    /// always accepted, whatever this says.
    pub fn mtom(mut self, yes: bool) -> Self {
        self.ext.mtom = yes;
        self
    }

    /// Builds the client. Fails with [`Error::InvalidEndpoint`] (naming the URL, without
    /// any `user:password@`) when the endpoint is not an absolute URL (with the built-in
    /// transport: an `http` or `https` URL), or when the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let endpoint_info = EndpointInfo::new(&self.endpoint, self.transport.is_none());
        endpoint_info.check()?;
        let transport = http::transport_for(&self.options, self.transport)?;
        Ok(Client {
            inner: Arc::new(Inner {
                endpoint: self.endpoint,
                endpoint_info,
                transport,
                options: self.options,
                ext: self.ext,
            }),
        })
    }
}

impl Client {
    /// A client for `endpoint` with the default reqwest transport and default options.
    ///
    /// Infallible, so that generated `Port::new(endpoint)` stays as it is: when `endpoint`
    /// is not an `http`/`https` URL this logs a warning naming it and every call fails with
    /// [`Error::InvalidEndpoint`] before sending anything. To be told at construction, use
    /// [`Client::try_new`] (`Port::from_client(Client::try_new(url)?)`) or
    /// [`Client::builder`]. (If the HTTP client cannot be created, every call fails with
    /// [`Error::Transport`].)
    pub fn new(endpoint: impl Into<String>) -> Client {
        let endpoint = endpoint.into();
        let endpoint_info = EndpointInfo::new(&endpoint, true);
        if let Err(e) = endpoint_info.check() {
            tracing::warn!("{e}; every call of this client will fail");
        }
        let options = Options::default();
        let transport: Arc<dyn Transport> = match http::transport_for(&options, None) {
            Ok(t) => t,
            Err(e) => Arc::new(BrokenTransport {
                message: e.to_string(),
            }),
        };
        Client {
            inner: Arc::new(Inner {
                endpoint,
                endpoint_info,
                transport,
                options,
                ext: Extensions::default(),
            }),
        }
    }

    /// A client for `endpoint` with the default transport and options, or
    /// [`Error::InvalidEndpoint`] naming the URL when it is not an `http`/`https` URL.
    pub fn try_new(endpoint: impl Into<String>) -> Result<Client, Error> {
        Client::builder(endpoint).build()
    }

    /// A builder for a client of `endpoint`.
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            transport: None,
            options: Options::default(),
            ext: Extensions::default(),
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

    /// A client that sends `blocks` in addition to this client's header blocks, sharing
    /// its connection pool: per-call headers are
    /// `Service::from_client(client.with_headers([...])).op(...)`.
    pub fn with_headers(&self, blocks: impl IntoIterator<Item = HeaderBlock>) -> Client {
        let mut inner = (*self.inner).clone();
        inner.ext.headers.extend(blocks);
        Client {
            inner: Arc::new(inner),
        }
    }

    /// A client that also runs `hook` (after this client's hooks), sharing its
    /// connection pool.
    pub fn with_hook(&self, hook: impl MessageHook + 'static) -> Client {
        let mut inner = (*self.inner).clone();
        inner.ext.hooks.push(Arc::new(hook));
        Client {
            inner: Arc::new(inner),
        }
    }

    /// A client with WS-Addressing of `version` switched on (generated clients call this
    /// when the WSDL binding uses addressing), sharing this client's connection pool.
    pub fn with_addressing(&self, version: WsaVersion) -> Client {
        let mut inner = (*self.inner).clone();
        inner.ext.addressing = Some(version);
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The WS-Addressing version this client sends, if any.
    pub fn addressing(&self) -> Option<WsaVersion> {
        self.inner.ext.addressing
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
        self.call_with_headers(version, op, encode_headers, encode_body, decode)
            .await
            .map(|r| r.body)
    }

    /// [`Client::call`] that also returns the response's header blocks (used by generated
    /// code for the `*_with_headers` methods).
    #[doc(hidden)]
    pub async fn call_with_headers<T>(
        &self,
        version: SoapVersion,
        op: &Operation,
        encode_headers: impl FnOnce(&mut Writer),
        encode_body: impl FnOnce(&mut Writer),
        decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
    ) -> Result<Response<T>, Error> {
        let limits = self.limits_from_now();
        let (response, call_values) = self.send(version, op, encode_headers, encode_body).await?;
        let mut headers = Vec::new();
        let shown = &self.inner.endpoint_info.shown;
        let classified = classify(
            version,
            (op, shown),
            &response,
            &limits,
            false,
            &mut headers,
            decode,
        );
        match classified {
            Ok(Some(body)) => {
                self.incoming(version, op, &response, &headers, &call_values)?;
                Ok(Response { body, headers })
            }
            Ok(None) => Err(Error::EmptyBody {
                operation: op.name,
                endpoint: shown.clone(),
                status: response.status,
            }),
            Err(e) => Err(classify::scrub_error(
                self.inner.endpoint_info.add_context(e, op),
                &self.inner.options.sensitive_names,
            )),
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
        let limits = self.limits_from_now();
        let (response, call_values) = self.send(version, op, encode_headers, encode_body).await?;
        let mut headers = Vec::new();
        let got = classify(
            version,
            (op, &self.inner.endpoint_info.shown),
            &response,
            &limits,
            true,
            &mut headers,
            |r, el| match el {
                Some(el) => r.skip(&el),
                None => Ok(()),
            },
        )
        .map_err(|e| {
            classify::scrub_error(
                self.inner.endpoint_info.add_context(e, op),
                &self.inner.options.sensitive_names,
            )
        })?;
        if got.is_some() {
            self.incoming(version, op, &response, &headers, &call_values)?;
        }
        Ok(())
    }

    fn hooks(&self) -> impl Iterator<Item = Arc<dyn MessageHook>> + '_ {
        let addressing = self
            .inner
            .ext
            .addressing
            .map(|v| Arc::new(Addressing::new(v)) as Arc<dyn MessageHook>);
        self.inner.ext.hooks.iter().cloned().chain(addressing)
    }

    fn incoming(
        &self,
        version: SoapVersion,
        op: &Operation,
        response: &HttpResponse,
        headers: &[ResponseHeader],
        call_values: &BTreeMap<String, String>,
    ) -> Result<(), Error> {
        let message = IncomingMessage {
            version,
            operation: op,
            status: response.status,
            content_type: response.content_type.as_deref(),
            headers,
            call_values,
        };
        for hook in self.hooks() {
            hook.incoming(&message)?;
        }
        Ok(())
    }

    /// The reader's limits for a call starting now: the whole-call timeout, if any, is
    /// also the deadline of decoding the response.
    fn limits_from_now(&self) -> crate::xml::Limits {
        let options = &self.inner.options;
        let deadline = options.timeout.and_then(|t| Instant::now().checked_add(t));
        options.limits.clone().deadline(deadline)
    }

    async fn send(
        &self,
        version: SoapVersion,
        op: &Operation,
        encode_headers: impl FnOnce(&mut Writer),
        encode_body: impl FnOnce(&mut Writer),
    ) -> Result<(HttpResponse, BTreeMap<String, String>), Error> {
        self.inner.endpoint_info.check()?;
        let ext = &self.inner.ext;
        let mut blocks = ext.headers.clone();
        let mut http_headers = soap::request_headers(version, op.soap_action);
        self.add_http_headers(&mut http_headers);
        let mut call_values = BTreeMap::new();
        for hook in self.hooks() {
            hook.outgoing(&mut OutgoingMessage {
                version,
                operation: op,
                endpoint: &self.inner.endpoint,
                headers: &mut blocks,
                http_headers: &mut http_headers,
                call_values: &mut call_values,
            })?;
        }
        let (mut body, attachments) = soap::write_request_with_attachments(
            version,
            ext.mtom,
            |w| {
                encode_headers(w);
                for b in &blocks {
                    b.write(version, w);
                }
            },
            encode_body,
        );
        let options = &self.inner.options;
        if options.log_envelopes {
            log_envelope(op, "request", &body, &self.inner.options.sensitive_names);
        }
        if ext.mtom {
            let (content_type, package) =
                crate::mtom::write_package(version, op.soap_action, &body, &attachments);
            body = package;
            for (name, value) in http_headers.iter_mut() {
                if name.eq_ignore_ascii_case("content-type") {
                    *value = content_type.clone();
                }
            }
        }
        let request = HttpRequest {
            url: self.inner.endpoint.clone(),
            headers: http_headers,
            body,
            max_response_bytes: options.max_response_bytes,
        };
        let mut response = self
            .send_http(op, request)
            .await
            .map_err(|e| self.inner.endpoint_info.add_context(e, op))?;
        if let Some(ct) = response.content_type.as_deref() {
            if crate::mtom::is_multipart_related(ct) {
                let root = crate::mtom::read_package(ct, &response.body)
                    .map_err(|e| Error::Mtom { message: e.0 })?;
                response.body = root;
                response.content_type = Some("application/xop+xml".to_owned());
            }
        }
        if options.log_envelopes {
            log_envelope(
                op,
                "response",
                &response.body,
                &self.inner.options.sensitive_names,
            );
        }
        Ok((response, call_values))
    }
}
