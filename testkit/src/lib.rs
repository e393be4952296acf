//! Test support shared by the soapgen crates' tests (never published).
//!
//! * [`http`]: loopback HTTP/1.1 servers on `127.0.0.1:0`, on std threads so that sync and
//!   async tests can use them: a handler server with keep-alive that records requests, a
//!   raw server that writes fixed bytes (hostile framing), a connection counter and a
//!   static file map. Every server stops on drop through an event (its blocking accept is
//!   woken by one more connection), never by sleeping.
//! * [`xml`]: compare XML documents by their canonical form.
//! * [`vectors`]: the `CASES.tsv` grammar of the shared SOAP test-vector set.

pub mod http;
pub mod vectors;
pub mod xml;
