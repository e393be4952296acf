//! Generates, into `OUT_DIR`, the clients the checks decode with: the Sajan and Sejour seed
//! clients (the same WSDLs as `examples/build.rs`) and `wsdl/wide.wsdl`, a wide recursive
//! type. Both directions: the checks re-encode what they decoded.
fn main() {
    println!("cargo:rerun-if-changed=wsdl/wide.wsdl");
    soapgen::Builder::new()
        .both_directions(true)
        .compile(&[
            "../wsdl/sajan/AuthenticationService.wsdl",
            "../wsdl/sejour/Authentication.wsdl",
            "wsdl/wide.wsdl",
        ])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
