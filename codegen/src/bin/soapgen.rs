//! `soapgen`: the one-off generation command, a thin shell over
//! [`soapgen::Builder`].

use std::path::PathBuf;
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
    Generate {
        /// The WSDL file (imports are resolved relative to it).
        wsdl: PathBuf,
        /// Write the module here instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Map an import URL (or URL prefix ending in '/') to a local file or directory: URL=PATH.
        #[arg(long = "map-url", value_name = "URL=PATH")]
        map_url: Vec<String>,
        /// Load URL mappings from a TSV file (url<TAB>path, or URLMAP.tsv layout).
        #[arg(long = "url-map", value_name = "FILE")]
        url_map: Option<PathBuf>,
        /// Derive serde Serialize/Deserialize on generated types.
        #[arg(long)]
        serde: bool,
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
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            wsdl,
            output,
            map_url,
            url_map,
            serde,
            runtime_path,
            no_rustfmt,
            lenient,
            services,
        } => {
            let mut b = soapgen::Builder::new()
                .serde(serde)
                .runtime_path(runtime_path)
                .lenient(lenient)
                .services(services);
            for m in map_url {
                let Some((url, path)) = m.split_once('=') else {
                    eprintln!("error: --map-url expects URL=PATH, got `{m}`");
                    return ExitCode::from(2);
                };
                b = b.map_url(url, path);
            }
            if let Some(f) = url_map {
                b = match b.url_map_file(&f) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                };
            }
            let with_rustfmt = !no_rustfmt && soapgen::rustfmt("").is_ok();
            if !no_rustfmt && !with_rustfmt {
                eprintln!(
                    "warning: rustfmt not found: the module is formatted by prettyplease only"
                );
            }
            let b = b.rustfmt(with_rustfmt);
            let g = match b.generate(&wsdl) {
                Ok(g) => g,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::FAILURE;
                }
            };
            for w in &g.warnings {
                eprintln!("warning: {w}");
            }
            match output {
                Some(path) => {
                    if let Err(e) = std::fs::write(&path, &g.code) {
                        eprintln!("error: cannot write {}: {e}", path.display());
                        return ExitCode::FAILURE;
                    }
                }
                None => print!("{}", g.code),
            }
            ExitCode::SUCCESS
        }
    }
}
