//! Generates the clients of both seed services into `OUT_DIR`.
fn main() {
    soapgen::Builder::new()
        .serde(true)
        .compile(&[
            "../wsdl/sajan/AuthenticationService.wsdl",
            "../wsdl/sejour/Authentication.wsdl",
        ])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
