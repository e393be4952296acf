//! Generates the constructs client (see wsdl/constructs.wsdl).
fn main() {
    soapgen::Builder::new()
        .both_directions(true)
        .compile(&["wsdl/constructs.wsdl"])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
