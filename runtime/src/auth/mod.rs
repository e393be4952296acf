//! HTTP authentication: [`Auth`] (what the user configures), `WWW-Authenticate` parsing,
//! Digest (RFC 7616) and NTLM (via `sspi`). Credentials never appear in `Debug` output,
//! errors or logs.

pub(crate) mod challenge;
pub(crate) mod digest;
#[cfg(feature = "ntlm")]
pub(crate) mod ntlm;

use std::fmt;

/// A secret (password, token, private key): `Debug` prints `"***"`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(Vec<u8>);

impl Secret {
    pub fn new(s: String) -> Secret {
        Secret(s.into_bytes())
    }
    pub fn from_bytes(b: Vec<u8>) -> Secret {
        Secret(b)
    }
    /// The secret as text (it was built from a `String`, or is lossily decoded).
    pub fn expose(&self) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.0)
    }
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

/// HTTP authentication of a client ([`crate::ClientBuilder::auth`]).
///
/// `Debug` shows the scheme and the user name, never a password or token.
///
/// ```
/// use soapgen_runtime::Auth;
/// let auth = Auth::digest("alice", "secret");
/// assert_eq!(format!("{auth:?}"), r#"Digest { user: "alice", password: "***" }"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Auth(pub(crate) Scheme);

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    Basic {
        user: String,
        password: Secret,
    },
    Bearer {
        token: Secret,
    },
    Digest {
        user: String,
        password: Secret,
    },
    Ntlm {
        domain: Option<String>,
        user: String,
        password: Secret,
    },
}

impl Auth {
    /// `Authorization: Basic` (RFC 7617; user and password as UTF-8), sent with every
    /// request. Use it over HTTPS only: the password travels in clear.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Auth {
        Auth(Scheme::Basic {
            user: user.into(),
            password: Secret::new(password.into()),
        })
    }

    /// `Authorization: Bearer <token>` (RFC 6750), sent with every request.
    pub fn bearer(token: impl Into<String>) -> Auth {
        Auth(Scheme::Bearer {
            token: Secret::new(token.into()),
        })
    }

    /// HTTP Digest (RFC 7616): `SHA-256` (preferred) or `MD5`, also `-sess`, `qop=auth`.
    /// The first request of a client gets the server's challenge (401) and is sent again
    /// with the answer; later requests reuse the nonce with an increasing nonce count.
    pub fn digest(user: impl Into<String>, password: impl Into<String>) -> Auth {
        Auth(Scheme::Digest {
            user: user.into(),
            password: Secret::new(password.into()),
        })
    }

    /// NTLM (NTLMv2, what IIS "Windows authentication" offers), for `user` in `domain`
    /// (`None`: `user` may be `DOMAIN\user`, `user@domain` or a local account). Needs the
    /// `ntlm` cargo feature of `soapgen-runtime`. NTLM authenticates a TCP connection, so
    /// these clients send their requests over one dedicated HTTP/1.1 connection, one at a
    /// time, and run the handshake again when the server closes it.
    pub fn ntlm(
        domain: Option<impl Into<String>>,
        user: impl Into<String>,
        password: impl Into<String>,
    ) -> Auth {
        let mut user: String = user.into();
        let mut domain: Option<String> = domain.map(Into::into);
        if domain.is_none() {
            if let Some((d, u)) = user.split_once('\\') {
                (domain, user) = (Some(d.to_owned()), u.to_owned());
            }
        }
        Auth(Scheme::Ntlm {
            domain,
            user,
            password: Secret::new(password.into()),
        })
    }

    /// The scheme name as in `WWW-Authenticate` (`Basic`, `Bearer`, `Digest`, `NTLM`).
    pub fn scheme(&self) -> &'static str {
        match &self.0 {
            Scheme::Basic { .. } => "Basic",
            Scheme::Bearer { .. } => "Bearer",
            Scheme::Digest { .. } => "Digest",
            Scheme::Ntlm { .. } => "NTLM",
        }
    }

    /// The value of a pre-emptive `Authorization` header (Basic and Bearer only).
    pub(crate) fn preemptive(&self) -> Option<String> {
        use base64::Engine as _;
        match &self.0 {
            Scheme::Basic { user, password } => Some(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", password.expose()))
            )),
            Scheme::Bearer { token } => Some(format!("Bearer {}", token.expose())),
            Scheme::Digest { .. } | Scheme::Ntlm { .. } => None,
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Scheme::Basic { user, password } => f
                .debug_struct("Basic")
                .field("user", user)
                .field("password", password)
                .finish(),
            Scheme::Bearer { token } => f.debug_struct("Bearer").field("token", token).finish(),
            Scheme::Digest { user, password } => f
                .debug_struct("Digest")
                .field("user", user)
                .field("password", password)
                .finish(),
            Scheme::Ntlm {
                domain,
                user,
                password,
            } => f
                .debug_struct("Ntlm")
                .field("domain", domain)
                .field("user", user)
                .field("password", password)
                .finish(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        for a in [
            Auth::basic("u", "pw-1"),
            Auth::bearer("pw-1"),
            Auth::digest("u", "pw-1"),
            Auth::ntlm(None::<String>, "D\\u", "pw-1"),
        ] {
            let s = format!("{a:?} {a:#?}");
            assert!(!s.contains("pw-1"), "{s}");
        }
        assert_eq!(
            format!("{:?}", Auth::ntlm(None::<String>, "DOM\\bob", "x")),
            r#"Ntlm { domain: Some("DOM"), user: "bob", password: "***" }"#
        );
    }

    #[test]
    fn basic_header_is_rfc7617() {
        // RFC 7617 §2: Aladdin / open sesame.
        assert_eq!(
            Auth::basic("Aladdin", "open sesame")
                .preemptive()
                .as_deref(),
            Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
    }
}
