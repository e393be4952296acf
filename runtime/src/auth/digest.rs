//! HTTP Digest access authentication (RFC 7616): `MD5`, `SHA-256` and their `-sess`
//! variants, `qop=auth` (and the RFC 2069 form without `qop`), `userhash`. Hashes come from
//! the `md-5` and `sha2` crates.

use md5::Md5;
use sha2::{Digest as _, Sha256};

use super::challenge::Challenge;

/// The hash algorithm of a Digest challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Algorithm {
    Md5,
    Sha256,
}

impl Algorithm {
    fn hash(self, data: &str) -> String {
        match self {
            Algorithm::Md5 => hex(&Md5::digest(data.as_bytes())),
            Algorithm::Sha256 => hex(&Sha256::digest(data.as_bytes())),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// A Digest challenge this client can answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DigestChallenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Algorithm,
    /// The `algorithm` token as the server wrote it (echoed back).
    algorithm_name: String,
    session: bool,
    /// `qop=auth` offered (else the RFC 2069 form).
    qop_auth: bool,
    userhash: bool,
    /// `stale=true`: the nonce expired, the credentials were fine.
    pub stale: bool,
}

impl DigestChallenge {
    /// The best answerable Digest challenge among `challenges` (SHA-256 before MD5), or
    /// why none is answerable.
    pub fn choose(challenges: &[Challenge]) -> Result<DigestChallenge, String> {
        let mut best: Option<DigestChallenge> = None;
        let mut why = String::from("the server offered no Digest challenge");
        for c in challenges.iter().filter(|c| c.is("Digest")) {
            match DigestChallenge::from_challenge(c) {
                Ok(d) => {
                    let better = best.as_ref().is_none_or(|b| {
                        b.algorithm == Algorithm::Md5 && d.algorithm == Algorithm::Sha256
                    });
                    if better {
                        best = Some(d);
                    }
                }
                Err(e) => why = e,
            }
        }
        best.ok_or(why)
    }

    fn from_challenge(c: &Challenge) -> Result<DigestChallenge, String> {
        let nonce = c
            .param("nonce")
            .ok_or("Digest challenge without nonce")?
            .to_owned();
        let algorithm_name = c.param("algorithm").unwrap_or("MD5").to_owned();
        let upper = algorithm_name.to_ascii_uppercase();
        let (base, session) = match upper.strip_suffix("-SESS") {
            Some(b) => (b, true),
            None => (upper.as_str(), false),
        };
        let algorithm = match base {
            "MD5" => Algorithm::Md5,
            "SHA-256" => Algorithm::Sha256,
            other => return Err(format!("unsupported Digest algorithm `{other}`")),
        };
        let qop_auth = match c.param("qop") {
            None => false,
            Some(q) if q.split(',').any(|x| x.trim().eq_ignore_ascii_case("auth")) => true,
            Some(q) => return Err(format!("unsupported Digest qop `{q}` (only `auth`)")),
        };
        if session && !qop_auth {
            return Err(format!("Digest {algorithm_name} needs qop=auth"));
        }
        Ok(DigestChallenge {
            realm: c.param("realm").unwrap_or_default().to_owned(),
            nonce,
            opaque: c.param("opaque").map(str::to_owned),
            algorithm,
            algorithm_name,
            session,
            qop_auth,
            userhash: c
                .param("userhash")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            stale: c
                .param("stale")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        })
    }

    /// The `Authorization` header value for `method` on `uri` (the request target, path
    /// and query), with nonce count `nc` and client nonce `cnonce`.
    pub fn authorization(
        &self,
        user: &str,
        password: &str,
        method: &str,
        uri: &str,
        nc: u32,
        cnonce: &str,
    ) -> String {
        let h = |s: &str| self.algorithm.hash(s);
        let mut ha1 = h(&format!("{user}:{}:{password}", self.realm));
        if self.session {
            ha1 = h(&format!("{ha1}:{}:{cnonce}", self.nonce));
        }
        let ha2 = h(&format!("{method}:{uri}"));
        let nc = format!("{nc:08x}");
        let response = if self.qop_auth {
            h(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce))
        } else {
            h(&format!("{ha1}:{}:{ha2}", self.nonce))
        };
        let username = if self.userhash {
            h(&format!("{user}:{}", self.realm))
        } else {
            user.to_owned()
        };
        let mut v = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\", algorithm={}, response=\"{response}\"",
            quote(&username),
            quote(&self.realm),
            quote(&self.nonce),
            quote(uri),
            self.algorithm_name,
        );
        if self.qop_auth {
            v.push_str(&format!(
                ", qop=auth, nc={nc}, cnonce=\"{}\"",
                quote(cnonce)
            ));
        }
        if let Some(o) = &self.opaque {
            v.push_str(&format!(", opaque=\"{}\"", quote(o)));
        }
        if self.userhash {
            v.push_str(", userhash=true");
        }
        v
    }
}

/// Escapes `"` and `\` for a quoted-string.
fn quote(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// A fresh client nonce: 16 random bytes from the OS, hex.
pub(crate) fn cnonce() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| format!("no randomness for the Digest cnonce: {e}"))?;
    Ok(hex(&b))
}

#[cfg(test)]
mod tests {
    use super::super::challenge::parse;
    use super::*;

    /// RFC 7616 §3.9.1: the same request answered with SHA-256 and MD5.
    #[test]
    fn rfc7616_examples() {
        let header = r#"Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=MD5, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS""#;
        let challenges = parse(&[header.to_owned()]);
        let cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        let sha = DigestChallenge::choose(&challenges).unwrap();
        assert_eq!(sha.algorithm, Algorithm::Sha256);
        let v = sha.authorization(
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            v.contains(
                r#"response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1""#
            ),
            "{v}"
        );
        assert!(
            v.contains("nc=00000001") && v.contains("qop=auth,") && v.contains("opaque="),
            "{v}"
        );
        let md5 = DigestChallenge::from_challenge(&challenges[1]).unwrap();
        let v = md5.authorization(
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            v.contains(r#"response="8ca523f5e9506fed4657c9700eebdbec""#),
            "{v}"
        );
    }

    /// RFC 2617 §3.5 (MD5, qop=auth).
    #[test]
    fn rfc2617_example() {
        let c = parse(&[r#"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#.to_owned()]);
        let d = DigestChallenge::choose(&c).unwrap();
        let v = d.authorization(
            "Mufasa",
            "Circle Of Life",
            "GET",
            "/dir/index.html",
            1,
            "0a4f113b",
        );
        assert!(
            v.contains(r#"response="6629fae49393a05397450978507c4ef1""#),
            "{v}"
        );
    }

    #[test]
    fn unsupported_challenges_say_why() {
        let c = parse(&[r#"Digest realm="r", nonce="n", algorithm=SHA-512-256"#.to_owned()]);
        let e = DigestChallenge::choose(&c).unwrap_err();
        assert!(e.contains("SHA-512-256"), "{e}");
        let c = parse(&[r#"Digest realm="r", nonce="n", qop="auth-int""#.to_owned()]);
        assert!(DigestChallenge::choose(&c)
            .unwrap_err()
            .contains("auth-int"));
        assert!(DigestChallenge::choose(&parse(&["Basic realm=x".to_owned()])).is_err());
    }

    #[test]
    fn cnonce_is_random_hex() {
        let (a, b) = (cnonce().unwrap(), cnonce().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
