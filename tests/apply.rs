//! `zonec apply`'s refusals that come before the kernel is touched (the
//! kernel cases are in `kernel/apply.rs`): the operator's own session
//! would lose the router, nothing awaits `--confirm`, and a state
//! directory that is a symbolic link.

use crate::util::root;
use std::path::PathBuf;
use std::process::Command;

const ROUTER: &str = "tests/fixtures/kernel/router.zones";

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("zonec-apply-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `zonec apply ARGS --state-dir STATE` with `SSH_CLIENT` set as given.
fn apply(args: &[&str], state: &PathBuf, ssh_client: Option<&str>) -> (i32, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zonec"));
    cmd.arg("apply")
        .args(args)
        .arg("--state-dir")
        .arg(state)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("SSH_CLIENT");
    if let Some(value) = ssh_client {
        cmd.env("SSH_CLIENT", value);
    }
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (out.status.code().unwrap_or(-1), stderr)
}

#[test]
fn a_session_from_a_zone_that_cannot_reach_self_is_not_cut() {
    let dir = scratch("lockout");
    let state = dir.join("state");
    // guest may not reach `self` at all.
    let (code, stderr) = apply(&[ROUTER], &state, Some("10.71.0.5 51000 22"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("zonec::lockout"), "{stderr}");
    assert!(
        stderr.contains("10.71.0.5 (SSH_CLIENT, zone `guest`)")
            && stderr.contains("on tcp port 22: loading it would cut this session"),
        "{stderr}"
    );
    // mgmt reaches `self` on 22 only: a session on another port is cut too.
    let (code, stderr) = apply(&[ROUTER], &state, Some("10.70.0.5 51000 2222"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("zone `mgmt`"), "{stderr}");
    // --from wins over SSH_CLIENT.
    let from = ["--from", "10.71.0.9", ROUTER];
    let (code, stderr) = apply(&from, &state, Some("10.70.0.5 51000 22"));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("10.71.0.9 (--from, zone `guest`)"),
        "{stderr}"
    );
    assert!(!state.exists(), "nothing is saved before the checks pass");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn confirm_with_nothing_pending_is_an_error() {
    let dir = scratch("confirm");
    let (code, stderr) = apply(&["--confirm"], &dir.join("state"), None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("no apply awaits confirmation"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_state_directory_that_is_a_link_is_refused() {
    let dir = scratch("link");
    let real = dir.join("real");
    std::fs::create_dir(&real).unwrap();
    let link = dir.join("state");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let (code, stderr) = apply(&["--rollback"], &link, None);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("not a symbolic link"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}
