//! The message hook: one small trait, like zeep's plugins or WCF's message inspectors.
//!
//! A [`MessageHook`] sees every call twice: [`outgoing`](MessageHook::outgoing) before the
//! request is written (it may add or change header blocks and HTTP request headers) and
//! [`incoming`](MessageHook::incoming) after a response envelope was read (it sees the HTTP
//! status and headers and the response's header blocks, and may reject the response).
//! WS-Security ([`crate::wsse::UsernameToken`]) and WS-Addressing
//! ([`crate::wsa::Addressing`]) are hooks; install your own with
//! [`ClientBuilder::hook`](crate::ClientBuilder::hook).
//!
//! ```
//! use soapgen_runtime::{Error, HeaderBlock, IncomingMessage, MessageHook, OutgoingMessage};
//!
//! /// Sends a session header and prints every response header block.
//! struct Session(String);
//!
//! impl MessageHook for Session {
//!     fn outgoing(&self, m: &mut OutgoingMessage<'_>) -> Result<(), Error> {
//!         m.headers.push(HeaderBlock::element("urn:example", "SessionId", &self.0));
//!         m.http_headers.push(("X-Client".into(), "demo".into()));
//!         Ok(())
//!     }
//!     fn incoming(&self, m: &IncomingMessage<'_>) -> Result<(), Error> {
//!         for h in m.headers {
//!             eprintln!("{}", h.xml);
//!         }
//!         Ok(())
//!     }
//! }
//! ```

use std::collections::BTreeMap;

use super::Operation;
use crate::error::Error;
use crate::soap::{HeaderBlock, ResponseHeader, SoapVersion};

/// Sees and changes outgoing messages, sees incoming ones. Hooks run in the order they
/// were added; an error from a hook ends the call with that error.
pub trait MessageHook: Send + Sync {
    /// Called before the request envelope is written.
    fn outgoing(&self, message: &mut OutgoingMessage<'_>) -> Result<(), Error> {
        let _ = message;
        Ok(())
    }

    /// Called after a response envelope (not a Fault) was read, before its Body is
    /// returned.
    fn incoming(&self, message: &IncomingMessage<'_>) -> Result<(), Error> {
        let _ = message;
        Ok(())
    }
}

/// What a hook sees of a request before it is written.
#[non_exhaustive]
pub struct OutgoingMessage<'a> {
    /// The SOAP version of the call.
    pub version: SoapVersion,
    /// The operation called.
    pub operation: &'a Operation,
    /// The endpoint URL.
    pub endpoint: &'a str,
    /// Header blocks to send after the ones the WSDL declares (those of the client and of
    /// the call come first); add, remove or change them.
    pub headers: &'a mut Vec<HeaderBlock>,
    /// HTTP request headers (`Content-Type`, `SOAPAction`, ...); add or change them.
    pub http_headers: &'a mut Vec<(String, String)>,
    /// Values a hook keeps for the same call's [`IncomingMessage`] (e.g. a MessageID).
    pub call_values: &'a mut BTreeMap<String, String>,
}

/// What a hook sees of a response.
#[non_exhaustive]
pub struct IncomingMessage<'a> {
    /// The SOAP version of the call.
    pub version: SoapVersion,
    /// The operation called.
    pub operation: &'a Operation,
    /// The HTTP status.
    pub status: u16,
    /// The HTTP `Content-Type` of the response, if any.
    pub content_type: Option<&'a str>,
    /// The response's header blocks, in document order.
    pub headers: &'a [ResponseHeader],
    /// What the hooks stored in [`OutgoingMessage::call_values`] for this call.
    pub call_values: &'a BTreeMap<String, String>,
}
