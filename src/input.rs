//! Reading policy files: paths (or directories of `.zones` files) → sources,
//! with a diagnostic (never a panic) for a file that cannot be read or is
//! not UTF-8, and the shared `--today` argument.

use std::path::{Path, PathBuf};
use zonec_compiler::{Code, Date, Diagnostic, Sources};

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

/// Read every file; directories contribute their `*.zones` files in name order.
pub fn read(paths: &[PathBuf]) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let mut diags = Vec::new();
    for path in expand(paths, &mut diags) {
        let name = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => {
                    sources.add(name, text);
                }
                Err(e) => diags.push(not_utf8(&name, e.utf8_error().valid_up_to())),
            },
            Err(e) => diags.push(
                Diagnostic::error(Code::IoError, format!("cannot read `{name}`: {e}"))
                    .with_path(name)
                    .with_help("check the path and that the file is readable"),
            ),
        }
    }
    (sources, diags)
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
/// `.zones` files in name order.
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
        if path.extension().is_some_and(|e| e == "zones") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
