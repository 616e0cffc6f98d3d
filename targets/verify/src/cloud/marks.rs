//! How verify knows what zonec made: the cloud's Terraform, emitted again
//! from the policy by the same emitter `build` runs, names every group,
//! ASG, network tag and rule zonec creates and the description or name by
//! which the provider's describe output shows each. A rule inside a
//! managed group that carries none of them is `unmanaged`.

use crate::{Policy, Unsupported};
use serde_json::Value;
use zonec_targets::{Input, Options, Target};

/// The emitted Terraform of `target` (`aws`, `azure`, `gcp`) for the policy.
pub fn emitted(policy: &Policy, target: &str) -> Result<Value, Unsupported> {
    let refused = || {
        Unsupported::new(format!(
            "zonec cannot build the {target} configuration of this policy (see `zonec check --target {target}`), so there is nothing to verify against"
        ))
    };
    let t = Target::from_name(target).ok_or_else(refused)?;
    let input = Input {
        model: policy.model,
        effective: policy.effective,
        addresses: policy.addresses,
    };
    let out = t.emit(&input, &Options::default());
    let path = format!("cloud/{target}.tf.json");
    let file = out
        .artifacts
        .iter()
        .find(|a| a.path == path)
        .ok_or_else(refused)?;
    serde_json::from_str(&file.contents).map_err(|_| refused())
}

/// The resources of one type in an emitted file, by Terraform name.
pub fn resources<'a>(doc: &'a Value, kind: &str) -> impl Iterator<Item = (&'a String, &'a Value)> {
    doc.get("resource")
        .and_then(|r| r.get(kind))
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
}

/// A string field of an emitted resource, as Terraform reads it: `$${`
/// is a literal `${` and `%%{` a literal `%{` (zonec writes no other
/// template).
pub fn field(v: &Value, path: &[&str]) -> String {
    let raw = path
        .iter()
        .try_fold(v, |v, k| v.get(*k))
        .and_then(Value::as_str)
        .unwrap_or_default();
    raw.replace("$${", "${").replace("%%{", "%{")
}

/// `NAME` of a reference `${TYPE.NAME.ATTR}` in an emitted field.
pub fn target(v: &Value, key: &str) -> String {
    let raw = v.get(key).and_then(Value::as_str).unwrap_or_default();
    raw.split('.').nth(1).unwrap_or_default().to_string()
}
