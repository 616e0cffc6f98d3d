//! The documentation is part of the contract: `docs/diagnostics.md` is
//! generated from the table of codes (`zonec_base::codes`), one section per
//! code, so users can look up what CI told them; the committed page must be
//! what the table generates.

use crate::util::root;
use zonec_base::codes;

/// `ZONEC_BLESS=1` rewrites the page instead of comparing.
#[test]
fn diagnostics_doc() {
    let path = root().join("docs/diagnostics.md");
    let generated = codes::markdown();
    if std::env::var_os("ZONEC_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(
        committed == generated,
        "docs/diagnostics.md differs from the table of codes in \
         compiler/base/src/codes.rs (and codes/*.md); edit those, then run\n  \
         ZONEC_BLESS=1 cargo test --release --test tests diagnostics_doc"
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
