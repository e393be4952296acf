//! Calls `Authenticate` on a Sajan/Acolad `AuthenticationService.asmx` and
//! prints the result as one JSON object (field names as in the WSDL).

use std::process::ExitCode;

use clap::Parser;
use examples::cli::http::HttpArgs;
use examples::cli::soap::SoapArgs;
use examples::cli::{client, print_exchanges, report_error, run, setup_error};
use examples::sajan::{
    AuthenticationRequest, AuthenticationServiceSoap, AuthenticationServiceSoap12,
};
use examples::server::Server;
use soapgen_runtime::Client;

/// Authenticate against a Sajan/Acolad AuthenticationService.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Service URL, e.g. https://enterpriseservices.acolad.com/AuthenticationService.asmx
    #[arg(long, required_unless_present = "demo")]
    endpoint: Option<String>,
    /// Use the SOAP 1.2 binding (default SOAP 1.1).
    #[arg(long)]
    soap12: bool,
    /// User name.
    #[arg(long, default_value = "jdoe")]
    user: String,
    /// Password.
    #[arg(long, default_value = "secret")]
    password: String,
    /// Client IP address to report.
    #[arg(long)]
    ip: Option<String>,
    /// Start an in-process server on 127.0.0.1 and call it with both SOAP versions.
    #[arg(long, conflicts_with = "endpoint")]
    demo: bool,
    #[command(flatten)]
    http: HttpArgs,
    #[command(flatten)]
    soap: SoapArgs,
}

async fn authenticate(
    client: Client,
    soap12: bool,
    request: AuthenticationRequest,
) -> Result<String, soapgen_runtime::Error> {
    let result = if soap12 {
        AuthenticationServiceSoap12::from_client(client)
            .authenticate(Some(request))
            .await?
    } else {
        AuthenticationServiceSoap::from_client(client)
            .authenticate(Some(request))
            .await?
    };
    Ok(serde_json::to_string(&result).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}")))
}

async fn demo(args: Args, request: AuthenticationRequest) -> ExitCode {
    let server = match Server::seed("/AuthenticationService.asmx").await {
        Ok(s) => s,
        Err(e) => return setup_error(format!("cannot start the demo server: {e}")),
    };
    let client = match client(&server.url, &args.http, &args.soap) {
        Ok(c) => c,
        Err(e) => return setup_error(e),
    };
    for (label, soap12) in [("SOAP 1.1", false), ("SOAP 1.2", true)] {
        let result = authenticate(client.clone(), soap12, request.clone()).await;
        print_exchanges(label, &server.take_exchanges());
        match result {
            Ok(json) => println!("--- {label}: result ---\n{json}\n"),
            Err(e) => return report_error(&e),
        }
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    let args = Args::parse();
    let request = AuthenticationRequest {
        user_name: Some(args.user.clone()),
        password: Some(args.password.clone()),
        ip_address: args.ip.clone(),
    };
    if args.demo {
        return run(false, async move { Ok(demo(args, request).await) })
            .unwrap_or_else(|e| report_error(&e));
    }
    let endpoint = args.endpoint.as_deref().unwrap_or_default();
    let client = match client(endpoint, &args.http, &args.soap) {
        Ok(c) => c,
        Err(e) => return setup_error(e),
    };
    let call = async move { Ok(authenticate(client, args.soap12, request).await) };
    match run(args.http.blocking, call) {
        Ok(Ok(json)) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Ok(Err(e)) | Err(e) => report_error(&e),
    }
}
