//! Warning fixtures: each spec in `tests/fixtures/warnings/` is valid but
//! suspicious, so `zonec check` exits 0 and prints its warnings. The stderr
//! of each run is snapshotted (dates are fixed with `--today`).

use crate::util::{stem, zonec, zones_files};

/// The date every fixture is checked against, so expiry messages are stable.
const TODAY: &str = "2026-11-22";

#[test]
fn every_warning_fixture_exits_0_with_its_warnings() {
    let files = zones_files("tests/fixtures/warnings");
    assert!(files.len() >= 3, "warning fixtures missing: {files:?}");
    for file in files {
        let run = zonec(&["check", "--today", TODAY, &file]);
        assert_eq!(run.code, 0, "{file}: exit {}\n{}", run.code, run.stderr);
        assert!(
            run.stderr.contains("warning"),
            "{file}: no warning\n{}",
            run.stderr
        );
        insta::assert_snapshot!(format!("warning-{}", stem(&file)), run.stderr);
    }
}
