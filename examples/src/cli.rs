//! What both example binaries share: the HTTP flags ([`http::HttpArgs`]) and the SOAP
//! header flags ([`soap::SoapArgs`]) with the one function that builds the configured
//! client from them ([`client`]), the exit-code contract and the demo printing.

pub mod http;
pub mod soap;

use std::process::ExitCode;

use crate::server::Exchange;

/// Reports a failed call: a SOAP fault prints its code and reason on
/// stderr and exits 2; any other error prints itself and exits 1.
pub fn report_error(e: &soapgen_runtime::Error) -> ExitCode {
    match e {
        soapgen_runtime::Error::Fault(f) => {
            eprintln!("SOAP fault: code={} reason={}", f.code, f.reason);
            ExitCode::from(2)
        }
        other => {
            eprintln!("error: {other}");
            ExitCode::from(1)
        }
    }
}

/// The client for `endpoint` configured by the shared flags.
pub fn client(
    endpoint: &str,
    http: &http::HttpArgs,
    soap: &soap::SoapArgs,
) -> Result<soapgen_runtime::Client, String> {
    let builder = soap.apply(http.builder(endpoint)?)?;
    builder.build().map_err(|e| e.to_string())
}

/// Reports an error before any call (bad flags, unreadable PEM, invalid URL): exit 1.
pub fn setup_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(1)
}

/// Runs `call` to completion: with `blocking`, from plain synchronous code through
/// [`soapgen_runtime::blocking::block_on`] (what the generated blocking clients do);
/// otherwise on a tokio runtime made here, as `#[tokio::main]` would.
pub fn run<T, F>(blocking: bool, call: F) -> Result<T, soapgen_runtime::Error>
where
    F: std::future::Future<Output = Result<T, soapgen_runtime::Error>> + Send + 'static,
    T: Send + 'static,
{
    if blocking {
        return soapgen_runtime::blocking::block_on(call);
    }
    match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(call),
        Err(e) => Err(soapgen_runtime::Error::Transport {
            message: format!("cannot start the tokio runtime: {e}"),
        }),
    }
}

/// Prints the recorded envelopes of a demo call.
pub fn print_exchanges(label: &str, exchanges: &[Exchange]) {
    for x in exchanges {
        println!("--- {label}: request ---");
        for (n, v) in &x.request.headers {
            if n == "content-type" || n == "soapaction" {
                println!("{n}: {v}");
            }
        }
        println!("{}", x.request.body);
        println!("--- {label}: response (HTTP {}) ---", x.response.status);
        println!("{}", x.response.body);
    }
}
