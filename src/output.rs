//! Writing what zonec prints and generates, by one rule for every path the
//! user names with `-o`:
//!
//! - `-` and `/dev/stdout` mean standard output (written, never replaced);
//! - a path where nothing is, or a regular file is, gets the new contents
//!   atomically (an exclusive temporary file beside it, then a rename), and
//!   a replaced file keeps its mode and owner;
//! - anything else there (a symbolic link, a FIFO, a device, a socket, a
//!   directory) is refused with a diagnostic: zonec never writes through a
//!   link or into a special file it finds at an output path.
//!
//! `build`'s output directory has its own transaction (`outdir.rs`).

use crate::atomic::TempFile;
use crate::exit::Exit;
use std::fs::Metadata;
use std::io::{IsTerminal, Write};
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt};
use std::path::Path;
use zonec_base::{Code, Diagnostic, Sources};
use zonec_render::{self as render, Style};

/// True for the names that mean standard output.
pub fn is_stdout(path: &Path) -> bool {
    path == Path::new("-") || path == Path::new("/dev/stdout")
}

/// How a path is shown in messages: `-` as "standard output".
pub fn shown(path: &Path) -> String {
    if is_stdout(path) {
        "standard output".to_string()
    } else {
        path.display().to_string()
    }
}

/// Write an output the user named with `-o`, by the rule in the module doc.
pub fn write_output(path: &Path, contents: &[u8]) -> Result<(), Diagnostic> {
    if is_stdout(path) {
        let mut out = std::io::stdout().lock();
        return out
            .write_all(contents)
            .and_then(|()| out.flush())
            .map_err(|e| write_error(path, &e));
    }
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => {
            replace_regular(path, contents, &meta).map_err(|e| write_error(path, &e))
        }
        Ok(meta) => Err(not_regular(path, &meta)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            create_regular(path, contents).map_err(|e| write_error(path, &e))
        }
        Err(e) => Err(write_error(path, &e)),
    }
}

/// Write a new file at `path` (nothing is there), creating its directory.
fn create_regular(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = parent(path);
    std::fs::create_dir_all(dir)?;
    let mut tmp = TempFile::new_in(dir, base(path), 0o666)?;
    tmp.write_synced(contents)?;
    tmp.commit(path)
}

/// Replace the regular file at `path`, whose metadata is `old`, keeping its
/// mode and owner.
pub fn replace_regular(path: &Path, contents: &[u8], old: &Metadata) -> std::io::Result<()> {
    let mut tmp = TempFile::new_in(parent(path), base(path), 0o600)?;
    let made = tmp.file().metadata()?;
    if (made.uid(), made.gid()) != (old.uid(), old.gid()) {
        std::os::unix::fs::fchown(tmp.file(), Some(old.uid()), Some(old.gid()))?;
    }
    tmp.file()
        .set_permissions(std::fs::Permissions::from_mode(old.mode() & 0o7777))?;
    tmp.write_synced(contents)?;
    tmp.commit(path)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn base(path: &Path) -> &std::ffi::OsStr {
    path.file_name().unwrap_or(std::ffi::OsStr::new("output"))
}

/// What kind of thing other than a regular file `meta` describes.
pub fn kind(meta: &Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_symlink() {
        "a symbolic link"
    } else if t.is_dir() {
        "a directory"
    } else if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

fn not_regular(path: &Path, meta: &Metadata) -> Diagnostic {
    let name = path.display().to_string();
    let help = if meta.file_type().is_symlink() {
        "zonec never writes through a link: name the file it points to, or remove the link"
    } else {
        "`-o` takes a regular file (or `-` for standard output, which you can redirect)"
    };
    Diagnostic::error(
        Code::IoError,
        format!("cannot write `{name}`: it is {}", kind(meta)),
    )
    .with_path(name)
    .with_help(help)
}

/// A diagnostic for an output that could not be written.
pub fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let name = shown(path);
    Diagnostic::error(Code::IoError, format!("cannot write `{name}`: {e}"))
        .with_path(name)
        .with_help("check that the directory exists and is writable")
}

/// How diagnostics are drawn on stderr: colour only on a terminal (and not
/// under `NO_COLOR`), plain and 100 columns wide otherwise.
pub fn stderr_style() -> Style {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Style {
        color,
        ..Style::PLAIN
    }
}

/// Print diagnostics for people on stderr.
pub fn eprint_diagnostics(diags: &[Diagnostic], sources: &Sources) {
    if diags.is_empty() {
        return;
    }
    eprint!("{}", render::human(diags, sources, stderr_style()));
}

/// Write a command's output to `path` by the rule above and pick the exit
/// code: 0, or 2 after printing why it could not be written.
pub fn emit(path: &Path, contents: &[u8]) -> Exit {
    match write_output(path, contents) {
        Ok(()) => Exit::Ok,
        Err(diag) => fail(diag),
    }
}

/// Print one span-less error (an unwritable output, say) and return exit 2.
pub fn fail(diag: Diagnostic) -> Exit {
    eprint_diagnostics(&[diag], &Sources::new());
    Exit::Invalid
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("zonec-output-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_device_is_refused_not_replaced() {
        assert!(write_output(Path::new("/dev/null"), b"zonec").is_err());
        let kind = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device());
    }

    #[test]
    fn a_regular_file_is_replaced_whole_keeping_its_mode() {
        let dir = scratch("regular");
        let path = dir.join("sub/file.txt");
        write_output(&path, b"first").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_output(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let mode = std::fs::metadata(&path).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o640);
        let leftovers = std::fs::read_dir(dir.join("sub")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
