//! Writing what zonec prints and generates. Every generated file is written
//! atomically (temporary file in the same directory, then rename), so a
//! reader never sees half a ruleset.

use std::io::{IsTerminal, Write};
use std::path::Path;
use zonec_compiler::render::{self, Style};
use zonec_compiler::{Diagnostic, Sources};

/// Write `contents` to `path` atomically, creating parent directories.
///
/// A path that names something other than a regular file (`/dev/null`, a
/// FIFO, `/dev/stdout`) is written in place: renaming over it would replace
/// the device node with a plain file.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)?
            .write_all(contents);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.zonec-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(contents)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::FileTypeExt;

    #[test]
    fn a_device_is_written_in_place_not_replaced() {
        write_atomic(Path::new("/dev/null"), b"zonec").unwrap();
        let kind = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(kind.is_char_device());
    }

    #[test]
    fn a_regular_file_is_replaced_whole() {
        let dir = std::env::temp_dir().join(format!("zonec-output-{}", std::process::id()));
        let path = dir.join("sub/file.txt");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers = std::fs::read_dir(dir.join("sub")).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file left behind");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
