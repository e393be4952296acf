//! `soapgen`: the command, a thin shell over the library —
//! `generate` ([`soapgen::Builder`]), `fetch` ([`soapgen::fetch`]) and
//! `inspect` ([`soapgen::Builder::inspect`]).

mod fetch;
mod generate;
mod inspect;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generate typed Rust SOAP clients from WSDL 1.1.
#[derive(Parser)]
#[command(name = "soapgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate one self-contained, formatted Rust module from a WSDL.
    Generate(generate::Args),
    /// Download a WSDL and every document it imports (WCF ?wsdl, ?xsd=xsd0,
    /// ...) into a directory with a URLMAP.tsv, for offline generation;
    /// prints the entry file.
    Fetch(fetch::Args),
    /// Show what a WSDL offers: services, ports, operations with their Rust
    /// signatures and the XML shapes of their messages.
    Inspect(inspect::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Generate(a) => generate::run(a),
        Command::Fetch(a) => fetch::run(a),
        Command::Inspect(a) => inspect::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Failed(m)) => {
            eprintln!("error: {m}");
            ExitCode::FAILURE
        }
    }
}

/// Why a command failed.
enum Failure {
    /// Bad arguments (exit code 2).
    Usage(String),
    /// The work failed (exit code 1).
    Failed(String),
}

/// Splits a customisation argument `{namespace}Local=VALUE` (the namespace
/// may itself contain `=`).
fn key_value<'a>(option: &str, s: &'a str) -> Result<(&'a str, &'a str), Failure> {
    let from = if s.starts_with('{') {
        s.find('}').unwrap_or(0)
    } else {
        0
    };
    s[from..]
        .find('=')
        .map(|i| (&s[..from + i], &s[from + i + 1..]))
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{option} expects {{namespace}}Local=VALUE, got `{s}`"
            ))
        })
}

/// Adds `--map-url URL=PATH` and `--url-map TSV` to a builder.
fn url_maps(
    mut b: soapgen::Builder,
    map_url: &[String],
    url_map: Option<&std::path::Path>,
) -> Result<soapgen::Builder, Failure> {
    for m in map_url {
        let Some((url, path)) = m.split_once('=') else {
            return Err(Failure::Usage(format!(
                "--map-url expects URL=PATH, got `{m}`"
            )));
        };
        b = b.map_url(url, path);
    }
    if let Some(f) = url_map {
        b = b
            .url_map_file(f)
            .map_err(|e| Failure::Failed(e.to_string()))?;
    }
    Ok(b)
}
