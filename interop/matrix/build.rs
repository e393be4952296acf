//! Generates the clients of the interop matrix into `OUT_DIR` from the WSDL snapshots that
//! each server stack published (`interop/<stack>/wsdl/`). The tests fetch the WSDL from the
//! running server again and check that it still generates exactly this code.
fn main() {
    // The default options: what users get (array wrappers unwrapped into `Vec`s).
    soapgen::Builder::new()
        .compile(&[
            "../asmx/wsdl/AuthenticationService.wsdl",
            "../asmx/wsdl/Authentication.wsdl",
            "../php/wsdl/EncodedService.wsdl",
            "../php/wsdl/LiteralService.wsdl",
            "../spyne/wsdl/InvoiceService11.wsdl",
            "../spyne/wsdl/InvoiceService12.wsdl",
            "../node/wsdl/OrdersService.wsdl",
        ])
        .unwrap_or_else(|e| panic!("soapgen: {e}"));
}
