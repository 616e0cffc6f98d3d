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
