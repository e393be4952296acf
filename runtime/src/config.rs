//! Client settings: HTTP behaviour, timeouts and the limits applied to every response.

use std::fmt;
use std::time::Duration;

use crate::auth::{Auth, Secret};
use crate::xml::Limits;

/// Settings of a [`crate::Client`], set through [`crate::ClientBuilder`] or the chainable
/// methods here.
///
/// ```
/// use std::time::Duration;
/// let opts = soapgen_runtime::Options::default()
///     .timeout(Duration::from_secs(20))
///     .max_depth(64);
/// assert_eq!(opts.limits.max_depth, 64);
/// assert_eq!(opts.max_response_bytes, 16 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Largest accepted response body in bytes, after de-chunking (default 16 MiB).
    /// Enforced while the body streams in; a larger declared `Content-Length` is
    /// rejected before anything is read.
    pub max_response_bytes: usize,
    /// The XML reader's limits (nesting depth, attributes, name length).
    pub limits: Limits,
    /// Follow HTTP redirects (default `false`: a 3xx is an [`crate::Error::HttpStatus`]).
    /// When `true`, only 307 and 308 (which keep the method and body) are followed, at most
    /// 10 times; 301, 302 and 303 would turn the POST into a GET and stay errors.
    pub follow_redirects: bool,
    /// Log request and response envelopes with `tracing` at debug level, with sensitive
    /// values redacted (default `false`).
    pub log_envelopes: bool,
    /// Case-insensitive fragments of element and attribute local names whose values are
    /// secrets: redacted in logged envelopes and in what errors show of a response (body
    /// excerpts, the value a decode error found). Default
    /// [`DEFAULT_SENSITIVE_NAMES`](crate::DEFAULT_SENSITIVE_NAMES).
    pub sensitive_names: Vec<String>,
    /// Total time allowed for one call, from sending to the end of decoding
    /// (default 100 s; `None` = no limit).
    pub timeout: Option<Duration>,
    /// Time allowed to establish the connection (default 30 s; `None` = no limit).
    pub connect_timeout: Option<Duration>,
    /// The `User-Agent` header (default `soapgen-runtime/<version>`; `None`: none sent).
    pub user_agent: Option<String>,
    /// Headers sent with every request (after the SOAP headers; names are not checked for
    /// duplicates). Per-call headers: [`crate::Client::with_http_header`].
    pub default_headers: Vec<(String, String)>,
    /// The HTTP proxy (default: from the environment, [`Proxy::from_env`]).
    pub proxy: Proxy,
    /// TLS settings (rustls; default: the Mozilla roots of `webpki-roots`, TLS 1.2+).
    pub tls: Tls,
    /// Advertise `Accept-Encoding: gzip, deflate, br` and decode such responses (default
    /// `true`). [`Options::max_response_bytes`] applies to the **decoded** bytes.
    pub compression: bool,
    /// How long an idle pooled connection is kept (default 90 s; `None`: no limit).
    pub pool_idle_timeout: Option<Duration>,
    /// At most this many requests in flight, hence connections, per client (default: no
    /// limit). Further calls wait for a free slot (within their timeout).
    pub max_connections_per_host: Option<usize>,
    /// HTTP authentication (default none). See [`Auth`].
    pub auth: Option<Auth>,
}

/// The HTTP proxy of a client ([`Options::proxy`]).
///
/// `Debug` never shows the password of a proxy URL.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Proxy(pub(crate) ProxyKind);

#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) enum ProxyKind {
    #[default]
    FromEnv,
    Disabled,
    Url {
        url: Secret,
        no_proxy: Option<String>,
    },
}

impl Proxy {
    /// The proxy from the environment: `HTTPS_PROXY` / `https_proxy` for `https` endpoints,
    /// `HTTP_PROXY` / `http_proxy` for `http`, `ALL_PROXY`, and `NO_PROXY` (the default).
    pub fn from_env() -> Proxy {
        Proxy(ProxyKind::FromEnv)
    }

    /// No proxy, whatever the environment says.
    pub fn none() -> Proxy {
        Proxy(ProxyKind::Disabled)
    }

    /// This proxy for every endpoint: `http://host:port` (an `https` endpoint is reached
    /// through `CONNECT`), `https://host:port`, optionally with `user:password@` for Basic
    /// proxy authentication.
    pub fn url(url: impl Into<String>) -> Proxy {
        Proxy(ProxyKind::Url {
            url: Secret::new(url.into()),
            no_proxy: None,
        })
    }

    /// Hosts reached directly: a comma-separated list as in `NO_PROXY` (`localhost`,
    /// `.corp.example`, `10.0.0.0/8`, `*`). Only for [`Proxy::url`].
    pub fn no_proxy(mut self, list: impl Into<String>) -> Proxy {
        if let ProxyKind::Url { no_proxy, .. } = &mut self.0 {
            *no_proxy = Some(list.into());
        }
        self
    }
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            ProxyKind::FromEnv => f.write_str("Proxy::FromEnv"),
            ProxyKind::Disabled => f.write_str("Proxy::None"),
            ProxyKind::Url { url, no_proxy } => f
                .debug_struct("Proxy")
                .field("url", &crate::redact::url_without_userinfo(&url.expose()))
                .field("no_proxy", no_proxy)
                .finish(),
        }
    }
}

/// The lowest TLS version a client accepts ([`Tls`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
#[non_exhaustive]
pub enum TlsVersion {
    /// TLS 1.2 (the default minimum; rustls supports nothing older).
    #[default]
    Tls12,
    /// TLS 1.3 only.
    Tls13,
}

/// TLS settings ([`Options::tls`]); rustls with the `ring` provider.
///
/// `Debug` shows how many root certificates were added and whether a client identity is
/// set, never the key.
#[derive(Clone, PartialEq, Eq)]
pub struct Tls {
    pub(crate) builtin_roots: bool,
    pub(crate) root_pems: Vec<Vec<u8>>,
    pub(crate) identity: Option<(Vec<u8>, Secret)>,
    pub(crate) min_version: TlsVersion,
    pub(crate) accept_invalid_certs: bool,
}

impl Default for Tls {
    fn default() -> Self {
        Tls {
            builtin_roots: true,
            root_pems: Vec::new(),
            identity: None,
            min_version: TlsVersion::Tls12,
            accept_invalid_certs: false,
        }
    }
}

impl fmt::Debug for Tls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tls")
            .field("builtin_roots", &self.builtin_roots)
            .field("extra_root_pems", &self.root_pems.len())
            .field("client_identity", &self.identity.is_some())
            .field("min_version", &self.min_version)
            .field("danger_accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_response_bytes: 16 * 1024 * 1024,
            limits: Limits::default(),
            follow_redirects: false,
            log_envelopes: false,
            sensitive_names: crate::redact::default_patterns(),
            timeout: Some(Duration::from_secs(100)),
            connect_timeout: Some(Duration::from_secs(30)),
            user_agent: Some(concat!("soapgen-runtime/", env!("CARGO_PKG_VERSION")).to_owned()),
            default_headers: Vec::new(),
            proxy: Proxy::default(),
            tls: Tls::default(),
            compression: true,
            pool_idle_timeout: Some(Duration::from_secs(90)),
            max_connections_per_host: None,
            auth: None,
        }
    }
}

impl Options {
    /// The default options (same as [`Default::default`]).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`Options::max_response_bytes`].
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Sets the XML reader's [`Limits`].
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Sets [`Limits::max_depth`].
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.limits.max_depth = depth;
        self
    }

    /// Sets [`Options::follow_redirects`].
    pub fn follow_redirects(mut self, follow: bool) -> Self {
        self.follow_redirects = follow;
        self
    }

    /// Sets [`Options::sensitive_names`] (replacing the defaults; compared ignoring ASCII
    /// case).
    pub fn sensitive_names<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.sensitive_names = names
            .into_iter()
            .map(|s| s.into().to_ascii_lowercase())
            .collect();
        self
    }

    /// Sets [`Options::log_envelopes`].
    pub fn log_envelopes(mut self, log: bool) -> Self {
        self.log_envelopes = log;
        self
    }

    /// Sets [`Options::timeout`] (`None`: no limit).
    pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.timeout = timeout.into();
        self
    }

    /// Sets [`Options::connect_timeout`] (`None`: no limit).
    pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.connect_timeout = timeout.into();
        self
    }

    /// Sets [`Options::user_agent`] (`None`: no `User-Agent` header).
    pub fn user_agent(mut self, user_agent: impl Into<Option<String>>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Adds a header sent with every request ([`Options::default_headers`]).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// Sets [`Options::proxy`].
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.proxy = proxy;
        self
    }

    /// Trusts the CA certificates of a PEM file's content (one or more `CERTIFICATE`
    /// blocks) in addition to the built-in roots.
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.root_pems.push(pem.into());
        self
    }

    /// Whether the built-in Mozilla roots (`webpki-roots`) are trusted (default `true`;
    /// `false`: only [`Options::add_root_certificate_pem`] ones).
    pub fn builtin_roots(mut self, enabled: bool) -> Self {
        self.tls.builtin_roots = enabled;
        self
    }

    /// The client certificate for TLS client authentication: its PEM certificate chain
    /// (leaf first) and PEM private key (PKCS#8, PKCS#1 or SEC1). PKCS#12 is not
    /// supported by rustls: convert it with
    /// `openssl pkcs12 -in id.p12 -nodes -out id.pem` (the file then holds both).
    pub fn client_identity_pem(
        mut self,
        cert_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.tls.identity = Some((cert_pem.into(), Secret::from_bytes(key_pem.into())));
        self
    }

    /// The lowest TLS version accepted (default TLS 1.2).
    pub fn min_tls_version(mut self, version: TlsVersion) -> Self {
        self.tls.min_version = version;
        self
    }

    /// **Dangerous**: accept any server certificate (expired, self-signed, wrong host).
    /// Anyone on the path can then read and change the traffic, credentials included.
    /// For tests against throw-away servers only.
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.tls.accept_invalid_certs = accept;
        self
    }

    /// Sets [`Options::compression`].
    pub fn compression(mut self, enabled: bool) -> Self {
        self.compression = enabled;
        self
    }

    /// Sets [`Options::pool_idle_timeout`].
    pub fn pool_idle_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
        self.pool_idle_timeout = timeout.into();
        self
    }

    /// Sets [`Options::max_connections_per_host`] (at least 1).
    pub fn max_connections_per_host(mut self, max: usize) -> Self {
        self.max_connections_per_host = Some(max.max(1));
        self
    }

    /// Sets [`Options::auth`].
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_within_the_documented_ranges() {
        let o = Options::default();
        assert_eq!(o.max_response_bytes, 16 << 20);
        assert_eq!(o.limits.max_depth, 256);
        assert_eq!(o.limits.max_attributes, 256);
        assert_eq!(o.limits.max_name_len, 1024);
        assert!(!o.follow_redirects);
        assert!(!o.log_envelopes);
        assert!(o.compression && o.tls.builtin_roots && o.auth.is_none());
    }

    #[test]
    fn debug_hides_secrets() {
        let o = Options::default()
            .proxy(Proxy::url("http://pxuser:px-secret@proxy:3128").no_proxy("localhost"))
            .client_identity_pem("CERT", "KEY-SECRET")
            .auth(Auth::basic("u", "basic-secret"));
        let s = format!("{o:?}");
        for secret in ["px-secret", "KEY-SECRET", "basic-secret"] {
            assert!(!s.contains(secret), "{s}");
        }
        assert!(s.contains("proxy:3128"), "{s}");
    }
}
