//! Record and replay: test your code against a partner's recorded behaviour.
//!
//! [`RecordingTransport`] wraps a real transport and writes every exchange
//! (request and response) to a file in a directory, secrets redacted.
//! [`ReplayTransport`] serves those files back in tests, without a network:
//! each request is matched by its operation (the first element of the SOAP
//! Body) and its body.
//!
//! ```no_run
//! use soapgen_runtime::record::{RecordingTransport, ReplayTransport};
//! use soapgen_runtime::{Client, ReqwestTransport};
//!
//! # fn main() -> Result<(), soapgen_runtime::Error> {
//! // Once, against the partner's test system:
//! let url = "https://partner.example/Service.asmx";
//! let recorder = RecordingTransport::new(ReqwestTransport::new(&Default::default())?, "tests/recorded");
//! let client = Client::builder(url).transport(recorder).build()?;
//! // ... run the scenario with the generated client over `client` ...
//!
//! // In tests, offline:
//! let replay = ReplayTransport::from_dir("tests/recorded")?;
//! let client = Client::builder(url).transport(replay).build()?;
//! # Ok(()) }
//! ```
//!
//! Redaction, by the crate's one redactor ([`crate::redact_xml`], the same as
//! envelope logs and error excerpts): all text inside every element, and the value
//! of every attribute, whose local name contains `password`, `secret`, `token`,
//! `connectionstring`, `apikey` or `credential` (case-insensitive;
//! [`RecordingTransport::sensitive`] changes the list: give it the client's
//! `Options::sensitive_names` when those are changed), in requests and responses,
//! is written as `***`; so are the
//! values of `Authorization`, `Proxy-Authorization` and `Cookie` headers;
//! the URL is written without user info and query. Replay applies the same
//! redaction to the live request before matching, and ignores the text of
//! volatile elements (`MessageID`, `Created`, `Expires`, `Nonce`, `RelatesTo`;
//! [`ReplayTransport::ignore`] adds more). A redacted response replays as
//! recorded: a token the partner returned comes back as `***`.
// Recordings are read from files a test suite controls, still: no panics.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod file;
mod xml;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::error::Error;
use crate::transport::{HttpRequest, HttpResponse, SendFuture, Transport};
use file::Exchange;

/// File extension of recorded exchanges.
const EXT: &str = "exchange";

/// The patterns every redaction of the crate starts from.
const SENSITIVE: [&str; 6] = crate::redact::DEFAULT_SENSITIVE_NAMES;

const SECRET_HEADERS: [&str; 3] = ["authorization", "proxy-authorization", "cookie"];

const VOLATILE: [&str; 5] = ["MessageID", "Created", "Expires", "Nonce", "RelatesTo"];

/// `body` through the crate's one redactor ([`crate::redact::redact_xml`]): attribute
/// values and all text inside elements whose names match `patterns`. A body in another
/// encoding than UTF-8 is converted first (and recorded as UTF-8), so that no secret is
/// kept because the redactor could not read it.
fn redact(patterns: &[String], body: &[u8]) -> Vec<u8> {
    let text = match std::str::from_utf8(body) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => match crate::xml::to_utf8(body) {
            Ok(utf8) => std::borrow::Cow::Owned(String::from_utf8_lossy(&utf8).into_owned()),
            Err(_) => return format!("(unreadable body: {} bytes)", body.len()).into_bytes(),
        },
    };
    crate::redact::redact_xml(&text, patterns).into_bytes()
}

fn transport_error(message: String) -> Error {
    Error::Transport { message }
}

/// A transport that sends through another one and records every exchange
/// (that got an HTTP response) into a directory, one file each, named
/// `NNNN-<Operation>.exchange` in call order.
pub struct RecordingTransport {
    inner: Box<dyn Transport>,
    dir: PathBuf,
    next: AtomicUsize,
    sensitive: Vec<String>,
}

impl std::fmt::Debug for RecordingTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordingTransport")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl RecordingTransport {
    /// Records what `inner` sends and receives into `dir` (created when
    /// missing; numbering continues after the files already there).
    pub fn new(inner: impl Transport + 'static, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let next = existing(&dir)
            .iter()
            .filter_map(|p| p.file_name()?.to_str()?.get(..4)?.parse::<usize>().ok())
            .max()
            .map_or(1, |n| n + 1);
        RecordingTransport {
            inner: Box::new(inner),
            dir,
            next: AtomicUsize::new(next),
            sensitive: SENSITIVE.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Element local-name fragments (case-insensitive) whose text is
    /// redacted; replaces the defaults.
    pub fn sensitive<S: Into<String>>(mut self, fragments: impl IntoIterator<Item = S>) -> Self {
        self.sensitive = fragments
            .into_iter()
            .map(|s| s.into().to_ascii_lowercase())
            .collect();
        self
    }

    fn save(&self, request: &HttpRequest, response: &HttpResponse) -> Result<(), Error> {
        let operation = xml::operation(&request.body).unwrap_or_default();
        let x = Exchange {
            url: public_url(&request.url),
            request_headers: request
                .headers
                .iter()
                .map(|(k, v)| {
                    let secret = SECRET_HEADERS.contains(&k.to_ascii_lowercase().as_str());
                    (k.clone(), if secret { "***".into() } else { v.clone() })
                })
                .collect(),
            request: redact(&self.sensitive, &request.body),
            status: response.status,
            content_type: response.content_type.clone(),
            response: redact(&self.sensitive, &response.body),
            operation,
        };
        let local: String = x
            .operation
            .rsplit('}')
            .next()
            .unwrap_or_default()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .take(60)
            .collect();
        let n = self.next.fetch_add(1, Ordering::SeqCst);
        let path = self.dir.join(format!("{n:04}-{local}.{EXT}"));
        std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&path, file::write(&x)))
            .map_err(|e| transport_error(format!("recording to {}: {e}", path.display())))
    }
}

impl Transport for RecordingTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let response = self.inner.send(request.clone()).await?;
            self.save(&request, &response)?;
            Ok(response)
        })
    }
}

/// `scheme://host[:port]/path`: no user info, query or fragment.
fn public_url(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (auth, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = auth.rsplit('@').next().unwrap_or_default();
    format!("{scheme}://{host}{path}")
}

/// The `*.exchange` files of `dir`, sorted by name.
fn existing(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == EXT))
        .collect();
    files.sort();
    files
}

/// A transport that answers from recorded exchanges: a request gets the
/// response of the first recording with the same operation and the same
/// body (after redaction, volatile values ignored) not yet replayed — or,
/// once all are, the last of them. Anything else is an
/// [`Error::Transport`] that says what differs.
pub struct ReplayTransport {
    dir: PathBuf,
    exchanges: Vec<(PathBuf, Exchange)>,
    used: Mutex<Vec<bool>>,
    sensitive: Vec<String>,
    volatile: Vec<String>,
}

impl std::fmt::Debug for ReplayTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReplayTransport")
            .field("dir", &self.dir)
            .field("exchanges", &self.exchanges.len())
            .finish_non_exhaustive()
    }
}

impl ReplayTransport {
    /// Loads every `*.exchange` file of `dir` (in name order).
    pub fn from_dir(dir: impl Into<PathBuf>) -> Result<Self, Error> {
        let dir = dir.into();
        let files = existing(&dir);
        if files.is_empty() {
            return Err(transport_error(format!(
                "replay: no recorded exchanges (*.{EXT}) in {}",
                dir.display()
            )));
        }
        let mut exchanges = Vec::new();
        for f in files {
            let bytes = std::fs::read(&f)
                .map_err(|e| transport_error(format!("replay: {}: {e}", f.display())))?;
            let x = file::read(&bytes)
                .map_err(|e| transport_error(format!("replay: {}: {e}", f.display())))?;
            exchanges.push((f, x));
        }
        Ok(ReplayTransport {
            used: Mutex::new(vec![false; exchanges.len()]),
            dir,
            exchanges,
            sensitive: SENSITIVE.iter().map(|s| s.to_string()).collect(),
            volatile: VOLATILE.iter().map(|s| s.to_string()).collect(),
        })
    }

    /// Element local names whose text is ignored when matching (besides
    /// `MessageID`, `Created`, `Expires`, `Nonce`, `RelatesTo`).
    pub fn ignore<S: Into<String>>(mut self, local_names: impl IntoIterator<Item = S>) -> Self {
        self.volatile
            .extend(local_names.into_iter().map(Into::into));
        self
    }

    /// The redaction the recordings were made with, if not the default
    /// (see [`RecordingTransport::sensitive`]).
    pub fn sensitive<S: Into<String>>(mut self, fragments: impl IntoIterator<Item = S>) -> Self {
        self.sensitive = fragments
            .into_iter()
            .map(|s| s.into().to_ascii_lowercase())
            .collect();
        self
    }

    fn comparable(&self, body: &[u8]) -> Vec<u8> {
        xml::mask(body, &|l| self.volatile.iter().any(|v| v == l), "*")
    }

    fn answer(&self, request: &HttpRequest) -> Result<HttpResponse, Error> {
        let operation = xml::operation(&request.body).unwrap_or_default();
        let sent = self.comparable(&redact(&self.sensitive, &request.body));
        let same_op: Vec<usize> = self
            .exchanges
            .iter()
            .enumerate()
            .filter(|(_, (_, x))| x.operation == operation)
            .map(|(i, _)| i)
            .collect();
        let hits: Vec<usize> = same_op
            .iter()
            .copied()
            .filter(|&i| {
                self.exchanges
                    .get(i)
                    .is_some_and(|(_, x)| self.comparable(&x.request) == sent)
            })
            .collect();
        let mut used = self
            .used
            .lock()
            .map_err(|_| transport_error("replay: poisoned lock".into()))?;
        let pick = hits
            .iter()
            .copied()
            .find(|&i| used.get(i) == Some(&false))
            .or_else(|| hits.last().copied());
        let Some(i) = pick else {
            return Err(transport_error(self.mismatch(&operation, &sent, &same_op)));
        };
        if let Some(u) = used.get_mut(i) {
            *u = true;
        }
        let Some((_, x)) = self.exchanges.get(i) else {
            return Err(transport_error("replay: index out of range".into()));
        };
        if x.response.len() > request.max_response_bytes {
            return Err(Error::ResponseTooLarge {
                limit: request.max_response_bytes,
                declared: None,
            });
        }
        Ok(HttpResponse {
            status: x.status,
            content_type: x.content_type.clone(),
            headers: Vec::new(),
            body: bytes::Bytes::from(x.response.clone()),
        })
    }

    fn mismatch(&self, operation: &str, sent: &[u8], same_op: &[usize]) -> String {
        let op = if operation.is_empty() {
            "(no SOAP Body element)"
        } else {
            operation
        };
        let Some((path, x)) = same_op.first().and_then(|&i| self.exchanges.get(i)) else {
            return format!(
                "replay: no recorded exchange for operation {op} in {}",
                self.dir.display()
            );
        };
        let rec = self.comparable(&x.request);
        let at = rec
            .iter()
            .zip(sent)
            .position(|(a, b)| a != b)
            .unwrap_or(rec.len().min(sent.len()));
        let excerpt = |b: &[u8]| {
            let from = at.saturating_sub(30);
            String::from_utf8_lossy(b.get(from..(at + 50).min(b.len())).unwrap_or_default())
                .into_owned()
        };
        format!(
            "replay: {} recorded exchange(s) for operation {op} in {}, none with this request \
             body; it differs from {} at byte {at}: recorded `{}`, sent `{}`",
            same_op.len(),
            self.dir.display(),
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default(),
            excerpt(&rec),
            excerpt(sent)
        )
    }
}

impl Transport for ReplayTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        let result = self.answer(&request);
        Box::pin(async move { result })
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn recordings_use_the_crate_redactor_with_the_given_names() {
        let patterns: Vec<String> = vec!["pin".into(), "password".into()];
        let body = br#"<a><Pin>1234</Pin><User password="p&quot;w/>"><Password><b>deep</b>tail</Password>ok</User></a>"#;
        let out = String::from_utf8(redact(&patterns, body)).unwrap();
        for secret in ["1234", "p&quot;w", "deep", "tail"] {
            assert!(!out.contains(secret), "{secret} in {out}");
        }
        assert!(out.contains("ok"), "{out}");
        // Another encoding is read, not skipped.
        let latin1 = b"<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a><Pin>\xe91234</Pin></a>";
        let out = String::from_utf8(redact(&patterns, latin1)).unwrap();
        assert!(!out.contains("1234"), "{out}");
    }
}
