//! The planned client API: client types per port, their methods, and the
//! shared operation functions the methods call. Every Rust name and every
//! parameter and return shape is decided here; emitters only render.

use super::{Occurs, RsTy, TypeId};
use crate::model::{QName, SoapVersion};

/// The Rust type of a value with its occurrence and boxing, exactly as it
/// appears in a field, a parameter or a return type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Item type.
    pub ty: RsTy,
    /// `T`, `Option<T>` or `Vec<T>`.
    pub occurs: Occurs,
    /// Nillable: a required value is `Option<T>`, repeated `Vec<Option<T>>`.
    pub nillable: bool,
    /// The item is behind a `Box` (recursive type).
    pub boxed: bool,
    /// Further `Vec` layers around it (jagged arrays: `Vec<Vec<T>>`).
    pub arrays: u8,
}

impl Shape {
    /// A plain required `T`.
    pub fn required(ty: RsTy) -> Self {
        Shape {
            ty,
            occurs: Occurs::Required,
            nillable: false,
            boxed: false,
            arrays: 0,
        }
    }

    /// `Option<T>`.
    pub fn optional(ty: RsTy) -> Self {
        Shape {
            occurs: Occurs::Optional,
            ..Shape::required(ty)
        }
    }
}

/// A parameter of an operation (body or header).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Rust type.
    pub shape: Shape,
    /// The parameter holds the items of an array wrapper (a body part or
    /// a header whose type is the wrapper, field `.1`): the function wraps
    /// them; a header with no items is not sent.
    pub wrap: Option<(TypeId, String)>,
}

/// How the request body is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Document/literal wrapped: the parameters are the fields of the
    /// wrapper struct, written as one element.
    Wrapped {
        /// The wrapper element.
        element: QName,
        /// The wrapper struct.
        ty: TypeId,
        /// (struct field name, parameter name), in field order.
        fields: Vec<(String, String)>,
    },
    /// Document/literal bare (parts one after another) or rpc (parts inside
    /// an operation element).
    Parts {
        /// The rpc operation element, `None` for document style.
        wrapper: Option<RpcWrapper>,
        /// The parts, in message order.
        parts: Vec<PartWrite>,
    },
}

/// The operation element of an rpc-style body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RpcWrapper {
    /// Its name.
    pub element: QName,
    /// rpc/encoded: carries the SOAP encoding style.
    pub encoded: bool,
}

/// One body part written from a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartWrite {
    /// The parameter holding its value.
    pub param: String,
    /// Element name on the wire.
    pub xml: QName,
    /// Item type.
    pub ty: RsTy,
    /// How the value is written.
    pub how: PartEncoding,
}

/// How a body part is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartEncoding {
    /// The value as an element.
    Plain,
    /// An `Option`: `None` is written as `xsi:nil`.
    Nillable,
    /// rpc/encoded: the element carries `xsi:type` with this type.
    Typed(QName),
}

/// How the response body is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// One-way operation: no response is read.
    OneWay,
    /// Whatever the body holds is ignored; the result is `()`.
    Ignore,
    /// The first body element is decoded as `ty`, then projected.
    Element {
        /// Its expected name.
        element: QName,
        /// Its type.
        ty: RsTy,
        /// What is returned from the decoded value.
        take: Take,
        /// The element wraps the output (document/literal wrapped, rpc):
        /// its children are the output parts; else it is the one part.
        wrapper: bool,
    },
}

/// What a method returns of the decoded response element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Take {
    /// The decoded value itself.
    Whole,
    /// `Option`: `xsi:nil` is `None`, else the decoded value.
    NilOrWhole,
    /// One field of the decoded wrapper struct.
    Field(String),
    /// Nothing (`()`): the element is only checked.
    Nothing,
}

/// A declared fault of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultDef {
    /// The `wsdl:fault` name.
    pub name: String,
    /// Its detail element and the generated type for it, if any.
    pub detail: Option<(QName, Option<RsTy>)>,
}

/// A generated operation function: an `async fn` over a runtime client and
/// a SOAP version, shared by every port that binds the operation alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpFn {
    /// Rust name of the function (`op_…`).
    pub name: String,
    /// WSDL operation name.
    pub operation: String,
    /// SOAPAction.
    pub soap_action: String,
    /// Body parameters, then header parameters (in signature order).
    pub params: Vec<Param>,
    /// Header parameters: (parameter name, header element, item type). The
    /// parameter is an `Option<T>` in [`OpFn::params`].
    pub headers: Vec<(String, QName, RsTy)>,
    /// The request body.
    pub request: Request,
    /// The response body.
    pub response: Response,
    /// The Rust return type, `None` for `()`.
    pub returns: Option<Shape>,
    /// The header blocks the binding declares for the response, if any
    /// (index into [`super::Plan::response_headers`]): the function then
    /// returns the body with the response's header blocks.
    pub response_headers: Option<usize>,
}

/// The struct of the response header blocks an operation's binding
/// declares (shared by the ports that bind the operation alike).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHeaders {
    /// Rust name of the struct.
    pub type_name: String,
    /// WSDL operation name (for docs).
    pub operation: String,
    /// The blocks: (field name, header element, item type).
    pub fields: Vec<(String, QName, RsTy)>,
    /// Per block: when its type is an array wrapper, the wrapper's items
    /// field and the items' shape; the field then holds the items (empty
    /// when the response does not carry the block).
    pub items: Vec<Option<(String, Shape)>>,
}

/// Index into [`super::Plan::ops`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpId(pub usize);

/// A method of a client type.
#[derive(Debug, Clone)]
pub struct Method {
    /// Rust method name (never a name of a trait method the client type
    /// or common std traits have).
    pub name: String,
    /// The operation function it calls.
    pub op: OpId,
    /// WSDL operation documentation.
    pub doc: Option<String>,
    /// The name of the method that also returns the declared response
    /// header blocks, when the operation has any.
    pub with_headers: Option<String>,
    /// Declared faults.
    pub faults: Vec<FaultDef>,
}

/// A client type: one per `wsdl:port`.
#[derive(Debug, Clone)]
pub struct ClientDef {
    /// Rust name.
    pub name: String,
    /// Port name.
    pub port: String,
    /// Service name.
    pub service: String,
    /// Documentation.
    pub doc: Option<String>,
    /// SOAP version of the binding.
    pub version: SoapVersion,
    /// `soap:address`.
    pub address: Option<String>,
    /// WS-Addressing the binding requires.
    pub addressing: Option<crate::model::Addressing>,
    /// Methods.
    pub methods: Vec<Method>,
}

/// Names a client method can never take: the client's own constructors
/// and accessors, and methods of the traits it (or common code) uses, so
/// `client.clone()` or `Port::default()` always mean the trait method.
pub const RESERVED_METHODS: &[&str] = &[
    // The client's own items.
    "new",
    "from_client",
    "client",
    // Clone, Default, Debug, PartialEq, Hash, Eq, Ord.
    "clone",
    "clone_from",
    "default",
    "fmt",
    "eq",
    "ne",
    "hash",
    "cmp",
    "partial_cmp",
    "max",
    "min",
    "clamp",
    // Conversions and std blanket traits.
    "into",
    "from",
    "try_into",
    "try_from",
    "to_owned",
    "clone_into",
    "to_string",
    "borrow",
    "borrow_mut",
    "as_ref",
    "as_mut",
    "type_id",
    "deref",
    "drop",
];
