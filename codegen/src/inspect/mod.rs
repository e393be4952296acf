//! What a WSDL offers, for people and scripts (`soapgen inspect`):
//! services, ports (SOAP version, address), bindings without a service, and
//! every operation with the Rust signature of its client method and the XML
//! shape of its input, output, headers and faults; the planned types on
//! request.
//!
//! Built from the same [`Plan`] the emitters use, so what `inspect` shows is
//! what `generate` produces; [`Builder::inspect`] is the entry point.

mod collect;
mod json;
mod stats;
mod text;

pub use stats::ApiStats;

use std::path::Path;

use crate::error::Result;
use crate::model::QName;
use crate::Builder;

/// What a WSDL offers; render it with [`Inspection::to_text`] or
/// [`Inspection::to_json`].
#[derive(Debug, Clone)]
pub struct Inspection {
    ports: Vec<PortInfo>,
    skipped_bindings: Vec<QName>,
    types: Vec<TypeInfo>,
    warnings: Vec<String>,
    stats: ApiStats,
}

/// A port of a service, or a binding no service uses (`service` empty).
#[derive(Debug, Clone)]
struct PortInfo {
    service: String,
    name: String,
    soap: &'static str,
    address: Option<String>,
    client: String,
    operations: Vec<OpInfo>,
}

#[derive(Debug, Clone)]
struct OpInfo {
    name: String,
    method: String,
    soap_action: String,
    style: &'static str,
    signature: String,
    input: Shape,
    /// `None` for one-way operations.
    output: Option<Shape>,
    headers: Vec<FieldInfo>,
    faults: Vec<FaultInfo>,
}

/// A body: the wrapper element (wrapped and rpc) and its children, or the
/// bare parts.
#[derive(Debug, Clone, Default)]
struct Shape {
    element: Option<QName>,
    fields: Vec<FieldInfo>,
}

#[derive(Debug, Clone)]
struct FieldInfo {
    xml: QName,
    /// Rust item type (`String`, `AuthenticationRequest`, ...).
    ty: String,
    /// `""` once, `"?"` optional, `"*"` repeated.
    occurs: &'static str,
    nillable: bool,
    /// An attribute rather than an element.
    attribute: bool,
}

#[derive(Debug, Clone)]
struct FaultInfo {
    name: String,
    element: Option<QName>,
    ty: Option<String>,
}

/// A planned type, for `--types`.
#[derive(Debug, Clone)]
struct TypeInfo {
    kind: &'static str,
    name: String,
    xml: Option<QName>,
    /// Fields (structs), alternatives (choices, derived types).
    fields: Vec<(String, FieldInfo)>,
    /// Enumeration values.
    values: Vec<String>,
}

impl Builder {
    /// Reads and plans `wsdl` with this builder's settings (URL map,
    /// lenient, services) and describes what it offers. Writes nothing.
    pub fn inspect(&self, wsdl: impl AsRef<Path>) -> Result<Inspection> {
        let (model, plan) = self.read_and_plan(wsdl.as_ref())?;
        Ok(collect::collect(&model, &plan))
    }
}

impl Inspection {
    /// A terminal-friendly, stable (diffable) listing; with `types`, the
    /// planned types too.
    pub fn to_text(&self, types: bool) -> String {
        text::render(self, types)
    }

    /// The same as JSON (QNames in `{namespace}local` form); with `types`,
    /// the planned types too.
    pub fn to_json(&self, types: bool) -> String {
        json::render(self, types)
    }

    /// (service, port or binding, WSDL operation names) for every port and
    /// every binding without a service (service `""`), in listing order.
    pub fn operations(&self) -> Vec<(&str, &str, Vec<&str>)> {
        self.ports
            .iter()
            .map(|p| {
                (
                    p.service.as_str(),
                    p.name.as_str(),
                    p.operations.iter().map(|o| o.name.as_str()).collect(),
                )
            })
            .collect()
    }

    /// (client type, method signature) for every operation of every port.
    pub fn signatures(&self) -> Vec<(&str, &str)> {
        self.ports
            .iter()
            .flat_map(|p| {
                p.operations
                    .iter()
                    .map(|o| (p.client.as_str(), o.signature.as_str()))
            })
            .collect()
    }

    /// Figures about the generated API: `Option` fields, array wrapper
    /// types left in public fields and signatures.
    pub fn api_stats(&self) -> ApiStats {
        self.stats
    }

    /// Warnings of reading and planning (`file:line:col: message`).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}
