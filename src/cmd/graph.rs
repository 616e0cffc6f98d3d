//! `zonec graph`: draw the zone graph (zones and the flows allowed between
//! them) as Graphviz DOT or as an SVG drawn by zonec itself.

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::output;
use crate::pipeline::{self, Until};
use std::path::{Path, PathBuf};
use zonec_analysis::effective::EffectivePolicy;
use zonec_views::graph;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Svg)]
    pub format: Format,
    /// Write to this file (atomically; a link or special file there is
    /// refused) instead of standard output; `-` is standard output
    #[arg(short, long, visible_alias = "out", value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Graphviz DOT text
    Dot,
    /// an SVG drawing (zonec's own layout; no Graphviz needed)
    Svg,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let model = match pipeline::run(&policy.files, policy.today(), Until::Compile).compiled() {
        Ok(model) => model,
        Err(exit) => return exit,
    };
    let g = graph::zone_graph(&model, &EffectivePolicy::new(&model));
    let text = match args.format {
        Format::Dot => graph::dot(&g),
        Format::Svg => graph::svg(&g),
    };
    let path = args.output.as_deref().unwrap_or(Path::new("-"));
    output::emit(path, text.as_bytes())
}
