//! `zonec explain`: why a flow is or is not possible, in words or JSON.
//! This module reads the question (the two ends, each a zone, `@label` or
//! address, and `--service` or `--port`), prints the answer
//! `zonec_views::explain` writes, and exits 0 when the flow is possible
//! (for some pair of the ends), 1 when it is not, 2 on bad input.

use crate::endpoint;
use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::pipeline::{self, Until};
use crate::{output, services};
use zonec_base::Diagnostic;
use zonec_model::{AddressTable, AskedNames, Model, PortSet};
use zonec_views::explain::{Explained, Question};

/// The exit codes, for `--help`.
const EXIT_CODES: &str = "Exit status: 0 when the flow is possible (directly or through \
other zones, for at least one pair of zones of the two ends), 1 when it is not, 2 on bad \
input (an unknown zone, label or service, an address in no zone, an invalid policy).";

#[derive(clap::Args, Debug)]
#[command(after_help = EXIT_CODES)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Where the flow starts: a zone, `@label` (each zone of the label) or
    /// an IPv4/IPv6 address (the zone whose prefix is the longest match)
    #[arg(long, value_name = "ZONE|@LABEL|ADDRESS")]
    pub from: String,
    /// Where the flow goes: a zone, `@label` or an address, as for `--from`
    #[arg(long, value_name = "ZONE|@LABEL|ADDRESS")]
    pub to: String,
    /// Services or ports (`https`, `tcp/8443`, comma-separated; default: any)
    #[arg(long, value_name = "SERVICE", conflicts_with = "port")]
    pub service: Option<String>,
    /// Ports only (`tcp/443`, `udp/5000-5010`, comma-separated)
    #[arg(long, value_name = "PORT")]
    pub port: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
/// `explain` and `which` answer in the same two forms.
pub enum Format {
    /// words for people (which prints one line per address)
    Text,
    /// one JSON object on stdout (docs/explain.md)
    Json,
}

pub fn run(args: &Args) -> Exit {
    let policy = &args.policy;
    let loaded = match pipeline::run(&policy.files, policy.today(), Until::Analyze).analyzed() {
        Ok(l) => l,
        Err(exit) => return exit,
    };
    let question = match question(&loaded.model, &loaded.analysis.addresses, args) {
        Ok(q) => q,
        Err(diags) => {
            output::eprint_diagnostics(&diags, &loaded.sources);
            return Exit::Invalid;
        }
    };
    let answer = Explained::new(&loaded.model, &loaded.analysis, &loaded.sources, &question);
    match args.format {
        Format::Text => print!("{}", answer.text()),
        Format::Json => match serde_json::to_string_pretty(&answer.json()) {
            Ok(text) => println!("{text}"),
            Err(_) => return Exit::Invalid,
        },
    }
    if answer.possible() {
        Exit::Ok
    } else {
        Exit::Violation
    }
}

/// The question, or every problem with it.
fn question(model: &Model, table: &AddressTable, args: &Args) -> Result<Question, Vec<Diagnostic>> {
    let names = AskedNames::new(model);
    let from = endpoint::resolve(model, table, &names, &args.from);
    let to = endpoint::resolve(model, table, &names, &args.to);
    let ports = match (&args.service, &args.port) {
        (Some(text), _) => services::parse(model, &names, text),
        (None, Some(text)) => services::parse_ports(text),
        (None, None) => Ok(PortSet::any()),
    };
    let asked = args.service.as_deref().or(args.port.as_deref());
    match (from, to, ports) {
        (Ok(from), Ok(to), Ok(ports)) => Ok(Question {
            from,
            to,
            ports,
            asked: asked.unwrap_or("any").trim().to_string(),
        }),
        (from, to, ports) => Err([from.err(), to.err(), ports.err()]
            .into_iter()
            .flatten()
            .collect()),
    }
}
