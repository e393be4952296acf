//! The seed services as generated mock servers: the service traits that
//! `build.rs` generates (`Builder::server(true)`) implemented to answer
//! like the real services — and like [`crate::server::seed_handler`]:
//! user name or token `fault` gives a SOAP fault. Served by
//! `soapgen_runtime::server::serve` (see the `sajan-mock` binary).

use soapgen_runtime::server::Fault;

use crate::sajan::{
    AuthenticationRequest, AuthenticationResponse, AuthenticationServiceSoap12Service,
    AuthenticationServiceSoapService, ServiceInstanceUser,
};
use crate::sejour::{AuthenticationSoap12Service, AuthenticationSoapService};

/// Answers Sajan's `Authenticate` (either port) and Sejour's `Logout`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeds;

impl Seeds {
    fn authenticate(
        request: Option<AuthenticationRequest>,
    ) -> Result<Option<AuthenticationResponse>, Fault> {
        let user = request.and_then(|r| r.user_name).unwrap_or_default();
        if user == "fault" {
            return Err(Fault::client("Invalid user name or password"));
        }
        Ok(Some(AuthenticationResponse {
            is_valid_token: true,
            access_token: Some(format!("tok-{user}")),
            security_guid: Some("3f2504e0-4f89-41d3-9a0c-0305e82c3301".into()),
            user_id: 42,
            service_instance_user: Some(ServiceInstanceUser {
                use_name: Some(user),
                instance_id: 7,
                instancename: Some("Sajan EU Production".into()),
                production_connection_string: Some(
                    "Server=db-prod.example.invalid;Database=Prod".into(),
                ),
                customer_connection_string: Some(
                    "Server=db-cust.example.invalid;Database=Customers".into(),
                ),
                warehouse_connection_string: Some(
                    "Server=dw.example.invalid;Database=Warehouse".into(),
                ),
            }),
        }))
    }

    fn logout(token: Option<String>) -> Result<(), Fault> {
        if token.as_deref() == Some("fault") {
            return Err(Fault::client("Token is not valid or has expired."));
        }
        Ok(())
    }
}

impl AuthenticationServiceSoapService for Seeds {
    async fn authenticate(
        &self,
        request: Option<AuthenticationRequest>,
    ) -> Result<Option<AuthenticationResponse>, Fault> {
        Seeds::authenticate(request)
    }
}

impl AuthenticationServiceSoap12Service for Seeds {
    async fn authenticate(
        &self,
        request: Option<AuthenticationRequest>,
    ) -> Result<Option<AuthenticationResponse>, Fault> {
        Seeds::authenticate(request)
    }
}

impl AuthenticationSoapService for Seeds {
    async fn logout(&self, token: Option<String>) -> Result<(), Fault> {
        Seeds::logout(token)
    }
}

impl AuthenticationSoap12Service for Seeds {
    async fn logout(&self, token: Option<String>) -> Result<(), Fault> {
        Seeds::logout(token)
    }
}
