//! SOAP envelopes: writing requests, reading responses (version check, Header skipped,
//! exactly one Body, Fault detection, response element = first element child of Body).
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use super::fault::{read_fault, Fault};
use super::header::ResponseHeader;
use super::version::SoapVersion;
use crate::xml::{
    self, Decode, DecodeError, DecodeErrorKind, Element, Limits, Reader, Writer, XSD_NS, XSI_NS,
};

/// Why a response envelope gave no value: the server sent a fault, or the document could
/// not be decoded. Converts into [`crate::Error`].
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The first Body child is a SOAP Fault.
    #[error("{0}")]
    Fault(Box<Fault>),
    /// The document is not a well-formed envelope of the expected version, or its content
    /// does not match the schema.
    #[error("{0}")]
    Decode(Box<DecodeError>),
}

impl From<DecodeError> for ReadError {
    fn from(e: DecodeError) -> Self {
        ReadError::Decode(Box::new(e))
    }
}

/// Builds a request envelope: XML declaration, `Envelope` declaring `xsi`, `xsd` and the
/// SOAP prefix, `Header` only if `encode_headers` wrote something, then `Body`.
pub fn write_request(
    version: SoapVersion,
    encode_headers: impl FnOnce(&mut Writer),
    encode_body: impl FnOnce(&mut Writer),
) -> Vec<u8> {
    write_request_with_attachments(version, false, encode_headers, encode_body).0
}

/// [`write_request`] that, when `attachments` is set, writes binary values as MTOM/XOP
/// references and returns their content (part `n` is `cid:n@soapgen`).
pub fn write_request_with_attachments(
    version: SoapVersion,
    attachments: bool,
    encode_headers: impl FnOnce(&mut Writer),
    encode_body: impl FnOnce(&mut Writer),
) -> (Vec<u8>, Vec<Vec<u8>>) {
    let p = version.prefix();
    let mut w = Writer::with_capacity(1024);
    if attachments {
        w.collect_attachments();
    }
    w.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?><");
    w.raw(p);
    w.raw(":Envelope xmlns:xsi=\"");
    w.raw(XSI_NS);
    w.raw("\" xmlns:xsd=\"");
    w.raw(XSD_NS);
    w.raw("\" xmlns:");
    w.raw(p);
    w.raw("=\"");
    w.raw(version.namespace());
    w.raw("\">");
    w.assume_prefix("xsi", XSI_NS);
    w.assume_prefix("xsd", XSD_NS);
    w.assume_prefix(p, version.namespace());

    let before_header = w.len();
    w.raw("<");
    w.raw(p);
    w.raw(":Header>");
    let header_start = w.len();
    encode_headers(&mut w);
    if w.len() == header_start {
        w.truncate(before_header);
    } else {
        w.raw("</");
        w.raw(p);
        w.raw(":Header>");
    }
    w.raw("<");
    w.raw(p);
    w.raw(":Body>");
    encode_body(&mut w);
    w.raw("</");
    w.raw(p);
    w.raw(":Body></");
    w.raw(p);
    w.raw(":Envelope>");
    let parts = w.take_attachments();
    (w.into_bytes(), parts)
}

/// HTTP headers for a request: SOAP 1.1 `Content-Type: text/xml; charset=utf-8` and
/// `SOAPAction: "<action>"`; SOAP 1.2 `Content-Type: application/soap+xml; charset=utf-8;
/// action="<action>"` (no `action` parameter when the action is empty).
pub fn request_headers(version: SoapVersion, soap_action: &str) -> Vec<(String, String)> {
    let quoted = soap_action.replace('"', "%22");
    match version {
        SoapVersion::Soap11 => vec![
            (
                "Content-Type".to_owned(),
                "text/xml; charset=utf-8".to_owned(),
            ),
            ("SOAPAction".to_owned(), format!("\"{quoted}\"")),
        ],
        SoapVersion::Soap12 => {
            let mut ct = "application/soap+xml; charset=utf-8".to_owned();
            if !soap_action.is_empty() {
                ct.push_str(&format!("; action=\"{quoted}\""));
            }
            vec![("Content-Type".to_owned(), ct)]
        }
    }
}

/// Reads a response envelope of `version` and decodes it.
///
/// `decode` gets the reader positioned inside `Body` and the first element child of `Body`
/// (`None` when the Body has none). A `Fault` there is returned as [`ReadError::Fault`] without
/// calling `decode`. After `decode`, the rest of the document is checked (other Body
/// children are skipped; a second `Body` is `not-soap`; nothing but comments, PIs and white
/// space may follow the root).
pub fn read_response<T>(
    version: SoapVersion,
    body: &[u8],
    limits: &Limits,
    decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
) -> Result<T, ReadError> {
    read_envelope(Some(version), body, limits, None, decode)
}

/// [`read_response`] that also returns the envelope's header blocks (each as standalone
/// XML, in document order) in `headers`.
pub fn read_response_with_headers<T>(
    version: SoapVersion,
    body: &[u8],
    limits: &Limits,
    headers: &mut Vec<ResponseHeader>,
    decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
) -> Result<T, ReadError> {
    read_envelope(Some(version), body, limits, Some(headers), decode)
}

/// The fault carried by `body`, if it is a well-formed SOAP envelope (either version)
/// whose first Body child is a Fault.
pub(crate) fn probe_fault(body: &[u8], limits: &Limits) -> Option<Fault> {
    match read_envelope(None, body, limits, None, |_, _| Ok(())) {
        Err(ReadError::Fault(f)) => Some(*f),
        _ => None,
    }
}

fn not_soap(r: &Reader<'_>, el: &Element<'_>, message: String) -> ReadError {
    r.error_for(el, DecodeErrorKind::NotSoap, message).into()
}

fn read_envelope<T>(
    expected: Option<SoapVersion>,
    body: &[u8],
    limits: &Limits,
    mut headers: Option<&mut Vec<ResponseHeader>>,
    decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
) -> Result<T, ReadError> {
    let utf8 = xml::to_utf8(body)?;
    // SOAP-encoding multi-reference values (`href`/`id`), inlined before decoding.
    let utf8 = super::multiref::resolve(&utf8, limits)?;
    let mut r = Reader::new(&utf8, limits)?;
    let root = r.root()?;
    let found = SoapVersion::from_namespace(root.ns()).filter(|_| root.local() == "Envelope");
    let version = match (found, expected) {
        (None, _) => {
            return Err(not_soap(
                &r,
                &root,
                format!(
                    "the root element is {}, not a SOAP Envelope",
                    root.expanded_name()
                ),
            ))
        }
        (Some(v), Some(e)) if v != e => {
            return Err(r
                .error_for(
                    &root,
                    DecodeErrorKind::VersionMismatch,
                    format!(
                        "the request used SOAP {} but the response is a SOAP {} envelope",
                        e.as_str(),
                        v.as_str()
                    ),
                )
                .with_expected(format!("{{{}}}Envelope", e.namespace()))
                .with_found(root.expanded_name())
                .into())
        }
        (Some(v), _) => v,
    };
    let ns = version.namespace();
    let body_el = loop {
        match r.next_child()? {
            Some(c) if c.is(ns, "Body") => break c,
            Some(c) if c.is(ns, "Header") && headers.is_some() => {
                while let Some(h) = r.next_child()? {
                    let (namespace, local) = (h.ns().to_owned(), h.local().to_owned());
                    let xml = r.capture(&h)?;
                    if let Some(out) = headers.as_deref_mut() {
                        out.push(ResponseHeader {
                            namespace,
                            local,
                            xml,
                        });
                    }
                }
            }
            Some(c) => r.skip(&c)?, // Header and anything else before Body
            None => return Err(not_soap(&r, &root, "the SOAP Envelope has no Body".into())),
        }
    };
    let first = r.next_child()?;
    let body_depth = body_el.depth + 1;
    let outcome = match first {
        Some(f) if f.is(ns, "Fault") => {
            Err(ReadError::Fault(Box::new(read_fault(&mut r, &f, version)?)))
        }
        first => decode(&mut r, first).map_err(ReadError::from),
    };
    match outcome {
        Ok(value) => {
            finish_envelope(&mut r, ns, body_depth)?;
            Ok(value)
        }
        Err(ReadError::Fault(fault)) => {
            finish_envelope(&mut r, ns, body_depth)?;
            Err(ReadError::Fault(fault))
        }
        Err(e) => Err(e),
    }
}

/// Checks the rest of the document after the response element: rest of Body (skipped),
/// rest of Envelope (a second Body is `not-soap`), then the epilogue.
fn finish_envelope(r: &mut Reader<'_>, ns: &str, body_depth: usize) -> Result<(), ReadError> {
    while r.depth() > body_depth {
        r.skip_current()?;
    }
    if r.depth() == body_depth {
        while let Some(c) = r.next_child()? {
            r.skip(&c)?;
        }
    }
    while let Some(c) = r.next_child()? {
        if c.is(ns, "Body") {
            return Err(not_soap(
                r,
                &c,
                "the SOAP Envelope has more than one Body".into(),
            ));
        }
        r.skip(&c)?;
    }
    r.finish()?;
    Ok(())
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
    match el {
        Some(el) => xml::expect_element(r, &el, ns, local),
        None => Err(DecodeError::new(
            DecodeErrorKind::MissingRequiredElement,
            format!("missing required element `{local}`: the SOAP Body is empty"),
        )
        .with_path(format!("{}/Body", r.path()))
        .with_expected(xml::clark(ns, local))),
    }
}

#[cfg(test)]
mod tests;
