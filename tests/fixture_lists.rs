//! The fixtures, listed: one macro per fixture directory names every
//! fixture in it once, and expands to one `#[test]` per fixture for the
//! check function a test module passes, so each fixture passes or fails on
//! its own (`cargo test errors::rejected::empty`) instead of the first
//! failure of a loop hiding the rest. Each expansion also has an
//! `every_fixture_has_a_test` test that fails when the directory holds a
//! fixture the list lacks, or the list names one that is not there: a new
//! fixture cannot be skipped silently. Test names are the fixture names
//! with `-` as `_`; snapshot names do not change, as they are still made
//! from the fixture's file name.

/// `fixture_tests!(check, DIR, SUFFIX, [test = "name", ...])`: one test per
/// fixture calling `check("DIR/nameSUFFIX")`, plus the completeness test.
/// SUFFIX `.zones` lists files; `/` lists directories (the diff cases).
macro_rules! fixture_tests {
    ($check:path, $dir:literal, $suffix:literal, [$($test:ident = $name:literal),* $(,)?]) => {
        $(
            #[test]
            fn $test() {
                $check(concat!($dir, "/", $name, $suffix));
            }
        )*

        #[test]
        fn every_fixture_has_a_test() {
            crate::fixture_lists::assert_all_listed($dir, $suffix, &[$($name),*]);
        }
    };
}
pub(crate) use fixture_tests;

/// Fails unless `names` are exactly the fixtures in `dir` (files ending in
/// `suffix`, or directories when `suffix` is `/`), each once.
pub fn assert_all_listed(dir: &str, suffix: &str, names: &[&str]) {
    let found: Vec<String> = std::fs::read_dir(crate::util::root().join(dir))
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| {
            if suffix == "/" {
                p.is_dir()
            } else {
                p.is_file()
            }
        })
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            name.strip_suffix(suffix.trim_start_matches('/'))
                .map(str::to_string)
        })
        .collect();
    let untested: Vec<&String> = found
        .iter()
        .filter(|f| !names.contains(&f.as_str()))
        .collect();
    let missing: Vec<&&str> = names
        .iter()
        .filter(|n| !found.iter().any(|f| f == *n))
        .collect();
    let twice: Vec<&&str> = (1..names.len())
        .filter_map(|i| names.get(i).filter(|n| names[..i].contains(n)))
        .collect();
    assert!(
        untested.is_empty() && missing.is_empty() && twice.is_empty(),
        "{dir}: fixtures without a test in tests/fixture_lists.rs: {untested:?}; \
         listed there but not on disk: {missing:?}; listed twice: {twice:?}"
    );
}

/// Every example in `dsl-examples/`.
macro_rules! examples {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "dsl-examples",
            ".zones",
            [
                behavioral_health = "behavioral-health",
                hybrid_hospital = "hybrid-hospital",
                small_clinic = "small-clinic",
            ]
        );
    };
}
pub(crate) use examples;

/// Policies asked about by address and label (`address.rs`).
macro_rules! address_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/address",
            ".zones",
            [
                many_invariants = "many-invariants",
                private_space = "private-space",
                ward = "ward",
            ]
        );
    };
}
pub(crate) use address_fixtures;

/// Broken specs `zonec check` rejects (`errors.rs`).
macro_rules! error_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/errors",
            ".zones",
            [
                comments_only = "comments-only",
                duplicate_field = "duplicate-field",
                duplicate_policy = "duplicate-policy",
                duplicate_prefix = "duplicate-prefix",
                duplicate_service = "duplicate-service",
                duplicate_vlan = "duplicate-vlan",
                duplicate_zone = "duplicate-zone",
                empty = "empty",
                expired_deny = "expired-deny",
                expired_monitor = "expired-monitor",
                expired_rule = "expired-rule",
                expires_on_invariant = "expires-on-invariant",
                external_member = "external-member",
                external_placement = "external-placement",
                host_bits = "host-bits",
                invalid_expires_time = "invalid-expires-time",
                invalid_window = "invalid-window",
                inverted_range = "inverted-range",
                keyword_as_name = "keyword-as-name",
                label_without_at = "label-without-at",
                lockout = "lockout",
                many_errors = "many-errors",
                member_cycle = "member-cycle",
                member_outside_parent = "member-outside-parent",
                member_placement = "member-placement",
                missing_prefix = "missing-prefix",
                not_utf8 = "not-utf8",
                port_range = "port-range",
                prefix_length = "prefix-length",
                require_without_services = "require-without-services",
                reserved_self = "reserved-self",
                self_label = "self-label",
                syntax_bad_cidr = "syntax-bad-cidr",
                syntax_bad_date = "syntax-bad-date",
                syntax_bad_escape = "syntax-bad-escape",
                syntax_bad_integer = "syntax-bad-integer",
                syntax_bad_service = "syntax-bad-service",
                syntax_bare_port = "syntax-bare-port",
                syntax_block_on_next_line = "syntax-block-on-next-line",
                syntax_duplicate_reason = "syntax-duplicate-reason",
                syntax_missing_arrow = "syntax-missing-arrow",
                syntax_missing_comma = "syntax-missing-comma",
                syntax_missing_services = "syntax-missing-services",
                syntax_quoted_prefix = "syntax-quoted-prefix",
                syntax_stray_brace = "syntax-stray-brace",
                syntax_three_errors = "syntax-three-errors",
                syntax_unclosed_block = "syntax-unclosed-block",
                syntax_unknown_zone_field = "syntax-unknown-zone-field",
                syntax_unterminated_string = "syntax-unterminated-string",
                unknown_icmp_type = "unknown-icmp-type",
                unknown_label = "unknown-label",
                unknown_service = "unknown-service",
                unknown_zone_label = "unknown-zone-label",
                unknown_zone = "unknown-zone",
                vlan_range = "vlan-range",
                window_misplaced = "window-misplaced",
                zone_with_at = "zone-with-at",
            ]
        );
    };
}
pub(crate) use error_fixtures;

/// Specs checked with `--require-ticket` (`governance.rs`).
macro_rules! governance_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/governance",
            ".zones",
            [missing_ticket = "missing-ticket",]
        );
    };
}
pub(crate) use governance_fixtures;

/// Valid but suspicious specs (`warnings.rs`).
macro_rules! warning_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/warnings",
            ".zones",
            [
                empty_selector = "empty-selector",
                expiring_soon = "expiring-soon",
                holds_only_as_written = "holds-only-as-written",
                monitor_ignored = "monitor-ignored",
                redundant_far_apart = "redundant-far-apart",
                private_space_external = "private-space-external",
                segment_flow = "segment-flow",
                self_flow = "self-flow",
                self_ignored = "self-ignored",
                self_unnamed = "self-unnamed",
                time_ignored = "time-ignored",
            ]
        );
    };
}
pub(crate) use warning_fixtures;

/// Specs that break an invariant (`violations.rs`).
macro_rules! violation_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/violations",
            ".zones",
            [
                deny_breaks_require = "deny-breaks-require",
                deny_rescues_forbid = "deny-rescues-forbid",
                direct = "direct",
                except = "except",
                icmp_pivots = "icmp-pivots",
                ipv6_only = "ipv6-only",
                label_selector = "label-selector",
                many_pairs = "many-pairs",
                nested_prefixes = "nested-prefixes",
                one_pivot = "one-pivot",
                require_no_allow = "require-no-allow",
                require_windowed = "require-windowed",
                three_pairs = "three-pairs",
                three_pivots = "three-pivots",
                zone_classes = "zone-classes",
            ]
        );
    };
}
pub(crate) use violation_fixtures;

/// Policies loaded into a kernel (`kernel_nftables`, `nftables.rs`, `vlan.rs`).
macro_rules! kernel_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/kernel",
            ".zones",
            [
                antispoof = "antispoof",
                deny_over_allow = "deny-over-allow",
                icmp = "icmp",
                ipv6 = "ipv6",
                members = "members",
                nesting = "nesting",
                ranges = "ranges",
                router = "router",
            ]
        );
    };
}
pub(crate) use kernel_fixtures;

/// VLAN policies (`vlan.rs`); the error fixtures are `vlan_error_fixtures`.
macro_rules! vlan_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/vlan",
            ".zones",
            [clinic = "clinic",]
        );
    };
}
pub(crate) use vlan_fixtures;

/// Policies of the switch ACLs' stateless proof (`acl.rs`).
macro_rules! acl_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/acl",
            ".zones",
            [
                udp_reply_closed = "udp-reply-closed",
                udp_reply_opens = "udp-reply-opens",
            ]
        );
    };
}
pub(crate) use acl_fixtures;

/// Policies the VLAN target rejects or warns about (`vlan.rs`).
macro_rules! vlan_error_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/vlan/errors",
            ".zones",
            [
                gateway_collision = "gateway-collision",
                interface_name = "interface-name",
                reserved_vlan = "reserved-vlan",
                vlan_name_collision = "vlan-name-collision",
            ]
        );
    };
}
pub(crate) use vlan_error_fixtures;

/// Policies that stress the cloud targets (`cloud/fixtures.rs`).
macro_rules! cloud_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/cloud",
            ".zones",
            [
                allow_all_but = "allow_all_but",
                cross_vpc = "cross_vpc",
                deny_inside_allow = "deny_inside_allow",
                icmp = "icmp",
                members = "members",
                nested_vpc = "nested_vpc",
                quota_overflow = "quota_overflow",
            ]
        );
    };
}
pub(crate) use cloud_fixtures;

/// `zonec diff` cases, one directory of `old.zones` and `new.zones` each (`diff.rs`).
macro_rules! diff_cases {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/diff",
            "/",
            [
                added_deny = "added_deny",
                close_flow = "close_flow",
                host_as_member = "host_as_member",
                host_carved_out = "host_carved_out",
                member_removed = "member_removed",
                invariant_added_broken = "invariant_added_broken",
                open_flow = "open_flow",
                pivot_breaks_forbid = "pivot_breaks_forbid",
                prefix_moved = "prefix_moved",
                renamed_zone = "renamed_zone",
                unchanged = "unchanged",
                zone_removed = "zone_removed",
            ]
        );
    };
}
pub(crate) use diff_cases;

/// Policies for `zonec check --target` (`check_targets.rs`).
macro_rules! check_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/check",
            ".zones",
            [
                aws_vpc_id = "aws-vpc-id",
                cloud_network_names = "cloud-network-names",
            ]
        );
    };
}
pub(crate) use check_fixtures;

/// Hostile strings (`hostile.rs`).
macro_rules! hostile_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/hostile",
            ".zones",
            [hostile_strings = "hostile_strings",]
        );
    };
}
pub(crate) use hostile_fixtures;

/// Invariants with and without meta fields (`check_json.rs`).
macro_rules! json_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/json",
            ".zones",
            [invariant_meta = "invariant-meta",]
        );
    };
}
pub(crate) use json_fixtures;

/// Member zones (`zone NAME in PARENT`, `members.rs`).
macro_rules! members_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/members",
            ".zones",
            [selectors = "selectors",]
        );
    };
}
pub(crate) use members_fixtures;

/// Policies whose flows every view must name alike (`names.rs`).
macro_rules! names_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/names",
            ".zones",
            [shared_port = "shared-port",]
        );
    };
}
pub(crate) use names_fixtures;

/// nftables-specific policies (`nftables.rs`).
macro_rules! nftables_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/nftables",
            ".zones",
            [
                classes = "classes",
                hostile = "hostile",
                invalid = "invalid",
                monitor = "monitor",
                violation = "violation",
            ]
        );
    };
}
pub(crate) use nftables_fixtures;

/// `built_policies!(check)`, inside a test module: one test of `check` per
/// policy every target builds (examples, kernel fixtures, hostile strings),
/// in submodules `examples`, `kernel` and `hostile` (`nftables.rs`,
/// `vlan.rs`).
macro_rules! built_policies {
    ($check:ident) => {
        mod examples {
            crate::fixture_lists::examples!(super::super::$check);
        }
        mod kernel {
            crate::fixture_lists::kernel_fixtures!(super::super::$check);
        }
        mod hostile {
            crate::fixture_lists::hostile_fixtures!(super::super::$check);
        }
    };
}
pub(crate) use built_policies;

/// Every directory of `tests/fixtures/` that holds `.zones` files or diff
/// cases, each with its macro above.
const LISTED: &[&str] = &[
    "tests/fixtures/acl",
    "tests/fixtures/address",
    "tests/fixtures/check",
    "tests/fixtures/cloud",
    "tests/fixtures/diff",
    "tests/fixtures/errors",
    // The policy and candidate every flow log of `flows/inputs/` is
    // classified against (`flows_fixtures`), and the hostile policy of
    // the Spark tables (`spark.rs`).
    "tests/fixtures/flows",
    "tests/fixtures/governance",
    "tests/fixtures/hostile",
    "tests/fixtures/json",
    "tests/fixtures/kernel",
    "tests/fixtures/members",
    "tests/fixtures/names",
    "tests/fixtures/nftables",
    "tests/fixtures/violations",
    "tests/fixtures/vlan",
    "tests/fixtures/vlan/errors",
    "tests/fixtures/warnings",
];

/// A new fixture directory needs a list too, or its fixtures would be
/// tested by nothing (the diff cases' own files are listed by case).
#[test]
fn every_fixture_directory_has_a_list() {
    let mut dirs = Vec::new();
    let mut todo = vec!["tests/fixtures".to_string()];
    while let Some(dir) = todo.pop() {
        let mut zones = false;
        for entry in std::fs::read_dir(crate::util::root().join(&dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() && dir != "tests/fixtures/diff" {
                todo.push(format!("{dir}/{name}"));
            }
            zones |= name.ends_with(".zones") || dir == "tests/fixtures/diff";
        }
        if zones && dir != "tests/fixtures" {
            dirs.push(dir);
        }
    }
    dirs.sort();
    assert_eq!(dirs, LISTED);
}

/// Flow logs of every format with their hand-written expectations
/// (`flows.rs`): `NAME.expected` beside the input `NAME.*`.
macro_rules! flows_fixtures {
    ($check:path) => {
        crate::fixture_lists::fixture_tests!(
            $check,
            "tests/fixtures/flows/inputs",
            ".expected",
            [
                aws_v2_default = "aws-v2-default",
                aws_v5_custom = "aws-v5-custom",
                azure_nsg_v2 = "azure-nsg-v2",
                azure_vnet_v4 = "azure-vnet-v4",
                conntrack = "conntrack",
                csv = "flows",
                gcp_firewall = "gcp-firewall",
                gcp_vpc_flows = "gcp-vpc-flows",
                netfilter = "netfilter",
            ]
        );
    };
}
pub(crate) use flows_fixtures;
