//! The built-in catalog of standard schemas: a WSDL that imports them by URL
//! generates offline without a URL map, and the user's map overrides it.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn standard_imports() -> PathBuf {
    root().join("codegen/tests/wsdl/standard_imports.wsdl")
}

#[test]
fn standard_schemas_resolve_offline() {
    let g = soapgen::Builder::new()
        .generate(standard_imports())
        .unwrap_or_else(|e| panic!("{e}"));
    // The two WS-Addressing versions both define these types: the second of
    // each is numbered, and says so.
    let renames: Vec<&str> = g
        .warnings
        .iter()
        .filter_map(|w| w.split_once(" is named `").map(|(_, rest)| rest))
        .collect();
    assert_eq!(
        renames.len(),
        g.warnings.len(),
        "only rename warnings: {:?}",
        g.warnings
    );
    assert!(
        renames
            .iter()
            .any(|r| r.starts_with("EndpointReferenceType2`"))
            && renames
                .iter()
                .any(|r| r.starts_with("ReferenceParametersType2`")),
        "{:?}",
        g.warnings
    );
    for item in [
        // WS-Security header, both WS-Addressing versions, xmlmime, XOP,
        // WS-Policy, wsu, SOAP-ENC, xml:lang: each from its built-in schema.
        "pub struct SecurityHeaderType",
        "pub struct EndpointReferenceType",
        "pub address: AttributedUriType",
        "pub reply_to: ::std::option::Option<EndpointReferenceType2>",
        "pub struct Include",
        "pub struct PolicyReference",
        "pub struct TimestampType",
        "pub content_type: ::std::option::Option<::std::string::String>",
        "pub lang:",
    ] {
        assert!(g.code.contains(item), "missing `{item}` in\n{}", g.code);
    }
    // Only real files are reported for `rerun-if-changed`.
    assert_eq!(g.files.len(), 1, "{:?}", g.files);
}

#[test]
fn the_url_map_overrides_the_catalog() {
    let dir = std::env::temp_dir().join(format!("soapgen-catalog-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mine = dir.join("xmlmime.xsd");
    std::fs::write(
        &mine,
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/2005/05/xmlmime">
  <xs:complexType name="base64Binary">
    <xs:simpleContent><xs:extension base="xs:base64Binary"><xs:attribute name="localMarker" type="xs:string"/></xs:extension></xs:simpleContent>
  </xs:complexType>
</xs:schema>"#,
    )
    .unwrap();
    let g = soapgen::Builder::new()
        .map_url("https://www.w3.org/2005/05/xmlmime", &mine)
        .generate(standard_imports());
    let _ = std::fs::remove_dir_all(&dir);
    let g = g.unwrap_or_else(|e| panic!("{e}"));
    assert!(g.code.contains("pub local_marker:"), "{}", g.code);
    assert!(!g.code.contains("pub content_type:"), "{}", g.code);
}

#[test]
fn other_remote_urls_stay_forbidden() {
    let dir = std::env::temp_dir().join(format!("soapgen-catalog-remote-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let wsdl = dir.join("remote.wsdl");
    let text = std::fs::read_to_string(standard_imports())
        .unwrap()
        .replace(
            "http://www.w3.org/2004/08/xop/include\"/>",
            "http://www.w3.org/2004/08/xop/include-not-in-the-catalog\"/>",
        );
    std::fs::write(&wsdl, text).unwrap();
    let err = soapgen::Builder::new().generate(&wsdl);
    let _ = std::fs::remove_dir_all(&dir);
    let err = err.expect_err("an unknown URL is not fetched");
    assert_eq!(
        err.kind(),
        soapgen::ErrorKind::RemoteImportForbidden,
        "{err}"
    );
}
