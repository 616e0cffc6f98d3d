//! `zonec verify`: is the router running what the policy proves? Reads the
//! policy (analysed as `check` does) and the router's `nft -j list ruleset`,
//! hands both to `zonec_verify`, and prints the findings (`render.rs`).
//! Exit 0: the deployed ruleset enforces the policy; 1: findings; 2: the
//! policy or the ruleset could not be read, or the ruleset holds something
//! the evaluator does not understand (named, never passed over).

pub(crate) mod render;

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::pipeline::{self, Until};
use crate::{manifest, output};
use std::collections::BTreeMap;
use std::path::PathBuf;
use zonec_escape::terminal;
use zonec_model::{Model, ZoneId};
use zonec_targets::nftables::InterfaceTemplate;
use zonec_verify::{Policy, Unsupported};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The router's ruleset: the output of `nft -j list ruleset` (`-` for standard input)
    #[arg(long = "nft-json", value_name = "FILE", required = true)]
    pub nft_json: PathBuf,
    /// The `--nft-interface` template the ruleset was built with, if any
    /// (the interface each VLAN zone's traffic arrives on)
    #[arg(long = "nft-interface", value_name = "TEMPLATE", value_parser = InterfaceTemplate::parse)]
    pub nft_interface: Option<InterfaceTemplate>,
    /// Output format
    #[arg(long, value_enum, default_value_t = render::Format::Human)]
    pub format: render::Format,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    if input::is_stdin(&args.nft_json) && policy.files.iter().any(|f| input::is_stdin(f)) {
        eprintln!("error: standard input (`-`) is named both as a policy file and as --nft-json");
        return Exit::Invalid;
    }
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    if loaded.diagnostics.iter().any(|d| d.is_error()) {
        output::eprint_diagnostics(&loaded.diagnostics, &loaded.sources);
        eprintln!("error: the policy does not hold, so no ruleset can be verified against it");
        return Exit::Invalid;
    }
    let text = match input::read_one(&args.nft_json) {
        Ok(t) => t,
        Err(d) => {
            output::eprint_diagnostics(&[d], &loaded.sources);
            return Exit::Invalid;
        }
    };
    let hash = manifest::policy_hash(&loaded.sources);
    let interfaces = interfaces(&loaded.model, args.nft_interface.as_ref());
    let checked = Policy {
        model: &loaded.model,
        effective: &loaded.analysis.effective,
        addresses: &loaded.analysis.addresses,
        hash: &hash,
        interfaces: &interfaces,
    };
    match zonec_verify::verify(&checked, &text) {
        Ok(report) => {
            let shown = output::shown(&args.nft_json);
            print!("{}", render::render(args.format, &report, &shown, &hash));
            if report.findings.is_empty() {
                Exit::Ok
            } else {
                Exit::Violation
            }
        }
        Err(e) => {
            eprint!("{}", unsupported(&e));
            Exit::Invalid
        }
    }
}

/// The interface of every VLAN zone under the template.
pub(crate) fn interfaces(
    model: &Model,
    template: Option<&InterfaceTemplate>,
) -> BTreeMap<ZoneId, String> {
    let Some(t) = template else {
        return BTreeMap::new();
    };
    model
        .zone_ids()
        .filter_map(|z| {
            let zone = model.zone(z);
            Some((z, t.expand(&zone.name, zone.vlan.as_ref()?.id)))
        })
        .collect()
}

/// The error for a ruleset the evaluator cannot read.
pub(crate) fn unsupported(e: &Unsupported) -> String {
    let (what, help) = if e.malformed {
        (
            "cannot read the ruleset",
            "pass the output of `nft -j list ruleset` (JSON), unchanged",
        )
    } else {
        (
            "the ruleset holds a construct zonec verify does not understand",
            "zonec verify checks only what it can evaluate; remove or change the construct, or check this part by hand",
        )
    };
    let at = if e.at.is_empty() {
        String::new()
    } else {
        format!("  at: {}\n", terminal::escape(&e.at))
    };
    format!(
        "error: {what}: {}\n{at}  help: {help}\n",
        terminal::escape(&e.what)
    )
}
