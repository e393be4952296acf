//! Services, ports and operations → client types and methods.

use super::types::Planner;
use super::{
    BodyPart, BodyShape, ClientDef, ElementField, HeaderParam, Method, Occurs, Param,
    ResponseHeaders, Returns, RsTy, StructDef, TypeId, TypePlan,
};
use crate::error::{Error, ErrorKind, Result};
use crate::ident::{self, NameSpace};
use crate::model::{
    Binding, BindingMessage, BindingOperation, Message, Operation, PartKind, QName, Style, Use,
};

/// Plans one client per SOAP port of every (selected) service.
pub(super) fn plan_clients(p: &mut Planner<'_>) -> Result<Vec<ClientDef>> {
    let model = p.model;
    let mut clients = Vec::new();
    let mut header_types = HeaderTypes::new();
    for svc in model.wsdl.services.values() {
        if !p.opts.services.is_empty() && !p.opts.services.iter().any(|s| **s == *svc.name.local) {
            continue;
        }
        for port in &svc.ports {
            let Some(binding) = model.wsdl.bindings.get(&port.binding) else {
                continue;
            };
            let name = p.names.claim(&ident::type_name(&port.name));
            let methods = plan_methods(p, binding, &mut header_types)?;
            clients.push(ClientDef {
                name,
                port: port.name.clone(),
                service: svc.name.local.to_string(),
                doc: svc.doc.clone(),
                version: binding.version,
                address: port.address.clone(),
                addressing: binding.addressing,
                methods,
            });
        }
    }
    // Bindings no selected port uses (WSDLs that define bindings but no
    // service, like ONVIF's) still get a client, without a default address.
    if p.opts.services.is_empty() {
        let used: Vec<&QName> = model
            .wsdl
            .services
            .values()
            .flat_map(|s| s.ports.iter().map(|p| &p.binding))
            .collect();
        for binding in model.wsdl.bindings.values() {
            if used.contains(&&binding.name) {
                continue;
            }
            let name = p.names.claim(&ident::type_name(&binding.name.local));
            let methods = plan_methods(p, binding, &mut header_types)?;
            clients.push(ClientDef {
                name,
                port: binding.name.local.to_string(),
                service: String::new(),
                doc: None,
                version: binding.version,
                address: None,
                addressing: binding.addressing,
                methods,
            });
        }
    }
    if clients.is_empty() {
        return Err(Error::new(
            ErrorKind::NoSoapBinding,
            model.entry.clone(),
            "no wsdl:service has a port with a SOAP 1.1 or SOAP 1.2 binding",
        ));
    }
    Ok(clients)
}

/// Response-header struct names by operation and header elements, so that the ports
/// binding an operation alike share one struct.
type HeaderTypes = std::collections::BTreeMap<(String, Vec<QName>), String>;

fn plan_methods(
    p: &mut Planner<'_>,
    binding: &Binding,
    header_types: &mut HeaderTypes,
) -> Result<Vec<Method>> {
    let model = p.model;
    let Some(port_type) = model.wsdl.port_types.get(&binding.port_type) else {
        return Ok(Vec::new());
    };
    let mut names = NameSpace::with_reserved(&["new", "from_client", "client"]);
    let mut methods = Vec::new();
    for bop in &binding.operations {
        let Some(op) = port_type.operations.iter().find(|o| o.name == bop.name) else {
            continue;
        };
        // Notification operations (output only) cannot be called.
        let Some(input) = &op.input else { continue };
        let Some(in_msg) = model.wsdl.messages.get(&input.message) else {
            continue;
        };
        let out_msg = op
            .output
            .as_ref()
            .and_then(|o| model.wsdl.messages.get(&o.message));
        let name = names.claim(&ident::field_name(&op.name));
        let mut m = plan_method(p, name, op, bop, in_msg, out_msg);
        if let (Some(output), Some(_)) = (&bop.output, out_msg) {
            let mut fnames = NameSpace::with_reserved(&["other"]);
            let fields = header_params(p, output, &mut fnames);
            if !fields.is_empty() {
                let key = (
                    op.name.clone(),
                    fields.iter().map(|f| f.xml.clone()).collect(),
                );
                let type_name = header_types
                    .entry(key)
                    .or_insert_with(|| {
                        p.names
                            .claim(&ident::type_name(&format!("{}ResponseHeaders", op.name)))
                    })
                    .clone();
                let method =
                    names.claim(&format!("{}_with_headers", m.name.trim_start_matches("r#")));
                m.response_headers = Some(ResponseHeaders {
                    type_name,
                    method,
                    fields,
                });
            }
        }
        methods.push(m);
    }
    Ok(methods)
}

fn plan_method(
    p: &mut Planner<'_>,
    name: String,
    op: &Operation,
    bop: &BindingOperation,
    in_msg: &Message,
    out_msg: Option<&Message>,
) -> Method {
    let model = p.model;
    // `soap_client` and `soap_version` are the shared operation functions' own.
    let mut pnames = NameSpace::with_reserved(&["self", "soap_client", "soap_version"]);
    let input = bop.input.as_ref();
    let (request, params) = request_shape(p, op, bop, in_msg, input, &mut pnames);
    let headers = input
        .map(|b| header_params(p, b, &mut pnames))
        .unwrap_or_default();
    let returns = match out_msg {
        None => Returns::OneWay,
        Some(m) => response_shape(p, op, bop, m, bop.output.as_ref()),
    };
    let mut fault_types = Vec::new();
    let faults = op
        .faults
        .iter()
        .map(|f| {
            let el = model
                .wsdl
                .messages
                .get(&f.message)
                .and_then(|m| m.parts.first())
                .and_then(|part| match &part.kind {
                    PartKind::Element(q) => Some(q.clone()),
                    PartKind::Type(_) => None,
                });
            // The detail's type is generated so callers can decode it with
            // `Fault::detail_as`.
            if let Some(t) = el.as_ref().and_then(|q| p.element_ty(q)) {
                fault_types.push(t);
            }
            (f.name.clone().unwrap_or_default(), el)
        })
        .collect();
    Method {
        name,
        operation: op.name.clone(),
        soap_action: bop.soap_action.clone(),
        doc: op.doc.clone(),
        params,
        headers,
        response_headers: None,
        request,
        returns,
        faults,
        fault_types,
    }
}

/// The parts the body carries (`soap:body parts=` filters them).
fn body_parts<'m>(msg: &'m Message, b: Option<&BindingMessage>) -> Vec<&'m crate::model::Part> {
    let header_parts: Vec<&str> = b
        .map(|b| {
            b.headers
                .iter()
                .filter(|h| h.message == msg.name)
                .map(|h| h.part.as_str())
                .collect()
        })
        .unwrap_or_default();
    msg.parts
        .iter()
        .filter(|part| match b.and_then(|b| b.parts.as_ref()) {
            Some(list) => list.contains(&part.name),
            None => !header_parts.contains(&part.name.as_str()),
        })
        .collect()
}

/// A wrapper struct usable for the wrapped convention: only element
/// fields, no attributes, text or wildcard.
fn wrapper_struct(p: &mut Planner<'_>, element: &QName) -> Option<TypeId> {
    let RsTy::Ref(id) = p.element_ty(element)? else {
        return None;
    };
    p.drain();
    match &p.types[id.0] {
        TypePlan::Struct(s)
            if s.attributes.is_empty()
                && s.text.is_none()
                && s.any.is_none()
                && s.elements.iter().all(|f| f.choice.is_none()) =>
        {
            Some(id)
        }
        _ => None,
    }
}

fn request_shape(
    p: &mut Planner<'_>,
    op: &Operation,
    bop: &BindingOperation,
    msg: &Message,
    b: Option<&BindingMessage>,
    pnames: &mut NameSpace,
) -> (BodyShape, Vec<Param>) {
    let parts = body_parts(msg, b);
    if bop.style == Style::Document {
        if let [part] = parts.as_slice() {
            if let PartKind::Element(el) = &part.kind {
                if *el.local == *op.name {
                    if let Some(id) = wrapper_struct(p, el) {
                        p.use_ns(&el.ns);
                        let params = fields_of(p, id)
                            .into_iter()
                            .map(|f| Param {
                                name: pnames.claim(&f.name),
                                ty: f.ty,
                                occurs: f.occurs,
                                nillable: f.nillable,
                            })
                            .collect();
                        return (
                            BodyShape::Wrapped {
                                element: el.clone(),
                                ty: id,
                            },
                            params,
                        );
                    }
                }
            }
        }
    }
    let (wrapper, parts, encoded) = part_list(p, op, bop, &parts, b, false);
    let params = parts
        .iter()
        .map(|bp| Param {
            name: pnames.claim(&bp.name),
            ty: bp.ty.clone(),
            occurs: if bp.nillable {
                Occurs::Optional
            } else {
                Occurs::Required
            },
            nillable: false,
        })
        .collect();
    (
        BodyShape::Parts {
            wrapper,
            parts,
            encoded,
        },
        params,
    )
}

fn response_shape(
    p: &mut Planner<'_>,
    op: &Operation,
    bop: &BindingOperation,
    msg: &Message,
    b: Option<&BindingMessage>,
) -> Returns {
    let parts = body_parts(msg, b);
    if bop.style == Style::Document {
        if let [part] = parts.as_slice() {
            if let PartKind::Element(el) = &part.kind {
                if let Some(id) = wrapper_struct(p, el) {
                    p.use_ns(&el.ns);
                    let n = fields_of(p, id).len();
                    return match n {
                        0 => Returns::Wrapper {
                            element: el.clone(),
                            ty: id,
                        },
                        1 => Returns::WrappedField {
                            element: el.clone(),
                            ty: id,
                            field: 0,
                        },
                        _ => Returns::Wrapper {
                            element: el.clone(),
                            ty: id,
                        },
                    };
                }
            }
        }
        if parts.is_empty() {
            return Returns::Unit;
        }
    }
    let (wrapper, parts, _) = part_list(p, op, bop, &parts, b, true);
    let ty = (parts.len() > 1 || wrapper.is_some()).then(|| {
        let elements = parts
            .iter()
            .enumerate()
            .map(|(i, bp)| ElementField {
                name: bp.name.clone(),
                xml: bp.xml.clone(),
                ty: bp.ty.clone(),
                occurs: Occurs::Optional,
                nillable: false,
                boxed: false,
                position: i,
                doc: None,
                sensitive: false,
                choice: None,
                any_name: false,
            })
            .collect();
        p.add(TypePlan::Struct(StructDef {
            name: ident::type_name(&format!("{}Output", op.name)),
            xml: wrapper.clone(),
            doc: Some(format!(
                "The output parts of {}.",
                crate::markdown::code(&op.name)
            )),
            loc: None,
            attributes: Vec::new(),
            elements,
            text: None,
            any: None,
            default: true,
        }))
    });
    Returns::Parts { wrapper, parts, ty }
}

/// Body parts as elements: document style uses the part's element; rpc
/// style wraps unqualified accessors named after the parts.
fn part_list(
    p: &mut Planner<'_>,
    op: &Operation,
    bop: &BindingOperation,
    parts: &[&crate::model::Part],
    b: Option<&BindingMessage>,
    response: bool,
) -> (Option<QName>, Vec<BodyPart>, bool) {
    let model = p.model;
    let encoded = b.is_some_and(|b| b.body_use == Use::Encoded);
    let rpc = bop.style == Style::Rpc;
    let wrapper = rpc.then(|| {
        let ns = b.map(|b| b.namespace.clone()).unwrap_or_default();
        let local = if response {
            format!("{}Response", op.name)
        } else {
            op.name.clone()
        };
        p.use_ns(&ns);
        QName::new(ns, local)
    });
    let mut names = NameSpace::new();
    let list = parts
        .iter()
        .map(|part| {
            let (xml, ty, xsi_type) = match &part.kind {
                PartKind::Element(el) => {
                    let ty = p.element_ty(el).unwrap_or(RsTy::Any);
                    let xml = if rpc {
                        QName::new("", part.name.as_str())
                    } else {
                        el.clone()
                    };
                    (xml, ty, None)
                }
                PartKind::Type(t) => {
                    let ty = p.named_ty(t, 0);
                    (
                        QName::new("", part.name.as_str()),
                        ty,
                        encoded.then(|| t.clone()),
                    )
                }
            };
            p.use_ns(&xml.ns);
            let nillable = !rpc
                && matches!(&part.kind, PartKind::Element(el) if model.schema.elements.get(el).is_some_and(|d| d.nillable));
            BodyPart {
                name: names.claim(&ident::field_name(&part.name)),
                xml,
                ty,
                xsi_type,
                nillable,
            }
        })
        .collect();
    (wrapper, list, encoded)
}

fn header_params(
    p: &mut Planner<'_>,
    b: &BindingMessage,
    pnames: &mut NameSpace,
) -> Vec<HeaderParam> {
    let model = p.model;
    b.headers
        .iter()
        .filter_map(|h| {
            let msg = model.wsdl.messages.get(&h.message)?;
            let part = msg.parts.iter().find(|x| x.name == h.part)?;
            let (xml, ty) = match &part.kind {
                PartKind::Element(el) => (el.clone(), p.element_ty(el).unwrap_or(RsTy::Any)),
                PartKind::Type(t) => (
                    QName::new(h.namespace.as_str(), part.name.as_str()),
                    p.named_ty(t, 0),
                ),
            };
            p.use_ns(&xml.ns);
            Some(HeaderParam {
                name: pnames.claim(&ident::field_name(&format!("{}_header", part.name))),
                xml,
                ty,
            })
        })
        .collect()
}

fn fields_of(p: &Planner<'_>, id: TypeId) -> Vec<ElementField> {
    match &p.types[id.0] {
        TypePlan::Struct(s) => s.elements.clone(),
        _ => Vec::new(),
    }
}
