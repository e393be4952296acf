//! `soapgen generate`'s customisation options: the same XML-name keys as
//! the `Builder`, a module name, warnings for keys that match nothing and
//! a usage or customisation error for malformed requests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn wsdl() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/features/custom.wsdl")
}

fn soapgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_soapgen"))
        .arg("generate")
        .arg(wsdl())
        .arg("--no-rustfmt")
        .args(args)
        .output()
        .expect("run soapgen")
}

#[test]
fn command_line_customisation_matches_the_builder() {
    let out_dir = std::env::temp_dir().join(format!("soapgen-customise-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let ns = "{urn:soapgen:custom}";
    let out = soapgen(&[
        "--rename-type",
        &format!("{ns}Order=PurchaseOrder"),
        "--derive",
        &format!("{ns}Order=Eq, Hash"),
        "--type-attribute",
        &format!("{ns}Order=#[doc(alias = \"Order\")]"),
        "--derive",
        &format!("{ns}Line=Eq,Hash"),
        "--derive",
        &format!("{ns}Status=Hash,PartialOrd"),
        "--rename-field",
        &format!("{ns}Line/ref=sku_ref"),
        "--rename-field",
        &format!("{ns}PlaceOrder/order=purchase"),
        "--extern-type",
        &format!("{ns}Money=crate::money::Money"),
        "--extern-type",
        &format!("{ns}Sku=crate::money::Sku"),
        "--type-attribute",
        &format!("{ns}Nothing=#[must_use]"),
        "--module",
        "shop",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("customisation `{urn:soapgen:custom}Nothing` (type_attribute) matches no generated type"),
        "{stderr}"
    );
    // Written as <module>.rs, exactly what the Builder generates (the golden).
    let code = std::fs::read_to_string(out_dir.join("shop.rs")).unwrap();
    let golden = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/features/custom.rs"),
    )
    .unwrap();
    assert_eq!(code, golden);
    std::fs::remove_dir_all(&out_dir).unwrap();
}

#[test]
fn malformed_customisation_fails_with_the_option_named() {
    let out = soapgen(&["--type-attribute", "{urn:soapgen:custom}Order=derive(Hash)"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("type_attribute(\"{urn:soapgen:custom}Order\", \"derive(Hash)\")")
            && stderr.contains("[customisation]"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty());
    let out = soapgen(&["--extern-type", "{urn:soapgen:custom}Money"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--extern-type expects"));
}
