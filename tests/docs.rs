//! The documentation is part of the contract: every diagnostic code has a
//! section in `docs/diagnostics.md`, so users can look up what CI told them.

use crate::util::root;
use zonec_base::Code;

#[test]
fn every_code_is_documented() {
    let text = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !text.lines().any(|l| l.trim() == format!("## {c}")))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a `## code` section: {missing:?}"
    );
}

/// The README names the tool versions `.ci/run` pins (and installs), so a
/// contributor tests with what CI tests with; cargo-insta's pin is the
/// insta version of the lock file.
#[test]
fn readme_names_the_tools_ci_pins() {
    let read = |p: &str| std::fs::read_to_string(root().join(p)).unwrap();
    let (ci, readme, requirements) = (
        read(".ci/run"),
        read("README.md"),
        read(".ci/requirements.txt"),
    );
    let pins: Vec<&str> = ci
        .lines()
        .skip_while(|l| *l != "apt_pins=(")
        .skip(1)
        .take_while(|l| *l != ")")
        .map(str::trim)
        .collect();
    assert!(pins.len() >= 5, "apt_pins in .ci/run: {pins:?}");
    let cfn = ci
        .lines()
        .find_map(|l| l.strip_prefix("cfn_lint_version="))
        .expect("cfn_lint_version= in .ci/run");
    let cfn = format!("cfn-lint=={cfn}");
    for pin in pins.iter().copied().chain([cfn.as_str()]) {
        assert!(readme.contains(pin), "README.md does not name {pin}");
    }
    assert!(requirements.lines().any(|l| l == cfn), "{cfn}");

    // cargo-insta: the insta of Cargo.lock, and the README installs it.
    let insta = ci
        .lines()
        .find_map(|l| l.strip_prefix("cargo_insta_version="))
        .expect("cargo_insta_version= in .ci/run");
    let lock = read("Cargo.lock");
    let locked = lock
        .split("\n\n")
        .find(|p| p.contains("\nname = \"insta\"\n"))
        .and_then(|p| p.lines().find_map(|l| l.strip_prefix("version = ")))
        .expect("insta in Cargo.lock");
    assert_eq!(locked, format!("\"{insta}\""), "cargo-insta pin vs insta");
    let install = format!("cargo install cargo-insta --version ={insta} --locked");
    assert!(
        readme.contains(&install),
        "README.md does not say `{install}`"
    );
    // The README's test command is what CI runs.
    let test = readme
        .lines()
        .find(|l| l.starts_with("cargo insta test "))
        .expect("a `cargo insta test` command in README.md");
    assert!(ci.contains(test), ".ci/run does not run `{test}`");
}
