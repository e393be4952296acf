//! Benchmarks of soapgen-generated clients, run by `cargo xtask bench`.
//!
//! The `bench` binary is a small custom harness (warmup, several repeats, medians):
//!
//! * [`codec`]: decoding the `shared/bench` messages into the generated types and encoding
//!   request envelopes, beside a quick-xml `NsReader` baseline over the same bytes and
//!   gSOAP's generated C++ ([`gsoap`]);
//! * [`e2e`]: calls per second and latency of the generated client over loopback HTTP
//!   (keep-alive) beside a plain reqwest POST of the same bytes;
//! * [`buildtime`]: generation time and `cargo check` time of large corpus WSDLs;
//! * [`rss`]: peak resident memory while decoding the 100,000-user response as it arrives
//!   over HTTP (a separate process).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod buildtime;
pub mod codec;
pub mod e2e;
pub mod gsoap;
pub mod profile;
pub mod rss;
pub mod server;
pub mod stats;

/// The client generated from `shared/bench/bulk.wsdl` by this crate's build script.
pub mod bulk {
    soapgen_runtime::include_client!("bulk");
}

/// `http://services.sajan.com/`: the service namespace of `bulk.wsdl`.
pub const NS_TNS: &str = "http://services.sajan.com/";
