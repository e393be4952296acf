//! What a downloaded document is and which documents it names.

use roxmltree::{Document, ParsingOptions};

use crate::model::XSD_NS;
use crate::read::WSDL_NS;

/// The kind of a downloaded document (decides its file extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `wsdl:definitions`.
    Wsdl,
    /// `xs:schema`.
    Schema,
}

impl Kind {
    pub(super) fn extension(self) -> &'static str {
        match self {
            Kind::Wsdl => "wsdl",
            Kind::Schema => "xsd",
        }
    }
}

/// Parses `text` (DTDs rejected, at most `max_nodes` nodes) and returns its
/// kind and every location it imports or includes, in document order:
/// `wsdl:import/@location`, `xs:import|include|redefine|override/@schemaLocation`
/// (also inside `wsdl:types`).
pub(super) fn scan(text: &str, max_nodes: u32) -> Result<(Kind, Vec<String>), String> {
    let opts = ParsingOptions {
        allow_dtd: false,
        nodes_limit: max_nodes,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opts).map_err(|e| format!("not XML: {e}"))?;
    let root = doc.root_element();
    let kind = match (
        root.tag_name().namespace().unwrap_or(""),
        root.tag_name().name(),
    ) {
        (WSDL_NS, "definitions") => Kind::Wsdl,
        (XSD_NS, "schema") => Kind::Schema,
        (ns, name) => {
            let what = format!("the root element is `{{{ns}}}{name}`");
            return Err(format!(
                "neither a WSDL 1.1 document nor an XML Schema: {what}"
            ));
        }
    };
    let mut refs = Vec::new();
    for n in root.descendants().filter(|n| n.is_element()) {
        let attr = match (n.tag_name().namespace().unwrap_or(""), n.tag_name().name()) {
            (WSDL_NS, "import") => "location",
            (XSD_NS, "import" | "include" | "redefine" | "override") => "schemaLocation",
            _ => continue,
        };
        if let Some(loc) = n.attribute(attr).map(str::trim).filter(|l| !l.is_empty()) {
            refs.push(loc.to_string());
        }
    }
    Ok((kind, refs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_import_and_include() {
        let wsdl = r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"
              xmlns:xs="http://www.w3.org/2001/XMLSchema">
            <import namespace="urn:a" location="http://h/S.svc?wsdl=wsdl0"/>
            <types><xs:schema><xs:import namespace="urn:b" schemaLocation="http://h/S.svc?xsd=xsd0"/>
            <xs:include schemaLocation=" inc.xsd "/><xs:import namespace="urn:c"/></xs:schema></types>
        </definitions>"#;
        let (kind, refs) = scan(wsdl, 1000).unwrap();
        assert_eq!(kind, Kind::Wsdl);
        assert_eq!(
            refs,
            [
                "http://h/S.svc?wsdl=wsdl0",
                "http://h/S.svc?xsd=xsd0",
                "inc.xsd"
            ]
        );
    }

    #[test]
    fn rejects_dtds_and_other_documents() {
        let dtd = r#"<!DOCTYPE x [<!ENTITY a "aaaa">]><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>"#;
        assert!(scan(dtd, 1000).is_err());
        let html = "<html><body>Service unavailable</body></html>";
        assert!(scan(html, 1000).unwrap_err().contains("neither a WSDL"));
        let many = format!(
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\">{}</xs:schema>",
            "<xs:element/>".repeat(100)
        );
        assert!(scan(&many, 50).is_err());
    }
}
