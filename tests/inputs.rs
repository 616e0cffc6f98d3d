//! Input that never reaches the parser or has nothing in it: a missing file,
//! a file that is not UTF-8, an empty file. Each is a diagnostic and exit 2,
//! never a panic. Checked on the JSON output, whose messages are not wrapped.

use crate::util::zonec;
use serde_json::Value;

/// `zonec check --format json FILE`: exit code and the diagnostics array.
fn check_json(file: &str) -> (i32, Vec<Value>) {
    let run = zonec(&["check", "--format", "json", file]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap_or(Value::Null);
    let diags = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (run.code, diags)
}

#[test]
fn an_unreadable_file_is_an_io_error() {
    let missing = "tests/fixtures/errors/no-such-file.zones";
    let (code, diags) = check_json(missing);
    assert_eq!(code, 2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "zonec::io-error");
    assert_eq!(diags[0]["file"], missing);
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("cannot read `{missing}`")),
        "{message}"
    );
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let (code, diags) = check_json("tests/fixtures/errors/not-utf8.zones");
    assert_eq!(code, 2);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "zonec::not-utf8");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.ends_with("(first bad byte at offset 46)"),
        "{message}"
    );
}

#[test]
fn an_empty_file_is_an_empty_policy() {
    for file in [
        "tests/fixtures/errors/empty.zones",
        "tests/fixtures/errors/comments-only.zones",
    ] {
        let (code, diags) = check_json(file);
        assert_eq!(code, 2, "{file}");
        let codes: Vec<&str> = diags.iter().filter_map(|d| d["code"].as_str()).collect();
        assert_eq!(codes, ["zonec::empty-policy"], "{file}");
        assert_eq!(diags[0]["file"], file);
        assert_eq!(diags[0]["line"], 1);
    }
}
