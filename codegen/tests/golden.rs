//! Golden files: the generated code of the seed WSDLs is checked in, so
//! every change to it shows in review. `SOAPGEN_BLESS=1 cargo test -p
//! soapgen --test golden` rewrites them. The golden files are compiled
//! with warnings denied by `tests/golden_compiles.rs`.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn check(wsdl: &str, golden: &str) {
    check_with(soapgen::Builder::new(), wsdl, golden)
}

fn check_with(builder: soapgen::Builder, wsdl: &str, golden: &str) {
    let g = builder
        .generate(root().join(wsdl))
        .unwrap_or_else(|e| panic!("{wsdl}: {e}"));
    let again = builder.generate(root().join(wsdl)).unwrap();
    assert_eq!(g.code, again.code, "output is not deterministic");
    assert!(
        g.warnings.is_empty(),
        "unexpected warnings: {:?}",
        g.warnings
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(golden);
    if std::env::var_os("SOAPGEN_BLESS").is_some() {
        std::fs::write(&path, &g.code).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    if expected != g.code {
        let first = expected
            .lines()
            .zip(g.code.lines())
            .position(|(a, b)| a != b)
            .map_or_else(
                || "length differs".to_string(),
                |i| format!("first difference at line {}", i + 1),
            );
        panic!(
            "generated code for {wsdl} differs from {} ({first}).\nIf the change is intended, run `SOAPGEN_BLESS=1 cargo test -p soapgen --test golden` and review the diff.",
            path.display()
        );
    }
}

#[test]
fn sajan_authentication_service() {
    check(
        "wsdl/sajan/AuthenticationService.wsdl",
        "authentication_service.rs",
    );
}

#[test]
fn sejour_authentication() {
    check("wsdl/sejour/Authentication.wsdl", "authentication.rs");
}

/// Recursive request and response wrappers, header and fault detail: the
/// boxing decided in the plan is what fields, parameters and results use.
#[test]
fn feature_recursion() {
    check(
        "codegen/tests/golden/features/recursion.wsdl",
        "features/recursion.rs",
    );
}

/// WCF-style `ArrayOfX` wrappers as `Vec<X>`; with `.unwrap_arrays(false)`
/// the wrapper types stay.
#[test]
fn feature_arrays() {
    check(
        "codegen/tests/golden/features/arrays.wsdl",
        "features/arrays.rs",
    );
    check_with(
        soapgen::Builder::new().unwrap_arrays(false),
        "codegen/tests/golden/features/arrays.wsdl",
        "features/arrays_wrapped.rs",
    );
}

/// Derived types: `Default` (the base) and `From<Derived>` on the enums.
#[test]
fn feature_derived() {
    check(
        "codegen/tests/golden/features/derived.wsdl",
        "features/derived.rs",
    );
}

/// `xs:choice`: an enum per choice, `Option` when optional, matched in responses.
#[test]
fn feature_choice() {
    check(
        "codegen/tests/golden/features/choice.wsdl",
        "features/choice.rs",
    );
}

/// Substitution groups: an enum over the head's non-abstract members.
#[test]
fn feature_substitution() {
    check(
        "codegen/tests/golden/features/substitution.wsdl",
        "features/substitution.rs",
    );
}

/// Input headers as parameters, output headers in a `…ResponseHeaders` struct.
#[test]
fn feature_headers() {
    check(
        "codegen/tests/golden/features/headers.wsdl",
        "features/headers.rs",
    );
}

/// Typed faults: the detail types of the declared faults, named in the method docs.
#[test]
fn feature_faults() {
    check(
        "codegen/tests/golden/features/faults.wsdl",
        "features/faults.rs",
    );
}

/// rpc/encoded: parts as parameters, `xsi:type` on values, SOAP-ENC arrays as `Vec`.
#[test]
fn feature_rpc_encoded() {
    check(
        "codegen/tests/golden/features/rpc_encoded.wsdl",
        "features/rpc_encoded.rs",
    );
}

/// The customisation the `custom` feature golden is generated with.
fn custom_builder() -> soapgen::Builder {
    const NS: &str = "{urn:soapgen:custom}";
    soapgen::Builder::new()
        .rename_type(format!("{NS}Order"), "PurchaseOrder")
        .derive(format!("{NS}Order"), ["Eq", "Hash"])
        .type_attribute(format!("{NS}Order"), "#[doc(alias = \"Order\")]")
        .derive(format!("{NS}Line"), ["Eq", "Hash"])
        .rename_field(format!("{NS}Line"), "ref", "sku_ref")
        .rename_field(format!("{NS}PlaceOrder"), "order", "purchase")
        .derive(format!("{NS}Status"), ["Hash", "PartialOrd"])
        .extern_type(format!("{NS}Money"), "crate::money::Money")
        .extern_type(format!("{NS}Sku"), "crate::money::Sku")
}

/// Customisation keyed by XML names: derives, attributes, a rename and
/// two extern types (no type generated for them).
#[test]
fn feature_custom() {
    check_with(
        custom_builder(),
        "codegen/tests/golden/features/custom.wsdl",
        "features/custom.rs",
    );
}

/// A key that matches no generated type is a warning naming the option
/// and why; a malformed request is a typed error, never pasted into code.
#[test]
fn customisation_mistakes_are_reported() {
    let wsdl = root().join("codegen/tests/golden/features/custom.wsdl");
    let g = custom_builder()
        .derive("{urn:soapgen:custom}Ordr", ["Hash"])
        .rename_type("{urn:other}Order", "X")
        .rename_field("{urn:soapgen:custom}Line", "Price2", "p")
        .generate(&wsdl)
        .unwrap();
    assert_eq!(g.warnings.len(), 3, "{:?}", g.warnings);
    assert!(
        g.warnings[2].contains("rename_field `Price2`"),
        "{:?}",
        g.warnings
    );
    assert!(
        g.warnings[0].contains("`{urn:other}Order` (rename_type) matches no generated type")
            && g.warnings[0].contains("no type or global element has that name"),
        "{:?}",
        g.warnings
    );
    assert!(
        g.warnings[1].contains("`{urn:soapgen:custom}Ordr` (derive)"),
        "{:?}",
        g.warnings
    );
    for bad in [
        soapgen::Builder::new().type_attribute("{urn:soapgen:custom}Order", "derive(Hash)"),
        soapgen::Builder::new().type_attribute("{urn:soapgen:custom}Order", "#[a] pub fn f() {}"),
        soapgen::Builder::new().derive("{urn:soapgen:custom}Order", ["Hash)]"]),
        soapgen::Builder::new().rename_type("{urn:soapgen:custom}Order", "Order Two"),
        soapgen::Builder::new().extern_type("{urn:soapgen:custom}Money", "money::Money"),
        soapgen::Builder::new().rename_type("{urn:soapgen:custom", "Order"),
        soapgen::Builder::new().rename_field("{urn:soapgen:custom}Line", "ref", "type"),
        soapgen::Builder::new().module_name(&wsdl, "my-module"),
    ] {
        let e = bad.generate(&wsdl).unwrap_err();
        assert_eq!(e.kind(), soapgen::ErrorKind::Customisation, "{e}");
    }
    let g = soapgen::Builder::new()
        .module_name(&wsdl, "shop")
        .generate(&wsdl)
        .unwrap();
    assert_eq!(g.module, "shop");
}

/// rpc/encoded: SOAP-ENC arrays carry `SOAP-ENC:arrayType`; a fault part
/// declared with `type=` gets a typed detail.
#[test]
fn feature_encoded() {
    check(
        "codegen/tests/golden/features/encoded.wsdl",
        "features/encoded.rs",
    );
}

#[test]
fn generated_files_name_their_source_and_are_formatted() {
    let g = soapgen::Builder::new()
        .generate(root().join("wsdl/sejour/Authentication.wsdl"))
        .unwrap();
    assert!(
        g.code.starts_with("// @generated by soapgen"),
        "{}",
        &g.code[..80]
    );
    assert!(g.code.contains("from `Authentication.wsdl`"));
    let reparsed: syn::File = syn::parse_str(&g.code).unwrap();
    assert_eq!(
        prettyplease::unparse(&reparsed),
        g.code.split_once("\n\n").unwrap().1
    );
}

/// A type with derived types: its rename names the `…Kind` enum and its
/// variant, its derives go on both (never a second `Default` where the
/// enum implements it by hand).
#[test]
fn customisation_of_a_base_type_reaches_its_kind_enum() {
    let g = soapgen::Builder::new()
        .rename_type("{urn:soapgen:derived}Shape", "Figure")
        .derive("{urn:soapgen:derived}Shape", ["PartialOrd", "Default"])
        .generate(root().join("codegen/tests/golden/features/derived.wsdl"))
        .unwrap();
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    let code = g.code;
    assert!(
        code.contains(
            "#[derive(Debug, Clone, PartialEq, PartialOrd)]\n#[allow(clippy::large_enum_variant)]\npub enum FigureKind {"
        ),
        "{code}"
    );
    assert!(code.contains("    Figure(Figure),"), "{code}");
    assert!(
        code.contains(
            "#[derive(Debug, Clone, PartialEq, Default, PartialOrd)]\npub struct Figure {"
        ),
        "{code}"
    );
    assert!(
        code.contains("impl ::std::default::Default for FigureKind"),
        "{code}"
    );
}

/// An extern type used as a fault detail gets no `FaultDetail` impl (the
/// user's type may live in another crate); the method docs point to
/// `Fault::detail_as` for it.
#[test]
fn an_extern_fault_detail_is_decoded_with_detail_as() {
    let g = soapgen::Builder::new()
        .extern_type("{urn:soapgen:faults}InsufficientFunds", "::bank::Funds")
        .generate(root().join("codegen/tests/golden/features/faults.wsdl"))
        .unwrap();
    assert!(g.warnings.is_empty(), "{:?}", g.warnings);
    assert!(
        !g.code.contains("FaultDetail for ::bank::Funds"),
        "{}",
        g.code
    );
    assert!(
        !g.code.contains("pub struct InsufficientFunds"),
        "{}",
        g.code
    );
    assert!(
        g.code
            .contains("`{urn:soapgen:faults}InsufficientFunds` decodes with `Fault::detail_as`"),
        "{}",
        g.code
    );
    assert!(
        g.code.contains("FaultDetail for AccountLocked"),
        "{}",
        g.code
    );
}
