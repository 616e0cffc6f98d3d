//! The documentation is part of the contract: every diagnostic code has a
//! section in `docs/diagnostics.md`, so users can look up what CI told them.

use crate::util::root;
use zonec_compiler::Code;

#[test]
fn every_code_is_documented() {
    let text = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !text.lines().any(|l| l.trim() == format!("## {c}")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a `## code` section: {missing:?}"
    );
}
