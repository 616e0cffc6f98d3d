//! The router's `nft`, the one program `apply` changes the kernel with.
//! Scripts go in on standard input (`-f -`), so no file outside the state
//! directory is ever written; every load is one `nft -f`, which the kernel
//! applies as one transaction (all or nothing).

use std::io::Write;
use std::process::{Command, Stdio};

/// The table zonec owns, as nft names it.
pub const TABLE: &str = "inet zonec";

/// What nft said when it failed (its standard error, or why it did not run).
#[derive(Debug)]
pub struct Failed(pub String);

/// Run `nft ARGS`, with `script` on standard input when given; its
/// standard output.
fn nft(args: &[&str], script: Option<&str>) -> Result<String, Failed> {
    let mut child = Command::new("nft")
        .args(args)
        .stdin(if script.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| Failed(format!("cannot run `nft`: {e}")))?;
    if let (Some(text), Some(mut stdin)) = (script, child.stdin.take()) {
        // A write error shows up as nft's own failure below.
        let _ = stdin.write_all(text.as_bytes());
    }
    let out = child
        .wait_with_output()
        .map_err(|e| Failed(format!("`nft` did not finish: {e}")))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        let said = String::from_utf8_lossy(&out.stderr);
        Err(Failed(format!(
            "`nft {}` failed ({}): {}",
            args.join(" "),
            out.status,
            said.trim()
        )))
    }
}

/// Check a script without loading it (`nft -c`).
pub fn check(script: &str) -> Result<(), Failed> {
    nft(&["-c", "-f", "-"], Some(script)).map(|_| ())
}

/// Load a script in one transaction.
pub fn load(script: &str) -> Result<(), Failed> {
    nft(&["-f", "-"], Some(script)).map(|_| ())
}

/// The whole running ruleset as JSON (`nft -j list ruleset`).
pub fn ruleset_json() -> Result<String, Failed> {
    nft(&["-j", "list", "ruleset"], None)
}

/// The text of the running `table inet zonec`, or `None` when there is
/// none (read from `ruleset`, the JSON listing, so a missing table is
/// never confused with a failing nft).
pub fn zonec_table(ruleset: &str) -> Result<Option<String>, Failed> {
    if !has_zonec_table(ruleset) {
        return Ok(None);
    }
    nft(&["list", "table", "inet", "zonec"], None).map(Some)
}

/// Whether a `nft -j list ruleset` listing holds `table inet zonec`.
fn has_zonec_table(ruleset: &str) -> bool {
    let Ok(json) = serde_json::from_str::<serde_json::Value>(ruleset) else {
        // Unreadable: assume there is one, so `nft list table` decides.
        return true;
    };
    let items = json.get("nftables").and_then(|v| v.as_array());
    items.into_iter().flatten().any(|item| {
        let table = item.get("table");
        let field = |k: &str| table.and_then(|t| t.get(k)).and_then(|v| v.as_str());
        field("family") == Some("inet") && field("name") == Some("zonec")
    })
}

/// The script that replaces the running table with `table` (nft's listing
/// of the table to put back), or removes it when `table` is `None`; one
/// transaction either way (the first line creates the table if missing,
/// so the delete never fails).
pub fn restore_script(table: Option<&str>) -> String {
    let mut script = format!("table {TABLE}\ndelete table {TABLE}\n");
    if let Some(text) = table {
        script.push_str(text);
        if !text.ends_with('\n') {
            script.push('\n');
        }
    }
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_zonec_table_in_a_listing() {
        let with = r#"{"nftables": [{"metainfo": {}}, {"table": {"family": "inet", "name": "zonec", "handle": 3}}]}"#;
        let other = r#"{"nftables": [{"table": {"family": "ip", "name": "zonec", "handle": 3}}]}"#;
        assert!(has_zonec_table(with));
        assert!(!has_zonec_table(other));
        assert!(!has_zonec_table(r#"{"nftables": []}"#));
    }

    #[test]
    fn a_restore_replaces_or_removes_in_one_script() {
        assert_eq!(
            restore_script(None),
            "table inet zonec\ndelete table inet zonec\n"
        );
        let back = restore_script(Some("table inet zonec {\n}"));
        assert_eq!(
            back,
            "table inet zonec\ndelete table inet zonec\ntable inet zonec {\n}\n"
        );
    }
}
