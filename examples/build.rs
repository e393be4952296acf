//! Generates the clients of both seed services, and of the MTOM and WS-Addressing test
//! services of `interop/gsoap-plugins`, into `OUT_DIR`.
fn main() {
    soapgen::Builder::new()
        .serde(true)
        // Service traits and handlers too: `examples::mock`, `sajan-mock`.
        .server(true)
        .compile(&[
            "../wsdl/sajan/AuthenticationService.wsdl",
            "../wsdl/sejour/Authentication.wsdl",
            "../interop/gsoap-plugins/Attachments.wsdl",
            "../interop/gsoap-plugins/AddressedAuthentication.wsdl",
        ])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
