//! `zonec apply` in a real kernel: each case runs the `zonec` binary in a
//! network namespace of its own (`ip netns exec`), with a state directory
//! of its own and a confirmation timeout of 2 s, and checks what the
//! namespace runs afterwards against what it ran before, compared as
//! `nft -j list ruleset` without handles.
//!
//! Policy A (`tests/fixtures/kernel/router.zones`, which names `self`) is
//! the table that runs before, beside a table of someone else's; policy B
//! (`dsl-examples/small-clinic.zones`) is the one being applied. Two faults
//! are injected by an `nft` wrapper first on `PATH` that passes everything
//! to the real `nft` except B's ruleset: `reject` makes `nft -c` refuse it,
//! `tamper` loads it and then inserts an `accept` at the head of zonec's
//! forward chain, a load that `verify` must find wrong.

use super::env;
use super::netns::{self, Lab};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The confirmation timeout of every case, in seconds.
const TIMEOUT: &str = "2";

/// How long a case waits for the watchdog (well past [`TIMEOUT`]).
const WAIT: Duration = Duration::from_secs(15);

/// Text only policy B's ruleset file holds (its policy name, in the
/// header, which the kernel does not keep).
const B_MARK: &str = "Maple Street";

/// Text only policy B's table holds once loaded (a counter of its zone).
const B_TABLE: &str = "counter drop_therapists";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn policy_a() -> PathBuf {
    root().join("tests/fixtures/kernel/router.zones")
}

fn policy_b() -> PathBuf {
    root().join("dsl-examples/small-clinic.zones")
}

/// A table zonec does not own, loaded before every case.
const FOREIGN: &str =
    "table ip keep {\n set s {\n  type ipv4_addr\n  elements = { 10.9.9.9 }\n }\n}\n";

type Case = fn(&Setup) -> Result<(), String>;

const CASES: &[(&str, Case)] = &[
    ("not confirmed: the previous ruleset is back", not_confirmed),
    ("confirmed: the new table stays", confirmed),
    ("SIGKILL after loading: the watchdog rolls back", killed),
    ("nft -c rejects: nothing changes", rejected),
    ("verify finds the load wrong: rolled back at once", tampered),
    (
        "first apply, not confirmed: no zonec table remains",
        first_apply,
    ),
    (
        "--rollback after confirm: the previous ruleset is back",
        rollback_on_demand,
    ),
    (
        "SSH_CLIENT in a zone that reaches self: loads",
        ssh_from_mgmt,
    ),
    ("--check-cmd passes: confirmed by itself", check_passes),
    ("--check-cmd fails: rolled back at once", check_fails),
];

pub fn main() -> i32 {
    if let Err(why) = env::check() {
        return env::skip(&why);
    }
    netns::remove_leftovers();
    let mut failed = 0;
    for (i, (name, case)) in CASES.iter().enumerate() {
        let started = Instant::now();
        let result = Setup::new(i).and_then(|setup| case(&setup));
        match result {
            Ok(()) => println!(
                "ok: apply: {name} ({:.1} s)",
                started.elapsed().as_secs_f64()
            ),
            Err(why) => {
                failed += 1;
                println!("FAILED: apply: {name}: {why}");
            }
        }
    }
    i32::from(failed > 0)
}

/// One case's namespace, state directory and `nft` wrapper.
struct Setup {
    ns: String,
    state: PathBuf,
    wrapper: PathBuf,
    _lab: Lab,
}

impl Setup {
    fn new(i: usize) -> Result<Setup, String> {
        let ns = format!("{}ap{i}", netns::prefix());
        let mut lab = Lab::new();
        lab.add(&ns)?;
        let scratch = std::env::temp_dir().join(format!("{ns}-files"));
        let _ = std::fs::remove_dir_all(&scratch);
        std::fs::create_dir_all(&scratch).map_err(|e| e.to_string())?;
        let wrapper = scratch.join("bin");
        std::fs::create_dir_all(&wrapper).map_err(|e| e.to_string())?;
        write_wrapper(&wrapper)?;
        let setup = Setup {
            ns,
            state: scratch.join("state"),
            wrapper,
            _lab: lab,
        };
        setup.nft_load(FOREIGN)?;
        Ok(setup)
    }

    /// `zonec ARGS` in the namespace, without the test's own `SSH_CLIENT`.
    fn zonec(&self, args: &[&str]) -> Command {
        let mut cmd = netns::exec(&self.ns, env!("CARGO_BIN_EXE_zonec"), &["-q"]);
        cmd.args(args)
            .arg("--state-dir")
            .arg(&self.state)
            .env_remove("SSH_CLIENT")
            .stdin(Stdio::null());
        cmd
    }

    fn apply(&self, policy: &Path, extra: &[&str]) -> Command {
        let mut cmd = self.zonec(&["apply"]);
        cmd.arg(policy)
            .args(["--confirm-timeout", TIMEOUT])
            .args(extra);
        cmd
    }

    /// Run to the end; an error unless it exits with `code`.
    fn expect(&self, mut cmd: Command, code: i32) -> Result<Output, String> {
        let out = cmd.output().map_err(|e| e.to_string())?;
        if out.status.code() == Some(code) {
            Ok(out)
        } else {
            Err(format!(
                "expected exit {code}, got {:?}: {}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// `apply` with the `nft` wrapper in `fault` mode first on `PATH`.
    fn faulty(&self, policy: &Path, fault: &str) -> Command {
        let path = std::env::var("PATH").unwrap_or_default();
        let mut cmd = self.apply(policy, &[]);
        cmd.env("PATH", format!("{}:{path}", self.wrapper.display()))
            .env("ZK_FAULT", fault);
        cmd
    }

    fn nft_load(&self, script: &str) -> Result<(), String> {
        let path = self.state.with_extension("load.nft");
        std::fs::write(&path, script).map_err(|e| e.to_string())?;
        netns::exec_run(&self.ns, "nft", &["-f", &path.to_string_lossy()]).map(|_| ())
    }

    /// The running ruleset without handles.
    fn ruleset(&self) -> Result<Value, String> {
        let text = netns::exec_run(&self.ns, "nft", &["-j", "list", "ruleset"])?;
        let mut json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        strip_handles(&mut json);
        Ok(json)
    }

    fn zonec_table(&self) -> Option<String> {
        netns::exec_run(&self.ns, "nft", &["list", "table", "inet", "zonec"]).ok()
    }

    /// Policy A applied and confirmed, beside the foreign table: the
    /// ruleset every case starts from (returned without handles).
    fn with_a(&self) -> Result<Value, String> {
        self.expect(self.apply(&policy_a(), &[]), 0)?;
        self.expect(self.zonec(&["apply", "--confirm"]), 0)?;
        self.ruleset()
    }

    /// Wait until no apply awaits confirmation (the watchdog acted).
    fn settled(&self) -> Result<(), String> {
        let start = Instant::now();
        while self.state.join("pending.json").exists() {
            if start.elapsed() > WAIT {
                return Err("the apply still awaits confirmation".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.state.join("apply.log")).unwrap_or_default()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        if let Some(dir) = self.state.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn strip_handles(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove("handle");
            map.values_mut().for_each(strip_handles);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_handles),
        _ => {}
    }
}

fn same(before: &Value, after: &Value, when: &str) -> Result<(), String> {
    if before == after {
        Ok(())
    } else {
        Err(format!(
            "{when}, the ruleset differs from before:\nbefore: {before}\nafter: {after}"
        ))
    }
}

fn holds(cond: bool, what: &str) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(what.to_string())
    }
}

fn not_confirmed(s: &Setup) -> Result<(), String> {
    let before = s.with_a()?;
    s.expect(s.apply(&policy_b(), &[]), 0)?;
    holds(
        s.zonec_table().is_some_and(|t| t.contains(B_TABLE)),
        "policy B is not loaded",
    )?;
    s.settled()?;
    same(&before, &s.ruleset()?, "after the timeout")?;
    holds(
        s.log().contains("rolled back by the watchdog"),
        "the log has no rollback",
    )
}

fn confirmed(s: &Setup) -> Result<(), String> {
    s.with_a()?;
    s.expect(s.apply(&policy_b(), &[]), 0)?;
    s.expect(s.zonec(&["apply", "--confirm"]), 0)?;
    std::thread::sleep(Duration::from_secs(3));
    holds(
        s.zonec_table().is_some_and(|t| t.contains(B_TABLE)),
        "policy B did not stay",
    )?;
    let log = s.log();
    holds(
        !log.contains("\"rollback\"") && log.matches("\"confirm\"").count() == 2,
        "the log does not show two confirms and no rollback",
    )
}

fn killed(s: &Setup) -> Result<(), String> {
    let before = s.with_a()?;
    // The check outlasts the timeout, so apply is still running when killed.
    let mut child: Child = s
        .apply(&policy_b(), &["--check-cmd", "sleep 4"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    while !s.zonec_table().is_some_and(|t| t.contains(B_TABLE)) {
        if start.elapsed() > WAIT {
            let _ = child.kill();
            return Err("policy B was never loaded".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // `ip netns exec` execs zonec, so the child is apply itself.
    child.kill().map_err(|e| e.to_string())?;
    let _ = child.wait();
    s.settled()?;
    same(
        &before,
        &s.ruleset()?,
        "after SIGKILL of apply and the timeout",
    )?;
    holds(
        s.log().contains("rolled back by the watchdog"),
        "the log has no watchdog rollback",
    )
}

fn rejected(s: &Setup) -> Result<(), String> {
    let before = s.with_a()?;
    let out = s.expect(s.faulty(&policy_b(), "reject"), 2)?;
    let said = String::from_utf8_lossy(&out.stderr);
    holds(
        said.contains("nft -c rejects"),
        &format!("wrong message: {said}"),
    )?;
    same(&before, &s.ruleset()?, "after nft -c refused")
}

fn tampered(s: &Setup) -> Result<(), String> {
    let before = s.with_a()?;
    let out = s.expect(s.faulty(&policy_b(), "tamper"), 1)?;
    let said = String::from_utf8_lossy(&out.stderr);
    holds(
        said.contains("reachable") && said.contains("the previous table is back"),
        &format!("wrong message: {said}"),
    )?;
    same(&before, &s.ruleset()?, "right after apply returned")?;
    holds(
        s.log().contains("rolled back at once"),
        "the log has no rollback",
    )
}

fn first_apply(s: &Setup) -> Result<(), String> {
    let before = s.ruleset()?;
    s.expect(s.apply(&policy_b(), &[]), 0)?;
    s.settled()?;
    holds(s.zonec_table().is_none(), "a zonec table remains")?;
    same(&before, &s.ruleset()?, "after the timeout")
}

fn rollback_on_demand(s: &Setup) -> Result<(), String> {
    let before = s.with_a()?;
    s.expect(s.apply(&policy_b(), &[]), 0)?;
    s.expect(s.zonec(&["apply", "--confirm"]), 0)?;
    s.expect(s.zonec(&["apply", "--rollback"]), 0)?;
    same(&before, &s.ruleset()?, "after --rollback")?;
    // Nothing is left to roll back to.
    s.expect(s.zonec(&["apply", "--rollback"]), 2).map(|_| ())
}

fn ssh_from_mgmt(s: &Setup) -> Result<(), String> {
    let mut cmd = s.apply(&policy_a(), &[]);
    cmd.env("SSH_CLIENT", "10.70.0.5 51000 22");
    s.expect(cmd, 0)?;
    s.expect(s.zonec(&["apply", "--confirm"]), 0)?;
    holds(s.zonec_table().is_some(), "policy A is not loaded")
}

fn check_passes(s: &Setup) -> Result<(), String> {
    s.with_a()?;
    s.expect(s.apply(&policy_b(), &["--check-cmd", "true"]), 0)?;
    holds(
        !s.state.join("pending.json").exists(),
        "the apply still awaits confirmation",
    )?;
    std::thread::sleep(Duration::from_secs(3));
    holds(
        s.zonec_table().is_some_and(|t| t.contains(B_TABLE)),
        "policy B did not stay",
    )
}

fn check_fails(s: &Setup) -> Result<(), String> {
    let before = s.with_a()?;
    s.expect(s.apply(&policy_b(), &["--check-cmd", "exit 3"]), 1)?;
    same(&before, &s.ruleset()?, "right after apply returned")
}

/// The fault-injecting `nft` (see the module doc).
fn write_wrapper(dir: &Path) -> Result<(), String> {
    let real = netns::run("sh", &["-c", "command -v nft"])?;
    let script = format!(
        r#"#!/bin/sh
real={real}
if [ "$1" = -c ] || [ "$1" = -f ]; then
  input=$(cat)
  case "$input" in
    *"{B_MARK}"*)
      if [ "$ZK_FAULT" = reject ] && [ "$1" = -c ]; then
        echo "Error: refused by the test's nft wrapper" >&2
        exit 1
      fi
      if [ "$ZK_FAULT" = tamper ] && [ "$1" = -f ]; then
        printf '%s\n' "$input" | "$real" "$@" || exit 1
        exec "$real" insert rule inet zonec forward accept
      fi;;
  esac
  printf '%s\n' "$input" | "$real" "$@"
  exit $?
fi
exec "$real" "$@"
"#,
        real = real.trim()
    );
    let path = dir.join("nft");
    std::fs::write(&path, script).map_err(|e| e.to_string())?;
    let perms = std::os::unix::fs::PermissionsExt::from_mode(0o755);
    std::fs::set_permissions(&path, perms).map_err(|e| e.to_string())
}
