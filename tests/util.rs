//! Helpers shared by the end-to-end tests: run the built `zonec` binary and
//! capture what it printed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What one run of `zonec` did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The repository root (where `dsl-examples/` and `tests/fixtures/` are).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `zonec` with `args` from the repository root, without colour.
pub fn zonec(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_zonec"))
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("zonec runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The file stem of a path, for snapshot names.
pub fn stem(path: &str) -> String {
    Path::new(path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A fresh output directory under the system temp dir, removed on drop.
pub struct OutDir(pub PathBuf);

impl OutDir {
    /// `area` keeps test modules apart (`nft`, `vlan`), `name` tests apart.
    pub fn new(area: &str, name: &str) -> OutDir {
        let dir = std::env::temp_dir().join(format!("zonec-{area}-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        OutDir(dir)
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.0.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

impl Drop for OutDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `zonec build FILE -o OUT --today TODAY --target TARGET EXTRA...`.
pub fn build(target: &str, today: &str, file: &str, out: &OutDir, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        file,
        "-o",
        out.path(),
        "--today",
        today,
        "--target",
        target,
    ];
    args.extend_from_slice(extra);
    zonec(&args)
}
