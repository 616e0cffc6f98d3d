//! `zonec flows POLICY... --input FILE...`: the flows the records show,
//! classified against the policy (and `--candidate`): allowed by which
//! rule, blocked and why, forbidden by which invariant, and what the
//! candidate would break. The reading is `observe.rs`, the engine and
//! every output `zonec_flows`; this module parses the arguments, writes
//! the output and picks the exit code (`--fail-on`).

use crate::exit::Exit;
use crate::input::PolicyArgs;
use crate::observe::{self, Strictness};
use crate::output;
use crate::pipeline::{self, Analyzed, Until};
use std::path::PathBuf;
use zonec_base::{Diagnostic, Sources};
use zonec_flows::{output as out, Engine, Format, Policy, Report, Verdict};

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub policy: PolicyArgs,
    /// Flow-log files (gzip or not), or `-` for standard input
    #[arg(long, required = true, num_args = 1.., value_name = "FILE")]
    pub input: Vec<PathBuf>,
    /// The inputs' format (default: detected from each file's first line)
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<InputFormat>,
    /// A changed policy to compare with: which flows it would break or open
    #[arg(long, num_args = 1.., value_name = "NEW_POLICY")]
    pub candidate: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = OutFormat::Human)]
    pub format: OutFormat,
    /// Exit 1 when a row of this kind exists (comma-separated or repeated)
    #[arg(long, value_enum, value_delimiter = ',', value_name = "KIND")]
    pub fail_on: Vec<FailOn>,
    /// Any malformed record is an error (exit 2, no output)
    #[arg(long)]
    pub strict: bool,
    /// Where to write the output (atomically); default standard output
    #[arg(short, long, visible_alias = "out", value_name = "PATH")]
    pub output: Option<PathBuf>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputFormat {
    /// AWS VPC Flow Logs, text (default or custom field order)
    Aws,
    /// Azure VNet flow logs (v4) or NSG flow logs (v2), JSON
    Azure,
    /// GCP VPC Flow Logs or Firewall Rules Logging, exported JSON
    Gcp,
    /// the text of `conntrack -L`
    Conntrack,
    /// kernel log lines of nftables/iptables `log`
    Netfilter,
    /// CSV with a `src,dst,proto,dport` header
    Csv,
}

impl InputFormat {
    pub fn format(self) -> Format {
        match self {
            InputFormat::Aws => Format::Aws,
            InputFormat::Azure => Format::Azure,
            InputFormat::Gcp => Format::Gcp,
            InputFormat::Conntrack => Format::Conntrack,
            InputFormat::Netfilter => Format::Netfilter,
            InputFormat::Csv => Format::Csv,
        }
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutFormat {
    /// a summary for a terminal, worst first
    Human,
    /// one JSON object (docs/flows.md)
    Json,
    /// one record per row
    Csv,
    /// tables for a ticket or pull request
    Markdown,
    /// SARIF 2.1.0 for code scanning
    Sarif,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// a flow breaks a `forbid`
    Forbidden,
    /// the policy blocks a flow
    Blocked,
    /// the candidate blocks a flow allowed now
    Breaks,
}

pub fn run(args: &Args) -> Exit {
    let today = args.policy.today();
    let Ok(current) = pipeline::run(&args.policy.files, today, Until::Analyze).analyzed() else {
        return Exit::Invalid;
    };
    let candidate = match args.candidate.is_empty() {
        true => None,
        false => match pipeline::run(&args.candidate, today, Until::Analyze).analyzed() {
            Ok(c) => Some(c),
            Err(exit) => return exit,
        },
    };
    let strict = match args.strict {
        true => Strictness::Strict,
        false => Strictness::Lenient,
    };
    let forced = args.input_format.map(InputFormat::format);
    let report = match observe_all(&current, candidate.as_ref(), &args.input, forced, strict) {
        Ok(r) => r,
        Err(exit) => return exit,
    };
    let text = render(&report, args.format);
    let written = match &args.output {
        Some(path) => output::write_output(path, text.as_bytes()),
        None => {
            print!("{text}");
            Ok(())
        }
    };
    if let Err(d) = written {
        return output::fail(d);
    }
    match args.fail_on.iter().any(|&f| fails(&report, f)) {
        true => Exit::Violation,
        false => Exit::Ok,
    }
}

/// The report of `inputs` against a policy (and a candidate), its
/// diagnostics printed; exit 2 when an input was not read or, strict, a
/// record was malformed.
pub fn observe_all(
    current: &Analyzed,
    candidate: Option<&Analyzed>,
    inputs: &[PathBuf],
    forced: Option<Format>,
    strict: Strictness,
) -> Result<Report, Exit> {
    let mut engine = Engine::new(policy(current), candidate.map(policy));
    let diags: Vec<Diagnostic> = observe::read_all(&mut engine, inputs, forced, strict);
    output::eprint_diagnostics(&diags, &Sources::new());
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Exit::Invalid);
    }
    Ok(engine.finish(&current.sources))
}

fn render(report: &Report, format: OutFormat) -> String {
    match format {
        OutFormat::Human => out::human(report),
        OutFormat::Csv => out::csv(report),
        OutFormat::Markdown => out::markdown(report),
        OutFormat::Json => json(&serde_json::to_value(report).unwrap_or_default()),
        OutFormat::Sarif => json(&out::sarif(report)),
    }
}

fn json(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).map_or(String::new(), |s| s + "\n")
}

fn fails(report: &Report, f: FailOn) -> bool {
    report.rows.iter().any(|r| match f {
        FailOn::Forbidden => r.verdict == Verdict::Forbidden,
        FailOn::Blocked => r.verdict == Verdict::Blocked,
        FailOn::Breaks => r.breaks(),
    })
}

fn policy(a: &Analyzed) -> Policy<'_> {
    Policy {
        model: &a.model,
        analysis: &a.analysis,
    }
}
