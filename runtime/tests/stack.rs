//! Deep input never overflows the stack (issue 11, item 1): a recursive type whose decoder
//! uses a large frame per level, nested to the maximum depth, on a 2 MiB thread stack,
//! decodes or fails with `too-deep`, whichever way it recurses.

use std::hint::black_box;

use soapgen_runtime::xml::{Decode, DecodeError, DecodeErrorKind, Element, Limits, Reader};

/// Bytes of stack each level's decoder uses on top of its own fields, like a generated
/// decoder of a type with a few hundred fields in a debug build.
const FRAME: usize = 48 * 1024;

/// How a `Node` reaches its child.
#[derive(Debug, PartialEq)]
enum Node {
    /// Through `Option<Box<Node>>` and `optional_field`, as generated structs do.
    Boxed(Option<Box<Node>>),
    /// Through `Vec<Node>` and `repeated_field`, as generated repeated fields do.
    Listed(Vec<Node>),
    /// By calling `Node::decode` directly (no runtime helper in between).
    Direct(Option<Box<Node>>),
}

impl Node {
    fn depth(&self) -> usize {
        let mut d = 1;
        let mut n = self;
        loop {
            n = match n {
                Node::Boxed(Some(c)) | Node::Direct(Some(c)) => c,
                Node::Listed(v) if !v.is_empty() => &v[0],
                _ => return d,
            };
            d += 1;
        }
    }
}

impl Decode for Node {
    fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
        // A large frame, as wide generated types have (kept alive across the recursion).
        let fields = black_box([0u8; FRAME]);
        let mode = el.local();
        let mut boxed = None;
        let mut listed = Vec::new();
        let mut direct = None;
        while let Some(child) = r.next_child()? {
            match mode {
                "b" => r.optional_field::<Box<Node>>(&child, &mut boxed)?,
                "l" => r.repeated_field(&child, &mut listed, None)?,
                _ => direct = Some(Box::new(Node::decode(r, &child)?)),
            }
        }
        black_box(&fields);
        Ok(match mode {
            "b" => Node::Boxed(boxed.flatten()),
            "l" => Node::Listed(listed),
            _ => Node::Direct(direct),
        })
    }
}

fn nested(name: &str, depth: usize) -> String {
    format!(
        "{}{}",
        format!("<{name}>").repeat(depth),
        format!("</{name}>").repeat(depth)
    )
}

fn decode(doc: &str, limits: &Limits) -> Result<Node, DecodeError> {
    let mut r = Reader::new(doc.as_bytes(), limits)?;
    let root = r.root()?;
    let node = Node::decode(&mut r, &root)?;
    r.finish()?;
    Ok(node)
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

#[test]
fn recursion_through_box_and_vec_grows_the_stack() {
    // 256 levels of 48 KiB are 12 MiB: six times the thread's stack.
    on_small_stack(|| {
        let limits = Limits::default();
        for name in ["b", "l"] {
            let node = decode(&nested(name, limits.max_depth), &limits).expect("decodes");
            assert_eq!(node.depth(), limits.max_depth, "{name}");
            let e = decode(&nested(name, limits.max_depth + 1), &limits).expect_err("too deep");
            assert_eq!(e.kind, DecodeErrorKind::TooDeep, "{name}");
        }
        // A higher configured depth works too.
        let limits = Limits::default().max_depth(1000);
        let node = decode(&nested("b", 1000), &limits).expect("decodes");
        assert_eq!(node.depth(), 1000);
    });
}

#[test]
fn direct_recursion_stops_with_too_deep_instead_of_overflowing() {
    on_small_stack(|| {
        let limits = Limits::default();
        match decode(&nested("d", limits.max_depth), &limits) {
            Ok(node) => assert_eq!(node.depth(), limits.max_depth),
            Err(e) => assert_eq!(e.kind, DecodeErrorKind::TooDeep, "{e}"),
        }
        // Shallow documents still decode.
        let node = decode(&nested("d", 10), &limits).expect("decodes");
        assert_eq!(node.depth(), 10);
    });
}
