//! Calls `Authenticate` on a Sajan/Acolad `AuthenticationService.asmx` and
//! prints the result as one JSON object (field names as in the WSDL).

use std::process::ExitCode;

use clap::Parser;
use examples::cli::soap::SoapArgs;
use examples::cli::{print_exchanges, report_error};
use examples::sajan::{
    AuthenticationRequest, AuthenticationServiceSoap, AuthenticationServiceSoap12,
};
use examples::server::Server;

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
    soap: SoapArgs,
}

async fn authenticate(
    endpoint: &str,
    soap: &SoapArgs,
    soap12: bool,
    request: AuthenticationRequest,
) -> Result<String, soapgen_runtime::Error> {
    let builder = soap
        .apply(soapgen_runtime::Client::builder(endpoint))
        .map_err(|message| soapgen_runtime::Error::InvalidHeader { message })?;
    let client = builder.build()?;
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

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let request = AuthenticationRequest {
        user_name: Some(args.user.clone()),
        password: Some(args.password.clone()),
        ip_address: args.ip.clone(),
    };
    if args.demo {
        let server = match Server::seed("/AuthenticationService.asmx").await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot start the demo server: {e}");
                return ExitCode::from(1);
            }
        };
        for (label, soap12) in [("SOAP 1.1", false), ("SOAP 1.2", true)] {
            let result = authenticate(&server.url, &args.soap, soap12, request.clone()).await;
            print_exchanges(label, &server.take_exchanges());
            match result {
                Ok(json) => println!("--- {label}: result ---\n{json}\n"),
                Err(e) => return report_error(&e),
            }
        }
        return ExitCode::SUCCESS;
    }
    let endpoint = args.endpoint.unwrap_or_default();
    match authenticate(&endpoint, &args.soap, args.soap12, request).await {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => report_error(&e),
    }
}
