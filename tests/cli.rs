//! The command-line conventions every command shares: `-o/--output` (and
//! its alias `--out`) wherever a command writes, `build`'s list of what it
//! wrote, the global `-q/--quiet` and `-v/--verbose`, and the shell
//! completions and manual pages generated from the clap definitions, whose
//! checked-in copies (`docs/completions/`, `docs/man/`) must be current.
//! Snapshots are in `tests/snapshots/cli/`.

use crate::util::{root, zonec, OutDir, Run};
use std::path::Path;

const TODAY: &str = "2026-11-22";
/// Checks without a warning when it builds only nftables (it names `self`
/// and declares its private space).
const CLINIC: &str = "dsl-examples/small-clinic.zones";
const HEALTH: &str = "dsl-examples/behavioral-health.zones";
const BROKEN: &str = "tests/fixtures/violations/direct.zones";
const WARNS: &str = "tests/fixtures/warnings/self-flow.zones";
const INVALID: &str = "tests/fixtures/errors/unknown-zone.zones";

fn snapshot(name: &str, text: &str) {
    insta::with_settings!({
        snapshot_path => "snapshots/cli",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::assert_snapshot!(name.to_string(), text);
    });
}

/// `-v`'s times vary from run to run: each ` in 1.23 ms` becomes ` in [time]`.
fn without_times(text: &str) -> String {
    text.lines()
        .map(|line| match line.rfind(" in ") {
            Some(at) if line.ends_with(" ms") => format!("{} in [time]", &line[..at]),
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap();
                out.push(rel.display().to_string());
            }
        }
    }
    out.sort();
    out
}

fn build(out: &OutDir, flag: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", HEALTH, "--today", TODAY, flag, out.path()];
    args.extend_from_slice(extra);
    zonec(&args)
}

/// `build -o`, `--output` and `--out` name the same directory, and write
/// the same files.
#[test]
fn build_takes_output_and_its_alias_out() {
    let dirs: Vec<(OutDir, &str)> = ["-o", "--output", "--out"]
        .iter()
        .enumerate()
        .map(|(i, flag)| (OutDir::new("cli", &format!("alias{i}")), *flag))
        .collect();
    let mut listed = Vec::new();
    for (out, flag) in &dirs {
        let run = build(out, flag, &[]);
        assert_eq!(run.code, 0, "{flag}: {}", run.stderr);
        listed.push(files(&out.0));
        assert_eq!(out.read("manifest.json"), dirs[0].0.read("manifest.json"));
    }
    assert!(listed.iter().all(|l| *l == listed[0] && !l.is_empty()));
}

/// `graph` and `report` take `--out` as well as `-o`/`--output`.
#[test]
fn graph_and_report_take_out() {
    let out = OutDir::new("cli", "graph-report");
    let svg = out.0.join("g.svg");
    let html = out.0.join("r.html");
    let run = zonec(&["graph", CLINIC, "--out", svg.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let stdout = zonec(&["graph", CLINIC]).stdout;
    assert_eq!(std::fs::read_to_string(&svg).unwrap(), stdout);
    let run = zonec(&[
        "report",
        CLINIC,
        "--today",
        TODAY,
        "--out",
        html.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(&html)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
}

/// `build` lists each target with its file count and directory, and the
/// counts add up to what is on disk (plus `manifest.json`).
#[test]
fn build_lists_what_it_wrote() {
    let out = OutDir::new("cli", "listing");
    let run = build(&out, "-o", &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty(), "the listing is status, on stderr");
    let counted: usize = run
        .stderr
        .lines()
        .filter_map(|l| l.split(" file(s) in ").next()?.split_whitespace().nth(1))
        .filter_map(|n| n.parse::<usize>().ok())
        .sum();
    assert_eq!(counted + 1, files(&out.0).len(), "{}", run.stderr);
    snapshot("build_listing", &run.stderr.replace(out.path(), "OUT"));
}

/// `-v` adds every stage with its counts, and every file `build` wrote
/// with its size.
#[test]
fn verbose_build_shows_stages_and_files() {
    let out = OutDir::new("cli", "verbose");
    let run = build(&out, "-o", &["-v", "--target", "nftables,vlan"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let shown = without_times(&run.stderr.replace(out.path(), "OUT"));
    snapshot("build_verbose", &shown);
}

/// `-v` adds each stage of the pipeline with its counts; given before the
/// command name, as here, it works the same (the flags are global).
#[test]
fn verbose_check_shows_stages() {
    let run = zonec(&["-v", "check", CLINIC, "--today", TODAY]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    snapshot("check_verbose", &without_times(&run.stderr));
}

/// `-q` silences a run that went well, and only that.
#[test]
fn quiet_silences_success() {
    let out = OutDir::new("cli", "quiet");
    let args = [
        "build", "-q", CLINIC, "--target", "nftables", "--today", TODAY,
    ];
    let run = zonec(&[&args[..], &["-o", out.path()]].concat());
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
    assert!(out.0.join("manifest.json").is_file());
    let run = zonec(&[
        "check", "-q", CLINIC, "--target", "nftables", "--today", TODAY,
    ]);
    assert_eq!((run.code, run.stderr.as_str()), (0, ""));
}

/// `-q` changes neither the exit code nor any line about a failure: a
/// broken invariant (check, build, report) and an invalid policy print
/// exactly what they print without it.
#[test]
fn quiet_never_hides_a_failure() {
    let out = OutDir::new("cli", "quiet-fail");
    let html = out.0.join("r.html");
    let html = html.to_str().unwrap();
    let cases: [(&[&str], i32); 5] = [
        (&["check", BROKEN], 1),
        (&["build", BROKEN, "-o", out.path()], 1),
        (&["report", BROKEN, "-o", html], 1),
        (&["check", INVALID], 2),
        (&["build", INVALID, "-o", out.path()], 2),
    ];
    for (args, code) in cases {
        let mut args = args.to_vec();
        args.extend(["--today", TODAY]);
        let loud = zonec(&args);
        args.push("--quiet");
        let quiet = zonec(&args);
        assert_eq!((loud.code, quiet.code), (code, code), "{args:?}");
        assert_eq!(quiet.stderr, loud.stderr, "{args:?}");
        assert!(!quiet.stderr.is_empty(), "{args:?}");
    }
}

/// Warnings are diagnostics: `-q` keeps them and drops only the `ok:` line.
#[test]
fn quiet_keeps_warnings() {
    let loud = zonec(&["check", WARNS, "--today", TODAY]);
    let quiet = zonec(&["check", WARNS, "--today", TODAY, "-q"]);
    assert_eq!((loud.code, quiet.code), (0, 0));
    let ok = loud.stderr.lines().last().unwrap();
    assert!(ok.starts_with("ok: "), "{ok}");
    assert_eq!(quiet.stderr, loud.stderr.replace(&format!("{ok}\n"), ""));
    assert!(quiet.stderr.contains('⚠'));
}

#[test]
fn quiet_and_verbose_conflict() {
    let run = zonec(&["check", CLINIC, "-q", "-v"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

/// With `ZONEC_BLESS=1`, write `generated` to `path` instead of comparing.
fn assert_current(path: &Path, generated: &[u8], how: &str) {
    if std::env::var_os("ZONEC_BLESS").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, generated).unwrap();
    }
    let committed = std::fs::read(path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is not what `{how}` prints now; regenerate the checked-in copies with\n  \
         ZONEC_BLESS=1 cargo test --release --test tests cli::",
        path.display()
    );
}

/// `docs/completions/zonec.{bash,zsh,fish}` are what `zonec completions`
/// prints.
#[test]
fn completions_are_current() {
    for shell in ["bash", "zsh", "fish"] {
        let run = zonec(&["completions", shell]);
        assert_eq!(run.code, 0, "{shell}: {}", run.stderr);
        assert!(run.stdout.contains("build"), "{shell}");
        assert!(
            !run.stdout.contains("bench"),
            "{shell}: offers the hidden `bench`"
        );
        let path = root().join(format!("docs/completions/zonec.{shell}"));
        assert_current(
            &path,
            run.stdout.as_bytes(),
            &format!("zonec completions {shell}"),
        );
    }
}

/// `docs/man/` holds exactly the pages `zonec man -o DIR` writes, and
/// `zonec man COMMAND` prints the same page.
#[test]
fn man_pages_are_current() {
    let out = OutDir::new("cli", "man");
    let run = zonec(&["man", "-o", out.path()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let docs = root().join("docs/man");
    let written = files(&out.0);
    assert!(written.contains(&"zonec.1".to_string()), "{written:?}");
    assert!(
        written.contains(&"zonec-build.1".to_string()),
        "{written:?}"
    );
    for page in &written {
        let text = std::fs::read(out.0.join(page)).unwrap();
        assert_current(&docs.join(page), &text, "zonec man -o DIR");
    }
    assert_eq!(
        files(&docs),
        written,
        "a page in docs/man/ zonec no longer writes"
    );
    let build = zonec(&["man", "build"]);
    assert_eq!(build.stdout, out.read("zonec-build.1"));
    assert_eq!(zonec(&["man"]).stdout, out.read("zonec.1"));
}

#[test]
fn man_of_an_unknown_command_is_a_usage_error() {
    let run = zonec(&["man", "bench"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("zonec has no command `bench`"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

/// `man -o` names a directory: `-` (standard output) is refused, not made
/// into a directory named `-`.
#[test]
fn man_output_is_a_directory() {
    let run = zonec(&["man", "-o", "-"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(!root().join("-").exists());
}
