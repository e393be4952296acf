//! NTLM over HTTP: NTLM authenticates a TCP connection, not a request, so the three
//! messages and the calls after them must use one connection. reqwest's pool cannot
//! promise that (any idle connection may serve the next request), so this transport owns
//! one HTTP/1.1 connection (hyper `client::conn::http1`, plain TCP or rustls with the
//! client's TLS configuration), sends the calls of its client over it one at a time, and
//! runs the handshake again on a new connection when the server closes it or answers 401.
//! Explicit proxies are not supported with NTLM (the client builder says so).

use std::sync::Arc;

use base64::Engine as _;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;

use super::{HttpRequest, HttpResponse, SendFuture, Transport};
use crate::auth::challenge;
use crate::auth::ntlm::Handshake;
use crate::auth::Secret;
use crate::error::Error;

/// The NTLM transport of one client.
pub(crate) struct NtlmTransport {
    domain: Option<String>,
    user: String,
    password: Secret,
    tls: Arc<rustls::ClientConfig>,
    connect_timeout: Option<std::time::Duration>,
    /// The authenticated connection, if any; the lock serialises the calls.
    conn: tokio::sync::Mutex<Option<SendRequest<Full<Bytes>>>>,
}

impl NtlmTransport {
    pub fn new(
        domain: Option<String>,
        user: String,
        password: Secret,
        tls: rustls::ClientConfig,
        connect_timeout: Option<std::time::Duration>,
    ) -> Self {
        NtlmTransport {
            domain,
            user,
            password,
            tls: Arc::new(tls),
            connect_timeout,
            conn: tokio::sync::Mutex::new(None),
        }
    }

    async fn send_impl(&self, request: HttpRequest) -> Result<HttpResponse, Error> {
        let mut conn = self.conn.lock().await;
        // An authenticated connection serves the call as is.
        if let Some(sender) = conn.as_mut() {
            if sender.ready().await.is_ok() {
                if let Ok(r) = send(sender, &request, None).await {
                    if r.status != 401 {
                        return Ok(r);
                    }
                }
            }
        }
        *conn = None;
        let url = reqwest::Url::parse(&request.url).map_err(|e| Error::Transport {
            message: format!("invalid endpoint URL: {e}"),
        })?;
        let host = url.host_str().unwrap_or_default().to_owned();
        let mut sender = self.connect(&url, &host).await?;
        let (mut handshake, negotiate) = Handshake::start(
            self.domain.as_deref(),
            &self.user,
            &self.password.expose(),
            &host,
        )
        .map_err(|message| Error::Transport { message })?;
        let first = send(&mut sender, &request, Some(&negotiate)).await?;
        if first.status != 401 {
            *conn = Some(sender); // the server did not ask for authentication
            return Ok(first);
        }
        let offered: Vec<String> = first
            .header_values("www-authenticate")
            .map(str::to_owned)
            .collect();
        let token = challenge::parse(&offered)
            .into_iter()
            .find(|c| c.is("NTLM"))
            .and_then(|c| c.token)
            .and_then(|t| base64::engine::general_purpose::STANDARD.decode(t).ok());
        let Some(token) = token else {
            return Ok(first); // no NTLM challenge: the client reports the 401
        };
        let authenticate = handshake
            .authenticate(&token)
            .map_err(|message| Error::Transport { message })?;
        let response = send(&mut sender, &request, Some(&authenticate)).await?;
        if response.status != 401 {
            *conn = Some(sender);
        }
        Ok(response)
    }

    async fn connect(
        &self,
        url: &reqwest::Url,
        host: &str,
    ) -> Result<SendRequest<Full<Bytes>>, Error> {
        let port = url.port_or_known_default().unwrap_or(80);
        let tcp = tokio::net::TcpStream::connect((host.trim_matches(['[', ']']), port));
        let tcp = match self.connect_timeout {
            Some(t) => tokio::time::timeout(t, tcp)
                .await
                .map_err(|_| Error::Timeout {
                    message: format!("connecting to {host}:{port} took more than {t:?}"),
                })?,
            None => tcp.await,
        }
        .map_err(|e| Error::Connect {
            message: format!("{host}:{port}: {e}"),
        })?;
        if url.scheme() == "https" {
            let name = rustls::pki_types::ServerName::try_from(host.to_owned()).map_err(|e| {
                Error::Tls {
                    message: format!("invalid server name `{host}`: {e}"),
                }
            })?;
            let tls = tokio_rustls::TlsConnector::from(self.tls.clone())
                .connect(name, tcp)
                .await
                .map_err(|e| Error::Tls {
                    message: format!("{host}:{port}: {e}"),
                })?;
            handshake(TokioIo::new(tls)).await
        } else {
            handshake(TokioIo::new(tcp)).await
        }
    }
}

async fn handshake<T>(io: T) -> Result<SendRequest<Full<Bytes>>, Error>
where
    T: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let (sender, connection) = http1::handshake(io).await.map_err(|e| Error::Connect {
        message: format!("HTTP/1.1 handshake: {e}"),
    })?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Sends `request` on `sender`, with `Authorization: NTLM <token>` when given.
async fn send(
    sender: &mut SendRequest<Full<Bytes>>,
    request: &HttpRequest,
    token: Option<&[u8]>,
) -> Result<HttpResponse, Error> {
    let url = reqwest::Url::parse(&request.url).map_err(|e| Error::Transport {
        message: format!("invalid endpoint URL: {e}"),
    })?;
    let authority = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_owned(),
    };
    let mut builder = hyper::Request::post(super::auth::request_target(&request.url))
        .header(hyper::header::HOST, authority);
    for (name, value) in &request.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    if let Some(t) = token {
        let value = format!(
            "NTLM {}",
            base64::engine::general_purpose::STANDARD.encode(t)
        );
        builder = builder.header(hyper::header::AUTHORIZATION, value);
    }
    let req = builder
        .body(Full::new(Bytes::from(request.body.clone())))
        .map_err(|e| Error::Transport {
            message: format!("invalid request: {e}"),
        })?;
    sender.ready().await.map_err(|e| Error::Connect {
        message: format!("connection closed: {e}"),
    })?;
    let response = sender.send_request(req).await.map_err(|e| {
        if e.is_parse() || e.is_parse_status() {
            Error::HttpProtocol {
                message: e.to_string(),
            }
        } else {
            Error::Transport {
                message: e.to_string(),
            }
        }
    })?;
    let status = response.status().as_u16();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let content_type = headers
        .iter()
        .find(|(n, _)| n == "content-type")
        .map(|(_, v)| v.clone());
    let limit = request.max_response_bytes;
    let body = Limited::new(response.into_body(), limit)
        .collect()
        .await
        .map_err(|e| {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                Error::ResponseTooLarge {
                    limit,
                    declared: None,
                }
            } else {
                Error::TruncatedBody {
                    message: e.to_string(),
                }
            }
        })?
        .to_bytes();
    Ok(HttpResponse {
        status,
        content_type,
        headers,
        body,
    })
}

impl Transport for NtlmTransport {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(self.send_impl(request))
    }
}
