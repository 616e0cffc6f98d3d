//! Sending real packets: listeners in every host, then every probe of the
//! matrix at once (TCP and UDP from one prober process per source host,
//! ICMP echo with `ping`), so a policy takes seconds, not minutes.

use super::netns::{self, Lab};
use super::plan::{Cell, Plan, Rep};
use super::topology::Topology;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{ChildStdin, ChildStdout, Stdio};
use zonec_model::ZoneId;

/// Most `ping` processes running at once.
const PING_BATCH: usize = 256;

/// Most probe threads of all prober processes together, shared out among
/// the source hosts: well under the 32,768 threads `kernel.pid_max`
/// allows by default.
const PROBE_THREADS: usize = 12_288;

fn exe() -> Result<String, String> {
    std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .map_err(|e| e.to_string())
}

fn join(ports: &[u16]) -> String {
    ports
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// A running listener in one host.
pub struct Server {
    zone: ZoneId,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

/// Start a listener on every representative port in every host; returns
/// once all of them are listening.
pub fn start_servers(lab: &mut Lab, topo: &Topology, plan: &Plan) -> Result<Vec<Server>, String> {
    let (exe, tcp, udp) = (exe()?, join(&plan.tcp_ports()), join(&plan.udp_ports()));
    let mut servers = Vec::new();
    for host in &topo.hosts {
        let mut child = netns::exec(&host.ns, &exe, &["--probe", "serve", &tcp, &udp])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("start listener: {e}"))?;
        let (stdin, stdout) = (child.stdin.take(), child.stdout.take());
        lab.adopt(child);
        let stdout = stdout.ok_or("listener has no stdout")?;
        servers.push(Server {
            zone: host.plan.zone,
            stdin,
            stdout: BufReader::new(stdout),
        });
    }
    for s in &mut servers {
        let mut line = String::new();
        s.stdout.read_line(&mut line).map_err(|e| e.to_string())?;
        if line.trim() != "ready" {
            return Err(format!(
                "listener in zone {} did not start: `{}`",
                s.zone.0,
                line.trim()
            ));
        }
    }
    Ok(servers)
}

/// Stop the listeners; what each one logged (`udp PORT SOURCE PAYLOAD`).
pub fn stop_servers(servers: Vec<Server>) -> BTreeMap<ZoneId, Vec<String>> {
    let mut logs = BTreeMap::new();
    for mut s in servers {
        drop(s.stdin.take());
        let lines: Vec<String> = (&mut s.stdout).lines().map_while(Result::ok).collect();
        logs.insert(s.zone, lines);
    }
    logs
}

/// One probe to send: from which host, to where, and (for forged probes)
/// from which source address.
pub struct Send {
    pub from: ZoneId,
    pub line: String,
}

/// Run every cell's probe; the observed reachability of each.
pub fn probe(
    topo: &Topology,
    plan: &Plan,
    cells: &[Cell],
    timeout_ms: u64,
) -> Result<BTreeMap<Cell, bool>, String> {
    let mut sends = Vec::new();
    let mut pings = Vec::new();
    for (id, &(from, to, v6, rep)) in cells.iter().enumerate() {
        let dst = plan
            .host(to)
            .and_then(|h| h.addr(v6))
            .ok_or("destination without address")?;
        match rep {
            Rep::Tcp(p) => sends.push(Send {
                from,
                line: format!("{id} tcp {dst} {p}"),
            }),
            Rep::Udp(p) => sends.push(Send {
                from,
                line: format!("{id} udp {dst} {p}"),
            }),
            Rep::Echo4 | Rep::Echo6 => pings.push((id, from, dst, v6)),
        }
    }
    let mut ok = send_all(topo, &sends, timeout_ms)?;
    ok.extend(ping_all(topo, &pings, timeout_ms)?);
    Ok(cells
        .iter()
        .enumerate()
        .map(|(id, c)| (*c, ok.get(&id).copied().unwrap_or(false)))
        .collect())
}

/// Run the TCP/UDP probes, one prober process per source host, all at
/// once, each with its share of [`PROBE_THREADS`] threads.
pub fn send_all(
    topo: &Topology,
    sends: &[Send],
    timeout_ms: u64,
) -> Result<BTreeMap<usize, bool>, String> {
    let exe = exe()?;
    let mut by_host: BTreeMap<ZoneId, Vec<&str>> = BTreeMap::new();
    for s in sends {
        by_host.entry(s.from).or_default().push(&s.line);
    }
    let workers = (PROBE_THREADS / by_host.len().max(1)).max(16).to_string();
    let mut children = Vec::new();
    for (zone, lines) in by_host {
        let host = topo.host(zone).ok_or("source without host")?;
        let mut child = netns::exec(
            &host.ns,
            &exe,
            &["--probe", "send", &timeout_ms.to_string(), &workers],
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("start prober: {e}"))?;
        if let Some(mut stdin) = child.stdin.take() {
            let text = lines.join("\n") + "\n";
            stdin
                .write_all(text.as_bytes())
                .map_err(|e| e.to_string())?;
        }
        children.push(child);
    }
    let mut ok = BTreeMap::new();
    for child in children {
        let out = child.wait_with_output().map_err(|e| e.to_string())?;
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let mut f = line.split_whitespace();
            if let (Some(id), Some(verdict)) = (f.next().and_then(|i| i.parse().ok()), f.next()) {
                ok.insert(id, verdict == "ok");
            }
        }
    }
    Ok(ok)
}

fn ping_all(
    topo: &Topology,
    pings: &[(usize, ZoneId, std::net::IpAddr, bool)],
    timeout_ms: u64,
) -> Result<BTreeMap<usize, bool>, String> {
    let wait = format!("{:.3}", timeout_ms as f64 / 1000.0);
    let mut ok = BTreeMap::new();
    for batch in pings.chunks(PING_BATCH) {
        let mut children = Vec::new();
        for &(id, from, dst, v6) in batch {
            let host = topo.host(from).ok_or("source without host")?;
            let family = if v6 { "-6" } else { "-4" };
            let child = netns::exec(
                &host.ns,
                "ping",
                &[family, "-n", "-q", "-c1", "-W", &wait, &dst.to_string()],
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("ping: {e}"))?;
            children.push((id, child));
        }
        for (id, mut child) in children {
            let status = child.wait().map_err(|e| e.to_string())?;
            ok.insert(id, status.success());
        }
    }
    Ok(ok)
}
