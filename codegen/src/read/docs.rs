//! Documentation text (`wsdl:documentation`, `xs:annotation/xs:documentation`):
//! gathered from the XML and normalised so it can become `///` lines.
//!
//! Normalisation: trailing whitespace is removed from every line, leading and
//! trailing blank lines are dropped, the common indentation of the lines after
//! the first is removed (the first line usually follows the start tag
//! directly), and runs of blank lines collapse into one. The result is then
//! made safe Markdown by [`crate::markdown::from_text`]: it can only render as
//! text (no doctest, link, HTML), code samples as ```` ```text ```` blocks.

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

/// The documentation of an element as Markdown: all character data below it
/// (markup removed, block-level XHTML elements turned into line breaks),
/// normalised and escaped by [`crate::markdown::from_text`]; the content of
/// `<pre>` elements as text blocks. `None` when there is no text.
pub(crate) fn text_of(node: Node<'_, '_>) -> Option<String> {
    let parts = collect(node).into_iter().filter_map(|(pre, raw)| {
        if pre {
            crate::markdown::text_block(&raw.replace("\r\n", "\n"))
        } else {
            normalize(&raw).map(|t| crate::markdown::from_text(&t))
        }
    });
    join(parts)
}

/// The text below `node` as (preformatted?, text) parts, iteratively
/// (documentation can nest deeply).
fn collect(node: Node<'_, '_>) -> Vec<(bool, String)> {
    let mut parts = vec![(false, String::new())];
    // The end offset of the (outermost) `<pre>` being read.
    let mut pre_end: Option<usize> = None;
    for d in node.descendants().skip(1) {
        if pre_end.is_some_and(|end| d.range().start >= end) {
            pre_end = None;
            parts.push((false, String::new()));
        }
        if d.is_text() {
            if let Some((_, text)) = parts.last_mut() {
                text.push_str(d.text().unwrap_or_default());
            }
        } else if d.is_element() && pre_end.is_none() {
            let name = d.tag_name().name();
            if name == "pre" {
                pre_end = Some(d.range().end);
                parts.push((true, String::new()));
            } else if BLOCK_ELEMENTS.contains(&name) {
                if let Some((_, text)) = parts.last_mut() {
                    text.push('\n');
                }
            }
        }
    }
    parts
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
