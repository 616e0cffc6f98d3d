//! `zonec check`: read a policy, report every problem, prove every
//! invariant, then run the checks of every target `build` would run (the
//! same [`crate::pipeline`] and [`crate::targets`]), so that check passes
//! exactly when build would.
//! Exit 0 when all is well (warnings allowed), 1 when an invariant is
//! broken (then no target runs, as in `build`), 2 when the input is invalid
//! or a target cannot express it.

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::messages::status;
use crate::pipeline::{self, Run, Until};
use crate::targets::TargetArgs;
use crate::{github, sarif};
use serde::Serialize;
use zonec_analysis::export::{self, InvariantReport};
use zonec_base::diagnostic::{self, Severity};
use zonec_render::{self as render, JsonDiagnostic};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Show every offending pair of a broken invariant, not the first few
    /// (JSON and SARIF always carry all of them)
    #[arg(long)]
    pub all_witnesses: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// miette's graphical report on stderr
    Human,
    /// one JSON object on stdout
    Json,
    /// SARIF 2.1.0 on stdout, for code-scanning upload
    Sarif,
    /// GitHub Actions workflow annotations on stdout
    Github,
}

#[derive(Serialize)]
struct JsonReport {
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic>,
    invariants: Vec<InvariantReport>,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let mut checked = pipeline::run(&policy.files, policy.today(), Until::Emit(&args.targets));
    if args.all_witnesses || matches!(args.format, Format::Json | Format::Sarif) {
        checked.all_witnesses();
    }
    let exit = checked.exit();
    match args.format {
        Format::Human => human(&checked, exit),
        Format::Json => print_json(&json(&checked, exit)),
        Format::Sarif => print_json(&sarif::log(&checked.diagnostics, &checked.sources)),
        Format::Github => print!(
            "{}",
            github::annotations(&checked.diagnostics, &checked.sources)
        ),
    }
    checked.finish();
    exit
}

fn human(checked: &Run, exit: Exit) {
    let diags = &checked.diagnostics;
    checked.eprint();
    let warnings = diagnostic::count(diags, Severity::Warning);
    match (exit, &checked.analysis) {
        (Exit::Ok, _) => status!(
            "ok: {} file(s) checked, {warnings} warning(s)",
            checked.sources.len()
        ),
        (Exit::Violation, Some(a)) => {
            let broken = a.verdicts.iter().filter(|v| !v.holds).count();
            eprintln!(
                "error: {broken} of {} invariant(s) broken, {warnings} warning(s)",
                a.verdicts.len()
            );
        }
        _ => {}
    }
}

fn json(checked: &Run, exit: Exit) -> JsonReport {
    let diags = &checked.diagnostics;
    let invariants = match (&checked.model, &checked.analysis) {
        (Some(model), Some(a)) => export::analysis_invariants(model, a, &checked.sources),
        _ => Vec::new(),
    };
    JsonReport {
        ok: exit == Exit::Ok,
        errors: diagnostic::count(diags, Severity::Error),
        warnings: diagnostic::count(diags, Severity::Warning),
        diagnostics: diags
            .iter()
            .map(|d| render::json_diagnostic(d, &checked.sources))
            .collect(),
        invariants,
    }
}

fn print_json<T: Serialize>(value: &T) {
    if let Ok(text) = serde_json::to_string_pretty(value) {
        println!("{text}");
    }
}
