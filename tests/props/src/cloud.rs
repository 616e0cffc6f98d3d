//! The cloud evaluators of `tests/cloud/`, compiled here so that the test
//! suite and the fuzz targets read cloud files back with the same code:
//! each emitted file is evaluated under its cloud's documented rule
//! semantics, and the zone x zone x service-class matrix it gives must
//! equal the analysis matrix restricted to what the cloud enforces.

#[path = "../../cloud/aws_eval.rs"]
pub mod aws_eval;
#[path = "../../cloud/azure_eval.rs"]
pub mod azure_eval;
#[path = "../../cloud/eval.rs"]
pub mod eval;
#[path = "../../cloud/gcp_eval.rs"]
pub mod gcp_eval;
#[path = "../../cloud/matrix.rs"]
pub mod matrix;
#[path = "../../cloud/space.rs"]
pub mod space;
#[path = "../../cloud/tf.rs"]
pub mod tf;

use serde_json::Value;
use zonec_analysis::effective::EffectivePolicy;
use zonec_model::{CloudProvider, Model};
use zonec_targets::Artifact;

/// Prove every cloud file among `artifacts` (the others are ignored);
/// returns the number of enforcement points checked. Panics with every
/// mismatch.
pub fn prove(model: &Model, eff: &EffectivePolicy, artifacts: &[Artifact]) -> usize {
    let doc = |path: &str| -> Option<Value> {
        let a = artifacts.iter().find(|a| a.path == path)?;
        Some(serde_json::from_str(&a.contents).expect("emitted JSON parses"))
    };
    let aws = artifacts
        .iter()
        .filter(|a| a.path.starts_with("cloud/aws."))
        .count();
    assert!(aws == 0 || aws == 2, "AWS wrote {aws} of its 2 files");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut run = |what: &str, provider, cloud: &dyn matrix::Cloud| {
        let report = matrix::check(model, eff, provider, cloud);
        checked += report.checked;
        failures.extend(
            report
                .mismatches
                .into_iter()
                .map(|m| format!("{what}: {m}")),
        );
    };
    if let Some(tf) = doc("cloud/aws.tf.json") {
        let tf = aws_eval::Aws::from_terraform(model, &tf);
        tf.check_groups();
        run("aws.tf.json", CloudProvider::Aws, &tf);
    }
    if let Some(cfn) = doc("cloud/aws.cfn.json") {
        let cfn = aws_eval::Aws::from_cloudformation(model, &cfn);
        cfn.check_groups();
        run("aws.cfn.json", CloudProvider::Aws, &cfn);
    }
    if let Some(az) = doc("cloud/azure.tf.json") {
        let az = azure_eval::Azure::from_terraform(model, &az);
        run("azure.tf.json", CloudProvider::Azure, &az);
    }
    if let Some(g) = doc("cloud/gcp.tf.json") {
        let g = gcp_eval::Gcp::from_terraform(model, &g);
        run("gcp.tf.json", CloudProvider::Gcp, &g);
    }
    assert!(
        failures.is_empty(),
        "cloud semantics differ from the policy:\n{}",
        failures.join("\n")
    );
    checked
}
