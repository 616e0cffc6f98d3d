//! `zonec build`: check the policy, then emit every requested target.
//!
//! All checks run before anything is written: on any error (or broken
//! invariant) the diagnostics are printed and no file or directory is
//! created. On success each artifact is written atomically under the output
//! directory, followed by `manifest.json`.

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::{manifest, output};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::path::{Path, PathBuf};
use zonec_compiler::analysis;
use zonec_compiler::diagnostic::{self, Severity};
use zonec_compiler::model::{AddressTable, ResolveOptions};
use zonec_compiler::{Code, Diagnostic, Sources};
use zonec_targets::nftables::{InterfaceTemplate, NftOptions};
use zonec_targets::vlan;
use zonec_targets::{Artifact, Input, Options, Target};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output directory (created if missing)
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: PathBuf,
    /// Targets to build, comma-separated [default: all]
    #[arg(long = "target", value_name = "TARGET", value_delimiter = ',', value_parser = target_parser())]
    pub targets: Vec<Target>,
    /// nftables: name of each VLAN zone's interface, with `{id}` (VLAN id) and
    /// `{zone}` (zone name), e.g. `vlan{id}`; turns on anti-spoofing
    #[arg(long = "nft-interface", value_name = "TEMPLATE", value_parser = InterfaceTemplate::parse)]
    pub nft_interface: Option<InterfaceTemplate>,
    /// vlan: also give each VLAN a routed interface on the switch (IOS SVI,
    /// Junos irb) with the zone's gateway addresses
    #[arg(long = "vlan-svi")]
    pub vlan_svi: bool,
    /// vlan: the Linux router's interface towards the switch (the 802.1Q trunk)
    #[arg(long, value_name = "INTERFACE", default_value = vlan::DEFAULT_TRUNK, value_parser = parse_trunk)]
    pub trunk: String,
}

fn parse_trunk(name: &str) -> Result<String, String> {
    match vlan::interface_problem(name) {
        Some(problem) => Err(format!("interface name `{name}` {problem}")),
        None => Ok(name.to_string()),
    }
}

/// Accepts the name of any registered target; clap lists them in `--help`
/// and rejects anything else.
fn target_parser() -> impl TypedValueParser<Value = Target> {
    let values = Target::ALL
        .iter()
        .map(|t| PossibleValue::new(t.name()).help(t.about()));
    PossibleValuesParser::new(values)
        .try_map(|name| Target::from_name(&name).ok_or_else(|| format!("unknown target `{name}`")))
}

impl Args {
    /// The requested targets, deduplicated, in build order.
    fn targets(&self) -> Vec<Target> {
        let mut targets = if self.targets.is_empty() {
            Target::ALL.to_vec()
        } else {
            self.targets.clone()
        };
        targets.sort_unstable();
        targets.dedup();
        targets
    }

    fn options(&self) -> Options {
        Options {
            nftables: NftOptions {
                interface_template: self.nft_interface.clone(),
            },
            vlan: vlan::Options {
                svi: self.vlan_svi,
                trunk: self.trunk.clone(),
                interface: self.nft_interface.clone(),
            },
        }
    }
}

pub fn run(args: &Args) -> Exit {
    let (sources, mut diags) = input::read(&args.policy.files);
    let targets = args.targets();
    let built = if diags.iter().any(Diagnostic::is_error) {
        Err(Exit::Invalid)
    } else {
        build(args, &sources, &targets, &mut diags)
    };
    diagnostic::sort(&mut diags);
    let exit = match built {
        Ok(artifacts) => write_all(&args.out, &sources, &targets, &artifacts, &mut diags),
        Err(exit) => exit,
    };
    output::eprint_diagnostics(&diags, &sources);
    if exit == Exit::Ok {
        let warnings = diagnostic::count(&diags, Severity::Warning);
        eprintln!("ok: wrote {} ({warnings} warning(s))", args.out.display());
    }
    exit
}

/// Every check (front end, then the proofs of every invariant), then
/// every target. `Err` with the exit code when anything is wrong: an error
/// is [`Exit::Invalid`], a broken invariant (and nothing worse)
/// [`Exit::Violation`]; either way nothing is emitted.
fn build(
    args: &Args,
    sources: &Sources,
    targets: &[Target],
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<Artifact>, Exit> {
    let options = ResolveOptions {
        today: args.policy.today(),
    };
    let frontend = zonec_compiler::compile(sources, &options);
    diags.extend(frontend.diagnostics.iter().cloned());
    if frontend.has_errors() {
        return Err(Exit::Invalid);
    }
    let analysis = analysis::analyze_policy(&frontend);
    diags.extend(analysis.diagnostics.iter().cloned());
    if analysis.has_violations() {
        return Err(Exit::Violation);
    }
    let model = &frontend.model;
    let addresses = AddressTable::new(model);
    let input = Input {
        model,
        effective: &analysis.effective,
        addresses: &addresses,
    };
    let options = args.options();
    let mut artifacts = Vec::new();
    for target in targets {
        match target.emit(&input, &options) {
            Ok((files, warnings)) => {
                artifacts.extend(files);
                diags.extend(warnings);
            }
            Err(errors) => diags.extend(errors),
        }
    }
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Exit::Invalid);
    }
    Ok(artifacts)
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
