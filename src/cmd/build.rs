//! `zonec build`: check the policy, then emit every requested target
//! (chosen and run by [`crate::targets`], as `zonec check` does).
//!
//! All checks run before anything is written: on any error (or broken
//! invariant) the diagnostics are printed and no file or directory is
//! created. On success each artifact is written atomically under the output
//! directory, followed by `manifest.json`.

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::targets::{self, TargetArgs};
use crate::{manifest, output};
use std::path::{Path, PathBuf};
use zonec_compiler::analysis;
use zonec_compiler::diagnostic::{self, Severity};
use zonec_compiler::model::ResolveOptions;
use zonec_compiler::{Code, Diagnostic, Sources};
use zonec_targets::{Artifact, Target};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output directory (created if missing)
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,
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
        Some((targets, artifacts)) => {
            write_all(&args.out, &sources, &targets, &artifacts, &mut diags)
        }
        None if only_violations(&diags) => Exit::Violation,
        None => Exit::Invalid,
    };
    output::eprint_diagnostics(&diags, &sources);
    if exit == Exit::Ok {
        let warnings = diagnostic::count(&diags, Severity::Warning);
        eprintln!("ok: wrote {} ({warnings} warning(s))", args.out.display());
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
    let frontend = zonec_compiler::compile(sources, &options);
    diags.extend(frontend.diagnostics.iter().cloned());
    if frontend.has_errors() {
        return None;
    }
    let analysis = analysis::analyze_policy(&frontend);
    diags.extend(analysis.diagnostics.iter().cloned());
    if analysis.has_violations() {
        return None;
    }
    let emitted = targets::emit(&args.targets, &frontend, &analysis);
    diags.extend(emitted.diagnostics);
    (!diags.iter().any(Diagnostic::is_error)).then_some((emitted.targets, emitted.artifacts))
}

/// Write every artifact, then the manifest; an I/O failure is an error.
fn write_all(
    out: &Path,
    sources: &Sources,
    targets: &[Target],
    artifacts: &[Artifact],
    diags: &mut Vec<Diagnostic>,
) -> Exit {
    let manifest = Artifact {
        path: manifest::PATH.to_string(),
        contents: manifest::render(sources, targets, artifacts),
    };
    for artifact in artifacts.iter().chain(std::iter::once(&manifest)) {
        let path = out.join(&artifact.path);
        if let Err(e) = output::write_atomic(&path, artifact.contents.as_bytes()) {
            diags.push(
                Diagnostic::error(
                    Code::IoError,
                    format!("cannot write `{}`: {e}", path.display()),
                )
                .with_path(path.display().to_string())
                .with_help("check that the output directory is writable"),
            );
            return Exit::Invalid;
        }
    }
    Exit::Ok
}
