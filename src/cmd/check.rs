//! `zonec check`: read a policy, report every problem, prove every
//! invariant, then run the checks of every target `build` would run (see
//! [`crate::targets`]), so that check passes exactly when build would.
//! Exit 0 when all is well (warnings allowed), 1 when an invariant is
//! broken (then no target runs, as in `build`), 2 when the input is invalid
//! or a target cannot express it.

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::targets::{self, TargetArgs};
use crate::{github, output, sarif};
use serde::Serialize;
use zonec_analysis::export::{self, InvariantReport};
use zonec_analysis::{self as analysis, Analysis};
use zonec_base::diagnostic::{self, Severity};
use zonec_base::{Diagnostic, Sources};
use zonec_model::Frontend;
use zonec_model::ResolveOptions;
use zonec_render::{self as render, JsonDiagnostic};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
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

/// Everything one run found.
pub struct Checked {
    pub sources: Sources,
    pub diagnostics: Vec<Diagnostic>,
    /// `None` when the input was invalid.
    pub analysed: Option<(Frontend, Analysis)>,
}

impl Checked {
    pub fn exit(&self) -> Exit {
        match &self.analysed {
            None => Exit::Invalid,
            Some((_, a)) if a.has_violations() => Exit::Violation,
            Some(_) if self.diagnostics.iter().any(Diagnostic::is_error) => Exit::Invalid,
            Some(_) => Exit::Ok,
        }
    }

    /// Add what the targets of `args` say about a valid policy whose
    /// invariants hold (as `build` does before it writes anything).
    fn run_targets(&mut self, args: &TargetArgs) {
        let Some((frontend, analysis)) = &self.analysed else {
            return;
        };
        if analysis.has_violations() {
            return;
        }
        let emitted = targets::emit(args, &frontend.model, analysis);
        self.diagnostics.extend(emitted.diagnostics);
        diagnostic::sort_dedup(&mut self.diagnostics);
    }
}

/// Read, resolve and (if the front end is clean) analyse a policy.
pub fn check(policy: &PolicyArgs) -> Checked {
    let (sources, mut diagnostics) = input::read(&policy.files);
    let mut analysed = None;
    if diagnostics.is_empty() {
        let options = ResolveOptions {
            today: policy.today(),
        };
        let frontend = zonec_model::compile(&sources, &options);
        diagnostics.extend(frontend.diagnostics.iter().cloned());
        if !frontend.has_errors() {
            let analysis = analysis::analyze(&frontend.model);
            diagnostics.extend(analysis.diagnostics.iter().cloned());
            analysed = Some((frontend, analysis));
        }
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        sources,
        diagnostics,
        analysed,
    }
}

pub fn run(args: &Args) -> Exit {
    let mut checked = check(&args.policy);
    checked.run_targets(&args.targets);
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
    exit
}

fn human(checked: &Checked, exit: Exit) {
    let diags = &checked.diagnostics;
    output::eprint_diagnostics(diags, &checked.sources);
    let warnings = diagnostic::count(diags, Severity::Warning);
    match (exit, &checked.analysed) {
        (Exit::Ok, _) => eprintln!(
            "ok: {} file(s) checked, {warnings} warning(s)",
            checked.sources.len()
        ),
        (Exit::Violation, Some((_, a))) => {
            let broken = a.verdicts.iter().filter(|v| !v.holds).count();
            eprintln!(
                "error: {broken} of {} invariant(s) broken, {warnings} warning(s)",
                a.verdicts.len()
            );
        }
        _ => {}
    }
}

fn json(checked: &Checked, exit: Exit) -> JsonReport {
    let diags = &checked.diagnostics;
    let invariants = match &checked.analysed {
        Some((frontend, a)) => export::invariants(&frontend.model, &a.verdicts, &checked.sources),
        None => Vec::new(),
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
