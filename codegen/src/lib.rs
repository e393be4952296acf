//! # soapgen
//!
//! Generates typed Rust clients for SOAP services from their WSDL 1.1 / XSD
//! description. The generated code links against the `soapgen-runtime`
//! crate, which handles envelopes, XML and HTTP.
//!
//! The pipeline, one private module per step: `read` (WSDL/XSD → `model`)
//! → `plan` (every Rust name and shape) → `emit` (tokens) → `format` (a
//! formatted file). The public API is [`Builder`] (with the pure
//! [`Builder::generate`] and [`Builder::compile`] for build scripts), its
//! result [`Generated`], and the [`Error`] type.
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
//! and in the crate: `soapgen_runtime::include_client!("authentication_service");`
//! (the module name: the WSDL file stem in snake_case, see
//! [`Generated::module`]).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

mod builder;
mod custom;
mod emit;
mod error;
#[cfg(feature = "fetch")]
pub mod fetch;
mod format;
mod ident;
pub mod inspect;
mod markdown;
// The model records every parsed fact with its location (the reading tests
// check them); the plan does not read all of them yet.
#[allow(dead_code)]
mod model;
mod plan;
mod read;

#[cfg(test)]
mod tests;

pub use builder::{compile_wsdl, Builder, Generated};
pub use error::{Diagnostic, Error, ErrorKind, Result};
pub use model::Loc;
