//! WSDL 1.1 components, QNames resolved, with their source locations.

use std::collections::BTreeMap;

use super::{Loc, QName};

/// Merged `wsdl:definitions` (entry plus `wsdl:import`ed documents).
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    /// Target namespace of the entry document.
    pub target_namespace: String,
    /// `wsdl:definitions/@name`, if any.
    pub name: Option<String>,
    /// `wsdl:documentation` of the entry `definitions`.
    pub doc: Option<String>,
    /// Messages by name.
    pub messages: BTreeMap<QName, Message>,
    /// Port types by name.
    pub port_types: BTreeMap<QName, PortType>,
    /// Bindings by name (SOAP 1.1 / 1.2 only; HTTP and other bindings are
    /// not stored — `other_bindings` lists their names).
    pub bindings: BTreeMap<QName, Binding>,
    /// Names of non-SOAP bindings that were skipped.
    pub other_bindings: Vec<QName>,
    /// Services by name.
    pub services: BTreeMap<QName, Service>,
}

/// `wsdl:message`.
#[derive(Debug, Clone)]
pub struct Message {
    /// Name.
    pub name: QName,
    /// Parts in document order.
    pub parts: Vec<Part>,
    /// Where.
    pub loc: Loc,
}

/// `wsdl:part`.
#[derive(Debug, Clone)]
pub struct Part {
    /// The part name (not namespace-qualified).
    pub name: String,
    /// `element=` or `type=`.
    pub kind: PartKind,
    /// Where.
    pub loc: Loc,
}

/// What a part refers to.
#[derive(Debug, Clone)]
pub enum PartKind {
    /// `element="tns:X"` (document style).
    Element(QName),
    /// `type="xs:string"` (rpc style).
    Type(QName),
}

/// `wsdl:portType`.
#[derive(Debug, Clone)]
pub struct PortType {
    /// Name.
    pub name: QName,
    /// Operations in document order.
    pub operations: Vec<Operation>,
    /// Where.
    pub loc: Loc,
}

/// An abstract operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Name.
    pub name: String,
    /// `wsdl:documentation`.
    pub doc: Option<String>,
    /// Input message (absent for notification operations).
    pub input: Option<OpMessage>,
    /// Output message (absent for one-way operations).
    pub output: Option<OpMessage>,
    /// Declared faults.
    pub faults: Vec<OpMessage>,
    /// Where.
    pub loc: Loc,
}

/// An operation's input, output or fault.
#[derive(Debug, Clone)]
pub struct OpMessage {
    /// `name=` (fault name; optional for input/output).
    pub name: Option<String>,
    /// The message.
    pub message: QName,
    /// Where.
    pub loc: Loc,
}

/// SOAP version of a binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SoapVersion {
    /// `http://schemas.xmlsoap.org/wsdl/soap/`.
    Soap11,
    /// `http://schemas.xmlsoap.org/wsdl/soap12/`.
    Soap12,
}

/// `style=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `document` (default).
    Document,
    /// `rpc`.
    Rpc,
}

/// `use=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// `literal`.
    Literal,
    /// `encoded`.
    Encoded,
}

/// A SOAP `wsdl:binding`.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Name.
    pub name: QName,
    /// The port type it binds.
    pub port_type: QName,
    /// SOAP 1.1 or 1.2.
    pub version: SoapVersion,
    /// Default style from `soap:binding/@style` (document when absent).
    pub style: Style,
    /// Operations in document order.
    pub operations: Vec<BindingOperation>,
    /// WS-Addressing the binding requires (`wsaw:UsingAddressing`, or a `wsam:Addressing`
    /// policy attached to it).
    pub addressing: Option<Addressing>,
    /// Where.
    pub loc: Loc,
}

/// A WS-Addressing version a binding asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Addressing {
    /// WS-Addressing 1.0 (`wsaw:UsingAddressing`, `wsam:Addressing`).
    W3c2005,
    /// The 2004/08 submission (`wsap:UsingAddressing` policy).
    Submission2004,
}

/// `wsdl:binding/wsdl:operation`.
#[derive(Debug, Clone)]
pub struct BindingOperation {
    /// Name (matches a port type operation).
    pub name: String,
    /// `soap:operation/@soapAction` (empty when absent).
    pub soap_action: String,
    /// `soap:operation/@style`, falling back to the binding's.
    pub style: Style,
    /// Input binding.
    pub input: Option<BindingMessage>,
    /// Output binding.
    pub output: Option<BindingMessage>,
    /// `wsdl:fault` bindings.
    pub faults: Vec<BindingFault>,
    /// Where.
    pub loc: Loc,
}

/// `wsdl:binding/wsdl:operation/wsdl:fault` with its `soap:fault`.
#[derive(Debug, Clone)]
pub struct BindingFault {
    /// The fault name (matches a port type operation's fault).
    pub name: String,
    /// `soap:fault/@use`.
    pub fault_use: Use,
    /// `soap:fault/@namespace` (empty when absent): for a message part
    /// declared with `type=`, the namespace of its detail entry, whose local
    /// name is the part name (WSDL 1.1 §3.6, as `soap:body` for rpc parts).
    pub namespace: String,
}

/// `soap:body` plus `soap:header`s of an input or output.
#[derive(Debug, Clone)]
pub struct BindingMessage {
    /// `soap:body/@use`.
    pub body_use: Use,
    /// `soap:body/@namespace` (rpc wrapper namespace), empty when absent.
    pub namespace: String,
    /// `soap:body/@encodingStyle`.
    pub encoding_style: Option<String>,
    /// `soap:body/@parts` (None = all parts).
    pub parts: Option<Vec<String>>,
    /// `soap:header` elements.
    pub headers: Vec<HeaderBinding>,
    /// `mime:multipartRelated` or other non-SOAP body bindings seen.
    pub mime: bool,
}

/// `soap:header message= part= use=`.
#[derive(Debug, Clone)]
pub struct HeaderBinding {
    /// The message holding the part.
    pub message: QName,
    /// The part name.
    pub part: String,
    /// `use=`.
    pub header_use: Use,
    /// `namespace=`.
    pub namespace: String,
    /// Where.
    pub loc: Loc,
}

/// `wsdl:service`.
#[derive(Debug, Clone)]
pub struct Service {
    /// Name.
    pub name: QName,
    /// `wsdl:documentation`.
    pub doc: Option<String>,
    /// SOAP ports (ports of non-SOAP bindings are skipped).
    pub ports: Vec<Port>,
    /// Where.
    pub loc: Loc,
}

/// `wsdl:port`.
#[derive(Debug, Clone)]
pub struct Port {
    /// Name.
    pub name: String,
    /// Binding.
    pub binding: QName,
    /// `soap:address/@location` or `soap12:address/@location`.
    pub address: Option<String>,
    /// Where.
    pub loc: Loc,
}
