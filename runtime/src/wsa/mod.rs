//! WS-Addressing as a [`MessageHook`]: `wsa:Action` (the operation's SOAP action),
//! `wsa:MessageID` (a random UUID URN), `wsa:ReplyTo` anonymous and `wsa:To` (the
//! endpoint), in WS-Addressing 1.0 (2005/08) or the 2004/08 submission; the response's
//! `wsa:RelatesTo`, when present, must equal the MessageID sent
//! ([`Error::Addressing`] otherwise).
//!
//! Switched on by [`ClientBuilder::addressing`](crate::ClientBuilder::addressing), and by
//! generated clients whose WSDL binding says `wsaw:UsingAddressing` or carries a
//! `wsam:Addressing` policy.

use crate::error::Error;
use crate::soap::HeaderBlock;
use crate::xml::Writer;
use crate::{IncomingMessage, MessageHook, OutgoingMessage};

/// A WS-Addressing version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WsaVersion {
    /// WS-Addressing 1.0, `http://www.w3.org/2005/08/addressing` (WCF `Soap12WSAddressing10`).
    W3c2005,
    /// The 2004/08 member submission, `http://schemas.xmlsoap.org/ws/2004/08/addressing`.
    Submission2004,
}

impl WsaVersion {
    /// The namespace of the headers.
    pub fn namespace(self) -> &'static str {
        match self {
            WsaVersion::W3c2005 => "http://www.w3.org/2005/08/addressing",
            WsaVersion::Submission2004 => "http://schemas.xmlsoap.org/ws/2004/08/addressing",
        }
    }

    /// The anonymous address (reply on the same HTTP connection).
    pub fn anonymous(self) -> &'static str {
        match self {
            WsaVersion::W3c2005 => "http://www.w3.org/2005/08/addressing/anonymous",
            WsaVersion::Submission2004 => {
                "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
            }
        }
    }
}

const MESSAGE_ID_KEY: &str = "wsa:MessageID";

/// The WS-Addressing hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addressing {
    version: WsaVersion,
    to: Option<String>,
    reply_to: bool,
    must_understand: bool,
}

impl Addressing {
    /// Addressing headers of `version`, `ReplyTo` anonymous, `mustUnderstand` on `Action`
    /// and `To` (as WCF sends them).
    pub fn new(version: WsaVersion) -> Addressing {
        Addressing {
            version,
            to: None,
            reply_to: true,
            must_understand: true,
        }
    }

    /// Sends this `wsa:To` instead of the endpoint URL.
    pub fn to(mut self, uri: impl Into<String>) -> Addressing {
        self.to = Some(uri.into());
        self
    }

    /// Whether to send `wsa:ReplyTo` anonymous (default: yes).
    pub fn reply_to(mut self, yes: bool) -> Addressing {
        self.reply_to = yes;
        self
    }

    /// Whether `Action` and `To` carry `mustUnderstand` (default: yes).
    pub fn must_understand(mut self, yes: bool) -> Addressing {
        self.must_understand = yes;
        self
    }

    /// The version.
    pub fn version(&self) -> WsaVersion {
        self.version
    }

    /// The header blocks of one request.
    pub fn header_blocks(&self, action: &str, to: &str, message_id: &str) -> Vec<HeaderBlock> {
        let ns = self.version.namespace();
        let text = |local: &str, value: &str| {
            let mut w = Writer::new();
            w.raw("<wsa:");
            w.raw(local);
            w.raw(" xmlns:wsa=\"");
            w.raw(ns);
            w.raw("\">");
            w.text(value);
            w.raw("</wsa:");
            w.raw(local);
            w.raw(">");
            HeaderBlock::trusted(w.into_string(), ns, local, 5 + local.len())
        };
        let mut blocks = vec![
            text("Action", action).must_understand(self.must_understand),
            text("MessageID", message_id),
        ];
        if self.reply_to {
            let mut w = Writer::new();
            w.raw("<wsa:ReplyTo xmlns:wsa=\"");
            w.raw(ns);
            w.raw("\"><wsa:Address>");
            w.raw(self.version.anonymous());
            w.raw("</wsa:Address></wsa:ReplyTo>");
            blocks.push(HeaderBlock::trusted(w.into_string(), ns, "ReplyTo", 12));
        }
        blocks.push(
            text("To", self.to.as_deref().unwrap_or(to)).must_understand(self.must_understand),
        );
        blocks
    }
}

impl MessageHook for Addressing {
    fn outgoing(&self, message: &mut OutgoingMessage<'_>) -> Result<(), Error> {
        let id = format!("urn:uuid:{}", uuid::Uuid::new_v4());
        let blocks = self.header_blocks(message.operation.soap_action, message.endpoint, &id);
        message.headers.extend(blocks);
        message.call_values.insert(MESSAGE_ID_KEY.to_owned(), id);
        Ok(())
    }

    fn incoming(&self, message: &IncomingMessage<'_>) -> Result<(), Error> {
        let Some(sent) = message.call_values.get(MESSAGE_ID_KEY) else {
            return Ok(());
        };
        let ns = self.version.namespace();
        for h in message.headers.iter().filter(|h| h.is(ns, "RelatesTo")) {
            // Only the reply relationship (the default) names the request.
            let typed = h.xml.contains("RelationshipType=");
            if typed && !(h.xml.contains("/reply\"") || h.xml.contains("/Reply\"")) {
                continue;
            }
            let got = h.text().unwrap_or_default();
            if got.trim() != sent {
                return Err(Error::Addressing {
                    message: format!(
                        "wsa:RelatesTo `{}` does not match the wsa:MessageID sent (`{sent}`)",
                        got.trim()
                    ),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soap::{ResponseHeader, SoapVersion};
    use crate::Operation;
    use std::collections::BTreeMap;

    fn check(headers: &[ResponseHeader], sent: &str) -> Result<(), Error> {
        let op = Operation {
            name: "Op",
            soap_action: "urn:a",
        };
        let values = BTreeMap::from([(MESSAGE_ID_KEY.to_owned(), sent.to_owned())]);
        Addressing::new(WsaVersion::W3c2005).incoming(&IncomingMessage {
            version: SoapVersion::Soap12,
            operation: &op,
            status: 200,
            content_type: None,
            headers,
            call_values: &values,
        })
    }

    fn relates(text: &str, attr: &str) -> ResponseHeader {
        ResponseHeader {
            namespace: WsaVersion::W3c2005.namespace().into(),
            local: "RelatesTo".into(),
            xml: format!(
                "<a:RelatesTo xmlns:a=\"http://www.w3.org/2005/08/addressing\"{attr}>{text}</a:RelatesTo>"
            ),
        }
    }

    #[test]
    fn relates_to_is_checked() {
        check(&[], "urn:uuid:1").unwrap();
        check(&[relates(" urn:uuid:1 ", "")], "urn:uuid:1").unwrap();
        let e = check(&[relates("urn:uuid:2", "")], "urn:uuid:1").unwrap_err();
        assert!(matches!(e, Error::Addressing { .. }), "{e:?}");
        assert!(e.to_string().contains("urn:uuid:2"), "{e}");
        let other = " RelationshipType=\"urn:custom\"";
        check(&[relates("urn:uuid:2", other)], "urn:uuid:1").unwrap();
    }

    #[test]
    fn headers_in_wcf_order() {
        let a = Addressing::new(WsaVersion::W3c2005);
        let mut w = Writer::new();
        for b in a.header_blocks("urn:a", "http://h/x?a&b", "urn:uuid:1") {
            b.write(SoapVersion::Soap11, &mut w);
        }
        let ns = "xmlns:wsa=\"http://www.w3.org/2005/08/addressing\"";
        assert_eq!(
            w.into_string(),
            format!(
                "<wsa:Action soap:mustUnderstand=\"1\" {ns}>urn:a</wsa:Action>\
                 <wsa:MessageID {ns}>urn:uuid:1</wsa:MessageID>\
                 <wsa:ReplyTo {ns}><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo>\
                 <wsa:To soap:mustUnderstand=\"1\" {ns}>http://h/x?a&amp;b</wsa:To>"
            )
        );
    }
}
