//! The one way a command takes a policy through the compiler: read the
//! files, compile (parse and resolve), analyze, then run the targets. Each
//! stage runs only when the one before it is clean (no read or resolve
//! error; every invariant holds before any target runs), once, and every
//! stage's diagnostics land in one list, sorted the same way.
//!
//! A command says how far to go ([`Until`]), then reads the [`Run`]: its
//! output and its exit code are the command's own ([`Run::exit`] is the
//! rule `check` and `build` share).

use crate::exit::Exit;
use crate::manifest::FileDigests;
use crate::messages::{self, detail};
use crate::targets::{self, Emitted, TargetArgs};
use crate::{input, output};
use std::path::PathBuf;
use std::time::Instant;
use zonec_analysis::{self as analysis, Analysis};
use zonec_base::diagnostic::Code;
use zonec_base::{diagnostic, Date, Diagnostic, Sources};
use zonec_model::{Model, ResolveOptions};

/// The last stage a command needs.
#[derive(Clone, Copy)]
pub enum Until<'a> {
    /// Read, parse and resolve: the model.
    Compile,
    /// Then the analysis: verdicts, evidence and lints.
    Analyze,
    /// Then the targets of these arguments, when every invariant holds.
    Emit(&'a TargetArgs),
}

/// Everything one run found, as far as it went.
pub struct Run {
    pub sources: Sources,
    /// Every stage's diagnostics, sorted by [`diagnostic::sort`]; once the
    /// targets ran, exact repeats are dropped (two targets may check the
    /// same thing).
    pub diagnostics: Vec<Diagnostic>,
    /// The model, when the policy was read and resolved without errors.
    pub model: Option<Model>,
    /// The analysis of `model`, when the command asked for it.
    pub analysis: Option<Analysis>,
    /// What the targets made (their diagnostics are in `diagnostics`),
    /// when they ran.
    pub emitted: Option<Emitted>,
    /// The SHA-256 of each file, when the run went as far as the targets.
    pub digests: Option<FileDigests>,
}

/// A policy that read and resolved without errors, and its analysis.
pub struct Analyzed {
    pub sources: Sources,
    /// Every diagnostic: warnings, and the broken invariants.
    pub diagnostics: Vec<Diagnostic>,
    pub model: Model,
    pub analysis: Analysis,
}

/// Take the policy in `files` through every stage up to `until`.
pub fn run(files: &[PathBuf], today: Date, until: Until<'_>) -> Run {
    let clock = Instant::now();
    let (sources, mut diagnostics) = input::read(files);
    diagnostic::sort(&mut diagnostics);
    let bytes = sources.iter().map(|(_, f)| f.text.len()).sum();
    detail!(
        "read {} file(s), {}, in {}",
        sources.len(),
        messages::size(bytes),
        messages::millis(clock.elapsed())
    );
    let mut run = Run {
        sources,
        diagnostics,
        model: None,
        analysis: None,
        emitted: None,
        digests: None,
    };
    let hash = matches!(until, Until::Emit(_));
    let go_on = run.diagnostics.is_empty() && run.compile(today, hash);
    let go_on = match until {
        Until::Emit(args) if go_on && args.require_ticket => run.require_tickets(),
        _ => go_on,
    };
    let go_on = go_on && !matches!(until, Until::Compile) && run.analyze();
    if let (true, Until::Emit(args)) = (go_on, until) {
        run.emit(args);
    }
    run
}

impl Run {
    /// Ends the run without freeing what it holds. The command returns and
    /// the process exits right after: the OS takes the pages back at once,
    /// where freeing the model, the analysis and the artifacts allocation
    /// by allocation cost about a twentieth of a large `build`. Nothing
    /// in a `Run` needs its destructor (no files, locks or children).
    pub fn finish(self) {
        std::mem::forget(self);
    }

    /// 2 when the input is invalid, 1 when the policy is valid but an
    /// invariant is broken, 2 when a target cannot express it, else 0.
    pub fn exit(&self) -> Exit {
        match (&self.model, &self.analysis) {
            (None, _) => Exit::Invalid,
            (_, Some(a)) if a.has_violations() => Exit::Violation,
            _ if self.diagnostics.iter().any(Diagnostic::is_error) => Exit::Invalid,
            _ => Exit::Ok,
        }
    }

    /// Every diagnostic, on standard error.
    pub fn eprint(&self) {
        output::eprint_diagnostics(&self.diagnostics, &self.sources);
    }

    /// Every listed pair of each broken invariant, one diagnostic each,
    /// instead of the first few (`--all-witnesses`, and the machine-readable
    /// formats, which carry all of them).
    pub fn all_witnesses(&mut self) {
        let (Some(model), Some(analysis)) = (&self.model, &self.analysis) else {
            return;
        };
        let broken = |d: &Diagnostic| {
            matches!(
                d.code,
                Code::ForbidViolated | Code::RequireViolated | Code::RequireWindowed
            )
        };
        self.diagnostics.retain(|d| !broken(d));
        self.add(analysis.all_violations(model));
    }

    /// The model and its analysis; when the policy is invalid, every
    /// diagnostic is printed and the exit code is 2.
    pub fn analyzed(self) -> Result<Analyzed, Exit> {
        match (self.model, self.analysis) {
            (Some(model), Some(analysis)) => Ok(Analyzed {
                sources: self.sources,
                diagnostics: self.diagnostics,
                model,
                analysis,
            }),
            _ => {
                output::eprint_diagnostics(&self.diagnostics, &self.sources);
                Err(Exit::Invalid)
            }
        }
    }

    /// The model; when the policy is invalid, every diagnostic is printed
    /// and the exit code is 2.
    pub fn compiled(self) -> Result<Model, Exit> {
        match self.model {
            Some(model) => Ok(model),
            None => {
                output::eprint_diagnostics(&self.diagnostics, &self.sources);
                Err(Exit::Invalid)
            }
        }
    }

    /// Parse and resolve; true when there is no error. With `hash`, the
    /// files' digests are computed on a second thread meanwhile, since
    /// hashing megabytes of policy is a few percent of a large build.
    fn compile(&mut self, today: Date, hash: bool) -> bool {
        let clock = Instant::now();
        let sources = &self.sources;
        let (frontend, digests) = std::thread::scope(|scope| {
            let digests = hash.then(|| scope.spawn(|| FileDigests::of(sources)));
            let frontend = zonec_model::compile(sources, &ResolveOptions { today });
            (frontend, digests.and_then(|d| d.join().ok()))
        });
        self.digests = digests;
        let clean = !frontend.has_errors();
        let m = &frontend.model;
        detail!(
            "compiled {} zone(s), {} rule(s), {} invariant(s), {} error(s), in {}",
            m.zones.len(),
            m.rules.len(),
            m.invariants.len(),
            frontend.diagnostics.iter().filter(|d| d.is_error()).count(),
            messages::millis(clock.elapsed())
        );
        self.add(frontend.diagnostics);
        self.model = clean.then_some(frontend.model);
        clean
    }

    /// The `--require-ticket` check; true when every allow has a ticket.
    fn require_tickets(&mut self) -> bool {
        let Some(model) = &self.model else {
            return false;
        };
        let errors = zonec_model::governance::missing_tickets(model);
        let clean = errors.is_empty();
        self.add(errors);
        clean
    }

    /// Analyse the model; true when every invariant holds.
    fn analyze(&mut self) -> bool {
        let Some(model) = &self.model else {
            return false;
        };
        let clock = Instant::now();
        let analysis = analysis::analyze(model);
        let holds = !analysis.has_violations();
        let broken = analysis.verdicts.iter().filter(|v| !v.holds).count();
        detail!(
            "analyzed: {} of {} invariant(s) hold, {} zone-to-zone edge(s), in {}",
            analysis.verdicts.len() - broken,
            analysis.verdicts.len(),
            analysis.graph().edge_count(),
            messages::millis(clock.elapsed())
        );
        self.add(analysis.diagnostics.clone());
        self.analysis = Some(analysis);
        holds
    }

    /// Run the targets of `args` on the analysed model.
    fn emit(&mut self, args: &TargetArgs) {
        let (Some(model), Some(analysis)) = (&self.model, &self.analysis) else {
            return;
        };
        let clock = Instant::now();
        let digests = self
            .digests
            .get_or_insert_with(|| FileDigests::of(&self.sources));
        let hash = digests.policy_hash();
        let mut emitted = targets::emit(args, model, analysis, &hash);
        let names: Vec<&str> = emitted.targets.iter().map(|t| t.name()).collect();
        detail!(
            "ran target(s) {}: {} file(s), {} error(s), in {}",
            names.join(", "),
            emitted.artifacts.len(),
            emitted.diagnostics.iter().filter(|d| d.is_error()).count(),
            messages::millis(clock.elapsed())
        );
        self.diagnostics.append(&mut emitted.diagnostics);
        diagnostic::sort_dedup(&mut self.diagnostics);
        self.emitted = Some(emitted);
    }

    fn add(&mut self, diagnostics: Vec<Diagnostic>) {
        self.diagnostics.extend(diagnostics);
        diagnostic::sort(&mut self.diagnostics);
    }
}
