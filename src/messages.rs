//! What zonec says on standard error besides diagnostics, and how much, set
//! once by the global `-q/--quiet` and `-v/--verbose` flags (ripgrep's
//! `messages.rs` does the same with one atomic flag per kind of message).
//!
//! - [`status!`]: a line saying what a command did when it went well (`ok:
//!   ...`, `wrote ...`, `build`'s list of files, `formatted ...`). `-q`
//!   hides it.
//! - [`detail!`]: what `-v` adds: each stage of the pipeline with its counts
//!   and time, every file `build` wrote, every file `fmt` left unchanged.
//!
//! Neither flag touches diagnostics (errors and warnings), a line that says
//! why a command failed, what a command prints on standard output, or an
//! exit code: `-q` makes a successful run silent, never a failed one.

use std::sync::atomic::{AtomicU8, Ordering};

/// How much a run says on standard error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Diagnostics and failures only (`-q`).
    Quiet = 0,
    /// Also a status line when a command succeeds (the default).
    Normal = 1,
    /// Also the stages, their counts and times (`-v`).
    Verbose = 2,
}

static LEVEL: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

/// Set the verbosity of the whole run (once, from the command line).
pub fn set(v: Verbosity) {
    LEVEL.store(v as u8, Ordering::Relaxed);
}

/// True when the run says at least as much as `v`.
pub fn shows(v: Verbosity) -> bool {
    LEVEL.load(Ordering::Relaxed) >= v as u8
}

/// Print a status line on stderr unless `-q`; the text is the caller's,
/// already escaped for the terminal.
macro_rules! status {
    ($($arg:tt)*) => {
        if $crate::messages::shows($crate::messages::Verbosity::Normal) {
            eprintln!($($arg)*);
        }
    };
}

/// Print a line of detail on stderr with `-v`, prefixed `zonec: `.
macro_rules! detail {
    ($($arg:tt)*) => {
        if $crate::messages::shows($crate::messages::Verbosity::Verbose) {
            eprintln!("zonec: {}", format_args!($($arg)*));
        }
    };
}

pub(crate) use {detail, status};

/// A stage's time as `-v` prints it, in milliseconds.
pub fn millis(elapsed: std::time::Duration) -> String {
    format!("{:.2} ms", elapsed.as_secs_f64() * 1000.0)
}

/// A size in bytes as `-v` prints it: bytes below 10 KiB, else KiB or MiB.
pub fn size(bytes: usize) -> String {
    let b = bytes as f64;
    if bytes < 10 * 1024 {
        format!("{bytes} B")
    } else if bytes < 10 * 1024 * 1024 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    }
}
