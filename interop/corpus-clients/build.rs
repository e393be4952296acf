//! Generates clients for a few WSDLs of the shared corpus (`../shared/corpus`, beside the
//! repository) into `OUT_DIR`. They cover the styles the interop tests compare with zeep:
//! ASMX, WCF, rpc/literal, rpc/encoded, SOAP headers, SOAP 1.2, doc/literal bare.
use std::path::Path;

/// (corpus entry, entry WSDL inside it).
const WSDLS: &[(&str, &str)] = &[
    ("asmx-calculator", "calculator.wsdl"),
    ("asmx-globalweather", "GlobalWeather.wsdl"),
    ("asmx-wsdot-ferries", "ferry.wsdl"),
    ("wcf-service1-imports", "Service1.wsdl"),
    ("wcf-interop-basedatatypes", "BaseDataTypesDocLitB.wsdl"),
    ("wcf-partnerservice", "PartnerService.local.wsdl"),
    ("clearbooks", "clearbooks.wsdl"),
    ("cxf-soapheader-rpc", "soapheader_rpc.wsdl"),
    ("ndfd-weather", "ndfdXML.wsdl"),
    ("cxf-header-doclit", "header_doc_lit.wsdl"),
    ("cxf-hello-world-soap12", "hello_world_soap12.wsdl"),
    ("vies-checkvat", "checkVatService.wsdl"),
    ("axis2-version", "Version.wsdl"),
];

fn main() {
    let corpus = Path::new("../../../shared/corpus");
    if !corpus.join("MANIFEST.tsv").exists() {
        panic!(
            "corpus-clients: {} not found: the shared corpus must sit beside the repository (../shared/corpus)",
            corpus.display()
        );
    }
    let wsdls: Vec<_> = WSDLS
        .iter()
        .map(|(name, entry)| corpus.join(name).join(entry))
        .collect();
    soapgen::Builder::new()
        .url_map_file(corpus.join("URLMAP.tsv"))
        .and_then(|b| b.compile(&wsdls))
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
