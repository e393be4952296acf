//! The golden files compile with warnings denied, and their documented
//! API holds (client per port, typed parameters and results).
#![deny(warnings)]

// A test binary uses only part of each module's API; every other warning
// is an error. (The examples crate compiles the same code as a library.)
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/authentication_service.rs"]
mod sajan;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/authentication.rs"]
mod sejour;

#[test]
fn clients_exist_per_port_with_the_wsdl_address_as_default() {
    assert_eq!(
        sajan::AuthenticationServiceSoap::DEFAULT_ENDPOINT,
        "https://enterpriseservices.acolad.com/AuthenticationService.asmx"
    );
    assert_eq!(
        sajan::AuthenticationServiceSoap12::default()
            .client()
            .endpoint(),
        sajan::AuthenticationServiceSoap12::DEFAULT_ENDPOINT
    );
    assert_eq!(
        sejour::AuthenticationSoap::DEFAULT_ENDPOINT,
        "https://partners.teddykam.com/sws/Authentication.asmx"
    );
    let _ = sejour::AuthenticationSoap12::new("http://127.0.0.1:1/");
}

#[test]
fn types_have_the_documented_shape() {
    let r = sajan::AuthenticationResponse {
        is_valid_token: true,
        access_token: None,
        security_guid: None,
        user_id: 42,
        service_instance_user: Some(sajan::ServiceInstanceUser {
            instance_id: 7,
            ..Default::default()
        }),
    };
    assert_eq!(r.clone(), r);
    let _empty: sejour::LogoutResponse = Default::default();
}
