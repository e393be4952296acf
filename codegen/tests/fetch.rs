//! `soapgen fetch` against a local HTTP server serving corpus entries split
//! into files the way their servers publish them, then an offline
//! `generate` of what was fetched, compared with the corpus entry's client.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use soapgen::fetch::{fetch, FetchOptions};
use soapgen_testkit::http::{files, Server};

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    assert!(
        dir.join("MANIFEST.tsv").exists(),
        "the shared corpus must sit beside the repository ({})",
        dir.display()
    );
    dir
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    d
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Runs `soapgen fetch URL -o DIR` and returns the entry file it printed.
fn fetch_command(url: &str, out: &Path) -> PathBuf {
    let o = Command::new(env!("CARGO_BIN_EXE_soapgen"))
        .args(["fetch", url, "-o"])
        .arg(out)
        .output()
        .expect("run soapgen");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "soapgen fetch failed: {stderr}");
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(
        stdout.lines().count(),
        1,
        "stdout is the entry file: {stdout}"
    );
    PathBuf::from(stdout.trim_end())
}

fn generate(entry: &Path, url_map: Option<&Path>) -> String {
    let mut b = soapgen::Builder::new();
    if let Some(m) = url_map {
        b = b.url_map_file(m).unwrap();
    }
    b.generate(entry)
        .unwrap_or_else(|e| panic!("generate {}: {e}", entry.display()))
        .code
}

/// WCF publishes `Service.svc?wsdl`, which imports `?wsdl=wsdl0`, which
/// imports `?xsd=xsd0`... by absolute URL. wcf-enzo is such a service saved
/// to files: serve it back under those URLs.
#[test]
fn wcf_service_is_fetched_and_generates_the_same_client() {
    let src = corpus().join("wcf-enzo");
    let server = files(|addr| {
        let svc = format!("http://{addr}/Enzo/EnzoService.svc");
        let rewrite = |file: &str| {
            let mut s = read(&src.join(file));
            s = s.replace(
                "location=\"EnzoServiceWsdl0.xml\"",
                &format!("location=\"{svc}?wsdl=wsdl0\""),
            );
            for i in 0..5 {
                s = s.replace(
                    &format!("schemaLocation=\"xsd{i}.xsd\""),
                    &format!("schemaLocation=\"{svc}?xsd=xsd{i}\""),
                );
            }
            s.into_bytes()
        };
        let mut m = HashMap::new();
        m.insert(
            "/Enzo/EnzoService.svc?wsdl".into(),
            rewrite("EnzoService.wsdl"),
        );
        m.insert(
            "/Enzo/EnzoService.svc?wsdl=wsdl0".into(),
            rewrite("EnzoServiceWsdl0.xml"),
        );
        for i in 0..5 {
            m.insert(
                format!("/Enzo/EnzoService.svc?xsd=xsd{i}"),
                rewrite(&format!("xsd{i}.xsd")),
            );
        }
        m
    });
    let out = scratch("fetch-wcf");
    let entry = fetch_command(&server.url("/Enzo/EnzoService.svc?wsdl"), &out);
    assert_eq!(entry, out.join("EnzoService.wsdl"));
    let mut files: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "EnzoService.wsdl",
            "EnzoService.wsdl0.wsdl",
            "EnzoService.xsd0.xsd",
            "EnzoService.xsd1.xsd",
            "EnzoService.xsd2.xsd",
            "EnzoService.xsd3.xsd",
            "EnzoService.xsd4.xsd",
            "URLMAP.tsv",
        ]
    );
    // Each document was asked for once.
    assert_eq!(server.requests().len(), 7);
    drop(server);
    // Offline now: the fetched files and their URL map are all `generate` needs.
    assert_eq!(
        generate(&entry, Some(&out.join("URLMAP.tsv"))),
        generate(&corpus().join("wcf-enzo/EnzoService.wsdl"), None)
    );
    // The same through the command line.
    let o = Command::new(env!("CARGO_BIN_EXE_soapgen"))
        .args(["generate", "--no-rustfmt", "--url-map"])
        .arg(out.join("URLMAP.tsv"))
        .arg(&entry)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        generate(&corpus().join("wcf-enzo/EnzoService.wsdl"), None)
    );
}

/// ONVIF: relative imports climbing directories (`../../../ver10/schema`)
/// and absolute imports of schemas (OASIS, W3C), served here under
/// `/ext/<host>/...`.
#[test]
fn relative_layout_and_other_hosts_are_kept_apart() {
    let src = corpus().join("onvif-devicemgmt");
    let map = read(&corpus().join("URLMAP.tsv"));
    let external: Vec<(String, String)> = map
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == "onvif-devicemgmt")
        .map(|f| (f[1].to_string(), f[2].to_string()))
        .collect();
    assert!(external.len() >= 5);
    let server = files(|addr| {
        let served = |url: &str| {
            let rest = url.split_once("://").unwrap().1;
            format!("/ext/{rest}")
        };
        let rewrite = |p: &Path| {
            let mut s = read(p);
            for (url, _) in &external {
                s = s.replace(
                    &format!("\"{url}\""),
                    &format!("\"http://{addr}{}\"", served(url)),
                );
            }
            s.into_bytes()
        };
        let mut m = HashMap::new();
        for rel in [
            "ver10/device/wsdl/devicemgmt.wsdl",
            "ver10/schema/onvif.xsd",
            "ver10/schema/common.xsd",
        ] {
            m.insert(format!("/onvif/{rel}"), rewrite(&src.join(rel)));
        }
        for (url, local) in &external {
            m.insert(served(url), rewrite(&src.join(local)));
        }
        m
    });
    let out = scratch("fetch-onvif");
    let got = fetch(
        &server.url("/onvif/ver10/device/wsdl/devicemgmt.wsdl"),
        &out,
        &FetchOptions::default(),
    )
    .unwrap();
    drop(server);
    assert_eq!(got.entry, out.join("ver10/device/wsdl/devicemgmt.wsdl"));
    let paths: Vec<&str> = got.documents.iter().map(|d| d.path.as_str()).collect();
    assert!(paths.contains(&"ver10/schema/onvif.xsd"), "{paths:?}");
    assert!(paths.contains(&"ver10/schema/common.xsd"), "{paths:?}");
    // Documents reached by absolute URL on the entry's host: flat, readable.
    assert!(paths.contains(&"b-2.xsd"), "{paths:?}");
    assert!(paths.contains(&"xmlmime.xsd"), "{paths:?}");
    assert_eq!(got.documents.len(), 3 + external.len());
    assert!(got.warnings.is_empty(), "{:?}", got.warnings);
    let corpus_map = {
        let b = soapgen::Builder::new()
            .url_map_file(corpus().join("URLMAP.tsv"))
            .unwrap();
        b.generate(src.join("ver10/device/wsdl/devicemgmt.wsdl"))
            .unwrap()
            .code
    };
    assert_eq!(generate(&got.entry, Some(&got.url_map)), corpus_map);
}

fn serve_one(body: &'static str) -> Server {
    files(move |_| HashMap::from([("/a.wsdl".to_string(), body.as_bytes().to_vec())]))
}

const WSDL_HEAD: &str =
    r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t">"#;

#[test]
fn hostile_servers_are_bounded() {
    let out = scratch("fetch-hostile");
    let opts = FetchOptions::default();
    let run = |server: &Server, opts: &FetchOptions| {
        fetch(&server.url("/a.wsdl"), &out, opts)
            .unwrap_err()
            .to_string()
    };

    // A document importing itself is fetched once.
    let s = serve_one(concat!(
        r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t">"#,
        r#"<import namespace="urn:t" location="a.wsdl"/></definitions>"#
    ));
    let got = fetch(&s.url("/a.wsdl"), &out, &opts).unwrap();
    assert_eq!(got.documents.len(), 1);
    assert_eq!(s.requests().len(), 1);

    // Local files are never read on a server's say-so.
    let s = serve_one(concat!(
        r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t">"#,
        r#"<import namespace="urn:t" location="file:///etc/passwd"/></definitions>"#
    ));
    let e = run(&s, &opts);
    assert!(
        e.contains("only http and https") && e.contains("file:///etc/passwd"),
        "{e}"
    );

    // DTDs (entity expansion) are refused.
    let s = serve_one(
        r#"<!DOCTYPE d [<!ENTITY x "xxxxxxxx">]><definitions xmlns="http://schemas.xmlsoap.org/wsdl/">&x;</definitions>"#,
    );
    let e = run(&s, &opts);
    assert!(e.contains("DTD") || e.contains("not XML"), "{e}");

    // An HTML error page is not a WSDL.
    let s = serve_one("<html><body>Service Unavailable</body></html>");
    assert!(run(&s, &opts).contains("neither a WSDL"));

    // Size limit.
    let s = serve_one(WSDL_HEAD);
    let mut small = FetchOptions::default();
    small.max_bytes = 10;
    assert!(run(&s, &small).contains("limit max_bytes"));

    // Missing documents name the importer.
    let s = serve_one(concat!(
        r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:t">"#,
        r#"<import namespace="urn:t" location="gone.wsdl"/></definitions>"#
    ));
    let e = run(&s, &opts);
    assert!(
        e.contains("gone.wsdl: HTTP status 404") && e.contains("imported by"),
        "{e}"
    );

    // Depth and count limits: a chain a.wsdl -> b.wsdl -> ... served by one handler.
    let chain = files(|_| {
        (0..10)
            .map(|i| {
                (
                    format!("/d{i}.wsdl"),
                    format!(
                        r#"<definitions xmlns="http://schemas.xmlsoap.org/wsdl/"><import location="d{}.wsdl"/></definitions>"#,
                        i + 1
                    )
                    .into_bytes(),
                )
            })
            .collect()
    });
    let mut shallow = FetchOptions::default();
    shallow.max_depth = 3;
    let e = fetch(&chain.url("/d0.wsdl"), &out, &shallow)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("d4.wsdl") && e.contains("limit max_depth"),
        "{e}"
    );
    let mut few = FetchOptions::default();
    few.max_files = 5;
    let e = fetch(&chain.url("/d0.wsdl"), &out, &few)
        .unwrap_err()
        .to_string();
    assert!(e.contains("limit max_files"), "{e}");

    // Credentials in the URL never show in errors.
    let s = serve_one("<html/>");
    let url = s.url("/a.wsdl").replace("http://", "http://user:hunter2@");
    let e = fetch(&url, &out, &opts).unwrap_err().to_string();
    assert!(!e.contains("hunter2"), "{e}");
}
