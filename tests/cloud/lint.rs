//! `cfn-lint` (the CloudFormation linter, from PyPI) on every generated
//! CloudFormation template. Without `cfn-lint` the check prints a notice
//! and passes, unless `CI=true`, where it fails: CI installs it.

use std::path::PathBuf;
use std::process::Command;

/// Lint one template; `name` names it in messages and the temp file.
pub fn cfn_lint(name: &str, template: &str) {
    let Some(version) = available() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "cfn-lint is required in CI (pip install cfn-lint)"
        );
        eprintln!("notice: cfn-lint not found, skipping the lint of {name} (pip install cfn-lint)");
        return;
    };
    let path = temp_path(name);
    std::fs::write(&path, template).expect("write the template");
    let out = Command::new("cfn-lint")
        .arg("--")
        .arg(&path)
        .output()
        .expect("cfn-lint runs");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "cfn-lint {version} rejects {name}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn available() -> Option<String> {
    let out = Command::new("cfn-lint").arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

fn temp_path(name: &str) -> PathBuf {
    let safe: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    std::env::temp_dir().join(format!("zonec-{}-{safe}.json", std::process::id()))
}
