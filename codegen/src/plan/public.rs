//! Which planned types are generated: those the public API shows (see
//! [`super::names`]) and those the generated code needs to encode or decode.
//! An array wrapper whose every holder was unwrapped and that is only sent
//! is neither, and is not generated.

use super::Plan;

/// Per type: whether it is generated.
pub(super) fn generated(plan: &Plan) -> Vec<bool> {
    super::names::visible(plan)
        .iter()
        .zip(&plan.directions)
        .map(|(&public, &(enc, dec))| public || enc || dec)
        .collect()
}
