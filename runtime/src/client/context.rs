//! What a call's errors say about the call: the operation and the endpoint (never its
//! `user:password@`), and the check that the endpoint is a usable URL.
//!
//! Endpoint validation: [`ClientBuilder::build`](super::ClientBuilder::build) and
//! [`Client::try_new`](super::Client::try_new) fail with [`Error::InvalidEndpoint`]. The
//! generated `Port::new(endpoint)` calls the infallible [`Client::new`](super::Client::new),
//! which must stay infallible for source compatibility: it checks the URL too, logs a
//! warning naming it, and every call of that client then fails with the same
//! [`Error::InvalidEndpoint`] before anything is sent.

use super::Operation;
use crate::error::Error;
use crate::redact::url_without_userinfo;

/// The endpoint of a client as errors show it, and why it is unusable (if it is).
#[derive(Debug, Clone)]
pub(super) struct EndpointInfo {
    /// Without `user:password@`.
    pub shown: String,
    /// The `user:password@` text as it appears in the URL, to scrub from transport messages.
    userinfo: Option<String>,
    /// Set when the URL is not usable.
    pub invalid: Option<String>,
}

impl EndpointInfo {
    /// Checks `endpoint`: an absolute URL with a host; with the built-in transport
    /// (`http_only`) its scheme must be `http` or `https`.
    pub fn new(endpoint: &str, http_only: bool) -> EndpointInfo {
        let shown = url_without_userinfo(endpoint);
        let (userinfo, invalid) = match reqwest::Url::parse(endpoint) {
            Err(e) => (None, Some(e.to_string())),
            Ok(u) => {
                let userinfo =
                    (!u.username().is_empty() || u.password().is_some()).then(|| {
                        match u.password() {
                            Some(p) => format!("{}:{p}@", u.username()),
                            None => format!("{}@", u.username()),
                        }
                    });
                let invalid = if http_only && !matches!(u.scheme(), "http" | "https") {
                    Some(format!(
                        "the scheme `{}` is not supported (use http or https)",
                        u.scheme()
                    ))
                } else if u.host_str().is_none_or(str::is_empty) && u.scheme() != "file" {
                    Some("the URL has no host".to_owned())
                } else {
                    None
                };
                (userinfo, invalid)
            }
        };
        EndpointInfo {
            shown,
            userinfo,
            invalid,
        }
    }

    /// [`Error::InvalidEndpoint`] when the endpoint is unusable.
    pub fn check(&self) -> Result<(), Error> {
        match &self.invalid {
            None => Ok(()),
            Some(message) => Err(Error::InvalidEndpoint {
                endpoint: self.shown.clone(),
                message: message.clone(),
            }),
        }
    }

    /// `e` with the call's context: the operation on decode errors and faults, the
    /// endpoint on faults; transport messages lose any `user:password@` of the endpoint
    /// and are prefixed with the operation and endpoint.
    pub fn add_context(&self, e: Error, op: &Operation) -> Error {
        let prefix = |message: String| {
            let message = match &self.userinfo {
                Some(userinfo) => message.replace(userinfo.as_str(), ""),
                None => message,
            };
            // Messages that already start with the operation (the call timeout) keep one.
            let own = format!("{}: ", op.name);
            let message = message.strip_prefix(&own).unwrap_or(&message);
            format!("{} at {}: {message}", op.name, self.shown)
        };
        match e {
            Error::Decode(mut d) => {
                d.operation = Some(op.name);
                Error::Decode(d)
            }
            Error::Fault(mut f) => {
                f.operation = Some(op.name);
                f.endpoint = Some(self.shown.clone());
                Error::Fault(f)
            }
            Error::Connect { message } => Error::Connect {
                message: prefix(message),
            },
            Error::Timeout { message } => Error::Timeout {
                message: prefix(message),
            },
            Error::Transport { message } => Error::Transport {
                message: prefix(message),
            },
            Error::HttpProtocol { message } => Error::HttpProtocol {
                message: prefix(message),
            },
            Error::TruncatedBody { message } => Error::TruncatedBody {
                message: prefix(message),
            },
            Error::Tls { message } => Error::Tls {
                message: prefix(message),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_checked() {
        for (url, ok) in [
            ("http://h/svc", true),
            ("https://u:p@h:8443/svc?wsdl", true),
            ("not a url", false),
            ("ftp://h/x", false),
            ("http://", false),
            ("/relative/path", false),
        ] {
            let info = EndpointInfo::new(url, true);
            assert_eq!(info.check().is_ok(), ok, "{url}: {:?}", info.invalid);
        }
        assert!(EndpointInfo::new("replay://recorded/svc", false)
            .check()
            .is_ok());
        let e = EndpointInfo::new("htp://user:s3cret@h/x", true)
            .check()
            .unwrap_err();
        let s = e.to_string();
        assert!(s.contains("htp://h/x") && !s.contains("s3cret"), "{s}");
    }

    #[test]
    fn transport_messages_lose_credentials() {
        let info = EndpointInfo::new("http://user:s3cret@127.0.0.1:9/svc", true);
        let op = Operation {
            name: "GetQuote",
            soap_action: "",
        };
        let e = info.add_context(
            Error::Connect {
                message: "error sending request for url (http://user:s3cret@127.0.0.1:9/svc)"
                    .into(),
            },
            &op,
        );
        let s = e.to_string();
        assert!(!s.contains("s3cret"), "{s}");
        assert!(s.contains("GetQuote at http://127.0.0.1:9/svc"), "{s}");
        let e = info.add_context(
            Error::Timeout {
                message: "GetQuote: no complete response within 1s".into(),
            },
            &op,
        );
        assert_eq!(
            e.to_string(),
            "SOAP request timed out: GetQuote at http://127.0.0.1:9/svc: no complete response within 1s"
        );
    }
}
