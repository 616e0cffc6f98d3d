//! Reading flow logs for `zonec flows` and `zonec report --flows`: each
//! input opened as `input.rs` opens a policy (a regular file, a link to
//! one followed, or `-` for standard input once; a FIFO or device is
//! refused before it is opened), then streamed through `zonec_flows`
//! (no size limit: logs are large, and the engine's memory does not grow
//! with them). Every problem is a diagnostic: an unreadable input or an
//! unknown format is an error, a malformed record a warning (an error
//! with `--strict`).

use crate::input::{is_stdin, STDIN_NAME};
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use zonec_base::{Code, Diagnostic};
use zonec_flows::{Engine, Format, ReadError};

/// How malformed records count.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    Lenient,
    Strict,
}

/// Read every input into `engine`; the diagnostics of the run (errors
/// for inputs not read, and the malformed records).
pub fn read_all(
    engine: &mut Engine,
    paths: &[PathBuf],
    forced: Option<Format>,
    strict: Strictness,
) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let mut stdin_read = false;
    for path in paths {
        let name = shown(path);
        let opened = match is_stdin(path) {
            true if stdin_read => Err("standard input (`-`) is named more than once".to_string()),
            true => {
                stdin_read = true;
                Ok(Box::new(std::io::stdin().lock()) as Box<dyn Read>)
            }
            false => open(path).map(|f| Box::new(f) as Box<dyn Read>),
        };
        let result = opened.map_err(|e| unreadable(&name, &e)).and_then(|input| {
            engine
                .read(&name, input, forced)
                .map_err(|e| problem(&name, e))
        });
        if let Err(d) = result {
            diags.push(d);
        }
    }
    diags.extend(malformed(engine, strict));
    diags
}

fn shown(path: &Path) -> String {
    match is_stdin(path) {
        true => STDIN_NAME.to_string(),
        false => path.display().to_string(),
    }
}

/// The regular file at `path`, checked before opening (a FIFO is never
/// opened) and again on the open file.
fn open(path: &Path) -> Result<File, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!(
            "it is {}, not a regular file",
            crate::output::kind(&meta)
        ));
    }
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err(format!(
            "it is {}, not a regular file",
            crate::output::kind(&meta)
        ));
    }
    Ok(file)
}

fn unreadable(name: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        Code::FlowsUnreadable,
        format!("cannot read `{name}`: {why}"),
    )
    .with_path(name.to_string())
    .with_help("flow-log inputs are regular files (gzip or not), or `-` for standard input")
}

fn problem(name: &str, e: ReadError) -> Diagnostic {
    match e {
        ReadError::Io(why) => unreadable(name, &why),
        ReadError::TooLarge => unreadable(name, "it is a JSON document larger than 512 MiB"),
        ReadError::Document(why) => unreadable(name, &why),
        ReadError::Unknown => {
            let tried: Vec<&str> = Format::ALL.iter().map(|f| f.title()).collect();
            Diagnostic::error(
                Code::FlowsUnknownFormat,
                format!(
                    "`{name}` is in no flow-log format zonec reads (tried: {})",
                    tried.join(", ")
                ),
            )
            .with_path(name.to_string())
            .with_help(
                "name its format with `--input-format`, or convert it to the CSV of docs/flows.md",
            )
        }
    }
}

/// One diagnostic per malformed record kept, and one for the rest.
fn malformed(engine: &Engine, strict: Strictness) -> Vec<Diagnostic> {
    let make = |code, message: String| match strict {
        Strictness::Strict => Diagnostic::error(code, message),
        Strictness::Lenient => Diagnostic::warning(code, message),
    };
    let help = "the record is skipped; `--strict` makes any malformed record an error";
    let mut out: Vec<Diagnostic> = engine
        .skipped
        .iter()
        .map(|k| {
            let place = k.line.map_or(String::new(), |l| format!(" line {l}"));
            make(
                Code::FlowsMalformed,
                format!("`{}`{place}: {}", k.file, k.reason),
            )
            .with_path(k.file.clone())
            .with_help(help)
        })
        .collect();
    let rest = engine
        .counts
        .malformed
        .saturating_sub(engine.skipped.len() as u64);
    if rest > 0 {
        out.push(
            make(
                Code::FlowsMalformed,
                format!("{rest} more malformed record(s) not listed"),
            )
            .with_help(help),
        );
    }
    out
}
