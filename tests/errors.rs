//! Error fixtures: every `tests/fixtures/errors/*.zones` is a small broken
//! spec (line 1 says what it breaks, unless the file is empty). `zonec check` must reject each with
//! exit code 2 and no panic; what it prints, for people and as JSON, is a
//! snapshot in `tests/snapshots/errors/`, named after the fixture. One test
//! per fixture (`errors::rejected::NAME`), listed in `fixture_lists.rs`.

use crate::util;

const TODAY: &str = "2026-11-22";

/// Every error fixture is rejected with a snapshot of its diagnostics.
mod rejected {
    crate::fixture_lists::error_fixtures!(super::check_fixture);
}

fn check_fixture(file: &str) {
    let bytes = std::fs::read(util::root().join(file));
    assert!(bytes.is_ok(), "{file}: {bytes:?}");
    let text = String::from_utf8_lossy(&bytes.unwrap_or_default()).into_owned();
    assert!(
        text.is_empty() || text.starts_with('#'),
        "{file}: line 1 must be a comment saying what it breaks"
    );
    let name = util::stem(file);

    let human = util::zonec(&["check", "--today", TODAY, file]);
    assert_eq!(human.code, 2, "{file}: exit code\n{}", human.stderr);
    assert!(
        !human.stderr.contains("panicked"),
        "{file}:\n{}",
        human.stderr
    );
    assert!(
        human.stdout.is_empty(),
        "{file}: human output goes to stderr"
    );

    let json = util::zonec(&["check", "--today", TODAY, "--format", "json", file]);
    assert_eq!(json.code, 2, "{file}: exit code with --format json");
    assert!(
        !json.stderr.contains("panicked"),
        "{file}:\n{}",
        json.stderr
    );
    let report = serde_json::from_str::<serde_json::Value>(&json.stdout);
    assert!(report.is_ok(), "{file}: not JSON:\n{}", json.stdout);
    assert_eq!(report.unwrap_or_default()["ok"], false, "{file}");

    insta::with_settings!({
        snapshot_path => "snapshots/errors",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => text.lines().next().unwrap_or_default(),
    }, {
        insta::assert_snapshot!(name.clone(), human.stderr);
        insta::assert_snapshot!(format!("{name}.json"), json.stdout);
    });
}
