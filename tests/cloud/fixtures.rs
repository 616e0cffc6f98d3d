//! Specs through the whole pipeline (parse, resolve, effective policy,
//! cloud targets): every fixture in `tests/fixtures/cloud/` (line 1 says
//! what it stresses) and every example in `dsl-examples/`, for each cloud,
//! one test each.
//! A cloud that emits files is proved and linted, and each file is a
//! snapshot; a cloud that refuses has its rendered diagnostics as the
//! snapshot (`snapshots/cloud/`, named `STEM.FILE` or `STEM.CLOUD.diagnostics`).

use super::{emit_all, errors, prove_and_lint, Outputs};
use crate::util;
use zonec_base::{Code, Date, Sources};
use zonec_model::Frontend;
use zonec_model::ResolveOptions;
use zonec_render::{self as render, Style};
use zonec_targets::cloud::CloudOptions;
use zonec_targets::Emitted;

const FIXTURES: &str = "tests/fixtures/cloud";

struct Built {
    sources: Sources,
    frontend: Frontend,
    out: Outputs,
}

fn build(file: &str) -> Built {
    let text =
        std::fs::read_to_string(util::root().join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut sources = Sources::new();
    sources.add(file, text);
    let today = Date::parse("2026-11-22").expect("date");
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    let errs: Vec<_> = frontend
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(
        errs.is_empty(),
        "{file} does not check:\n{}",
        render::human(&frontend.diagnostics, &sources, Style::PLAIN)
    );
    let out = emit_all(&frontend.model, &CloudOptions::default());
    Built {
        sources,
        frontend,
        out,
    }
}

/// Snapshot what one cloud produced, and prove it when it produced files.
fn record(name: &str, cloud: &str, built: &Built, emitted: &Emitted) {
    insta::with_settings!({
        snapshot_path => "../snapshots/cloud",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        if emitted.artifacts.is_empty() {
            let text = render::human(&emitted.diagnostics, &built.sources, Style::PLAIN);
            insta::assert_snapshot!(format!("{name}.{cloud}.diagnostics"), text);
        }
        for a in &emitted.artifacts {
            let file = a.path.trim_start_matches("cloud/");
            insta::assert_snapshot!(format!("{name}.{file}"), a.contents);
        }
    });
}

fn check_all(file: &str) -> Built {
    let built = build(file);
    let name = util::stem(file);
    prove_and_lint(&name, &built.frontend.model, &built.out);
    for (cloud, emitted) in [
        ("aws", &built.out.aws),
        ("azure", &built.out.azure),
        ("gcp", &built.out.gcp),
    ] {
        record(&name, cloud, &built, emitted);
    }
    built
}

fn codes(e: &Emitted) -> Vec<Code> {
    errors(e).iter().map(|d| d.code).collect()
}

/// Every cloud fixture is proved or refused with a snapshot.
mod proved_or_refused {
    crate::fixture_lists::cloud_fixtures!(super::check_fixture);
}

fn check_fixture(file: &str) {
    let text = std::fs::read_to_string(util::root().join(file)).unwrap_or_default();
    assert!(
        text.starts_with('#'),
        "{file}: line 1 says what the fixture stresses"
    );
    check_all(file);
}

/// Every example is proved or refused for every cloud.
mod every_example_is_proved_or_refused_for_every_cloud {
    crate::fixture_lists::examples!(super::check_example);
}

fn check_example(file: &str) {
    check_all(file);
}

/// Hostile text changes no rule: the hostile-strings fixture's cloud files
/// mean exactly its policy (its escaping is checked in `hostile.rs`).
#[test]
fn the_hostile_strings_fixture_is_proved_with_a_snapshot() {
    check_all(crate::hostile::FIXTURE);
}

#[test]
fn quota_fixture_fails_naming_zone_direction_count_and_quota() {
    let built = build(&format!("{FIXTURES}/quota_overflow.zones"));
    assert_eq!(codes(&built.out.aws), vec![Code::AwsQuota]);
    assert!(built.out.aws.artifacts.is_empty());
    let d = errors(&built.out.aws)[0];
    assert_eq!(
        d.message,
        "the security group of zone `ehr` needs 62 inbound IPv4 rules, over the AWS quota of 60"
    );
    let with_quota = emit_all(
        &built.frontend.model,
        &CloudOptions {
            aws_rules_per_sg: 62,
        },
    );
    assert!(errors(&with_quota.aws).is_empty());
}

#[test]
fn fixtures_refuse_what_their_cloud_cannot_say() {
    let icmp = build(&format!("{FIXTURES}/icmp.zones"));
    assert!(codes(&icmp.out.aws).is_empty());
    assert_eq!(codes(&icmp.out.azure), vec![Code::CloudInexpressible]);
    assert_eq!(codes(&icmp.out.gcp), vec![Code::CloudInexpressible]);
    let all_but = build(&format!("{FIXTURES}/allow_all_but.zones"));
    assert_eq!(codes(&all_but.out.aws), vec![Code::CloudInexpressible]);
    assert!(codes(&all_but.out.azure).is_empty() && codes(&all_but.out.gcp).is_empty());
}
