//! The HTTP side of a client: the builder's HTTP settings, the choice of transport
//! (reqwest, or the dedicated NTLM connection; Basic/Bearer/Digest around it), the HTTP
//! headers of every request, the timeout over the exchange (authentication round trips
//! included; decoding has it as `Limits::deadline`) and the typed 401.

use std::sync::Arc;

use super::{Client, ClientBuilder, Operation};
use crate::auth::{challenge, Auth, Scheme};
use crate::config::{Options, Proxy, ProxyKind, TlsVersion};
use crate::error::Error;
use crate::redact;
use crate::soap;
use crate::transport::{Authenticating, HttpRequest, HttpResponse, ReqwestTransport, Transport};

impl ClientBuilder {
    /// The `User-Agent` header ([`Options::user_agent`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.options.user_agent = Some(user_agent.into());
        self
    }

    /// Adds an HTTP header sent with every request ([`Options::default_headers`]).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options = self.options.default_header(name, value);
        self
    }

    /// The HTTP proxy ([`Options::proxy`]; default: from the environment).
    pub fn proxy(mut self, proxy: Proxy) -> Self {
        self.options.proxy = proxy;
        self
    }

    /// Trusts the CA certificates of this PEM content too
    /// ([`Options::add_root_certificate_pem`]).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.options = self.options.add_root_certificate_pem(pem);
        self
    }

    /// The TLS client certificate chain and key, PEM ([`Options::client_identity_pem`]).
    pub fn client_identity_pem(
        mut self,
        cert_pem: impl Into<Vec<u8>>,
        key_pem: impl Into<Vec<u8>>,
    ) -> Self {
        self.options = self.options.client_identity_pem(cert_pem, key_pem);
        self
    }

    /// The lowest TLS version accepted ([`Options::min_tls_version`]).
    pub fn min_tls_version(mut self, version: TlsVersion) -> Self {
        self.options = self.options.min_tls_version(version);
        self
    }

    /// **Dangerous**: accept any server certificate
    /// ([`Options::danger_accept_invalid_certs`]).
    pub fn danger_accept_invalid_certs(mut self, accept: bool) -> Self {
        self.options = self.options.danger_accept_invalid_certs(accept);
        self
    }

    /// HTTP authentication ([`Auth`]).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.options.auth = Some(auth);
        self
    }
}

/// The transport for `options`: `custom` or the default one (reqwest, or the dedicated
/// NTLM connection), wrapped with Basic/Bearer/Digest authentication when configured.
/// Fails on unreadable PEM, an invalid proxy URL, NTLM with an explicit proxy or a custom
/// transport or without the `ntlm` feature.
pub(super) fn transport_for(
    options: &Options,
    custom: Option<Arc<dyn Transport>>,
) -> Result<Arc<dyn Transport>, Error> {
    if let Some(Auth(Scheme::Ntlm {
        domain,
        user,
        password,
    })) = &options.auth
    {
        if custom.is_some() {
            return Err(Error::Transport {
                message: "NTLM authentication needs the built-in transport".into(),
            });
        }
        if matches!(options.proxy.0, ProxyKind::Url { .. }) {
            return Err(Error::Transport {
                message: "NTLM authentication through an explicit proxy is not supported".into(),
            });
        }
        #[cfg(feature = "ntlm")]
        {
            let tls = crate::transport::tls_config(&options.tls)?;
            return Ok(Arc::new(crate::transport::NtlmTransport::new(
                domain.clone(),
                user.clone(),
                password.clone(),
                tls,
                options.connect_timeout,
            )));
        }
        #[cfg(not(feature = "ntlm"))]
        {
            let _ = (domain, user, password);
            return Err(Error::Transport {
                message: "NTLM authentication needs the `ntlm` feature of soapgen-runtime".into(),
            });
        }
    }
    let base: Arc<dyn Transport> = match custom {
        Some(t) => t,
        None => Arc::new(ReqwestTransport::new(options)?),
    };
    Ok(match &options.auth {
        Some(auth) => Arc::new(Authenticating::new(base, auth.clone())),
        None => base,
    })
}

impl Client {
    /// A client that also sends the HTTP header `name: value` with its requests, sharing
    /// this client's connections: per-call HTTP headers are
    /// `Port::from_client(client.with_http_header("X-Request-Id", id)).operation(..)`.
    pub fn with_http_header(&self, name: impl Into<String>, value: impl Into<String>) -> Client {
        let mut inner = (*self.inner).clone();
        inner.ext.http_headers.push((name.into(), value.into()));
        Client {
            inner: Arc::new(inner),
        }
    }

    /// `User-Agent`, the default headers and the per-client ones, after the SOAP headers.
    pub(super) fn add_http_headers(&self, headers: &mut Vec<(String, String)>) {
        let options = &self.inner.options;
        if let Some(ua) = &options.user_agent {
            headers.push(("User-Agent".into(), ua.clone()));
        }
        headers.extend(options.default_headers.iter().cloned());
        headers.extend(self.inner.ext.http_headers.iter().cloned());
    }

    /// Sends `request` under the whole-call timeout (authentication round trips
    /// included); a 401 that is not a SOAP fault is [`Error::Unauthorized`].
    pub(super) async fn send_http(
        &self,
        op: &Operation,
        request: HttpRequest,
    ) -> Result<HttpResponse, Error> {
        let options = &self.inner.options;
        let sent = self.inner.transport.send(request);
        let response = match options.timeout {
            Some(t) => tokio::time::timeout(t, sent)
                .await
                .map_err(|_| Error::Timeout {
                    message: format!("no complete response within {t:?}"),
                })??,
            None => sent.await?,
        };
        if response.status == 401 && soap::probe_fault(&response.body, &options.limits).is_none() {
            return Err(self.unauthorized(op, &response));
        }
        Ok(response)
    }

    /// The typed error of a 401 that authentication did not resolve.
    fn unauthorized(&self, op: &Operation, response: &HttpResponse) -> Error {
        let values: Vec<String> = response
            .header_values("www-authenticate")
            .map(str::to_owned)
            .collect();
        let challenges = challenge::parse(&values);
        let offered = challenge::schemes(&challenges);
        let reason = match &self.inner.options.auth {
            None => "no credentials are configured".to_owned(),
            Some(auth)
                if !offered
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(auth.scheme())) =>
            {
                format!(
                    "the client is configured for {} authentication, which the server does not offer",
                    auth.scheme()
                )
            }
            Some(Auth(Scheme::Digest { .. })) => {
                match crate::auth::digest::DigestChallenge::choose(&challenges) {
                    Ok(_) => "the server refused the Digest credentials".to_owned(),
                    Err(why) => why,
                }
            }
            Some(auth) => format!("the server refused the {} credentials", auth.scheme()),
        };
        Error::Unauthorized {
            operation: op.name,
            endpoint: redact::url_without_userinfo(&self.inner.endpoint),
            offered,
            reason,
        }
    }
}
