//! The `--json` form: the same content, QNames as `{namespace}local`.

use super::{FieldInfo, Inspection, OpInfo, PortInfo, Shape};

/// A JSON value (enough for this report).
enum J {
    Null,
    Bool(bool),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(&'static str, J)>),
}

fn s(v: impl ToString) -> J {
    J::Str(v.to_string())
}

fn opt(v: Option<impl ToString>) -> J {
    v.map_or(J::Null, s)
}

fn write(out: &mut String, v: &J, indent: usize) {
    let pad = |out: &mut String, n: usize| out.extend(std::iter::repeat_n(' ', n));
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Str(t) => escape(out, t),
        J::Arr(items) if items.is_empty() => out.push_str("[]"),
        J::Arr(items) => {
            out.push_str("[\n");
            for (i, it) in items.iter().enumerate() {
                pad(out, indent + 2);
                write(out, it, indent + 2);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push(']');
        }
        J::Obj(fields) => {
            out.push_str("{\n");
            for (i, (k, it)) in fields.iter().enumerate() {
                pad(out, indent + 2);
                escape(out, k);
                out.push_str(": ");
                write(out, it, indent + 2);
                out.push_str(if i + 1 < fields.len() { ",\n" } else { "\n" });
            }
            pad(out, indent);
            out.push('}');
        }
    }
}

fn escape(out: &mut String, t: &str) {
    out.push('"');
    for c in t.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn field(f: &FieldInfo) -> J {
    J::Obj(vec![
        ("name", s(&f.xml)),
        ("type", s(&f.ty)),
        (
            "occurs",
            s(match f.occurs {
                "?" => "optional",
                "*" => "repeated",
                _ => "required",
            }),
        ),
        ("nillable", J::Bool(f.nillable)),
        ("attribute", J::Bool(f.attribute)),
    ])
}

fn shape(sh: &Shape) -> J {
    J::Obj(vec![
        ("element", opt(sh.element.as_ref())),
        ("fields", J::Arr(sh.fields.iter().map(field).collect())),
    ])
}

fn op(o: &OpInfo) -> J {
    J::Obj(vec![
        ("name", s(&o.name)),
        ("method", s(&o.method)),
        ("soap_action", s(&o.soap_action)),
        ("style", s(o.style)),
        ("signature", s(&o.signature)),
        ("input", shape(&o.input)),
        ("output", o.output.as_ref().map_or(J::Null, shape)),
        ("headers", J::Arr(o.headers.iter().map(field).collect())),
        (
            "faults",
            J::Arr(
                o.faults
                    .iter()
                    .map(|f| {
                        J::Obj(vec![
                            ("name", s(&f.name)),
                            ("element", opt(f.element.as_ref())),
                            ("type", opt(f.ty.as_ref())),
                        ])
                    })
                    .collect(),
            ),
        ),
    ])
}

fn port(p: &PortInfo, service: bool) -> J {
    let mut f = vec![("name", s(&p.name))];
    if service {
        f.push(("service", s(&p.service)));
        f.push(("address", opt(p.address.as_ref())));
    }
    f.push(("soap_version", s(p.soap)));
    f.push(("client", s(&p.client)));
    f.push(("operations", J::Arr(p.operations.iter().map(op).collect())));
    J::Obj(f)
}

pub(super) fn render(ins: &Inspection, types: bool) -> String {
    let mut top = vec![
        (
            "ports",
            J::Arr(
                ins.ports
                    .iter()
                    .filter(|p| !p.service.is_empty())
                    .map(|p| port(p, true))
                    .collect(),
            ),
        ),
        (
            "bindings_without_service",
            J::Arr(
                ins.ports
                    .iter()
                    .filter(|p| p.service.is_empty())
                    .map(|p| port(p, false))
                    .collect(),
            ),
        ),
        (
            "skipped_bindings",
            J::Arr(ins.skipped_bindings.iter().map(s).collect()),
        ),
    ];
    if types {
        top.push((
            "types",
            J::Arr(
                ins.types
                    .iter()
                    .map(|t| {
                        J::Obj(vec![
                            ("kind", s(t.kind)),
                            ("name", s(&t.name)),
                            ("xml", opt(t.xml.as_ref())),
                            (
                                "fields",
                                J::Arr(
                                    t.fields
                                        .iter()
                                        .map(|(n, f)| {
                                            let J::Obj(mut o) = field(f) else {
                                                unreachable!("field() is an object")
                                            };
                                            o.insert(0, ("rust", s(n)));
                                            J::Obj(o)
                                        })
                                        .collect(),
                                ),
                            ),
                            ("values", J::Arr(t.values.iter().map(s).collect())),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    top.push(("warnings", J::Arr(ins.warnings.iter().map(s).collect())));
    let mut out = String::new();
    write(&mut out, &J::Obj(top), 0);
    out.push('\n');
    out
}
