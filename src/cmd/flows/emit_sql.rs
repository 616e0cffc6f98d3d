//! `zonec flows POLICY... --emit-sql spark -o DIR`: the policy's tables
//! and the query that classifies a flow table in Spark
//! (`zonec_flows::spark`), written as one output directory the way
//! `build` writes one (`outdir.rs`: atomic, with its `manifest.json`, a
//! directory that is not zonec's refused).

use super::{policy, SqlEngine};
use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::manifest::FileDigests;
use crate::messages::status;
use crate::pipeline::{self, Until};
use crate::{manifest, outdir, output};
use std::path::Path;
use zonec_escape::terminal;
use zonec_flows::spark;
use zonec_targets::Artifact;

pub fn run(args: &PolicyArgs, engine: SqlEngine, dir: &Path) -> Exit {
    let Ok(current) = pipeline::run(&args.files, args.today(), Until::Analyze).analyzed() else {
        return Exit::Invalid;
    };
    let files = match engine {
        SqlEngine::Spark => spark::emit(policy(&current), &current.sources),
    };
    let mut artifacts: Vec<Artifact> = files
        .into_iter()
        .map(|f| Artifact {
            path: f.path.to_string(),
            contents: f.contents,
            sha256: None,
        })
        .collect();
    artifacts.push(Artifact {
        path: manifest::PATH.to_string(),
        contents: manifest::render(
            &current.sources,
            &FileDigests::of(&current.sources),
            &[],
            &artifacts,
        ),
        sha256: None,
    });
    if let Err(d) = outdir::write(dir, &artifacts, &args.files, false) {
        return output::fail(d);
    }
    status!(
        "ok: wrote {} file(s) and {} to {}",
        artifacts.len().saturating_sub(1),
        manifest::PATH,
        terminal::escape(&dir.display().to_string())
    );
    Exit::Ok
}
