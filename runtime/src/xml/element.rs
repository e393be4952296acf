//! [`Element`]: a start tag as seen by the reader, with its expanded name and attributes.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use super::reader::Reader;

/// The namespace of `xsi:nil` and `xsi:type`.
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";
/// The namespace bound to the `xml` prefix.
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A namespace URI as resolved by the reader: borrowed from the document, or (when its
/// declaration held references such as `&amp;`) the unescaped URI shared by every element
/// in its scope, so that resolving it never copies it.
#[derive(Clone, Debug)]
pub enum NsUri<'a> {
    /// As written in the declaration.
    Borrowed(&'a str),
    /// Unescaped once, when the declaration was read.
    Shared(Arc<str>),
}

impl Deref for NsUri<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            NsUri::Borrowed(s) => s,
            NsUri::Shared(s) => s,
        }
    }
}

impl AsRef<str> for NsUri<'_> {
    fn as_ref(&self) -> &str {
        self
    }
}

/// Equal when the URIs are (however they are held).
impl PartialEq for NsUri<'_> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for NsUri<'_> {}

impl PartialEq<str> for NsUri<'_> {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for NsUri<'_> {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl fmt::Display for NsUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl<'a> From<Cow<'a, str>> for NsUri<'a> {
    fn from(c: Cow<'a, str>) -> Self {
        match c {
            Cow::Borrowed(s) => NsUri::Borrowed(s),
            Cow::Owned(s) => NsUri::Shared(s.into()),
        }
    }
}

/// One attribute (not a namespace declaration) with its resolved namespace and decoded value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Attr<'a> {
    pub ns: NsUri<'a>,
    pub local: &'a str,
    pub value: Cow<'a, str>,
}

/// The rarely present parts of an element.
#[derive(Clone, Debug, Default)]
pub(crate) struct Extra<'a> {
    pub attrs: Vec<Attr<'a>>,
    pub xsi_type: Option<(NsUri<'a>, Cow<'a, str>)>,
}

/// A start tag read by [`Reader`]: expanded name, attributes and nil flag.
///
/// Values borrow from the document. An `Element` stays valid after the reader moves on,
/// but the reader methods taking an element (`read_text`, `skip`, ...) must be called
/// right after the element was returned, as the generated code does.
#[derive(Clone)]
pub struct Element<'a> {
    pub(crate) qname: &'a str,
    pub(crate) local: &'a str,
    pub(crate) ns: NsUri<'a>,
    pub(crate) empty: bool,
    pub(crate) nil: bool,
    /// Index of this element's frame in the reader's stack (0 = root).
    pub(crate) depth: usize,
    /// Attributes and `xsi:type`; boxed (and usually absent) to keep `Element` small.
    pub(crate) extra: Option<Box<Extra<'a>>>,
    /// Byte offsets of `<` and just after `>` of the start tag.
    pub(crate) span: (usize, usize),
}

impl<'a> Element<'a> {
    /// The namespace URI (`""` for no namespace).
    pub fn ns(&self) -> &str {
        &self.ns
    }

    /// The local name (without prefix).
    pub fn local(&self) -> &'a str {
        self.local
    }

    /// The name as written, with its prefix.
    pub fn qualified_name(&self) -> &'a str {
        self.qname
    }

    /// Whether the expanded name is `{ns}local`.
    #[inline]
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.local == local && *self.ns == *ns
    }

    /// Whether the element was self-closed (`<a/>`).
    pub fn is_empty(&self) -> bool {
        self.empty
    }

    /// Whether the element carries `xsi:nil="true"` or `xsi:nil="1"` (any prefix bound to the
    /// XML Schema instance namespace).
    pub fn is_nil(&self) -> bool {
        self.nil
    }

    /// The decoded value of the attribute `{ns}local` (`ns = ""` for unqualified ones).
    pub fn attribute(&self, ns: &str, local: &str) -> Option<Cow<'a, str>> {
        self.attrs()
            .iter()
            .find(|a| a.local == local && *a.ns == *ns)
            .map(|a| a.value.clone())
    }

    /// All attributes except namespace declarations, as `(namespace, local name, value)`.
    pub fn attributes(&self) -> impl Iterator<Item = (&str, &str, &str)> + '_ {
        self.attrs()
            .iter()
            .map(|a| (a.ns.as_ref(), a.local, a.value.as_ref()))
    }

    /// The `xsi:type` of the element as `(namespace, local name)`, its QName resolved against
    /// the namespaces in scope on the element. `None` when absent or when its prefix is not
    /// declared.
    pub fn xsi_type(&self, _r: &Reader<'_>) -> Option<(NsUri<'a>, Cow<'a, str>)> {
        self.extra.as_ref().and_then(|e| e.xsi_type.clone())
    }

    fn attrs(&self) -> &[Attr<'a>] {
        self.extra.as_deref().map_or(&[], |e| e.attrs.as_slice())
    }

    /// `{ns}local` (Clark notation), for messages.
    pub fn expanded_name(&self) -> String {
        clark(&self.ns, self.local)
    }
}

/// `{ns}local`, or `local` for no namespace.
pub(crate) fn clark(ns: &str, local: &str) -> String {
    if ns.is_empty() {
        local.to_owned()
    } else {
        format!("{{{ns}}}{local}")
    }
}

impl fmt::Debug for Element<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Element")
            .field("name", &self.expanded_name())
            .field("empty", &self.empty)
            .field("nil", &self.nil)
            .field("depth", &self.depth)
            .field("attributes", &self.attrs().len())
            .finish()
    }
}
