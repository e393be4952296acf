//! Deep input never overflows the stack of a generated decoder (issue 11, item 1), whichever
//! way a recursive type reaches itself: an optional field (`Box`), a repeated field
//! (`Vec`), a choice alternative (boxed, or repeated inside the choice) and a derived type
//! read through `xsi:type` (the `…Kind` enum). The type is `wsdl/wide.wsdl`'s 64-field
//! `Wide`, whose debug-build decoder frame is large; each document is nested to exactly the
//! configured maximum depth (it must decode) and one level more (a typed `too-deep`), on a
//! 2 MiB thread stack. A path that relied only on the reader's low-stack backstop would
//! fail the first half with `too-deep` long before the maximum depth.

use soapgen_fuzz::checks::WIDE_NS;
use soapgen_fuzz::wide::{ShapeKind, Wide, WideChoice};
use soapgen_runtime::xml::{decode_element, Limits};
use soapgen_runtime::{DecodeError, DecodeErrorKind};

/// The required fields of one `Wide` (every fourth of `f00`…`f63`), in sequence order.
fn required_fields() -> String {
    (0..64)
        .step_by(4)
        .map(|i| match i % 12 {
            0 => format!("<f{i:02}>s</f{i:02}>"),
            4 => format!("<f{i:02}>1.5</f{i:02}>"),
            _ => format!("<f{i:02}>AQID</f{i:02}>"),
        })
        .collect()
}

/// How a level reaches the next: the opening and closing tags between two `Wide`s, and
/// how many elements deep that is.
struct Path {
    name: &'static str,
    open: &'static str,
    close: &'static str,
    per_level: usize,
}

const PATHS: &[Path] = &[
    Path {
        name: "optional field",
        open: "<next>",
        close: "</next>",
        per_level: 1,
    },
    Path {
        name: "repeated field",
        open: "<children>",
        close: "</children>",
        per_level: 1,
    },
    Path {
        name: "boxed choice alternative",
        open: "<left>",
        close: "</left>",
        per_level: 1,
    },
    Path {
        name: "repeated choice alternative",
        open: "<many>",
        close: "</many>",
        per_level: 1,
    },
    Path {
        name: "derived type (xsi:type)",
        open: "<shape xsi:type=\"w:Framed\"><inner>",
        close: "</inner></shape>",
        per_level: 2,
    },
];

/// A `Wide` document whose deepest element is exactly `depth` deep, through `path`.
fn nested(path: &Path, depth: usize) -> String {
    // The root `Wide` is depth 1 and the fields of the deepest `Wide` one deeper than it,
    // so `levels` nested steps end at depth 2 + levels * per_level.
    let levels = (depth - 2) / path.per_level;
    let fields = required_fields();
    let mut doc = format!(
        "<w:Wide xmlns:w=\"{WIDE_NS}\" xmlns=\"{WIDE_NS}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    );
    for _ in 0..levels {
        doc.push_str(&fields);
        doc.push_str(path.open);
    }
    doc.push_str(&fields);
    // Pad a derived path whose step does not divide the depth with one plain element.
    if 2 + levels * path.per_level < depth {
        doc.push_str("<next>");
        doc.push_str(&fields);
        doc.push_str("</next>");
    }
    for _ in 0..levels {
        doc.push_str(path.close);
    }
    doc.push_str("</w:Wide>");
    doc
}

/// How many `Wide`s deep the value goes along the path the document took.
fn depth_of(w: &Wide) -> usize {
    let next: Option<&Wide> = if let Some(n) = &w.next {
        Some(n)
    } else if let Some(c) = w.children.first() {
        Some(c)
    } else if let Some(choice) = &w.choice {
        match &**choice {
            WideChoice::Left(l) => Some(l),
            WideChoice::Many(m) => m.first(),
            _ => None,
        }
    } else if let Some(shape) = &w.shape {
        match &**shape {
            ShapeKind::Framed(f) => f.inner.as_deref(),
            _ => None,
        }
    } else {
        None
    };
    1 + next.map_or(0, depth_of)
}

fn decode(doc: &str, limits: &Limits) -> Result<Wide, DecodeError> {
    decode_element(doc.as_bytes(), WIDE_NS, "Wide", limits)
}

/// Runs `f` on a thread with a 2 MiB stack; a stack overflow would abort the test process.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("no panic")
}

fn check_path(path: &'static Path, limits: Limits) {
    on_small_stack(move || {
        let max = limits.max_depth;
        let value = decode(&nested(path, max), &limits)
            .unwrap_or_else(|e| panic!("{} nested to depth {max}: {e}", path.name));
        let wides = (max - 2) / path.per_level + 1 + usize::from((max - 2) % path.per_level != 0);
        assert_eq!(depth_of(&value), wides, "{}", path.name);
        let e = decode(&nested(path, max + 1), &limits).expect_err("one level too deep");
        assert_eq!(e.kind, DecodeErrorKind::TooDeep, "{}: {e}", path.name);
    });
}

#[test]
fn every_recursion_path_decodes_to_the_default_max_depth_on_a_2_mib_stack() {
    for path in PATHS {
        check_path(path, Limits::default());
    }
}

#[test]
fn every_recursion_path_decodes_to_a_higher_configured_depth() {
    // 1,000 levels of a 64-field decoder are many times the 2 MiB stack.
    for path in PATHS {
        check_path(path, Limits::default().max_depth(1000));
    }
}
