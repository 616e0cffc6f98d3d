//! One apply, from a checked ruleset to a loaded and verified one. The
//! order makes every moment recoverable: the running state is saved (and
//! its restore script checked with `nft -c`) and the watchdog armed
//! *before* the load, so from the instant the new table runs a rollback is
//! already on its way, whatever happens to this process. A finding of
//! `verify` on the live ruleset, or a failed `--check-cmd`, puts the
//! previous table back at once.

use super::prepare::{self, Prepared};
use super::record::{self, Action, Apply, APPLIED_NFT, PENDING, PREVIOUS_JSON, PREVIOUS_NFT};
use super::state::StateDir;
use super::{fail, nft, settle, watchdog, Args};
use crate::cmd::verify::render::{self, Format};
use crate::exit::Exit;
use crate::messages::status;
use std::io;
use std::process::{Command, Stdio};

pub fn apply(args: &Args) -> Exit {
    let prepared = match prepare::prepare(args) {
        Ok(p) => p,
        Err(exit) => return exit,
    };
    let state = match settle::open(&args.state_dir) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let apply = match start(&state, &prepared, args) {
        Ok(a) => a,
        Err(exit) => return exit,
    };
    if let Err(nft::Failed(why)) = nft::load(&prepared.ruleset) {
        // The running table is the saved one: nothing to roll back to.
        let _ = state
            .remove(PENDING)
            .and_then(|()| state.remove(PREVIOUS_NFT));
        let _ = record::log(
            &state,
            Action::Apply,
            &apply,
            &format!("load failed: {why}"),
        );
        return fail(
            &format!("nft did not load the ruleset, so the running one is unchanged: {why}"),
            "nothing changed; see nft's message",
        );
    }
    if let Err(exit) = check_live(&state, &prepared, args, &apply) {
        return exit;
    }
    match &args.check_cmd {
        Some(cmd) => checked(&state, &prepared, args, &apply, cmd),
        None => await_confirmation(&state, &apply),
    }
}

/// Refuse while another apply awaits confirmation, save the running
/// state, record the apply and arm its watchdog.
fn start(state: &StateDir, prepared: &Prepared, args: &Args) -> Result<Apply, Exit> {
    match Apply::read(state, PENDING) {
        Ok(None) => {}
        Ok(Some(p)) => {
            return Err(fail(
                &format!("apply {} of {} still awaits confirmation", p.id, p.started),
                "run `zonec apply --confirm` or `zonec apply --rollback` first",
            ))
        }
        Err(e) => return Err(state_error(state, &e)),
    }
    let apply =
        Apply::new(&prepared.hash, args.confirm_timeout).map_err(|e| state_error(state, &e))?;
    save(state, prepared).map_err(|e| match e {
        Saved::Io(e) => state_error(state, &e),
        Saved::Nft(why) => fail(
            &format!("cannot save the running state, so nothing was loaded: {why}"),
            "zonec apply loads only when it can put the running table back; check `nft list ruleset`",
        ),
    })?;
    state
        .write(PENDING, apply.to_json().as_bytes())
        .map_err(|e| state_error(state, &e))?;
    if let Err(why) = watchdog::arm(state.path(), &apply) {
        let _ = state.remove(PENDING);
        return Err(fail(
            &format!("cannot start the rollback watchdog, so nothing was loaded: {why}"),
            "check that zonec's binary can be run again by its path",
        ));
    }
    Ok(apply)
}

enum Saved {
    Io(io::Error),
    Nft(String),
}

/// The running ruleset and a checked script that puts its zonec table
/// back, then the ruleset about to be loaded.
fn save(state: &StateDir, prepared: &Prepared) -> Result<(), Saved> {
    let json = nft::ruleset_json().map_err(|nft::Failed(w)| Saved::Nft(w))?;
    let table = nft::zonec_table(&json).map_err(|nft::Failed(w)| Saved::Nft(w))?;
    let restore = nft::restore_script(table.as_deref());
    nft::check(&restore).map_err(|nft::Failed(w)| {
        Saved::Nft(format!(
            "nft -c rejects the script that would restore the running table: {w}"
        ))
    })?;
    for (name, text) in [
        (PREVIOUS_JSON, &json),
        (PREVIOUS_NFT, &restore),
        (APPLIED_NFT, &prepared.ruleset),
    ] {
        state.write(name, text.as_bytes()).map_err(Saved::Io)?;
    }
    Ok(())
}

/// `verify` of the live ruleset: findings about zonec's table (or no
/// verdict at all) roll back at once and give exit 1; findings about
/// other tables are printed as warnings (a rollback cannot change them).
fn check_live(
    state: &StateDir,
    prepared: &Prepared,
    args: &Args,
    apply: &Apply,
) -> Result<(), Exit> {
    let why = match prepared.verify_live(args) {
        Ok((own, foreign)) => {
            if !foreign.findings.is_empty() {
                eprintln!("warning: other tables on the router affect zonec's traffic:");
                eprint!(
                    "{}",
                    render::render(Format::Human, &foreign, "-", &prepared.hash)
                );
            }
            if own.findings.is_empty() {
                return Ok(());
            }
            eprint!(
                "{}",
                render::render(Format::Human, &own, "-", &prepared.hash)
            );
            format!(
                "verify found {} finding(s) in the loaded table",
                own.findings.len()
            )
        }
        Err(why) => {
            eprint!("{why}");
            "verify could not read the loaded ruleset".to_string()
        }
    };
    Err(roll_back_now(state, apply, &why))
}

/// Put the previous table back at once; exit 1 (2 if even that failed).
fn roll_back_now(state: &StateDir, apply: &Apply, why: &str) -> Exit {
    match settle::restore(state, apply, &format!("rolled back at once: {why}")) {
        Ok(()) => {
            eprintln!(
                "error: {}: the previous table is back",
                zonec_escape::terminal::escape(why)
            );
            Exit::Violation
        }
        Err(e) => fail(
            &format!("{why}, and putting the previous table back failed: {e}"),
            "the watchdog retries when the timeout passes; else run `zonec apply --rollback`",
        ),
    }
}

/// No `--check-cmd`: the operator confirms (or the watchdog rolls back).
fn await_confirmation(state: &StateDir, apply: &Apply) -> Exit {
    let outcome = format!("loaded; awaiting confirmation within {} s", apply.timeout);
    if let Err(e) = record::log(state, Action::Apply, apply, &outcome) {
        return state_error(state, &e);
    }
    status!(
        "ok: loaded policy {}; run `zonec apply --confirm` within {} s, or the previous table is put back",
        apply.policy,
        apply.timeout
    );
    Exit::Ok
}

/// Run the operator's check (without the lock, so the watchdog can act),
/// then verify again, and confirm only if both pass.
fn checked(state: &StateDir, prepared: &Prepared, args: &Args, apply: &Apply, cmd: &str) -> Exit {
    let _ = record::log(state, Action::Apply, apply, "loaded; running --check-cmd");
    state.unlock();
    let passed = Command::new("sh")
        .args(["-c", cmd])
        .stdin(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if let Err(e) = state.lock() {
        return state_error(state, &e);
    }
    match Apply::read(state, PENDING) {
        Ok(Some(p)) if p.id == apply.id => {}
        _ => {
            eprintln!("error: the confirmation timeout passed before --check-cmd finished: the previous table is back");
            return Exit::Violation;
        }
    }
    if !passed {
        return roll_back_now(state, apply, "--check-cmd failed");
    }
    if let Err(exit) = check_live(state, prepared, args, apply) {
        return exit;
    }
    match settle::keep(state, apply, "confirmed: --check-cmd and verify passed") {
        Ok(()) => {
            status!(
                "ok: loaded and confirmed policy {} (--check-cmd and verify passed)",
                apply.policy
            );
            Exit::Ok
        }
        Err(e) => state_error(state, &e),
    }
}

pub(super) fn state_error(state: &StateDir, e: &io::Error) -> Exit {
    fail(
        &format!("state directory `{}`: {e}", state.path().display()),
        "the state directory holds only what zonec apply writes; remove what else is there",
    )
}
