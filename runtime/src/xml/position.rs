//! Where the reader is: element paths and line/column positions, and the errors that carry
//! them.

use super::element::Element;
use super::reader::Reader;
use super::text::{self, Problem};
use crate::xml::error::{DecodeError, DecodeErrorKind};

impl<'a> Reader<'a> {
    /// Number of open elements.
    #[doc(hidden)]
    pub fn depth(&self) -> usize {
        self.frames.len()
    }

    /// The path of the open elements, e.g. `/Envelope/Body/X` (the middle of very deep
    /// paths is elided).
    #[doc(hidden)]
    pub fn path(&self) -> String {
        join_path(self.frames.iter().map(|f| f.local).collect())
    }

    /// The path of `el` (its open ancestors, then its own local name).
    pub fn path_of(&self, el: &Element<'_>) -> String {
        let mut parts: Vec<&str> = self.frames.iter().take(el.depth).map(|f| f.local).collect();
        parts.push(el.local);
        join_path(parts)
    }

    /// An error of `kind` at the current position (path of the open elements, line/column).
    pub fn error(&self, kind: DecodeErrorKind, message: impl Into<String>) -> DecodeError {
        let pos = usize::try_from(self.xml.buffer_position()).unwrap_or(0);
        self.error_at_offset(kind, message.into(), pos)
    }

    /// An error of `kind` about `el` (path of `el`).
    pub fn error_for(
        &self,
        el: &Element<'_>,
        kind: DecodeErrorKind,
        message: impl Into<String>,
    ) -> DecodeError {
        let (line, col) = text::line_col(self.src, el.span.0);
        DecodeError::new(
            kind,
            format!("{} (line {line}, column {col})", message.into()),
        )
        .with_path(self.path_of(el))
    }

    pub(super) fn error_at_offset(
        &self,
        kind: DecodeErrorKind,
        message: String,
        pos: usize,
    ) -> DecodeError {
        let (line, col) = text::line_col(self.src, pos);
        DecodeError::new(kind, format!("{message} (line {line}, column {col})"))
            .with_path(self.path())
    }

    pub(super) fn problem(&self, p: Problem) -> Box<DecodeError> {
        self.err(p.kind, p.message)
    }

    pub(super) fn err(
        &self,
        kind: DecodeErrorKind,
        message: impl Into<String>,
    ) -> Box<DecodeError> {
        Box::new(self.error(kind, message))
    }
}

/// `/a/b/c`; paths deeper than 24 keep their first and last 10 steps.
fn join_path(parts: Vec<&str>) -> String {
    const KEEP: usize = 10;
    let mut p = String::new();
    let n = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        if n > 2 * KEEP + 4 && i >= KEEP && i < n - KEEP {
            if i == KEEP {
                p.push_str(&format!("/...({} more)...", n - 2 * KEEP));
            }
            continue;
        }
        p.push('/');
        p.push_str(part);
    }
    p
}
