//! Locating imported documents: relative paths against the importing file,
//! relative references in documents reached by URL against that URL, and
//! absolute URLs through the URL map (like an XML catalog).
//!
//! Nothing here touches the network: an http(s) URL that neither the URL map
//! nor the built-in catalog of standard schemas knows is an error
//! (`remote-import-forbidden`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::loader::{lexical_absolute, relative_display, Base, Target};
use super::{catalog, ReadOptions};
use crate::error::ErrorKind;

/// The scheme of an absolute URL (`http`, `file`, ...), lowercased; `None`
/// for relative references and Windows drive letters.
fn url_scheme(s: &str) -> Option<String> {
    let i = s.find(':')?;
    let scheme = &s[..i];
    let ok = scheme.len() > 1
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    ok.then(|| scheme.to_ascii_lowercase())
}

fn strip_fragment(s: &str) -> &str {
    s.split('#').next().unwrap_or(s)
}

/// Resolves a relative reference against an absolute URL (RFC 3986 5.2, the
/// parts that matter for schema locations).
pub(crate) fn join_url(base: &str, r: &str) -> String {
    let r = strip_fragment(r);
    if url_scheme(r).is_some() {
        return r.to_string();
    }
    let base = strip_fragment(base);
    let scheme_end = base.find(':').map_or(0, |i| i + 1);
    let (scheme, rest) = base.split_at(scheme_end);
    if let Some(net) = r.strip_prefix("//") {
        return format!("{scheme}//{net}");
    }
    let (authority, path) = match rest.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            (format!("//{}", &after[..end]), &after[end..])
        }
        None => (String::new(), rest),
    };
    let path_no_query = path.split('?').next().unwrap_or(path);
    if r.is_empty() {
        return base.to_string();
    }
    if r.starts_with('?') {
        return format!("{scheme}{authority}{path_no_query}{r}");
    }
    let merged = if r.starts_with('/') {
        r.to_string()
    } else {
        let dir = match path_no_query.rfind('/') {
            Some(i) => &path_no_query[..=i],
            None => "/",
        };
        format!("{dir}{r}")
    };
    let (p, q) = match merged.find('?') {
        Some(i) => (&merged[..i], &merged[i..]),
        None => (merged.as_str(), ""),
    };
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = p.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut p = out.join("/");
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    format!("{scheme}{authority}{p}{q}")
}

/// Decodes `%XX` escapes of a local path reference.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// Looks an absolute URL up in the URL map: exact entries, or prefixes
/// ending with `/`; the longest match wins (the first among equals).
pub(crate) fn map_url(opts: &ReadOptions, url: &str) -> Option<PathBuf> {
    let url = strip_fragment(url);
    let mut best: Option<(usize, PathBuf)> = None;
    for (key, path) in &opts.url_map {
        let hit = if key.ends_with('/') {
            url.strip_prefix(key.as_str()).map(|rest| {
                let rest = percent_decode(rest.split('?').next().unwrap_or(rest));
                if rest.is_empty() {
                    path.clone()
                } else {
                    path.join(rest)
                }
            })
        } else if url == key.as_str() {
            Some(path.clone())
        } else {
            None
        };
        if let Some(p) = hit {
            if best.as_ref().is_none_or(|(len, _)| key.len() > *len) {
                best = Some((key.len(), p));
            }
        }
    }
    best.map(|(_, p)| p)
}

/// Locates the document named by `location` (a `wsdl:import/@location`,
/// `xs:import/@schemaLocation`, ...) written in a document with base `from`.
pub(crate) fn resolve(
    location: &str,
    from: &Base,
    opts: &ReadOptions,
    entry_dir: &Path,
) -> Result<Target, (ErrorKind, String)> {
    let written = location.trim();
    let url = if url_scheme(written).is_some() {
        Some(strip_fragment(written).to_string())
    } else if let Base::Url(base) = from {
        Some(join_url(base, written))
    } else {
        None
    };
    let (path, display, base) = match url {
        Some(url) => match map_url(opts, &url) {
            Some(p) => {
                let p = lexical_absolute(&p);
                (p, url.clone(), Base::Url(url))
            }
            None if catalog::lookup(&url).is_some() => {
                let b = catalog::lookup(&url).expect("looked up above");
                let key = PathBuf::from(format!("builtin:{}", b.url));
                return Ok(Target {
                    path: key.clone(),
                    key,
                    display: Arc::from(b.url),
                    base: Base::Url(b.url.to_string()),
                    builtin: Some(b.text),
                });
            }
            None => {
                if url_scheme(&url).as_deref() == Some("file") {
                    let rest = &url["file:".len()..];
                    let rest = rest.strip_prefix("//localhost").unwrap_or(rest);
                    let rest = rest.strip_prefix("//").unwrap_or(rest);
                    let p = lexical_absolute(Path::new(&percent_decode(rest)));
                    let display = relative_display(&p, entry_dir);
                    (p.clone(), display, Base::File(p))
                } else {
                    return Err((
                        ErrorKind::RemoteImportForbidden,
                        format!(
                            "import of remote URL `{url}` is not allowed: soapgen never fetches \
                             anything over the network; download it (`soapgen fetch`) and map \
                             the URL to the local file: `Builder::map_url(url, path)` or \
                             `Builder::url_map_file(tsv)` in build.rs, `--map-url URL=PATH` or \
                             `--url-map FILE` on the command line"
                        ),
                    ));
                }
            }
        },
        None => {
            // (A URL base always gives a URL above, so `from` is a file here.)
            let dir = match from {
                Base::File(f) => f.parent().map(Path::to_path_buf).unwrap_or_default(),
                Base::Url(_) => PathBuf::new(),
            };
            let rel = percent_decode(strip_fragment(written));
            let p = lexical_absolute(&dir.join(rel));
            let display = relative_display(&p, entry_dir);
            (p.clone(), display, Base::File(p))
        }
    };
    let problem = match std::fs::canonicalize(&path) {
        Ok(key) if key.is_file() => {
            return Ok(Target {
                path,
                key,
                display: Arc::from(display.as_str()),
                base,
                builtin: None,
            });
        }
        Ok(_) => "is not a file".to_string(),
        Err(e) => format!("cannot be read: {e}"),
    };
    let local = relative_display(&path, entry_dir);
    let message = if matches!(base, Base::Url(_)) {
        format!("imported URL `{display}` is mapped to `{local}`, which {problem}")
    } else if local != written {
        format!("imported file `{written}` (`{local}`) {problem}")
    } else {
        format!("imported file `{written}` {problem}")
    };
    Err((ErrorKind::MissingImport, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_join() {
        let b = "http://docs.oasis-open.org/wsrf/rw-2.wsdl";
        assert_eq!(
            join_url(b, "r-2.xsd"),
            "http://docs.oasis-open.org/wsrf/r-2.xsd"
        );
        assert_eq!(
            join_url(b, "../wsn/b-2.xsd"),
            "http://docs.oasis-open.org/wsn/b-2.xsd"
        );
        assert_eq!(
            join_url(b, "/x/y.xsd"),
            "http://docs.oasis-open.org/x/y.xsd"
        );
        assert_eq!(join_url(b, "//h/p.xsd"), "http://h/p.xsd");
        assert_eq!(join_url(b, "https://a/b"), "https://a/b");
        assert_eq!(join_url("http://h/a/b?x=1", "?xsd=2"), "http://h/a/b?xsd=2");
        assert_eq!(join_url("http://h/a/b/c", "../../../d"), "http://h/d");
        assert_eq!(join_url("http://h", "d.xsd"), "http://h/d.xsd");
    }

    #[test]
    fn url_map_longest_prefix() {
        let mut o = ReadOptions::default();
        o.map_url("http://h/", "/a")
            .map_url("http://h/x/", "/b")
            .map_url("http://h/x/y.xsd", "/c");
        assert_eq!(map_url(&o, "http://h/x/y.xsd"), Some(PathBuf::from("/c")));
        assert_eq!(
            map_url(&o, "http://h/x/z.xsd"),
            Some(PathBuf::from("/b/z.xsd"))
        );
        assert_eq!(
            map_url(&o, "http://h/q/r%20s.xsd#frag"),
            Some(PathBuf::from("/a/q/r s.xsd"))
        );
        assert_eq!(map_url(&o, "https://h/x/y.xsd"), None);
    }
}
