//! `build -o DIR` as one transaction, so DIR always holds exactly one
//! complete build, never a mix of two and never stale files of an earlier
//! one (a removed zone's networkd file would be deployed again by a
//! `cp networkd/*`).
//!
//! 1. DIR must be a directory (it is created if missing); a symbolic link or
//!    any other file there is refused. A non-empty DIR without a
//!    `manifest.json` is not zonec's and is refused unless `--force`.
//! 2. DIR is locked (`flock` on the directory itself, without waiting), so
//!    a second build into it stops with a clear error.
//! 3. Leftovers of a killed run beside DIR (`.DIR.<random>.zonec-stage`,
//!    `.DIR.<random>.zonec-old`) are removed, links inside them unfollowed.
//! 4. The whole build is written into a fresh staging directory created
//!    exclusively beside DIR, every file created exclusively and flushed.
//! 5. Staging and DIR trade places in one step (`renameat2` with
//!    `RENAME_EXCHANGE`; where the file system lacks it, two renames), then
//!    the old content is removed.
//!
//! Any error before step 5 removes the staging directory and leaves DIR as
//! it was; a SIGKILL leaves DIR as it was or as the new build, plus
//! leftovers that the next run removes.

use crate::atomic::{self, TempDir};
use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use zonec_base::{Code, Diagnostic};
use zonec_targets::Artifact;

/// The manifest whose presence marks a directory as a zonec build.
const MARKER: &str = crate::manifest::PATH;
const STAGE: &str = "zonec-stage";
const OLD: &str = "zonec-old";

/// Replace the content of `out` with exactly `files`, by the steps above.
/// `inputs` (the policy paths) must not be inside `out`, which the build
/// replaces whole, `--force` or not.
pub fn write(
    out: &Path,
    files: &[Artifact],
    inputs: &[PathBuf],
    force: bool,
) -> Result<(), Diagnostic> {
    let out = absolute_name(out).map_err(|e| io_error(out, "cannot resolve", &e))?;
    let (parent, name) = split(&out);
    std::fs::create_dir_all(parent).map_err(|e| io_error(parent, "cannot create", &e))?;
    let created = prepare(&out)?;
    let result =
        check_inputs(&out, inputs).and_then(|()| locked_write(&out, parent, name, files, force));
    if result.is_err() && created {
        let _ = std::fs::remove_dir(&out);
    }
    result
}

fn locked_write(
    out: &Path,
    parent: &Path,
    name: &OsStr,
    files: &[Artifact],
    force: bool,
) -> Result<(), Diagnostic> {
    let _lock = lock(out)?;
    if !force && is_foreign(out).map_err(|e| io_error(out, "cannot read", &e))? {
        return Err(foreign(out));
    }
    remove_leftovers(parent, name);
    let staging = TempDir::new_in(parent, name, STAGE)
        .map_err(|e| io_error(parent, "cannot create a staging directory in", &e))?;
    for file in files {
        write_one(staging.path(), file)?;
    }
    let mode = std::fs::symlink_metadata(out).map(|m| m.mode() & 0o7777);
    let finish = mode.and_then(|mode| {
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(mode))?;
        sync_tree(staging.path(), files);
        swap(staging.path(), out, parent, name)
    });
    match finish {
        // `staging` now names the previous content: dropping it removes it.
        Ok(()) => Ok(()),
        Err(e) => Err(io_error(out, "cannot replace", &e)),
    }
}

/// An error if any input is inside `out` (both resolved, links followed).
fn check_inputs(out: &Path, inputs: &[PathBuf]) -> Result<(), Diagnostic> {
    let Ok(dir) = std::fs::canonicalize(out) else {
        return Ok(());
    };
    let inside = inputs
        .iter()
        .filter_map(|i| std::fs::canonicalize(i).ok())
        .find(|i| i.starts_with(&dir));
    match inside {
        None => Ok(()),
        Some(input) => Err(path_error(
            out,
            |name| {
                format!(
                    "the output directory `{name}` holds the input `{}`",
                    input.display()
                )
            },
            "a build replaces the whole output directory: build into a directory of its own",
        )),
    }
}

/// `out` with a last component to rename (`.` and `..` are resolved; `/`
/// has none and is refused).
fn absolute_name(out: &Path) -> io::Result<PathBuf> {
    let named = match out.file_name() {
        Some(_) => out.to_path_buf(),
        None => std::fs::canonicalize(out)?,
    };
    match named.file_name() {
        Some(_) => Ok(named),
        None => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the root directory cannot be an output directory",
        )),
    }
}

fn split(out: &Path) -> (&Path, &OsStr) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    (parent, out.file_name().unwrap_or(OsStr::new(".")))
}

/// Check what is at `out`, creating the directory if nothing is; true when
/// this run created it.
fn prepare(out: &Path) -> Result<bool, Diagnostic> {
    match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.is_dir() => Ok(false),
        Ok(meta) => Err(not_a_directory(out, crate::output::kind(&meta))),
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            match std::fs::DirBuilder::new().mode(0o777).create(out) {
                Ok(()) => Ok(true),
                // Created meanwhile: `lock` checks it is a directory.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
                Err(e) => Err(io_error(out, "cannot create", &e)),
            }
        }
        Err(e) => Err(io_error(out, "cannot read", &e)),
    }
}

/// An exclusive lock on the directory `out` itself, held until dropped.
/// After locking, `out` must still be the directory that was locked (a
/// build that finished meanwhile swapped in a new one).
fn lock(out: &Path) -> Result<File, Diagnostic> {
    let dir = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::NOFOLLOW).bits() as i32)
        .open(out)
        .map_err(|e| io_error(out, "cannot open", &e))?;
    match rustix::fs::flock(&dir, rustix::fs::FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => {}
        Err(e) if e == rustix::io::Errno::WOULDBLOCK => return Err(busy(out)),
        Err(e) => return Err(io_error(out, "cannot lock", &e.into())),
    }
    let locked = dir
        .metadata()
        .map_err(|e| io_error(out, "cannot read", &e))?;
    let now = std::fs::symlink_metadata(out).map_err(|e| io_error(out, "cannot read", &e))?;
    if (locked.dev(), locked.ino()) != (now.dev(), now.ino()) {
        return Err(busy(out));
    }
    Ok(dir)
}

/// Non-empty and without a `manifest.json` file: not a zonec build.
fn is_foreign(out: &Path) -> io::Result<bool> {
    if std::fs::read_dir(out)?.next().is_none() {
        return Ok(false);
    }
    let marker = std::fs::symlink_metadata(out.join(MARKER));
    Ok(!marker.is_ok_and(|m| m.is_file()))
}

/// Remove what killed runs left beside `out`: only names of the exact shape
/// zonec makes, links removed and never followed.
fn remove_leftovers(parent: &Path, name: &OsStr) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if !is_leftover(&file_name, name) {
            continue;
        }
        let path = entry.path();
        let _ = match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

/// `.{name}.{32 hex}.zonec-stage` or `.zonec-old`.
fn is_leftover(candidate: &OsStr, name: &OsStr) -> bool {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    let (Some(candidate), Some(prefix)) = (candidate.to_str(), prefix.to_str()) else {
        return false;
    };
    let Some(rest) = candidate.strip_prefix(prefix) else {
        return false;
    };
    let random = [STAGE, OLD]
        .iter()
        .find_map(|tag| rest.strip_suffix(tag)?.strip_suffix('.'));
    random.is_some_and(|r| r.len() == 32 && r.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Write one artifact under the staging directory.
fn write_one(staging: &Path, artifact: &Artifact) -> Result<(), Diagnostic> {
    let rel = Path::new(&artifact.path);
    let inside =
        rel.components().count() > 0 && rel.components().all(|c| matches!(c, Component::Normal(_)));
    if !inside {
        return Err(Diagnostic::error(
            Code::IoError,
            format!(
                "refusing to write `{}` outside the output directory",
                artifact.path
            ),
        )
        .with_help("this is a bug in zonec: please report it"));
    }
    let path = staging.join(rel);
    let written = (|| {
        if let Some(dir) = path.parent() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o777)
                .create(dir)?;
        }
        let mut file = atomic::create_new(&path, 0o666)?;
        file.write_all(artifact.contents.as_bytes())?;
        file.sync_all()
    })();
    written.map_err(|e| io_error(Path::new(&artifact.path), "cannot write", &e))
}

/// Flush the staging directory and every directory in it.
fn sync_tree(staging: &Path, files: &[Artifact]) {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| staging.join(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        atomic::sync_dir(&dir);
    }
    atomic::sync_dir(staging);
}

/// Trade `staging` and `out` in one step; fall back to two renames where
/// the file system cannot exchange.
fn swap(staging: &Path, out: &Path, parent: &Path, name: &OsStr) -> io::Result<()> {
    match exchange(staging, out) {
        Ok(()) => {}
        Err(e) if cannot_exchange(&e) => two_renames(staging, out, parent, name)?,
        Err(e) => return Err(e),
    }
    atomic::sync_dir(parent);
    Ok(())
}

/// The file system (or kernel) has no `RENAME_EXCHANGE`.
fn cannot_exchange(e: &io::Error) -> bool {
    e.kind() == io::ErrorKind::Unsupported
        || e.raw_os_error() == Some(rustix::io::Errno::INVAL.raw_os_error())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// `out` aside, staging into place, the old content where staging was (so
/// that removing staging removes it). `out` is missing only between the two
/// renames. Once the new build is in place the swap has succeeded: if the
/// old content cannot be moved, it stays as a leftover the next run removes.
fn two_renames(staging: &Path, out: &Path, parent: &Path, name: &OsStr) -> io::Result<()> {
    let aside = parent.join(atomic::random_name(name, OLD)?);
    std::fs::rename(out, &aside)?;
    if let Err(e) = std::fs::rename(staging, out) {
        let _ = std::fs::rename(&aside, out);
        return Err(e);
    }
    let _ = std::fs::rename(&aside, staging);
    Ok(())
}

/// Every entry under `dir` that is not a directory (files, links, anything
/// else), as `/`-separated relative paths, sorted; links are not followed.
/// Iterative, so a deep tree cannot overflow the stack.
pub fn entries(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, rel)) = pending.pop() {
        for entry in std::fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            if entry.file_type()?.is_dir() {
                pending.push((entry.path(), rel));
            } else {
                found.push(rel);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// An error about `path`, named in the message (as `message` writes it)
/// and as the diagnostic's path.
fn path_error(path: &Path, message: impl FnOnce(&str) -> String, help: &str) -> Diagnostic {
    let name = path.display().to_string();
    Diagnostic::error(Code::IoError, message(&name))
        .with_path(name)
        .with_help(help)
}

fn io_error(path: &Path, what: &str, e: &io::Error) -> Diagnostic {
    path_error(
        path,
        |name| format!("{what} `{name}`: {e}"),
        "nothing was changed in the output directory; fix the cause and build again",
    )
}

fn not_a_directory(out: &Path, kind: &str) -> Diagnostic {
    path_error(
        out,
        |name| format!("cannot build into `{name}`: it is {kind}, not a directory"),
        "`-o` names the output directory itself; zonec never builds through a link",
    )
}

fn foreign(out: &Path) -> Diagnostic {
    path_error(
        out,
        |name| format!("`{name}` is not empty and holds no `{MARKER}`: it is not a zonec build"),
        "a build replaces the whole directory: choose an empty or new one, or pass `--force` to replace this one's content",
    )
}

fn busy(out: &Path) -> Diagnostic {
    path_error(
        out,
        |name| format!("another zonec build is writing `{name}`"),
        "wait for it to finish, then build again",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_are_recognised_by_their_exact_shape() {
        let hex = "0123456789abcdef0123456789abcdef";
        let name = OsStr::new("out");
        assert!(is_leftover(
            OsStr::new(&format!(".out.{hex}.zonec-stage")),
            name
        ));
        assert!(is_leftover(
            OsStr::new(&format!(".out.{hex}.zonec-old")),
            name
        ));
        assert!(!is_leftover(
            OsStr::new(&format!(".out2.{hex}.zonec-old")),
            name
        ));
        assert!(!is_leftover(OsStr::new(".out.x.zonec-stage"), name));
        assert!(!is_leftover(OsStr::new("out"), name));
    }
}
