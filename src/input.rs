//! Reading policy files: paths (or directories of `.zones` files) → sources,
//! with a diagnostic (never a panic, never a hang) for anything that is not
//! a readable regular file of UTF-8 text, and the shared `--today` argument.
//!
//! An input is a regular file (a link to one is followed) of at most
//! [`MAX_BYTES`], or `-` for standard input (the same limit). A FIFO, a
//! device, a dangling link or an unreadable file is an error, also when it
//! is a `.zones` entry of a policy directory: a deny file that cannot be
//! read must never be silently left out of the policy.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use zonec_base::{Code, Date, Diagnostic, Sources};

/// Arguments every command that reads a policy takes.
#[derive(clap::Args, Debug, Clone)]
pub struct PolicyArgs {
    /// Policy files (several files form one policy), or directories of `.zones` files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Today's date for `expires` checks (YYYY-MM-DD; default: the system date, UTC)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
}

impl PolicyArgs {
    pub fn today(&self) -> Date {
        self.today.unwrap_or_else(Date::today)
    }
}

pub fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

/// The largest policy file (or standard input) zonec reads: 16 MiB, far
/// beyond any real policy, and a bound on memory and time.
pub const MAX_BYTES: u64 = 16 * 1024 * 1024;

/// The path that means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// How standard input is named in diagnostics and the manifest.
pub const STDIN_NAME: &str = "<stdin>";

/// Read every file; directories contribute their `*.zones` files in name order.
pub fn read(paths: &[PathBuf]) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    let mut stdin_read = false;
    for path in expand(paths, &mut diags) {
        let (name, bytes) = if is_stdin(&path) {
            let bytes = if stdin_read {
                Err(Problem::StdinTwice)
            } else {
                read_stdin()
            };
            stdin_read = true;
            (STDIN_NAME.to_string(), bytes)
        } else {
            (path.display().to_string(), read_regular(&path))
        };
        match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => {
                sources.add(name, text);
            }
            Ok(Err(e)) => diags.push(not_utf8(&name, e.utf8_error().valid_up_to())),
            Err(problem) => diags.push(cannot_read(&name, &problem)),
        }
    }
    (sources, diags)
}

/// One input that is not part of the policy (`zonec verify --nft-json`):
/// a regular file or `-`, at most [`MAX_BYTES`], UTF-8.
pub fn read_one(path: &Path) -> Result<String, Diagnostic> {
    let name = if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if is_stdin(path) {
        read_stdin()
    } else {
        read_regular(path)
    };
    match bytes.map(String::from_utf8) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(e)) => Err(not_utf8(&name, e.utf8_error().valid_up_to())),
        Err(problem) => Err(cannot_read(&name, &problem)),
    }
}

/// Why an input was not read.
enum Problem {
    Io(std::io::Error),
    Dangling,
    NotRegular(&'static str),
    TooLarge,
    StdinTwice,
}

fn read_stdin() -> Result<Vec<u8>, Problem> {
    read_bounded(std::io::stdin().lock(), 0)
}

/// The contents of the regular file at `path` (following links), checked
/// before opening (so a FIFO is never opened) and again on the open file.
fn read_regular(path: &Path) -> Result<Vec<u8>, Problem> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let dangling = e.kind() == std::io::ErrorKind::NotFound
            && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if dangling {
            Problem::Dangling
        } else {
            Problem::Io(e)
        }
    })?;
    if !meta.is_file() {
        return Err(Problem::NotRegular(crate::output::kind(&meta)));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(Problem::Io)?;
    let meta = file.metadata().map_err(Problem::Io)?;
    if !meta.is_file() {
        return Err(Problem::NotRegular(crate::output::kind(&meta)));
    }
    read_bounded(file, meta.len())
}

/// At most [`MAX_BYTES`] from `source`, or `TooLarge`. `expected` is the
/// size the file says it has: reading into a buffer of that size at once
/// leaves no outgrown copies behind (a few megabytes of a large policy).
fn read_bounded(source: impl Read, expected: u64) -> Result<Vec<u8>, Problem> {
    let capacity = usize::try_from(expected.min(MAX_BYTES + 1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    source
        .take(MAX_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(Problem::Io)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(Problem::TooLarge);
    }
    Ok(bytes)
}

fn cannot_read(name: &str, problem: &Problem) -> Diagnostic {
    let (message, help) = match problem {
        Problem::Io(e) => (
            format!("cannot read `{name}`: {e}"),
            "check the path and that the file is readable".to_string(),
        ),
        Problem::Dangling => (
            format!("cannot read `{name}`: it is a symbolic link to nothing"),
            "fix or remove the link: every `.zones` file named or in a named directory is part of the policy".to_string(),
        ),
        Problem::NotRegular(kind) => (
            format!("cannot read `{name}`: it is {kind}, not a regular file"),
            "policy inputs are regular files, or `-` for standard input".to_string(),
        ),
        Problem::TooLarge => (
            format!("cannot read `{name}`: it is larger than {} MiB", MAX_BYTES >> 20),
            "a policy file is at most 16 MiB; split the policy into several files".to_string(),
        ),
        Problem::StdinTwice => (
            "standard input (`-`) is named more than once".to_string(),
            "name `-` once: standard input can be read only once".to_string(),
        ),
    };
    Diagnostic::error(Code::IoError, message)
        .with_path(name.to_string())
        .with_help(help)
}

fn not_utf8(name: &str, offset: usize) -> Diagnostic {
    Diagnostic::error(
        Code::NotUtf8,
        format!("`{name}` is not valid UTF-8 (first bad byte at offset {offset})"),
    )
    .with_path(name)
    .with_help("policy files are UTF-8 text; re-save the file as UTF-8")
}

/// The files `paths` name: files as given, directories replaced by their
/// `.zones` entries in name order (every entry, whatever it is: `read`
/// reports those that are not readable regular files).
pub fn expand(paths: &[PathBuf], diags: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            match zones_in(path) {
                Ok(files) if files.is_empty() => diags.push(
                    Diagnostic::error(
                        Code::IoError,
                        format!("directory `{}` holds no `.zones` files", path.display()),
                    )
                    .with_path(path.display().to_string())
                    .with_help("name the policy files, or a directory that contains them"),
                ),
                Ok(files) => out.extend(files),
                Err(e) => diags.push(
                    Diagnostic::error(
                        Code::IoError,
                        format!("cannot read directory `{}`: {e}", path.display()),
                    )
                    .with_path(path.display().to_string())
                    .with_help("check the path and its permissions"),
                ),
            }
        } else {
            out.push(path.clone());
        }
    }
    out
}

fn zones_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "zones") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
