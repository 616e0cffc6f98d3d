//! Step 1 of an apply, before anything on the router changes: the policy
//! through the same pipeline as `zonec build` (every check, the nftables
//! target only: the router runs nothing else), the lock-out guards (the
//! build's, and the operator's own session, `origin.rs`), then `nft -c`.
//! Also the check after loading: `zonec verify` of the live ruleset.

use super::{nft, origin, Args};
use crate::cmd::verify as verify_cmd;
use crate::exit::Exit;
use crate::pipeline::{self, Until};
use crate::targets::TargetArgs;
use crate::{manifest, output};
use zonec_analysis::Analysis;
use zonec_base::{diagnostic, Sources};
use zonec_model::Model;
use zonec_targets::{cloud, vlan, Target};
use zonec_verify::{Class, Policy, Report};

/// A policy ready to load: its ruleset and what verifies it.
pub struct Prepared {
    pub sources: Sources,
    pub model: Model,
    pub analysis: Analysis,
    /// The whole `nftables/zonec.nft` `build` would write.
    pub ruleset: String,
    /// The policy's SHA-256 (also in the ruleset).
    pub hash: String,
}

/// Build and check; on any problem, print it and return the exit code.
pub fn prepare(args: &Args) -> Result<Prepared, Exit> {
    let targets = target_args(args);
    let today = args.today.unwrap_or_else(zonec_base::Date::today);
    let mut run = pipeline::run(&args.files, today, Until::Emit(&targets));
    diagnostic::sort_dedup(&mut run.diagnostics);
    let exit = run.exit();
    // The ruleset by its path: the target also writes the flush script.
    let ruleset = run.emitted.as_mut().and_then(|e| {
        let at = e
            .artifacts
            .iter()
            .position(|a| a.path == zonec_targets::nftables::PATH)?;
        Some(e.artifacts.swap_remove(at).contents)
    });
    let (Exit::Ok, Some(model), Some(analysis), Some(ruleset)) =
        (exit, run.model.take(), run.analysis.take(), ruleset)
    else {
        run.eprint();
        return Err(if exit == Exit::Ok {
            Exit::Invalid
        } else {
            exit
        });
    };
    run.eprint();
    let hash = manifest::policy_hash(&run.sources);
    let prepared = Prepared {
        sources: std::mem::take(&mut run.sources),
        model,
        analysis,
        ruleset,
        hash,
    };
    prepared.guard_session(args)?;
    if let Err(nft::Failed(why)) = nft::check(&prepared.ruleset) {
        return Err(super::fail(
            &format!("nft -c rejects the ruleset, so nothing was loaded: {why}"),
            "check the router's kernel and nft version support what the ruleset uses (`zonec build` writes the same file)",
        ));
    }
    Ok(prepared)
}

/// `build`'s target arguments for the nftables target alone.
fn target_args(args: &Args) -> TargetArgs {
    TargetArgs {
        require_ticket: args.require_ticket,
        targets: Target::from_name("nftables").into_iter().collect(),
        nft_interface: args.nft_interface.clone(),
        allow_lockout: args.allow_lockout,
        vlan_svi: false,
        vlan_svi_unfiltered: false,
        acl_tcam_budget: vlan::acl::DEFAULT_BUDGET,
        trunk: vlan::DEFAULT_TRUNK.to_string(),
        aws_rules_per_sg: cloud::AWS_DEFAULT_RULES_PER_SG,
    }
}

impl Prepared {
    /// The operator's session survives the new ruleset (`origin.rs`).
    fn guard_session(&self, args: &Args) -> Result<(), Exit> {
        if args.allow_lockout {
            return Ok(());
        }
        let ssh = std::env::var("SSH_CLIENT").ok();
        let Some(from) = origin::origin(args.from, ssh.as_deref()) else {
            return Ok(());
        };
        let a = &self.analysis;
        match origin::check(&self.model, &a.effective, &a.addresses, &from) {
            None => Ok(()),
            Some(diag) => {
                output::eprint_diagnostics(&[diag], &self.sources);
                Err(Exit::Invalid)
            }
        }
    }

    /// `zonec verify` of the live ruleset. `Ok` holds the findings that
    /// make the load wrong (zonec's own table, its policy hash) and those
    /// about other tables, which a rollback of zonec's table cannot
    /// change; `Err` says why the ruleset could not be verified.
    pub fn verify_live(&self, args: &Args) -> Result<(Report, Report), String> {
        let json = nft::ruleset_json().map_err(|nft::Failed(why)| why)?;
        let interfaces = verify_cmd::interfaces(&self.model, args.nft_interface.as_ref());
        let written = Policy {
            model: &self.model,
            effective: &self.analysis.effective,
            addresses: &self.analysis.addresses,
            hash: &self.hash,
            interfaces: &interfaces,
        };
        let deployed = verify_cmd::Deployed::of(&self.model);
        let policy = deployed.policy(&written);
        let report = zonec_verify::verify(&policy, &json)
            .map_err(|e| verify_cmd::unsupported(verify_cmd::Source::Nft, &e))?;
        let (foreign, own): (Vec<_>, Vec<_>) = report
            .findings
            .into_iter()
            .partition(|f| matches!(f.class, Class::MayBlock | Class::RewritesAddresses));
        let split = |findings| Report {
            findings,
            pairs_checked: report.pairs_checked,
            subject: report.subject.clone(),
        };
        Ok((split(own), split(foreign)))
    }
}
