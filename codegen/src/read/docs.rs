//! Documentation text (`wsdl:documentation`, `xs:annotation/xs:documentation`):
//! gathered from the XML and normalised so it can become `///` lines.
//!
//! Normalisation: trailing whitespace is removed from every line, leading and
//! trailing blank lines are dropped, the common indentation of the lines after
//! the first is removed (the first line usually follows the start tag
//! directly), and runs of blank lines collapse into one.

use roxmltree::Node;

/// Elements whose start marks a line break when documentation contains XHTML.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "br",
    "li",
    "div",
    "ul",
    "ol",
    "pre",
    "tr",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dd",
    "dt",
    "blockquote",
];

/// The text content of a documentation element: all character data below it
/// (markup removed, block-level XHTML elements turned into line breaks),
/// normalised. `None` when there is no text.
pub(crate) fn text_of(node: Node<'_, '_>) -> Option<String> {
    let mut raw = String::new();
    for d in node.descendants().skip(1) {
        if d.is_text() {
            if let Some(t) = d.text() {
                raw.push_str(t);
            }
        } else if d.is_element() && BLOCK_ELEMENTS.contains(&d.tag_name().name()) {
            raw.push('\n');
        }
    }
    normalize(&raw)
}

/// Joins several documentation texts (e.g. several `xs:documentation`
/// elements) with a blank line.
pub(crate) fn join(parts: impl IntoIterator<Item = String>) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&p);
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|c| *c == ' ' || *c == '\t').count()
}

fn strip_indent(line: &str, n: usize) -> &str {
    for (count, (pos, c)) in line.char_indices().enumerate() {
        if count >= n || !(c == ' ' || c == '\t') {
            return &line[pos..];
        }
    }
    ""
}

/// Normalises documentation text; `None` when only whitespace remains.
pub(crate) fn normalize(raw: &str) -> Option<String> {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = raw.split('\n').map(|l| l.trim_end()).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    // The first line is left out of the common indentation when it follows
    // the start tag directly (`<documentation>Text...`).
    let skip = usize::from(first == 0);
    let lines = &lines[first..=last];
    let indent = lines[skip..]
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = false;
    for (i, line) in lines.iter().enumerate() {
        let text = if i < skip {
            line.trim_start()
        } else {
            strip_indent(line, indent)
        };
        if text.is_empty() {
            blank_run = true;
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if blank_run {
                out.push('\n');
            }
        }
        blank_run = false;
        out.push_str(text);
    }
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn trims_dedents_and_collapses() {
        let raw = "\n    First line\n      indented more\n    second\n\n\n\n    third   \n  ";
        assert_eq!(
            normalize(raw).unwrap(),
            "First line\n  indented more\nsecond\n\nthird"
        );
    }

    #[test]
    fn first_line_after_tag() {
        let raw = "Summary text.\n        Details here\n        and here.\n      ";
        assert_eq!(
            normalize(raw).unwrap(),
            "Summary text.\nDetails here\nand here."
        );
        let raw = "\n      Summary.\n        Indented.\n    ";
        assert_eq!(normalize(raw).unwrap(), "Summary.\n  Indented.");
    }

    #[test]
    fn blank_is_none() {
        assert_eq!(normalize("  \n\t\n "), None);
        assert_eq!(normalize(""), None);
    }

    #[test]
    fn crlf_and_tabs() {
        assert_eq!(normalize("a\r\n\tb\r\n\tc").unwrap(), "a\nb\nc");
    }
}
