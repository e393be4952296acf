//! Model + plan → [`Inspection`].

use super::{FaultInfo, FieldInfo, Inspection, OpInfo, PortInfo, Shape, TypeInfo};
use crate::model::{Model, SoapVersion};
use crate::plan::{
    BodyShape, ElementField, Method, Occurs, Plan, Returns, RsTy, StructDef, TypePlan,
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
fn field_ty(plan: &Plan, t: &RsTy, occurs: Occurs, nillable: bool, boxed: bool) -> String {
    let mut i = item(plan, t);
    if boxed {
        i = format!("Box<{i}>");
    }
    match occurs {
        Occurs::Required if nillable => format!("Option<{i}>"),
        Occurs::Required => i,
        Occurs::Optional => format!("Option<{i}>"),
        Occurs::Many(_) if nillable => format!("Vec<Option<{i}>>"),
        Occurs::Many(_) => format!("Vec<{i}>"),
    }
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

fn parts_fields(plan: &Plan, parts: &[crate::plan::BodyPart]) -> Vec<FieldInfo> {
    parts
        .iter()
        .map(|p| FieldInfo {
            xml: p.xml.clone(),
            ty: item(plan, &p.ty),
            occurs: "",
            nillable: p.nillable,
            attribute: false,
        })
        .collect()
}

fn operation(plan: &Plan, m: &Method) -> OpInfo {
    let (style, input) = match &m.request {
        BodyShape::Wrapped { element, ty } => (
            "document/literal wrapped",
            Shape {
                element: Some(element.clone()),
                fields: struct_of(plan, *ty)
                    .map(|s| struct_fields(plan, s))
                    .unwrap_or_default(),
            },
        ),
        BodyShape::Parts {
            wrapper,
            parts,
            encoded,
        } => (
            match (wrapper, encoded) {
                (None, _) => "document/literal bare",
                (Some(_), false) => "rpc/literal",
                (Some(_), true) => "rpc/encoded",
            },
            Shape {
                element: wrapper.clone(),
                fields: parts_fields(plan, parts),
            },
        ),
    };
    let output = match &m.returns {
        Returns::OneWay => None,
        Returns::Unit => Some(Shape::default()),
        Returns::WrappedField { element, ty, .. } | Returns::Wrapper { element, ty } => {
            Some(Shape {
                element: Some(element.clone()),
                fields: struct_of(plan, *ty)
                    .map(|s| struct_fields(plan, s))
                    .unwrap_or_default(),
            })
        }
        Returns::Parts { wrapper, parts, .. } => Some(Shape {
            element: wrapper.clone(),
            fields: parts_fields(plan, parts),
        }),
    };
    let headers = m
        .headers
        .iter()
        .map(|h| FieldInfo {
            xml: h.xml.clone(),
            ty: item(plan, &h.ty),
            occurs: "?",
            nillable: false,
            attribute: false,
        })
        .collect();
    let faults = m
        .faults
        .iter()
        .enumerate()
        .map(|(i, (name, element))| FaultInfo {
            name: name.clone(),
            element: element.clone(),
            ty: element
                .as_ref()
                .and_then(|_| m.fault_types.get(i))
                .map(|t| item(plan, t)),
        })
        .collect();
    OpInfo {
        name: m.operation.clone(),
        method: m.name.clone(),
        soap_action: m.soap_action.clone(),
        style,
        signature: signature(plan, m),
        input,
        output,
        headers,
        faults,
    }
}

/// `async fn name(&self, ...) -> Result<T, Error>`, as the client emitter
/// writes it (short paths).
fn signature(plan: &Plan, m: &Method) -> String {
    let mut params = vec!["&self".to_string()];
    for p in &m.params {
        let t = field_ty(plan, &p.ty, p.occurs, p.nillable, false);
        params.push(format!("{}: {t}", p.name));
    }
    for h in &m.headers {
        params.push(format!("{}: Option<{}>", h.name, item(plan, &h.ty)));
    }
    let ret = match &m.returns {
        Returns::OneWay | Returns::Unit => "()".to_string(),
        Returns::WrappedField { ty, field, .. } => match struct_of(plan, *ty) {
            Some(s) => {
                let f = &s.elements[*field];
                field_ty(plan, &f.ty, f.occurs, f.nillable, f.boxed)
            }
            None => "()".to_string(),
        },
        Returns::Wrapper { ty, .. } => match struct_of(plan, *ty) {
            Some(s) if !s.elements.is_empty() => s.name.clone(),
            _ => "()".to_string(),
        },
        Returns::Parts { wrapper, parts, ty } => match (wrapper, ty) {
            (Some(_), Some(ty)) => match struct_of(plan, *ty) {
                Some(s) => match s.elements.as_slice() {
                    [] => "()".to_string(),
                    [f] => field_ty(plan, &f.ty, Occurs::Optional, false, f.boxed),
                    _ => s.name.clone(),
                },
                None => "()".to_string(),
            },
            _ => match parts.first() {
                None => "()".to_string(),
                Some(bp) if bp.nillable => format!("Option<{}>", item(plan, &bp.ty)),
                Some(bp) => item(plan, &bp.ty),
            },
        },
    };
    format!(
        "async fn {}({}) -> Result<{ret}, Error>",
        m.name,
        params.join(", ")
    )
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
    }
}
