//! `zonec fmt`: formatting keeps the meaning (the formatted text resolves to
//! the same model, spans aside) and is idempotent, over every example, every
//! fixture that parses, and random policies; the CLI rewrites atomically,
//! `--check` shows the diff without writing, and a file with syntax errors
//! is never touched.

use crate::util::{root, zonec};
use proptest::prelude::*;
use std::path::PathBuf;
use zonec_props::fmt::{fmt_text, syntax_errors};

/// Both properties, for one text that parses.
fn check_formatting(name: &str, text: &str) {
    zonec_props::fmt::check(name, text);
}

/// Formatting keeps the meaning and is idempotent, one test per example
/// and per fixture that parses (error fixtures may not).
mod keeps_meaning_and_is_idempotent {
    mod examples {
        crate::fixture_lists::examples!(super::super::check_example);
    }
    mod check {
        crate::fixture_lists::check_fixtures!(super::super::check_fixture);
    }
    mod cloud {
        crate::fixture_lists::cloud_fixtures!(super::super::check_fixture);
    }
    mod diff {
        crate::fixture_lists::diff_cases!(super::super::check_diff_case);
    }
    mod errors {
        crate::fixture_lists::error_fixtures!(super::super::check_fixture);
    }
    mod governance {
        crate::fixture_lists::governance_fixtures!(super::super::check_fixture);
    }
    mod members {
        crate::fixture_lists::members_fixtures!(super::super::check_fixture);
    }
    mod hostile {
        crate::fixture_lists::hostile_fixtures!(super::super::check_fixture);
    }
    mod kernel {
        crate::fixture_lists::kernel_fixtures!(super::super::check_fixture);
    }
    mod nftables {
        crate::fixture_lists::nftables_fixtures!(super::super::check_fixture);
    }
    mod violations {
        crate::fixture_lists::violation_fixtures!(super::super::check_fixture);
    }
    mod vlan {
        crate::fixture_lists::vlan_fixtures!(super::super::check_fixture);
    }
    mod vlan_errors {
        crate::fixture_lists::vlan_error_fixtures!(super::super::check_fixture);
    }
    mod warnings {
        crate::fixture_lists::warning_fixtures!(super::super::check_fixture);
    }
}

/// Both properties, if `file` is UTF-8 without syntax errors; whether it
/// was.
fn check_if_it_parses(file: &str) -> bool {
    let Ok(text) = std::fs::read_to_string(root().join(file)) else {
        return false;
    };
    let parses = syntax_errors(&text).is_empty();
    if parses {
        check_formatting(file, &text);
    }
    parses
}

fn check_fixture(file: &str) {
    check_if_it_parses(file);
}

fn check_example(file: &str) {
    assert!(check_if_it_parses(file), "{file} does not parse");
}

/// `dir` is `tests/fixtures/diff/CASE/`.
fn check_diff_case(dir: &str) {
    check_fixture(&format!("{dir}old.zones"));
    check_fixture(&format!("{dir}new.zones"));
}

#[test]
fn comments_stay_with_their_items_and_fields() {
    let text = "\
# header


policy \"X \\\"q\\\" \\\\\" {   # on the head
  owner \"me\"   # on owner
}
label a; label b \"B\"   # after b
service web = tcp/80,   # http
    tcp/443   # https
zone z1 {
  # before labels
  labels a,b


  net 10.0.0.0/8 , fd00::0:0/64 # nets
  # before the brace
}
zone e external {}
allow z1->e:web,tcp/8000-8000{reason \"r\"
ticket \"t\"}  # after the rule
# at the end
";
    let expected = "\
# header

policy \"X \\\"q\\\" \\\\\" { # on the head
  owner \"me\" # on owner
}
label a
label b \"B\" # after b
service web = tcp/80, # http
    tcp/443 # https
zone z1 {
  # before labels
  labels a, b

  net 10.0.0.0/8, fd00::/64 # nets
  # before the brace
}
zone e external {}
allow z1 -> e : web, tcp/8000 { reason \"r\"; ticket \"t\" } # after the rule
# at the end
";
    assert_eq!(fmt_text(text), expected);
    check_formatting("inline", text);
}

#[test]
fn long_lines_wrap_after_a_comma_and_big_blocks_open() {
    let names: Vec<String> = (0..14).map(|i| format!("zone_number_{i}")).collect();
    let mut text: String = names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("zone {n} {{ net 10.{i}.0.0/16 }}\n"))
        .collect();
    text.push_str(&format!("allow {{{}}} -> zone_number_0 : tcp/443 {{ reason \"a reason that is long enough\"; ticket \"T-1\" }}\n", names.join(",")));
    let out = fmt_text(&text);
    for line in out.lines() {
        assert!(line.chars().count() <= 100, "line too long: {line}");
    }
    assert!(out.contains(",\n    zone_number_"), "{out}");
    assert!(
        out.contains("\n  reason \"a reason that is long enough\"\n  ticket \"T-1\"\n}\n"),
        "{out}"
    );
    check_formatting("long", &text);
}

/// Issue 16: `monitor` items, `window` fields and date-time expiries are
/// laid out like the other items and fields, idempotently.
#[test]
fn monitor_windows_and_date_times_format_canonically() {
    let text = "zone a { net 10.1.0.0/16 }\nzone b { net 10.2.0.0/16 }\n\
                monitor   {a,b}except b{reason \"r\";expires 2027-01-31T10:00Z}\n\
                allow a->b:tcp/22{window \"Mon-Fri 07:00-19:00 -05:00\"; expires 2027-01-31}\n";
    let out = fmt_text(text);
    assert!(
        out.contains("monitor {a, b} except b { reason \"r\"; expires 2027-01-31T10:00Z }\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "allow a -> b : tcp/22 {\n  window \"Mon-Fri 07:00-19:00 -05:00\"\n  expires 2027-01-31\n}\n"
        ),
        "{out}"
    );
    check_formatting("monitor", text);
}

fn scratch(name: &str) -> PathBuf {
    let dir = root().join("target").join("test-fmt").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A member zone's head is `zone NAME in PARENT {`, however it was spaced.
#[test]
fn fmt_writes_in_parent_after_the_name() {
    let dir = scratch("member");
    let path = dir.join("m.zones");
    let text =
        "zone p {net 10.0.0.0/24}\nzone   m   in   p {net 10.0.0.8/29 ; description \"x\"}\n";
    std::fs::write(&path, text).unwrap();
    let run = zonec(&["fmt", &path.display().to_string()]);
    assert_eq!(run.code, 0, "{run:?}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("zone m in p {"), "{text}");
}

#[test]
fn fmt_rewrites_and_check_reports() {
    let dir = scratch("rewrite");
    let messy = dir.join("messy.zones");
    let clean = dir.join("clean.zones");
    std::fs::write(
        &messy,
        "zone a{net 10.0.0.0/8}\nzone b { net 10.1.0.0/16 }\nallow a->b\n",
    )
    .unwrap();
    std::fs::write(&clean, "zone c { net 10.2.0.0/16 }\n").unwrap();
    let d = dir.display().to_string();

    let run = zonec(&["fmt", "--check", &d]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stdout
            .starts_with(&format!("--- {}\n", messy.display())),
        "{run:?}"
    );
    assert!(!run.stdout.contains("clean.zones"), "{run:?}");
    assert!(
        std::fs::read_to_string(&messy)
            .unwrap()
            .starts_with("zone a{"),
        "--check wrote"
    );

    let run = zonec(&["fmt", &d]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "zone a { net 10.0.0.0/8 }\nzone b { net 10.1.0.0/16 }\nallow a -> b\n"
    );
    let run = zonec(&["fmt", "--check", &d]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .collect();
    assert_eq!(leftovers.len(), 2, "temporary files left behind");
}

/// `--check` prints a unified diff per file that would change (names
/// relative, so the snapshot does not depend on the clone's path), nothing
/// for a formatted file, and a note instead of a diff above the size limit.
#[test]
fn check_shows_a_unified_diff_per_file_and_exits_1() {
    let dir = scratch("diff");
    let files = [
        (
            "a-messy.zones",
            "# ward\nzone ward{net 10.1.0.0/16;vlan 110}\nzone ehr { net 10.2.0.0/16 }\n\n\n\
             service https = tcp/443\nservice hl7 = tcp/2575\nservice dicom = tcp/104\n\
             service ssh = tcp/22\nservice dns = udp/53\n\
             allow ward->ehr:https { reason \"charting \u{1b}[31m\" }",
        ),
        ("b-clean.zones", "zone lab { net 10.3.0.0/16 }\n"),
        (
            "c-huge.zones",
            &format!("zone   z {{ net 10.9.0.0/16 }}\n{}", "# c\n".repeat(10_000)),
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let rel = "target/test-fmt/diff";
    let run = zonec(&["fmt", "--check", rel]);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "policy text reached the terminal raw"
    );
    let text = format!(
        "$ zonec fmt --check {rel}\nexit {}\n--- stdout\n{}--- stderr\n{}",
        run.code, run.stdout, run.stderr
    );
    insta::with_settings!({
        snapshot_path => "snapshots/fmt",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!("check-diff", text);
    });
    assert!(
        std::fs::read_to_string(dir.join("a-messy.zones"))
            .unwrap()
            .starts_with("# ward\nzone ward{"),
        "--check wrote"
    );
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_zonec"));
    cmd.args(["fmt", "--check", "-"]);
    let stdin = crate::paths::bounded(cmd, b"zone a{net 10.0.0.0/8}\n");
    assert_eq!(stdin.code, Some(1), "{stdin:?}");
    assert!(
        stdin
            .stdout
            .starts_with("--- <stdin>\n+++ <stdin> (formatted)\n"),
        "{stdin:?}"
    );
    let clean = dir.join("b-clean.zones").display().to_string();
    let run = zonec(&["fmt", "--check", &clean]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{run:?}");
}

#[test]
fn fmt_refuses_files_with_syntax_errors_and_writes_nothing() {
    let dir = scratch("refuse");
    let bad = dir.join("bad.zones");
    let messy = dir.join("messy.zones");
    let bad_text = "zone a { net 10.0.0.0/8 }\nallow a -> \nzone   b { net 10.1.0.0/16 }\n";
    std::fs::write(&bad, bad_text).unwrap();
    std::fs::write(&messy, "zone   c { net 10.2.0.0/16 }\n").unwrap();
    let run = zonec(&[
        "fmt",
        &bad.display().to_string(),
        &messy.display().to_string(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("zonec::"),
        "no diagnostic: {}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&bad).unwrap(), bad_text);
    assert_eq!(
        std::fs::read_to_string(&messy).unwrap(),
        "zone   c { net 10.2.0.0/16 }\n"
    );
    let run = zonec(&["fmt", "--check", &bad.display().to_string()]);
    assert_eq!(run.code, 2, "{run:?}");
}

// ---------------------------------------------------------------------------
// Random policies: a small generator of valid specs written in varied
// layouts, with comments in every place one can go.
// ---------------------------------------------------------------------------

const ZONES: &[&str] = &["ehr", "guest", "kiosk", "pumps", "lab", "internet"];
const LABELS: &[&str] = &["phi", "iot", "guest_l"];
const SERVICES: &[&str] = &["https", "dns", "hl7"];

fn string_value() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("a".to_string()),
            Just(" ".to_string()),
            Just("#".to_string()),
            Just("\\\"".to_string()),
            Just("\\\\".to_string()),
            Just("\\n".to_string()),
            Just("é".to_string()),
            Just("CFR".to_string()),
        ],
        0..6,
    )
    .prop_map(|parts| format!("\"{}\"", parts.concat()))
}

fn comment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("#".to_string()),
        Just("# note".to_string()),
        Just("#tight".to_string()),
        Just("# a { b } -> c : \"d\"".to_string()),
    ]
}

fn port() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..1000).prop_map(|p| format!("tcp/{p}")),
        (1u32..1000, 0u32..5).prop_map(|(p, n)| format!("udp/{p}-{}", p + n)),
        Just("icmp".to_string()),
        Just("icmp/echo-request".to_string()),
        Just("icmpv6/echo-reply".to_string()),
    ]
}

fn leaf_selector() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(ZONES).prop_map(str::to_string),
        prop::sample::select(LABELS).prop_map(|l| format!("@{l}")),
        Just("any".to_string()),
    ]
}

fn selector() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => leaf_selector(),
        1 => proptest::collection::vec(leaf_selector(), 1..4).prop_map(|v| format!("{{{}}}", v.join(","))),
        1 => (leaf_selector(), leaf_selector()).prop_map(|(a, b)| format!("{a} except {b}")),
        1 => (leaf_selector(), leaf_selector()).prop_map(|(a, b)| format!("{a} except {{{b}, ehr}}")),
    ]
}

fn services() -> impl Strategy<Value = Vec<String>> {
    proptest::collection::vec(
        prop_oneof![
            prop::sample::select(SERVICES).prop_map(str::to_string),
            port()
        ],
        1..4,
    )
}

/// One block field, and the item kinds it may appear in.
fn meta_fields(rule: bool) -> impl Strategy<Value = Vec<String>> {
    let field = prop_oneof![
        string_value().prop_map(|s| format!("reason {s}")),
        string_value().prop_map(|s| format!("ticket {s}")),
        string_value().prop_map(|s| format!("cite {s}")),
    ];
    let expires =
        prop::bool::ANY.prop_map(move |e| (rule && e).then(|| "expires 2027-03-01".to_string()));
    (proptest::collection::vec(field, 0..3), expires).prop_map(|(mut fields, expires)| {
        // reason and ticket may appear once each
        let mut seen = Vec::new();
        fields.retain(|f| {
            let key = f.split(' ').next().unwrap_or("").to_string();
            let keep = key == "cite" || !seen.contains(&key);
            seen.push(key);
            keep
        });
        fields.extend(expires);
        fields
    })
}

/// How an item with a block is laid out, and where comments go.
#[derive(Clone, Debug)]
struct Layout {
    compact: bool,
    tight: bool,
    leading: Option<String>,
    trailing: Option<String>,
    field_comments: Vec<Option<String>>,
    blank_before: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        prop::bool::ANY,
        prop::bool::ANY,
        proptest::option::of(comment()),
        proptest::option::of(comment()),
        proptest::collection::vec(proptest::option::of(comment()), 0..4),
        prop::bool::ANY,
    )
        .prop_map(
            |(compact, tight, leading, trailing, field_comments, blank_before)| Layout {
                compact,
                tight,
                leading,
                trailing,
                field_comments,
                blank_before,
            },
        )
}

fn write_item(out: &mut String, head: &str, fields: &[String], always_block: bool, l: &Layout) {
    if l.blank_before {
        out.push('\n');
    }
    if let Some(c) = &l.leading {
        out.push_str(&format!("{c}\n"));
    }
    out.push_str(head);
    let compact = l.compact && l.field_comments.iter().all(Option::is_none);
    if fields.is_empty() && !always_block {
        // no block
    } else if compact {
        let sep = if l.tight { ";" } else { "; " };
        out.push_str(&format!(" {{ {} }}", fields.join(sep)));
    } else {
        out.push_str(" {\n");
        for (i, f) in fields.iter().enumerate() {
            out.push_str(&format!("    {f}"));
            if let Some(Some(c)) = l.field_comments.get(i) {
                out.push_str(&format!("  {c}"));
            }
            out.push('\n');
        }
        out.push('}');
    }
    if let Some(c) = &l.trailing {
        out.push_str(&format!(" {c}"));
    }
    out.push('\n');
}

fn arrow(tight: bool, star: bool) -> &'static str {
    match (tight, star) {
        (true, false) => "->",
        (true, true) => "->*",
        (false, false) => " -> ",
        (false, true) => " ->* ",
    }
}

#[derive(Clone, Debug)]
struct FlowItem {
    keyword: &'static str,
    star: bool,
    from: String,
    to: String,
    services: Vec<String>,
    with_services: bool,
    meta: Vec<String>,
    layout: Layout,
}

fn flow_item() -> impl Strategy<Value = FlowItem> {
    (
        prop::sample::select(&["allow", "deny", "forbid", "forbid*", "require"][..]),
        selector(),
        selector(),
        services(),
        prop::bool::ANY,
        meta_fields(true),
        meta_fields(false),
        layout(),
    )
        .prop_map(
            |(k, from, to, services, with, rule_meta, inv_meta, layout)| {
                let (keyword, star) = match k {
                    "forbid*" => ("forbid", true),
                    k => (k, false),
                };
                let rule = keyword == "allow" || keyword == "deny";
                FlowItem {
                    keyword,
                    star,
                    from,
                    to,
                    services,
                    with_services: with || keyword == "require",
                    meta: if rule { rule_meta } else { inv_meta },
                    layout,
                }
            },
        )
}

#[derive(Clone, Debug)]
struct Spec {
    zone_fields: Vec<(Vec<usize>, Option<String>, bool, Layout)>,
    label_meta: Vec<(Option<String>, Vec<String>, Layout)>,
    service_ports: Vec<Vec<String>>,
    flows: Vec<FlowItem>,
    final_comment: Option<String>,
}

fn spec() -> impl Strategy<Value = Spec> {
    let zone = (
        proptest::collection::vec(0..LABELS.len(), 0..3),
        proptest::option::of(string_value()),
        prop::bool::ANY,
        layout(),
    );
    let label = (
        proptest::option::of(string_value()),
        proptest::collection::vec(string_value(), 0..3),
        layout(),
    );
    (
        proptest::collection::vec(zone, ZONES.len()),
        proptest::collection::vec(label, LABELS.len()),
        proptest::collection::vec(proptest::collection::vec(port(), 1..3), SERVICES.len()),
        proptest::collection::vec(flow_item(), 0..8),
        proptest::option::of(comment()),
    )
        .prop_map(
            |(zone_fields, label_meta, service_ports, flows, final_comment)| Spec {
                zone_fields,
                label_meta,
                service_ports,
                flows,
                final_comment,
            },
        )
}

fn render(spec: &Spec) -> String {
    let mut out = String::new();
    for (i, (desc, cites, l)) in spec.label_meta.iter().enumerate() {
        let mut head = format!("label {}", LABELS[i]);
        if let Some(d) = desc {
            head = format!("{head} {d}");
        }
        let fields: Vec<String> = cites.iter().map(|c| format!("cite {c}")).collect();
        write_item(&mut out, &head, &fields, false, l);
    }
    for (i, ports) in spec.service_ports.iter().enumerate() {
        out.push_str(&format!("service {} = {}\n", SERVICES[i], ports.join(",")));
    }
    for (i, (labels, desc, vlan, l)) in spec.zone_fields.iter().enumerate() {
        let external = ZONES[i] == "internet";
        let head = if external {
            format!("zone {} external", ZONES[i])
        } else {
            format!("zone {}", ZONES[i])
        };
        let mut fields = Vec::new();
        let mut labels: Vec<&str> = labels.iter().map(|&j| LABELS[j]).collect();
        labels.sort_unstable();
        labels.dedup();
        if !labels.is_empty() {
            fields.push(format!("labels {}", labels.join(",")));
        }
        if let Some(d) = desc {
            fields.push(format!("description {d}"));
        }
        fields.push(if external {
            "net 0.0.0.0/0, ::/0".to_string()
        } else {
            format!("net 10.{i}.0.0/16, fd00:{i}::/64")
        });
        if *vlan && !external {
            fields.push(format!("vlan {} \"V{i}\"", 100 + i));
        }
        write_item(&mut out, &head, &fields, true, l);
    }
    for f in &spec.flows {
        let mut head = format!(
            "{} {}{}{}",
            f.keyword,
            f.from,
            arrow(f.layout.tight, f.star),
            f.to
        );
        if f.with_services {
            let sep = if f.layout.tight { ":" } else { " : " };
            head = format!("{head}{sep}{}", f.services.join(", "));
        }
        write_item(&mut out, &head, &f.meta, false, &f.layout);
    }
    if let Some(c) = &spec.final_comment {
        out.push_str(&format!("\n{c}\n"));
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_policies_format_to_the_same_meaning_idempotently(spec in spec()) {
        let text = render(&spec);
        let errors = syntax_errors(&text);
        prop_assert!(errors.is_empty(), "generated text does not parse: {errors:?}\n{text}");
        check_formatting("random", &text);
    }
}
