//! What `zonec apply` keeps in its state directory, by name, and the log.
//!
//! - `previous.nft`: the nft script that puts back the `table inet zonec`
//!   that ran before the last apply (or removes the table, if there was
//!   none), one transaction; `--rollback` and the watchdog load it.
//! - `previous.json`: the whole ruleset before the last apply (`nft -j list
//!   ruleset`), for the record.
//! - `applied.nft`: the ruleset the last apply loaded.
//! - `pending.json`: the apply that awaits confirmation, while it does.
//! - `confirmed.json`: the last apply that was confirmed.
//! - `apply.log`: one JSON object a line for every apply, confirm and
//!   rollback, with the policy hash and the outcome (JSON so that no text,
//!   an nft error included, can forge a line).

use super::state::StateDir;
use serde::{Deserialize, Serialize};
use std::io;
use std::time::{SystemTime, UNIX_EPOCH};
use zonec_base::Date;

pub const PREVIOUS_NFT: &str = "previous.nft";
pub const PREVIOUS_JSON: &str = "previous.json";
pub const APPLIED_NFT: &str = "applied.nft";
pub const PENDING: &str = "pending.json";
pub const CONFIRMED: &str = "confirmed.json";
pub const LOG: &str = "apply.log";

/// One apply: which, of what policy, and until when it may go unconfirmed.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct Apply {
    /// 32 random hex digits, the apply's name in the log.
    pub id: String,
    /// The policy's SHA-256.
    pub policy: String,
    /// When it was started (UTC).
    pub started: String,
    /// The confirmation timeout, in seconds.
    pub timeout: u64,
}

impl Apply {
    pub fn new(policy: &str, timeout: u64) -> io::Result<Apply> {
        Ok(Apply {
            id: crate::atomic::random_hex()?,
            policy: policy.to_string(),
            started: now(),
            timeout,
        })
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Read a record back; a file that is not one is an error.
    pub fn read(state: &StateDir, name: &str) -> io::Result<Option<Apply>> {
        match state.read(name)? {
            None => Ok(None),
            Some(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                io::Error::other(format!("`{name}` in the state directory is damaged: {e}"))
            }),
        }
    }
}

/// What happened, for the log.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Apply,
    Confirm,
    Rollback,
}

#[derive(Serialize)]
struct Line<'a> {
    time: String,
    action: Action,
    id: &'a str,
    policy: &'a str,
    outcome: &'a str,
}

/// Append one event to the log.
pub fn log(state: &StateDir, action: Action, apply: &Apply, outcome: &str) -> io::Result<()> {
    let line = Line {
        time: now(),
        action,
        id: &apply.id,
        policy: &apply.policy,
        outcome,
    };
    let text = serde_json::to_string(&line).map_err(io::Error::other)?;
    state.append(LOG, &text)
}

/// The current time, UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    timestamp(secs)
}

fn timestamp(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rest = secs % 86_400;
    let date = Date::from_days_since_epoch(days);
    format!(
        "{date}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_iso() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_796_463_599), "2026-12-05T09:39:59Z");
    }

    #[test]
    fn ids_are_32_hex_digits_and_differ() {
        let a = Apply::new("h", 1).unwrap();
        let b = Apply::new("h", 1).unwrap();
        assert_eq!(a.id.len(), 32);
        assert_ne!(a.id, b.id);
    }
}
