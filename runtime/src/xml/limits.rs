//! The resource limits the XML reader enforces.

use std::time::Instant;

/// Limits applied by [`crate::xml::Reader`] while reading a document.
///
/// ```
/// let limits = soapgen_runtime::xml::Limits::default().max_depth(64);
/// assert_eq!(limits.max_depth, 64);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Deepest accepted element nesting (default 256).
    pub max_depth: usize,
    /// Most attributes plus namespace declarations accepted on one element (default 256).
    /// Namespace declarations in scope at once are limited to `max(max_attributes, 256)`.
    pub max_attributes: usize,
    /// Longest accepted element or attribute name in bytes, prefix included (default 1024).
    pub max_name_len: usize,
    /// Reading fails with a `timeout` error once this instant has passed (checked every
    /// few hundred tokens). Default none; the client sets it to the end of the call's
    /// [`timeout`](crate::Options::timeout), so that the deadline bounds decoding too.
    pub deadline: Option<Instant>,
    /// Strict decoding (default off): an element the schema does not allow where it
    /// appears is an `unexpected-element` error (`wrong-namespace` when its local name is
    /// expected there in another namespace) instead of being skipped — skipped elements
    /// are logged through `tracing` (debug; warn for a namespace mismatch) either way.
    pub strict: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_attributes: 256,
            max_name_len: 1024,
            deadline: None,
            strict: false,
        }
    }
}

impl Limits {
    /// The default limits.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`Limits::max_depth`].
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    /// Sets [`Limits::max_attributes`].
    pub fn max_attributes(mut self, n: usize) -> Self {
        self.max_attributes = n;
        self
    }

    /// Sets [`Limits::max_name_len`].
    pub fn max_name_len(mut self, n: usize) -> Self {
        self.max_name_len = n;
        self
    }

    /// Sets [`Limits::strict`].
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Sets [`Limits::deadline`].
    pub fn deadline(mut self, deadline: Option<Instant>) -> Self {
        self.deadline = deadline;
        self
    }
}
