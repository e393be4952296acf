//! Classification of HTTP responses (see [`super::Client`]) and envelope logging.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use super::Operation;
use crate::error::Error;
use crate::soap::{self, ResponseHeader, SoapVersion};
use crate::transport::HttpResponse;
use crate::xml::{self, DecodeError, Element, Limits, Reader};

pub(super) fn log_envelope(op: &Operation, direction: &str, body: &[u8], sensitive: &[String]) {
    if tracing::enabled!(tracing::Level::DEBUG) {
        let text = String::from_utf8_lossy(body);
        let redacted = crate::redact::redact_xml(&text, sensitive);
        tracing::debug!(operation = op.name, direction, envelope = %redacted, "SOAP envelope");
    }
}

/// Classifies `response` (see the module docs) and decodes it within `limits` (its
/// deadline included). `Ok(None)`: a one-way call got an empty 2xx body. HTTP errors
/// name the operation and `endpoint` (already without `user:password@`).
pub(super) fn classify<T>(
    version: SoapVersion,
    (op, endpoint): (&Operation, &str),
    response: &HttpResponse,
    limits: &Limits,
    one_way: bool,
    headers: &mut Vec<ResponseHeader>,
    decode: impl FnOnce(&mut Reader<'_>, Option<Element<'_>>) -> Result<T, DecodeError>,
) -> Result<Option<T>, Error> {
    let status = response.status;
    let body = &response.body[..];
    let ct = response.content_type.as_deref();
    // XML 1.0 Appendix F / RFC 7303: a BOM, then this charset, then the declaration.
    let doc = xml::apply_charset(body, ct.and_then(charset_param));
    let readable = doc.as_deref().unwrap_or(body);
    let xml_type = ct.is_none_or(is_xml_media_type);
    let blank = body.iter().all(|b| is_xml_ws(*b));
    let success = (200..300).contains(&status);

    if !success {
        if !blank {
            if let Some(fault) = soap::probe_fault(readable, limits) {
                return Err(Error::Fault(Box::new(fault)));
            }
        }
        return Err(Error::HttpStatus {
            operation: op.name,
            endpoint: endpoint.to_owned(),
            status,
            content_type: response.content_type.clone(),
            body_excerpt: excerpt(body),
        });
    }
    if blank {
        return if one_way {
            Ok(None)
        } else {
            Err(Error::EmptyBody {
                operation: op.name,
                endpoint: endpoint.to_owned(),
                status,
            })
        };
    }
    if !xml_type {
        if let Some(fault) = soap::probe_fault(readable, limits) {
            return Err(Error::Fault(Box::new(fault)));
        }
        return Err(Error::WrongContentType {
            operation: op.name,
            endpoint: endpoint.to_owned(),
            status,
            content_type: response.content_type.clone().unwrap_or_default(),
            body_excerpt: excerpt(body),
        });
    }
    let doc = doc?;
    soap::read_response_with_headers(version, &doc, limits, headers, decode)
        .map(Some)
        .map_err(Error::from)
}

/// The `charset` parameter of a `Content-Type` value, unquoted.
pub(crate) fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|p| {
        let (name, value) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
    })
}

fn is_xml_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Whether a `Content-Type` value denotes XML: `text/xml`, `application/soap+xml`,
/// `application/xml` or any `*/*+xml` (case-insensitive, parameters ignored).
pub(crate) fn is_xml_media_type(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    matches!(
        media.as_str(),
        "text/xml" | "application/xml" | "application/soap+xml"
    ) || (media.ends_with("+xml") && media.contains('/'))
}

/// The start of a response body for error messages: at most 2 KiB, lossily decoded.
fn excerpt(body: &[u8]) -> String {
    const MAX: usize = 2048;
    let cut = body.get(..body.len().min(MAX)).unwrap_or_default();
    let mut s = String::from_utf8_lossy(cut).into_owned();
    if body.len() > MAX {
        s.push_str("...");
    }
    s
}

/// `e` with what it may show of a response body or value redacted by `patterns`: the body
/// excerpts of [`Error::HttpStatus`] and [`Error::WrongContentType`], and what a decode
/// error found inside a sensitive element (its path names one).
pub(crate) fn scrub_error(e: Error, patterns: &[String]) -> Error {
    match e {
        Error::HttpStatus {
            operation,
            endpoint,
            status,
            content_type,
            body_excerpt,
        } => Error::HttpStatus {
            operation,
            endpoint,
            status,
            content_type,
            body_excerpt: crate::redact::redact_xml(&body_excerpt, patterns),
        },
        Error::WrongContentType {
            operation,
            endpoint,
            status,
            content_type,
            body_excerpt,
        } => Error::WrongContentType {
            operation,
            endpoint,
            status,
            content_type,
            body_excerpt: crate::redact::redact_xml(&body_excerpt, patterns),
        },
        Error::Fault(mut f) => {
            // The detail summary in the fault's message follows the configured names.
            if patterns != crate::redact::DEFAULT_SENSITIVE_NAMES.as_slice() {
                f.sensitive_names = Some(patterns.to_vec());
            }
            Error::Fault(f)
        }
        Error::Decode(mut d) => {
            // Only a value can be a secret; other kinds' `found` is an element name.
            let value = matches!(d.kind, crate::xml::DecodeErrorKind::InvalidValue { .. });
            if value
                && d.found.is_some()
                && d.path
                    .split('/')
                    .any(|seg| crate::redact::matches(patterns, seg))
            {
                d.found = Some(crate::redact::MASK.into());
            }
            Error::Decode(d)
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_show_no_secret() {
        let p = crate::redact::default_patterns();
        let e = Error::HttpStatus {
            operation: "Op",
            endpoint: "http://h/".into(),
            status: 500,
            content_type: Some("text/xml".into()),
            body_excerpt: "<r><AccessToken>tok-123</AccessToken></r>".into(),
        };
        let shown = format!("{e} {e:?}");
        let e = scrub_error(e, &p);
        let shown_after = format!("{e} {e:?}");
        assert!(shown.contains("tok-123"));
        assert!(!shown_after.contains("tok-123"), "{shown_after}");
        let d = crate::xml::DecodeError::new(
            crate::xml::DecodeErrorKind::InvalidValue { xsd_type: "int" },
            "bad",
        )
        .with_path("/Envelope/Body/R/ApiKey")
        .with_found("\"abc-secret\"");
        let e = scrub_error(Error::Decode(Box::new(d)), &p);
        assert!(!format!("{e} {e:?}").contains("abc-secret"), "{e:?}");
    }

    #[test]
    fn media_types() {
        for ct in [
            "text/xml",
            "text/xml; charset=utf-8",
            "Text/XML ;  charset=\"UTF-8\"",
            "application/soap+xml; charset=utf-8; action=\"urn:x\"",
            "application/xml",
            "application/vnd.foo+xml",
        ] {
            assert!(is_xml_media_type(ct), "{ct}");
        }
        for ct in [
            "text/html",
            "application/json",
            "text/plain; charset=xml",
            "+xml",
            "",
        ] {
            assert!(!is_xml_media_type(ct), "{ct}");
        }
    }

    #[test]
    fn excerpt_is_bounded() {
        let body = "é".repeat(5000);
        let e = excerpt(body.as_bytes());
        assert!(e.len() <= 2048 + 3 + 3, "{}", e.len());
        assert!(e.ends_with("..."));
    }
}
