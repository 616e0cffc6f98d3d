//! Cloud targets (AWS Terraform + CloudFormation, Azure, GCP), proved: each
//! emitted file is read back by an evaluator that applies that cloud's
//! documented semantics (`cloud/aws_eval.rs`, `azure_eval.rs`,
//! `gcp_eval.rs`), and the zone x zone x service-class matrix it computes
//! must equal the analysis matrix restricted to what the cloud enforces
//! (`cloud/matrix.rs` says exactly what). Policies a cloud cannot express
//! must fail with `cloud-inexpressible` instead.

mod aws_eval;
mod azure_eval;
mod build;
mod eval;
mod fixtures;
mod gcp_eval;
pub(crate) mod lint;
mod matrix;
mod props;
mod shapes;
mod space;
pub(crate) mod tf;

use serde_json::Value;
use zonec_compiler::analysis::effective::EffectivePolicy;
use zonec_compiler::model::{AddressTable, CloudProvider, Model};
use zonec_compiler::{Code, Diagnostic};
use zonec_targets::cloud::{self, CloudOptions, Emitted, Input};

/// Every cloud target's output for a model.
pub struct Outputs {
    pub aws: Emitted,
    pub azure: Emitted,
    pub gcp: Emitted,
}

pub fn emit_all(model: &Model, options: &CloudOptions) -> Outputs {
    let effective = EffectivePolicy::new(model);
    let addresses = AddressTable::new(model);
    let input = Input {
        model,
        effective: &effective,
        addresses: &addresses,
    };
    Outputs {
        aws: cloud::aws(input, options),
        azure: cloud::azure(input),
        gcp: cloud::gcp(input),
    }
}

pub fn file<'a>(emitted: &'a Emitted, path: &str) -> &'a str {
    let found = emitted.artifacts.iter().find(|a| a.path == path);
    &found
        .unwrap_or_else(|| panic!("no {path}; diagnostics: {:#?}", emitted.diagnostics))
        .contents
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("emitted JSON parses")
}

pub fn errors(emitted: &Emitted) -> Vec<&Diagnostic> {
    emitted
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect()
}

/// Prove every file of every cloud that emitted files; returns the number
/// of enforcement points checked. Panics with every mismatch.
pub fn prove(model: &Model, out: &Outputs) -> usize {
    let eff = EffectivePolicy::new(model);
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut run = |what: &str, provider, cloud: &dyn matrix::Cloud| {
        let report = matrix::check(model, &eff, provider, cloud);
        checked += report.checked;
        failures.extend(
            report
                .mismatches
                .into_iter()
                .map(|m| format!("{what}: {m}")),
        );
    };
    if !out.aws.artifacts.is_empty() {
        let tf = aws_eval::Aws::from_terraform(model, &parse(file(&out.aws, "cloud/aws.tf.json")));
        tf.check_groups();
        run("aws.tf.json", CloudProvider::Aws, &tf);
        let template = file(&out.aws, "cloud/aws.cfn.json");
        let cfn = aws_eval::Aws::from_cloudformation(model, &parse(template));
        cfn.check_groups();
        run("aws.cfn.json", CloudProvider::Aws, &cfn);
    }
    if !out.azure.artifacts.is_empty() {
        let az = azure_eval::Azure::from_terraform(
            model,
            &parse(file(&out.azure, "cloud/azure.tf.json")),
        );
        run("azure.tf.json", CloudProvider::Azure, &az);
    }
    if !out.gcp.artifacts.is_empty() {
        let g = gcp_eval::Gcp::from_terraform(model, &parse(file(&out.gcp, "cloud/gcp.tf.json")));
        run("gcp.tf.json", CloudProvider::Gcp, &g);
    }
    assert!(
        failures.is_empty(),
        "cloud semantics differ from the policy:\n{}",
        failures.join("\n")
    );
    checked
}

/// Prove, and lint the CloudFormation template (named `name`).
pub fn prove_and_lint(name: &str, model: &Model, out: &Outputs) -> usize {
    let checked = prove(model, out);
    if !out.aws.artifacts.is_empty() {
        lint::cfn_lint(name, file(&out.aws, "cloud/aws.cfn.json"));
    }
    checked
}

/// Codes of the error diagnostics of one target.
pub fn codes(emitted: &Emitted) -> Vec<Code> {
    errors(emitted).iter().map(|d| d.code).collect()
}
