//! End-to-end: hand-written "generated" code for the Sajan Authenticate and Sejour Logout
//! operations, calling a loopback HTTP server through the real reqwest transport.

mod common;

use common::sajan::*;
use soapgen_runtime::{Client, ErrorKind, Options, SoapVersion};
use soapgen_testkit::http::serve_once;

fn http(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

const CANONICAL: &str = r#"<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><AuthenticateResponse xmlns="http://services.sajan.com/"><AuthenticateResult><IsValidToken>true</IsValidToken><AccessToken>q7Vt2mXk9LpR4sWz</AccessToken><SecurityGuid>3f2504e0</SecurityGuid><UserId>42</UserId><ServiceInstanceUser><UseName xmlns="https://services.sajan.com/schemas/ProjectService">jdoe</UseName><InstanceId xmlns="https://services.sajan.com/schemas/ProjectService">7</InstanceId></ServiceInstanceUser></AuthenticateResult></AuthenticateResponse></soap:Body></soap:Envelope>"#;

fn client_for(addr: std::net::SocketAddr, version: SoapVersion) -> SajanClient {
    SajanClient {
        client: Client::new(format!("http://{addr}/AuthenticationService.asmx")),
        version,
    }
}

#[tokio::test]
async fn authenticate_round_trip_soap11() {
    let (addr, server) = serve_once(http("200 OK", "text/xml; charset=utf-8", CANONICAL));
    let client = client_for(addr, SoapVersion::Soap11);
    let resp = client.authenticate(&sample_request()).await.expect("ok");
    let result = resp.authenticate_result.expect("result");
    assert!(result.is_valid_token);
    assert_eq!(result.access_token.as_deref(), Some("q7Vt2mXk9LpR4sWz"));
    assert_eq!(result.user_id, 42);
    let siu = result.service_instance_user.expect("siu");
    assert_eq!(siu.use_name.as_deref(), Some("jdoe"));
    assert_eq!(siu.instance_id, 7);
    assert_eq!(siu.instancename, None);

    let received = server.finish().request.expect("server");
    assert!(received
        .head
        .starts_with("POST /AuthenticationService.asmx HTTP/1.1"));
    assert_eq!(
        received.header("content-type"),
        Some("text/xml; charset=utf-8")
    );
    assert_eq!(
        received.header("soapaction"),
        Some("\"http://services.sajan.com/Authenticate\"")
    );
    let body = String::from_utf8(received.body).expect("utf8");
    assert_eq!(
        body,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">\
         <soap:Body><Authenticate xmlns=\"http://services.sajan.com/\"><request><UserName>jdoe</UserName>\
         <Password>secret</Password><IPAddress>127.0.0.1</IPAddress></request></Authenticate></soap:Body></soap:Envelope>"
    );
}

#[tokio::test]
async fn logout_soap12_sends_action_in_content_type() {
    let xml = r#"<?xml version="1.0" encoding="utf-8"?><soap12:Envelope xmlns:soap12="http://www.w3.org/2003/05/soap-envelope"><soap12:Body><LogoutResponse xmlns="http://www.sansejour.com/" /></soap12:Body></soap12:Envelope>"#;
    let (addr, server) = serve_once(http("200 OK", "application/soap+xml; charset=utf-8", xml));
    let client = client_for(addr, SoapVersion::Soap12);
    let logout = Logout {
        token: Some("q7Vt2mXk9LpR4sWz".into()),
    };
    client.logout(&logout).await.expect("ok");
    let received = server.finish().request.expect("server");
    assert_eq!(
        received.header("content-type"),
        Some("application/soap+xml; charset=utf-8; action=\"http://www.sansejour.com/Logout\"")
    );
    assert_eq!(received.header("soapaction"), None);
    let body = String::from_utf8(received.body).expect("utf8");
    assert!(body.contains("<soap12:Envelope"), "{body}");
    assert!(
        body.contains("xmlns:soap12=\"http://www.w3.org/2003/05/soap-envelope\""),
        "{body}"
    );
    assert!(body.contains("<soap12:Body><Logout xmlns=\"http://www.sansejour.com/\"><token>q7Vt2mXk9LpR4sWz</token></Logout></soap12:Body>"), "{body}");
}

#[tokio::test]
async fn fault_with_http_500_is_a_typed_fault() {
    let xml = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid user name or password</faultstring></soap:Fault></soap:Body></soap:Envelope>"#;
    let (addr, _server) = serve_once(http(
        "500 Internal Server Error",
        "text/xml; charset=utf-8",
        xml,
    ));
    let err = client_for(addr, SoapVersion::Soap11)
        .authenticate(&sample_request())
        .await
        .expect_err("fault");
    assert_eq!(err.kind(), ErrorKind::Fault);
    let fault = err.as_fault().expect("fault");
    assert_eq!(
        fault.code.to_string(),
        "{http://schemas.xmlsoap.org/soap/envelope/}Client"
    );
    assert_eq!(fault.reason, "Invalid user name or password");
    assert_eq!(fault.detail, None);
}

#[tokio::test]
async fn decode_errors_name_operation_and_path_but_not_the_password() {
    let xml = CANONICAL.replace("<UserId>42</UserId>", "<UserId>abc</UserId>");
    let (addr, _server) = serve_once(http("200 OK", "text/xml", &xml));
    let err = client_for(addr, SoapVersion::Soap11)
        .authenticate(&sample_request())
        .await
        .expect_err("invalid int");
    assert_eq!(err.kind().as_str(), "invalid-int");
    let msg = err.to_string();
    assert!(msg.contains("Authenticate"), "{msg}");
    assert!(
        msg.contains("/Envelope/Body/AuthenticateResponse/AuthenticateResult/UserId"),
        "{msg}"
    );
    assert!(msg.contains("abc"), "{msg}");
    let debug = format!("{err:?}");
    assert!(
        !msg.contains("secret") && !debug.contains("secret"),
        "{debug}"
    );
}

#[tokio::test]
async fn connection_refused_is_connect() {
    // Bind then drop to get a port that is (almost certainly) closed.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let client = SajanClient {
        client: Client::builder(format!("http://127.0.0.1:{port}/"))
            .options(Options::default())
            .build()
            .expect("client"),
        version: SoapVersion::Soap11,
    };
    let err = client
        .authenticate(&sample_request())
        .await
        .expect_err("refused");
    assert_eq!(err.kind(), ErrorKind::Connect, "{err}");
}

#[tokio::test]
async fn silent_server_times_out() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    // The server accepts and stays silent until the client has given up.
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    let hold = tokio::spawn(async move {
        let conn = listener.accept().await;
        let _ = released.await;
        drop(conn);
    });
    let client = SajanClient {
        client: Client::builder(format!("http://{addr}/"))
            .timeout(std::time::Duration::from_millis(300))
            .build()
            .expect("client"),
        version: SoapVersion::Soap11,
    };
    let err = client
        .authenticate(&sample_request())
        .await
        .expect_err("timeout");
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    let _ = release.send(());
    let _ = hold.await;
}

#[tokio::test]
async fn generated_futures_are_send_and_can_be_spawned() {
    let (addr, _server) = serve_once(http("200 OK", "text/xml", CANONICAL));
    let client = client_for(addr, SoapVersion::Soap11);
    let handle = tokio::spawn(async move { client.authenticate(&sample_request()).await });
    let resp = handle.await.expect("join").expect("ok");
    assert_eq!(resp.authenticate_result.map(|r| r.user_id), Some(42));
}
