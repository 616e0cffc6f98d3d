//! Writing what zonec prints and generates. Every generated file is written
//! atomically (temporary file in the same directory, then rename), so a
//! reader never sees half a ruleset.

use std::io::{IsTerminal, Write};
use std::path::Path;
use zonec_compiler::render::{self, Style};
use zonec_compiler::{Diagnostic, Sources};

/// Write `contents` to `path` atomically, creating parent directories.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
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
