//! Network namespaces the test creates, and the guard that deletes them.
//!
//! Every name starts with `zk-<pid>-`, so a run only ever deletes its own
//! namespaces (by exact name, in `Drop`, even when a check fails) and, at
//! start, the leftovers of runs whose process no longer exists.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// This run's namespace prefix.
pub fn prefix() -> String {
    format!("zk-{}-", std::process::id())
}

/// Run a command; its stdout, or an error with its stderr.
pub fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(format!(
            "`{program} {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

pub fn ip(args: &[&str]) -> Result<String, String> {
    run("ip", args)
}

/// Delete namespaces left by earlier runs of this test whose process is gone.
pub fn remove_leftovers() {
    let Ok(list) = ip(&["netns", "list"]) else {
        return;
    };
    for name in list.lines().filter_map(|l| l.split_whitespace().next()) {
        let Some(rest) = name.strip_prefix("zk-") else {
            continue;
        };
        let Some(pid) = rest.split('-').next() else {
            continue;
        };
        let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
        if pid.chars().all(|c| c.is_ascii_digit()) && !alive {
            let _ = ip(&["netns", "del", name]);
        }
    }
}

/// The namespaces (and child processes) of one run; dropping it kills the
/// children it started and deletes the namespaces, by exact name.
#[derive(Default)]
pub struct Lab {
    namespaces: Vec<String>,
    children: Vec<Child>,
}

impl Lab {
    pub fn new() -> Lab {
        Lab::default()
    }

    /// Create namespace `name` (which must start with [`prefix`]).
    pub fn add(&mut self, name: &str) -> Result<(), String> {
        if !name.starts_with(&prefix()) {
            return Err(format!("namespace `{name}` lacks this run's prefix"));
        }
        ip(&["netns", "add", name])?;
        self.namespaces.push(name.to_string());
        Ok(())
    }

    /// Keep a child process so it is killed (by pid) if still running at drop.
    pub fn adopt(&mut self, child: Child) {
        self.children.push(child);
    }

    /// Delete every namespace now (also done on drop).
    pub fn teardown(&mut self) {
        for child in &mut self.children {
            if let Ok(None) = child.try_wait() {
                let _ = child.kill();
            }
            let _ = child.wait();
        }
        self.children.clear();
        for name in self.namespaces.drain(..).rev() {
            let _ = ip(&["netns", "del", &name]);
        }
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.teardown();
    }
}

/// `ip netns exec NS program args...` as a command to spawn.
pub fn exec(ns: &str, program: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new("ip");
    cmd.args(["netns", "exec", ns, program]).args(args);
    cmd
}

/// Run `program args...` inside `ns` and wait for it.
pub fn exec_run(ns: &str, program: &str, args: &[&str]) -> Result<String, String> {
    let mut all = vec!["netns", "exec", ns, program];
    all.extend_from_slice(args);
    ip(&all)
}

/// A prober (this test binary, `--probe ...`) running in a namespace, with
/// its standard input and output; the lab kills it at teardown.
pub struct Prober {
    pub stdin: ChildStdin,
    pub stdout: BufReader<ChildStdout>,
}

/// Start the prober with `args` in `ns`; wait for its first line, which
/// must be `first`.
pub fn prober(lab: &mut Lab, ns: &str, args: &[&str], first: &str) -> Result<Prober, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut child = exec(ns, &exe.to_string_lossy(), args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("start prober {args:?} in {ns}: {e}"))?;
    let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
    lab.adopt(child);
    let mut stdout = BufReader::new(stdout.ok_or("prober has no stdout")?);
    let mut line = String::new();
    stdout.read_line(&mut line).map_err(|e| e.to_string())?;
    if line.trim() != first {
        return Err(format!("prober {args:?} in {ns} said `{}`", line.trim()));
    }
    let stdin = stdin.ok_or("prober has no stdin")?;
    Ok(Prober { stdin, stdout })
}
