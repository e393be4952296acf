//! `Builder::server`: corpus entries of every style generate with their
//! service traits and handlers (the examples crate compiles and runs the
//! seed services' ones, and zeep calls them: examples/tests/mock.rs).

use std::path::Path;

/// Wrapped (ASMX, WCF), bare, nillable bare results, one-way, faults,
/// headers, rpc (not served), service-less bindings.
const ENTRIES: [&str; 12] = [
    "asmx-calculator",
    "asmx-globalweather",
    "wcf-enzo",
    "wcf-interop-basedatatypes",
    "axis2-version",
    "cxf-mixedstyle",
    "cxf-header-doclit",
    "axis2-faults-service",
    "vies-checkvat",
    "tradetracker",
    "axis2-jaxws-rpclit",
    "onvif-ptz",
];

#[test]
fn corpus_entries_generate_servers() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let manifest = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))
        .expect("the shared corpus must sit beside the repository");
    let (mut entries, mut traits, mut not_served) = (0, 0, 0);
    for line in manifest.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if !ENTRIES.contains(&f[0]) {
            continue;
        }
        let b = soapgen::Builder::new()
            .url_map_file(corpus.join("URLMAP.tsv"))
            .unwrap()
            .lenient(true)
            .server(true);
        let g = b
            .generate(corpus.join(f[0]).join(f[1]))
            .unwrap_or_else(|e| panic!("{}: {e}", f[0]));
        let code = g.code.split_whitespace().collect::<Vec<_>>().join(" ");
        let ports = code.matches("::server::Endpoint for ").count();
        assert!(ports > 0, "{}: no server generated", f[0]);
        assert_eq!(ports, code.matches("Service: ::std::marker::Send").count());
        traits += ports;
        not_served += code.matches("Not served (answered with a fault)").count();
        entries += 1;
    }
    eprintln!("{entries} entries, {traits} served ports, {not_served} with operations not served");
    assert_eq!(entries, ENTRIES.len());
}

#[test]
fn seed_service_traits_and_handlers() {
    let wsdl =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl/sajan/AuthenticationService.wsdl");
    let code = soapgen::Builder::new()
        .server(true)
        .generate(&wsdl)
        .unwrap()
        .code;
    for want in [
        "pub trait AuthenticationServiceSoapService:",
        "pub trait AuthenticationServiceSoap12Service:",
        "pub struct AuthenticationServiceSoapServer<S>(pub S);",
        "fn authenticate(",
    ] {
        assert!(code.contains(want), "`{want}` missing");
    }
    // Off by default.
    let plain = soapgen::Builder::new().generate(&wsdl).unwrap().code;
    assert!(!plain.contains("::server::"));
}
