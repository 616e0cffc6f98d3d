//! The one contract every target meets, so that the CLI, `--help` and the
//! choice of targets need no change when a target is added: a target is a
//! [`TargetSpec`] row (name, help line, whether a policy needs it, emitter)
//! in the crate's list of targets, and every emitter reads one [`Input`]
//! and returns one [`Emitted`]. Whether a target's files may be used is
//! decided here, in [`Target::emit`], and nowhere else.

use crate::cloud::CloudOptions;
use crate::nftables::NftOptions;
use crate::{vlan, Artifact, TARGETS};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use zonec_analysis::effective::EffectivePolicy;
use zonec_base::Diagnostic;
use zonec_model::{AddressTable, Model};

/// What every target reads: the resolved model and what was derived from
/// it once per run (the effective policy, the address table).
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub model: &'a Model,
    pub effective: &'a EffectivePolicy,
    pub addresses: &'a AddressTable,
}

/// Target-specific options, one field per target that has any.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub nftables: NftOptions,
    pub vlan: vlan::Options,
    pub cloud: CloudOptions,
}

/// What one target made of a policy: its files and every warning and
/// error about it.
#[derive(Clone, Debug, Default)]
pub struct Emitted {
    pub artifacts: Vec<Artifact>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Emitted {
    /// Whether any diagnostic is an error (then the files are not used).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// One row of the list of targets: everything the CLI and a build need to
/// know of a target.
pub(crate) struct TargetSpec {
    /// The name on the command line.
    pub name: &'static str,
    /// One line for `--help`.
    pub about: &'static str,
    /// Whether a policy needs this target when no target is named.
    pub needed_by: fn(&Model) -> bool,
    /// The target's files and diagnostics; [`Target::emit`] drops the files
    /// when a diagnostic is an error.
    pub emit: fn(&Input, &Options) -> Emitted,
}

/// A configuration format zonec emits: one row of the list of targets.
/// Targets compare and sort in the order they are built.
#[derive(Clone, Copy)]
pub struct Target {
    /// The row's position in the list: the build order.
    order: usize,
    spec: &'static TargetSpec,
}

impl Target {
    /// Every target, in the order they are built.
    pub fn all() -> impl Iterator<Item = Target> {
        TARGETS
            .iter()
            .enumerate()
            .map(|(order, spec)| Target { order, spec })
    }

    /// The target `--target NAME` names.
    pub fn from_name(name: &str) -> Option<Target> {
        Target::all().find(|t| t.name() == name)
    }

    /// What a policy needs when no target is named, in build order.
    pub fn needed_by(model: &Model) -> Vec<Target> {
        Target::all()
            .filter(|t| (t.spec.needed_by)(model))
            .collect()
    }

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        self.spec.name
    }

    /// One line for `--help`.
    pub fn about(self) -> &'static str {
        self.spec.about
    }

    /// The target's files and every diagnostic; no files when any
    /// diagnostic is an error, so that nothing partial is ever written.
    pub fn emit(self, input: &Input, options: &Options) -> Emitted {
        let mut emitted = (self.spec.emit)(input, options);
        if emitted.has_errors() {
            emitted.artifacts.clear();
        }
        emitted
    }
}

impl fmt::Debug for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PartialEq for Target {
    fn eq(&self, other: &Target) -> bool {
        self.order == other.order
    }
}

impl Eq for Target {}

impl PartialOrd for Target {
    fn partial_cmp(&self, other: &Target) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Target {
    fn cmp(&self, other: &Target) -> Ordering {
        self.order.cmp(&other.order)
    }
}

impl Hash for Target {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.order.hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn names_are_distinct_and_order_is_the_list() {
        let names: Vec<&str> = Target::all().map(Target::name).collect();
        let distinct: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(distinct.len(), names.len());
        let mut sorted: Vec<Target> = Target::all().collect();
        sorted.reverse();
        sorted.sort();
        assert_eq!(sorted, Target::all().collect::<Vec<_>>());
    }

    #[test]
    fn from_name_finds_every_target_and_nothing_else() {
        for t in Target::all() {
            assert_eq!(Target::from_name(t.name()), Some(t));
        }
        assert_eq!(Target::from_name("null"), None);
    }

    #[test]
    fn files_of_a_target_with_an_error_are_dropped() {
        fn emit(_: &Input, _: &Options) -> Emitted {
            Emitted {
                artifacts: vec![Artifact {
                    path: "partial".into(),
                    contents: String::new(),
                    sha256: None,
                }],
                diagnostics: vec![Diagnostic::error(zonec_base::Code::InterfaceName, "bad")],
            }
        }
        static FAILING: TargetSpec = TargetSpec {
            name: "failing",
            about: "",
            needed_by: |_| false,
            emit,
        };
        let model = Model::default();
        let out = crate::testing::run(&model, &Options::default(), |input, options| {
            Target {
                order: 0,
                spec: &FAILING,
            }
            .emit(input, options)
        });
        assert!(out.artifacts.is_empty());
        assert_eq!(out.diagnostics.len(), 1);
    }

    #[test]
    fn an_empty_policy_needs_only_nftables() {
        let nftables = Target::from_name("nftables").unwrap();
        assert_eq!(Target::needed_by(&Model::default()), [nftables]);
    }
}
