//! Hostile paths around single files: output paths that are links, FIFOs or
//! `/dev/stdout`, links planted at temporary names, inputs that are devices,
//! FIFOs, huge or dangling, and `fmt` rewriting a file in place (mode, owner,
//! links). Every run has a time limit: a hang is a failure, not a stuck suite.

use crate::util::{root, OutDir};
use std::io::Write;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one bounded run of zonec did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

/// A fresh scratch directory (created), removed on drop.
pub fn scratch(name: &str) -> OutDir {
    let dir = OutDir::new("paths", name);
    std::fs::create_dir_all(&dir.0).unwrap();
    dir
}

/// The small example policy, copied to `dir/p.zones`.
pub fn policy_in(dir: &Path) -> PathBuf {
    let path = dir.join("p.zones");
    std::fs::copy(root().join("dsl-examples/small-clinic.zones"), &path).unwrap();
    path
}

/// Run `cmd` with `stdin` as its input for at most 20 seconds; killed (and
/// `code: None`) if it has not finished by then.
pub fn bounded(mut cmd: Command, stdin: &[u8]) -> Run {
    let capture = OutDir::new("paths", &format!("{:?}", std::thread::current().id()));
    std::fs::create_dir_all(&capture.0).unwrap();
    let (out_path, err_path) = (capture.0.join("stdout"), capture.0.join("stderr"));
    let mut child = cmd
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::from(std::fs::File::create(&out_path).unwrap()))
        .stderr(Stdio::from(std::fs::File::create(&err_path).unwrap()))
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let start = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = std::fs::read_to_string(&out_path).unwrap_or_default();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    Run {
        code,
        stdout,
        stderr,
    }
}

/// `zonec ARGS` run in `dir`, bounded.
pub fn zonec_in(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zonec"));
    cmd.args(args).current_dir(dir);
    bounded(cmd, b"")
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn links_planted_at_predictable_temporary_names_are_never_followed() {
    let dir = scratch("planted");
    policy_in(&dir.0);
    let victim = dir.0.join("victim");
    std::fs::write(&victim, "precious").unwrap();
    // zonec used to write `.g.svg.zonec-tmp-PID`: plant a link for each PID
    // the next processes are likely to get.
    let last: u32 = std::fs::read_to_string("/proc/sys/kernel/ns_last_pid")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    for pid in last + 1..last + 400 {
        let link = dir.0.join(format!(".g.svg.zonec-tmp-{pid}"));
        std::os::unix::fs::symlink(&victim, link).unwrap();
    }
    let run = zonec_in(&dir.0, &["graph", "p.zones", "-o", "g.svg"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(std::fs::read_to_string(dir.0.join("g.svg"))
        .unwrap()
        .starts_with("<svg"));
    let temporaries = names(&dir.0)
        .into_iter()
        .filter(|n| n.contains("zonec-tmp") && !n.starts_with(".g.svg.zonec-tmp-"))
        .count();
    assert_eq!(temporaries, 0, "a temporary file was left behind");
}

#[test]
fn an_output_path_that_is_a_symlink_is_refused_and_kept() {
    let dir = scratch("out-link");
    policy_in(&dir.0);
    std::fs::write(dir.0.join("victim"), "precious").unwrap();
    std::os::unix::fs::symlink("victim", dir.0.join("g.svg")).unwrap();
    let run = zonec_in(&dir.0, &["graph", "p.zones", "-o", "g.svg"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("it is a symbolic link"),
        "{}",
        run.stderr
    );
    let meta = std::fs::symlink_metadata(dir.0.join("g.svg")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_to_string(dir.0.join("victim")).unwrap(),
        "precious"
    );
}

#[test]
fn an_output_path_that_is_a_fifo_is_refused_without_hanging() {
    let dir = scratch("out-fifo");
    policy_in(&dir.0);
    mkfifo(&dir.0.join("report.html"));
    let run = zonec_in(&dir.0, &["report", "p.zones", "-o", "report.html"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("it is a FIFO"), "{}", run.stderr);
    let meta = std::fs::symlink_metadata(dir.0.join("report.html")).unwrap();
    assert!(meta.file_type().is_fifo());
}

/// `zonec graph -o /dev/stdout > f.svg` used to replace the system's
/// `/dev/stdout` link with a regular file; put it back if so, then fail.
#[test]
fn dev_stdout_and_dash_are_standard_output() {
    let dir = scratch("stdout");
    policy_in(&dir.0);
    for name in ["/dev/stdout", "-"] {
        let run = zonec_in(&dir.0, &["graph", "p.zones", "-o", name]);
        let dev_stdout = std::fs::symlink_metadata("/dev/stdout").unwrap();
        if !dev_stdout.file_type().is_symlink() {
            let _ = std::fs::remove_file("/dev/stdout");
            let _ = std::os::unix::fs::symlink("/proc/self/fd/1", "/dev/stdout");
            panic!("`-o {name}` replaced /dev/stdout");
        }
        assert_eq!(run.code, Some(0), "{run:?}");
        assert!(run.stdout.starts_with("<svg"), "-o {name}: {run:?}");
    }
    assert_eq!(names(&dir.0), ["p.zones"], "no file named `-` or other");
}

#[test]
fn dev_zero_as_input_is_refused_in_bounded_memory() {
    let dir = scratch("dev-zero");
    // An unbounded read would exhaust this limit and abort instead.
    let mut cmd = Command::new("sh");
    cmd.args([
        "-c",
        "ulimit -v 4000000; exec \"$0\" check /dev/zero",
        env!("CARGO_BIN_EXE_zonec"),
    ])
    .current_dir(&dir.0);
    let run = bounded(cmd, b"");
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("cannot read `/dev/zero`: it is a device, not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_fifo_as_input_is_refused_without_hanging() {
    let dir = scratch("in-fifo");
    mkfifo(&dir.0.join("p.zones"));
    let run = zonec_in(&dir.0, &["check", "p.zones"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("it is a FIFO, not a regular file"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_input_over_the_size_limit_is_refused() {
    let dir = scratch("huge");
    let file = std::fs::File::create(dir.0.join("p.zones")).unwrap();
    file.set_len(16 * 1024 * 1024 + 1).unwrap();
    let run = zonec_in(&dir.0, &["check", "p.zones"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(run.stderr.contains("larger than 16 MiB"), "{}", run.stderr);
}

#[test]
fn dash_reads_the_policy_from_standard_input() {
    let dir = scratch("stdin");
    let text = std::fs::read(policy_in(&dir.0)).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zonec"));
    cmd.args(["check", "-"]).current_dir(&dir.0);
    let run = bounded(cmd, &text);
    assert_eq!(run.code, Some(0), "{run:?}");
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_zonec"));
    cmd.args(["check", "-", "-"]).current_dir(&dir.0);
    let run = bounded(cmd, &text);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("named more than once"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_dangling_link_in_a_policy_directory_is_an_error() {
    let dir = scratch("dangling");
    let policy = dir.0.join("policy");
    std::fs::create_dir(&policy).unwrap();
    std::fs::write(policy.join("zones.zones"), "zone a { net 10.0.0.0/8 }\n").unwrap();
    std::os::unix::fs::symlink("gone.zones", policy.join("deny.zones")).unwrap();
    let run = zonec_in(&dir.0, &["check", "policy"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("cannot read `policy/deny.zones`: it is a symbolic link to nothing"),
        "{}",
        run.stderr
    );
}

const MESSY: &str = "zone a{net 10.0.0.0/8}\n";
const CLEAN: &str = "zone a { net 10.0.0.0/8 }\n";

#[test]
fn fmt_keeps_mode_and_owner() {
    let dir = scratch("fmt-mode");
    let file = dir.0.join("p.zones");
    std::fs::write(&file, MESSY).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    // As root (CI), also give the file another owner: fmt must keep it.
    let chowned = std::os::unix::fs::chown(&file, Some(4321), Some(4321)).is_ok();
    let run = zonec_in(&dir.0, &["fmt", "p.zones"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), CLEAN);
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.mode() & 0o7777, 0o600);
    if chowned {
        assert_eq!((meta.uid(), meta.gid()), (4321, 4321));
    }
}

#[test]
fn fmt_formats_the_file_behind_a_symlink_and_keeps_the_link() {
    let dir = scratch("fmt-link");
    std::fs::create_dir(dir.0.join("real")).unwrap();
    std::fs::write(dir.0.join("real/p.zones"), MESSY).unwrap();
    std::os::unix::fs::symlink("real/p.zones", dir.0.join("link.zones")).unwrap();
    let run = zonec_in(&dir.0, &["fmt", "link.zones"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    let meta = std::fs::symlink_metadata(dir.0.join("link.zones")).unwrap();
    assert!(meta.file_type().is_symlink(), "the link was replaced");
    assert_eq!(
        std::fs::read_to_string(dir.0.join("real/p.zones")).unwrap(),
        CLEAN
    );
    assert_eq!(names(&dir.0.join("real")), ["p.zones"]);
}

#[test]
fn fmt_refuses_a_hard_linked_file_and_writes_nothing() {
    let dir = scratch("fmt-hard");
    let (a, b) = (dir.0.join("a.zones"), dir.0.join("b.zones"));
    std::fs::write(&a, MESSY).unwrap();
    std::fs::hard_link(&a, &b).unwrap();
    let run = zonec_in(&dir.0, &["fmt", "a.zones"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr
            .contains("not formatting `a.zones`: it has 2 hard links"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), MESSY);
    assert_eq!(std::fs::metadata(&b).unwrap().nlink(), 2);
}

/// Every file under `dir` with its contents, sorted by path.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    files.sort();
    files
}
