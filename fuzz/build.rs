//! Generates the Sajan and Sejour clients (the same WSDLs as `examples/build.rs`) into
//! `OUT_DIR`, so the fuzz targets decode with the generated types. Both directions: the
//! `envelope` target re-encodes what it decoded.
fn main() {
    soapgen::Builder::new()
        .both_directions(true)
        .compile(&[
            "../wsdl/sajan/AuthenticationService.wsdl",
            "../wsdl/sejour/Authentication.wsdl",
        ])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
