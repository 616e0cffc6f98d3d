//! Member zones (`zone NAME in PARENT`, language 1.1): how selectors expand
//! through them, as the matrix shows it (each rule of a fixture on its own
//! port), `explain` of a member (what it inherits) and of a member with its
//! parent (one segment). One snapshot per fixture in
//! `tests/fixtures/members/`; `fmt` of `in PARENT` is in `fmt.rs`.

use crate::util::zonec;

const TODAY: &str = "2026-11-22";

mod fixtures {
    crate::fixture_lists::members_fixtures!(super::check_members);
}

fn run(args: &[&str]) -> String {
    let mut all = vec!["--today", TODAY];
    all.splice(0..0, args.iter().copied());
    let run = zonec(&all);
    assert!(run.code <= 1, "{args:?}: {}", run.stderr);
    run.stdout
}

fn check_members(file: &str) {
    let check = zonec(&["check", file, "--today", TODAY]);
    assert_eq!(check.code, 0, "{file}: {}", check.stderr);
    let mut text = format!("$ zonec matrix\n{}", run(&["matrix", file]));
    text.push_str(&format!(
        "\n$ zonec matrix --transitive\n{}",
        run(&["matrix", "--transitive", file])
    ));
    for (from, to) in [
        ("pump_gw_nic", "probe"),
        ("pump_gw", "pump_server"),
        ("@iot", "probe"),
    ] {
        text.push_str(&format!("\n$ zonec explain --from {from} --to {to}\n"));
        text.push_str(&run(&["explain", file, "--from", from, "--to", to]));
    }
    insta::with_settings!({
        snapshot_path => "snapshots/members",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => file,
    }, {
        insta::assert_snapshot!(crate::util::stem(file), text);
    });
}
