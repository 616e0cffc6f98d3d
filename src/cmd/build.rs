//! `zonec build`: check the policy, then emit every requested target
//! (chosen and run by [`crate::targets`], as `zonec check` does).
//!
//! All checks run before anything is written: on any error (or broken
//! invariant) the diagnostics are printed and no file or directory is
//! created. On success the artifacts and `manifest.json` replace the output
//! directory's content in one transaction (`outdir.rs`).

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::targets::{self, TargetArgs};
use crate::{manifest, outdir, output};
use std::path::PathBuf;
use zonec_analysis as analysis;
use zonec_base::diagnostic::{self, Severity};
use zonec_base::{Code, Diagnostic, Sources};
use zonec_escape::terminal;
use zonec_model::ResolveOptions;
use zonec_targets::{Artifact, Target};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output directory (created if missing); each build replaces its whole
    /// content in one step
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Replace the content of a non-empty output directory that holds no
    /// zonec build (no `manifest.json`)
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
}

pub fn run(args: &Args) -> Exit {
    let (sources, mut diags) = input::read(&args.policy.files);
    let artifacts = if diags.iter().any(Diagnostic::is_error) {
        None
    } else {
        build(args, &sources, &mut diags)
    };
    diagnostic::sort_dedup(&mut diags);
    let exit = match artifacts {
        Some(_) if diags.iter().any(Diagnostic::is_error) => Exit::Invalid,
        Some((targets, artifacts)) => write_all(args, &sources, &targets, artifacts, &mut diags),
        None if only_violations(&diags) => Exit::Violation,
        None => Exit::Invalid,
    };
    output::eprint_diagnostics(&diags, &sources);
    if exit == Exit::Ok {
        let warnings = diagnostic::count(&diags, Severity::Warning);
        eprintln!(
            "ok: wrote {} ({warnings} warning(s))",
            terminal::escape(&args.out.display().to_string())
        );
    }
    exit
}

/// True when every error is a broken invariant: the input is valid but the
/// policy does not hold (exit 1, as for `zonec check`).
fn only_violations(diags: &[Diagnostic]) -> bool {
    diags
        .iter()
        .filter(|d| d.is_error())
        .all(|d| matches!(d.code, Code::ForbidViolated | Code::RequireViolated))
        && diags.iter().any(Diagnostic::is_error)
}

/// Every check, then every target; `None` when any error was found.
fn build(
    args: &Args,
    sources: &Sources,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Vec<Target>, Vec<Artifact>)> {
    let options = ResolveOptions {
        today: args.policy.today(),
    };
    let frontend = zonec_model::compile(sources, &options);
    diags.extend(frontend.diagnostics.iter().cloned());
    if frontend.has_errors() {
        return None;
    }
    let analysis = analysis::analyze(&frontend.model);
    diags.extend(analysis.diagnostics.iter().cloned());
    if analysis.has_violations() {
        return None;
    }
    let emitted = targets::emit(&args.targets, &frontend.model, &analysis);
    diags.extend(emitted.diagnostics);
    (!diags.iter().any(Diagnostic::is_error)).then_some((emitted.targets, emitted.artifacts))
}

/// Write every artifact and the manifest as one transaction; an I/O
/// failure is an error and leaves the output directory as it was.
fn write_all(
    args: &Args,
    sources: &Sources,
    targets: &[Target],
    mut artifacts: Vec<Artifact>,
    diags: &mut Vec<Diagnostic>,
) -> Exit {
    artifacts.push(Artifact {
        path: manifest::PATH.to_string(),
        contents: manifest::render(sources, targets, &artifacts),
    });
    match outdir::write(&args.out, &artifacts, &args.policy.files, args.force) {
        Ok(()) => Exit::Ok,
        Err(diag) => {
            diags.push(diag);
            Exit::Invalid
        }
    }
}
