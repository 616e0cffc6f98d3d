//! `zonec report`: the HTML proof report of every example, checked as text
//! (self-contained, deterministic, escaped) and as rendered by headless
//! Chromium, offline: every zone present, a matrix of zones² cells, every
//! invariant with its verdict. A screenshot of each is saved under
//! `target/report-screenshots/`. Without chromium the browser part is
//! skipped with a notice, unless `CI=true`.

use crate::util::{root, zonec};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use zonec_analysis::analyze;
use zonec_base::{Date, Sources};
use zonec_model::{Model, ResolveOptions};

const TODAY: &str = "2026-01-15";

fn out_dir(name: &str) -> PathBuf {
    let dir = root().join("target").join("test-report").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The model of a policy file.
fn model(file: &str) -> Model {
    let mut sources = Sources::new();
    sources.add(file, std::fs::read_to_string(root().join(file)).unwrap());
    let today = Date::parse(TODAY).unwrap();
    let frontend = zonec_model::compile(&sources, &ResolveOptions { today });
    assert!(!frontend.has_errors(), "{file}: {:?}", frontend.diagnostics);
    frontend.model
}

/// Zone names and verdicts ("holds"/"violated", in order) of a policy.
fn expected(file: &str) -> (Vec<String>, Vec<&'static str>) {
    let model = model(file);
    let analysis = analyze(&model);
    let zones = model.zones.iter().map(|z| z.name.clone()).collect();
    let verdicts = analysis
        .verdicts
        .iter()
        .map(|v| if v.holds { "holds" } else { "violated" })
        .collect();
    (zones, verdicts)
}

fn build_report(file: &str, out: &Path) -> (i32, String) {
    let o = out.display().to_string();
    let run = zonec(&["report", file, "--today", TODAY, "-o", &o]);
    assert!(run.code == 0 || run.code == 1, "{file}: {run:?}");
    (run.code, std::fs::read_to_string(out).unwrap())
}

/// Nothing is fetched and nothing runs: no scripts, no external resources.
fn assert_self_contained(name: &str, html: &str) {
    let lower = html.to_lowercase();
    for banned in [
        "<script",
        "<link",
        "<iframe",
        "<img",
        "<object",
        "<embed",
        "<base",
        " src=\"",
        "javascript:",
    ] {
        assert!(!lower.contains(banned), "{name}: contains `{banned}`");
    }
    for attr in ["href=\"http", "href=\"//", "href=\"file", "src=\"http"] {
        assert!(!lower.contains(attr), "{name}: external reference `{attr}`");
    }
    let style = &lower[lower.find("<style>").unwrap()..lower.find("</style>").unwrap()];
    assert!(
        !style.contains("url(") && !style.contains("@import"),
        "{name}: CSS fetches something"
    );
    assert!(style.contains("@media print"), "{name}: no print styles");
}

mod every_example_report_is_self_contained_and_deterministic {
    crate::fixture_lists::examples!(super::check_example);
}

fn check_example(file: &str) {
    let stem = crate::util::stem(file);
    let dir = out_dir(&format!("static-{stem}"));
    let (code, first) = build_report(file, &dir.join(format!("{stem}.html")));
    let (_, second) = build_report(file, &dir.join(format!("{stem}-again.html")));
    assert_eq!(first, second, "{file}: report is not deterministic");
    assert_self_contained(file, &first);
    let (zones, verdicts) = expected(file);
    assert_eq!(code, i32::from(verdicts.contains(&"violated")), "{file}");
    let text = std::fs::read_to_string(root().join(file)).unwrap();
    let digest: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(first.contains(&digest), "{file}: input digest missing");
    assert!(first.contains("<dd>2026-01-15</dd>"), "{file}: date");
    for zone in &zones {
        assert!(
            first.contains(&format!("id=\"zone-{zone}\"")),
            "{file}: zone {zone}"
        );
    }
}

#[test]
fn spec_text_is_escaped() {
    let dir = out_dir("escape");
    let policy = dir.join("evil.zones");
    std::fs::write(
        &policy,
        "policy \"<script>alert(1)</script>\" { owner \"a&b <c@d>\" }\n\
         label phi \"<b>PHI</b>\" { cite \"\\\"quoted\\\" & <i>\" }\n\
         zone a { labels phi; description \"<img src=x onerror=alert(1)>\"; net 10.0.0.0/8 }\n\
         zone b { net 10.1.0.0/16 }\n\
         allow b -> a : tcp/443 { reason \"</td></tr></table><script>x</script>\"; ticket \"T<1>\" }\n\
         forbid a -> b { reason \"'single' \\\"double\\\"\" }\n",
    )
    .unwrap();
    let out = dir.join("evil.html");
    let run = zonec(&[
        "report",
        &policy.display().to_string(),
        "--today",
        TODAY,
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert_self_contained("evil", &html);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("a&amp;b &lt;c@d&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;x&lt;/script&gt;"));
    assert!(!html.contains("<b>PHI</b>") && !html.contains("<i>"));
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A build directory as `zonec build` leaves it: artifacts and a manifest.
fn fake_build(dir: &Path, policy: &str, artifacts: &[(&str, &str)]) {
    let input = std::fs::read(root().join(policy)).unwrap();
    let mut listed = Vec::new();
    for (path, contents) in artifacts {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, contents).unwrap();
        listed.push(serde_json::json!({ "path": path, "sha256": sha256_hex(contents.as_bytes()), "bytes": contents.len() }));
    }
    let manifest = serde_json::json!({
        "zonec_version": "0.1.0",
        "targets": ["nftables"],
        "inputs": [{ "path": policy, "sha256": sha256_hex(&input), "bytes": input.len() }],
        "artifacts": listed,
    });
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::to_string_pretty(&manifest).unwrap(),
    )
    .unwrap();
}

#[test]
fn artifacts_are_listed_with_their_digests_and_checked_against_the_manifest() {
    let policy = "tests/fixtures/diff/open_flow/new.zones";
    let dir = out_dir("artifacts");
    let build = dir.join("build");
    fake_build(
        &build,
        policy,
        &[
            ("nftables/zonec.nft", "table inet zonec {}\n"),
            ("vlan/ios.txt", "vlan 110\n"),
        ],
    );
    let out = dir.join("report.html");
    let args = |b: &Path| {
        vec![
            "report".to_string(),
            policy.to_string(),
            "--today".into(),
            TODAY.into(),
            "--artifacts".into(),
            b.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ]
    };
    let run_with = |b: &Path| {
        let a = args(b);
        zonec(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let run = run_with(&build);
    assert_eq!(run.code, 0, "{run:?}");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("nftables/zonec.nft"));
    assert!(html.contains(&sha256_hex(b"table inet zonec {}\n")));
    std::fs::remove_file(&out).unwrap();

    // an artifact edited after the build: refused, nothing written
    std::fs::write(build.join("vlan/ios.txt"), "vlan 999\n").unwrap();
    let run = run_with(&build);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("zonec::artifact-mismatch"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());

    // a build made from another policy: refused
    let other = dir.join("other");
    fake_build(
        &other,
        "tests/fixtures/diff/open_flow/old.zones",
        &[("x.txt", "x")],
    );
    let run = run_with(&other);
    assert_eq!(run.code, 2, "{run:?}");
    // the message names the build's directory, so where it wraps depends on
    // the clone's path: match it with the wrapping undone
    assert!(
        unwrapped(&run.stderr).contains("was made from other policy files than these"),
        "{}",
        run.stderr
    );

    // no manifest at all
    let run = run_with(&dir.join("nowhere"));
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("zonec::io-error"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// Headless Chromium
// ---------------------------------------------------------------------------

pub(crate) fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser"] {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// Run chromium headless and offline on a local file with a fresh profile.
pub(crate) fn run_chromium(
    browser: &Path,
    profile: &Path,
    extra: &[String],
    html: &Path,
) -> std::process::Output {
    let _ = std::fs::remove_dir_all(profile);
    let mut args: Vec<String> = [
        "120",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.insert(1, browser.display().to_string());
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend_from_slice(extra);
    args.push(format!("file://{}", html.display()));
    Command::new("timeout")
        .args(&args)
        .output()
        .expect("timeout runs chromium")
}

/// Human diagnostics with miette's line wrapping undone: words joined by
/// one space, without the `│` that starts each continuation line.
fn unwrapped(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().filter(|w| *w != "│").collect();
    words.join(" ")
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

/// The value of every `attr="..."` in document order.
fn attr_values(dom: &str, attr: &str) -> Vec<String> {
    let key = format!("{attr}=\"");
    dom.match_indices(&key)
        .filter_map(|(i, _)| {
            let rest = &dom[i + key.len()..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

fn check_in_browser(browser: &Path, file: &str, name: &str, html: &Path, shots: &Path) {
    let profile = root()
        .join("target")
        .join("test-report")
        .join(format!("profile-{name}"));
    let dump = run_chromium(browser, &profile, &["--dump-dom".to_string()], html);
    assert!(
        dump.status.success(),
        "{file}: chromium failed: {}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dom = String::from_utf8_lossy(&dump.stdout).into_owned();
    assert!(dom.contains("</html>"), "{file}: no DOM dumped");

    let (zones, verdicts) = expected(file);
    let n = zones.len();
    for zone in &zones {
        assert!(
            dom.contains(&format!("data-zone=\"{zone}\"")),
            "{file}: zone `{zone}` missing from the DOM"
        );
    }
    assert_eq!(count(&dom, "class=\"cell "), n * n, "{file}: matrix cells");
    assert_eq!(count(&dom, "class=\"cell self\""), n, "{file}: diagonal");
    assert_eq!(
        attr_values(&dom, "data-verdict"),
        verdicts,
        "{file}: verdicts"
    );
    assert_eq!(count(&dom, "class=\"zone-node\""), n, "{file}: graph nodes");
    // every in-page link leads somewhere
    let ids: std::collections::BTreeSet<String> = attr_values(&dom, "id").into_iter().collect();
    for href in attr_values(&dom, "href") {
        let target = href
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{file}: non-local link {href}"));
        assert!(ids.contains(target), "{file}: link to missing #{target}");
    }
    assert_legend(file, &dom);
    assert_layout(browser, file, html, &profile);

    let shot = shots.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&shot);
    let extra = [
        format!("--screenshot={}", shot.display()),
        "--window-size=1400,3000".to_string(),
    ];
    let run = run_chromium(browser, &profile, &extra, html);
    assert!(
        run.status.success() && shot.is_file(),
        "{file}: no screenshot"
    );
    println!("report screenshot: {}", shot.display());
    let _ = std::fs::remove_dir_all(&profile);
}

/// The graph's legend lists every label some zone carries, plus "no label"
/// and "external".
fn assert_legend(file: &str, dom: &str) {
    let model = model(file);
    let mut carried: Vec<&str> = model
        .zones
        .iter()
        .flat_map(|z| z.labels.iter().map(|&l| model.label(l).name.as_str()))
        .collect();
    carried.sort_unstable();
    carried.dedup();
    let entries: Vec<&str> = dom.split("<g class=\"legend-entry\">").skip(1).collect();
    assert_eq!(entries.len(), carried.len() + 2, "{file}: legend entries");
    for label in carried {
        let text = format!(">@{label}</text>");
        assert!(
            entries.iter().any(|e| e.contains(&text)),
            "{file}: @{label} missing from the legend"
        );
    }
}

/// A report of 25 zones and 16 invariants was 21,000 pixels tall at this
/// width before long tables and holding invariants' evidence were
/// collapsed; it is under 7,000 with the fonts of Debian's Chromium. The
/// bound leaves room for other fonts.
const MAX_PAGE_HEIGHT: u32 = 10_000;

/// Measured in the browser, on a copy of the report with a script added
/// (the report itself has none): the page height as opened, the tallest
/// source location once every table is open (in units of its font size:
/// one line is about 1.5, a location broken over two lines 3), and whether
/// the table of contents is sticky.
fn assert_layout(browser: &Path, file: &str, html: &Path, profile: &Path) {
    const PROBE: &str = "<script>\
        const h = document.documentElement.scrollHeight;\
        document.querySelectorAll('details').forEach(d => d.open = true);\
        let loc = 0;\
        document.querySelectorAll('.loc').forEach(e => {\
          loc = Math.max(loc, e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).fontSize));\
        });\
        const nav = getComputedStyle(document.querySelector('nav.toc')).position;\
        document.title = 'H=' + h + ' LOC=' + loc.toFixed(2) + ' NAV=' + nav;\
        </script></body>";
    let report = std::fs::read_to_string(html).unwrap();
    let probe = html.with_extension("probe.html");
    std::fs::write(&probe, report.replace("</body>", PROBE)).unwrap();
    let extra = [
        "--dump-dom".to_string(),
        "--window-size=1280,1000".to_string(),
    ];
    let dump = run_chromium(browser, profile, &extra, &probe);
    let dom = String::from_utf8_lossy(&dump.stdout).into_owned();
    let title = dom
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or_else(|| panic!("{file}: the probe did not run"));
    let field = |name: &str| {
        title
            .split(' ')
            .find_map(|f| f.strip_prefix(name))
            .unwrap_or_else(|| panic!("{file}: no {name} in {title}"))
            .to_string()
    };
    let height: u32 = field("H=").parse().unwrap();
    assert!(
        height <= MAX_PAGE_HEIGHT,
        "{file}: page is {height} px tall"
    );
    let loc: f64 = field("LOC=").parse().unwrap();
    assert!(loc < 2.2, "{file}: a file:line location wraps ({loc} em)");
    assert_eq!(field("NAV="), "sticky", "{file}: table of contents");
    println!("{file}: report page {title}");
}

/// Every example's report renders offline in headless Chromium.
mod reports_render_offline_in_headless_chromium {
    crate::fixture_lists::examples!(super::check_in_chromium);
}

/// So does a report with a violation.
#[test]
fn a_violation_report_renders_offline_in_headless_chromium() {
    render_in_chromium(
        "pivot-violation",
        "tests/fixtures/diff/pivot_breaks_forbid/new.zones",
    );
}

fn check_in_chromium(file: &str) {
    render_in_chromium(&crate::util::stem(file), file);
}

fn render_in_chromium(name: &str, file: &str) {
    let Some(browser) = chromium() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "chromium is not installed and CI=true: install Debian's `chromium` (see .ci/run)"
            );
        }
        println!("skipping the browser test of reports: chromium not found (install Debian's `chromium`)");
        return;
    };
    let dir = out_dir(&format!("browser-{name}"));
    let shots = root().join("target").join("report-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let html = dir.join(format!("{name}.html"));
    build_report(file, &html);
    check_in_browser(&browser, file, name, &html, &shots);
}

/// Every offending pair has its witness in the report: the first three
/// open, the others folded under a count.
#[test]
fn every_offending_pair_has_its_witness() {
    let dir = out_dir("every-witness");
    let out = dir.join("many.html");
    let (code, html) = build_report("tests/fixtures/violations/many-pairs.zones", &out);
    assert_eq!(code, 1);
    assert_eq!(html.matches("<h4>Witness:").count(), 6, "{html}");
    let folded = html.find("<details class=\"more\">").expect("folded pairs");
    assert_eq!(html[folded..].matches("<h4>Witness:").count(), 3);
    assert!(html.contains("<summary>3 more pair(s) break this invariant</summary>"));
}

#[test]
fn long_tables_and_the_evidence_of_holding_invariants_are_collapsed() {
    let dir = out_dir("collapsed");
    let file = "dsl-examples/behavioral-health.zones";
    let (_, html) = build_report(file, &dir.join("bh.html"));
    for summary in [
        "<details class=\"long\"><summary>27 zones: show the inventory</summary>",
        "<details class=\"long\"><summary>44 rules (39 allow, 5 deny): show the table</summary>",
    ] {
        assert!(html.contains(summary), "{summary}");
    }
    let (_, verdicts) = expected(file);
    assert_eq!(
        count(&html, "<details class=\"evidence\"><summary>"),
        verdicts.len(),
        "every invariant holds: every evidence is collapsed"
    );
    // short tables stay open: the small clinic has 7 zones
    let (_, small) = build_report("dsl-examples/small-clinic.zones", &dir.join("sc.html"));
    assert!(!small.contains("zones: show the inventory"));
    // a violation's evidence is open
    let (_, pivot) = build_report(
        "tests/fixtures/diff/pivot_breaks_forbid/new.zones",
        &dir.join("pivot.html"),
    );
    assert!(pivot.contains("<details class=\"evidence\" open><summary>Witness"));
}

#[test]
fn a_violated_forbid_shows_its_witness_linked_to_the_rules() {
    let dir = out_dir("witness");
    let out = dir.join("pivot.html");
    let (code, html) = build_report("tests/fixtures/diff/pivot_breaks_forbid/new.zones", &out);
    assert_eq!(code, 1);
    let start = html
        .find("data-verdict=\"violated\"")
        .expect("a violated invariant");
    let section = &html[start..start + html[start..].find("</section>").unwrap()];
    assert!(section.contains("Witness:"), "{section}");
    for zone in ["guest", "kiosk", "ehr"] {
        assert!(
            section.contains(&format!("href=\"#zone-{zone}\"")),
            "{zone}: {section}"
        );
    }
    let rules = attr_values(section, "href")
        .into_iter()
        .filter(|h| h.starts_with("#rule-"))
        .count();
    assert!(rules >= 2, "each hop links its rule: {section}");
    assert!(
        section.contains("kiosk looks up appointments") && section.contains("CHG-9"),
        "{section}"
    );
}

#[test]
fn a_real_build_is_attested_artifact_by_artifact() {
    let dir = out_dir("real-build");
    let (out, html) = (dir.join("out"), dir.join("report.html"));
    let file = "dsl-examples/small-clinic.zones";
    let run = zonec(&[
        "build",
        file,
        "--today",
        TODAY,
        "-o",
        &out.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let run = zonec(&[
        "report",
        file,
        "--today",
        TODAY,
        "--artifacts",
        &out.display().to_string(),
        "-o",
        &html.display().to_string(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let html = std::fs::read_to_string(&html).unwrap();
    let artifacts = manifest["artifacts"].as_array().unwrap();
    assert!(!artifacts.is_empty());
    for a in artifacts {
        let (path, sha) = (a["path"].as_str().unwrap(), a["sha256"].as_str().unwrap());
        let row = format!("<tr><td><code>{path}</code></td><td class=\"hash\">{sha}</td></tr>");
        assert!(html.contains(&row), "{path} missing from the report");
    }
}

/// Private space an external zone takes is among the report's warnings,
/// with the ranges it names.
#[test]
fn the_report_shows_private_space_in_an_external_zone() {
    let dir = out_dir("private-space");
    let file = "tests/fixtures/warnings/private-space-external.zones";
    let (code, html) = build_report(file, &dir.join("private.html"));
    assert_eq!(code, 0);
    assert_eq!(count(&html, "zonec::private-space-external"), 2, "{html}");
    assert!(
        html.contains("falls into external zone `internet`"),
        "{html}"
    );
    assert!(html.contains("10.41.0.0/16"), "{html}");
}

/// Issue 16: the report lists monitored zones and time-bounded allows in a
/// section of their own, and has no such section when there are none.
#[test]
fn the_report_shows_staged_zones_and_time_bounded_allows() {
    let dir = out_dir("staged");
    let (_, html) = build_report(
        "tests/fixtures/warnings/holds-only-as-written.zones",
        &dir.join("m.html"),
    );
    assert!(
        html.contains("<h2>Staged zones and time-bounded allows</h2>"),
        "{html}"
    );
    assert!(html.contains("visibility before cut-over"));
    let (_, html) = build_report(
        "tests/fixtures/warnings/time-ignored.zones",
        &dir.join("t.html"),
    );
    assert!(html.contains("<code>Mon-Fri 07:00-19:00 -05:00</code>"));
    assert!(html.contains("2027-03-31T18:00Z"));
    let (_, html) = build_report(
        "tests/fixtures/warnings/self-flow.zones",
        &dir.join("n.html"),
    );
    assert!(!html.contains("Staged zones"));
}
