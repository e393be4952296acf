//! Loading documents: reading and decoding files, parsing them with
//! `roxmltree` (DTDs rejected) and turning byte offsets into
//! `file:line:column` locations; deterministic display paths.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use roxmltree::{Document, Node, ParsingOptions};

use crate::error::{Diagnostic, ErrorKind};
use crate::model::Loc;

/// What relative references in a document are resolved against.
#[derive(Debug, Clone)]
pub(crate) enum Base {
    /// A local file (absolute, lexically normalised path).
    File(PathBuf),
    /// A document reached through a URL (mapped to a local file).
    Url(String),
}

/// A located document, ready to be read.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The local file to read (absolute, lexically normalised).
    pub path: PathBuf,
    /// Canonical path: identity of the document (each is loaded once).
    pub key: PathBuf,
    /// Name used in `Loc.file`: relative to the entry's directory, or the URL.
    pub display: Arc<str>,
    /// Base for the document's own relative references.
    pub base: Base,
    /// The text of a built-in catalog schema (then `path` names no file).
    pub builtin: Option<&'static str>,
}

/// A loaded (decoded) document.
pub(crate) struct Source {
    /// Decoded text.
    pub text: String,
    /// `Loc.file` of everything in it.
    pub file: Arc<str>,
    /// Base for relative references.
    pub base: Base,
    /// Byte offsets of line starts.
    line_starts: Vec<usize>,
    /// (byte offset, characters before it) about every `CHAR_MARK` bytes,
    /// so a column costs O(`CHAR_MARK`) even on one very long line.
    char_marks: Vec<(usize, usize)>,
}

/// Distance between two entries of `Source::char_marks`.
const CHAR_MARK: usize = 256;

impl Source {
    /// Builds a source from decoded text.
    pub fn new(text: String, file: Arc<str>, base: Base) -> Self {
        let mut line_starts = Vec::with_capacity(text.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut char_marks = Vec::with_capacity(text.len() / CHAR_MARK + 1);
        for (n, (i, _)) in text.char_indices().enumerate() {
            if char_marks.last().is_none_or(|&(at, _)| i >= at + CHAR_MARK) {
                char_marks.push((i, n));
            }
        }
        Source {
            text,
            file,
            base,
            line_starts,
            char_marks,
        }
    }

    /// The number of characters before byte offset `pos` (a char boundary).
    fn chars_before(&self, pos: usize) -> usize {
        let k = self.char_marks.partition_point(|&(at, _)| at <= pos);
        let Some(&(at, n)) = k.checked_sub(1).and_then(|k| self.char_marks.get(k)) else {
            return 0;
        };
        n + self
            .text
            .get(at..pos)
            .map_or(pos - at, |s| s.chars().count())
    }

    /// The location of a byte offset (1-based line, column in characters).
    pub fn loc_at(&self, pos: usize) -> Loc {
        let pos = pos.min(self.text.len());
        let line = match self.line_starts.binary_search(&pos) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = if self.text.is_char_boundary(pos) {
            self.chars_before(pos) - self.chars_before(start)
        } else {
            pos - start
        };
        Loc {
            file: self.file.clone(),
            line: (line + 1) as u32,
            col: col as u32 + 1,
        }
    }

    /// The location of an element's start tag.
    pub fn loc(&self, node: Node<'_, '_>) -> Loc {
        self.loc_at(node.range().start)
    }

    /// The location of an attribute of `node` (the element's when absent).
    pub fn attr_loc(&self, node: Node<'_, '_>, name: &str) -> Loc {
        match node.attribute_node(name) {
            Some(a) => self.loc_at(a.range_qname().start),
            None => self.loc(node),
        }
    }

    /// The end of the text (last line), for "unexpected end of file".
    fn end_loc(&self) -> Loc {
        let end = self.text.trim_end_matches(['\n', '\r']).len();
        self.loc_at(end)
    }

    /// Parses the text. DTDs are rejected; syntax errors become `not-xml`
    /// with the position of the error.
    pub fn parse(&self) -> Result<Document<'_>, Diagnostic> {
        let opts = ParsingOptions {
            allow_dtd: false,
            ..ParsingOptions::default()
        };
        Document::parse_with_options(&self.text, opts).map_err(|e| self.parse_error(e))
    }

    fn parse_error(&self, e: roxmltree::Error) -> Diagnostic {
        use roxmltree::Error as E;
        let (kind, loc, message) = match &e {
            E::DtdDetected => {
                let pos = self.text.find("<!DOCTYPE").unwrap_or(0);
                (
                    ErrorKind::DtdForbidden,
                    self.loc_at(pos),
                    "a DTD (<!DOCTYPE ...>) is not allowed in a WSDL or XML Schema document; \
                     nothing in it was expanded or fetched"
                        .to_string(),
                )
            }
            E::NoRootNode if self.text.trim().is_empty() => (
                ErrorKind::NotXml,
                self.loc_at(0),
                "not XML: the file is empty".to_string(),
            ),
            E::NoRootNode => (
                ErrorKind::NotXml,
                self.loc_at(0),
                "not XML: no root element".to_string(),
            ),
            E::UnexpectedEndOfStream | E::UnclosedRootNode => (
                ErrorKind::NotXml,
                self.end_loc(),
                "not well-formed XML: unexpected end of file (truncated document?)".to_string(),
            ),
            E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => (
                ErrorKind::TooDeep,
                self.loc_at(0),
                format!("document exceeds a parser limit: {e}"),
            ),
            _ if !self
                .text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('<') =>
            {
                let first = self.text.trim_start().chars().next().unwrap_or(' ');
                let pos = self.text.len() - self.text.trim_start().len();
                (
                    ErrorKind::NotXml,
                    self.loc_at(pos),
                    format!("not XML: the document does not start with `<` (found `{first}`)"),
                )
            }
            _ => {
                let p = e.pos();
                let loc = Loc {
                    file: self.file.clone(),
                    line: p.row,
                    col: p.col,
                };
                let msg = e.to_string();
                let msg = match msg.rfind(" at ") {
                    Some(i) if msg[i + 4..].contains(':') => msg[..i].to_string(),
                    _ => msg,
                };
                (
                    ErrorKind::NotXml,
                    loc,
                    format!("not well-formed XML: {msg}"),
                )
            }
        };
        Diagnostic {
            kind,
            loc: Some(loc),
            message,
        }
    }
}

/// Decodes a file's bytes: UTF-8 (optional BOM), UTF-16 LE/BE (BOM or
/// `<?` pattern), ISO-8859-1 / windows-1252 / US-ASCII as declared.
/// On error: message and byte offset of the problem.
pub(crate) fn decode(bytes: &[u8]) -> Result<String, (String, usize)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest).map_err(|(m, at)| (m, at + 3));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0x3C, 0x00, 0x3F, 0x00]) {
        let skip = if bytes.starts_with(&[0xFF, 0xFE]) {
            2
        } else {
            0
        };
        return utf16(&bytes[skip..], u16::from_le_bytes);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) || bytes.starts_with(&[0x00, 0x3C, 0x00, 0x3F]) {
        let skip = if bytes.starts_with(&[0xFE, 0xFF]) {
            2
        } else {
            0
        };
        return utf16(&bytes[skip..], u16::from_be_bytes);
    }
    let enc = declared_encoding(bytes)
        .unwrap_or_default()
        .to_ascii_lowercase();
    match enc.as_str() {
        "iso-8859-1" | "latin1" | "latin-1" | "iso8859-1" | "iso_8859-1" | "l1" | "iso-8859-15"
            if std::str::from_utf8(bytes).is_err() =>
        {
            Ok(bytes.iter().map(|&b| b as char).collect())
        }
        "windows-1252" | "cp1252" if std::str::from_utf8(bytes).is_err() => {
            Ok(bytes.iter().map(|&b| cp1252(b)).collect())
        }
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, (String, usize)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            Err((
                format!("not XML: invalid UTF-8 byte sequence at byte {at}"),
                at,
            ))
        }
    }
}

fn utf16(bytes: &[u8], f: fn([u8; 2]) -> u16) -> Result<String, (String, usize)> {
    let units = bytes.chunks_exact(2).map(|c| f([c[0], c[1]]));
    let mut out = String::with_capacity(bytes.len() / 2);
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                let at = out.len();
                return Err((
                    "not XML: invalid UTF-16 (unpaired surrogate)".to_string(),
                    at,
                ));
            }
        }
    }
    Ok(out)
}

fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    let head: String = head
        .iter()
        .take_while(|&&b| b != b'>')
        .map(|&b| b as char)
        .collect();
    if !head.starts_with("<?xml") {
        return None;
    }
    let i = head.find("encoding")?;
    let rest = head[i + 8..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    Some(rest[..rest.find(quote)?].to_string())
}

fn cp1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    if (0x80..0xA0).contains(&b) {
        HIGH[(b - 0x80) as usize]
    } else {
        b as char
    }
}

/// Removes `.` and `..` components without touching the file system, and
/// makes the path absolute (against the current directory).
pub(crate) fn lexical_absolute(p: &Path) -> PathBuf {
    let p = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `dir` (both absolute, lexically normalised), with `/`
/// separators. The full path when they share no root or `dir` is empty.
pub(crate) fn relative_display(path: &Path, dir: &Path) -> String {
    if dir.as_os_str().is_empty() {
        return slashes(path);
    }
    let a: Vec<Component> = path.components().collect();
    let b: Vec<Component> = dir.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return slashes(path);
    }
    let mut parts: Vec<String> = Vec::new();
    for _ in common..b.len() {
        parts.push("..".to_string());
    }
    for c in &a[common..] {
        parts.push(c.as_os_str().to_string_lossy().into_owned());
    }
    parts.join("/")
}

/// A path with `/` separators (deterministic across platforms).
pub(crate) fn slashes(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    }
}

/// Reads and decodes a located document.
pub(crate) fn load(target: &Target) -> Result<Source, Diagnostic> {
    if let Some(text) = target.builtin {
        return Ok(Source::new(
            text.to_string(),
            target.display.clone(),
            target.base.clone(),
        ));
    }
    let bytes = std::fs::read(&target.path).map_err(|e| Diagnostic {
        kind: if e.kind() == std::io::ErrorKind::NotFound {
            ErrorKind::MissingImport
        } else {
            ErrorKind::Io
        },
        loc: None,
        message: format!("cannot read `{}`: {e}", target.display),
    })?;
    match decode(&bytes) {
        Ok(text) => Ok(Source::new(
            text,
            target.display.clone(),
            target.base.clone(),
        )),
        Err((message, at)) => {
            let valid = &bytes[..at.min(bytes.len())];
            let line = valid.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count() as u32
                + 1;
            let loc = Loc {
                file: target.display.clone(),
                line,
                col,
            };
            Err(Diagnostic {
                kind: ErrorKind::NotXml,
                loc: Some(loc),
                message,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let d = Path::new("/a/b/c");
        assert_eq!(relative_display(Path::new("/a/b/c/x.xsd"), d), "x.xsd");
        assert_eq!(relative_display(Path::new("/a/b/c/s/x.xsd"), d), "s/x.xsd");
        assert_eq!(relative_display(Path::new("/a/x.xsd"), d), "../../x.xsd");
    }

    #[test]
    fn lines_and_columns() {
        let s = Source::new(
            "ab\ncdé\nf".into(),
            Arc::from("f.xml"),
            Base::Url(String::new()),
        );
        assert_eq!(s.loc_at(0).to_string(), "f.xml:1:1");
        assert_eq!(s.loc_at(3).to_string(), "f.xml:2:1");
        assert_eq!(s.loc_at(8).to_string(), "f.xml:3:1");
        assert_eq!(s.loc_at(7).to_string(), "f.xml:2:4");
        // Columns on a long line of multi-byte characters (across marks).
        let text = format!("x\n{}<a/>{}", "é€".repeat(700), "ü".repeat(300));
        let s = Source::new(text.clone(), Arc::from("f.xml"), Base::Url(String::new()));
        for pos in [2, 4, 7, 2 + 5 * 700, 2 + 5 * 700 + 4, text.len()] {
            let want = text[2..pos].chars().count() + 1;
            assert_eq!(
                s.loc_at(pos).to_string(),
                format!("f.xml:2:{want}"),
                "{pos}"
            );
        }
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>").unwrap(), "<a/>");
        assert_eq!(decode(b"\xFF\xFE<\0a\0/\0>\0").unwrap(), "<a/>");
        assert_eq!(decode(b"\xFE\xFF\0<\0a\0/\0>").unwrap(), "<a/>");
        let latin = b"<?xml version='1.0' encoding='ISO-8859-1'?><a>\xE9</a>".to_vec();
        assert!(decode(&latin).unwrap().contains('\u{e9}'));
        assert!(decode(b"<a>\xFF</a>").is_err());
    }
}
