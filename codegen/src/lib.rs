//! # soapgen
//!
//! Generates typed Rust clients for SOAP services from their WSDL 1.1 / XSD
//! description. The generated code links against the `soapgen-runtime`
//! crate, which handles envelopes, XML and HTTP.
//!
//! The pipeline, one module per step:
//! [`read`] (WSDL/XSD → [`model`]) → [`plan`] (Rust names and types) →
//! [`emit`] (tokens) → [`format()`] (a formatted file).
//!
//! From `build.rs`:
//!
//! ```no_run
//! // build.rs
//! soapgen::Builder::new()
//!     .compile(&["wsdl/AuthenticationService.wsdl"])
//!     .expect("generate SOAP client");
//! ```
//!
//! and in the crate: `soapgen_runtime::include_client!("AuthenticationService");`.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod builder;
pub mod emit;
pub mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
mod format;
pub mod ident;
pub mod inspect;
mod markdown;
pub mod model;
pub mod plan;
pub mod read;

pub use builder::{compile_wsdl, Builder, Generated};
pub use error::{Error, ErrorKind, Result};
pub use format::{format, rustfmt};
