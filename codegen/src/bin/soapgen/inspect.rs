//! `soapgen inspect`.

use std::path::PathBuf;

use crate::{url_maps, Failure};

#[derive(clap::Args)]
pub struct Args {
    /// The WSDL file (imports are resolved relative to it).
    wsdl: PathBuf,
    /// Map an import URL (or URL prefix ending in '/') to a local file or directory: URL=PATH.
    #[arg(long = "map-url", value_name = "URL=PATH")]
    map_url: Vec<String>,
    /// Load URL mappings from a TSV file (url<TAB>path, or URLMAP.tsv layout).
    #[arg(long = "url-map", value_name = "FILE")]
    url_map: Option<PathBuf>,
    /// Also list the generated types with their fields.
    #[arg(long)]
    types: bool,
    /// Print JSON (for scripts) instead of the listing.
    #[arg(long)]
    json: bool,
    /// Accept undefined references (each becomes a warning).
    #[arg(long)]
    lenient: bool,
}

pub fn run(a: Args) -> Result<(), Failure> {
    let b = soapgen::Builder::new().lenient(a.lenient);
    let b = url_maps(b, &a.map_url, a.url_map.as_deref())?;
    let ins = b
        .inspect(&a.wsdl)
        .map_err(|e| Failure::Failed(e.to_string()))?;
    if a.json {
        print!("{}", ins.to_json(a.types));
    } else {
        for w in ins.warnings() {
            eprintln!("warning: {w}");
        }
        print!("{}", ins.to_text(a.types));
    }
    Ok(())
}
