//! `zonec check --format json` carries each invariant's `reason`, `ticket`
//! and `cites` as written (issue 15 item 8): every invariant has all three
//! keys, `null` (or `[]` for `cites`) when the field is absent, whether it
//! holds or not. One snapshot per fixture in `tests/fixtures/json/` of
//! those fields of every invariant.

use crate::util::zonec;
use serde_json::{json, Value};

const TODAY: &str = "2026-11-22";

mod fixtures {
    crate::fixture_lists::json_fixtures!(super::check_meta);
}

fn check_meta(file: &str) {
    let run = zonec(&["check", "--today", TODAY, "--format", "json", file]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let mut text = format!("exit {}\n", run.code);
    for inv in report["invariants"].as_array().unwrap() {
        let object = inv.as_object().unwrap();
        for key in ["reason", "ticket", "cites"] {
            assert!(object.contains_key(key), "{file}: no `{key}` in {inv}");
        }
        assert!(inv["cites"].is_array(), "{file}: {inv}");
        let meta = json!({
            "invariant": [&inv["kind"], &inv["from"], &inv["to"]],
            "holds": inv["holds"],
            "reason": inv["reason"],
            "ticket": inv["ticket"],
            "cites": inv["cites"],
        });
        text.push_str(&serde_json::to_string(&meta).unwrap());
        text.push('\n');
    }
    insta::with_settings!({
        snapshot_path => "snapshots/check_json",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => file,
    }, {
        insta::assert_snapshot!(crate::util::stem(file), text);
    });
}

/// Issue 16: each invariant says whether it holds as written (`holds`) and
/// as deployed (`holds_as_deployed`, every pair with a monitored end open).
#[test]
fn invariants_say_whether_they_hold_as_deployed() {
    let file = "tests/fixtures/warnings/holds-only-as-written.zones";
    let run = zonec(&["check", "--today", TODAY, "--format", "json", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let marks: Vec<(String, bool, bool)> = report["invariants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|inv| {
            (
                format!("{} {} {}", inv["kind"], inv["from"], inv["to"]),
                inv["holds"].as_bool().unwrap(),
                inv["holds_as_deployed"].as_bool().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("\"forbid-path\" \"guest\" \"clinical\"", true, false),
        ("\"forbid\" \"pumps\" \"clinical\"", true, false),
        // Neither end monitored: the direct flow stays closed.
        ("\"forbid\" \"guest\" \"clinical\"", true, true),
    ];
    let expected: Vec<(String, bool, bool)> = expected
        .iter()
        .map(|(k, h, d)| (k.to_string(), *h, *d))
        .collect();
    assert_eq!(marks, expected);
}
