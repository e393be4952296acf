//! SOAP 1.1 and 1.2 faults.
// Decoding handles untrusted input: no panicking shortcuts outside tests.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use std::fmt;

use super::version::SoapVersion;
use crate::xml::DecodeError;
use crate::xml::{Element, Reader, XML_NS};

/// An expanded XML name: `(namespace, local name)`; `namespace` is `""` for none.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct QName(pub String, pub String);

impl QName {
    /// The namespace URI.
    pub fn ns(&self) -> &str {
        &self.0
    }

    /// The local name.
    pub fn local(&self) -> &str {
        &self.1
    }

    /// Whether this is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.0 == ns && self.1 == local
    }
}

impl fmt::Display for QName {
    /// Clark notation: `{namespace}local`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str(&self.1)
        } else {
            write!(f, "{{{}}}{}", self.0, self.1)
        }
    }
}

/// A type of a fault detail entry: a generated type for the element of a
/// `wsdl:fault` message, which knows that element's name, so
/// [`Fault::detail`] needs no strings:
///
/// ```
/// use soapgen_runtime::{Error, FaultDetail};
///
/// // `E` is a generated detail type, e.g. `ups::Errors`: `typed_detail::<ups::Errors>(&err)`.
/// fn typed_detail<E: FaultDetail>(err: &Error) -> Option<E> {
///     match err.as_fault().map(|f| f.detail::<E>()) {
///         Some(Ok(Some(detail))) => Some(detail), // the typed detail
///         _ => None, // another fault, a fault without this detail, or another error
///     }
/// }
/// ```
pub trait FaultDetail: crate::xml::Decode {
    /// The namespace of the detail entry element (`""` for none).
    const NAMESPACE: &'static str;
    /// The local name of the detail entry element.
    const NAME: &'static str;
}

/// A SOAP fault returned by the server (both SOAP versions). Its `Debug` shows the
/// detail redacted (see [`Fault::sensitive_names`]).
#[derive(Clone, PartialEq, Eq)]
pub struct Fault {
    /// The SOAP version of the envelope that carried the fault.
    pub version: SoapVersion,
    /// SOAP 1.1 `faultcode` / SOAP 1.2 `Code/Value`, resolved against the namespaces in scope.
    pub code: QName,
    /// SOAP 1.2 `Subcode/Value` chain, outermost first (empty for SOAP 1.1).
    pub subcodes: Vec<QName>,
    /// SOAP 1.1 `faultstring` / the first SOAP 1.2 `Reason/Text`.
    pub reason: String,
    /// Every reason text with its `xml:lang` (`""` when absent), in document order.
    pub reasons: Vec<(String, String)>,
    /// SOAP 1.1 `faultactor`.
    pub actor: Option<String>,
    /// SOAP 1.2 `Node`.
    pub node: Option<String>,
    /// SOAP 1.2 `Role`.
    pub role: Option<String>,
    /// The raw XML of the `detail` (1.1) / `Detail` (1.2) element, standalone (namespace
    /// declarations in scope added). `None` when there is no detail element.
    pub detail: Option<String>,
    /// The operation whose call got this fault (set by the client; `None` for a fault
    /// read outside a call).
    pub operation: Option<&'static str>,
    /// The endpoint that answered, without any `user:password@` (set by the client).
    pub endpoint: Option<String>,
    /// The sensitive-name patterns [`Fault::detail_summary`] redacts with: the client's
    /// `Options::sensitive_names` when they differ from the defaults (set by the client);
    /// `None`: [`crate::DEFAULT_SENSITIVE_NAMES`].
    pub sensitive_names: Option<Vec<String>>,
}

impl fmt::Debug for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Fault")
            .field("version", &self.version)
            .field("code", &self.code)
            .field("subcodes", &self.subcodes)
            .field("reason", &self.reason)
            .field("reasons", &self.reasons)
            .field("actor", &self.actor)
            .field("node", &self.node)
            .field("role", &self.role)
            .field("detail", &self.detail.as_deref().map(|d| self.redacted(d)))
            .field("operation", &self.operation)
            .field("endpoint", &self.endpoint)
            .field("sensitive_names", &self.sensitive_names)
            .finish()
    }
}

impl Fault {
    /// Decodes the detail entry of type `T` (a generated fault-detail type,
    /// see [`FaultDetail`]): `Ok(None)` when the detail holds no such
    /// element, an error when it does but does not decode.
    pub fn detail<T: FaultDetail>(&self) -> Result<Option<T>, crate::xml::DecodeError> {
        self.detail_as::<T>(T::NAMESPACE, T::NAME)
    }

    /// `xml` with the values of sensitive names replaced by `***`.
    fn redacted(&self, xml: &str) -> String {
        match &self.sensitive_names {
            Some(patterns) => crate::redact::redact_xml(xml, patterns),
            None => crate::redact::redact_envelope(xml),
        }
    }

    /// Decodes the detail entry `{ns}local` (a `wsdl:fault` message element)
    /// into its generated type: `Ok(None)` when the detail holds no such
    /// element, an error when it does but does not decode.
    pub fn detail_as<T: crate::xml::Decode>(
        &self,
        ns: &str,
        local: &str,
    ) -> Result<Option<T>, crate::xml::DecodeError> {
        let Some(detail) = self.detail.as_deref() else {
            return Ok(None);
        };
        let mut r = Reader::new(detail.as_bytes(), &crate::xml::Limits::default())?;
        let _root = r.root()?;
        while let Some(child) = r.next_child()? {
            if child.is(ns, local) {
                return T::decode(&mut r, &child).map(Some);
            }
            r.skip(&child)?;
        }
        Ok(None)
    }

    /// The expanded name of the first child element of the detail, if any.
    pub fn detail_first_child(&self) -> Option<(String, String)> {
        let detail = self.detail.as_deref()?;
        let mut r = Reader::new(detail.as_bytes(), &crate::xml::Limits::default()).ok()?;
        let root = r.root().ok()?;
        let child = r.next_child().ok()??;
        let _ = root;
        Some((child.ns().to_owned(), child.local().to_owned()))
    }

    /// The character data of the whole detail subtree (all text nodes concatenated),
    /// empty when there is no detail.
    pub fn detail_text(&self) -> String {
        let Some(detail) = self.detail.as_deref() else {
            return String::new();
        };
        let mut out = String::new();
        let Ok(mut r) = Reader::new(detail.as_bytes(), &crate::xml::Limits::default()) else {
            return out;
        };
        let _ = r.collect_text(&mut out);
        out
    }

    /// The reason text in language `lang` (exact `xml:lang` match, then primary-tag match).
    pub fn reason_in(&self, lang: &str) -> Option<&str> {
        let exact = self
            .reasons
            .iter()
            .find(|(l, _)| l.eq_ignore_ascii_case(lang));
        let primary = || {
            self.reasons.iter().find(|(l, _)| {
                l.split('-')
                    .next()
                    .is_some_and(|p| p.eq_ignore_ascii_case(lang))
            })
        };
        exact.or_else(primary).map(|(_, t)| t.as_str())
    }
}

impl fmt::Display for Fault {
    /// `Op: SOAP fault from https://host/svc: {ns}Code: reason (from actor); detail
    /// {ns}Entry: text...` — the context when the client set it, and a summary of the
    /// detail bounded to 200 characters (text of elements whose name
    /// suggests a secret replaced by `***`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(op) = self.operation {
            write!(f, "{op}: ")?;
        }
        f.write_str("SOAP fault")?;
        if let Some(endpoint) = &self.endpoint {
            write!(f, " from {endpoint}:")?;
        }
        write!(f, " {}", self.code)?;
        for s in &self.subcodes {
            write!(f, " / {s}")?;
        }
        write!(f, ": {}", crate::xml::bounded(&self.reason, 512))?;
        if let Some(a) = self.actor.as_deref().or(self.node.as_deref()) {
            write!(f, " (from {a})")?;
        }
        if let Some(summary) = self.detail_summary() {
            write!(f, "; detail {summary}")?;
        }
        Ok(())
    }
}

/// At most this many characters of the detail's text appear in a fault's message.
const DETAIL_SUMMARY_CHARS: usize = 200;

impl Fault {
    /// A one-line summary of the detail for messages: the first entry's name and the
    /// detail's text, whitespace collapsed, at most 200 characters;
    /// text of elements whose name suggests a secret (`password`, `token`, ...; the
    /// configured [`Fault::sensitive_names`]) is `***`.
    /// `None` when there is no detail or it is empty.
    pub fn detail_summary(&self) -> Option<String> {
        let detail = self.detail.as_deref()?;
        let (ns, local) = self.detail_first_child()?;
        let name = crate::xml::clark(&ns, &local);
        let redacted = self.redacted(detail);
        let collapsed = text_nodes(&redacted)
            .take(DETAIL_SUMMARY_CHARS)
            .flat_map(|t| t.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .join(" ");
        if collapsed.is_empty() {
            Some(name)
        } else {
            let text = crate::xml::bounded(&collapsed, DETAIL_SUMMARY_CHARS);
            Some(format!("{name}: {text}"))
        }
    }
}

/// The text nodes of `xml` (a standalone element from [`Reader::capture`], so well-formed),
/// references decoded where possible, CDATA included, comments and PIs left out.
fn text_nodes(xml: &str) -> impl Iterator<Item = String> + '_ {
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        let lt = rest.find('<').unwrap_or(rest.len());
        let text = rest.get(..lt).unwrap_or_default();
        let tail = rest.get(lt..).unwrap_or_default();
        let (cdata, end) = if let Some(body) = tail.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").map_or(tail.len(), |i| i + 12);
            (body.get(..end.saturating_sub(12)), end)
        } else {
            (None, tail.find('>').map_or(tail.len(), |i| i + 1))
        };
        rest = tail.get(end..).unwrap_or_default();
        let mut node = quick_xml::escape::unescape(text)
            .map(|t| t.into_owned())
            .unwrap_or_else(|_| text.to_owned());
        node.push_str(cdata.unwrap_or_default());
        if !node.trim().is_empty() {
            return Some(node);
        }
    })
}

impl std::error::Error for Fault {}

/// Reads a `Fault` element (the reader is just after its start tag) through its end tag.
pub(crate) fn read_fault(
    r: &mut Reader<'_>,
    el: &Element<'_>,
    version: SoapVersion,
) -> Result<Fault, DecodeError> {
    let mut fault = Fault {
        version,
        code: QName::default(),
        subcodes: Vec::new(),
        reason: String::new(),
        reasons: Vec::new(),
        actor: None,
        node: None,
        role: None,
        detail: None,
        operation: None,
        endpoint: None,
        sensitive_names: None,
    };
    match version {
        SoapVersion::Soap11 => read_fault11(r, el, &mut fault)?,
        SoapVersion::Soap12 => read_fault12(r, &mut fault)?,
    }
    if let Some((_, text)) = fault.reasons.first() {
        fault.reason.clone_from(text);
    }
    Ok(fault)
}

fn lang_of(el: &Element<'_>) -> String {
    el.attribute(XML_NS, "lang")
        .map(|l| l.into_owned())
        .unwrap_or_default()
}

/// `faultcode` etc. are unqualified in SOAP 1.1; some stacks qualify them: accept both.
fn read_fault11(
    r: &mut Reader<'_>,
    fault_el: &Element<'_>,
    fault: &mut Fault,
) -> Result<(), DecodeError> {
    let soap_ns = SoapVersion::Soap11.namespace();
    let _ = fault_el;
    while let Some(c) = r.next_child()? {
        if !(c.ns().is_empty() || c.ns() == soap_ns) {
            r.skip(&c)?;
            continue;
        }
        match c.local() {
            "faultcode" => fault.code = read_code(r, &c)?,
            "faultstring" => {
                let lang = lang_of(&c);
                let text = r.read_text(&c)?.into_owned();
                fault.reasons.push((lang, text));
            }
            "faultactor" => fault.actor = Some(r.read_text(&c)?.into_owned()),
            "detail" => fault.detail = Some(r.capture(&c)?),
            _ => r.skip(&c)?,
        }
    }
    Ok(())
}

/// SOAP 1.2 children are in the envelope namespace. One leniency: an unqualified `detail`
/// (the SOAP 1.1 name) stands for `env:Detail` when there is none, because ASMX services
/// (Mono's, and services written the documented way with `SoapException.DetailElementName`)
/// send SOAP 1.2 faults with the 1.1 detail element (docs/INTEROP.md).
fn read_fault12(r: &mut Reader<'_>, fault: &mut Fault) -> Result<(), DecodeError> {
    let ns = SoapVersion::Soap12.namespace();
    let mut qualified_detail = false;
    while let Some(c) = r.next_child()? {
        if c.ns().is_empty() && c.local() == "detail" && !qualified_detail {
            fault.detail = Some(r.capture(&c)?);
            continue;
        }
        if c.ns() != ns {
            r.skip(&c)?;
            continue;
        }
        if c.local() == "Detail" {
            qualified_detail = true;
        }
        match c.local() {
            "Code" => read_code12(r, fault)?,
            "Reason" => {
                while let Some(t) = r.next_child()? {
                    if t.is(ns, "Text") {
                        let lang = lang_of(&t);
                        let text = r.read_text(&t)?.into_owned();
                        fault.reasons.push((lang, text));
                    } else {
                        r.skip(&t)?;
                    }
                }
            }
            "Node" => fault.node = Some(r.read_text(&c)?.into_owned()),
            "Role" => fault.role = Some(r.read_text(&c)?.into_owned()),
            "Detail" => fault.detail = Some(r.capture(&c)?),
            _ => r.skip(&c)?,
        }
    }
    Ok(())
}

/// `Code` with its nested `Subcode` chain, read iteratively (no recursion on input depth).
fn read_code12(r: &mut Reader<'_>, fault: &mut Fault) -> Result<(), DecodeError> {
    let ns = SoapVersion::Soap12.namespace();
    let mut open_subcodes = 0usize;
    loop {
        match r.next_child()? {
            Some(c) if c.is(ns, "Value") => {
                let q = read_code(r, &c)?;
                if open_subcodes == 0 {
                    fault.code = q;
                } else {
                    fault.subcodes.push(q);
                }
            }
            Some(c) if c.is(ns, "Subcode") => open_subcodes += 1,
            Some(c) => r.skip(&c)?,
            None if open_subcodes == 0 => return Ok(()),
            None => open_subcodes -= 1,
        }
    }
}

/// A fault code QName; an unresolvable prefix is kept verbatim as the local name with no
/// namespace rather than hiding the fault behind a decode error.
fn read_code(r: &mut Reader<'_>, el: &Element<'_>) -> Result<QName, DecodeError> {
    match r.read_qname_lenient(el)? {
        Ok((ns, local)) => Ok(QName(ns, local)),
        Err(raw) => Ok(QName(String::new(), raw)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_nodes_of_a_detail() {
        let xml = "<d><a>x &amp; y</a><!-- c --><b>1<![CDATA[<2>]]></b>\n <?pi?><c/></d>";
        let nodes: Vec<String> = text_nodes(xml).collect();
        assert_eq!(nodes, ["x & y", "1<2>"]);
    }
}
