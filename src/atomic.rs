//! Exclusive temporary files and directories, the one way zonec creates
//! anything on disk.
//!
//! Every path is hostile: a directory that others can write to may hold a
//! planted symbolic link at any name zonec could predict. So a temporary
//! name carries 128 random bits from the operating system, and it is
//! created exclusively (`O_CREAT | O_EXCL`, plus `O_NOFOLLOW`): if anything
//! at all is already there, creation fails and nothing is followed. A
//! temporary is removed when its guard is dropped unless it was committed,
//! so an error leaves nothing behind.

use std::ffi::{OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// How many names to try before giving up (each collision is either chance,
/// at 2^-128, or someone planting names).
const ATTEMPTS: usize = 8;

/// `.{base}.{32 random hex digits}.{tag}`: hidden, tied to what it is for,
/// and unpredictable.
pub fn random_name(base: &OsStr, tag: &str) -> io::Result<OsString> {
    let hex = random_hex()?;
    let mut name = OsString::from(".");
    name.push(base);
    name.push(format!(".{hex}.{tag}"));
    Ok(name)
}

/// 128 random bits from the operating system, as 32 hex digits.
pub fn random_hex() -> io::Result<String> {
    let mut bytes = [0u8; 16];
    rustix::rand::getrandom(&mut bytes, rustix::rand::GetRandomFlags::empty())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Try `create` on fresh random names in `dir` until one does not exist yet.
fn create_fresh<T>(
    dir: &Path,
    base: &OsStr,
    tag: &str,
    mut create: impl FnMut(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    for _ in 0..ATTEMPTS {
        let path = dir.join(random_name(base, tag)?);
        match create(&path) {
            Ok(made) => return Ok((path, made)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("no free temporary name in `{}`", dir.display()),
    ))
}

/// A new regular file, created exclusively without following links, with
/// `mode` (before the umask).
pub fn create_new(path: &Path, mode: u32) -> io::Result<File> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .custom_flags(oflags::NOFOLLOW | oflags::CLOEXEC)
        .open(path)
}

/// The open flags `std` does not name, from rustix's constants.
mod oflags {
    use rustix::fs::OFlags;
    pub const NOFOLLOW: i32 = OFlags::NOFOLLOW.bits() as i32;
    pub const CLOEXEC: i32 = OFlags::CLOEXEC.bits() as i32;
}

/// A temporary file beside its destination; removed on drop unless
/// [`TempFile::commit`] renamed it into place.
pub struct TempFile {
    path: PathBuf,
    file: File,
    armed: bool,
}

impl TempFile {
    /// A fresh `.{base}.RANDOM.zonec-tmp` in `dir`, created with `mode`.
    pub fn new_in(dir: &Path, base: &OsStr, mode: u32) -> io::Result<TempFile> {
        let (path, file) = create_fresh(dir, base, "zonec-tmp", |p| create_new(p, mode))?;
        Ok(TempFile {
            path,
            file,
            armed: true,
        })
    }

    pub fn file(&self) -> &File {
        &self.file
    }

    /// Write everything and flush it to the disk.
    pub fn write_synced(&mut self, contents: &[u8]) -> io::Result<()> {
        self.file.write_all(contents)?;
        self.file.sync_all()
    }

    /// Rename over `dest` (which replaces a name, never follows one).
    pub fn commit(mut self, dest: &Path) -> io::Result<()> {
        std::fs::rename(&self.path, dest)?;
        self.armed = false;
        if let Some(dir) = dest.parent() {
            sync_dir(dir);
        }
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if self.armed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A temporary directory (mode 0700) beside its destination, removed with
/// everything in it on drop (after a swap, it names the old content).
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// A fresh `.{base}.RANDOM.{tag}` directory in `dir`.
    pub fn new_in(dir: &Path, base: &OsStr, tag: &str) -> io::Result<TempDir> {
        let (path, ()) = create_fresh(dir, base, tag, |p| {
            std::fs::DirBuilder::new().mode(0o700).create(p)
        })?;
        Ok(TempDir { path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // `remove_dir_all` removes links, never what they point to.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Flush a directory's entries (a rename is durable once its directory is);
/// best effort, since some file systems refuse `fsync` on a directory.
pub fn sync_dir(dir: &Path) {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zonec-atomic-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn names_differ_and_carry_the_base_and_tag() {
        let a = random_name(OsStr::new("x.svg"), "zonec-tmp").unwrap();
        let b = random_name(OsStr::new("x.svg"), "zonec-tmp").unwrap();
        assert_ne!(a, b);
        let a = a.to_string_lossy();
        assert!(a.starts_with(".x.svg.") && a.ends_with(".zonec-tmp"), "{a}");
        assert_eq!(a.len(), ".x.svg.".len() + 32 + ".zonec-tmp".len());
    }

    #[test]
    fn create_new_refuses_a_planted_link() {
        let dir = scratch("planted");
        let victim = dir.join("victim");
        std::fs::write(&victim, "keep").unwrap();
        let link = dir.join("link");
        std::os::unix::fs::symlink(&victim, &link).unwrap();
        assert!(create_new(&link, 0o600).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_dropped_temp_file_is_removed() {
        let dir = scratch("dropped");
        let mut t = TempFile::new_in(&dir, OsStr::new("f"), 0o600).unwrap();
        t.write_synced(b"x").unwrap();
        drop(t);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
