//! `zonec build`: check the policy, then emit every requested target.
//!
//! All checks run before anything is written: on any error (or broken
//! invariant) the diagnostics are printed and no file or directory is
//! created. On success the artifacts and `manifest.json` replace the output
//! directory's content in one transaction (`outdir.rs`).

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::{manifest, outdir, output};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use std::path::PathBuf;
use zonec_compiler::analysis;
use zonec_compiler::diagnostic::{self, Severity};
use zonec_compiler::escape::terminal;
use zonec_compiler::model::{AddressTable, Model, ResolveOptions};
use zonec_compiler::{Code, Diagnostic, Sources};
use zonec_targets::nftables::{InterfaceTemplate, NftOptions};
use zonec_targets::{cloud, vlan};
use zonec_targets::{Artifact, Input, Options, Target};

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
    /// Targets to build, comma-separated [default: nftables, plus vlan and each
    /// cloud the policy places zones in]
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
    /// aws: inbound (and outbound) rules allowed per security group, the
    /// account's quota
    #[arg(long = "aws-rules-per-sg", value_name = "N", default_value_t = cloud::AWS_DEFAULT_RULES_PER_SG,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub aws_rules_per_sg: u32,
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
    /// The requested targets (or those the policy needs), deduplicated, in
    /// build order.
    fn targets(&self, model: &Model) -> Vec<Target> {
        let mut targets = if self.targets.is_empty() {
            Target::needed_by(model)
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
            cloud: cloud::CloudOptions {
                aws_rules_per_sg: self.aws_rules_per_sg,
            },
        }
    }
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
    let model = &frontend.model;
    let addresses = AddressTable::new(model);
    let input = Input {
        model,
        effective: &analysis.effective,
        addresses: &addresses,
    };
    let options = args.options();
    let targets = args.targets(model);
    let mut artifacts = Vec::new();
    for target in &targets {
        match target.emit(&input, &options) {
            Ok((files, warnings)) => {
                artifacts.extend(files);
                diags.extend(warnings);
            }
            Err(errors) => diags.extend(errors),
        }
    }
    (!diags.iter().any(Diagnostic::is_error)).then_some((targets, artifacts))
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
