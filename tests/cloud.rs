//! Cloud targets (AWS Terraform + CloudFormation, Azure, GCP), proved: each
//! emitted file is read back by an evaluator that applies that cloud's
//! documented semantics (`cloud/aws_eval.rs`, `azure_eval.rs`,
//! `gcp_eval.rs`), and the zone x zone x service-class matrix it computes
//! must equal the analysis matrix restricted to what the cloud enforces
//! (`cloud/matrix.rs` says exactly what). Policies a cloud cannot express
//! must fail with `cloud-inexpressible` instead. The evaluators are
//! compiled in `zonec-props` (`tests/props/`), which the fuzz targets share.

mod build;
pub(crate) mod describe;
mod drift;
mod drift_cli;
mod fixtures;
pub(crate) mod lint;
mod props;
mod shapes;

use zonec_analysis::effective::EffectivePolicy;
use zonec_base::{Code, Diagnostic};
use zonec_model::{AddressTable, Model};
use zonec_targets::cloud::CloudOptions;
use zonec_targets::{Emitted, Input, Options, Target};

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
    let options = Options {
        cloud: options.clone(),
        ..Options::default()
    };
    let run = |name| Target::from_name(name).unwrap().emit(&input, &options);
    Outputs {
        aws: run("aws"),
        azure: run("azure"),
        gcp: run("gcp"),
    }
}

pub fn file<'a>(emitted: &'a Emitted, path: &str) -> &'a str {
    let found = emitted.artifacts.iter().find(|a| a.path == path);
    &found
        .unwrap_or_else(|| panic!("no {path}; diagnostics: {:#?}", emitted.diagnostics))
        .contents
}

pub fn errors(emitted: &Emitted) -> Vec<&Diagnostic> {
    emitted
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect()
}

/// Prove every file of every cloud that emitted files (with the
/// evaluators shared with the fuzz targets); returns the number of
/// enforcement points checked. Panics with every mismatch.
pub fn prove(model: &Model, out: &Outputs) -> usize {
    let artifacts: Vec<_> = [&out.aws, &out.azure, &out.gcp]
        .into_iter()
        .flat_map(|e| e.artifacts.iter().cloned())
        .collect();
    zonec_props::cloud::prove(model, &EffectivePolicy::new(model), &artifacts)
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
