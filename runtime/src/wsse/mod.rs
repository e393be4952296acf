//! WS-Security 1.0/1.1 UsernameToken (OASIS UsernameToken Profile 1.0/1.1), as a
//! [`MessageHook`]: PasswordText or PasswordDigest (Base64(SHA-1(nonce + created +
//! password)) with a fresh 16-byte random nonce and `wsu:Created`), an optional
//! `wsu:Timestamp` (Created/Expires), `mustUnderstand` on the `wsse:Security` block (on by
//! default, as WCF and WSS4J send it), for both SOAP versions.
//!
//! The password is never shown: not in `Debug`, not in errors, and envelope logging
//! redacts `wsse:Password`. X.509 tokens, signatures and encryption are not supported.

use std::fmt;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use sha1::{Digest as _, Sha1};

use crate::error::Error;
use crate::soap::HeaderBlock;
use crate::xml::Writer;
use crate::{MessageHook, OutgoingMessage};

/// The WS-Security 1.0 secext namespace (also used by WS-Security 1.1 for these elements).
pub const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
/// The WS-Security utility namespace (`wsu:Created`, `wsu:Timestamp`).
pub const WSU_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const TOKEN_PROFILE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";
const MESSAGE_SECURITY: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0";

/// A UsernameToken added to every request of the client it is installed on
/// ([`ClientBuilder::wsse`](crate::ClientBuilder::wsse) or
/// [`ClientBuilder::hook`](crate::ClientBuilder::hook)).
#[derive(Clone)]
pub struct UsernameToken {
    username: String,
    password: String,
    digest: bool,
    timestamp: Option<Duration>,
    must_understand: bool,
}

impl fmt::Debug for UsernameToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UsernameToken")
            .field("username", &self.username)
            .field("password", &"***")
            .field("digest", &self.digest)
            .field("timestamp", &self.timestamp)
            .field("must_understand", &self.must_understand)
            .finish()
    }
}

impl UsernameToken {
    /// A PasswordText token for `username` / `password`, with `mustUnderstand`.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> UsernameToken {
        UsernameToken {
            username: username.into(),
            password: password.into(),
            digest: false,
            timestamp: None,
            must_understand: true,
        }
    }

    /// Sends a PasswordDigest (with `wsse:Nonce` and `wsu:Created`) instead of the password.
    pub fn digest(mut self, yes: bool) -> UsernameToken {
        self.digest = yes;
        self
    }

    /// Adds a `wsu:Timestamp` whose `Expires` is `ttl` after `Created`.
    pub fn timestamp(mut self, ttl: Option<Duration>) -> UsernameToken {
        self.timestamp = ttl;
        self
    }

    /// Whether `wsse:Security` carries `mustUnderstand` (default: yes).
    pub fn must_understand(mut self, yes: bool) -> UsernameToken {
        self.must_understand = yes;
        self
    }

    /// The user name.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The `wsse:Security` header block for one message created at `now`, with `nonce`.
    pub fn security_header(&self, now: SystemTime, nonce: &[u8; 16]) -> HeaderBlock {
        let created = timestamp(now);
        let mut w = Writer::new();
        w.raw("<wsse:Security xmlns:wsse=\"");
        w.raw(WSSE_NS);
        w.raw("\" xmlns:wsu=\"");
        w.raw(WSU_NS);
        w.raw("\">");
        if let Some(ttl) = self.timestamp {
            w.raw("<wsu:Timestamp><wsu:Created>");
            w.raw(&created);
            w.raw("</wsu:Created><wsu:Expires>");
            w.raw(&timestamp(now + ttl));
            w.raw("</wsu:Expires></wsu:Timestamp>");
        }
        w.raw("<wsse:UsernameToken><wsse:Username>");
        w.text(&self.username);
        w.raw("</wsse:Username><wsse:Password Type=\"");
        w.raw(TOKEN_PROFILE);
        if self.digest {
            w.raw("#PasswordDigest\">");
            w.raw(&password_digest(nonce, &created, &self.password));
            w.raw("</wsse:Password><wsse:Nonce EncodingType=\"");
            w.raw(MESSAGE_SECURITY);
            w.raw("#Base64Binary\">");
            w.raw(&base64::engine::general_purpose::STANDARD.encode(nonce));
            w.raw("</wsse:Nonce><wsu:Created>");
            w.raw(&created);
            w.raw("</wsu:Created>");
        } else {
            w.raw("#PasswordText\">");
            w.text(&self.password);
            w.raw("</wsse:Password>");
        }
        w.raw("</wsse:UsernameToken></wsse:Security>");
        HeaderBlock::trusted(w.into_string(), WSSE_NS, "Security", "<wsse:Security".len())
            .must_understand(self.must_understand)
    }
}

impl MessageHook for UsernameToken {
    fn outgoing(&self, message: &mut OutgoingMessage<'_>) -> Result<(), Error> {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).map_err(|e| Error::Transport {
            message: format!("WS-Security: no random nonce: {e}"),
        })?;
        message
            .headers
            .push(self.security_header(SystemTime::now(), &nonce));
        Ok(())
    }
}

/// Base64(SHA-1(nonce + created + password)), UsernameToken Profile 1.0 §3.1.
pub fn password_digest(nonce: &[u8], created: &str, password: &str) -> String {
    let mut h = Sha1::new();
    h.update(nonce);
    h.update(created.as_bytes());
    h.update(password.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(h.finalize())
}

/// `2026-11-30T10:00:00Z` (UTC, whole seconds), the form WS-Security services expect.
fn timestamp(t: SystemTime) -> String {
    let t: chrono::DateTime<chrono::Utc> = t.into();
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::soap::SoapVersion;

    #[test]
    fn digest_matches_the_profile_example() {
        // Expected value computed independently with Python (hashlib, base64):
        // base64(sha1(b64decode("LKqI6G/AikKCQrN0zqZFlg==") + b"2010-09-16T07:50:45Z" + b"userpassword"))
        let nonce = base64::engine::general_purpose::STANDARD
            .decode("LKqI6G/AikKCQrN0zqZFlg==")
            .unwrap();
        assert_eq!(
            password_digest(&nonce, "2010-09-16T07:50:45Z", "userpassword"),
            "tuOSpGlFlIXsozq4HFNeeGeFLEI="
        );
    }

    #[test]
    fn text_token_with_timestamp() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let t = UsernameToken::new("al<ice", "p&ss").timestamp(Some(Duration::from_secs(300)));
        let mut w = Writer::new();
        t.security_header(now, &[0; 16])
            .write(SoapVersion::Soap12, &mut w);
        let xml = w.into_string();
        assert!(
            xml.starts_with("<wsse:Security soap12:mustUnderstand=\"true\" xmlns:wsse="),
            "{xml}"
        );
        assert!(xml.contains("<wsu:Created>2023-11-14T22:13:20Z</wsu:Created><wsu:Expires>2023-11-14T22:18:20Z</wsu:Expires>"), "{xml}");
        assert!(
            xml.contains("<wsse:Username>al&lt;ice</wsse:Username>"),
            "{xml}"
        );
        assert!(
            xml.contains("#PasswordText\">p&amp;ss</wsse:Password>"),
            "{xml}"
        );
        assert!(!format!("{t:?}").contains("p&ss"));
    }
}
