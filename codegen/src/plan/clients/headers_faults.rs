//! The header blocks and faults an operation's binding declares: header
//! parameters, the response-header struct, and the fault detail types.

use super::super::api::{FaultDef, ResponseHeaders};
use super::super::RsTy;
use super::OpPlanner;
use crate::ident::{self, NameSpace};
use crate::model::{BindingMessage, BindingOperation, Operation, PartKind, QName};

impl OpPlanner<'_, '_> {
    /// The struct of the header blocks the binding declares for the output.
    pub(super) fn response_headers(
        &mut self,
        op: &Operation,
        output: &BindingMessage,
    ) -> Option<usize> {
        let mut fnames = NameSpace::with_reserved(&["other"]);
        let fields = self.headers(output, &mut fnames);
        if fields.is_empty() {
            return None;
        }
        let found = self.response_headers.iter().position(|h| {
            h.operation == op.name
                && h.fields
                    .iter()
                    .map(|f| &f.1)
                    .eq(fields.iter().map(|f| &f.1))
        });
        Some(found.unwrap_or_else(|| {
            let type_name = self
                .p
                .names
                .claim(&ident::type_name(&format!("{}ResponseHeaders", op.name)));
            self.response_headers.push(ResponseHeaders {
                type_name,
                operation: op.name.clone(),
                items: vec![None; fields.len()],
                fields,
            });
            self.response_headers.len() - 1
        }))
    }

    /// The declared faults of `op` (bound by `bop`) and the detail entry of each: a
    /// part declared with `element=` is that element; one declared with `type=`
    /// (rpc style) is an element named after the part, in the `soap:fault`
    /// namespace, of that type (WSDL 1.1 §3.6). Either way its type is generated so
    /// callers can decode the detail.
    pub(super) fn faults(&mut self, op: &Operation, bop: &BindingOperation) -> Vec<FaultDef> {
        let model = self.p.model;
        op.faults
            .iter()
            .map(|f| {
                let name = f.name.clone().unwrap_or_default();
                let part = model
                    .wsdl
                    .messages
                    .get(&f.message)
                    .and_then(|m| m.parts.first());
                let detail = part.map(|part| match &part.kind {
                    PartKind::Element(q) => (q.clone(), self.p.element_ty(q)),
                    PartKind::Type(t) => {
                        let ns = bop
                            .faults
                            .iter()
                            .find(|b| b.name == name)
                            .map(|b| b.namespace.as_str())
                            .unwrap_or("");
                        (
                            QName::new(ns, part.name.as_str()),
                            Some(self.p.named_ty(t, 0)),
                        )
                    }
                });
                FaultDef { name, detail }
            })
            .collect()
    }

    /// Header parts: (parameter name, element, type).
    pub(super) fn headers(
        &mut self,
        b: &BindingMessage,
        pnames: &mut NameSpace,
    ) -> Vec<(String, QName, RsTy)> {
        let model = self.p.model;
        b.headers
            .iter()
            .filter_map(|h| {
                let msg = model.wsdl.messages.get(&h.message)?;
                let part = msg.parts.iter().find(|x| x.name == h.part)?;
                let (xml, ty) = match &part.kind {
                    PartKind::Element(el) => {
                        (el.clone(), self.p.element_ty(el).unwrap_or(RsTy::Any))
                    }
                    PartKind::Type(t) => (
                        QName::new(h.namespace.as_str(), part.name.as_str()),
                        self.p.named_ty(t, 0),
                    ),
                };
                self.p.use_ns(&xml.ns);
                let name = pnames.claim(&ident::field_name(&format!("{}_header", part.name)));
                Some((name, xml, ty))
            })
            .collect()
    }
}
