//! Connections a new policy forbids, in a real kernel: the flush script
//! (`nftables/flush-revoked.sh`) run in the router namespace.
//!
//! Under the policy before, staff and vendor may both reach the servers'
//! SSH port; each opens a long-lived TCP connection there, in IPv4 and
//! IPv6 (staff and vendor are one zone class before). The policy after
//! revokes vendor. The test shows the problem first (after loading the new
//! ruleset, the vendor's established connections still carry data), that
//! the new script refuses to run while the old ruleset is loaded, and then
//! that after the script the vendor's conntrack entries are gone and its
//! connections carry no more data, while staff's entries stay and its
//! connections still carry data.

use super::netns::{self, Lab, Prober};
use super::plan::Plan;
use super::run::{self, compile_text, ruleset, Compiled};
use super::topology::{self, Topology};
use std::io::{BufRead, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use zonec_model::ZoneId;
use zonec_targets::nftables::{self, flush};
use zonec_targets::Options;

const ZONES: &str = "
zone staff   { net 10.80.0.0/24, fd00:80::/64 }
zone vendor  { net 10.81.0.0/24, fd00:81::/64 }
zone servers { net 10.82.0.0/24, fd00:82::/64 }
";

const BEFORE: &str = "policy \"kernel flush: before\"\nallow {staff, vendor} -> servers : tcp/22\n";
const AFTER: &str = "policy \"kernel flush: after\"\nallow staff -> servers : tcp/22\n";

/// How long one message may take to come back.
const TIMEOUT_MS: &str = "2000";

pub fn main() -> i32 {
    if super::env::check().is_ok() && netns::run("conntrack", &["--version"]).is_err() {
        return super::env::skip("conntrack not found");
    }
    let name = PathBuf::from("flush-revoked");
    run::run_all("kernel_nftables flush", &[name], flush_revoked)
}

/// One end of a long-lived connection: its prober's stdin and stdout.
struct Held {
    what: String,
    from: IpAddr,
    prober: Prober,
}

impl Held {
    /// Send one message; whether it came back.
    fn carries(&mut self) -> Result<bool, String> {
        writeln!(self.prober.stdin, "ping").map_err(|e| e.to_string())?;
        let mut line = String::new();
        let read = self.prober.stdout.read_line(&mut line);
        read.map_err(|e| e.to_string())?;
        Ok(line.trim() == "ok")
    }
}

fn flush_revoked(_: &Path, tag: &str) -> Result<String, String> {
    let before = compile_text("before.zones", format!("{BEFORE}{ZONES}"))?;
    let after = compile_text("after.zones", format!("{AFTER}{ZONES}"))?;
    let script = flush_script(&after)?;
    let plan = Plan::new(&after.model, &after.effective, &after.table);
    let mut lab = Lab::new();
    let topo = topology::build(&mut lab, &format!("fl{tag}"), &plan, |z| {
        format!("zz{}", z.0)
    })?;
    topology::load(&topo.router, &ruleset(&before, None)?, "flush-before")?;
    let servers = host_addr(&after, &plan, "servers")?;
    // Its stdin open keeps the server running.
    let _server = start(
        &mut lab,
        &topo,
        &after,
        "servers",
        &["--probe", "echo", "22"],
        "ready",
    )?;
    let mut held = Vec::new();
    for zone in ["staff", "vendor"] {
        for v6 in [false, true] {
            held.push(hold(
                &mut lab,
                &topo,
                &after,
                &plan,
                zone,
                servers[usize::from(v6)],
            )?);
        }
    }
    let mut failures = Vec::new();
    let mut expect = |ok: bool, what: String| {
        if !ok {
            failures.push(what);
        }
    };
    for h in &mut held {
        expect(
            h.carries()?,
            format!("{} carries no data under the old policy", h.what),
        );
    }
    let refused = run_script(&topo.router, &script)?;
    expect(
        refused.0 == 3,
        format!("script ran against the old ruleset: {refused:?}"),
    );
    topology::load(&topo.router, &ruleset(&after, None)?, "flush-after")?;
    for h in &mut held {
        // The problem the script solves: loading does not cut them.
        expect(h.carries()?, format!("{} closed by the load alone", h.what));
    }
    let flushed = run_script(&topo.router, &script)?;
    expect(flushed.0 == 0, format!("script failed: {flushed:?}"));
    let table = netns::exec_run(&topo.router, "conntrack", &["-L", "-o", "extended"])?;
    for h in &mut held {
        let revoked = h.what.starts_with("vendor");
        let listed = table.contains(&format!("src={} ", h.from));
        expect(
            listed != revoked,
            format!("{}: conntrack entry listed: {listed}\n{table}", h.what),
        );
        expect(
            h.carries()? != revoked,
            format!("{}: carries data: {}", h.what, !revoked),
        );
    }
    lab.teardown();
    if failures.is_empty() {
        Ok(format!(
            "vendor cut, staff kept; {}",
            flushed.1.trim().replace('\n', "; ")
        ))
    } else {
        Err(failures.join("\n"))
    }
}

/// The flush script of `c`, as `build` writes it.
fn flush_script(c: &Compiled) -> Result<String, String> {
    let out = nftables::emit(&c.input(), &Options::default());
    if out.has_errors() {
        return Err("emit failed".into());
    }
    out.artifacts
        .into_iter()
        .find(|a| a.path == flush::PATH)
        .map(|a| a.contents)
        .ok_or_else(|| "no flush script".into())
}

/// Run the script in the router namespace (as `bash -c`, so no file is
/// written); its exit code and standard output.
fn run_script(router: &str, script: &str) -> Result<(i32, String), String> {
    let out = netns::exec(router, "bash", &["-c", script, "flush-revoked.sh"])
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("run flush script: {e}"))?;
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    Ok((out.status.code().unwrap_or(-1), text))
}

fn zone(c: &Compiled, name: &str) -> Result<ZoneId, String> {
    c.model
        .zone_by_name(name)
        .ok_or_else(|| format!("no zone `{name}`"))
}

/// The IPv4 and IPv6 address of `name`'s host.
fn host_addr(c: &Compiled, plan: &Plan, name: &str) -> Result<[IpAddr; 2], String> {
    let host = plan.host(zone(c, name)?).ok_or("zone without host")?;
    Ok([
        host.addr(false).ok_or("no IPv4 host address")?,
        host.addr(true).ok_or("no IPv6 host address")?,
    ])
}

/// Start the prober with `args` in `name`'s host, first saying `first`.
fn start(
    lab: &mut Lab,
    topo: &Topology,
    c: &Compiled,
    name: &str,
    args: &[&str],
    first: &str,
) -> Result<Prober, String> {
    let host = topo.host(zone(c, name)?).ok_or("zone without host")?;
    netns::prober(lab, &host.ns, args, first)
}

/// A connection from `name`'s host to the servers' SSH port at `to`.
fn hold(
    lab: &mut Lab,
    topo: &Topology,
    c: &Compiled,
    plan: &Plan,
    name: &str,
    to: IpAddr,
) -> Result<Held, String> {
    let to_text = to.to_string();
    let args = ["--probe", "hold", &to_text, "22", TIMEOUT_MS];
    let prober = start(lab, topo, c, name, &args, "connected")?;
    let from = host_addr(c, plan, name)?[usize::from(to.is_ipv6())];
    Ok(Held {
        what: format!("{name} -> servers {to}"),
        from,
        prober,
    })
}
