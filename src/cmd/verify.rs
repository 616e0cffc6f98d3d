//! `zonec verify`: is the network running what the policy proves? Reads the
//! policy (analysed as `check` does) and what is deployed: the router's
//! `nft -j list ruleset`, and the clouds' describe output (AWS security
//! groups, Azure NSGs and ASGs, GCP firewall rules), hands each to
//! `zonec_verify`, and prints all the findings as one report
//! (`render.rs`). Exit 0: everything deployed enforces the policy; 1:
//! findings; 2: the policy or an input could not be read, or an input
//! holds something the evaluator does not understand (named, never
//! passed over; nothing is printed on stdout then).

pub(crate) mod render;

use crate::exit::Exit;
use crate::input::{self, PolicyArgs};
use crate::pipeline::{self, Until};
use crate::{manifest, output};
use std::collections::BTreeMap;
use std::path::PathBuf;
use zonec_analysis::effective::EffectivePolicy;
use zonec_escape::terminal;
use zonec_model::{Model, ZoneId};
use zonec_targets::nftables::InterfaceTemplate;
use zonec_verify::{Policy, Unsupported};

#[derive(clap::Args, Debug)]
#[command(group(
    clap::ArgGroup::new("deployed")
        .required(true)
        .multiple(true)
        .args(["nft_json", "aws_sg_json", "azure_nsg_json", "gcp_firewall_json"])
))]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The router's ruleset: the output of `nft -j list ruleset` (`-` for standard input)
    #[arg(long = "nft-json", value_name = "FILE")]
    pub nft_json: Option<PathBuf>,
    /// AWS security groups: the output of `aws ec2 describe-security-groups`
    #[arg(long = "aws-sg-json", value_name = "FILE")]
    pub aws_sg_json: Option<PathBuf>,
    /// Azure NSGs: the output of `az network nsg list`
    #[arg(long = "azure-nsg-json", value_name = "FILE")]
    pub azure_nsg_json: Option<PathBuf>,
    /// Azure ASGs: the output of `az network asg list` (rules name ASGs by
    /// id; without it, an ASG is known by the name zonec gives it)
    #[arg(
        long = "azure-asg-json",
        value_name = "FILE",
        requires = "azure_nsg_json"
    )]
    pub azure_asg_json: Option<PathBuf>,
    /// GCP firewall rules: the output of `gcloud compute firewall-rules list --format=json`
    #[arg(long = "gcp-firewall-json", value_name = "FILE")]
    pub gcp_firewall_json: Option<PathBuf>,
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
    let inputs = inputs(args);
    let stdin = policy
        .files
        .iter()
        .map(PathBuf::as_path)
        .chain(inputs.iter().map(|(_, p)| *p))
        .filter(|p| input::is_stdin(p))
        .count();
    if stdin > 1 {
        eprintln!(
            "error: standard input (`-`) is named more than once (as a policy file or an input)"
        );
        return Exit::Invalid;
    }
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    if loaded.diagnostics.iter().any(|d| d.is_error()) {
        output::eprint_diagnostics(&loaded.diagnostics, &loaded.sources);
        eprintln!(
            "error: the policy does not hold, so nothing deployed can be verified against it"
        );
        return Exit::Invalid;
    }
    let mut texts = Vec::new();
    for &(source, path) in &inputs {
        match input::read_one(path) {
            Ok(t) => texts.push((source, t)),
            Err(d) => {
                output::eprint_diagnostics(&[d], &loaded.sources);
                return Exit::Invalid;
            }
        }
    }
    let hash = manifest::policy_hash(&loaded.sources);
    let interfaces = interfaces(&loaded.model, args.nft_interface.as_ref());
    let checked = Policy {
        model: &loaded.model,
        effective: &loaded.analysis.effective,
        addresses: &loaded.analysis.addresses,
        hash: &hash,
        interfaces: &interfaces,
    };
    let asgs = texts
        .iter()
        .find(|(s, _)| *s == Source::AzureAsg)
        .map(|(_, t)| t.as_str());
    // The router lets monitored zones' traffic through (logged), so its
    // ruleset is checked against the policy as deployed; the clouds
    // enforce monitored zones, so they are checked against it as written.
    let deployed = Deployed::of(&loaded.model);
    let router = deployed.policy(&checked);
    let mut reports = Vec::new();
    for (source, text) in &texts {
        let result = match source {
            Source::Nft => zonec_verify::verify(&router, text),
            Source::Aws => zonec_verify::cloud::aws(&checked, text),
            Source::Azure => zonec_verify::cloud::azure(&checked, text, asgs),
            Source::Gcp => zonec_verify::cloud::gcp(&checked, text),
            Source::AzureAsg => continue,
        };
        match result {
            Ok(r) => reports.push(r),
            Err(e) => {
                eprint!("{}", unsupported(*source, &e));
                return Exit::Invalid;
            }
        }
    }
    let report = merge(reports);
    let shown: Vec<String> = inputs.iter().map(|(_, p)| output::shown(p)).collect();
    print!(
        "{}",
        render::render(args.format, &report, &shown.join(", "), &hash)
    );
    if report.findings.is_empty() {
        Exit::Ok
    } else {
        Exit::Violation
    }
}

/// What an input is the output of.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    Nft,
    Aws,
    Azure,
    AzureAsg,
    Gcp,
}

impl Source {
    /// What it is, and the command that prints it.
    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Source::Nft => ("the ruleset", "nft -j list ruleset"),
            Source::Aws => (
                "the AWS security groups",
                "aws ec2 describe-security-groups",
            ),
            Source::Azure => ("the Azure NSGs", "az network nsg list"),
            Source::AzureAsg => ("the Azure ASGs", "az network asg list"),
            Source::Gcp => (
                "the GCP firewall rules",
                "gcloud compute firewall-rules list --format=json",
            ),
        }
    }
}

/// The inputs named on the command line, in report order.
fn inputs(args: &Args) -> Vec<(Source, &std::path::Path)> {
    [
        (Source::Nft, &args.nft_json),
        (Source::Aws, &args.aws_sg_json),
        (Source::Azure, &args.azure_nsg_json),
        (Source::AzureAsg, &args.azure_asg_json),
        (Source::Gcp, &args.gcp_firewall_json),
    ]
    .into_iter()
    .filter_map(|(s, p)| Some((s, p.as_deref()?)))
    .collect()
}

/// One report of every input's findings, in input order.
fn merge(reports: Vec<zonec_verify::Report>) -> zonec_verify::Report {
    let subject = match reports.as_slice() {
        [one] => one.subject.clone(),
        _ => "the deployed network".to_string(),
    };
    let mut out = zonec_verify::Report {
        subject,
        ..Default::default()
    };
    for r in reports {
        out.findings.extend(r.findings);
        out.pairs_checked += r.pairs_checked;
    }
    out
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

/// The error for an input the evaluator cannot read.
pub(crate) fn unsupported(source: Source, e: &Unsupported) -> String {
    let (input, command) = source.describe();
    let (what, help) = if e.malformed {
        (
            format!("cannot read {input}"),
            format!("pass the output of `{command}` (JSON), unchanged"),
        )
    } else {
        (
            format!(
                "{input} {} a construct zonec verify does not understand",
                if source == Source::Nft { "holds" } else { "hold" }
            ),
            "zonec verify checks only what it can evaluate; remove or change the construct, or check this part by hand".to_string(),
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

/// The policy as the router deploys it while some zone is monitored
/// (`zonec_analysis::deployed`): every forwarded pair with a monitored end
/// open.
pub struct Deployed {
    model: Option<(Model, EffectivePolicy)>,
}

impl Deployed {
    pub fn of(model: &Model) -> Deployed {
        let monitored = model.monitored_zones();
        if monitored.is_empty() {
            return Deployed { model: None };
        }
        let deployed = zonec_analysis::deployed::forwarded_deployed_model(model, &monitored);
        let effective = EffectivePolicy::new(&deployed);
        Deployed {
            model: Some((deployed, effective)),
        }
    }

    /// `written` as deployed: the same addresses, hash and interfaces.
    pub fn policy<'a>(&'a self, written: &Policy<'a>) -> Policy<'a> {
        match &self.model {
            None => Policy { ..*written },
            Some((model, effective)) => Policy {
                model,
                effective,
                ..*written
            },
        }
    }
}
