//! Stack use of recursive decoding (issue 11, item 1).
//!
//! Generated decoders recurse once per nesting level, with a frame that grows with the
//! number of fields (tens of KiB per level in debug builds). Two mechanisms keep any
//! input up to `max_depth` from overflowing the stack:
//!
//! * **Growth at the recursion points.** Every recursive type reaches itself through a
//!   `Box` or a `Vec`, and the runtime decodes both: [`Box<T>`]'s `Decode` and the
//!   repeated-field helpers run the nested decode through [`grow`], which moves to a new
//!   heap-allocated stack segment (`stacker`) when less than [`RED_ZONE`] is left. The
//!   check is a comparison with a thread-local limit; a new segment is allocated only
//!   when a deep document actually needs it.
//! * **A backstop in the reader.** A path that reaches a nested decode without passing
//!   through the runtime (hand-written `Decode` impls calling each other) is stopped at
//!   the next start tag with a typed `too-deep` error when less than [`BACKSTOP`] is left,
//!   instead of overflowing.
//!
//! Why not an explicit stack: the generated decoders are ordinary recursive functions
//! (simple to read and to write by hand for extern types); turning them into a state
//! machine would make every generated type much larger. Why not smaller frames alone: a
//! frame still grows with the number of fields, and debug builds do not merge locals.

/// Grow when less than this is left: more than the deepest stack use between two
/// recursion points (one decoder frame of a very wide type in a debug build, plus the
/// reader's own calls).
pub(crate) const RED_ZONE: usize = 512 * 1024;

/// Size of each new stack segment.
const SEGMENT: usize = 4 * 1024 * 1024;

/// The reader refuses to go deeper with less than this left (see the module docs).
pub(crate) const BACKSTOP: usize = 128 * 1024;

/// Runs `f` (a nested decode) with at least [`RED_ZONE`] of stack.
#[inline]
pub(crate) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

/// Whether less than [`BACKSTOP`] of stack is left (`false` where it cannot be told).
#[inline]
pub(crate) fn exhausted() -> bool {
    stacker::remaining_stack().is_some_and(|left| left < BACKSTOP)
}
