//! `zonec report`: the proof report, one self-contained HTML file for an
//! auditor. With `--artifacts DIR` it also attests the configurations of a
//! `zonec build`: each artifact listed in `DIR/manifest.json` is read and
//! hashed, and must match the manifest and have been built from the same
//! policy files, and the directory must hold nothing else (a file the
//! manifest does not list would be deployed unattested), or nothing is
//! written. With `--flows FILE...` it adds an "Observed traffic" section:
//! the flow logs classified as `zonec flows` does.

use crate::cmd::flows::observe_all;
use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::manifest::{self, sha256_hex};
use crate::messages::status;
use crate::observe::Strictness;
use crate::pipeline::{self, Until};
use crate::{outdir, output};
use std::collections::BTreeSet;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use zonec_base::{Code, Diagnostic, Severity, Sources};
use zonec_escape::terminal;
use zonec_views::report::{self, FileDigest, ReportInput};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Where to write the report (atomically; a link or special file there
    /// is refused); `-` is standard output
    #[arg(short, long, visible_alias = "out", value_name = "PATH")]
    pub output: PathBuf,
    /// A `zonec build` output directory whose artifacts (from its
    /// `manifest.json`) the report lists with their SHA-256
    #[arg(long, value_name = "DIR")]
    pub artifacts: Option<PathBuf>,
    /// Flow logs to classify in an "Observed traffic" section (as `zonec flows --input`)
    #[arg(long, num_args = 1.., value_name = "FILE")]
    pub flows: Vec<PathBuf>,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let inputs = input_digests(&loaded.sources);
    let artifacts = match &args.artifacts {
        None => Vec::new(),
        Some(dir) => match artifact_digests(dir, &inputs) {
            Ok(a) => a,
            Err(diags) => {
                output::eprint_diagnostics(&diags, &Sources::new());
                return Exit::Invalid;
            }
        },
    };
    let observed = match args.flows.is_empty() {
        true => None,
        false => match observe_all(&loaded, None, &args.flows, None, Strictness::Lenient) {
            Ok(r) => Some(r),
            Err(exit) => return exit,
        },
    };
    let analysis = &loaded.analysis;
    let warnings: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .cloned()
        .collect();
    let html = report::report(&ReportInput {
        model: &loaded.model,
        analysis,
        sources: &loaded.sources,
        warnings: &warnings,
        today: args.policy.today(),
        inputs,
        artifacts,
        generator: format!("zonec {}", env!("CARGO_PKG_VERSION")),
        observed: observed.as_ref(),
    });
    if let Err(diag) = output::write_output(&args.output, html.as_bytes()) {
        return output::fail(diag);
    }
    let broken = analysis.verdicts.iter().filter(|v| !v.holds).count();
    let summary = format!(
        "wrote {}: {} invariant(s), {} hold, {broken} violated",
        terminal::escape(&output::shown(&args.output)),
        analysis.verdicts.len(),
        analysis.verdicts.len() - broken
    );
    if broken > 0 {
        // A broken invariant is a failure: `-q` does not hide it.
        eprintln!("{summary}");
        Exit::Violation
    } else {
        status!("{summary}");
        Exit::Ok
    }
}

fn input_digests(sources: &Sources) -> Vec<FileDigest> {
    sources
        .iter()
        .map(|(_, f)| FileDigest {
            path: f.name.clone(),
            sha256: sha256_hex(f.text.as_bytes()),
        })
        .collect()
}

/// One `{ "path": ..., "sha256": ... }` entry of the manifest.
struct Listed {
    path: String,
    sha256: String,
}

/// Every artifact of the manifest, hashed as it is on disk now. Errors: no
/// readable manifest, a listed file missing or different from its digest,
/// or a build made from other policy files than `inputs`.
fn artifact_digests(dir: &Path, inputs: &[FileDigest]) -> Result<Vec<FileDigest>, Vec<Diagnostic>> {
    let manifest_path = dir.join(manifest::PATH);
    let value = read_manifest(&manifest_path).map_err(|d| vec![d])?;
    let name = manifest_path.display().to_string();
    let listed = entries(&value, "artifacts").ok_or_else(|| vec![malformed(&name)])?;
    let built_from = entries(&value, "inputs").ok_or_else(|| vec![malformed(&name)])?;
    let mut diags = Vec::new();
    let ours: BTreeSet<&str> = inputs.iter().map(|i| i.sha256.as_str()).collect();
    let theirs: BTreeSet<&str> = built_from.iter().map(|i| i.sha256.as_str()).collect();
    if ours != theirs {
        diags.push(
            Diagnostic::error(
                Code::ArtifactMismatch,
                format!(
                    "the build in `{}` was made from other policy files than these",
                    dir.display()
                ),
            )
            .with_path(name.clone())
            .with_help(
                "run `zonec build` on the same files the report reads, then the report again",
            ),
        );
    }
    diags.extend(unlisted(dir, &listed));
    let mut out = Vec::new();
    for entry in listed {
        match check_artifact(dir, &entry) {
            Ok(d) => out.push(d),
            Err(d) => diags.push(d),
        }
    }
    if diags.is_empty() {
        Ok(out)
    } else {
        Err(diags)
    }
}

/// An error for every file in `dir` that is neither the manifest nor one
/// of the artifacts it lists.
fn unlisted(dir: &Path, listed: &[Listed]) -> Vec<Diagnostic> {
    let known: BTreeSet<&str> = listed
        .iter()
        .map(|l| l.path.as_str())
        .chain([manifest::PATH])
        .collect();
    let found = match outdir::entries(dir) {
        Ok(found) => found,
        Err(e) => {
            let name = dir.display().to_string();
            return vec![
                Diagnostic::error(Code::IoError, format!("cannot list `{name}`: {e}"))
                    .with_path(name)
                    .with_help("check the path and its permissions"),
            ];
        }
    };
    found
        .iter()
        .filter(|rel| !known.contains(rel.as_str()))
        .map(|rel| {
            let shown = dir.join(rel).display().to_string();
            Diagnostic::error(
                Code::ArtifactMismatch,
                format!("`{shown}` is in the build directory but not in its manifest"),
            )
            .with_path(shown)
            .with_help("a file zonec did not write would be deployed unattested: remove it, or run `zonec build` again (it replaces the directory)")
        })
        .collect()
}

fn read_manifest(path: &Path) -> Result<serde_json::Value, Diagnostic> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(Code::IoError, format!("cannot read `{name}`: {e}"))
            .with_path(name.clone())
            .with_help("`--artifacts` takes the output directory of `zonec build`, which holds `manifest.json`")
    })?;
    serde_json::from_str(&text).map_err(|_| malformed(&name))
}

fn malformed(name: &str) -> Diagnostic {
    Diagnostic::error(Code::ArtifactMismatch, format!("`{name}` is not a zonec build manifest"))
        .with_path(name.to_string())
        .with_help("expected the `manifest.json` that `zonec build` writes, with `inputs` and `artifacts` lists")
}

/// The `[{path, sha256}]` list under `key`, if the manifest has one.
fn entries(value: &serde_json::Value, key: &str) -> Option<Vec<Listed>> {
    value
        .get(key)?
        .as_array()?
        .iter()
        .map(|e| {
            Some(Listed {
                path: e.get("path")?.as_str()?.to_string(),
                sha256: e.get("sha256")?.as_str()?.to_string(),
            })
        })
        .collect()
}

fn check_artifact(dir: &Path, entry: &Listed) -> Result<FileDigest, Diagnostic> {
    let path = dir.join(&entry.path);
    let shown = path.display().to_string();
    let outside = Path::new(&entry.path)
        .components()
        .any(|c| !matches!(c, std::path::Component::Normal(_)));
    if outside {
        return Err(Diagnostic::error(
            Code::ArtifactMismatch,
            format!(
                "the manifest lists `{}`, which is outside its directory",
                entry.path
            ),
        )
        .with_path(shown)
        .with_help("artifact paths in a build manifest are relative to its directory"));
    }
    let bytes = read_artifact(&path).map_err(|e| {
        Diagnostic::error(
            Code::IoError,
            format!("cannot read artifact `{shown}`: {e}"),
        )
        .with_path(shown.clone())
        .with_help("the build directory is incomplete: run `zonec build` again")
    })?;
    let sha256 = sha256_hex(&bytes);
    if sha256 != entry.sha256 {
        return Err(Diagnostic::error(
            Code::ArtifactMismatch,
            format!("artifact `{shown}` changed since the build: its SHA-256 is {sha256}, the manifest says {}", entry.sha256),
        )
        .with_path(shown)
        .with_help("a generated file was edited by hand or replaced; run `zonec build` again"));
    }
    Ok(FileDigest {
        path: entry.path.clone(),
        sha256,
    })
}

/// A regular file zonec wrote: a link, FIFO or device in its place is an
/// error (never followed, never opened).
fn read_artifact(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::other(format!(
            "it is {}, not a file zonec wrote",
            output::kind(&meta)
        )));
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags((rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::NONBLOCK).bits() as i32)
        .open(path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}
