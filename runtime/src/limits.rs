//! Client options and the resource limits enforced while reading responses.

use std::time::Duration;

/// Client options, including the resource limits applied to every response.
///
/// The same struct is used as [`Limits`] by [`crate::xml::Reader`]; the HTTP-only fields are
/// ignored there.
///
/// ```
/// let opts = soapgen_runtime::Options { max_depth: 64, ..Default::default() };
/// assert_eq!(opts.max_response_bytes, 16 * 1024 * 1024);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Largest accepted response body in bytes, after de-chunking (default 16 MiB).
    /// Enforced while the body streams in; a larger declared `Content-Length` is
    /// rejected before anything is read.
    pub max_response_bytes: usize,
    /// Deepest accepted element nesting (default 256).
    pub max_depth: usize,
    /// Most attributes plus namespace declarations accepted on one element (default 256).
    /// Namespace declarations in scope at once are limited to `max(max_attributes, 256)`.
    pub max_attributes: usize,
    /// Longest accepted element or attribute name in bytes, prefix included (default 1024).
    pub max_name_len: usize,
    /// Follow HTTP redirects (default `false`: a 3xx is an [`crate::Error::HttpStatus`]).
    /// When `true`, only 307 and 308 (which keep the method and body) are followed, at most
    /// 10 times; 301, 302 and 303 would turn the POST into a GET and stay errors.
    pub follow_redirects: bool,
    /// Log request and response envelopes with `tracing` at debug level, with the text of
    /// elements named like passwords, secrets, tokens and connection strings redacted
    /// (default `false`).
    pub log_envelopes: bool,
    /// Total time allowed for one call, from sending to the end of the body
    /// (default 100 s; `None` = no limit).
    pub timeout: Option<Duration>,
    /// Time allowed to establish the connection (default 30 s; `None` = no limit).
    pub connect_timeout: Option<Duration>,
}

/// The limits used by [`crate::xml::Reader`]: the same struct as [`Options`].
pub type Limits = Options;

impl Default for Options {
    fn default() -> Self {
        Options {
            max_response_bytes: 16 * 1024 * 1024,
            max_depth: 256,
            max_attributes: 256,
            max_name_len: 1024,
            follow_redirects: false,
            log_envelopes: false,
            timeout: Some(Duration::from_secs(100)),
            connect_timeout: Some(Duration::from_secs(30)),
        }
    }
}

impl Options {
    /// The default options (same as [`Default::default`]).
    pub fn new() -> Self {
        Self::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_within_the_documented_ranges() {
        let o = Options::default();
        assert_eq!(o.max_response_bytes, 16 << 20);
        assert_eq!(o.max_depth, 256);
        assert_eq!(o.max_attributes, 256);
        assert_eq!(o.max_name_len, 1024);
        assert!(!o.follow_redirects);
        assert!(!o.log_envelopes);
    }
}
