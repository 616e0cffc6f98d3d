//! `zonec matrix --from/--to` (issue 15 item 8): the rows and columns of
//! some zones, named or by `@label`, in every format; an unknown name gets
//! the diagnostic `check` gives it ("did you mean", the label-or-zone hint)
//! and exit 2, with nothing on standard output.

use crate::util::zonec;

const TODAY: &str = "2026-11-22";
const FILE: &str = "tests/fixtures/violations/label-selector.zones";

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "snapshots/matrix",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        description => FILE,
    }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}

/// `zonec matrix FILE ARGS`, as `$ command`, exit code, stdout and stderr.
fn transcript(args: &[&str]) -> String {
    let mut all = vec!["matrix", FILE, "--today", TODAY];
    all.extend(args);
    let run = zonec(&all);
    format!(
        "$ zonec matrix {}\nexit {}\n{}{}",
        args.join(" "),
        run.code,
        run.stdout,
        run.stderr
    )
}

#[test]
fn from_and_to_keep_the_rows_and_columns_of_zones_and_labels() {
    let text = [
        transcript(&["--from", "@iot,bms", "--to", "@phi", "--to", "bms"]),
        transcript(&["--from", "bms", "--to", "@phi", "--format", "csv"]),
        transcript(&["--from", "@iot", "--transitive", "--format", "csv"]),
        transcript(&["--to", "clinical", "--format", "json"]),
    ];
    snapshot("from-to", &text.join("\n"));
}

#[test]
fn an_unknown_name_gets_the_hints_of_check_and_exit_2() {
    for args in [["--from", "clincal"], ["--to", "phi"], ["--to", "@bms"]] {
        let mut all = vec!["matrix", FILE, "--today", TODAY];
        all.extend(args);
        let run = zonec(&all);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    let text = [
        transcript(&["--from", "clincal"]),
        transcript(&["--from", "phi,bms", "--to", "@bms"]),
        transcript(&["--to", "@ph"]),
    ];
    snapshot("unknown-names", &text.join("\n"));
}
