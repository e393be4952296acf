//! `wsdl:definitions` → [`Definitions`](crate::model::Definitions).
//!
//! Every document's components are merged into one set, each named in its
//! own document's target namespace. `wsdl:import`s are queued; schemas in
//! `wsdl:types` are read by [`super::xsd`]. Bindings are SOAP 1.1 or 1.2 by
//! their `soap:binding` child; others (HTTP GET/POST, ...) are only listed in
//! `other_bindings`.

use std::sync::Arc;

use roxmltree::Node;

use super::check::{self, Space};
use super::loader::Source;
use super::{children_in, docs, xsd, ImportKind, Pending, RefKind, State, WSDL_NS};
use crate::error::ErrorKind;
use crate::model::*;

/// SOAP 1.1 binding namespace.
pub(crate) const SOAP11_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
/// SOAP 1.2 binding namespace.
pub(crate) const SOAP12_NS: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
/// MIME binding namespace.
pub(crate) const MIME_NS: &str = "http://schemas.xmlsoap.org/wsdl/mime/";

fn wsdl_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    children_in(node, WSDL_NS)
}

/// Children in either SOAP binding namespace with this local name.
fn soap_children<'a, 'i>(
    node: Node<'a, 'i>,
    local: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| {
        c.is_element()
            && c.tag_name().name() == local
            && matches!(c.tag_name().namespace(), Some(SOAP11_NS) | Some(SOAP12_NS))
    })
}

/// `wsdl:documentation` children.
fn doc_of(node: Node<'_, '_>) -> Option<String> {
    docs::join(
        wsdl_children(node)
            .filter(|c| c.tag_name().name() == "documentation")
            .filter_map(docs::text_of),
    )
}

struct Cx<'s> {
    src: &'s Source,
    tns: Arc<str>,
}

impl Cx<'_> {
    fn name(&self, st: &mut State<'_>, node: Node<'_, '_>) -> Option<QName> {
        match node.attribute("name").map(str::trim) {
            Some(n) if !n.is_empty() => Some(QName {
                ns: self.tns.clone(),
                local: Arc::from(n),
            }),
            _ => {
                let what = node.tag_name().name();
                st.diag(
                    ErrorKind::Unsupported,
                    self.src.loc(node),
                    format!("wsdl:{what} without name="),
                );
                None
            }
        }
    }
}

/// Reads a `wsdl:definitions` element; `entry` for the entry document (whose
/// target namespace, name and documentation describe the whole).
pub(crate) fn read_definitions(st: &mut State<'_>, src: &Source, root: Node<'_, '_>, entry: bool) {
    let tns = st.intern(root.attribute("targetNamespace").unwrap_or("").trim());
    if entry {
        let defs = &mut st.model.wsdl;
        defs.target_namespace = tns.to_string();
        defs.name = root.attribute("name").map(str::to_string);
        defs.doc = doc_of(root);
    }
    let cx = Cx { src, tns };
    for child in wsdl_children(root) {
        match child.tag_name().name() {
            "import" => match child.attribute("location") {
                Some(location) => st.enqueue(Pending {
                    location: location.to_string(),
                    base: src.base.clone(),
                    from: src.loc(child),
                    kind: ImportKind::Wsdl,
                    namespace: child.attribute("namespace").map(|n| n.trim().to_string()),
                }),
                None => st.warn(src.loc(child), "wsdl:import without location= ignored"),
            },
            "types" => {
                for c in children_in(child, XSD_NS) {
                    match c.tag_name().name() {
                        "schema" => xsd::read_schema(st, src, c, None),
                        // Not allowed here, but common: `xs:import` directly in `wsdl:types`.
                        "import" => {
                            if let Some(location) = c.attribute("schemaLocation") {
                                st.enqueue(Pending {
                                    location: location.to_string(),
                                    base: src.base.clone(),
                                    from: src.loc(c),
                                    kind: ImportKind::Schema,
                                    namespace: c
                                        .attribute("namespace")
                                        .map(|n| n.trim().to_string()),
                                });
                            }
                        }
                        _ => {}
                    }
                }
            }
            "message" => message(st, &cx, child),
            "portType" => port_type(st, &cx, child),
            "binding" => binding(st, &cx, child),
            "service" => service(st, &cx, child),
            _ => {}
        }
    }
}

fn message(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) {
    let Some(name) = cx.name(st, node) else {
        return;
    };
    let mut parts = Vec::new();
    for p in wsdl_children(node).filter(|c| c.tag_name().name() == "part") {
        let loc = cx.src.loc(p);
        let pname = p.attribute("name").unwrap_or("").trim().to_string();
        let kind = if p.attribute("element").is_some() {
            st.qname_ref(cx.src, p, "element", RefKind::Element, None)
                .map(PartKind::Element)
        } else if p.attribute("type").is_some() {
            st.qname_ref(cx.src, p, "type", RefKind::PartType, None)
                .map(PartKind::Type)
        } else {
            st.diag(
                ErrorKind::Unsupported,
                loc.clone(),
                format!(
                    "part `{pname}` of message `{}` has neither element= nor type=",
                    name.local
                ),
            );
            None
        };
        if let Some(kind) = kind {
            parts.push(Part {
                name: pname,
                kind,
                loc,
            });
        }
    }
    let loc = cx.src.loc(node);
    let m = Message {
        name: name.clone(),
        parts,
        loc: loc.clone(),
    };
    check::insert(
        &mut st.model.wsdl.messages,
        &mut st.diags,
        &mut st.redefined,
        Space::Message,
        name,
        m,
        loc,
        false,
    );
}

fn op_message(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> Option<OpMessage> {
    let message = st.qname_ref(cx.src, node, "message", RefKind::Message, None);
    if node.attribute("message").is_none() {
        let what = node.tag_name().name();
        st.diag(
            ErrorKind::Unsupported,
            cx.src.loc(node),
            format!("wsdl:{what} without message="),
        );
    }
    Some(OpMessage {
        name: node.attribute("name").map(|n| n.trim().to_string()),
        message: message?,
        loc: cx.src.loc(node),
    })
}

fn port_type(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) {
    let Some(name) = cx.name(st, node) else {
        return;
    };
    let mut operations = Vec::new();
    for op in wsdl_children(node).filter(|c| c.tag_name().name() == "operation") {
        let mut o = Operation {
            name: op.attribute("name").unwrap_or("").trim().to_string(),
            doc: doc_of(op),
            input: None,
            output: None,
            faults: Vec::new(),
            loc: cx.src.loc(op),
        };
        for m in wsdl_children(op) {
            match m.tag_name().name() {
                "input" => o.input = op_message(st, cx, m),
                "output" => o.output = op_message(st, cx, m),
                "fault" => o.faults.extend(op_message(st, cx, m)),
                _ => {}
            }
        }
        operations.push(o);
    }
    let loc = cx.src.loc(node);
    let pt = PortType {
        name: name.clone(),
        operations,
        loc: loc.clone(),
    };
    check::insert(
        &mut st.model.wsdl.port_types,
        &mut st.diags,
        &mut st.redefined,
        Space::PortType,
        name,
        pt,
        loc,
        false,
    );
}

fn parse_style(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> Option<Style> {
    match node.attribute("style").map(str::trim)? {
        "document" => Some(Style::Document),
        "rpc" => Some(Style::Rpc),
        other => {
            let loc = cx.src.attr_loc(node, "style");
            st.diag(
                ErrorKind::Unsupported,
                loc,
                format!("unknown style=\"{other}\" (expected document or rpc)"),
            );
            None
        }
    }
}

fn parse_use(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> Use {
    match node.attribute("use").map(str::trim) {
        None | Some("literal") => Use::Literal,
        Some("encoded") => Use::Encoded,
        Some(other) => {
            let loc = cx.src.attr_loc(node, "use");
            st.diag(
                ErrorKind::Unsupported,
                loc,
                format!("unknown use=\"{other}\" (expected literal or encoded)"),
            );
            Use::Literal
        }
    }
}

fn binding(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) {
    let Some(name) = cx.name(st, node) else {
        return;
    };
    let port_type = st.qname_ref(cx.src, node, "type", RefKind::PortType, None);
    let Some(sb) = soap_children(node, "binding").next() else {
        st.model.wsdl.other_bindings.push(name);
        return;
    };
    let version = if sb.tag_name().namespace() == Some(SOAP12_NS) {
        SoapVersion::Soap12
    } else {
        SoapVersion::Soap11
    };
    let style = parse_style(st, cx, sb).unwrap_or(Style::Document);
    let mut operations = Vec::new();
    for op in wsdl_children(node).filter(|c| c.tag_name().name() == "operation") {
        let soap_op = soap_children(op, "operation").next();
        let mut bo = BindingOperation {
            name: op.attribute("name").unwrap_or("").trim().to_string(),
            soap_action: soap_op
                .and_then(|s| s.attribute("soapAction"))
                .unwrap_or("")
                .to_string(),
            style: soap_op
                .and_then(|s| parse_style(st, cx, s))
                .unwrap_or(style),
            input: None,
            output: None,
            faults: Vec::new(),
            loc: cx.src.loc(op),
        };
        for m in wsdl_children(op) {
            match m.tag_name().name() {
                "input" => bo.input = Some(binding_message(st, cx, m)),
                "output" => bo.output = Some(binding_message(st, cx, m)),
                "fault" => {
                    let name = m.attribute("name").unwrap_or("").trim().to_string();
                    let soap_fault = soap_children(m, "fault").next();
                    let fault_use = soap_fault.map_or(Use::Literal, |f| parse_use(st, cx, f));
                    let namespace = soap_fault
                        .and_then(|f| f.attribute("namespace"))
                        .unwrap_or("")
                        .trim()
                        .to_string();
                    bo.faults.push(BindingFault {
                        name,
                        fault_use,
                        namespace,
                    });
                }
                _ => {}
            }
        }
        operations.push(bo);
    }
    let loc = cx.src.loc(node);
    let Some(port_type) = port_type else {
        if node.attribute("type").is_none() {
            st.diag(
                ErrorKind::Unsupported,
                loc,
                format!("wsdl:binding `{}` without type=", name.local),
            );
        }
        return;
    };
    let b = Binding {
        name: name.clone(),
        port_type,
        version,
        style,
        operations,
        addressing: addressing(node),
        loc: loc.clone(),
    };
    check::insert(
        &mut st.model.wsdl.bindings,
        &mut st.diags,
        &mut st.redefined,
        Space::Binding,
        name,
        b,
        loc,
        false,
    );
}

const WSAW_NS: &str = "http://www.w3.org/2006/05/addressing/wsdl";
const WSAM_NS: &str = "http://www.w3.org/2007/05/addressing/metadata";
const WSAP_NS: &str = "http://schemas.xmlsoap.org/ws/2004/08/addressing/policy";

/// The WS-Addressing a binding asks for: a `wsaw:UsingAddressing` child, or a policy (inline
/// or by `wsp:PolicyReference URI="#id"`, as WCF publishes) holding `wsam:Addressing`,
/// `wsaw:UsingAddressing` (1.0) or `wsap:UsingAddressing` (2004/08).
fn addressing(binding: Node<'_, '_>) -> Option<Addressing> {
    fn in_policy(policy: Node<'_, '_>) -> Option<Addressing> {
        policy
            .descendants()
            .find_map(|n| match (n.tag_name().namespace(), n.tag_name().name()) {
                (Some(WSAM_NS), "Addressing") | (Some(WSAW_NS), "UsingAddressing") => {
                    Some(Addressing::W3c2005)
                }
                (Some(WSAP_NS), "UsingAddressing") => Some(Addressing::Submission2004),
                _ => None,
            })
    }
    binding.children().filter(Node::is_element).find_map(|c| {
        match (c.tag_name().namespace(), c.tag_name().name()) {
            (Some(WSAW_NS), "UsingAddressing") => Some(Addressing::W3c2005),
            (_, "Policy") => in_policy(c),
            (_, "PolicyReference") => {
                let id = c.attribute("URI")?.strip_prefix('#')?;
                let policy = c.document().descendants().find(|p| {
                    p.tag_name().name() == "Policy"
                        && p.attributes().any(|a| a.name() == "Id" && a.value() == id)
                })?;
                in_policy(policy)
            }
            _ => None,
        }
    })
}

/// `soap:body` / `soap:header`s of a binding input or output, also inside
/// `mime:multipartRelated/mime:part`.
fn binding_message(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) -> BindingMessage {
    let mut bm = BindingMessage {
        body_use: Use::Literal,
        namespace: String::new(),
        encoding_style: None,
        parts: None,
        headers: Vec::new(),
        mime: false,
    };
    let mut body_seen = false;
    let mut scan = vec![node];
    let mut i = 0;
    while i < scan.len() {
        let parent = scan[i];
        i += 1;
        for c in parent.children().filter(|c| c.is_element()) {
            let ns = c.tag_name().namespace().unwrap_or("");
            let local = c.tag_name().name();
            if ns == MIME_NS {
                bm.mime = true;
                // multipartRelated → part → soap:body (one level each).
                if matches!(local, "multipartRelated" | "part") && scan.len() < 64 {
                    scan.push(c);
                }
                continue;
            }
            if ns != SOAP11_NS && ns != SOAP12_NS {
                continue;
            }
            match local {
                "body" if !body_seen => {
                    body_seen = true;
                    bm.body_use = parse_use(st, cx, c);
                    bm.namespace = c.attribute("namespace").unwrap_or("").trim().to_string();
                    bm.encoding_style = c.attribute("encodingStyle").map(|e| e.trim().to_string());
                    bm.parts = c
                        .attribute("parts")
                        .map(|p| p.split_whitespace().map(str::to_string).collect());
                }
                "header" => {
                    let message = st.qname_ref(cx.src, c, "message", RefKind::Message, None);
                    let part = c.attribute("part").unwrap_or("").trim().to_string();
                    if let Some(message) = message {
                        bm.headers.push(HeaderBinding {
                            message,
                            part,
                            header_use: parse_use(st, cx, c),
                            namespace: c.attribute("namespace").unwrap_or("").trim().to_string(),
                            loc: cx.src.loc(c),
                        });
                    } else if c.attribute("message").is_none() {
                        st.diag(
                            ErrorKind::Unsupported,
                            cx.src.loc(c),
                            "soap:header without message=",
                        );
                    }
                }
                _ => {}
            }
        }
    }
    bm
}

fn service(st: &mut State<'_>, cx: &Cx<'_>, node: Node<'_, '_>) {
    let Some(name) = cx.name(st, node) else {
        return;
    };
    let mut ports = Vec::new();
    for p in wsdl_children(node).filter(|c| c.tag_name().name() == "port") {
        let Some(binding) = st.qname_ref(cx.src, p, "binding", RefKind::Binding, None) else {
            continue;
        };
        ports.push(Port {
            name: p.attribute("name").unwrap_or("").trim().to_string(),
            binding,
            address: soap_children(p, "address")
                .next()
                .and_then(|a| a.attribute("location"))
                .map(|l| l.trim().to_string()),
            loc: cx.src.loc(p),
        });
    }
    let loc = cx.src.loc(node);
    let s = Service {
        name: name.clone(),
        doc: doc_of(node),
        ports,
        loc: loc.clone(),
    };
    check::insert(
        &mut st.model.wsdl.services,
        &mut st.diags,
        &mut st.redefined,
        Space::Service,
        name,
        s,
        loc,
        false,
    );
}
