//! What both example binaries share: the exit-code contract and the demo
//! printing.

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
