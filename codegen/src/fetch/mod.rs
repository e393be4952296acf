//! Downloading a WSDL with everything it imports, for a hermetic build
//! (`soapgen fetch`; feature `fetch`, part of `cli`).
//!
//! [`fetch`] GETs the entry URL and, breadth first, every `wsdl:import`,
//! `xs:import`, `xs:include`, `xs:redefine` and `xs:override` location it
//! names (WCF's `?wsdl`, `?wsdl=wsdl0`, `?xsd=xsd0`, `?singleWsdl` are plain
//! URLs here), writes each document under a readable name and a `URLMAP.tsv`
//! (`url<TAB>path`) that `soapgen generate --url-map` and
//! [`Builder::url_map_file`](crate::Builder::url_map_file) use as is.
//!
//! Hostile servers are bounded: only http(s), a size limit per document, a
//! document count, an import depth, a timeout per request and one for the
//! whole run, no DTDs, a node limit per document. TLS is rustls with
//! certificate validation, like the runtime's transport. Nothing here runs at
//! build time: the generator itself never touches the network.

mod names;
mod refs;

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::Url;

/// Limits and TLS settings of a fetch.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FetchOptions {
    /// Largest accepted document, in bytes (default 16 MiB).
    pub max_bytes: u64,
    /// Most documents fetched (default 500).
    pub max_files: usize,
    /// Deepest import chain below the entry (default 32).
    pub max_depth: usize,
    /// Most XML nodes in one document (default 4 million).
    pub max_nodes: u32,
    /// Timeout of one request (default 30 s).
    pub timeout: Duration,
    /// Timeout of the whole run (default 5 min).
    pub total_timeout: Duration,
    /// Extra trusted root certificates (PEM), e.g. a partner's test CA.
    pub root_certificates: Vec<Vec<u8>>,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            max_bytes: 16 << 20,
            max_files: 500,
            max_depth: 32,
            max_nodes: 4_000_000,
            timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(300),
            root_certificates: Vec::new(),
        }
    }
}

/// One downloaded document.
#[derive(Debug, Clone)]
pub struct FetchedDoc {
    /// The URL it was fetched from (as written in `URLMAP.tsv`).
    pub url: String,
    /// Where it was written, relative to the output directory (`/`-separated).
    pub path: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// The result of [`fetch`].
#[derive(Debug, Clone)]
pub struct Fetched {
    /// The entry WSDL on disk (pass it to `generate`, with `url_map`).
    pub entry: PathBuf,
    /// The URL map written beside the documents.
    pub url_map: PathBuf,
    /// Every document, the entry first, in the order fetched.
    pub documents: Vec<FetchedDoc>,
    /// Things that will not work offline as fetched (relative references
    /// `generate` cannot follow), as messages.
    pub warnings: Vec<String>,
}

/// A failed fetch: the URL concerned (credentials removed) and why.
#[derive(Debug, thiserror::Error)]
#[error("{}{message}", url.as_ref().map(|u| format!("{u}: ")).unwrap_or_default())]
pub struct FetchError {
    /// The document concerned, without any `user:password@`.
    pub url: Option<String>,
    /// What went wrong.
    pub message: String,
}

fn err(url: Option<&Url>, message: impl Into<String>) -> FetchError {
    FetchError {
        url: url.map(shown),
        message: message.into(),
    }
}

/// A URL for messages and the URL map: without credentials or fragment.
fn shown(url: &Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.set_fragment(None);
    u.to_string()
}

struct Doc {
    url: Url,
    kind: refs::Kind,
    body: Vec<u8>,
    local: bool,
}

/// Downloads `url` and everything it imports into `out` (created if
/// missing; files there with the same names are replaced) and writes
/// `out/URLMAP.tsv`.
pub fn fetch(url: &str, out: &Path, opts: &FetchOptions) -> Result<Fetched, FetchError> {
    let start = Instant::now();
    let entry = Url::parse(url.trim()).map_err(|e| err(None, format!("`{url}`: bad URL: {e}")))?;
    check_scheme(&entry, None)?;
    let client = client(opts)?;
    let mut docs: Vec<Doc> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut warnings = Vec::new();
    let mut anchors = Vec::new();
    // (url, depth, local chain, referenced from)
    let mut queue = std::collections::VecDeque::from([(entry, 0usize, true, None::<Url>)]);
    while let Some((url, depth, local, from)) = queue.pop_front() {
        let key = shown(&url);
        if let Some(&i) = index.get(&key) {
            docs[i].local |= local;
            continue;
        }
        if docs.len() >= opts.max_files {
            return Err(err(
                Some(&url),
                format!("more than {} documents (limit max_files)", opts.max_files),
            ));
        }
        if depth > opts.max_depth {
            return Err(err(
                Some(&url),
                format!(
                    "imports nested deeper than {} (limit max_depth)",
                    opts.max_depth
                ),
            ));
        }
        let remaining = opts
            .total_timeout
            .checked_sub(start.elapsed())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                err(
                    Some(&url),
                    format!(
                        "the fetch took longer than {:?} (limit total_timeout)",
                        opts.total_timeout
                    ),
                )
            })?;
        let body = get(&client, &url, opts, remaining.min(opts.timeout)).map_err(|mut e| {
            if let Some(f) = &from {
                e.message = format!("{} (imported by {})", e.message, shown(f));
            }
            e
        })?;
        let text = crate::read::decode_document(&body).map_err(|(m, _)| err(Some(&url), m))?;
        let (kind, locations) =
            refs::scan(&text, opts.max_nodes).map_err(|m| err(Some(&url), m))?;
        for loc in locations {
            let next = url
                .join(&loc)
                .map_err(|e| err(Some(&url), format!("bad location `{loc}`: {e}")))?;
            check_scheme(&next, Some(&url))?;
            let relative = !loc.contains(':') && !loc.starts_with("//");
            if local && relative {
                if next.query().is_some() || loc.starts_with('/') {
                    warnings.push(format!(
                        "{}: `generate` resolves the relative location `{loc}` as a local \
                         file name, not as `{}`: replace it by that URL",
                        shown(&url),
                        shown(&next)
                    ));
                } else {
                    anchors.push(names::climb(&url, &loc));
                }
            }
            queue.push_back((next, depth + 1, local && relative, Some(url.clone())));
        }
        index.insert(key, docs.len());
        docs.push(Doc {
            url,
            kind,
            body,
            local,
        });
    }
    let placed: Vec<names::Placed> = docs
        .iter()
        .map(|d| names::Placed {
            url: &d.url,
            kind: d.kind,
            local: d.local,
        })
        .collect();
    let paths = names::place(&placed, &anchors);
    write_all(out, &docs, &paths).map(|documents| Fetched {
        entry: out.join(&paths[0]),
        url_map: out.join("URLMAP.tsv"),
        documents,
        warnings,
    })
}

fn check_scheme(url: &Url, from: Option<&Url>) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        s => Err(err(
            from.or(Some(url)),
            format!(
                "only http and https URLs are fetched, not `{s}:` ({})",
                shown(url)
            ),
        )),
    }
}

fn client(opts: &FetchOptions) -> Result<reqwest::blocking::Client, FetchError> {
    let mut b = reqwest::blocking::Client::builder()
        .use_rustls_tls()
        .redirect(reqwest::redirect::Policy::limited(5))
        .connect_timeout(opts.timeout)
        .user_agent(concat!("soapgen/", env!("CARGO_PKG_VERSION")));
    for pem in &opts.root_certificates {
        let cert = reqwest::Certificate::from_pem(pem)
            .map_err(|e| err(None, format!("bad root certificate: {e}")))?;
        b = b.add_root_certificate(cert);
    }
    b.build()
        .map_err(|e| err(None, format!("cannot build the HTTP client: {e}")))
}

fn get(
    client: &reqwest::blocking::Client,
    url: &Url,
    opts: &FetchOptions,
    timeout: Duration,
) -> Result<Vec<u8>, FetchError> {
    let resp = client
        .get(url.clone())
        .header(
            "Accept",
            "text/xml, application/xml, application/wsdl+xml, */*",
        )
        .timeout(timeout)
        .send()
        .map_err(|e| err(Some(url), describe(&e)))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(err(Some(url), format!("HTTP status {status}")));
    }
    if resp.content_length().is_some_and(|n| n > opts.max_bytes) {
        return Err(err(
            Some(url),
            format!("larger than {} bytes (limit max_bytes)", opts.max_bytes),
        ));
    }
    let mut body = Vec::new();
    resp.take(opts.max_bytes + 1)
        .read_to_end(&mut body)
        .map_err(|e| err(Some(url), format!("reading the body: {e}")))?;
    if body.len() as u64 > opts.max_bytes {
        return Err(err(
            Some(url),
            format!("larger than {} bytes (limit max_bytes)", opts.max_bytes),
        ));
    }
    Ok(body)
}

/// The error and its causes, without the URL (already shown).
fn describe(e: &reqwest::Error) -> String {
    let what = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "cannot connect"
    } else if e.is_redirect() {
        "too many redirects"
    } else {
        "request failed"
    };
    let mut s = what.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(c) = src {
        s.push_str(": ");
        s.push_str(&c.to_string());
        src = c.source();
    }
    s
}

fn write_all(out: &Path, docs: &[Doc], paths: &[String]) -> Result<Vec<FetchedDoc>, FetchError> {
    let io = |p: &Path, e: std::io::Error| err(None, format!("cannot write {}: {e}", p.display()));
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    let mut tsv = String::from("url\tpath\n");
    tsv.push_str(&format!(
        "# written by soapgen fetch; entry: {}\n",
        paths.first().map(String::as_str).unwrap_or("")
    ));
    let mut listed = Vec::new();
    for (d, p) in docs.iter().zip(paths) {
        let file = out.join(p);
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
        }
        std::fs::write(&file, &d.body).map_err(|e| io(&file, e))?;
        let url = shown(&d.url);
        tsv.push_str(&format!("{url}\t{p}\n"));
        listed.push(FetchedDoc {
            url,
            path: p.clone(),
            bytes: d.body.len(),
        });
    }
    let map = out.join("URLMAP.tsv");
    std::fs::write(&map, tsv).map_err(|e| io(&map, e))?;
    Ok(listed)
}
