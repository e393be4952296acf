//! Streaming XML reading and writing used by generated code.
//!
//! * [`Writer`] and [`Encode`] produce request XML.
//! * [`Reader`], [`Element`] and [`Decode`] read response XML: a pull reader over borrowed
//!   bytes, with namespace resolution, well-formedness checks and the resource limits of
//!   [`crate::Limits`].
//! * [`TextValue`] converts simple types from and to their XSD lexical form.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::borrow::Cow;

mod element;
mod encoding;
mod fields;
mod reader;
mod start_tag;
mod text;
mod values;
mod writer;

pub use element::{Element, XML_NS, XSI_NS};
pub use encoding::to_utf8;
pub use reader::Reader;
pub use writer::{Writer, XSD_NS};

pub(crate) use element::clark;

use crate::error::{DecodeError, DecodeErrorKind};
use crate::limits::Limits;

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
    let value = expect_body_element(&mut r, Some(root), ns, local)?;
    r.finish()?;
    Ok(value)
}

/// Encodes `value` as a standalone element `{ns}local` (no XML declaration).
pub fn encode_element<T: Encode + ?Sized>(ns: &str, local: &str, value: &T) -> String {
    let mut w = Writer::new();
    w.element(ns, local, value);
    w.into_string()
}

/// Decodes the response element of a SOAP Body: `el` must be `{ns}local`.
///
/// Right local name in another namespace → `wrong-namespace`; another name →
/// `unexpected-element`; `None` (the Body has no element child) →
/// `missing-required-element` naming `local`.
#[doc(hidden)]
pub fn expect_body_element<T: Decode>(
    r: &mut Reader<'_>,
    el: Option<Element<'_>>,
    ns: &str,
    local: &str,
) -> Result<T, DecodeError> {
    let expected = clark(ns, local);
    match el {
        Some(el) if el.is(ns, local) => T::decode(r, &el),
        Some(el) if el.local() == local => Err(r
            .error_for(
                &el,
                DecodeErrorKind::WrongNamespace,
                format!("element `{local}` is in the wrong namespace"),
            )
            .with_expected(expected)
            .with_found(el.expanded_name())),
        Some(el) => Err(r.unexpected(&el, &expected)),
        None => Err(DecodeError::new(
            DecodeErrorKind::MissingRequiredElement,
            format!("missing required element `{local}`: the SOAP Body is empty"),
        )
        .with_path(format!("{}/Body", r.path()))
        .with_expected(expected)),
    }
}

#[cfg(test)]
mod tests;
