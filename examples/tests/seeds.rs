//! The seed services end to end: request envelopes and headers equal the
//! ASMX help-page samples, sample responses decode, and calls round-trip
//! over real HTTP on loopback, faults included.

mod common;

use common::fixture;
use examples::sajan::{
    AuthenticateResponse, AuthenticationRequest, AuthenticationResponse, AuthenticationServiceSoap,
    AuthenticationServiceSoap12, ServiceInstanceUser,
};
use examples::sejour::{AuthenticationSoap, AuthenticationSoap12};
use examples::server::Server;
use soapgen_runtime::{Error, ErrorKind, SoapVersion};
use soapgen_testkit::xml::assert_xml_eq;

fn placeholder_request() -> AuthenticationRequest {
    AuthenticationRequest {
        user_name: Some("string".into()),
        password: Some("string".into()),
        ip_address: Some("string".into()),
    }
}

#[tokio::test]
async fn sajan_requests_match_the_seed_samples() {
    let server = Server::seed("/AuthenticationService.asmx").await.unwrap();
    AuthenticationServiceSoap::new(&server.url)
        .authenticate(Some(placeholder_request()))
        .await
        .unwrap();
    AuthenticationServiceSoap12::new(&server.url)
        .authenticate(Some(placeholder_request()))
        .await
        .unwrap();
    let x = server.take_exchanges();
    assert_eq!(x.len(), 2);
    assert_xml_eq(
        &x[0].request.body,
        &fixture("sajan-authenticate-request-soap11.xml"),
    );
    assert_eq!(
        x[0].request.header("content-type"),
        Some("text/xml; charset=utf-8")
    );
    assert_eq!(
        x[0].request.header("soapaction"),
        Some("\"http://services.sajan.com/Authenticate\"")
    );
    assert_xml_eq(
        &x[1].request.body,
        &fixture("sajan-authenticate-request-soap12.xml"),
    );
    assert_eq!(
        x[1].request.header("content-type"),
        Some("application/soap+xml; charset=utf-8; action=\"http://services.sajan.com/Authenticate\"")
    );
    assert_eq!(x[1].request.header("soapaction"), None);
}

#[tokio::test]
async fn sejour_requests_match_the_seed_samples() {
    let server = Server::seed("/sws/Authentication.asmx").await.unwrap();
    AuthenticationSoap::new(&server.url)
        .logout(Some("string".into()))
        .await
        .unwrap();
    AuthenticationSoap12::new(&server.url)
        .logout(Some("string".into()))
        .await
        .unwrap();
    let x = server.take_exchanges();
    assert_xml_eq(
        &x[0].request.body,
        &fixture("sejour-logout-request-soap11.xml"),
    );
    assert_eq!(
        x[0].request.header("content-type"),
        Some("text/xml; charset=utf-8")
    );
    assert_eq!(
        x[0].request.header("soapaction"),
        Some("\"http://www.sansejour.com/Logout\"")
    );
    assert_xml_eq(
        &x[1].request.body,
        &fixture("sejour-logout-request-soap12.xml"),
    );
    assert_eq!(
        x[1].request.header("content-type"),
        Some("application/soap+xml; charset=utf-8; action=\"http://www.sansejour.com/Logout\"")
    );
}

fn filled_response(version: &str) -> String {
    fixture(&format!("sajan-authenticate-response-soap{version}.xml"))
        .replace("<IsValidToken>boolean<", "<IsValidToken>true<")
        .replace("<UserId>int<", "<UserId>42<")
        .replace(">int<", ">7<")
        .replace("<AccessToken>string<", "<AccessToken>q7Vt2mXk9LpR4sWz<")
        .replace(
            "<UseName xmlns=\"https://services.sajan.com/schemas/ProjectService\">string<",
            "<UseName xmlns=\"https://services.sajan.com/schemas/ProjectService\">jdoe<",
        )
}

fn expected_result() -> AuthenticationResponse {
    AuthenticationResponse {
        is_valid_token: true,
        access_token: Some("q7Vt2mXk9LpR4sWz".into()),
        security_guid: Some("string".into()),
        user_id: 42,
        service_instance_user: Some(ServiceInstanceUser {
            use_name: Some("jdoe".into()),
            instance_id: 7,
            instancename: Some("string".into()),
            production_connection_string: Some("string".into()),
            customer_connection_string: Some("string".into()),
            warehouse_connection_string: Some("string".into()),
        }),
    }
}

fn decode(version: SoapVersion, xml: &str) -> Result<AuthenticateResponse, Error> {
    soapgen_runtime::soap::read_response(version, xml.as_bytes(), &Default::default(), |r, el| {
        soapgen_runtime::__private::expect_body_element::<AuthenticateResponse>(
            r,
            el,
            "http://services.sajan.com/",
            "AuthenticateResponse",
        )
    })
    .map_err(Error::from)
}

#[test]
fn seed_sample_responses_decode_with_both_namespaces() {
    for (v, version) in [("11", SoapVersion::Soap11), ("12", SoapVersion::Soap12)] {
        let got = decode(version, &filled_response(v)).unwrap();
        assert_eq!(
            got.authenticate_result,
            Some(expected_result()),
            "SOAP 1.{}",
            &v[1..]
        );
    }
}

#[test]
fn an_element_in_the_wrong_namespace_is_never_taken_for_the_expected_one() {
    let xml = filled_response("11");
    // UseName in the parent's namespace: unknown, skipped → absent.
    let moved = xml.replace(
        "<UseName xmlns=\"https://services.sajan.com/schemas/ProjectService\">",
        "<UseName xmlns=\"http://services.sajan.com/\">",
    );
    let got = decode(SoapVersion::Soap11, &moved).unwrap();
    let siu = got
        .authenticate_result
        .unwrap()
        .service_instance_user
        .unwrap();
    assert_eq!(siu.use_name, None);
    // The required InstanceId in the wrong namespace: missing.
    let moved = xml.replace(
        "<InstanceId xmlns=\"https://services.sajan.com/schemas/ProjectService\">",
        "<InstanceId xmlns=\"http://services.sajan.com/\">",
    );
    let err = decode(SoapVersion::Soap11, &moved).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MissingRequiredElement, "{err}");
    assert!(err.to_string().contains("InstanceId"), "{err}");
}

#[tokio::test]
async fn round_trips_over_http_for_both_services_and_versions() {
    let server = Server::seed("/svc.asmx").await.unwrap();
    let request = AuthenticationRequest {
        user_name: Some("Zoë <&> \"東京\"".into()),
        password: Some("p@ss".into()),
        ip_address: None,
    };
    for soap12 in [false, true] {
        let r = if soap12 {
            AuthenticationServiceSoap12::new(&server.url)
                .authenticate(Some(request.clone()))
                .await
        } else {
            AuthenticationServiceSoap::new(&server.url)
                .authenticate(Some(request.clone()))
                .await
        };
        let r = r.unwrap().unwrap();
        assert!(r.is_valid_token);
        assert_eq!(r.user_id, 42);
        assert_eq!(r.access_token.as_deref(), Some("tok-Zoë <&> \"東京\""));
        assert_eq!(r.service_instance_user.unwrap().use_name, request.user_name);
    }
    AuthenticationSoap::new(&server.url)
        .logout(Some("t".into()))
        .await
        .unwrap();
    AuthenticationSoap12::new(&server.url)
        .logout(Some("t".into()))
        .await
        .unwrap();
}

#[tokio::test]
async fn faults_of_both_versions_are_typed() {
    let server = Server::seed("/svc.asmx").await.unwrap();
    let req = AuthenticationRequest {
        user_name: Some("fault".into()),
        ..Default::default()
    };
    let e11 = AuthenticationServiceSoap::new(&server.url)
        .authenticate(Some(req.clone()))
        .await
        .unwrap_err();
    let e12 = AuthenticationServiceSoap12::new(&server.url)
        .authenticate(Some(req))
        .await
        .unwrap_err();
    let l11 = AuthenticationSoap::new(&server.url)
        .logout(Some("fault".into()))
        .await
        .unwrap_err();
    let l12 = AuthenticationSoap12::new(&server.url)
        .logout(Some("fault".into()))
        .await
        .unwrap_err();
    let x = server.take_exchanges();
    assert!(x.iter().all(|x| x.response.status == 500));
    for (e, ns, local, reason) in [
        (
            e11,
            "http://schemas.xmlsoap.org/soap/envelope/",
            "Client",
            "Invalid user name or password",
        ),
        (
            e12,
            "http://www.w3.org/2003/05/soap-envelope",
            "Sender",
            "Invalid user name or password",
        ),
        (
            l11,
            "http://schemas.xmlsoap.org/soap/envelope/",
            "Client",
            "Token is not valid or has expired.",
        ),
        (
            l12,
            "http://www.w3.org/2003/05/soap-envelope",
            "Sender",
            "Token is not valid or has expired.",
        ),
    ] {
        let Error::Fault(f) = e else {
            panic!("expected a fault, got {e:?}")
        };
        assert_eq!((f.code.ns(), f.code.local()), (ns, local));
        assert_eq!(f.reason, reason);
    }
}

#[test]
fn debug_output_redacts_credentials() {
    let req = AuthenticationRequest {
        user_name: Some("jdoe".into()),
        password: Some("hunter2".into()),
        ip_address: None,
    };
    let dbg = format!("{req:?}");
    assert!(dbg.contains("jdoe") && !dbg.contains("hunter2"), "{dbg}");
    let r = expected_result();
    let dbg = format!("{r:?}");
    assert!(!dbg.contains("q7Vt2mXk9LpR4sWz"), "{dbg}");
}
