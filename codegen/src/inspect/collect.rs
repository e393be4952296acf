//! Model + plan → [`Inspection`].

use super::{FaultInfo, FieldInfo, Inspection, OpInfo, PortInfo, Shape, TypeInfo};
use crate::model::{Model, SoapVersion};
use crate::plan::{
    ElementField, Method, Occurs, OpFn, PartEncoding, Plan, Request, Response, RpcWrapper, RsTy,
    StructDef, Take, TypePlan,
};

pub(super) fn collect(model: &Model, plan: &Plan) -> Inspection {
    let ports = plan
        .clients
        .iter()
        .map(|c| PortInfo {
            service: c.service.clone(),
            name: c.port.clone(),
            soap: match c.version {
                SoapVersion::Soap11 => "1.1",
                SoapVersion::Soap12 => "1.2",
            },
            address: c.address.clone(),
            client: c.name.clone(),
            operations: c.methods.iter().map(|m| operation(plan, m)).collect(),
        })
        .collect();
    Inspection {
        ports,
        skipped_bindings: model.wsdl.other_bindings.clone(),
        types: plan.types.iter().map(|t| type_info(plan, t)).collect(),
        warnings: model
            .warnings
            .iter()
            .chain(&plan.warnings)
            .map(|w| format!("{}: {}", w.loc, w.message))
            .collect(),
        stats: super::stats::api_stats(plan),
    }
}

/// The Rust item type, short (`String`, `xsd::Date`, `Foo`).
fn item(plan: &Plan, t: &RsTy) -> String {
    match t {
        RsTy::Builtin(b) => b
            .rust_path()
            .trim_start_matches("::std::string::")
            .to_string(),
        RsTy::Ref(id) => plan.types[id.0].name().to_string(),
        RsTy::Any => "xml::AnyElement".to_string(),
    }
}

/// The field/parameter type as the generated code spells it (short paths).
fn shape(plan: &Plan, s: &crate::plan::Shape) -> String {
    let mut i = item(plan, &s.ty);
    if s.boxed {
        i = format!("Box<{i}>");
    }
    let nillable = s.nillable;
    let mut t = match s.occurs {
        Occurs::Required if nillable => format!("Option<{i}>"),
        Occurs::Required => i,
        Occurs::Optional => format!("Option<{i}>"),
        Occurs::Many(_) if nillable => format!("Vec<Option<{i}>>"),
        Occurs::Many(_) => format!("Vec<{i}>"),
    };
    for _ in 0..s.arrays {
        t = format!("Vec<{t}>");
    }
    t
}

fn occurs(o: Occurs) -> &'static str {
    match o {
        Occurs::Required => "",
        Occurs::Optional => "?",
        Occurs::Many(_) => "*",
    }
}

fn struct_of(plan: &Plan, id: crate::plan::TypeId) -> Option<&StructDef> {
    match &plan.types[id.0] {
        TypePlan::Struct(s) => Some(s),
        _ => None,
    }
}

fn element_field(plan: &Plan, f: &ElementField) -> FieldInfo {
    FieldInfo {
        xml: f.xml.clone(),
        ty: item(plan, &f.ty),
        occurs: occurs(f.occurs),
        nillable: f.nillable,
        attribute: false,
    }
}

fn struct_fields(plan: &Plan, s: &StructDef) -> Vec<FieldInfo> {
    let attrs = s.attributes.iter().map(|a| FieldInfo {
        xml: a.xml.clone(),
        ty: item(plan, &a.ty),
        occurs: if a.required { "" } else { "?" },
        nillable: false,
        attribute: true,
    });
    attrs
        .chain(s.elements.iter().map(|f| element_field(plan, f)))
        .collect()
}

fn operation(plan: &Plan, m: &Method) -> OpInfo {
    let op = &plan.ops[m.op.0];
    let (style, input) = match &op.request {
        Request::Wrapped { element, ty, .. } => (
            "document/literal wrapped",
            Shape {
                element: Some(element.clone()),
                fields: struct_of(plan, *ty)
                    .map(|s| struct_fields(plan, s))
                    .unwrap_or_default(),
            },
        ),
        Request::Parts { wrapper, parts } => (
            match wrapper {
                None => "document/literal bare",
                Some(RpcWrapper { encoded: false, .. }) => "rpc/literal",
                Some(RpcWrapper { encoded: true, .. }) => "rpc/encoded",
            },
            Shape {
                element: wrapper.as_ref().map(|w| w.element.clone()),
                fields: parts
                    .iter()
                    .map(|p| FieldInfo {
                        xml: p.xml.clone(),
                        ty: item(plan, &p.ty),
                        occurs: "",
                        nillable: p.how == PartEncoding::Nillable,
                        attribute: false,
                    })
                    .collect(),
            },
        ),
    };
    let output = match &op.response {
        Response::OneWay => None,
        Response::Ignore => Some(Shape::default()),
        Response::Element {
            element,
            ty: RsTy::Ref(id),
            wrapper: true,
            ..
        } => Some(Shape {
            element: Some(element.clone()),
            fields: struct_of(plan, *id)
                .map(|s| struct_fields(plan, s))
                .unwrap_or_default(),
        }),
        Response::Element {
            element, ty, take, ..
        } => Some(Shape {
            element: None,
            fields: vec![FieldInfo {
                xml: element.clone(),
                ty: item(plan, ty),
                occurs: "",
                nillable: *take == Take::NilOrWhole,
                attribute: false,
            }],
        }),
    };
    let headers = op
        .headers
        .iter()
        .map(|(_, xml, ty)| FieldInfo {
            xml: xml.clone(),
            ty: item(plan, ty),
            occurs: "?",
            nillable: false,
            attribute: false,
        })
        .collect();
    let faults = m
        .faults
        .iter()
        .map(|f| FaultInfo {
            name: f.name.clone(),
            element: f.detail.as_ref().map(|(el, _)| el.clone()),
            ty: f
                .detail
                .as_ref()
                .and_then(|(_, t)| t.as_ref())
                .map(|t| item(plan, t)),
        })
        .collect();
    OpInfo {
        name: op.operation.clone(),
        method: m.name.clone(),
        soap_action: op.soap_action.clone(),
        style,
        signature: signature(plan, m, op),
        input,
        output,
        headers,
        faults,
    }
}

/// `fn name(&self, ...) -> CallFuture<T>` (or `async fn name(&self, ...) -> Result<T,
/// Error>` when the method drops declared response headers), as the client emitter
/// writes it (short paths): the planned parameter and return shapes.
fn signature(plan: &Plan, m: &Method, op: &OpFn) -> String {
    let method = m.name.as_str();
    let mut params = vec!["&self".to_string()];
    for p in &op.params {
        params.push(format!("{}: {}", p.name, shape(plan, &p.shape)));
    }
    let ret = op
        .returns
        .as_ref()
        .map_or_else(|| "()".to_string(), |s| shape(plan, s));
    if m.with_headers.is_some() && op.response_headers.is_some() {
        format!(
            "async fn {method}({}) -> Result<{ret}, Error>",
            params.join(", ")
        )
    } else {
        format!("fn {method}({}) -> CallFuture<{ret}>", params.join(", "))
    }
}

fn type_info(plan: &Plan, t: &TypePlan) -> TypeInfo {
    let field = |name: &str, f: FieldInfo| (name.to_string(), f);
    match t {
        TypePlan::Struct(s) => {
            let mut fields: Vec<(String, FieldInfo)> = s
                .attributes
                .iter()
                .zip(struct_fields(plan, s))
                .map(|(a, f)| field(&a.name, f))
                .collect();
            fields.extend(
                s.elements
                    .iter()
                    .map(|e| field(&e.name, element_field(plan, e))),
            );
            TypeInfo {
                kind: "struct",
                name: s.name.clone(),
                xml: s.xml.clone(),
                fields,
                values: Vec::new(),
            }
        }
        TypePlan::Enum(e) => TypeInfo {
            kind: "enum",
            name: e.name.clone(),
            xml: e.xml.clone(),
            fields: Vec::new(),
            values: e.variants.iter().map(|(_, v, _)| v.clone()).collect(),
        },
        TypePlan::Choice(c) => TypeInfo {
            kind: "choice",
            name: c.name.clone(),
            xml: None,
            fields: c
                .variants
                .iter()
                .map(|v| {
                    field(
                        &v.name,
                        FieldInfo {
                            xml: v.xml.clone(),
                            ty: item(plan, &v.ty),
                            occurs: if v.many { "*" } else { "" },
                            nillable: false,
                            attribute: false,
                        },
                    )
                })
                .collect(),
            values: Vec::new(),
        },
        TypePlan::Poly(p) => TypeInfo {
            kind: "derived",
            name: p.name.clone(),
            xml: Some(p.base.clone()),
            fields: p
                .variants
                .iter()
                .map(|v| {
                    field(
                        &v.name,
                        FieldInfo {
                            xml: v.xml.clone(),
                            ty: plan.types[v.ty.0].name().to_string(),
                            occurs: "",
                            nillable: false,
                            attribute: false,
                        },
                    )
                })
                .collect(),
            values: Vec::new(),
        },
        TypePlan::Extern(x) => TypeInfo {
            kind: "extern",
            name: x.path.clone(),
            xml: Some(x.xml.clone()),
            fields: Vec::new(),
            values: Vec::new(),
        },
    }
}
