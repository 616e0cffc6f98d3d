//! `zonec build`: check the policy, then emit every requested target
//! (through the same [`crate::pipeline`] and [`crate::targets`] as
//! `zonec check`).
//!
//! All checks run before anything is written: on any error (or broken
//! invariant) the diagnostics are printed and no file or directory is
//! created. On success the artifacts and `manifest.json` replace the output
//! directory's content in one transaction (`outdir.rs`).

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::manifest::FileDigests;
use crate::messages::{self, detail, status};
use crate::pipeline::{self, Until};
use crate::targets::{Emitted, TargetArgs};
use crate::{listing, manifest, outdir, output};
use std::path::PathBuf;
use std::time::Instant;
use zonec_base::diagnostic::{self, Severity};
use zonec_base::{Diagnostic, Sources};
use zonec_escape::terminal;
use zonec_targets::Artifact;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output directory (created if missing); each build replaces its whole
    /// content in one step
    #[arg(short, long, visible_alias = "out", value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the content of a non-empty output directory that holds no
    /// zonec build (no `manifest.json`)
    #[arg(long)]
    pub force: bool,
    /// Show every offending pair of a broken invariant, not the first few
    #[arg(long)]
    pub all_witnesses: bool,
    #[command(flatten)]
    pub targets: TargetArgs,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let mut run = pipeline::run(&policy.files, policy.today(), Until::Emit(&args.targets));
    if args.all_witnesses {
        run.all_witnesses();
    }
    // Exact repeats are dropped also when no target ran (a missing file
    // named twice is reported once), as build always has.
    diagnostic::sort_dedup(&mut run.diagnostics);
    let written = match (run.exit(), run.emitted.take()) {
        (Exit::Ok, Some(emitted)) => {
            let digests = run
                .digests
                .take()
                .unwrap_or_else(|| FileDigests::of(&run.sources));
            write_all(args, &run.sources, &digests, emitted, &mut run.diagnostics)
        }
        // A clean run to `Emit` always has targets: fail closed anyway.
        (Exit::Ok, None) => Err(Exit::Invalid),
        (exit, _) => Err(exit),
    };
    output::eprint_diagnostics(&run.diagnostics, &run.sources);
    let exit = match written {
        Ok(emitted) => {
            tell(args, &emitted, &run.diagnostics);
            Exit::Ok
        }
        Err(exit) => exit,
    };
    run.finish();
    exit
}

/// Write every artifact and the manifest as one transaction; an I/O
/// failure is an error and leaves the output directory as it was. Returns
/// what was written, the manifest last.
fn write_all(
    args: &Args,
    sources: &Sources,
    digests: &FileDigests,
    mut emitted: Emitted,
    diags: &mut Vec<Diagnostic>,
) -> Result<Emitted, Exit> {
    let clock = Instant::now();
    emitted.artifacts.push(Artifact {
        path: manifest::PATH.to_string(),
        contents: manifest::render(sources, digests, &emitted.targets, &emitted.artifacts),
        sha256: None,
    });
    match outdir::write(
        &args.output,
        &emitted.artifacts,
        &args.policy.files,
        args.force,
    ) {
        Ok(()) => {
            let bytes = emitted.artifacts.iter().map(|a| a.contents.len()).sum();
            detail!(
                "wrote {} file(s), {}, in {}",
                emitted.artifacts.len(),
                messages::size(bytes),
                messages::millis(clock.elapsed())
            );
            Ok(emitted)
        }
        Err(diag) => {
            diags.push(diag);
            Err(Exit::Invalid)
        }
    }
}

/// The status lines of a build that succeeded: what each target wrote
/// where, then the total.
fn tell(args: &Args, emitted: &Emitted, diags: &[Diagnostic]) {
    listing::print(&args.output, &emitted.made, &emitted.artifacts);
    let warnings = diagnostic::count(diags, Severity::Warning);
    status!(
        "ok: wrote {} file(s) and {} to {} ({warnings} warning(s))",
        emitted.artifacts.len().saturating_sub(1),
        manifest::PATH,
        terminal::escape(&args.output.display().to_string())
    );
}
