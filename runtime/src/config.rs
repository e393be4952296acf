//! Client settings: HTTP behaviour, timeouts and the limits applied to every response.

use std::time::Duration;

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
    /// Total time allowed for one call, from sending to the end of decoding
    /// (default 100 s; `None` = no limit).
    pub timeout: Option<Duration>,
    /// Time allowed to establish the connection (default 30 s; `None` = no limit).
    pub connect_timeout: Option<Duration>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_response_bytes: 16 * 1024 * 1024,
            limits: Limits::default(),
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
    }
}
