//! `zonec explain`: why a flow from one zone to another is or is not
//! possible, in words. This module reads the question (the two zones and
//! `--service`) and prints the answer `zonec_views::explain` writes.

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::pipeline::{self, Until};
use crate::{output, services};
use zonec_base::{Code, Diagnostic};
use zonec_model::{Model, PortSet};
use zonec_views::explain::{self, Question};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// The zone the flow starts in
    #[arg(long, value_name = "ZONE")]
    pub from: String,
    /// The zone the flow goes to
    #[arg(long, value_name = "ZONE")]
    pub to: String,
    /// Services or ports (`https`, `tcp/8443`, comma-separated; default: any)
    #[arg(long, value_name = "SERVICE")]
    pub service: Option<String>,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    match question(&loaded.model, args) {
        Ok(q) => {
            print!(
                "{}",
                explain::text(&loaded.model, &loaded.analysis, &loaded.sources, &q)
            );
            Exit::Ok
        }
        Err(d) => {
            output::eprint_diagnostics(&[d], &loaded.sources);
            Exit::Invalid
        }
    }
}

fn question(model: &Model, args: &Args) -> Result<Question, Diagnostic> {
    let zone = |name: &str| {
        model.zone_by_name(name).ok_or_else(|| {
            let names: Vec<&str> = model.zones.iter().map(|z| z.name.as_str()).collect();
            Diagnostic::error(Code::UnknownZone, format!("no zone is named `{name}`"))
                .with_help(format!("the zones are: {}", names.join(", ")))
        })
    };
    let (from, to) = (zone(&args.from)?, zone(&args.to)?);
    let ports = match &args.service {
        None => PortSet::any(),
        Some(text) => services::parse(model, text).map_err(|e| {
            Diagnostic::error(Code::UnknownService, e)
                .with_help("name a declared service, or ports such as `tcp/443` or `udp/5000-5010`")
        })?,
    };
    let asked = args.service.as_deref().unwrap_or("any").trim().to_string();
    Ok(Question {
        from,
        to,
        ports,
        asked,
    })
}
