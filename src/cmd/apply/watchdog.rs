//! The rollback that needs nobody: a process of zonec itself (`zonec apply
//! --watchdog ID`), started before the new table is loaded, in a session
//! of its own (`setsid`), with no terminal and standard streams on
//! `/dev/null`. Closing the terminal, dropping the SSH connection, or
//! SIGKILL of `apply` leaves it running. It polls the state directory: when
//! the apply it guards is confirmed or rolled back by someone else, it
//! exits; when the timeout passes first, it puts the previous table back.
//! `apply` loads nothing until the watchdog says it is armed (in its own
//! session already).

use super::record::{Apply, PENDING};
use super::settle;
use super::state::StateDir;
use crate::exit::Exit;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How often the watchdog looks at the state directory.
const POLL: Duration = Duration::from_millis(100);

/// How many failed restores the watchdog tries (one a second) before it
/// gives up; each is in the log.
const ATTEMPTS: u32 = 30;

/// What the watchdog prints once it is in its own session.
const ARMED: &str = "armed";

/// Start the watchdog of `apply` and wait until it is armed.
pub fn arm(state_dir: &Path, apply: &Apply) -> Result<(), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find zonec's binary: {e}"))?;
    let mut child = Command::new(exe)
        .arg("apply")
        .arg("--watchdog")
        .arg(&apply.id)
        .arg("--state-dir")
        .arg(state_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start it: {e}"))?;
    let mut line = String::new();
    if let Some(out) = child.stdout.take() {
        let _ = BufReader::new(out).take(64).read_line(&mut line);
    }
    if line.trim() == ARMED {
        Ok(())
    } else {
        let _ = child.kill();
        let _ = child.wait();
        Err("it did not report itself armed".into())
    }
}

/// The watchdog itself.
pub fn run(state_dir: &Path, id: &str) -> Exit {
    if rustix::process::setsid().is_err() {
        return Exit::Invalid;
    }
    let started = Instant::now();
    // Checked before saying armed; locked only for each look, as `apply`
    // holds the lock until it hears from the watchdog.
    let Ok(state) = StateDir::open_unlocked(state_dir) else {
        return Exit::Invalid;
    };
    {
        let mut out = std::io::stdout().lock();
        if writeln!(out, "{ARMED}").and_then(|()| out.flush()).is_err() {
            return Exit::Invalid;
        }
    }
    let mut failures = 0;
    loop {
        if state.lock().is_err() {
            return Exit::Invalid;
        }
        match Apply::read(&state, PENDING) {
            Ok(Some(apply)) if apply.id == id => {
                if started.elapsed() >= Duration::from_secs(apply.timeout) {
                    let why = format!(
                        "rolled back by the watchdog: not confirmed within {} s",
                        apply.timeout
                    );
                    match settle::restore(&state, &apply, &why) {
                        Ok(()) => return Exit::Ok,
                        Err(_) if failures + 1 >= ATTEMPTS => return Exit::Invalid,
                        Err(_) => failures += 1,
                    }
                }
            }
            // Confirmed, rolled back, or replaced: nothing left to guard.
            _ => return Exit::Ok,
        }
        state.unlock();
        std::thread::sleep(if failures > 0 {
            Duration::from_secs(1)
        } else {
            POLL
        });
    }
}
