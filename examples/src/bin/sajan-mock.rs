//! `sajan-mock --listen ADDR`: the Sajan authentication service as a
//! generated mock server (`examples::mock::Seeds` behind the handler that
//! `build.rs` generates), answering `Authenticate` over SOAP 1.1 and 1.2 at
//! any path — `/AuthenticationService.asmx` included. User name `fault`
//! gives a SOAP fault. Prints `listening on http://ADDR/` once it accepts
//! connections.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use examples::mock::Seeds;
use examples::sajan::AuthenticationServiceSoapServer;

/// Serve a mock of the Sajan AuthenticationService.
#[derive(Parser)]
#[command(name = "sajan-mock", about)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: String,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let listener = match tokio::net::TcpListener::bind(&args.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}: {e}", args.listen);
            return ExitCode::FAILURE;
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Bound and listening: connections queue from here on.
    println!("listening on http://{addr}/");
    let _ = std::io::stdout().flush();
    match soapgen_runtime::server::serve(listener, AuthenticationServiceSoapServer(Seeds)).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
