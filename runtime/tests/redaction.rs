//! The detail summary in a fault's message follows the configured sensitive names
//! (`Options::sensitive_names`), like envelope logs and error excerpts (issue 11, item 5).

mod common;

use std::time::Duration;

use common::sajan::*;
use soapgen_runtime::{Client, Options, SoapVersion};
use soapgen_testkit::http::serve_once;

const FAULT: &str = r#"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>refused</faultstring><detail><Refusal xmlns="urn:bank"><Pin>4711</Pin><Password>hunter2</Password><Reason>locked</Reason></Refusal></detail></soap:Fault></soap:Body></soap:Envelope>"#;

async fn fault_message(options: Options) -> String {
    let response = format!(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{FAULT}",
        FAULT.len()
    );
    let (addr, server) = serve_once(response.into_bytes());
    let c = SajanClient {
        client: Client::builder(format!("http://{addr}/svc"))
            .options(options)
            .build()
            .expect("client"),
        version: SoapVersion::Soap11,
    };
    let e = tokio::time::timeout(Duration::from_secs(10), c.authenticate(&sample_request()))
        .await
        .expect("no hang")
        .expect_err("fault");
    server.abandon();
    let fault = e.as_fault().expect("a fault");
    assert!(fault.to_string().contains("locked"), "{fault}");
    format!("{e} | {e:?}")
}

#[tokio::test]
async fn the_fault_summary_follows_the_configured_sensitive_names() {
    // Defaults: `Password` is a secret, `Pin` is not.
    let shown = fault_message(Options::default()).await;
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("4711"), "{shown}");
    // Configured: `pin` added to the defaults.
    let mut names: Vec<String> = soapgen_runtime::DEFAULT_SENSITIVE_NAMES
        .iter()
        .map(|s| s.to_string())
        .collect();
    names.push("pin".into());
    let shown = fault_message(Options::default().sensitive_names(names)).await;
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(!shown.contains("4711"), "{shown}");
}
