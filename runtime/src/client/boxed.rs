//! The calls generated operation functions make: [`Client::call`] and its siblings as
//! boxed `'static` futures ([`CallFuture`]), so that generated code holds no `async` of
//! its own: a state machine per operation, type-checked in the user's crate, was most of
//! the cost of compiling a large generated client.

use std::future::Future;
use std::pin::Pin;

use super::{Client, Operation, Response};
use crate::error::Error;
use crate::soap::SoapVersion;
use crate::xml::{DecodeError, Element, Reader, Writer};

/// The future of a generated async method: it owns a handle to the client and the
/// arguments, so it is `'static` and `Send` (spawn it, store it, or `.await` it).
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

impl Client {
    /// [`Client::call`] as a [`CallFuture`] (used by generated code).
    #[doc(hidden)]
    pub fn call_boxed<T: Send + 'static>(
        self,
        version: SoapVersion,
        op: &'static Operation,
        encode_headers: impl FnOnce(&mut Writer) + Send + 'static,
        encode_body: impl FnOnce(&mut Writer) + Send + 'static,
        decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>
            + Send
            + 'static,
    ) -> CallFuture<T> {
        Box::pin(async move {
            self.call(version, op, encode_headers, encode_body, decode)
                .await
        })
    }

    /// [`Client::call_with_headers`] as a [`CallFuture`] (used by generated code).
    #[doc(hidden)]
    pub fn call_with_headers_boxed<T: Send + 'static>(
        self,
        version: SoapVersion,
        op: &'static Operation,
        encode_headers: impl FnOnce(&mut Writer) + Send + 'static,
        encode_body: impl FnOnce(&mut Writer) + Send + 'static,
        decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>
            + Send
            + 'static,
    ) -> CallFuture<Response<T>> {
        Box::pin(async move {
            self.call_with_headers(version, op, encode_headers, encode_body, decode)
                .await
        })
    }

    /// [`Client::call_one_way`] as a [`CallFuture`] (used by generated code).
    #[doc(hidden)]
    pub fn call_one_way_boxed(
        self,
        version: SoapVersion,
        op: &'static Operation,
        encode_headers: impl FnOnce(&mut Writer) + Send + 'static,
        encode_body: impl FnOnce(&mut Writer) + Send + 'static,
    ) -> CallFuture<()> {
        Box::pin(async move {
            self.call_one_way(version, op, encode_headers, encode_body)
                .await
        })
    }
}
