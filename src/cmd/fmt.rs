//! `zonec fmt`: rewrite policy files in the canonical layout, or with
//! `--check` only show what would change (a unified diff per file,
//! [`unified`]). A file with syntax errors is
//! never rewritten: if any file has one, nothing is written at all.
//!
//! A file is replaced atomically and keeps its mode and owner. A symbolic
//! link is left as it is and the file it points to is formatted. A file
//! with more than one hard link is refused (replacing it would leave the
//! other names with the old text), and so is anything but a regular file;
//! every file is checked before any is written. `-` formats standard input
//! to standard output.

mod unified;

use crate::exit::Exit;
use crate::input;
use crate::messages::{detail, status};
use crate::output;
use std::fs::Metadata;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use zonec_base::{diagnostic, Code, Diagnostic, Sources};
use zonec_escape::terminal;
use zonec_syntax::{self as syntax, format};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Policy files to format, or directories of `.zones` files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write nothing; print the diff of each file that is not formatted and exit 1
    #[arg(long)]
    pub check: bool,
}

/// One file's canonical text, and whether it differs from what is on disk.
struct Formatted {
    path: PathBuf,
    text: String,
    changed: bool,
}

pub fn run(args: &Args) -> Exit {
    let mut diags = Vec::new();
    let paths = input::expand(&args.files, &mut diags);
    let (sources, read_diags) = input::read(&paths);
    diags.extend(read_diags);
    if diags.is_empty() {
        diags = syntax_errors(&sources);
    }
    if diags.iter().any(Diagnostic::is_error) {
        diagnostic::sort(&mut diags);
        output::eprint_diagnostics(&diags, &sources);
        eprintln!("error: not formatted: fix the syntax errors first");
        return Exit::Invalid;
    }
    let formatted = format_all(&sources, &paths);
    if args.check {
        check(&formatted, &sources)
    } else {
        write(&formatted)
    }
}

/// Every syntax error of every file.
fn syntax_errors(sources: &Sources) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for (id, file) in sources.iter() {
        let (_, d) = syntax::parse(id, &file.text);
        diags.extend(d.into_iter().filter(Diagnostic::is_error));
    }
    diags
}

fn format_all(sources: &Sources, paths: &[PathBuf]) -> Vec<Formatted> {
    sources
        .iter()
        .zip(paths)
        .map(|((id, file), path)| {
            let (tree, _) = syntax::parse(id, &file.text);
            let text = format::format(&tree, &file.text);
            Formatted {
                path: path.clone(),
                changed: text != file.text,
                text,
            }
        })
        .collect()
}

fn check(formatted: &[Formatted], sources: &Sources) -> Exit {
    let changed: Vec<(&Formatted, &str)> = formatted
        .iter()
        .zip(sources.iter())
        .filter(|(f, _)| f.changed)
        .map(|(f, (_, file))| (f, file.text.as_str()))
        .collect();
    for (f, old) in &changed {
        let name = match input::is_stdin(&f.path) {
            true => "<stdin>".to_string(),
            false => f.path.display().to_string(),
        };
        match unified::diff(&name, old, &f.text) {
            Some(diff) => print!("{diff}"),
            None => println!(
                "would reformat {} (no diff shown: over {} lines, or over {} lines would change)",
                terminal::escape(&name),
                unified::MAX_LINES,
                unified::MAX_CHANGED
            ),
        }
    }
    for f in formatted.iter().filter(|f| !f.changed) {
        detail!("already formatted: {}", shown(&f.path));
    }
    if changed.is_empty() {
        status!("ok: {} file(s) already formatted", formatted.len());
        Exit::Ok
    } else {
        eprintln!(
            "{} of {} file(s) would be reformatted",
            changed.len(),
            formatted.len()
        );
        Exit::Violation
    }
}

fn write(formatted: &[Formatted]) -> Exit {
    let changed: Vec<&Formatted> = formatted
        .iter()
        .filter(|f| f.changed || input::is_stdin(&f.path))
        .collect();
    let mut targets = Vec::new();
    let mut diags = Vec::new();
    for f in changed {
        match target(&f.path) {
            Ok(t) => targets.push((f, t)),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        for (f, target) in &targets {
            if let Err(e) = write_one(f, target) {
                diags.push(write_error(&f.path, &e));
            }
        }
    }
    if !diags.is_empty() {
        output::eprint_diagnostics(&diags, &Sources::new());
        return Exit::Invalid;
    }
    for f in formatted
        .iter()
        .filter(|f| !f.changed && !input::is_stdin(&f.path))
    {
        detail!("already formatted: {}", shown(&f.path));
    }
    let count = formatted.iter().filter(|f| f.changed).count();
    status!(
        "ok: {count} file(s) reformatted, {} unchanged",
        formatted.len() - count
    );
    Exit::Ok
}

/// Where a formatted file goes: standard output, or the regular file
/// behind the path with its metadata.
enum Target {
    Stdout,
    File(PathBuf, Metadata),
}

/// The file to replace for `path`, or why it must not be.
fn target(path: &Path) -> Result<Target, Diagnostic> {
    if input::is_stdin(path) {
        return Ok(Target::Stdout);
    }
    let io = |e: std::io::Error| write_error(path, &e);
    let lmeta = std::fs::symlink_metadata(path).map_err(io)?;
    let file = if lmeta.file_type().is_symlink() {
        std::fs::canonicalize(path).map_err(io)?
    } else {
        path.to_path_buf()
    };
    let meta = std::fs::symlink_metadata(&file).map_err(io)?;
    if !meta.is_file() {
        return Err(refused(
            path,
            &format!("it is {}", output::kind(&meta)),
            "fmt rewrites regular files (or `-`, standard input to standard output)",
        ));
    }
    if meta.nlink() > 1 {
        return Err(refused(
            path,
            &format!("it has {} hard links", meta.nlink()),
            "replacing it would leave the other links with the old text: format a copy, or remove the other links first",
        ));
    }
    Ok(Target::File(file, meta))
}

fn write_one(f: &Formatted, target: &Target) -> std::io::Result<()> {
    match target {
        Target::Stdout => {
            print!("{}", f.text);
            Ok(())
        }
        Target::File(file, meta) => {
            output::replace_regular(file, f.text.as_bytes(), meta)?;
            status!("formatted {}", shown(&f.path));
            Ok(())
        }
    }
}

fn refused(path: &Path, why: &str, help: &str) -> Diagnostic {
    let name = path.display().to_string();
    Diagnostic::error(Code::IoError, format!("not formatting `{name}`: {why}"))
        .with_path(name)
        .with_help(help.to_string())
}

fn write_error(path: &Path, e: &std::io::Error) -> Diagnostic {
    let name = path.display().to_string();
    Diagnostic::error(Code::IoError, format!("cannot write `{name}`: {e}"))
        .with_path(name)
        .with_help("check that the file and its directory are writable")
}

/// A path as printed on the terminal.
fn shown(path: &Path) -> String {
    terminal::escape(&path.display().to_string()).into_owned()
}
