//! One measured run of a zonec binary as a child process: its wall time,
//! its CPU time (user + system: steadier than wall time on a busy machine)
//! and its peak resident memory (`ru_maxrss` from `wait4`, which also
//! counts any children it waited for), under an address-space and a CPU
//! limit so that a workload that explodes ends as "over limit" instead of
//! taking the machine down. `std` can neither set a child's limits nor
//! return its resource usage, hence `libc`.

use std::fs::File;
use std::io;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Limits applied to every child.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// `RLIMIT_AS`, in bytes.
    pub memory: u64,
    /// `RLIMIT_CPU`, in seconds (user + system).
    pub cpu: u64,
}

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ended {
    /// Exited with this code.
    Exit(i32),
    /// Ran out of address space (an allocation failed).
    OverMemory,
    /// Used its CPU seconds.
    OverCpu,
    /// Killed by another signal.
    Signal(i32),
}

/// One run's figures.
#[derive(Clone, Debug)]
pub struct Run {
    pub wall: Duration,
    /// User + system CPU time.
    pub cpu: Duration,
    /// Peak resident set size in bytes.
    pub max_rss: u64,
    pub ended: Ended,
}

/// Runs `program args`, stdout discarded and stderr written to `stderr`
/// (read back to tell an allocation failure from other aborts).
pub fn run(program: &Path, args: &[&str], stderr: &Path, limits: Limits) -> io::Result<Run> {
    let err = File::create(stderr)?;
    let mut command = Command::new(program);
    command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err);
    // SAFETY: the closure runs in the forked child before exec and only
    // calls `setrlimit`, which is async-signal-safe, on stack values.
    unsafe {
        command.pre_exec(move || apply(limits));
    }
    let start = Instant::now();
    let child = command.spawn()?;
    let (status, usage) = wait4(child.id())?;
    let wall = start.elapsed();
    let text = std::fs::read_to_string(stderr).unwrap_or_default();
    Ok(Run {
        wall,
        cpu: time(usage.ru_utime) + time(usage.ru_stime),
        // Linux reports ru_maxrss in KiB.
        max_rss: u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024,
        ended: ended(status, &text),
    })
}

fn time(t: libc::timeval) -> Duration {
    let secs = u64::try_from(t.tv_sec).unwrap_or(0);
    let micros = u32::try_from(t.tv_usec).unwrap_or(0);
    Duration::new(secs, micros.saturating_mul(1000))
}

fn apply(limits: Limits) -> io::Result<()> {
    let set = |resource, soft: u64, hard: u64| {
        let limit = libc::rlimit {
            rlim_cur: soft,
            rlim_max: hard,
        };
        // SAFETY: `limit` is a valid rlimit for the duration of the call.
        if unsafe { libc::setrlimit(resource, &limit) } == 0 {
            Ok(())
        } else {
            Err(io::Error::last_os_error())
        }
    };
    set(libc::RLIMIT_AS, limits.memory, limits.memory)?;
    // SIGXCPU at the soft limit, SIGKILL a few seconds later.
    set(libc::RLIMIT_CPU, limits.cpu, limits.cpu + 5)
}

/// Waits for the child `pid` and returns its status and resource usage.
fn wait4(pid: u32) -> io::Result<(ExitStatus, libc::rusage)> {
    let pid = libc::pid_t::try_from(pid).map_err(io::Error::other)?;
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain data; all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: both pointers are to live, writable locals.
        let got = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if got == pid {
            return Ok((ExitStatus::from_raw(status), usage));
        }
        let error = io::Error::last_os_error();
        if error.kind() != io::ErrorKind::Interrupted {
            return Err(error);
        }
    }
}

fn ended(status: ExitStatus, stderr: &str) -> Ended {
    let out_of_memory = stderr.contains("memory allocation of")
        || stderr.contains("out of memory")
        || stderr.contains("Cannot allocate memory");
    match (status.code(), status.signal()) {
        (_, Some(libc::SIGXCPU | libc::SIGKILL)) if !out_of_memory => Ended::OverCpu,
        (_, Some(_)) if out_of_memory => Ended::OverMemory,
        (_, Some(signal)) => Ended::Signal(signal),
        (Some(_), None) if out_of_memory => Ended::OverMemory,
        (Some(code), None) => Ended::Exit(code),
        (None, None) => Ended::Signal(0),
    }
}

/// Total size in bytes of the files under `dir` (an explicit stack, no
/// recursion; links are not followed).
pub fn tree_size(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            let entries = std::fs::read_dir(&path).into_iter().flatten().flatten();
            stack.extend(entries.map(|e| e.path()));
        } else {
            total += meta.len();
        }
    }
    total
}
