//! Hostile input, end to end: inputs that once panicked the renderer or
//! overflowed the stack. Each is generated here (they are large), run
//! through the release binary, and must end with a diagnostic or success:
//! never exit 101 (panic) or 134 (abort).

use crate::util::{self, OutDir, Run};

const TODAY: &str = "2026-11-22";

/// Write `files` into a fresh directory; returns it (removed on drop).
fn policy(name: &str, files: &[(&str, String)]) -> OutDir {
    let dir = OutDir::new("robustness", name);
    std::fs::create_dir_all(&dir.0).unwrap();
    for (file, text) in files {
        std::fs::write(dir.0.join(file), text).unwrap();
    }
    dir
}

fn path(dir: &OutDir, file: &str) -> String {
    dir.0.join(file).to_string_lossy().into_owned()
}

fn no_crash(what: &str, run: &Run) {
    assert!(
        run.code == 0 || run.code == 1 || run.code == 2,
        "{what}: exit {}\n{}",
        run.code,
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{what}:\n{}", run.stderr);
}

#[test]
fn a_diagnostic_past_column_65535_is_drawn_on_a_cut_line() {
    let text = format!(
        "zone a {{ net 10.0.0.0/8 }}\nallow a -> a{} : nope\n",
        " ".repeat(70_000)
    );
    let dir = policy("long-column", &[("p.zones", text)]);
    let run = util::zonec(&["check", "--today", TODAY, &path(&dir, "p.zones")]);
    no_crash("check", &run);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("p.zones:2:70016]"), "{}", run.stderr);
    assert!(run.stderr.contains("…   ") && run.stderr.contains(" : nope"));
    assert!(run.stderr.lines().all(|l| l.chars().count() < 300));
}

#[test]
fn a_far_warning_lets_build_write_and_finish() {
    let text = format!(
        "zone a {{ net 10.0.0.0/8 }}\nzone b {{ net 11.0.0.0/8 }}\n{}zone c {{ net 12.0.0.0/8 }}\nallow a -> b\n",
        " ".repeat(70_000)
    );
    let dir = policy("far-warning", &[("p.zones", text)]);
    let out = OutDir::new("robustness", "far-warning-out");
    let run = util::build("nftables", TODAY, &path(&dir, "p.zones"), &out, &[]);
    no_crash("build", &run);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("zone `c` is never used"),
        "{}",
        run.stderr
    );
    assert!(out.0.join("manifest.json").is_file());
}

#[test]
fn terminal_control_in_a_policy_reaches_the_terminal_escaped() {
    let text = "zone a { net 10.0.0.0/8 }\r\u{feff}\nallow a -> b\u{1b}[2J\u{7}\u{202e}\n";
    let dir = policy("terminal", &[("p.zones", text.to_string())]);
    let run = util::zonec(&["check", "--today", TODAY, &path(&dir, "p.zones")]);
    no_crash("check", &run);
    assert!(
        !run.stderr
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{:?}",
        run.stderr
    );
    assert!(run.stderr.contains("\\u{1b}"), "{}", run.stderr);
}

#[test]
fn a_lone_cr_and_a_bom_leave_human_and_json_positions_equal() {
    let text = "\u{feff}zone a { net 10.0.0.0/8 }\rzone b { net 11.0.0.0/8 }\nallow a -> c\n";
    let dir = policy("cr-bom", &[("p.zones", text.to_string())]);
    let file = path(&dir, "p.zones");
    let human = util::zonec(&["check", "--today", TODAY, &file]);
    let json = util::zonec(&["check", "--today", TODAY, "--format", "json", &file]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    // The lexer reads a lone `\r` as a space, so `c` is on line 2 for
    // both outputs (miette used to say line 3), and the BOM is no column.
    let diags = v["diagnostics"].as_array().unwrap();
    let place =
        |d: &serde_json::Value| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap());
    let places: Vec<(u64, u64)> = diags.iter().map(place).collect();
    assert_eq!(places, [(1, 27), (2, 7), (2, 12)]);
    for (line, col) in places {
        assert!(
            human.stderr.contains(&format!("p.zones:{line}:{col}]")),
            "{}",
            human.stderr
        );
    }
}

#[test]
fn a_hundred_thousand_excepts_check_build_and_format() {
    let mut text = String::from("zone a { net 10.0.0.0/8 }\nzone b { net 11.0.0.0/8 }\n");
    text.push_str("allow any");
    text.push_str(&" except a".repeat(100_000));
    text.push_str(" -> b\n");
    let dir = policy("excepts", &[("p.zones", text)]);
    let file = path(&dir, "p.zones");
    let check = util::zonec(&["check", "--today", TODAY, &file]);
    no_crash("check", &check);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let out = OutDir::new("robustness", "excepts-out");
    no_crash("build", &util::build("nftables", TODAY, &file, &out, &[]));
    let fmt = util::zonec(&["fmt", "--check", &file]);
    no_crash("fmt", &fmt);
    assert_eq!(fmt.code, 0, "{}", fmt.stderr);
}

#[test]
fn a_chain_of_20_000_zones_checks_builds_and_formats() {
    let n = 20_000;
    let zones: Vec<String> = (0..n)
        .map(|i| format!("zone a{i} {{ net 10.{}.{}.0/24 }}\n", i / 256, i % 256))
        .collect();
    let allows: Vec<String> = (1..n)
        .map(|i| format!("allow a{} -> a{i}\n", i - 1))
        .collect();
    let dir = policy(
        "chain",
        &[
            ("1.zones", zones.concat()),
            ("2.zones", allows.concat()),
            ("3.zones", format!("forbid a{} ->* a0\n", n - 1)),
        ],
    );
    let d = dir.path().to_string();
    let check = util::zonec(&["check", "--today", TODAY, &d]);
    no_crash("check", &check);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let out = OutDir::new("robustness", "chain-out");
    let build = util::build("nftables", TODAY, &d, &out, &[]);
    no_crash("build", &build);
    assert_eq!(build.code, 0, "{}", build.stderr);
    no_crash("fmt", &util::zonec(&["fmt", "--check", &d]));
}

#[test]
fn a_path_of_thousands_of_hops_is_reported_with_its_first_hops() {
    let n = 5_000;
    let mut text: String = (0..n)
        .map(|i| format!("zone a{i} {{ net 10.{}.{}.0/24 }}\n", i / 256, i % 256))
        .collect();
    text.extend((1..n).map(|i| format!("allow a{} -> a{i}\n", i - 1)));
    text.push_str(&format!("forbid a0 ->* a{}\n", n - 1));
    let dir = policy("long-path", &[("p.zones", text)]);
    let run = util::zonec(&["check", "--today", TODAY, &path(&dir, "p.zones")]);
    no_crash("check", &run);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("in 4999 hops"), "{}", run.stderr);
    assert!(run.stderr.contains("more labelled place(s) not shown"));
    assert!(run.stderr.lines().count() < 200, "{}", run.stderr);
}
