//! Errors a user can act on: call errors name the operation and the endpoint (never its
//! credentials), a fault's message summarises its detail, and invalid endpoints are named.
//! Real HTTP on loopback.

mod common;

use common::sajan::*;
use soapgen_runtime::{Client, Error, ErrorKind, SoapVersion};
use soapgen_testkit::http::{Response, Server};

const FAULT_WITH_DETAIL: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Invalid credentials</faultstring><detail><e:LoginFault xmlns:e="urn:errors"><e:Code>E1042</e:Code><e:Message>account   locked
 until tomorrow</e:Message><e:Password>hunter2</e:Password><e:Trace>LONGTRACE</e:Trace></e:LoginFault></detail></soap:Fault></soap:Body></soap:Envelope>"#;

fn port(endpoint: String) -> SajanClient {
    SajanClient {
        client: Client::builder(endpoint).build().expect("client"),
        version: SoapVersion::Soap11,
    }
}

/// `http://user:s3cret@127.0.0.1:port/svc`: credentials in the URL must never be printed.
fn with_userinfo(server: &Server) -> String {
    format!("http://user:s3cret@{}/svc", server.addr)
}

#[tokio::test]
async fn fault_names_operation_endpoint_and_detail() {
    let long = "x".repeat(5000);
    let body = FAULT_WITH_DETAIL.replace("LONGTRACE", &long);
    let server = Server::start(move |_| {
        Response::new(500)
            .header("Content-Type", "text/xml")
            .body(body.clone())
    });
    let e = port(with_userinfo(&server))
        .authenticate(&sample_request())
        .await
        .expect_err("fault");
    assert_eq!(e.kind(), ErrorKind::Fault);
    let shown = format!("http://{}/svc", server.addr);
    assert_eq!(e.operation(), Some("Authenticate"));
    assert_eq!(e.endpoint(), Some(shown.as_str()));
    let message = e.to_string();
    assert!(
        message.starts_with(&format!(
            "Authenticate: SOAP fault from {shown}: {{http://schemas.xmlsoap.org/soap/envelope/}}Client: Invalid credentials; detail {{urn:errors}}LoginFault: E1042 account locked until tomorrow"
        )),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
    assert!(!message.contains("hunter2"), "{message}");
    assert!(message.len() < 600, "unbounded: {} bytes", message.len());
    assert!(message.ends_with("..."), "{message}");
    // The whole detail is still there for code.
    let fault = e.as_fault().expect("fault");
    assert!(fault.detail.as_deref().is_some_and(|d| d.contains(&long)));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn http_status_names_operation_and_endpoint() {
    let server = Server::start(|_| {
        Response::new(503)
            .header("Content-Type", "text/html")
            .body("<html><body>Service   Unavailable</body></html>")
    });
    let e = port(with_userinfo(&server))
        .authenticate(&sample_request())
        .await
        .expect_err("503");
    assert_eq!(e.kind(), ErrorKind::HttpStatus);
    let message = e.to_string();
    assert_eq!(
        message,
        format!(
            "Authenticate: HTTP status 503 from http://{}/svc (content type `text/html`): <html><body>Service Unavailable</body></html>",
            server.addr
        )
    );
    assert!(matches!(
        e,
        Error::HttpStatus {
            operation: "Authenticate",
            status: 503,
            ..
        }
    ));
}

#[tokio::test]
async fn empty_and_non_xml_bodies_name_the_call() {
    let server = Server::start(|r| {
        if r.body_text().contains("Logout") {
            Response::ok("text/xml", "")
        } else {
            Response::ok("application/json", "{}")
        }
    });
    let url = server.url("/svc");
    let e = port(url.clone())
        .authenticate(&sample_request())
        .await
        .expect_err("json");
    assert_eq!(e.kind(), ErrorKind::WrongContentType);
    assert_eq!(
        e.to_string(),
        format!("Authenticate: HTTP status 200 from {url} with non-XML content type `application/json`: {{}}")
    );
    let e = port(url.clone())
        .logout(&Logout { token: None })
        .await
        .expect_err("empty");
    assert_eq!(e.kind(), ErrorKind::EmptyBody);
    assert!(
        e.to_string()
            .starts_with(&format!("Logout: HTTP status 200 from {url}")),
        "{e}"
    );
}

#[tokio::test]
async fn connection_errors_name_the_call_without_credentials() {
    // A port that was just free: nothing listens there.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port");
    let e = port(format!("http://user:s3cret@{addr}/svc"))
        .authenticate(&sample_request())
        .await
        .expect_err("refused");
    assert_eq!(e.kind(), ErrorKind::Connect, "{e}");
    let message = e.to_string();
    assert!(
        message.contains(&format!("Authenticate at http://{addr}/svc: ")),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
}

#[test]
fn invalid_endpoints_are_named_when_the_client_is_built() {
    for (url, shown) in [
        ("not a url", "not a url"),
        ("localhost:8080/svc", "localhost:8080/svc"),
        ("ftp://user:s3cret@host/svc", "ftp://host/svc"),
        ("http://", "http://"),
    ] {
        let e = Client::try_new(url).expect_err(url);
        assert_eq!(e.kind(), ErrorKind::InvalidEndpoint, "{url}");
        assert_eq!(e.endpoint(), Some(shown));
        let message = e.to_string();
        assert!(
            message.starts_with(&format!("invalid SOAP endpoint URL `{shown}`: ")),
            "{message}"
        );
        assert!(!message.contains("s3cret"), "{message}");
        let e = Client::builder(url).build().expect_err(url);
        assert_eq!(e.kind(), ErrorKind::InvalidEndpoint, "{url}");
    }
    assert!(Client::try_new("https://example.invalid/svc.asmx").is_ok());
}

#[tokio::test]
async fn infallible_new_reports_the_invalid_url_on_the_first_call() {
    // `Client::new` stays infallible (generated `Port::new` calls it): the call fails
    // before sending anything, naming the URL.
    let port = SajanClient {
        client: Client::new("localhost:8080/svc"),
        version: SoapVersion::Soap11,
    };
    let e = port
        .authenticate(&sample_request())
        .await
        .expect_err("invalid");
    assert_eq!(e.kind(), ErrorKind::InvalidEndpoint);
    assert!(e.to_string().contains("`localhost:8080/svc`"), "{e}");
}
