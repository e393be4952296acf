//! Text from a WSDL as rustdoc Markdown that can only render as text.
//!
//! Documentation in a WSDL is written for people, not for rustdoc: pasted
//! as Markdown, a fenced or indented sample would become a doctest that the
//! user's `cargo test` compiles and runs, `<tags>` would render as HTML,
//! `[names]` would become intra-doc links that break the build and bidi
//! control characters would be denied by rustc. Every piece of WSDL text
//! that reaches a doc comment goes through this module:
//!
//! - [`from_text`] for documentation: code samples (fenced or indented in
//!   the source) become ```` ```text ```` blocks, which rustdoc never tests;
//!   every other line is escaped so no Markdown construct other than
//!   emphasis can start (no headings, lists, tables, HTML, links, code);
//!   `http(s)://` URLs become autolinks;
//! - [`code`] for a name or value shown in backticks: a code span that its
//!   content cannot close.
//!
//! Both drop the characters a Rust comment cannot hold (carriage returns,
//! other controls, bidi overrides).

/// Converts normalised documentation text to Markdown (see the module doc).
pub(crate) fn from_text(text: &str) -> String {
    let text = clean(text, true);
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        if let Some(fence) = source_fence(trimmed).filter(|_| indent_of(line) < 4) {
            // A fenced block in the source: its content up to the closing
            // fence (or the end) is shown as text.
            let mut j = i + 1;
            while j < lines.len() && !closes(lines[j].trim_start(), fence) {
                j += 1;
            }
            push_block(&mut out, &lines[i + 1..j]);
            i = (j + 1).min(lines.len());
        } else if indent_of(line) >= 4 {
            // An indented block: consecutive indented or blank lines.
            let mut j = i;
            while j < lines.len() && (indent_of(lines[j]) >= 4 || lines[j].trim().is_empty()) {
                j += 1;
            }
            while j > i && lines[j - 1].trim().is_empty() {
                j -= 1;
            }
            push_block(&mut out, &lines[i..j]);
            i = j;
        } else {
            if trimmed.is_empty() {
                if out.last().is_some_and(|l| !l.is_empty()) {
                    out.push(String::new());
                }
            } else {
                // Indentation under four spaces is kept: Markdown ignores it.
                let indent = &line[..line.len() - trimmed.len()];
                out.push(format!("{indent}{}", escape_line(trimmed)));
            }
            i += 1;
        }
    }
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    out.join("\n")
}

/// Preformatted text (an XHTML `<pre>`) as a ```` ```text ```` block, its
/// common indentation removed; `None` when it is blank.
pub(crate) fn text_block(text: &str) -> Option<String> {
    let text = clean(text, true);
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let first = lines.iter().position(|l| !l.is_empty())?;
    let last = lines.iter().rposition(|l| !l.is_empty())?;
    let mut out = Vec::new();
    push_block(&mut out, &lines[first..=last]);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    Some(out.join("\n"))
}

/// An inline code span showing `s` exactly (control characters as spaces):
/// its backtick fence is longer than any backtick run inside.
pub(crate) fn code(s: &str) -> String {
    let s = clean(s, false);
    if s.trim().is_empty() {
        return "(empty)".to_string();
    }
    let fence = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || (s.starts_with(' ') && s.ends_with(' '))
    {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{s}{pad}{fence}")
}

/// Bidi controls that rustc denies in comments and literals
/// (`text_direction_codepoint_in_comment`) or that could reorder the text
/// a reader sees.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Tabs as four spaces, line and paragraph separators as line breaks
/// (`keep_lines`) or spaces, other control characters as spaces, bidi
/// controls removed.
fn clean(s: &str, keep_lines: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' => out.push_str("    "),
            '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' if keep_lines => out.push('\n'),
            c if is_bidi_control(c) => {}
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// The fence (character and length) a line opens, as CommonMark reads it.
fn source_fence(trimmed: &str) -> Option<(char, usize)> {
    let c = trimmed.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = trimmed.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

fn closes(trimmed: &str, (c, n): (char, usize)) -> bool {
    let run = trimmed.chars().take_while(|x| *x == c).count();
    run >= n && trimmed[run * c.len_utf8()..].trim().is_empty()
}

/// A block shown as it is: a ```` ```text ```` fence longer than any
/// backtick run inside, the common indentation removed.
fn push_block(out: &mut Vec<String>, lines: &[&str]) {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min();
    let Some(indent) = indent else {
        return;
    };
    let longest = lines.iter().map(|l| longest_run(l, '`')).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    if out.last().is_some_and(|l| !l.is_empty()) {
        out.push(String::new());
    }
    out.push(format!("{fence}text"));
    for l in lines {
        out.push(l.get(indent..).unwrap_or("").to_string());
    }
    out.push(fence);
    out.push(String::new());
}

/// One line of prose: Markdown punctuation that could start code, HTML,
/// links or tables escaped, block markers at the start escaped, URLs as
/// autolinks.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    // A block marker at the start: heading, quote, list, rule, setext
    // underline, table row, fence.
    if let Some(c) = rest.chars().next() {
        if matches!(c, '#' | '-' | '+' | '*' | '=' | '_' | '~' | '>' | '|') {
            out.push('\\');
            out.push(c);
            rest = &rest[c.len_utf8()..];
        } else if c.is_ascii_digit() {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if let Some(d @ ('.' | ')')) = rest[digits..].chars().next() {
                out.push_str(&rest[..digits]);
                out.push('\\');
                out.push(d);
                rest = &rest[digits + 1..];
            }
        }
    }
    let mut prev: Option<char> = out.chars().last();
    while let Some(c) = rest.chars().next() {
        if !prev.is_some_and(|p| p.is_alphanumeric()) {
            if let Some(len) = url_len(rest) {
                out.push('<');
                out.push_str(&rest[..len]);
                out.push('>');
                prev = rest[..len].chars().last();
                rest = &rest[len..];
                continue;
            }
        }
        match c {
            '\\' | '`' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '&' if rest[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphanumeric() || n == '#') =>
            {
                out.push_str("\\&");
            }
            c => out.push(c),
        }
        prev = Some(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The length of an `http://` or `https://` URL at the start of `s` that
/// can be written as an autolink, trailing punctuation left out.
fn url_len(s: &str) -> Option<usize> {
    let lower = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return None;
    };
    let mut end = s
        .find(|c: char| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(s.len());
    // Sentence punctuation after a URL is not part of it; a closing
    // bracket is, when the URL opened one.
    loop {
        let url = &s[..end];
        let Some(last) = url.chars().last() else {
            break;
        };
        let unbalanced = |open: char, close: char| {
            last == close && url.matches(open).count() < url.matches(close).count()
        };
        if matches!(
            last,
            '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '*' | '_' | '~'
        ) || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    (end > scheme).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::{code, from_text};

    #[test]
    fn prose_cannot_start_markdown_constructs() {
        let cases = [
            ("- item", "\\- item"),
            ("12. step", "12\\. step"),
            ("3) x", "3\\) x"),
            ("-1 is a number", "\\-1 is a number"),
            ("# Title", "\\# Title"),
            ("> quoted", "\\> quoted"),
            ("===", "\\==="),
            ("a | b", "a \\| b"),
            ("see [Foo] and [x](y)", "see \\[Foo\\] and \\[x\\](y)"),
            (
                "<script>alert(1)</script>",
                "\\<script\\>alert(1)\\</script\\>",
            ),
            ("`code`", "\\`code\\`"),
            ("a\\b", "a\\\\b"),
            ("&lt; &#60; & b", "\\&lt; \\&#60; & b"),
            ("plain text, stays", "plain text, stays"),
        ];
        for (input, want) in cases {
            assert_eq!(from_text(input), want, "{input:?}");
        }
    }

    #[test]
    fn urls_become_autolinks() {
        assert_eq!(
            from_text("See https://example.com/a_(b)?q=1. Or (http://x.org/)."),
            "See <https://example.com/a_(b)?q=1>. Or (<http://x.org/>)."
        );
        assert_eq!(from_text("xhttp://a.b"), "xhttp://a.b");
        assert_eq!(from_text("<http://a.b/>"), "\\<<http://a.b/>\\>");
        assert_eq!(from_text("http:// alone"), "http:// alone");
    }

    #[test]
    fn code_samples_become_text_blocks() {
        assert_eq!(
            from_text("Example:\n```rust\nstd::process::exit(1);\n```\nDone."),
            "Example:\n\n```text\nstd::process::exit(1);\n```\n\nDone."
        );
        assert_eq!(
            from_text("Request:\n\n    <a>\n      <b/>\n    </a>\nafter"),
            "Request:\n\n```text\n<a>\n  <b/>\n</a>\n```\n\nafter"
        );
        // A fence inside the sample cannot close the block.
        assert_eq!(from_text("    ````\n    x"), "`````text\n````\nx\n`````");
        // An unclosed fence runs to the end.
        assert_eq!(from_text("~~~\nfn main() {}"), "```text\nfn main() {}\n```");
    }

    #[test]
    fn characters_a_comment_cannot_hold_are_dropped() {
        assert_eq!(from_text("a\u{202E}b\u{2066}c"), "abc");
        assert_eq!(from_text("a\u{7}b\rc"), "a b\nc");
        assert_eq!(code("a\rb\u{202D}"), "`a b`");
    }

    #[test]
    fn code_spans_cannot_be_closed_by_their_content() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`<b>`"), "`` `<b>` ``");
        assert_eq!(code(""), "(empty)");
    }
}
