//! The architecture is the crate graph, and this is its diagram: each crate
//! of zonec with the zonec crates it may depend on. A manifest that adds an
//! edge not listed here, in `[dependencies]` or `[dev-dependencies]`, fails;
//! so does a crate below the model whose source names the syntax crate.
//! Cargo itself forbids cycles, so with this table the layers are one-way.

use crate::util::root;
use std::collections::BTreeSet;

/// (crate directory, package name, the zonec crates it may use).
const LAYERS: &[(&str, &str, &[&str])] = &[
    ("compiler/base", "zonec-base", &[]),
    ("compiler/escape", "zonec-escape", &[]),
    (
        "compiler/syntax",
        "zonec-syntax",
        &["zonec-base", "zonec-escape"],
    ),
    (
        "compiler/model",
        "zonec-model",
        &["zonec-base", "zonec-syntax"],
    ),
    (
        "compiler/analysis",
        "zonec-analysis",
        &["zonec-base", "zonec-model"],
    ),
    (
        "compiler/render",
        "zonec-render",
        &["zonec-base", "zonec-escape"],
    ),
    (
        "targets/emit",
        "zonec-targets",
        &[
            "zonec-base",
            "zonec-escape",
            "zonec-model",
            "zonec-analysis",
        ],
    ),
    (
        "targets/flows",
        "zonec-flows",
        &[
            "zonec-base",
            "zonec-escape",
            "zonec-model",
            "zonec-analysis",
        ],
    ),
    (
        "targets/verify",
        "zonec-verify",
        &[
            "zonec-base",
            "zonec-model",
            "zonec-analysis",
            "zonec-targets",
        ],
    ),
    (
        "targets/views",
        "zonec-views",
        &[
            "zonec-base",
            "zonec-escape",
            "zonec-model",
            "zonec-analysis",
            "zonec-flows",
        ],
    ),
];

/// The crates that must never see the syntax tree: they read the model.
const BELOW_THE_MODEL: &[&str] = &[
    "compiler/analysis",
    "targets/emit",
    "targets/flows",
    "targets/views",
    "targets/verify",
];

/// The zonec crates named in a manifest's dependency tables, and the
/// manifest's package name.
fn manifest(dir: &str) -> (String, BTreeSet<String>) {
    let text = std::fs::read_to_string(root().join(dir).join("Cargo.toml")).unwrap();
    let mut name = String::new();
    let mut deps = BTreeSet::new();
    let mut section = "";
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            section = line;
            continue;
        }
        let key = line.split(['=', '.', ' ']).next().unwrap_or("");
        if section == "[package]" && key == "name" {
            name = line.split('"').nth(1).unwrap_or("").to_string();
        }
        if section.ends_with("dependencies]") && key.starts_with("zonec") {
            deps.insert(key.to_string());
        }
    }
    (name, deps)
}

#[test]
fn every_crate_depends_only_on_the_layers_below_it() {
    let mut wrong = Vec::new();
    for (dir, package, allowed) in LAYERS {
        let (name, deps) = manifest(dir);
        assert_eq!(&name, package, "{dir}/Cargo.toml names another package");
        for dep in deps.iter().filter(|d| !allowed.contains(&d.as_str())) {
            wrong.push(format!("{package} -> {dep}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "edges the architecture does not allow: {wrong:?}"
    );
}

#[test]
fn the_workspace_is_exactly_these_crates_and_the_cli() {
    let text = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    let members: BTreeSet<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("members"))
        .skip(1)
        .take_while(|l| !l.starts_with(']'))
        .filter_map(|l| l.trim().trim_end_matches(',').strip_prefix('"'))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    let mut expected: BTreeSet<&str> = LAYERS.iter().map(|(dir, _, _)| *dir).collect();
    expected.insert("tests/props");
    assert_eq!(members, expected, "a new crate needs its row in LAYERS");
}

#[test]
fn nothing_below_the_model_names_the_syntax() {
    let mut offenders = Vec::new();
    for dir in BELOW_THE_MODEL {
        let mut stack = vec![root().join(dir)];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                for entry in std::fs::read_dir(&path).unwrap() {
                    stack.push(entry.unwrap().path());
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("zonec_syntax") {
                    let shown = path.strip_prefix(root()).unwrap_or(&path);
                    offenders.push(shown.display().to_string());
                }
            }
        }
    }
    offenders.sort();
    assert!(offenders.is_empty(), "these read the syntax: {offenders:?}");
}
