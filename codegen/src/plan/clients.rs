//! Services, ports and operations → client types, their methods and the
//! operation functions they share.

use super::api::{
    ClientDef, Method, OpFn, OpId, Param, PartEncoding, PartWrite, Request, Response,
    ResponseHeaders, RpcWrapper, Shape, Take, RESERVED_METHODS,
};
use super::types::Planner;
use super::{ElementField, Occurs, RsTy, StructDef, TypeId, TypePlan};
use crate::error::{Error, ErrorKind, Result};
use crate::ident::{self, NameSpace};
use crate::model::{
    Binding, BindingMessage, BindingOperation, Message, Operation, PartKind, QName, Style, Use,
};

mod headers_faults;

/// Names of the parameters every operation function has.
const OP_FN_PARAMS: &[&str] = &["self", "soap_client", "soap_version"];

/// Clients as planned before boxing is decided: each method carries its
/// operation function, not yet shared or named.
pub(super) struct Drafts {
    pub clients: Vec<ClientDef>,
    /// Per client, per method: its operation function.
    pub ops: Vec<Vec<OpFn>>,
    /// Declared response header structs.
    pub response_headers: Vec<ResponseHeaders>,
}

/// Plans one client per SOAP port of every (selected) service.
pub(super) fn plan_clients(p: &mut Planner<'_>) -> Result<Drafts> {
    let model = p.model;
    let mut cx = OpPlanner {
        p,
        outputs: Vec::new(),
        response_headers: Vec::new(),
    };
    let mut drafts = Drafts {
        clients: Vec::new(),
        ops: Vec::new(),
        response_headers: Vec::new(),
    };
    for svc in model.wsdl.services.values() {
        let opts = cx.p.opts;
        if !opts.services.is_empty() && !opts.services.iter().any(|s| **s == *svc.name.local) {
            continue;
        }
        for port in &svc.ports {
            let Some(binding) = model.wsdl.bindings.get(&port.binding) else {
                continue;
            };
            let name = cx.p.names.claim(&ident::type_name(&port.name));
            let (methods, ops) = cx.methods(binding);
            drafts.clients.push(ClientDef {
                name,
                port: port.name.clone(),
                service: svc.name.local.to_string(),
                doc: svc.doc.clone(),
                version: binding.version,
                address: port.address.clone(),
                addressing: binding.addressing,
                methods,
            });
            drafts.ops.push(ops);
        }
    }
    // Bindings no selected port uses (WSDLs that define bindings but no
    // service, like ONVIF's) still get a client, without a default address.
    if cx.p.opts.services.is_empty() {
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
            let name = cx.p.names.claim(&ident::type_name(&binding.name.local));
            let (methods, ops) = cx.methods(binding);
            drafts.clients.push(ClientDef {
                name,
                port: binding.name.local.to_string(),
                service: String::new(),
                doc: None,
                version: binding.version,
                address: None,
                addressing: binding.addressing,
                methods,
            });
            drafts.ops.push(ops);
        }
    }
    drafts.response_headers = std::mem::take(&mut cx.response_headers);
    if drafts.clients.is_empty() {
        return Err(Error::new(
            ErrorKind::NoSoapBinding,
            model.entry.clone(),
            "no wsdl:service has a port with a SOAP 1.1 or SOAP 1.2 binding",
        ));
    }
    Ok(drafts)
}

/// An rpc response element and its parts (name, element, type).
type OutputKey = (QName, Vec<(String, QName, RsTy)>);

/// Plans operations; remembers the output structs of rpc responses so
/// ports that bind an operation alike share one.
struct OpPlanner<'p, 'm> {
    p: &'p mut Planner<'m>,
    outputs: Vec<(OutputKey, TypeId)>,
    /// Declared response header structs, shared by operation name and
    /// header elements.
    response_headers: Vec<ResponseHeaders>,
}

impl OpPlanner<'_, '_> {
    fn methods(&mut self, binding: &Binding) -> (Vec<Method>, Vec<OpFn>) {
        let model = self.p.model;
        let Some(port_type) = model.wsdl.port_types.get(&binding.port_type) else {
            return (Vec::new(), Vec::new());
        };
        let mut names = NameSpace::with_reserved(RESERVED_METHODS);
        let mut methods = Vec::new();
        let mut ops = Vec::new();
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
            let want = ident::field_name(&op.name);
            let name = names.claim(&want);
            if name != want {
                let why = if RESERVED_METHODS.contains(&want.trim_start_matches("r#")) {
                    "a method of the client itself or of a common trait"
                } else {
                    "the method of another operation"
                };
                self.p.warnings.push(crate::model::Warning {
                    loc: op.loc.clone(),
                    message: format!(
                        "operation {} is the method `{name}`: `{want}` is {why}",
                        crate::markdown::code(&op.name)
                    ),
                });
            }
            let mut f = self.op_fn(op, bop, in_msg, out_msg);
            let faults = self.faults(op, bop);
            let mut with_headers = None;
            if let (Some(output), Some(_)) = (&bop.output, out_msg) {
                f.response_headers = self.response_headers(op, output);
                with_headers = f.response_headers.map(|_| {
                    names.claim(&format!("{}_with_headers", name.trim_start_matches("r#")))
                });
            }
            ops.push(f);
            methods.push(Method {
                name,
                op: OpId(usize::MAX),
                doc: op.doc.clone(),
                with_headers,
                faults,
            });
        }
        (methods, ops)
    }

    fn op_fn(
        &mut self,
        op: &Operation,
        bop: &BindingOperation,
        in_msg: &Message,
        out_msg: Option<&Message>,
    ) -> OpFn {
        let mut pnames = NameSpace::with_reserved(OP_FN_PARAMS);
        let input = bop.input.as_ref();
        let (request, mut params) = self.request(op, bop, in_msg, input, &mut pnames);
        let headers = input
            .map(|b| self.headers(b, &mut pnames))
            .unwrap_or_default();
        params.extend(headers.iter().map(|(name, _, ty)| Param {
            name: name.clone(),
            shape: Shape::optional(ty.clone()),
            wrap: None,
        }));
        let (response, returns) = match out_msg {
            None => (Response::OneWay, None),
            Some(m) => self.response(op, bop, m, bop.output.as_ref()),
        };
        OpFn {
            name: String::new(),
            operation: op.name.clone(),
            soap_action: bop.soap_action.clone(),
            params,
            headers,
            request,
            response,
            returns,
            response_headers: None,
        }
    }

    /// A wrapper struct usable for the wrapped convention: only element
    /// fields, no attributes, text, wildcard or choice.
    fn wrapper_struct(&mut self, element: &QName) -> Option<TypeId> {
        let RsTy::Ref(id) = self.p.element_ty(element)? else {
            return None;
        };
        self.p.drain();
        match &self.p.types[id.0] {
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

    fn fields_of(&self, id: TypeId) -> Vec<ElementField> {
        match &self.p.types[id.0] {
            TypePlan::Struct(s) => s.elements.clone(),
            _ => Vec::new(),
        }
    }

    fn request(
        &mut self,
        op: &Operation,
        bop: &BindingOperation,
        msg: &Message,
        b: Option<&BindingMessage>,
        pnames: &mut NameSpace,
    ) -> (Request, Vec<Param>) {
        let parts = body_parts(msg, b);
        if let Some((el, id)) = self.wrapped(bop, &parts, Some(&op.name)) {
            let mut params = Vec::new();
            let mut fields = Vec::new();
            for f in self.fields_of(id) {
                let name = pnames.claim(&f.name);
                fields.push((f.name.clone(), name.clone()));
                // Boxing is decided later: `settle` gives the final shape.
                params.push(Param {
                    name,
                    shape: f.shape(),
                    wrap: None,
                });
            }
            let request = Request::Wrapped {
                element: el,
                ty: id,
                fields,
            };
            return (request, params);
        }
        let (wrapper, parts) = self.part_list(op, bop, &parts, b, false);
        let mut params = Vec::new();
        let writes = parts
            .into_iter()
            .map(|bp| {
                let name = pnames.claim(&bp.name);
                params.push(Param {
                    name: name.clone(),
                    shape: if bp.nillable {
                        Shape::optional(bp.ty.clone())
                    } else {
                        Shape::required(bp.ty.clone())
                    },
                    wrap: None,
                });
                // Only rpc/encoded parts carry an `xsi:type`.
                let how = match bp.xsi_type {
                    Some(t) => PartEncoding::Typed(t),
                    None if bp.nillable => PartEncoding::Nillable,
                    None => PartEncoding::Plain,
                };
                PartWrite {
                    param: name,
                    xml: bp.xml,
                    ty: bp.ty,
                    how,
                }
            })
            .collect();
        (
            Request::Parts {
                wrapper,
                parts: writes,
            },
            params,
        )
    }

    /// Document style with one element part whose element is a wrapper
    /// struct (named after the operation, for requests).
    fn wrapped(
        &mut self,
        bop: &BindingOperation,
        parts: &[&crate::model::Part],
        named: Option<&str>,
    ) -> Option<(QName, TypeId)> {
        if bop.style != Style::Document {
            return None;
        }
        let [part] = parts else { return None };
        let PartKind::Element(el) = &part.kind else {
            return None;
        };
        if named.is_some_and(|n| *el.local != *n) {
            return None;
        }
        let id = self.wrapper_struct(el)?;
        self.p.use_ns(&el.ns);
        Some((el.clone(), id))
    }

    fn response(
        &mut self,
        op: &Operation,
        bop: &BindingOperation,
        msg: &Message,
        b: Option<&BindingMessage>,
    ) -> (Response, Option<Shape>) {
        let parts = body_parts(msg, b);
        if let Some((element, id)) = self.wrapped(bop, &parts, None) {
            return self.take_from_struct(element, id);
        }
        if bop.style == Style::Document && parts.is_empty() {
            return (Response::Ignore, None);
        }
        let (wrapper, parts) = self.part_list(op, bop, &parts, b, true);
        if let Some(w) = wrapper {
            let id = self.output_struct(op, &w.element, &parts);
            return self.take_from_struct(w.element, id);
        }
        // Document/literal bare: the first body element is the result.
        match parts.into_iter().next() {
            None => (Response::Ignore, None),
            Some(bp) => {
                let (take, shape) = if bp.nillable {
                    (Take::NilOrWhole, Shape::optional(bp.ty.clone()))
                } else {
                    (Take::Whole, Shape::required(bp.ty.clone()))
                };
                let response = Response::Element {
                    element: bp.xml,
                    ty: bp.ty,
                    take,
                    wrapper: false,
                };
                (response, Some(shape))
            }
        }
    }

    /// A response decoded as struct `id`: `()` when it has no field, the
    /// field when it has one, else the struct.
    fn take_from_struct(&self, element: QName, id: TypeId) -> (Response, Option<Shape>) {
        let fields = self.fields_of(id);
        let (take, returns) = match fields.as_slice() {
            [] => (Take::Nothing, None),
            // Boxing is decided later: `settle` gives the final shape.
            [f] => (Take::Field(f.name.clone()), Some(f.shape())),
            _ => (Take::Whole, Some(Shape::required(RsTy::Ref(id)))),
        };
        let response = Response::Element {
            element,
            ty: RsTy::Ref(id),
            take,
            wrapper: true,
        };
        (response, returns)
    }

    /// The struct holding the output parts of an rpc response.
    fn output_struct(&mut self, op: &Operation, wrapper: &QName, parts: &[BodyPart]) -> TypeId {
        let key = (
            wrapper.clone(),
            parts
                .iter()
                .map(|bp| (bp.name.clone(), bp.xml.clone(), bp.ty.clone()))
                .collect(),
        );
        if let Some((_, id)) = self.outputs.iter().find(|(k, _)| *k == key) {
            return *id;
        }
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
                array: None,
            })
            .collect();
        let id = self.p.add(TypePlan::Struct(StructDef {
            name: ident::type_name(&format!("{}Output", op.name)),
            xml: Some(wrapper.clone()),
            doc: Some(format!(
                "The output parts of {}.",
                crate::markdown::code(&op.name)
            )),
            attributes: Vec::new(),
            elements,
            text: None,
            any: None,
            default: true,
            soap_array: None,
        }));
        self.p.wants[id.0].element = true;
        self.outputs.push((key, id));
        id
    }

    /// Body parts as elements: document style uses the part's element; rpc
    /// style wraps unqualified accessors named after the parts.
    fn part_list(
        &mut self,
        op: &Operation,
        bop: &BindingOperation,
        parts: &[&crate::model::Part],
        b: Option<&BindingMessage>,
        response: bool,
    ) -> (Option<RpcWrapper>, Vec<BodyPart>) {
        let model = self.p.model;
        let encoded = b.is_some_and(|b| b.body_use == Use::Encoded);
        let rpc = bop.style == Style::Rpc;
        let wrapper = rpc.then(|| {
            let ns = b.map(|b| b.namespace.clone()).unwrap_or_default();
            let local = if response {
                format!("{}Response", op.name)
            } else {
                op.name.clone()
            };
            self.p.use_ns(&ns);
            RpcWrapper {
                element: QName::new(ns, local),
                encoded,
            }
        });
        let mut names = NameSpace::new();
        let list = parts
            .iter()
            .map(|part| {
                let (xml, ty, xsi_type) = match &part.kind {
                    PartKind::Element(el) => {
                        let ty = self.p.element_ty(el).unwrap_or(RsTy::Any);
                        let xml = if rpc {
                            QName::new("", part.name.as_str())
                        } else {
                            el.clone()
                        };
                        (xml, ty, None)
                    }
                    PartKind::Type(t) => {
                        let ty = self.p.named_ty(t, 0);
                        (
                            QName::new("", part.name.as_str()),
                            ty,
                            encoded.then(|| t.clone()),
                        )
                    }
                };
                self.p.use_ns(&xml.ns);
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
        (wrapper, list)
    }
}

/// One message part as planned.
struct BodyPart {
    /// Rust name (parameter or field).
    name: String,
    /// Element name on the wire.
    xml: QName,
    /// Type.
    ty: RsTy,
    /// XSD type name for `xsi:type` (rpc/encoded).
    xsi_type: Option<QName>,
    /// A nillable document-style part element: `Option<T>`, `None` is `xsi:nil`.
    nillable: bool,
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
