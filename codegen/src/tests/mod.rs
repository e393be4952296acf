//! Test suites over the internal stages (they are not public API, so these
//! live in the crate rather than in `tests/`).

mod read;
