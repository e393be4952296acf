//! `soapgen fetch`.

use std::path::PathBuf;
use std::time::Duration;

use soapgen::fetch::FetchOptions;

use crate::Failure;

#[derive(clap::Args)]
pub struct Args {
    /// The WSDL's URL (http or https), e.g. `https://host/Service.svc?wsdl`.
    url: String,
    /// The directory to write the documents and URLMAP.tsv into.
    #[arg(short, long)]
    output: PathBuf,
    /// Largest accepted document, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_bytes: u64,
    /// Most documents fetched.
    #[arg(long, default_value_t = 500)]
    max_files: usize,
    /// Deepest import chain below the entry.
    #[arg(long, default_value_t = 32)]
    max_depth: usize,
    /// Timeout of one request, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Timeout of the whole fetch, in seconds.
    #[arg(long, default_value_t = 300)]
    total_timeout: u64,
    /// Also trust the root certificates in this PEM file (repeatable).
    #[arg(long = "ca-cert", value_name = "PEM")]
    ca_certs: Vec<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Failure> {
    let mut opts = FetchOptions::default();
    opts.max_bytes = a.max_bytes;
    opts.max_files = a.max_files;
    opts.max_depth = a.max_depth;
    opts.timeout = Duration::from_secs(a.timeout);
    opts.total_timeout = Duration::from_secs(a.total_timeout);
    for f in &a.ca_certs {
        let pem = std::fs::read(f)
            .map_err(|e| Failure::Usage(format!("cannot read {}: {e}", f.display())))?;
        opts.root_certificates.push(pem);
    }
    let got = soapgen::fetch::fetch(&a.url, &a.output, &opts)
        .map_err(|e| Failure::Failed(e.to_string()))?;
    for w in &got.warnings {
        eprintln!("warning: {w}");
    }
    let bytes: usize = got.documents.iter().map(|d| d.bytes).sum();
    eprintln!(
        "fetched {} documents ({bytes} bytes) into {}; generate with: soapgen generate {} --url-map {}",
        got.documents.len(),
        a.output.display(),
        got.entry.display(),
        got.url_map.display()
    );
    println!("{}", got.entry.display());
    Ok(())
}
