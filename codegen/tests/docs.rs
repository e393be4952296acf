//! Documentation from a WSDL never becomes code, links or HTML: every doc
//! comment generated from `tests/wsdl/hostile_docs.wsdl` (fenced and
//! indented samples, XHTML, `<pre>`, Markdown of every kind, bidi controls,
//! hostile namespace URIs, enumeration values and SOAPActions) and from the
//! seed WSDLs is parsed as rustdoc parses it (pulldown-cmark, rustdoc's
//! options) and may hold only text, emphasis, code spans, `text` code
//! blocks and autolinks. `cargo xtask corpus` also runs rustdoc on the
//! same file and the corpus with warnings denied.

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The doc comments of generated code, each as rustdoc sees its text.
fn doc_comments(code: &str) -> Vec<String> {
    assert!(
        !code.contains("#[doc") && !code.contains("/**"),
        "every doc attribute prints as `///`"
    );
    let mut docs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in code.lines().chain([""]) {
        match line.trim_start().strip_prefix("///") {
            Some(rest) => current.push(rest),
            None if !current.is_empty() => {
                // rustdoc removes the common indentation of the lines.
                let indent = current
                    .iter()
                    .filter(|l| !l.trim().is_empty())
                    .map(|l| l.len() - l.trim_start().len())
                    .min()
                    .unwrap_or(0);
                let text: Vec<&str> = current
                    .iter()
                    .map(|l| l.get(indent..).unwrap_or(""))
                    .collect();
                docs.push(text.join("\n"));
                current.clear();
            }
            None => {}
        }
    }
    docs
}

/// What in one doc comment is not plain text (empty when all is well).
fn problems(doc: &str) -> Vec<String> {
    // The extensions rustdoc enables.
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    let mut found = Vec::new();
    let (mut in_code, mut in_link) = (false, false);
    for c in doc.chars() {
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            || (c.is_control() && c != '\n')
        {
            found.push(format!("character U+{:04X}", c as u32));
        }
    }
    // rustdoc resolves `[name]` without a definition as an intra-doc link.
    let broken = std::cell::RefCell::new(Vec::new());
    let mut callback = |l: pulldown_cmark::BrokenLink<'_>| {
        // The one link the generator writes itself.
        if &*l.reference != "`Self::DEFAULT_ENDPOINT`" {
            broken
                .borrow_mut()
                .push(format!("intra-doc link {:?}", l.reference));
        }
        None
    };
    let parser = Parser::new_with_broken_link_callback(doc, opts, Some(&mut callback));
    let events: Vec<Event<'_>> = parser.collect();
    found.extend(broken.take());
    for event in events {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang))) if &*lang == "text" => {
                in_code = true;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                found.push(format!("code block {kind:?} (a doctest)"));
                in_code = true;
            }
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => in_code = false,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => {
                if link_type != LinkType::Autolink {
                    found.push(format!("link {link_type:?} to {dest_url:?}"));
                }
                in_link = true;
            }
            Event::End(pulldown_cmark::TagEnd::Link) => in_link = false,
            Event::Html(h) | Event::InlineHtml(h) => found.push(format!("HTML {h:?}")),
            Event::Start(
                t @ (Tag::Heading { .. }
                | Tag::List(_)
                | Tag::Item
                | Tag::Table(_)
                | Tag::BlockQuote(_)
                | Tag::Image { .. }
                | Tag::FootnoteDefinition(_)
                | Tag::HtmlBlock),
            ) => found.push(format!("{t:?}")),
            Event::FootnoteReference(f) => found.push(format!("footnote {f:?}")),
            Event::Rule => found.push("rule".into()),
            Event::Text(t)
                if !in_code && !in_link && (t.contains("http://") || t.contains("https://")) =>
            {
                found.push(format!("bare URL in {t:?}"));
            }
            _ => {}
        }
    }
    found
}

fn check(wsdl: &Path) -> Vec<String> {
    let g = soapgen::Builder::new()
        .generate(wsdl)
        .unwrap_or_else(|e| panic!("{}: {e}", wsdl.display()));
    let docs = doc_comments(&g.code);
    assert!(!docs.is_empty());
    docs.iter()
        .flat_map(|d| {
            problems(d)
                .into_iter()
                .map(move |p| format!("{p}\n  in doc:\n{d}\n"))
        })
        .collect()
}

#[test]
fn wsdl_text_renders_as_text_only() {
    let hostile = root().join("codegen/tests/wsdl/hostile_docs.wsdl");
    let mut found = check(&hostile);
    for seed in [
        "wsdl/sajan/AuthenticationService.wsdl",
        "wsdl/sejour/Authentication.wsdl",
    ] {
        found.extend(check(&root().join(seed)));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn samples_stay_readable() {
    let g = soapgen::Builder::new()
        .generate(root().join("codegen/tests/wsdl/hostile_docs.wsdl"))
        .unwrap();
    for want in [
        // Samples as text blocks, URLs as links, prose unescaped where safe.
        "/// ```text\n    /// panic!(\"fenced with tildes\")\n    /// ```",
        "/// ```text\n/// let x: u8 = 300;\n/// assert!(false);\n/// ```",
        "/// <https://example.com/service>",
        "/// A request. Indented sample follows:",
        "/// Calls operation `Op` (SOAPAction ``urn:op`<i>`[crate] ``).",
    ] {
        assert!(g.code.contains(want), "missing {want:?} in\n{}", g.code);
    }
}

/// The checker itself finds what it must reject.
#[test]
fn checker_rejects_markdown_that_is_not_text() {
    for bad in [
        "```\nfn main() {}\n```",
        "```rust\nx\n```",
        "a\n\n    indented code",
        "<b>x</b>",
        "[`Vec`]",
        "[x](y)",
        "# h",
        "- item",
        "see https://example.com",
        "a\u{202E}b",
    ] {
        assert!(!problems(bad).is_empty(), "{bad:?} passed");
    }
    assert!(
        problems("`code` *em* <https://x.org> \\<b\\>\n\n```text\nfn main() {}\n```").is_empty()
    );
}
