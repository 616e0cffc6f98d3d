//! `zonec check`: read a policy, report every problem, exit 0/1/2.

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::output;
use serde::Serialize;
use zonec_compiler::diagnostic::{self, Severity};
use zonec_compiler::model::ResolveOptions;
use zonec_compiler::render::{self, JsonDiagnostic};
use zonec_compiler::{Diagnostic, Sources};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical report on stderr
    Human,
    /// one JSON object on stdout
    Json,
}

#[derive(Serialize)]
struct JsonReport {
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic>,
}

pub fn run(args: &Args) -> Exit {
    let (sources, mut diags) = input::read(&args.policy.files);
    if diags.is_empty() {
        let options = ResolveOptions {
            today: args.policy.today(),
        };
        let frontend = zonec_compiler::compile(&sources, &options);
        diags.extend(frontend.diagnostics);
    }
    diagnostic::sort(&mut diags);
    let exit = if diags.iter().any(Diagnostic::is_error) {
        Exit::Invalid
    } else {
        Exit::Ok
    };
    emit(args.format, &diags, &sources, exit);
    exit
}

fn emit(format: Format, diags: &[Diagnostic], sources: &Sources, exit: Exit) {
    match format {
        Format::Human => {
            output::eprint_diagnostics(diags, sources);
            if exit == Exit::Ok {
                let warnings = diagnostic::count(diags, Severity::Warning);
                eprintln!(
                    "ok: {} file(s) checked, {warnings} warning(s)",
                    sources.len()
                );
            }
        }
        Format::Json => {
            let report = JsonReport {
                ok: exit == Exit::Ok,
                errors: diagnostic::count(diags, Severity::Error),
                warnings: diagnostic::count(diags, Severity::Warning),
                diagnostics: diags
                    .iter()
                    .map(|d| render::json_diagnostic(d, sources))
                    .collect(),
            };
            if let Ok(text) = serde_json::to_string_pretty(&report) {
                println!("{text}");
            }
        }
    }
}
