//! The reader's work is linear in its input for every construct (issue 11, item 2).
//!
//! Each case builds an adversarial document of 1 MiB and of 16 MiB and reads it with
//! every reader operation generated code uses (element names and namespaces, attributes,
//! `xsi:type`, text, skipping and capturing subtrees). The 16 MiB document must take at
//! most 3 times 16 the CPU time of the 1 MiB one: a quadratic cost takes 256 times. A
//! ratio, not an absolute time, so the machine's speed and load do not matter.

use soapgen_runtime::xml::{DecodeError, Limits, Reader};

const MIB: usize = 1 << 20;

/// On-CPU nanoseconds of this thread (Linux), so that other processes do not count.
fn thread_cpu_ns() -> u64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat")
        .expect("/proc/thread-self/schedstat (Linux) is needed to measure CPU time");
    s.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .expect("schedstat holds the CPU time first")
}

/// Reads the whole document with the reader's public operations; elements named `t` are
/// read as text, `s` skipped, `c` captured, any other entered. Returns a checksum of what
/// was seen, or the decode error (a limit may stop a hostile document: that is fine, the
/// work up to it is what is measured).
fn walk(doc: &[u8]) -> Result<usize, DecodeError> {
    let mut r = Reader::new(doc, &Limits::default())?;
    let root = r.root()?;
    let mut seen = root.ns().len();
    let mut depth = 1usize;
    while depth > 0 {
        let Some(el) = r.next_child()? else {
            depth -= 1;
            continue;
        };
        seen += el.ns().len()
            + el.attributes()
                .map(|(ns, _, v)| ns.len() + v.len())
                .sum::<usize>();
        if let Some((ns, local)) = el.xsi_type(&r) {
            seen += ns.len() + local.len();
        }
        match el.local() {
            "t" => seen += r.read_text(&el)?.len(),
            "s" => r.skip(&el)?,
            "c" => seen += r.capture(&el)?.len(),
            _ => depth += 1,
        }
    }
    r.finish()?;
    Ok(seen)
}

/// Minimum CPU time of `runs` walks over `doc`.
fn cpu_of(doc: &[u8], runs: usize) -> u64 {
    (0..runs)
        .map(|_| {
            let start = thread_cpu_ns();
            let _ = std::hint::black_box(walk(std::hint::black_box(doc)));
            thread_cpu_ns() - start
        })
        .min()
        .unwrap_or(0)
}

/// `head`, then `item` repeated until the document is about `size` bytes, then `tail`.
fn repeat(head: &str, item: &str, tail: &str, size: usize) -> Vec<u8> {
    let n = size.saturating_sub(head.len() + tail.len()) / item.len();
    let mut doc = String::with_capacity(size);
    doc.push_str(head);
    for _ in 0..n {
        doc.push_str(item);
    }
    doc.push_str(tail);
    doc.into_bytes()
}

/// A namespace URI of about `len` bytes full of references (so it cannot be borrowed).
fn escaped_uri(len: usize) -> String {
    format!("urn:x:{}", "a&amp;b&#x43;".repeat(len / 12))
}

/// The adversarial documents, by name, at about `size` bytes. (Before namespace URIs were
/// shared, the first four cases copied the URI for every element: quadratic.)
fn cases(size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let uri = escaped_uri(size / 4);
    let many_prefixes: String = (0..255)
        .map(|i| format!(" xmlns:p{i}=\"urn:p{i}\""))
        .collect();
    let attrs: String = (0..200)
        .map(|i| format!(" a{i}=\"&amp;&lt;&#x41;\""))
        .collect();
    let long_name = "n".repeat(1000);
    let deep = format!("<s>{}{}</s>", "<x a=\"1\">".repeat(200), "</x>".repeat(200));
    vec![
        (
            "prefixed elements in an escaped namespace",
            repeat(&format!("<r xmlns:p=\"{uri}\">"), "<p:e/>", "</r>", size),
        ),
        (
            "default namespace with references",
            repeat(&format!("<r xmlns=\"{uri}\">"), "<e>1</e>", "</r>", size),
        ),
        (
            "attributes in an escaped namespace",
            repeat(
                &format!("<r xmlns:p=\"{uri}\">"),
                "<e p:a=\"1\" p:b=\"2\"/>",
                "</r>",
                size,
            ),
        ),
        (
            "xsi:type resolved in an escaped namespace",
            repeat(
                &format!(
                    "<r xmlns:p=\"{uri}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                ),
                "<e xsi:type=\"p:T\"/>",
                "</r>",
                size,
            ),
        ),
        (
            "captured subtrees under an escaped namespace",
            repeat(
                &format!("<r xmlns:p=\"{uri}\">"),
                "<c><p:x/></c>",
                "</r>",
                size,
            ),
        ),
        (
            "many prefixes in scope, the oldest one used",
            repeat(&format!("<r{many_prefixes}>"), "<p0:e/>", "</r>", size),
        ),
        (
            "many attributes with references",
            repeat("<r>", &format!("<e{attrs}/>"), "</r>", size),
        ),
        (
            "long names",
            repeat("<r>", &format!("<{long_name}/>"), "</r>", size),
        ),
        (
            "text with references",
            repeat("<r>", "<t>&amp;&lt;&#x41;&#65;x&gt;</t>", "</r>", size),
        ),
        (
            "one text of references",
            repeat("<r><t>", "&amp;&#x41;", "</t></r>", size),
        ),
        ("deep subtrees skipped", repeat("<r>", &deep, "</r>", size)),
    ]
}

#[test]
fn reading_is_linear_in_the_input_for_every_construct() {
    let small = cases(MIB);
    let large = cases(16 * MIB);
    let mut report = Vec::new();
    let mut worst: f64 = 0.0;
    for ((name, s), (_, l)) in small.iter().zip(&large) {
        let (ts, tl) = (cpu_of(s, 3), cpu_of(l, 1));
        let ratio = tl as f64 / ts.max(1) as f64;
        // The same work per byte, whatever the size.
        let expected = l.len() as f64 / s.len() as f64;
        worst = worst.max(ratio / expected);
        report.push(format!(
            "{name}: {} -> {} bytes, {:.1} -> {:.1} ms CPU, ratio {ratio:.1} (sizes {expected:.1})",
            s.len(),
            l.len(),
            ts as f64 / 1e6,
            tl as f64 / 1e6
        ));
    }
    let report = report.join("\n");
    println!("{report}");
    assert!(
        worst <= 3.0,
        "some construct is read in more than linear time (16x the input took {:.1}x the \
         linear expectation):\n{report}",
        worst
    );
}

#[test]
fn every_case_is_read_or_stopped_by_a_limit() {
    // The documents are valid XML: each is read completely, except captures, which a
    // budget stops once they have repeated more declarations than 8 times the document.
    for (name, doc) in cases(MIB / 4) {
        match walk(&doc) {
            Ok(_) => assert!(!name.starts_with("captured"), "{name}: budget not applied"),
            Err(e) => assert!(
                name.starts_with("captured") && e.kind.as_str() == "too-large",
                "{name}: {e}"
            ),
        }
    }
}
