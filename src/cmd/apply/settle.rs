//! How an apply ends: kept (`--confirm`, or `--check-cmd` and verify
//! passed) or rolled back (the watchdog's timeout, a finding, or
//! `--rollback` on demand). Each is one step under the state directory's
//! lock, logged with the apply's policy hash and the outcome.

use super::record::{self, Action, Apply, CONFIRMED, PENDING, PREVIOUS_NFT};
use super::state::StateDir;
use super::{fail, load::state_error, nft};
use crate::exit::Exit;
use crate::messages::status;
use std::io;
use std::path::Path;

/// Open and lock the state directory, or say why not (exit 2).
pub fn open(dir: &Path) -> Result<StateDir, Exit> {
    StateDir::open(dir).map_err(|r| fail(&r.what, r.help))
}

/// `zonec apply --confirm`: keep the table of the apply that awaits it.
pub fn confirm(dir: &Path) -> Exit {
    let state = match open(dir) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    match Apply::read(&state, PENDING) {
        Ok(Some(apply)) => match keep(&state, &apply, "confirmed by `zonec apply --confirm`") {
            Ok(()) => {
                status!(
                    "ok: confirmed apply {} of policy {}",
                    apply.id,
                    apply.policy
                );
                Exit::Ok
            }
            Err(e) => state_error(&state, &e),
        },
        Ok(None) => fail(
            "no apply awaits confirmation",
            "it was confirmed already, or rolled back (see apply.log in the state directory)",
        ),
        Err(e) => state_error(&state, &e),
    }
}

/// `zonec apply --rollback`: put back the table that ran before the last
/// apply, confirmed or not.
pub fn rollback(dir: &Path) -> Exit {
    let state = match open(dir) {
        Ok(s) => s,
        Err(exit) => return exit,
    };
    let last = match Apply::read(&state, PENDING) {
        Ok(None) => Apply::read(&state, CONFIRMED),
        other => other,
    };
    let saved = state.read(PREVIOUS_NFT).map(|s| s.is_some());
    let apply = match (last, saved) {
        (Ok(Some(apply)), Ok(true)) => apply,
        (Err(e), _) | (_, Err(e)) => return state_error(&state, &e),
        _ => {
            return fail(
                "there is no saved state to roll back to",
                "no apply ran with this state directory, or its state was put back already (see apply.log)",
            )
        }
    };
    match restore(&state, &apply, "rolled back by `zonec apply --rollback`") {
        Ok(()) => {
            let _ = state.remove(CONFIRMED);
            status!(
                "ok: rolled back apply {} of policy {}: the previous table is back",
                apply.id,
                apply.policy
            );
            Exit::Ok
        }
        Err(e) => fail(
            &format!("the rollback failed: {e}"),
            "the saved script is `previous.nft` in the state directory; check it with `nft -c -f`",
        ),
    }
}

/// Keep `apply`'s table: it becomes the confirmed one. The pending state
/// goes last, so whoever sees it gone finds the outcome in the log.
pub fn keep(state: &StateDir, apply: &Apply, outcome: &str) -> io::Result<()> {
    state.write(CONFIRMED, apply.to_json().as_bytes())?;
    record::log(state, Action::Confirm, apply, outcome)?;
    state.remove(PENDING)
}

/// Load the saved script (one transaction) and forget it and `apply`'s
/// pending state; a failure is logged and leaves both in place.
pub fn restore(state: &StateDir, apply: &Apply, outcome: &str) -> Result<(), String> {
    let script = match state.read(PREVIOUS_NFT) {
        Ok(Some(s)) => s,
        Ok(None) => return Err("the saved state `previous.nft` is missing".into()),
        Err(e) => return Err(e.to_string()),
    };
    if let Err(nft::Failed(why)) = nft::load(&script) {
        let _ = record::log(
            state,
            Action::Rollback,
            apply,
            &format!("rollback failed: {why}"),
        );
        return Err(why);
    }
    // Logged first: whoever sees the pending state gone finds the outcome.
    let logged = record::log(state, Action::Rollback, apply, outcome);
    let forgotten = state
        .remove(PREVIOUS_NFT)
        .and_then(|()| state.remove(PENDING));
    logged.and(forgotten).map_err(|e| e.to_string())
}
