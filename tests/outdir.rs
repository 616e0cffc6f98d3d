//! `build -o DIR` is one transaction: DIR holds exactly one complete build
//! (no stale files of an earlier one, nothing written through a link in it),
//! a directory zonec did not make is refused unless `--force`, a concurrent
//! build is locked out, a failed build leaves the previous one, leftovers of
//! a killed run are removed without following links, and `report
//! --artifacts` flags any file the manifest does not list.

use crate::paths::{bounded, policy_in, scratch, zonec_in};
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-01-15";

fn build(dir: &Path, extra: &[&str]) -> crate::paths::Run {
    let mut args = vec!["build", "p.zones", "--today", TODAY, "-o", "out"];
    args.extend_from_slice(extra);
    zonec_in(dir, &args)
}

/// `zonec report --artifacts out` on the build in `dir`.
fn attest(dir: &Path) -> crate::paths::Run {
    let args = [
        "report",
        "p.zones",
        "--today",
        TODAY,
        "--artifacts",
        "out",
        "-o",
        "r.html",
    ];
    zonec_in(dir, &args)
}

/// Every name directly in `dir` other than `keep`: what a build left beside
/// its output directory.
fn beside(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    names.sort();
    names
}

#[test]
fn a_second_build_removes_stale_files() {
    let dir = scratch("stale");
    policy_in(&dir.0);
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    let out = dir.0.join("out");
    std::fs::write(out.join("vlan/networkd/90-removed.network"), "stale").unwrap();
    std::fs::write(out.join("cloud-old.tf.json"), "stale").unwrap();
    let run = build(&dir.0, &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!out.join("vlan/networkd/90-removed.network").exists());
    assert!(!out.join("cloud-old.tf.json").exists());
    assert!(out.join("manifest.json").is_file());
    assert_eq!(beside(&dir.0, &["p.zones", "out"]), Vec::<String>::new());
}

#[test]
fn a_link_to_a_device_in_the_output_directory_is_not_written_through() {
    let dir = scratch("device-link");
    policy_in(&dir.0);
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    let ruleset = dir.0.join("out/nftables/zonec.nft");
    std::fs::remove_file(&ruleset).unwrap();
    std::os::unix::fs::symlink("/dev/null", &ruleset).unwrap();
    let run = build(&dir.0, &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let meta = std::fs::symlink_metadata(&ruleset).unwrap();
    assert!(meta.is_file(), "the link is gone, the ruleset is a file");
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[test]
fn an_output_directory_that_is_a_symlink_is_refused() {
    let dir = scratch("dir-link");
    policy_in(&dir.0);
    std::fs::create_dir(dir.0.join("elsewhere")).unwrap();
    std::os::unix::fs::symlink("elsewhere", dir.0.join("out")).unwrap();
    let run = build(&dir.0, &[]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("it is a symbolic link, not a directory"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(dir.0.join("elsewhere")).unwrap().count(),
        0
    );
}

#[test]
fn a_foreign_directory_is_refused_unless_forced() {
    let dir = scratch("foreign");
    policy_in(&dir.0);
    std::fs::create_dir(dir.0.join("out")).unwrap();
    std::fs::write(dir.0.join("out/notes.txt"), "mine").unwrap();
    let run = build(&dir.0, &[]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("holds no `manifest.json`"),
        "{}",
        run.stderr
    );
    assert!(dir.0.join("out/notes.txt").exists());
    assert!(!dir.0.join("out/manifest.json").exists());

    let run = build(&dir.0, &["--force"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(!dir.0.join("out/notes.txt").exists());
    assert!(dir.0.join("out/manifest.json").is_file());
}

#[test]
fn an_output_directory_holding_the_policy_is_refused_even_forced() {
    let dir = scratch("holds-input");
    policy_in(&dir.0);
    let run = zonec_in(
        &dir.0,
        &["build", "p.zones", "--today", TODAY, "-o", ".", "--force"],
    );
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("holds the input"), "{}", run.stderr);
    assert!(dir.0.join("p.zones").is_file());
}

#[test]
fn a_concurrent_build_is_locked_out() {
    let dir = scratch("lock");
    policy_in(&dir.0);
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    let out = std::fs::File::open(dir.0.join("out")).unwrap();
    rustix::fs::flock(&out, rustix::fs::FlockOperation::NonBlockingLockExclusive).unwrap();
    let run = build(&dir.0, &[]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("another zonec build is writing `out`"),
        "{}",
        run.stderr
    );
    drop(out);
    // A child another test is spawning may still hold a copy of the locked
    // descriptor between its fork and its exec (which closes it): wait for
    // that, a little, rather than fail.
    let mut again = build(&dir.0, &[]);
    for _ in 0..50 {
        if !again.stderr.contains("another zonec build is writing") {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        again = build(&dir.0, &[]);
    }
    assert_eq!(again.code, Some(0), "{again:?}");
}

/// A write error (here the file-size limit, as a full disk would) in the
/// middle of a build leaves the previous build whole, and nothing beside it.
#[test]
fn a_failed_build_leaves_the_previous_build() {
    let dir = scratch("failed");
    policy_in(&dir.0);
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    let manifest = std::fs::read(dir.0.join("out/manifest.json")).unwrap();
    let before = crate::paths::tree(&dir.0.join("out"));
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "trap '' XFSZ; ulimit -f 2; exec \"$0\" build p.zones --today 2026-01-16 --target nftables,vlan -o out",
        env!("CARGO_BIN_EXE_zonec"),
    ])
    .current_dir(&dir.0);
    let run = bounded(cmd, b"");
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("File too large"), "{}", run.stderr);
    assert_eq!(
        std::fs::read(dir.0.join("out/manifest.json")).unwrap(),
        manifest
    );
    assert_eq!(crate::paths::tree(&dir.0.join("out")), before);
    assert_eq!(beside(&dir.0, &["p.zones", "out"]), Vec::<String>::new());
}

/// Whenever a build is killed, DIR is one complete build that `report
/// --artifacts` attests (the previous one or the new one), and the next
/// build leaves nothing beside DIR.
#[test]
fn a_killed_build_leaves_one_complete_build() {
    let dir = scratch("killed");
    policy_in(&dir.0);
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    for (i, delay) in (0..40).step_by(4).enumerate() {
        let targets = if i % 2 == 0 {
            "nftables"
        } else {
            "nftables,vlan"
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_zonec"))
            .args([
                "build", "p.zones", "--today", TODAY, "-o", "out", "--target", targets,
            ])
            .current_dir(&dir.0)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let run = attest(&dir.0);
        assert_eq!(run.code, Some(0), "killed after {delay} ms: {run:?}");
    }
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    assert_eq!(
        beside(&dir.0, &["p.zones", "out", "r.html"]),
        Vec::<String>::new()
    );
}

#[test]
fn leftovers_of_a_killed_run_are_removed_without_following_links() {
    let dir = scratch("leftovers");
    policy_in(&dir.0);
    std::fs::create_dir(dir.0.join("keep")).unwrap();
    std::fs::write(dir.0.join("keep/victim"), "precious").unwrap();
    let hex = "0123456789abcdef0123456789abcdef";
    let stage = dir.0.join(format!(".out.{hex}.zonec-stage"));
    std::fs::create_dir(&stage).unwrap();
    std::os::unix::fs::symlink("../keep/victim", stage.join("manifest.json")).unwrap();
    std::os::unix::fs::symlink("keep", dir.0.join(format!(".out.{hex}.zonec-old"))).unwrap();
    let run = build(&dir.0, &[]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(
        beside(&dir.0, &["p.zones", "out", "keep"]),
        Vec::<String>::new()
    );
    assert_eq!(
        std::fs::read_to_string(dir.0.join("keep/victim")).unwrap(),
        "precious"
    );
}

#[test]
fn report_artifacts_flags_a_file_the_manifest_does_not_list() {
    let dir = scratch("unlisted");
    policy_in(&dir.0);
    assert_eq!(build(&dir.0, &[]).code, Some(0));
    assert_eq!(attest(&dir.0).code, Some(0));
    std::fs::write(dir.0.join("out/vlan/networkd/90-extra.network"), "x").unwrap();
    let run = attest(&dir.0);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains(
            "`out/vlan/networkd/90-extra.network` is in the build directory but not in its manifest"
        ),
        "{}",
        run.stderr
    );
}
