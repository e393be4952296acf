//! The HTTP flags shared by `sajan` and `sejour` (flattened into both) and the client
//! builder they configure (see [`super::client`]).

use std::path::{Path, PathBuf};
use std::time::Duration;

use soapgen_runtime::{Auth, Client, ClientBuilder, Proxy};

/// HTTP, TLS and authentication settings of a call.
#[derive(clap::Args, Clone, Default)]
pub struct HttpArgs {
    /// Call through the generated blocking client (no async runtime in the caller).
    #[arg(long)]
    pub blocking: bool,
    /// Whole-call timeout in seconds (default 100).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
    /// HTTP Basic authentication.
    #[arg(long, value_name = "USER:PASS", group = "auth")]
    pub http_basic: Option<String>,
    /// HTTP Digest authentication (RFC 7616: SHA-256 or MD5).
    #[arg(long, value_name = "USER:PASS", group = "auth")]
    pub http_digest: Option<String>,
    /// `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "TOKEN", group = "auth")]
    pub http_bearer: Option<String>,
    /// NTLM (NTLMv2) authentication, as IIS Windows authentication asks for.
    #[arg(long, value_name = "[DOMAIN\\]USER:PASS", group = "auth")]
    pub ntlm: Option<String>,
    /// HTTP proxy URL (https endpoints go through CONNECT); default: HTTPS_PROXY/HTTP_PROXY.
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
    /// Also trust the CA certificates of this PEM file.
    #[arg(long, value_name = "PEM")]
    pub ca_cert: Option<PathBuf>,
    /// TLS client certificate (PEM; with --client-key).
    #[arg(long, value_name = "PEM", requires = "client_key")]
    pub client_cert: Option<PathBuf>,
    /// Private key of --client-cert (PEM).
    #[arg(long, value_name = "PEM", requires = "client_cert")]
    pub client_key: Option<PathBuf>,
    /// An extra HTTP header, `Name: value` (repeatable).
    #[arg(long = "http-header", value_name = "NAME: VALUE")]
    pub http_headers: Vec<String>,
}

/// `USER:PASS` split at the first `:` (a password may contain `:`).
fn user_pass(flag: &str, v: &str) -> Result<(String, String), String> {
    v.split_once(':')
        .map(|(u, p)| (u.to_owned(), p.to_owned()))
        .ok_or_else(|| format!("{flag} expects USER:PASS"))
}

fn read(flag: &str, path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{flag} {}: {e}", path.display()))
}

impl HttpArgs {
    /// The authentication the flags ask for, if any. Errors never repeat a password.
    pub fn auth(&self) -> Result<Option<Auth>, String> {
        if let Some(v) = &self.http_basic {
            let (u, p) = user_pass("--http-basic", v)?;
            return Ok(Some(Auth::basic(u, p)));
        }
        if let Some(v) = &self.http_digest {
            let (u, p) = user_pass("--http-digest", v)?;
            return Ok(Some(Auth::digest(u, p)));
        }
        if let Some(t) = &self.http_bearer {
            return Ok(Some(Auth::bearer(t.clone())));
        }
        if let Some(v) = &self.ntlm {
            let (u, p) = user_pass("--ntlm", v)?;
            return Ok(Some(Auth::ntlm(None::<String>, u, p)));
        }
        Ok(None)
    }

    /// A client builder for `endpoint` configured by the flags.
    pub fn builder(&self, endpoint: &str) -> Result<ClientBuilder, String> {
        let mut b = Client::builder(endpoint);
        if let Some(secs) = self.timeout {
            let t =
                Duration::try_from_secs_f64(secs).map_err(|e| format!("--timeout {secs}: {e}"))?;
            b = b.timeout(t);
        }
        if let Some(auth) = self.auth()? {
            b = b.auth(auth);
        }
        if let Some(url) = &self.proxy {
            b = b.proxy(Proxy::url(url.clone()));
        }
        if let Some(path) = &self.ca_cert {
            b = b.add_root_certificate_pem(read("--ca-cert", path)?);
        }
        if let (Some(cert), Some(key)) = (&self.client_cert, &self.client_key) {
            b = b.client_identity_pem(read("--client-cert", cert)?, read("--client-key", key)?);
        }
        for h in &self.http_headers {
            let (name, value) = h
                .split_once(':')
                .ok_or_else(|| format!("--http-header `{h}`: expected `Name: value`"))?;
            b = b.default_header(name.trim(), value.trim());
        }
        Ok(b)
    }
}
