//! The generated seed clients, shared by the fuzz targets.
#![allow(dead_code, unused_imports)]

/// Sajan `AuthenticationService.wsdl`.
pub mod sajan {
    soapgen_runtime::include_client!("authentication_service");
}

/// Sejour `Authentication.wsdl`.
pub mod sejour {
    soapgen_runtime::include_client!("authentication");
}
