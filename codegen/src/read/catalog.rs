//! The built-in catalog: well-known standard schemas, written from their
//! specifications into the generator, so a WSDL that imports them by URL
//! generates offline without a URL map (as gSOAP's and CXF's bundled
//! catalogs do). The user's URL map is consulted first and overrides any
//! entry here.

/// One standard schema and the URLs it is imported by.
pub(crate) struct Builtin {
    /// The canonical URL (also the document's `Loc.file`).
    pub url: &'static str,
    /// Other URLs seen in the wild for the same document.
    pub aliases: &'static [&'static str],
    /// The schema text.
    pub text: &'static str,
}

/// The catalog.
pub(crate) static CATALOG: &[Builtin] = &[
    Builtin {
        url: "http://schemas.xmlsoap.org/soap/encoding/",
        aliases: &["http://schemas.xmlsoap.org/soap/encoding"],
        text: include_str!("catalog/soap-encoding-1.1.xsd"),
    },
    Builtin {
        url: "http://www.w3.org/2001/xml.xsd",
        aliases: &["http://www.w3.org/XML/1998/namespace"],
        text: include_str!("catalog/xml.xsd"),
    },
    Builtin {
        url: "http://schemas.xmlsoap.org/ws/2004/08/addressing",
        aliases: &["http://schemas.xmlsoap.org/ws/2004/08/addressing/"],
        text: include_str!("catalog/ws-addr-2004-08.xsd"),
    },
    Builtin {
        url: "http://www.w3.org/2006/03/addressing/ws-addr.xsd",
        aliases: &[
            "http://www.w3.org/2005/08/addressing/ws-addr.xsd",
            "http://www.w3.org/2005/08/addressing",
            "http://www.w3.org/2005/08/addressing/",
        ],
        text: include_str!("catalog/ws-addr-2005-08.xsd"),
    },
    Builtin {
        url: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
        aliases: &[],
        text: include_str!("catalog/wss-secext-1.0.xsd"),
    },
    Builtin {
        url: "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
        aliases: &[],
        text: include_str!("catalog/wss-utility-1.0.xsd"),
    },
    Builtin {
        url: "http://www.w3.org/2005/05/xmlmime",
        aliases: &["http://www.w3.org/2005/05/xmlmime.xsd"],
        text: include_str!("catalog/xmlmime.xsd"),
    },
    Builtin {
        url: "http://www.w3.org/2004/08/xop/include",
        aliases: &["http://www.w3.org/2004/08/xop/include.xsd"],
        text: include_str!("catalog/xop-include.xsd"),
    },
    Builtin {
        url: "http://www.w3.org/2007/02/ws-policy.xsd",
        aliases: &[
            "http://www.w3.org/ns/ws-policy",
            "http://www.w3.org/ns/ws-policy/",
        ],
        text: include_str!("catalog/ws-policy-1.5.xsd"),
    },
];

/// The built-in schema an absolute URL names: `http` and `https` alike,
/// fragment and a `?query` ignored, ASCII case of the host ignored.
pub(crate) fn lookup(url: &str) -> Option<&'static Builtin> {
    let url = url.split('#').next().unwrap_or(url);
    let url = url.split('?').next().unwrap_or(url);
    let rest = strip_scheme(url)?;
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let same = |u: &str| {
        strip_scheme(u).is_some_and(|r| {
            let (h, p) = r.split_at(r.find('/').unwrap_or(r.len()));
            h.eq_ignore_ascii_case(host) && p == path
        })
    };
    CATALOG
        .iter()
        .find(|b| same(b.url) || b.aliases.iter().any(|a| same(a)))
}

fn strip_scheme(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") {
        Some(&url[8..])
    } else if lower.starts_with("http://") {
        Some(&url[7..])
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{lookup, CATALOG};

    fn target_namespace(text: &str) -> String {
        let doc = roxmltree::Document::parse(text).expect("well-formed");
        let ns = doc.root_element().attribute("targetNamespace");
        ns.unwrap_or_default().to_string()
    }

    #[test]
    fn urls_and_variants_resolve() {
        let ns = |u: &str| lookup(u).map(|b| target_namespace(b.text));
        assert_eq!(
            ns("https://WWW.W3.ORG/2005/05/xmlmime"),
            Some("http://www.w3.org/2005/05/xmlmime".into())
        );
        assert_eq!(
            ns("http://www.w3.org/2005/08/addressing/ws-addr.xsd#x"),
            Some("http://www.w3.org/2005/08/addressing".into())
        );
        assert_eq!(
            ns("http://www.w3.org/2001/xml.xsd?v=1"),
            Some("http://www.w3.org/XML/1998/namespace".into())
        );
        assert_eq!(ns("http://www.w3.org/2001/XMLSchema.xsd"), None);
        assert_eq!(ns("file:///www.w3.org/2001/xml.xsd"), None);
    }

    #[test]
    fn every_schema_has_its_specified_namespace() {
        let want = [
            "http://schemas.xmlsoap.org/soap/encoding/",
            "http://www.w3.org/XML/1998/namespace",
            "http://schemas.xmlsoap.org/ws/2004/08/addressing",
            "http://www.w3.org/2005/08/addressing",
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
            "http://www.w3.org/2005/05/xmlmime",
            "http://www.w3.org/2004/08/xop/include",
            "http://www.w3.org/ns/ws-policy",
        ];
        let got: Vec<String> = CATALOG.iter().map(|b| target_namespace(b.text)).collect();
        assert_eq!(got, want);
    }
}
