//! Serving SOAP: what generated mock servers build on (feature `server`).
//!
//! `soapgen::Builder::server(true)` generates, per port, a service trait
//! with one `async fn` per operation and a handler type implementing
//! [`Endpoint`]; [`serve`] runs any [`Endpoint`] over HTTP/1.1 (hyper) on a
//! listener: POST at any path, SOAP 1.1 (`text/xml`) and SOAP 1.2
//! (`application/soap+xml`) alike, the response in the request's version,
//! a [`Fault`] as a SOAP fault with HTTP status 500.
//!
//! Meant for tests (an in-process mock of a partner's service) and demos:
//! it has the runtime's reading limits but no TLS, authentication or
//! graceful shutdown (drop the task).
// Requests are untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod http;

use std::future::Future;
use std::pin::Pin;

pub use http::serve;

use crate::soap::SoapVersion;
use crate::soap::{read_response, write_request, ReadError};
use crate::xml::{Decode, DecodeError, Element, Encode, Limits, Reader, Writer};

/// Who is to blame for a fault: SOAP 1.1 `Client`/`Server`, SOAP 1.2
/// `Sender`/`Receiver`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// The request was wrong (`soap:Client` / `soap12:Sender`).
    Client,
    /// The service failed (`soap:Server` / `soap12:Receiver`).
    Server,
}

/// A SOAP fault a service answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Who is to blame.
    pub code: FaultCode,
    /// The human-readable reason (`faultstring` / `Reason/Text`).
    pub reason: String,
    /// The detail entry, as XML (see [`Fault::with_detail`]).
    pub detail: Option<String>,
}

impl Fault {
    /// A fault blaming the request.
    pub fn client(reason: impl Into<String>) -> Self {
        Fault {
            code: FaultCode::Client,
            reason: reason.into(),
            detail: None,
        }
    }

    /// A fault blaming the service.
    pub fn server(reason: impl Into<String>) -> Self {
        Fault {
            code: FaultCode::Server,
            reason: reason.into(),
            detail: None,
        }
    }

    /// Adds a typed detail entry: `value` written as element `{ns}local`
    /// (a declared `wsdl:fault`'s detail type; clients decode it with
    /// `Fault::detail_as`).
    pub fn with_detail<T: Encode + ?Sized>(mut self, ns: &str, local: &str, value: &T) -> Self {
        let mut w = Writer::new();
        w.element(ns, local, value);
        self.detail = Some(w.into_string());
        self
    }

    /// The fault envelope in `version`.
    pub fn to_envelope(&self, version: SoapVersion) -> Vec<u8> {
        let p = version.prefix();
        write_request(
            version,
            |_| {},
            |w| match version {
                SoapVersion::Soap11 => {
                    let code = match self.code {
                        FaultCode::Client => "Client",
                        FaultCode::Server => "Server",
                    };
                    w.raw(&format!(
                        "<{p}:Fault><faultcode>{p}:{code}</faultcode><faultstring>"
                    ));
                    w.text(&self.reason);
                    w.raw("</faultstring>");
                    if let Some(d) = &self.detail {
                        w.raw("<detail>");
                        w.raw(d);
                        w.raw("</detail>");
                    }
                    w.raw(&format!("</{p}:Fault>"));
                }
                SoapVersion::Soap12 => {
                    let code = match self.code {
                        FaultCode::Client => "Sender",
                        FaultCode::Server => "Receiver",
                    };
                    w.raw(&format!(
                        "<{p}:Fault><{p}:Code><{p}:Value>{p}:{code}</{p}:Value></{p}:Code>\
                         <{p}:Reason><{p}:Text xml:lang=\"en\">"
                    ));
                    w.text(&self.reason);
                    w.raw(&format!("</{p}:Text></{p}:Reason>"));
                    if let Some(d) = &self.detail {
                        w.raw(&format!("<{p}:Detail>"));
                        w.raw(d);
                        w.raw(&format!("</{p}:Detail>"));
                    }
                    w.raw(&format!("</{p}:Fault>"));
                }
            },
        )
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SOAP fault ({:?}): {}", self.code, self.reason)
    }
}

impl std::error::Error for Fault {}

impl From<DecodeError> for Fault {
    /// A request that does not decode is the client's fault.
    fn from(e: DecodeError) -> Self {
        Fault::client(e.to_string())
    }
}

/// One received SOAP request.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// Its SOAP version (from the `Content-Type`).
    pub version: SoapVersion,
    /// The envelope.
    pub body: &'a [u8],
    /// The SOAPAction (SOAP 1.1 header or SOAP 1.2 `action` parameter).
    pub soap_action: Option<&'a str>,
    /// Reading limits.
    pub limits: &'a Limits,
}

impl Request<'_> {
    /// `(namespace, local name)` of the first element of the Body: what
    /// the handler dispatches on.
    pub fn operation(&self) -> Result<(String, String), Fault> {
        self.read(|r, el| {
            let name = el
                .as_ref()
                .map(|e| (e.ns().to_string(), e.local().to_string()));
            if let Some(e) = el {
                r.skip(&e)?;
            }
            Ok(name)
        })?
        .ok_or_else(|| Fault::client("the SOAP Body is empty"))
    }

    /// Decodes the envelope: `decode` gets the reader inside the Body and
    /// its first element (like the client's response reading).
    pub fn read<T>(
        &self,
        decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
    ) -> Result<T, Fault> {
        read_response(self.version, self.body, self.limits, decode).map_err(|e| match e {
            ReadError::Fault(_) => Fault::client("a request cannot be a SOAP fault"),
            ReadError::Decode(d) => Fault::from(*d),
        })
    }

    /// Decodes the first Body element as `T`, which must be `{ns}local`.
    pub fn read_element<T: Decode>(&self, ns: &str, local: &str) -> Result<T, Fault> {
        self.read(|r, el| crate::soap::expect_body_element(r, el, ns, local))
    }
}

/// A response envelope in `version` whose Body `encode_body` writes.
pub fn response(version: SoapVersion, encode_body: impl FnOnce(&mut Writer)) -> Vec<u8> {
    write_request(version, |_| {}, encode_body)
}

/// What [`Endpoint::handle`] returns: the response envelope, `None` for a
/// one-way operation (HTTP 202, no body), or a fault.
pub type HandleFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Option<Vec<u8>>, Fault>> + Send + 'a>>;

/// A SOAP endpoint: generated handlers implement it over a user's service.
pub trait Endpoint: Send + Sync + 'static {
    /// Answers one request.
    fn handle<'a>(&'a self, request: Request<'a>) -> HandleFuture<'a>;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fault envelopes read back as faults by the client side, both versions.
    #[test]
    fn faults_read_back() {
        struct Detail;
        impl Encode for Detail {
            fn encode_content(&self, w: &mut Writer) {
                w.element("urn:d", "Code", "E<42>");
            }
        }
        for v in [SoapVersion::Soap11, SoapVersion::Soap12] {
            let f = Fault::client("bad <user> & pass").with_detail("urn:d", "Problem", &Detail);
            let env = f.to_envelope(v);
            let Err(ReadError::Fault(got)) =
                read_response(v, &env, &Limits::default(), |_, _| Ok(()))
            else {
                panic!("not a fault: {}", String::from_utf8_lossy(&env));
            };
            assert_eq!(got.reason, "bad <user> & pass");
            assert_eq!(
                got.detail_first_child(),
                Some(("urn:d".to_string(), "Problem".to_string()))
            );
            let code = got.code.local().to_string();
            assert_eq!(
                code,
                if v == SoapVersion::Soap11 {
                    "Client"
                } else {
                    "Sender"
                }
            );
        }
    }
}
