//! Warning fixtures: each spec in `tests/fixtures/warnings/` is valid but
//! suspicious (line 1 says why), so `zonec check` exits 0 and prints its
//! warnings on stderr, which are snapshotted in `tests/snapshots/warnings/`
//! under the fixture's name. Dates are fixed with `--today`.

use crate::util::{root, stem, zonec};

/// The date every fixture is checked against, so expiry messages are stable.
const TODAY: &str = "2026-11-22";

/// Every warning fixture exits 0 with a snapshot of its warnings.
mod warns {
    crate::fixture_lists::warning_fixtures!(super::check_fixture);
}

fn check_fixture(file: &str) {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    assert!(
        text.starts_with("# warns: "),
        "{file}: line 1 must say what it warns about"
    );
    let run = zonec(&["check", "--today", TODAY, file]);
    assert_eq!(run.code, 0, "{file}: exit {}\n{}", run.code, run.stderr);
    assert!(
        run.stderr.contains("⚠"),
        "{file}: no warning\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("×"),
        "{file}: an error\n{}",
        run.stderr
    );
    insta::with_settings!({
        snapshot_path => "snapshots/warnings",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => text.lines().next().unwrap_or_default(),
    }, {
        insta::assert_snapshot!(stem(file), run.stderr);
    });
}
