//! The XML codec: streaming reading and writing, and the traits generated types implement.
//!
//! This layer knows nothing of SOAP or HTTP (the `soap` and client layers sit on top of it):
//! * [`Writer`] and [`Encode`] produce XML.
//! * [`Reader`], [`Element`] and [`Decode`] read XML: a pull reader over borrowed bytes,
//!   with namespace resolution, well-formedness checks and the resource [`Limits`];
//!   every problem is a [`DecodeError`] naming the element path.
//! * [`TextValue`] converts simple types from and to their XSD lexical form.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::borrow::Cow;

mod dotnet;
mod element;
mod encoding;
pub(crate) mod error;
mod fields;
pub(crate) mod limits;
mod position;
mod reader;
mod scan;
pub(crate) mod stack;
mod start_tag;
mod text;
mod values;
mod writer;

pub use element::{Element, NsUri, XML_NS, XSI_NS};
pub(crate) use encoding::apply_charset;
pub use encoding::to_utf8;
pub use fields::FieldName;
pub use reader::Reader;
pub use writer::{Writer, XSD_NS};

pub use error::{DecodeError, DecodeErrorKind};
pub use limits::Limits;

pub(crate) use element::clark;
pub(crate) use error::{bounded, invalid_value_name};

/// Writes a value as the attributes and content of an element.
///
/// Implemented by the runtime for strings, `bool`, integers, floats, `Box<T>` and
/// [`AnyElement`]; by generated code for structs and enums.
pub trait Encode {
    /// Writes attributes with [`Writer::attribute`] / [`Writer::xsi_type`] (default: none).
    fn encode_attributes(&self, _w: &mut Writer) {}
    /// Writes the content: text or child elements.
    fn encode_content(&self, w: &mut Writer);
}

/// Reads a value from an element.
pub trait Decode: Sized {
    /// Called right after `el`'s start tag was returned by the reader; must consume
    /// everything through `el`'s end tag.
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError>;
}

/// Conversion of a simple type from and to its XSD lexical form (attribute values, list
/// items, element text).
pub trait TextValue: Sized {
    /// The lexical form.
    fn to_text(&self) -> Cow<'_, str>;
    /// Parses the lexical form (white space is collapsed for non-string types).
    fn from_text(s: &str) -> Result<Self, DecodeErrorKind>;
}

impl<T: Encode + ?Sized> Encode for &T {
    fn encode_attributes(&self, w: &mut Writer) {
        (**self).encode_attributes(w)
    }
    fn encode_content(&self, w: &mut Writer) {
        (**self).encode_content(w)
    }
}

/// Raw XML of one element, kept as a string: encoded verbatim (as the *content* of the
/// element it is written in), decoded with [`Reader::capture`] (the whole element, with the
/// namespace declarations in scope added so it stands alone).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AnyElement(pub String);

impl Encode for AnyElement {
    fn encode_content(&self, w: &mut Writer) {
        w.raw(&self.0)
    }
}

impl Decode for AnyElement {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        r.capture(el).map(AnyElement)
    }
}

/// Decodes a standalone document whose root must be `{ns}local` (tests, benchmarks).
pub fn decode_element<T: Decode>(
    xml: &[u8],
    ns: &str,
    local: &str,
    limits: &Limits,
) -> Result<T, DecodeError> {
    let utf8 = to_utf8(xml)?;
    let mut r = Reader::new(&utf8, limits)?;
    let root = r.root()?;
    let value = expect_element(&mut r, &root, ns, local)?;
    r.finish()?;
    Ok(value)
}

/// Encodes `value` as a standalone element `{ns}local` (no XML declaration).
pub fn encode_element<T: Encode + ?Sized>(ns: &str, local: &str, value: &T) -> String {
    let mut w = Writer::new();
    w.element(ns, local, value);
    w.into_string()
}

/// Decodes `el`, which must be `{ns}local`: the right local name in another namespace is
/// `wrong-namespace`, another name `unexpected-element`.
pub(crate) fn expect_element<T: Decode>(
    r: &mut Reader<'_>,
    el: &Element<'_>,
    ns: &str,
    local: &str,
) -> Result<T, DecodeError> {
    if el.is(ns, local) {
        T::decode(r, el)
    } else if el.local() == local {
        Err(r
            .error_for(
                el,
                DecodeErrorKind::WrongNamespace,
                format!("element `{local}` is in the wrong namespace"),
            )
            .with_expected(clark(ns, local))
            .with_found(el.expanded_name()))
    } else {
        Err(r.unexpected(el, &clark(ns, local)))
    }
}

#[cfg(test)]
mod tests;
