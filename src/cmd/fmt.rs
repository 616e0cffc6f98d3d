//! `zonec fmt`: rewrite policy files in the canonical layout, or with
//! `--check` only say which files would change. A file with syntax errors is
//! never rewritten: if any file has one, nothing is written at all.

use crate::exit::Exit;
use crate::input;
use crate::output;
use std::path::PathBuf;
use zonec_compiler::{diagnostic, format, syntax, Code, Diagnostic, Sources};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Policy files to format, or directories of `.zones` files
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Write nothing; exit 1 and list the files that are not formatted
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
        check(&formatted)
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

fn check(formatted: &[Formatted]) -> Exit {
    let changed: Vec<&Formatted> = formatted.iter().filter(|f| f.changed).collect();
    for f in &changed {
        println!("would reformat {}", f.path.display());
    }
    if changed.is_empty() {
        eprintln!("ok: {} file(s) already formatted", formatted.len());
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
    let mut diags = Vec::new();
    let mut count = 0;
    for f in formatted.iter().filter(|f| f.changed) {
        match output::write_atomic(&f.path, f.text.as_bytes()) {
            Ok(()) => {
                eprintln!("formatted {}", f.path.display());
                count += 1;
            }
            Err(e) => diags.push(write_error(f, &e)),
        }
    }
    if !diags.is_empty() {
        output::eprint_diagnostics(&diags, &Sources::new());
        return Exit::Invalid;
    }
    eprintln!(
        "ok: {count} file(s) reformatted, {} unchanged",
        formatted.len() - count
    );
    Exit::Ok
}

fn write_error(f: &Formatted, e: &std::io::Error) -> Diagnostic {
    let name = f.path.display().to_string();
    Diagnostic::error(Code::IoError, format!("cannot write `{name}`: {e}"))
        .with_path(name)
        .with_help("check that the file and its directory are writable")
}
