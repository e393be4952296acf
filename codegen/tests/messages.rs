//! Generator errors a user can act on: paths relative to the crate (the current directory
//! under build.rs and the tests) or absolute, the user-facing option names, and two WSDLs
//! of one build that would overwrite each other's module.

use std::path::{Path, PathBuf};

use soapgen::{Builder, ErrorKind};

const HEAD: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:t" targetNamespace="urn:t">"#;

/// A document/literal service whose `wsdl:types` is `types`.
fn wsdl_with(types: &str) -> String {
    format!(
        r#"{HEAD}
  <wsdl:types>{types}</wsdl:types>
  <wsdl:message name="In"><wsdl:part name="p" element="tns:In"/></wsdl:message>
  <wsdl:message name="Out"><wsdl:part name="p" element="tns:Out"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="Op"><wsdl:input message="tns:In"/><wsdl:output message="tns:Out"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="Op">
      <soap:operation soapAction="urn:t#Op"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S"><wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/"/></wsdl:port></wsdl:service>
</wsdl:definitions>
"#
    )
}

const GOOD_TYPES: &str = r#"<xs:schema targetNamespace="urn:t">
  <xs:element name="In" type="xs:string"/><xs:element name="Out" type="xs:string"/>
</xs:schema>"#;

/// Writes `files` into a fresh directory under the target directory, which lies inside
/// the workspace so that it has a path relative to the crate directory.
fn scratch(test: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("messages-{test}"));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// `path` relative to the current directory (the crate, as under build.rs).
fn from_crate(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap();
    let (a, b): (Vec<_>, Vec<_>) = (path.components().collect(), cwd.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut rel = PathBuf::new();
    for _ in common..b.len() {
        rel.push("..");
    }
    for c in &a[common..] {
        rel.push(c);
    }
    rel
}

fn bad_import_files() -> Vec<(&'static str, String)> {
    vec![
        (
            "svc/main.wsdl",
            wsdl_with(
                r#"<xs:schema targetNamespace="urn:t"><xs:include schemaLocation="xsd/types.xsd"/></xs:schema>"#,
            ),
        ),
        (
            "svc/xsd/types.xsd",
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <xs:element name="In" type="tns:Missing"/>
  <xs:element name="Out" type="xs:string"/>
</xs:schema>"#
                .to_owned(),
        ),
    ]
}

#[test]
fn imported_files_are_named_relative_to_the_crate_or_absolutely() {
    let files = bad_import_files();
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    let dir = scratch("paths", &refs);
    let entry = from_crate(&dir.join("svc/main.wsdl"));
    assert!(entry.is_relative());
    let e = Builder::new().generate(&entry).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UndefinedReference, "{e}");
    let want = from_crate(&dir.join("svc/xsd/types.xsd"));
    let want = format!("{}:2:", want.display());
    assert!(e.to_string().starts_with(&want), "want {want}…, got {e}");
    assert!(
        e.to_string().contains("`Builder::lenient(true)`") && e.to_string().contains("`--lenient`"),
        "{e}"
    );

    // Given absolutely, named absolutely.
    let e = Builder::new()
        .generate(dir.join("svc/main.wsdl"))
        .unwrap_err();
    let want = format!("{}:2:", dir.join("svc/xsd/types.xsd").display());
    assert!(e.to_string().starts_with(&want), "want {want}…, got {e}");
}

#[test]
fn remote_import_error_names_the_user_facing_options() {
    let main = wsdl_with(GOOD_TYPES).replace(
        "<wsdl:types>",
        r#"<wsdl:import namespace="urn:ext" location="http://example.com/svc/ext.wsdl"/><wsdl:types>"#,
    );
    let dir = scratch("remote", &[("main.wsdl", &main)]);
    let e = Builder::new().generate(dir.join("main.wsdl")).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::RemoteImportForbidden, "{e}");
    let text = e.to_string();
    for option in [
        "Builder::map_url",
        "--map-url",
        "--url-map",
        "Builder::url_map_file",
    ] {
        assert!(text.contains(option), "`{option}` not named: {text}");
    }
    assert!(!text.contains("ReadOptions"), "{text}");
}

#[test]
fn two_wsdls_with_one_module_name_are_an_error_naming_both() {
    let dir = scratch(
        "collide",
        &[
            ("a/Service.wsdl", &wsdl_with(GOOD_TYPES)),
            ("b/service.wsdl", &wsdl_with(GOOD_TYPES)),
        ],
    );
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let (a, b) = (dir.join("a/Service.wsdl"), dir.join("b/service.wsdl"));
    let e = Builder::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile(&[&a, &b])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ModuleCollision, "{e}");
    let text = e.to_string();
    assert!(text.contains(&a.display().to_string()), "{text}");
    assert!(text.contains(&b.display().to_string()), "{text}");
    assert!(text.contains("module `service`"), "{text}");
    assert!(text.contains("Builder::module_name"), "{text}");
    // A module name of one's own resolves it, and can collide too.
    let got = Builder::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .module_name(&b, "service_b")
        .compile(&[&a, &b])
        .unwrap();
    assert_eq!(got[1].module, "service_b");
    assert!(out.join("service_b.rs").exists() && out.join("service.rs").exists());
    let e = Builder::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .module_name(&a, "same")
        .module_name(&b, "same")
        .compile(&[&a, &b])
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ModuleCollision, "{e}");
    assert!(e.to_string().contains("module `same`"), "{e}");
    // One file each is fine.
    let got = Builder::new()
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .compile(&[&a])
        .unwrap();
    assert_eq!(got[0].module, "service");
}
