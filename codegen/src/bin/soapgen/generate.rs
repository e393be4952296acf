//! `soapgen generate`.

use std::path::PathBuf;

use crate::{key_value, url_maps, Failure};

#[derive(clap::Args)]
pub struct Args {
    /// The WSDL file (imports are resolved relative to it).
    wsdl: PathBuf,
    /// Write the module here instead of standard output (a directory:
    /// `<module>.rs` inside it).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// The module name (default: the WSDL file stem in snake_case).
    #[arg(long, value_name = "NAME")]
    module: Option<String>,
    /// Add outer attributes to the type for an XML name (repeatable):
    /// '{urn:shop}Order=#[non_exhaustive]'.
    #[arg(long = "type-attribute", value_name = "{NS}LOCAL=ATTRS")]
    type_attribute: Vec<String>,
    /// Add derives to the type for an XML name (repeatable):
    /// '{urn:shop}Order=Eq,Hash'.
    #[arg(long, value_name = "{NS}LOCAL=TRAIT,...")]
    derive: Vec<String>,
    /// Rename the type for an XML name (repeatable): '{urn:shop}Order=PurchaseOrder'.
    #[arg(long = "rename-type", value_name = "{NS}LOCAL=NAME")]
    rename_type: Vec<String>,
    /// Rename a field (element or attribute by local name) of the type for
    /// an XML name (repeatable): '{urn:shop}Order/orderId=id'.
    #[arg(long = "rename-field", value_name = "{NS}LOCAL/FIELD=NAME")]
    rename_field: Vec<String>,
    /// Use your own type for a schema type (repeatable; it implements
    /// Encode/Decode, and TextValue for simple types): '{urn:shop}Money=crate::money::Money'.
    #[arg(long = "extern-type", value_name = "{NS}LOCAL=PATH")]
    extern_type: Vec<String>,
    /// Map an import URL (or URL prefix ending in '/') to a local file or directory: URL=PATH.
    #[arg(long = "map-url", value_name = "URL=PATH")]
    map_url: Vec<String>,
    /// Load URL mappings from a TSV file (url<TAB>path, or URLMAP.tsv layout).
    #[arg(long = "url-map", value_name = "FILE")]
    url_map: Option<PathBuf>,
    /// Derive serde Serialize/Deserialize on generated types.
    #[arg(long)]
    serde: bool,
    /// Also generate a service trait and an HTTP handler per port (a mock
    /// server; needs soapgen-runtime's `server` feature).
    #[arg(long)]
    server: bool,
    /// Path of the runtime crate in generated code.
    #[arg(long, default_value = "::soapgen_runtime")]
    runtime_path: String,
    /// Do not pass the output through rustfmt (by default it is, when
    /// rustfmt is installed, so `cargo fmt` leaves the file alone).
    #[arg(long)]
    no_rustfmt: bool,
    /// Generate despite undefined references (each becomes a warning).
    #[arg(long)]
    lenient: bool,
    /// Only generate clients for these services (repeatable).
    #[arg(long = "service")]
    services: Vec<String>,
}

pub fn run(a: Args) -> Result<(), Failure> {
    let b = soapgen::Builder::new()
        .serde(a.serde)
        .server(a.server)
        .runtime_path(a.runtime_path)
        .lenient(a.lenient)
        .services(a.services);
    let mut b = url_maps(b, &a.map_url, a.url_map.as_deref())?;
    for s in &a.type_attribute {
        let (k, v) = key_value("--type-attribute", s)?;
        b = b.type_attribute(k, v);
    }
    for s in &a.derive {
        let (k, v) = key_value("--derive", s)?;
        b = b.derive(k, v.split(',').map(str::trim));
    }
    for s in &a.rename_type {
        let (k, v) = key_value("--rename-type", s)?;
        b = b.rename_type(k, v);
    }
    for s in &a.rename_field {
        let (k, v) = key_value("--rename-field", s)?;
        let after = k.rfind('}').map_or(0, |i| i + 1);
        let Some(slash) = k[after..].rfind('/').map(|i| after + i) else {
            return Err(Failure::Usage(format!(
                "--rename-field expects {{namespace}}Local/field=NAME, got `{s}`"
            )));
        };
        b = b.rename_field(&k[..slash], &k[slash + 1..], v);
    }
    for s in &a.extern_type {
        let (k, v) = key_value("--extern-type", s)?;
        b = b.extern_type(k, v);
    }
    if let Some(m) = a.module {
        b = b.module_name(&a.wsdl, m);
    }
    // Without rustfmt the module stays as prettyplease formats it, and a
    // generator warning says so.
    let g = b
        .rustfmt(!a.no_rustfmt)
        .generate(&a.wsdl)
        .map_err(|e| Failure::Failed(e.to_string()))?;
    for w in &g.warnings {
        eprintln!("warning: {w}");
    }
    match a.output {
        Some(dir) if dir.is_dir() => {
            let path = dir.join(format!("{}.rs", g.module));
            std::fs::write(&path, &g.code)
                .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display())))
        }
        Some(path) => std::fs::write(&path, &g.code)
            .map_err(|e| Failure::Failed(format!("cannot write {}: {e}", path.display()))),
        None => {
            print!("{}", g.code);
            Ok(())
        }
    }
}
