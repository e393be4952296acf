//! Decoding diagnostics of generated clients, over loopback HTTP: elements the schema
//! does not declare are skipped with a `tracing` debug event naming their path; children
//! in the wrong namespace (the `elementFormDefault` mismatch) are named in a warning and in
//! the error they cause; strict mode makes both errors.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use examples::sajan::{AuthenticationRequest, AuthenticationServiceSoap};
use soapgen_runtime::{Client, ErrorKind};
use soapgen_testkit::http::{Response, Server};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

fn envelope(result: &str) -> String {
    format!(
        r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><AuthenticateResponse xmlns="http://services.sajan.com/"><AuthenticateResult>{result}</AuthenticateResult></AuthenticateResponse></soap:Body></soap:Envelope>"#
    )
}

/// The schema qualifies these (elementFormDefault="qualified"); a server that sends them
/// unqualified is the classic mismatch.
const UNQUALIFIED: &str =
    r#"<IsValidToken xmlns="">true</IsValidToken><UserId xmlns="">7</UserId>"#;
const WITH_UNKNOWN: &str =
    r#"<IsValidToken>true</IsValidToken><Shiny><Deep>1</Deep></Shiny><UserId>7</UserId>"#;

fn server(result: &'static str) -> Server {
    Server::start(move |_| Response::ok("text/xml; charset=utf-8", envelope(result)))
}

fn request() -> Option<AuthenticationRequest> {
    Some(AuthenticationRequest {
        user_name: Some("jdoe".into()),
        password: Some("pw".into()),
        ip_address: None,
    })
}

/// Every event of the current thread as `LEVEL field=value ...`.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(event.metadata().level().to_string());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Runs `f` on a current-thread runtime with `capture` as the thread's subscriber.
fn traced<T>(capture: &Capture, f: impl std::future::Future<Output = T>) -> T {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(capture.clone(), || rt.block_on(f))
}

fn events(capture: &Capture, level: Level) -> Vec<String> {
    let prefix = level.to_string();
    let all = capture.0.lock().unwrap();
    all.iter()
        .filter(|e| e.starts_with(&prefix))
        .cloned()
        .collect()
}

#[test]
fn unknown_elements_are_skipped_and_logged_with_their_path() {
    let server = server(WITH_UNKNOWN);
    let capture = Capture::default();
    let port = AuthenticationServiceSoap::new(server.url("/svc"));
    let result = traced(&capture, port.authenticate(request()))
        .expect("lenient by default")
        .expect("result");
    assert!(result.is_valid_token);
    assert_eq!(result.user_id, 7);
    let debug = events(&capture, Level::DEBUG);
    let skipped: Vec<_> = debug
        .iter()
        .filter(|e| e.contains("does not declare"))
        .collect();
    assert_eq!(skipped.len(), 1, "{debug:#?}");
    assert!(
        skipped[0].contains("path=/Envelope/Body/AuthenticateResponse/AuthenticateResult/Shiny"),
        "{}",
        skipped[0]
    );
    assert!(
        skipped[0].contains("element={http://services.sajan.com/}Shiny"),
        "{}",
        skipped[0]
    );
}

#[tokio::test]
async fn strict_mode_makes_unknown_elements_errors() {
    let server = server(WITH_UNKNOWN);
    let client = Client::builder(server.url("/svc"))
        .strict(true)
        .build()
        .unwrap();
    let e = AuthenticationServiceSoap::from_client(client)
        .authenticate(request())
        .await
        .expect_err("strict");
    assert_eq!(e.kind(), ErrorKind::UnexpectedElement, "{e}");
    let d = e.as_decode().expect("decode error");
    assert_eq!(d.operation, Some("Authenticate"));
    assert_eq!(
        d.path,
        "/Envelope/Body/AuthenticateResponse/AuthenticateResult/Shiny"
    );
    let message = e.to_string();
    assert!(message.contains("strict decoding"), "{message}");
    assert!(
        message.contains("{http://services.sajan.com/}IsValidToken"),
        "lists what the schema expects: {message}"
    );
}

#[test]
fn unqualified_children_are_named_as_an_element_form_default_mismatch() {
    let server = server(UNQUALIFIED);
    let capture = Capture::default();
    let port = AuthenticationServiceSoap::new(server.url("/svc"));
    let e = traced(&capture, port.authenticate(request())).expect_err("required missing");
    // The required `IsValidToken` came unqualified: the error says why it is "missing".
    assert_eq!(e.kind(), ErrorKind::MissingRequiredElement, "{e}");
    let message = e.to_string();
    assert!(message.contains("elementFormDefault"), "{message}");
    assert!(
        message.contains("`IsValidToken` arrived unqualified (no namespace) but the schema declares it in namespace `http://services.sajan.com/`"),
        "{message}"
    );
    let warnings = events(&capture, Level::WARN);
    assert_eq!(
        warnings.len(),
        2,
        "one per misplaced element: {warnings:#?}"
    );
    assert!(warnings.iter().all(|w| w.contains("elementFormDefault")));
    assert!(
        warnings[1].contains("path=/Envelope/Body/AuthenticateResponse/AuthenticateResult/UserId"),
        "{warnings:#?}"
    );
}

#[tokio::test]
async fn strict_mode_makes_a_namespace_mismatch_an_error() {
    let server = server(UNQUALIFIED);
    let client = Client::builder(server.url("/svc"))
        .strict(true)
        .build()
        .unwrap();
    let e = AuthenticationServiceSoap::from_client(client)
        .authenticate(request())
        .await
        .expect_err("strict");
    assert_eq!(e.kind(), ErrorKind::WrongNamespace, "{e}");
    let message = e.to_string();
    assert!(message.contains("elementFormDefault"), "{message}");
    assert!(
        message.contains("expected {http://services.sajan.com/}IsValidToken, found IsValidToken"),
        "{message}"
    );
}
