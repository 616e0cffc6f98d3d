//! Governance fixtures: each spec in `tests/fixtures/governance/` is a valid
//! policy that an opt-in check rejects (line 1 says how). `zonec check
//! --require-ticket` exits 2 with one error per allow without a ticket,
//! snapshotted in `tests/snapshots/governance/`; without the flag the same
//! policy passes, and `build --require-ticket` writes nothing.

use crate::util::{root, stem, zonec};

const TODAY: &str = "2026-11-22";

mod require_ticket {
    crate::fixture_lists::governance_fixtures!(super::check_fixture);
}

fn check_fixture(file: &str) {
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    assert!(
        text.starts_with("# with --require-ticket: "),
        "{file}: line 1 must say what the check finds"
    );
    let plain = zonec(&["check", "--today", TODAY, file]);
    assert_eq!(plain.code, 0, "{file}: without the flag\n{}", plain.stderr);
    let run = zonec(&["check", "--require-ticket", "--today", TODAY, file]);
    assert_eq!(run.code, 2, "{file}: exit {}\n{}", run.code, run.stderr);
    let out = std::env::temp_dir().join(format!(
        "zonec-governance-{}-{}",
        std::process::id(),
        stem(file)
    ));
    let out_arg = out.to_string_lossy().into_owned();
    let build = zonec(&[
        "build",
        "--require-ticket",
        "--today",
        TODAY,
        "-o",
        &out_arg,
        file,
    ]);
    assert_eq!(build.code, 2, "{file}: build exit {}", build.code);
    assert!(!out.exists(), "{file}: build wrote {}", out.display());
    insta::with_settings!({
        snapshot_path => "snapshots/governance",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => text.lines().next().unwrap_or_default(),
    }, {
        insta::assert_snapshot!(stem(file), run.stderr);
    });
}
