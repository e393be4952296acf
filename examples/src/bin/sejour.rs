//! Calls `Logout` on a Sejour `Authentication.asmx` and prints `{}`.

use std::process::ExitCode;

use clap::Parser;
use examples::cli::http::HttpArgs;
use examples::cli::soap::SoapArgs;
use examples::cli::{client, print_exchanges, report_error, run, setup_error};
use examples::sejour::{AuthenticationSoap, AuthenticationSoap12};
use examples::server::Server;
use soapgen_runtime::Client;

/// Log out of Sejour Web Services.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Service URL, e.g. https://partners.teddykam.com/sws/Authentication.asmx
    #[arg(long, required_unless_present = "demo")]
    endpoint: Option<String>,
    /// Use the SOAP 1.2 binding (default SOAP 1.1).
    #[arg(long)]
    soap12: bool,
    /// The session token to end.
    #[arg(long, default_value = "q7Vt2mXk9LpR4sWz")]
    token: String,
    /// Start an in-process server on 127.0.0.1 and call it with both SOAP versions.
    #[arg(long, conflicts_with = "endpoint")]
    demo: bool,
    #[command(flatten)]
    http: HttpArgs,
    #[command(flatten)]
    soap: SoapArgs,
}

async fn logout(client: Client, soap12: bool, token: String) -> Result<(), soapgen_runtime::Error> {
    if soap12 {
        AuthenticationSoap12::from_client(client)
            .logout(Some(token))
            .await
    } else {
        AuthenticationSoap::from_client(client)
            .logout(Some(token))
            .await
    }
}

async fn demo(args: Args) -> ExitCode {
    let server = match Server::seed("/sws/Authentication.asmx").await {
        Ok(s) => s,
        Err(e) => return setup_error(format!("cannot start the demo server: {e}")),
    };
    let client = match client(&server.url, &args.http, &args.soap) {
        Ok(c) => c,
        Err(e) => return setup_error(e),
    };
    for (label, soap12) in [("SOAP 1.1", false), ("SOAP 1.2", true)] {
        let result = logout(client.clone(), soap12, args.token.clone()).await;
        print_exchanges(label, &server.take_exchanges());
        match result {
            Ok(()) => println!("--- {label}: result ---\n{{}}\n"),
            Err(e) => return report_error(&e),
        }
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.demo {
        return run(false, async move { Ok(demo(args).await) })
            .unwrap_or_else(|e| report_error(&e));
    }
    let endpoint = args.endpoint.as_deref().unwrap_or_default();
    let client = match client(endpoint, &args.http, &args.soap) {
        Ok(c) => c,
        Err(e) => return setup_error(e),
    };
    let call = async move { Ok(logout(client, args.soap12, args.token).await) };
    match run(args.http.blocking, call) {
        Ok(Ok(())) => {
            println!("{{}}");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) | Err(e) => report_error(&e),
    }
}
