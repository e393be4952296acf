//! Where each downloaded document is written.
//!
//! `generate` reads the entry as a local file: relative references in it
//! (and in documents reached from it by relative references only) are
//! resolved against the local directory, absolute ones through the URL map.
//! So documents of that "local chain" keep their URL layout relative to a
//! common directory, byte for byte; every other document gets a readable
//! name (`Service.xsd0.xsd` for `Service.svc?xsd=xsd0`), under a directory
//! named after its host when that differs from the entry's.

use std::collections::HashSet;

use reqwest::Url;

use super::refs::Kind;

/// What placement needs to know of a document.
pub(super) struct Placed<'a> {
    pub url: &'a Url,
    pub kind: Kind,
    /// Reached from the entry through relative references only.
    pub local: bool,
}

/// The shallowest directory (decoded segments) that the relative
/// `reference`, written in the document at `base`, passes through:
/// `../../x.xsd` climbs two levels above `base`'s directory. The local
/// layout must keep that directory inside the output directory.
pub(super) fn climb(base: &Url, reference: &str) -> Vec<String> {
    let mut cur = dir_segments(base).unwrap_or_default();
    let mut low = cur.len();
    let path = reference.split(['?', '#']).next().unwrap_or("");
    let mut segs: Vec<&str> = path.split('/').collect();
    segs.pop();
    for seg in segs {
        match seg {
            "" | "." => {}
            ".." => {
                cur.pop();
                low = low.min(cur.len());
            }
            s => cur.push(decode(s)),
        }
    }
    cur.truncate(low);
    cur
}

/// Relative output paths (with `/`), one per document, in the same order.
/// The first document is the entry; `anchors` are directories the local
/// layout must contain (see [`climb`]).
pub(super) fn place(docs: &[Placed<'_>], anchors: &[Vec<String>]) -> Vec<String> {
    let entry_host = docs.first().map(|d| host_dir(d.url)).unwrap_or_default();
    // Path segments (decoded) of the directory of each local document.
    let local_dirs: Vec<Option<Vec<String>>> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.local || i == 0).then(|| dir_segments(d.url)).flatten())
        .collect();
    let common: Vec<String> = local_dirs
        .iter()
        .flatten()
        .chain(anchors)
        .fold(None::<Vec<String>>, |acc, segs| {
            Some(match acc {
                None => segs.clone(),
                Some(a) => a
                    .iter()
                    .zip(segs)
                    .take_while(|(x, y)| x == y)
                    .map(|(x, _)| x.clone())
                    .collect(),
            })
        })
        .unwrap_or_default();
    let mut used: HashSet<String> = HashSet::new();
    let mut out = vec![String::new(); docs.len()];
    // Local documents first: their paths are fixed by the references.
    for (i, d) in docs.iter().enumerate() {
        let Some(dir) = &local_dirs[i] else { continue };
        let rel_dir = dir[common.len()..].join("/");
        let name = if i == 0 {
            readable(d.url, d.kind)
        } else {
            match last_segment(d.url) {
                Some(n) if d.url.query().is_none() => n,
                _ => continue,
            }
        };
        let path = join(&rel_dir, &name);
        claim(&mut used, &path);
        out[i] = path;
    }
    for (i, d) in docs.iter().enumerate() {
        if !out[i].is_empty() {
            continue;
        }
        let host = host_dir(d.url);
        let dir = if host == entry_host {
            String::new()
        } else {
            let mut segs = vec![host];
            segs.extend(
                dir_segments(d.url)
                    .unwrap_or_default()
                    .iter()
                    .map(|s| sanitize(s)),
            );
            segs.join("/")
        };
        let name = readable(d.url, d.kind);
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        let mut path = join(&dir, &name);
        let mut n = 2;
        while used.contains(&path.to_ascii_lowercase()) {
            path = join(&dir, &format!("{stem}-{n}.{ext}"));
            n += 1;
        }
        claim(&mut used, &path);
        out[i] = path;
    }
    out
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// Records a path and its parent directories as taken (case-insensitively,
/// for case-insensitive file systems).
fn claim(used: &mut HashSet<String>, path: &str) {
    let lower = path.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find('/') {
        used.insert(lower[..at + i].to_string());
        at += i + 1;
    }
    used.insert(lower);
}

/// The decoded directory segments of a URL's path, `None` if one of them
/// cannot be a directory name.
fn dir_segments(url: &Url) -> Option<Vec<String>> {
    let mut segs: Vec<String> = url.path_segments()?.map(decode).collect();
    segs.pop();
    segs.iter().all(|s| safe_segment(s)).then_some(segs)
}

/// The decoded last path segment, when it can be a file name as is.
fn last_segment(url: &Url) -> Option<String> {
    let last = decode(url.path_segments()?.next_back()?);
    safe_segment(&last).then_some(last)
}

fn safe_segment(s: &str) -> bool {
    !s.is_empty()
        && s != "."
        && s != ".."
        && s.len() <= 120
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+~@ ,()".contains(c))
}

fn decode(s: &str) -> String {
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
    String::from_utf8_lossy(&out).into_owned()
}

/// `[A-Za-z0-9._-]`, everything else `_`, at most 80 characters.
fn sanitize(s: &str) -> String {
    let mut out: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    if out.trim_matches('.').is_empty() {
        out = "_".into();
    }
    out
}

fn host_dir(url: &Url) -> String {
    let host = url.host_str().unwrap_or("host");
    match url.port() {
        Some(p) => sanitize(&format!("{host}_{p}")),
        None => sanitize(host),
    }
}

/// A readable file name: the last path segment without its extension,
/// each query value (or key without value, except `wsdl`/`xsd`) appended
/// after a dot, then `.wsdl` or `.xsd` after the content.
pub(super) fn readable(url: &Url, kind: Kind) -> String {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .map(decode)
        .unwrap_or_default();
    let stem = match last.rsplit_once('.') {
        Some((s, ext))
            if [
                "wsdl", "xsd", "xml", "svc", "asmx", "php", "aspx", "ashx", "jsp", "cgi", "dll",
            ]
            .contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            s.to_string()
        }
        _ => last,
    };
    let mut name = if stem.is_empty() {
        url.host_str().unwrap_or("document").to_string()
    } else {
        stem
    };
    for (k, v) in url.query_pairs() {
        if !v.is_empty() {
            name.push('.');
            name.push_str(&v);
        } else if !k.eq_ignore_ascii_case("wsdl") && !k.eq_ignore_ascii_case("xsd") {
            name.push('.');
            name.push_str(&k);
        }
    }
    format!("{}.{}", sanitize(&name), kind.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn wcf_names_are_readable() {
        let w = |s| readable(&u(s), Kind::Wsdl);
        let x = |s| readable(&u(s), Kind::Schema);
        assert_eq!(w("http://h/App/Service.svc?wsdl"), "Service.wsdl");
        assert_eq!(w("http://h/App/Service.svc?WSDL"), "Service.wsdl");
        assert_eq!(w("http://h/Service.svc?wsdl=wsdl0"), "Service.wsdl0.wsdl");
        assert_eq!(
            w("http://h/Service.svc?singleWsdl"),
            "Service.singleWsdl.wsdl"
        );
        assert_eq!(x("http://h/Service.svc?xsd=xsd12"), "Service.xsd12.xsd");
        assert_eq!(x("http://h/a/b-2.xsd"), "b-2.xsd");
        assert_eq!(w("http://h/"), "h.wsdl");
        assert_eq!(
            x("http://h/x?xsd=../../etc/passwd"),
            "x..._.._etc_passwd.xsd"
        );
    }

    #[test]
    fn local_chain_keeps_layout_others_are_flat_or_per_host() {
        let urls = [
            u("http://h:81/ver10/device/wsdl/devicemgmt.wsdl"),
            u("http://h:81/ver10/schema/onvif.xsd"),
            u("http://docs.oasis-open.org/wsn/b-2.xsd"),
            u("http://h:81/S.svc?xsd=xsd0"),
            u("http://h:81/other/S.svc?xsd=xsd0"),
        ];
        let docs: Vec<Placed> = urls
            .iter()
            .enumerate()
            .map(|(i, url)| Placed {
                url,
                kind: if i == 0 { Kind::Wsdl } else { Kind::Schema },
                local: i < 2,
            })
            .collect();
        let anchors = [climb(&urls[0], "../../../ver10/schema/onvif.xsd")];
        assert_eq!(anchors[0], Vec::<String>::new());
        assert_eq!(climb(&urls[0], "../x.xsd"), ["ver10", "device"]);
        assert_eq!(climb(&urls[0], "a/../../x.xsd"), ["ver10", "device"]);
        assert_eq!(
            place(&docs, &anchors),
            [
                "ver10/device/wsdl/devicemgmt.wsdl",
                "ver10/schema/onvif.xsd",
                "docs.oasis-open.org/wsn/b-2.xsd",
                "S.xsd0.xsd",
                "S.xsd0-2.xsd",
            ]
        );
    }
}
