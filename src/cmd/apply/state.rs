//! The state directory of `zonec apply` (`/var/lib/zonec` by default): what
//! was running before the last apply, the apply that awaits confirmation,
//! and the log. It decides what the router runs after a rollback, so it is
//! guarded like a key: created 0700, refused when it is a symbolic link,
//! not a directory, not owned by the user running zonec or open to group
//! or others. Every file in it is reached through the directory's own file
//! descriptor (`openat`, never a path lookup again), opened without
//! following links, and written whole under an unpredictable temporary
//! name, then renamed into place; a link planted at any name is refused
//! when read and replaced, never followed, when written.

use crate::atomic;
use rustix::fs::{AtFlags, FileType, FlockOperation, Mode, OFlags};
use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};

/// The default state directory.
pub const DEFAULT_DIR: &str = "/var/lib/zonec";

/// The largest state file zonec reads back (a saved ruleset): 64 MiB.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// An open, checked state directory, locked for as long as it lives.
pub struct StateDir {
    path: PathBuf,
    fd: OwnedFd,
}

/// Why the state directory cannot be used: a sentence, and what to do.
#[derive(Debug)]
pub struct Refused {
    pub what: String,
    pub help: &'static str,
}

impl StateDir {
    /// Create `path` (0700) if missing, check it, and take its lock,
    /// waiting while another zonec holds it (each holds it briefly).
    pub fn open(path: &Path) -> Result<StateDir, Refused> {
        let state = StateDir::open_unlocked(path)?;
        state.lock().map_err(|e| Refused {
            what: format!("cannot lock the state directory `{}`: {e}", path.display()),
            help: "check the file system supports locks",
        })?;
        Ok(state)
    }

    /// [`StateDir::open`] without the lock (the watchdog checks the
    /// directory while `apply` holds it, and locks for each look).
    pub fn open_unlocked(path: &Path) -> Result<StateDir, Refused> {
        let shown = path.display();
        if let Err(e) = std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(path)
        {
            return Err(Refused {
                what: format!("cannot create the state directory `{shown}`: {e}"),
                help: "pass `--state-dir` a directory zonec may create, as root",
            });
        }
        let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|e| Refused {
            what: format!("cannot open the state directory `{shown}`: {e}"),
            help: "the state directory must be a real directory, not a symbolic link",
        })?;
        check_owner(&fd, path)?;
        Ok(StateDir {
            path: path.to_path_buf(),
            fd,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The contents of `name`, or `None` when there is no such file; a
    /// link, a directory or anything but a regular file is an error.
    pub fn read(&self, name: &str) -> io::Result<Option<String>> {
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let fd = match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => fd,
            Err(rustix::io::Errno::NOENT) => return Ok(None),
            Err(e) => return Err(not_followed(name, e.into())),
        };
        regular(&fd, name)?;
        let mut text = String::new();
        File::from(fd).take(MAX_BYTES).read_to_string(&mut text)?;
        Ok(Some(text))
    }

    /// Replace `name` with `contents`: written and flushed under a fresh
    /// random name (created exclusively, 0600), then renamed over `name`.
    pub fn write(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        for _ in 0..8 {
            let temp = atomic::random_name(name.as_ref(), "zonec-tmp")?;
            let fd = match rustix::fs::openat(&self.fd, &temp, flags, Mode::from_raw_mode(0o600)) {
                Ok(fd) => fd,
                Err(rustix::io::Errno::EXIST) => continue,
                Err(e) => return Err(e.into()),
            };
            let mut file = File::from(fd);
            let written = file
                .write_all(contents)
                .and_then(|()| file.sync_all())
                .and_then(|()| Ok(rustix::fs::renameat(&self.fd, &temp, &self.fd, name)?));
            if written.is_err() {
                let _ = rustix::fs::unlinkat(&self.fd, &temp, AtFlags::empty());
            }
            return written.map(|()| self.sync());
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free temporary name in the state directory",
        ))
    }

    /// Append one line to `name` (created 0600 if missing), flushed.
    pub fn append(&self, name: &str, line: &str) -> io::Result<()> {
        let flags = OFlags::WRONLY
            | OFlags::APPEND
            | OFlags::CREATE
            | OFlags::NOFOLLOW
            | OFlags::CLOEXEC
            | OFlags::NONBLOCK;
        let fd = rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o600))
            .map_err(|e| not_followed(name, e.into()))?;
        regular(&fd, name)?;
        let mut file = File::from(fd);
        file.write_all(format!("{line}\n").as_bytes())?;
        file.sync_all()
    }

    /// Remove `name`; no error when it is already gone.
    pub fn remove(&self, name: &str) -> io::Result<()> {
        match rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()) {
            Ok(()) | Err(rustix::io::Errno::NOENT) => {
                self.sync();
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Give up the lock until [`StateDir::lock`] (the watchdog must get
    /// it while `apply` runs the operator's check).
    pub fn unlock(&self) {
        let _ = rustix::fs::flock(&self.fd, FlockOperation::Unlock);
    }

    /// Take the lock, waiting while another zonec holds it.
    pub fn lock(&self) -> io::Result<()> {
        Ok(rustix::fs::flock(&self.fd, FlockOperation::LockExclusive)?)
    }

    fn sync(&self) {
        let _ = rustix::fs::fsync(&self.fd);
    }
}

/// The directory belongs to the user running zonec and is closed to others.
fn check_owner(fd: &OwnedFd, path: &Path) -> Result<(), Refused> {
    let shown = path.display();
    let stat = rustix::fs::fstat(fd).map_err(|e| Refused {
        what: format!("cannot read the state directory `{shown}`: {e}"),
        help: "check the path and its permissions",
    })?;
    if stat.st_uid != rustix::process::geteuid().as_raw() {
        return Err(Refused {
            what: format!("the state directory `{shown}` belongs to another user"),
            help: "run zonec apply as the owner of the state directory (root), or pass another `--state-dir`",
        });
    }
    if stat.st_mode & 0o077 != 0 {
        return Err(Refused {
            what: format!(
                "the state directory `{shown}` is open to group or others (mode {:o})",
                stat.st_mode & 0o7777
            ),
            help: "restrict it with `chmod 700`: what it holds decides what a rollback loads",
        });
    }
    Ok(())
}

/// The file behind `fd` is a regular file.
fn regular(fd: &OwnedFd, name: &str) -> io::Result<()> {
    let stat = rustix::fs::fstat(fd)?;
    if FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "`{name}` in the state directory is not a regular file"
        )))
    }
}

/// `ELOOP` from `O_NOFOLLOW` means a symbolic link: say so.
fn not_followed(name: &str, e: io::Error) -> io::Error {
    if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) {
        io::Error::other(format!(
            "`{name}` in the state directory is a symbolic link: zonec never follows one there"
        ))
    } else {
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zonec-state-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn is_created_private_and_round_trips_files() {
        let dir = scratch("roundtrip");
        let state = StateDir::open(&dir).unwrap();
        let mode = std::os::unix::fs::MetadataExt::mode(&std::fs::metadata(&dir).unwrap());
        assert_eq!(mode & 0o777, 0o700);
        assert_eq!(state.read("x").unwrap(), None);
        state.write("x", b"one").unwrap();
        state.write("x", b"two").unwrap();
        state.append("log", "a").unwrap();
        state.append("log", "b").unwrap();
        assert_eq!(state.read("x").unwrap().as_deref(), Some("two"));
        assert_eq!(state.read("log").unwrap().as_deref(), Some("a\nb\n"));
        let names = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(names, 2, "no temporary file left behind");
        drop(state);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_link_as_the_directory_and_inside_it() {
        let dir = scratch("links");
        let state = StateDir::open(&dir).unwrap();
        let victim = dir.with_extension("victim");
        std::fs::write(&victim, "keep").unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("log")).unwrap();
        std::os::unix::fs::symlink(&victim, dir.join("saved")).unwrap();
        assert!(state.append("log", "x").is_err());
        assert!(state.read("saved").is_err());
        state.write("saved", b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep");
        let link = dir.with_extension("link");
        std::os::unix::fs::symlink(&dir, &link).unwrap();
        assert!(StateDir::open(&link).is_err());
        drop(state);
        for p in [&link, &victim] {
            std::fs::remove_file(p).unwrap();
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn refuses_a_directory_open_to_others() {
        let dir = scratch("open");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let refused = StateDir::open(&dir).err().unwrap();
        assert!(
            refused.what.contains("open to group or others"),
            "{refused:?}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
