//! The terminal listing: indented, one item per line, QNames with prefixes
//! declared at the top (`ns0`, `ns1`, ... in first-use order).

use std::fmt::Write;

use super::{FieldInfo, Inspection, OpInfo, PortInfo, Shape};
use crate::model::QName;

#[derive(Default)]
struct Prefixes(Vec<String>);

impl Prefixes {
    fn q(&mut self, q: &QName) -> String {
        if q.ns.is_empty() {
            return q.local.to_string();
        }
        let i = match self.0.iter().position(|n| **n == *q.ns) {
            Some(i) => i,
            None => {
                self.0.push(q.ns.to_string());
                self.0.len() - 1
            }
        };
        format!("ns{i}:{}", q.local)
    }
}

pub(super) fn render(ins: &Inspection, types: bool) -> String {
    let mut p = Prefixes::default();
    let mut body = String::new();
    let b = &mut body;
    let mut service: Option<&str> = None;
    for port in ins.ports.iter().filter(|x| !x.service.is_empty()) {
        if service != Some(port.service.as_str()) {
            let _ = writeln!(b, "\nservice {}", port.service);
            service = Some(&port.service);
        }
        port_text(b, &mut p, port, "port");
    }
    let unbound: Vec<&PortInfo> = ins.ports.iter().filter(|x| x.service.is_empty()).collect();
    if !unbound.is_empty() {
        let _ = writeln!(b, "\nbindings without a service");
        for port in unbound {
            port_text(b, &mut p, port, "binding");
        }
    }
    if !ins.skipped_bindings.is_empty() {
        let names: Vec<String> = ins.skipped_bindings.iter().map(|q| p.q(q)).collect();
        let _ = writeln!(
            b,
            "\nskipped bindings (not SOAP 1.1/1.2): {}",
            names.join(", ")
        );
    }
    if types {
        let _ = writeln!(b, "\ntypes");
        for t in &ins.types {
            let xml = t
                .xml
                .as_ref()
                .map(|q| format!(" ({})", p.q(q)))
                .unwrap_or_default();
            let _ = writeln!(b, "  {} {}{xml}", t.kind, t.name);
            for (name, f) in &t.fields {
                let _ = writeln!(b, "    {name}: {}", field(&mut p, f));
            }
            if !t.values.is_empty() {
                let _ = writeln!(b, "    values: {}", t.values.join(" | "));
            }
        }
    }
    let mut out = String::new();
    if !p.0.is_empty() {
        out.push_str("prefixes\n");
        for (i, ns) in p.0.iter().enumerate() {
            let _ = writeln!(out, "  ns{i} = {ns}");
        }
    }
    out.push_str(&body);
    out.trim_start_matches('\n').to_string()
}

fn port_text(b: &mut String, p: &mut Prefixes, port: &PortInfo, what: &str) {
    let address = port.address.as_deref().unwrap_or("no address");
    let _ = writeln!(
        b,
        "  {what} {}: SOAP {}, {address}\n    client {}",
        port.name, port.soap, port.client
    );
    for op in &port.operations {
        op_text(b, p, op);
    }
}

fn op_text(b: &mut String, p: &mut Prefixes, op: &OpInfo) {
    let action = if op.soap_action.is_empty() {
        String::new()
    } else {
        format!(", SOAPAction \"{}\"", op.soap_action)
    };
    let _ = writeln!(b, "    operation {}: {}{action}", op.name, op.style);
    let _ = writeln!(b, "      {}", op.signature);
    shape(b, p, "input: ", Some(&op.input));
    match &op.output {
        Some(s) => shape(b, p, "output:", Some(s)),
        None => shape(b, p, "output:", None),
    }
    for h in &op.headers {
        let _ = writeln!(b, "      header: {}", field(p, h));
    }
    for f in &op.faults {
        let detail = match (&f.element, &f.ty) {
            (Some(e), Some(t)) => format!(": {} ({t})", p.q(e)),
            (Some(e), None) => format!(": {}", p.q(e)),
            _ => String::new(),
        };
        let _ = writeln!(b, "      fault {}{detail}", f.name);
    }
}

fn shape(b: &mut String, p: &mut Prefixes, label: &str, s: Option<&Shape>) {
    let Some(s) = s else {
        let _ = writeln!(b, "      {label} none (one-way)");
        return;
    };
    match &s.element {
        Some(e) => {
            let _ = writeln!(b, "      {label} {}", p.q(e));
            for f in &s.fields {
                let _ = writeln!(b, "                {}", field(p, f));
            }
        }
        None if s.fields.is_empty() => {
            let _ = writeln!(b, "      {label} (empty)");
        }
        None => {
            for (i, f) in s.fields.iter().enumerate() {
                let l = if i == 0 { label } else { "       " };
                let _ = writeln!(b, "      {l} {}", field(p, f));
            }
        }
    }
}

/// `ns0:Name: Type?` (`@` for attributes, `*` repeated, `(nillable)`).
fn field(p: &mut Prefixes, f: &FieldInfo) -> String {
    format!(
        "{}{}: {}{}{}",
        if f.attribute { "@" } else { "" },
        p.q(&f.xml),
        f.ty,
        f.occurs,
        if f.nillable { " (nillable)" } else { "" }
    )
}
