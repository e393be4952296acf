//! One set of sensitive-name patterns: the generator's default (fields whose
//! generated `Debug` hides the value) is the runtime's default (logs, error
//! excerpts, recordings).

#[test]
fn generator_and_runtime_share_the_sensitive_names() {
    let generator = soapgen::plan::PlanOptions::default().sensitive;
    assert_eq!(generator, soapgen_runtime::DEFAULT_SENSITIVE_NAMES);
}
