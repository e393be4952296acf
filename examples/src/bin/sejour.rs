//! Calls `Logout` on a Sejour `Authentication.asmx` and prints `{}`.

use std::process::ExitCode;

use clap::Parser;
use examples::cli::soap::SoapArgs;
use examples::cli::{print_exchanges, report_error};
use examples::sejour::{AuthenticationSoap, AuthenticationSoap12};
use examples::server::Server;

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
    soap: SoapArgs,
}

async fn logout(
    endpoint: &str,
    soap: &SoapArgs,
    soap12: bool,
    token: &str,
) -> Result<(), soapgen_runtime::Error> {
    let builder = soap
        .apply(soapgen_runtime::Client::builder(endpoint))
        .map_err(|message| soapgen_runtime::Error::InvalidHeader { message })?;
    let client = builder.build()?;
    if soap12 {
        AuthenticationSoap12::from_client(client)
            .logout(Some(token.to_string()))
            .await
    } else {
        AuthenticationSoap::from_client(client)
            .logout(Some(token.to_string()))
            .await
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    if args.demo {
        let server = match Server::seed("/sws/Authentication.asmx").await {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: cannot start the demo server: {e}");
                return ExitCode::from(1);
            }
        };
        for (label, soap12) in [("SOAP 1.1", false), ("SOAP 1.2", true)] {
            let result = logout(&server.url, &args.soap, soap12, &args.token).await;
            print_exchanges(label, &server.take_exchanges());
            match result {
                Ok(()) => println!("--- {label}: result ---\n{{}}\n"),
                Err(e) => return report_error(&e),
            }
        }
        return ExitCode::SUCCESS;
    }
    match logout(
        &args.endpoint.clone().unwrap_or_default(),
        &args.soap,
        args.soap12,
        &args.token,
    )
    .await
    {
        Ok(()) => {
            println!("{{}}");
            ExitCode::SUCCESS
        }
        Err(e) => report_error(&e),
    }
}
