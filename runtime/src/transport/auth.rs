//! HTTP authentication around any [`Transport`]: Basic and Bearer headers on every
//! request; Digest answers the server's 401 challenge once per call and reuses the nonce
//! (with an increasing nonce count) for the next calls. A 401 that remains is returned
//! as is: the client turns it into [`crate::Error::Unauthorized`]. NTLM has its own
//! transport (`super::ntlm`), because it authenticates a connection.

use std::sync::{Arc, Mutex};

use super::{HttpRequest, HttpResponse, SendFuture, Transport};
use crate::auth::challenge;
use crate::auth::digest::{cnonce, DigestChallenge};
use crate::auth::{Auth, Scheme};
use crate::error::Error;

/// A transport that adds [`Auth`] to the requests of another.
pub(crate) struct Authenticating {
    inner: Arc<dyn Transport>,
    auth: Auth,
    /// The last Digest challenge and the nonce count used with it.
    digest: Mutex<Option<(DigestChallenge, u32)>>,
}

impl Authenticating {
    pub fn new(inner: Arc<dyn Transport>, auth: Auth) -> Self {
        Authenticating {
            inner,
            auth,
            digest: Mutex::new(None),
        }
    }

    async fn send_impl(&self, mut request: HttpRequest) -> Result<HttpResponse, Error> {
        if let Some(value) = self.auth.preemptive() {
            request.headers.push(("Authorization".into(), value));
            return self.inner.send(request).await;
        }
        let Scheme::Digest { user, password } = &self.auth.0 else {
            return self.inner.send(request).await;
        };
        let uri = request_target(&request.url);
        let answer = |ch: &DigestChallenge, nc: u32| -> Result<(String, String), Error> {
            let cnonce = cnonce().map_err(|message| Error::Transport { message })?;
            let value = ch.authorization(user, &password.expose(), "POST", &uri, nc, &cnonce);
            Ok(("Authorization".into(), value))
        };
        // Reuse the last nonce when there is one (saves a round trip per call).
        let cached = self.next_nonce_use();
        let mut first = request.clone();
        if let Some((ch, nc)) = &cached {
            first.headers.push(answer(ch, *nc)?);
        }
        let response = self.inner.send(first).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let offered: Vec<String> = response
            .header_values("www-authenticate")
            .map(str::to_owned)
            .collect();
        let Ok(ch) = DigestChallenge::choose(&challenge::parse(&offered)) else {
            return Ok(response); // nothing to answer: the client reports the 401
        };
        self.remember(ch.clone(), 1);
        request.headers.push(answer(&ch, 1)?);
        self.inner.send(request).await
    }

    /// The cached challenge with its next nonce count.
    fn next_nonce_use(&self) -> Option<(DigestChallenge, u32)> {
        let mut guard = self.digest.lock().unwrap_or_else(|p| p.into_inner());
        let (ch, nc) = guard.as_mut()?;
        *nc = nc.checked_add(1)?;
        Some((ch.clone(), *nc))
    }

    fn remember(&self, ch: DigestChallenge, nc: u32) {
        let mut guard = self.digest.lock().unwrap_or_else(|p| p.into_inner());
        *guard = Some((ch, nc));
    }
}

impl Transport for Authenticating {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(self.send_impl(request))
    }
}

/// The request target (path and query) of `url`, as Digest's `uri` parameter.
pub(crate) fn request_target(url: &str) -> String {
    match reqwest::Url::parse(url) {
        Ok(u) => match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_owned(),
        },
        Err(_) => "/".to_owned(),
    }
}
