//! The SOAP layer over the XML codec: versions, request envelopes, response envelopes and
//! faults. It knows nothing of HTTP.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod envelope;
mod fault;
mod header;
mod multiref;
mod version;

pub use envelope::{
    read_response, read_response_with_headers, request_headers, write_request,
    write_request_with_attachments, ReadError,
};
pub use fault::{Fault, FaultDetail, QName};
pub use header::{HeaderBlock, InvalidHeader, ResponseHeader};
pub use version::{SoapVersion, SOAP11_NS, SOAP12_NS};

#[doc(hidden)]
pub use envelope::expect_body_element;
pub(crate) use envelope::probe_fault;
