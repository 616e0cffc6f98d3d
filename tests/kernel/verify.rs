//! `zonec verify` against a live kernel. For every example: build, load the
//! ruleset into a router namespace, `nft -j list ruleset`, and `zonec
//! verify` must pass. Then out-of-band `nft` changes (drift: 14 per
//! example) must each be reported with the right class and the rules
//! responsible, and the witness packet of the finding, sent for real from
//! a host namespace holding the witness source address to one holding the
//! witness destination (or to or from the router, on `input` and
//! `output`), must cross the router with the change and not as built
//! (`extra`, `forbidden-reachable`), or the other way round (`missing`).
//! Cosmetic changes (counters reset, the same file reloaded, elements
//! deleted and re-added without their comments, a count-only rule, a
//! foreign table without base chains) must give no finding.

use super::env;
use super::netns::{self, exec_run, Lab};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One out-of-band change: `nft` commands (one `nft -f` script), and the
/// class of finding it must give (`None`: cosmetic, no finding).
struct Change {
    what: String,
    script: String,
    class: Option<&'static [&'static str]>,
}

const EXTRA: &[&str] = &["extra", "forbidden-reachable"];
const MISSING: &[&str] = &["missing"];
const MAY_BLOCK: &[&str] = &["may-block"];
const REWRITES: &[&str] = &["rewrites-addresses"];

pub fn main() -> i32 {
    if let Err(why) = env::check() {
        return env::skip(&why);
    }
    let mut failures = Vec::new();
    let (mut changes, mut cosmetic) = (0, 0);
    for policy in examples() {
        match example(&policy) {
            Ok((c, k)) => {
                changes += c;
                cosmetic += k;
            }
            Err(e) => failures.push(format!("{}: {e}", policy.display())),
        }
    }
    let mut monitored = 0;
    for policy in examples() {
        match monitored_example(&policy) {
            Ok(()) => monitored += 1,
            Err(e) => failures.push(format!("{} monitored: {e}", policy.display())),
        }
    }
    if changes < 30 || cosmetic < 10 {
        failures.push(format!(
            "only {changes} drift changes and {cosmetic} cosmetic ones ran"
        ));
    }
    for f in &failures {
        eprintln!("verify: {f}");
    }
    println!(
        "verify: {changes} drift changes and {cosmetic} cosmetic changes checked in the kernel; \
         {monitored} examples verify clean with every zone monitored"
    );
    i32::from(!failures.is_empty())
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("dsl-examples");
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|e| e == "zones"));
    out.sort();
    out
}

/// The lab of one example: a router and two hosts, and the build.
struct Rig {
    _lab: Lab,
    router: String,
    src: String,
    dst: String,
    policy: PathBuf,
    nft: PathBuf,
    json: PathBuf,
}

/// The drift and cosmetic changes of one example that passed.
fn example(policy: &Path) -> Result<(usize, usize), String> {
    let stem = policy.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
    let dir = private_dir(stem)?;
    let result = changes_of(policy, &dir.join("out"));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

/// The example with every zone monitored: its ruleset lets the pairs it
/// would drop through (logged), which is the policy as deployed, so the
/// loaded ruleset verifies clean (and `zonec apply`, which verifies after
/// loading, keeps it).
fn monitored_example(policy: &Path) -> Result<(), String> {
    let stem = policy.file_stem().and_then(|s| s.to_str()).unwrap_or("x");
    let dir = private_dir(&format!("{stem}-monitored"))?;
    let result = (|| {
        let text = std::fs::read_to_string(policy).map_err(|e| e.to_string())?;
        let staged = dir.join("staged.zones");
        let line = "monitor any { reason \"every zone staged\" }";
        std::fs::write(&staged, format!("{text}\n{line}\n")).map_err(|e| e.to_string())?;
        let out = dir.join("out");
        let args = ["-q", "build", path(&staged)?, "--target", "nftables", "-o"];
        zonec(&[&args[..], &[path(&out)?]].concat())?;
        let rig = rig(&staged, &out)?;
        load(&rig)?;
        let (code, findings) = rig.verify()?;
        match (code, findings.is_empty()) {
            (0, true) => Ok(()),
            _ => Err(format!("exit {code}, findings {findings:?}")),
        }
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn changes_of(policy: &Path, out: &Path) -> Result<(usize, usize), String> {
    zonec(&[
        "-q",
        "build",
        path(policy)?,
        "--target",
        "nftables",
        "-o",
        path(out)?,
    ])?;
    let rig = rig(policy, out)?;
    load(&rig)?;
    let clean = rig.verify()?;
    if !clean.1.is_empty() {
        return Err(format!("the ruleset as built is not clean: {:?}", clean.1));
    }
    let base: Value = serde_json::from_str(&rig.list()?).map_err(|e| e.to_string())?;
    let mut counts = (0, 0);
    for change in changes(&base) {
        load(&rig)?;
        nft_script(&rig.router, &change.script).map_err(|e| format!("{}: {e}", change.what))?;
        let (code, findings) = rig.verify()?;
        check(&rig, &change, code, &findings).map_err(|e| format!("{}: {e}", change.what))?;
        if change.class.is_some() {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    Ok(counts)
}

/// A new directory of this run only: created exclusively (an existing one
/// is an error, never reused), readable by root alone.
fn private_dir(stem: &str) -> Result<PathBuf, String> {
    use std::os::unix::fs::DirBuilderExt;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("{}verify-{stem}-{nanos}", netns::prefix()));
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

fn path(p: &Path) -> Result<&str, String> {
    p.to_str()
        .ok_or_else(|| format!("{} is not UTF-8", p.display()))
}

fn zonec(args: &[&str]) -> Result<(i32, String), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_zonec"))
        .args(args)
        .output()
        .map_err(|e| e.to_string())?;
    let code = out.status.code().unwrap_or(-1);
    if code == 2 {
        return Err(format!(
            "zonec {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok((code, String::from_utf8_lossy(&out.stdout).into_owned()))
}

/// Run an nft script in `ns`, given on standard input (no file to name).
fn nft_script(ns: &str, script: &str) -> Result<(), String> {
    let mut child = netns::exec(ns, "nft", &["-f", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(script.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "nft -f: {}: {script}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))
    }
}

fn load(rig: &Rig) -> Result<(), String> {
    exec_run(&rig.router, "nft", &["flush", "ruleset"])?;
    exec_run(&rig.router, "nft", &["-f", path(&rig.nft)?]).map(|_| ())
}

impl Rig {
    fn list(&self) -> Result<String, String> {
        exec_run(&self.router, "nft", &["-j", "list", "ruleset"])
    }

    /// `zonec verify`'s exit code and findings (JSON).
    fn verify(&self) -> Result<(i32, Vec<Value>), String> {
        std::fs::write(&self.json, self.list()?).map_err(|e| e.to_string())?;
        let (code, out) = zonec(&[
            "verify",
            path(&self.policy)?,
            "--nft-json",
            path(&self.json)?,
            "--format",
            "json",
        ])?;
        let v: Value = serde_json::from_str(&out).map_err(|e| format!("{e}: {out}"))?;
        let findings = v["findings"].as_array().cloned().unwrap_or_default();
        if (code == 0) != findings.is_empty() {
            return Err(format!("exit {code} with findings {findings:?}"));
        }
        Ok((code, findings))
    }
}

/// The finding classes are right, and the witness probe agrees.
fn check(rig: &Rig, change: &Change, code: i32, findings: &[Value]) -> Result<(), String> {
    let Some(classes) = change.class else {
        return match findings.is_empty() && code == 0 {
            true => Ok(()),
            false => Err(format!("a cosmetic change gave findings: {findings:?}")),
        };
    };
    let hit = findings
        .iter()
        .find(|f| f["class"].as_str().is_some_and(|c| classes.contains(&c)))
        .ok_or_else(|| format!("no {classes:?} finding: {findings:?}"))?;
    if hit["responsible"].as_array().is_none_or(|r| r.is_empty()) {
        return Err(format!("no responsible element or rule: {hit}"));
    }
    let Some(w) = hit.get("witness") else {
        return if classes == MAY_BLOCK || classes == REWRITES {
            Ok(())
        } else {
            Err(format!("no witness: {hit}"))
        };
    };
    // The witness shows the change: it gets through now and did not
    // before (extra), or the other way round (missing).
    let through = classes != MISSING;
    for (when, expected) in [("with the change", through), ("as built", !through)] {
        if when == "as built" {
            load(rig)?;
        }
        let arrived = probe(rig, w)?;
        if arrived != expected {
            let verb = if arrived {
                "got through"
            } else {
                "was dropped"
            };
            return Err(format!("the witness {w} {verb} {when}"));
        }
    }
    Ok(())
}

fn rig(policy: &Path, out: &Path) -> Result<Rig, String> {
    let mut lab = Lab::new();
    let p = netns::prefix();
    let (router, src, dst) = (format!("{p}vr"), format!("{p}vs"), format!("{p}vd"));
    for ns in [&router, &src, &dst] {
        lab.add(ns)?;
    }
    for (host, r_if, h_if) in [(&src, "rs", "hs"), (&dst, "rd", "hd")] {
        netns::ip(&[
            "link", "add", r_if, "netns", &router, "type", "veth", "peer", "name", h_if, "netns",
            host,
        ])?;
        exec_run(&router, "ip", &["link", "set", r_if, "up"])?;
        exec_run(host, "ip", &["link", "set", h_if, "up"])?;
        exec_run(host, "ip", &["link", "set", "lo", "up"])?;
        exec_run(host, "sysctl", &["-qw", "net.ipv6.conf.all.accept_dad=0"])?;
    }
    exec_run(&router, "sysctl", &["-qw", "net.ipv4.ip_forward=1"])?;
    exec_run(
        &router,
        "sysctl",
        &["-qw", "net.ipv6.conf.all.forwarding=1"],
    )?;
    exec_run(&router, "sysctl", &["-qw", "net.ipv4.conf.all.rp_filter=0"])?;
    Ok(Rig {
        _lab: lab,
        router,
        src,
        dst,
        policy: policy.to_path_buf(),
        nft: out.join("nftables/zonec.nft"),
        json: out.join("ruleset.json"),
    })
}

fn mac(ns: &str, dev: &str) -> Result<String, String> {
    let text = exec_run(ns, "cat", &[&format!("/sys/class/net/{dev}/address")])?;
    Ok(text.trim().to_string())
}

/// The router's own address in a probe of `input` or `output` (any
/// address: zonec's chains on those hooks do not look at it).
const ROUTER_V4: &str = "198.51.100.1";
const ROUTER_V6: &str = "2001:db8:ffff::1";

/// Send the witness through the router (forward), to it (input) or from it
/// (output); whether it arrived, counted by an nft rule at the receiver
/// (after the router's filter on input).
fn probe(rig: &Rig, w: &Value) -> Result<bool, String> {
    let field = |k: &str| w[k].as_str().map(String::from);
    let v6 = field("family").as_deref() == Some("ipv6");
    let router_addr = if v6 { ROUTER_V6 } else { ROUTER_V4 };
    let hook = field("hook").unwrap_or_default();
    let s = field("src").unwrap_or_else(|| router_addr.to_string());
    let d = field("dst").unwrap_or_else(|| router_addr.to_string());
    let (sender, receiver, priority) = match hook.as_str() {
        "forward" => (&rig.src, &rig.dst, "prerouting priority -300"),
        "input" => (&rig.src, &rig.router, "input priority 100"),
        "output" => (&rig.router, &rig.dst, "prerouting priority -300"),
        other => return Err(format!("a witness on hook {other}")),
    };
    let proto = field("protocol").unwrap_or_default();
    let port = w["port"].as_u64().unwrap_or(0);
    rig.route(&s, &d, v6)?;
    let fam = if v6 { "ip6" } else { "ip" };
    let matcher = match proto.as_str() {
        "tcp" | "udp" => format!("{proto} dport {port}"),
        "icmp" => format!("icmp type {port}"),
        "icmpv6" => format!("icmpv6 type {port}"),
        other => return Err(format!("cannot probe protocol {other}")),
    };
    let watch = format!(
        "table inet zkprobe {{\n chain c {{\n type filter hook {priority};\n {fam} saddr {s} {fam} daddr {d} {matcher} counter\n }}\n}}\n"
    );
    let _ = exec_run(receiver, "nft", &["delete", "table", "inet", "zkprobe"]);
    nft_script(receiver, &watch)?;
    let send = match proto.as_str() {
        "tcp" => format!("exec 3<>/dev/tcp/{d}/{port}"),
        "udp" => format!("echo x > /dev/udp/{d}/{port}"),
        _ if port == 8 || port == 128 => format!("ping -c 1 -W 1 {d}"),
        _ => return Err(format!("cannot send {proto} type {port}")),
    };
    let _ = exec_run(sender, "timeout", &["2", "bash", "-c", &send]);
    std::thread::sleep(std::time::Duration::from_millis(100));
    let listed = exec_run(receiver, "nft", &["-j", "list", "table", "inet", "zkprobe"])?;
    let _ = exec_run(receiver, "nft", &["delete", "table", "inet", "zkprobe"]);
    Ok(!listed.contains("\"packets\": 0"))
}

impl Rig {
    /// Give `s` to the source side and `d` to the destination side (the
    /// router's own address goes on the router), with static routes and
    /// neighbours, so no ARP or neighbour discovery is needed.
    fn route(&self, s: &str, d: &str, v6: bool) -> Result<(), String> {
        let plen = if v6 { "128" } else { "32" };
        let (rs, rd) = (mac(&self.router, "rs")?, mac(&self.router, "rd")?);
        let (hs, hd) = (mac(&self.src, "hs")?, mac(&self.dst, "hd")?);
        for (ns, dev) in [
            (&self.src, "hs"),
            (&self.dst, "hd"),
            (&self.router, "rs"),
            (&self.router, "rd"),
        ] {
            exec_run(ns, "ip", &["addr", "flush", "dev", dev])?;
        }
        let router_addr = if v6 { ROUTER_V6 } else { ROUTER_V4 };
        let mut hosts = vec![];
        if s != router_addr {
            hosts.push((&self.src, "hs", s, d, &rs, "rs", &hs));
        }
        if d != router_addr {
            hosts.push((&self.dst, "hd", d, s, &rd, "rd", &hd));
        }
        for (ns, dev, mine, peer, peer_mac, rdev, mac) in hosts {
            add_address(ns, dev, mine, plen, v6)?;
            exec_run(
                ns,
                "ip",
                &[
                    "route",
                    "replace",
                    &format!("{peer}/{plen}"),
                    "dev",
                    dev,
                    "src",
                    mine,
                ],
            )?;
            exec_run(
                ns,
                "ip",
                &[
                    "neigh",
                    "replace",
                    peer,
                    "lladdr",
                    peer_mac,
                    "dev",
                    dev,
                    "nud",
                    "permanent",
                ],
            )?;
            exec_run(
                &self.router,
                "ip",
                &["route", "replace", &format!("{mine}/{plen}"), "dev", rdev],
            )?;
            exec_run(
                &self.router,
                "ip",
                &[
                    "neigh",
                    "replace",
                    mine,
                    "lladdr",
                    mac,
                    "dev",
                    rdev,
                    "nud",
                    "permanent",
                ],
            )?;
        }
        if s == router_addr || d == router_addr {
            add_address(
                &self.router,
                if s == router_addr { "rd" } else { "rs" },
                router_addr,
                plen,
                v6,
            )?;
        }
        Ok(())
    }
}

fn add_address(ns: &str, dev: &str, addr: &str, plen: &str, v6: bool) -> Result<(), String> {
    let cidr = format!("{addr}/{plen}");
    let mut add = vec!["addr", "add", cidr.as_str(), "dev", dev];
    if v6 {
        add.push("nodad");
    }
    exec_run(ns, "ip", &add).map(|_| ())
}

/// The changes for one example's ruleset, found in its own listing.
fn changes(base: &Value) -> Vec<Change> {
    let objects = base["nftables"].as_array().cloned().unwrap_or_default();
    let named = |kind: &str, prefix: &str| -> Vec<Value> {
        objects
            .iter()
            .filter_map(|o| o.get(kind))
            .filter(|b| b["name"].as_str().is_some_and(|n| n.starts_with(prefix)))
            .cloned()
            .collect()
    };
    let mut out = Vec::new();
    let t = "inet zonec";
    // Missing: an element of three zones' maps deleted.
    for map in named("map", "out4_").iter().take(3) {
        let name = map["name"].as_str().unwrap_or_default();
        if let Some(e) = map["elem"].as_array().and_then(|e| e.first()) {
            let key = element_key(&e[0]);
            out.push(Change {
                what: format!("delete element {key} of {name}"),
                script: format!("delete element {t} {name} {{ {key} }}\n"),
                class: Some(MISSING),
            });
            out.push(Change {
                what: format!("re-add element {key} of {name} (reorders)"),
                script: format!(
                    "delete element {t} {name} {{ {key} }}\nadd element {t} {name} {{ {key} : {} }}\n",
                    verdict(&e[1])
                ),
                class: None,
            });
        }
    }
    // Extra: a port added to two service chains.
    for chain in named("chain", "svc_").iter().take(2) {
        let name = chain["name"].as_str().unwrap_or_default();
        out.push(Change {
            what: format!("tcp/47474 added to {name}"),
            script: format!("insert rule {t} {name} tcp dport 47474 accept\n"),
            class: Some(EXTRA),
        });
    }
    // Missing: a zone's chain emptied.
    if let Some(chain) = named("chain", "from_").first() {
        let name = chain["name"].as_str().unwrap_or_default();
        out.push(Change {
            what: format!("flush chain {name}"),
            script: format!("flush chain {t} {name}\n"),
            class: Some(MISSING),
        });
    }
    // Extra: accept rules inserted, and the forward policy opened with the
    // drop of a zone's chain removed.
    out.push(Change {
        what: "accept every new connection".into(),
        script: format!("insert rule {t} forward ct state new accept\n"),
        class: Some(EXTRA),
    });
    out.push(Change {
        what: "accept udp/5353 everywhere".into(),
        script: format!("insert rule {t} forward udp dport 5353 accept\n"),
        class: Some(EXTRA),
    });
    if let Some(chain) = named("chain", "from_").get(1) {
        let name = chain["name"].as_str().unwrap_or_default();
        out.push(Change {
            what: format!("forward policy accept and {name} without its drop"),
            script: format!("flush chain {t} {name}\nchain {t} forward {{ policy accept; }}\n"),
            class: Some(EXTRA),
        });
    }
    // Extra, in IPv6 only and in ICMP: the witnesses are probed in those.
    out.push(Change {
        what: "accept udp/5353 in IPv6".into(),
        script: format!("insert rule {t} forward meta nfproto ipv6 udp dport 5353 accept\n"),
        class: Some(EXTRA),
    });
    out.push(Change {
        what: "accept ICMP echo requests".into(),
        script: format!("insert rule {t} forward icmp type echo-request accept\n"),
        class: Some(EXTRA),
    });
    // Extra: a prefix widened, the /24 mask of a lookup made a /23.
    if let Some((chain, handle, text)) = masked_lookup(&objects) {
        out.push(Change {
            what: format!("the /24 of `{text}` in {chain} widened to /23"),
            script: format!(
                "replace rule {t} {chain} handle {handle} {}\n",
                text.replace("255.255.255.0", "255.255.254.0")
            ),
            class: Some(EXTRA),
        });
    }
    // Other tables.
    out.push(Change {
        what: "a foreign forward chain with a drop".into(),
        script: "table ip zkforeign {\n chain f {\n type filter hook forward priority 10; policy accept;\n tcp dport 443 drop\n }\n}\n".into(),
        class: Some(MAY_BLOCK),
    });
    out.push(Change {
        what: "a DNAT rule".into(),
        script: "table ip zknat {\n chain p {\n type nat hook prerouting priority -100;\n tcp dport 8080 dnat to 192.0.2.1\n }\n}\n".into(),
        class: Some(REWRITES),
    });
    // Cosmetic.
    out.push(Change {
        what: "counters reset".into(),
        script: "reset counters\n".into(),
        class: None,
    });
    out.push(Change {
        what: "a count-only rule after the final drop".into(),
        script: format!("add rule {t} forward counter\n"),
        class: None,
    });
    out.push(Change {
        what: "a foreign table without base chains".into(),
        script: "table ip zkother {\n chain c {\n tcp dport 22 drop\n }\n}\n".into(),
        class: None,
    });
    out
}

/// The first rule that looks an IPv4 address up through a /24 mask:
/// its chain, handle and text (`ip daddr & 255.255.255.0 vmap @m`).
fn masked_lookup(objects: &[Value]) -> Option<(String, u64, String)> {
    objects.iter().filter_map(|o| o.get("rule")).find_map(|r| {
        let vmap = r["expr"].as_array()?.first()?.get("vmap")?;
        let parts = vmap["key"].get("&")?.as_array()?;
        let payload = parts.first()?.get("payload")?;
        if parts.get(1)?.as_str()? != "255.255.255.0" || payload["protocol"] != "ip" {
            return None;
        }
        let field = payload["field"].as_str()?;
        let text = format!("ip {field} & 255.255.255.0 vmap {}", vmap["data"].as_str()?);
        Some((
            r["chain"].as_str()?.to_string(),
            r["handle"].as_u64()?,
            text,
        ))
    })
}

/// An element key as nft syntax.
fn element_key(v: &Value) -> String {
    let v = v.get("elem").and_then(|e| e.get("val")).unwrap_or(v);
    if let Some(p) = v.get("prefix") {
        return format!("{}/{}", p["addr"].as_str().unwrap_or_default(), p["len"]);
    }
    if let Some(r) = v.get("range").and_then(Value::as_array) {
        let s = |i: usize| {
            r.get(i)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        return format!("{}-{}", s(0), s(1));
    }
    v.as_str().unwrap_or_default().to_string()
}

fn verdict(v: &Value) -> String {
    if v.get("accept").is_some() {
        return "accept".into();
    }
    for k in ["jump", "goto"] {
        if let Some(t) = v.get(k).and_then(|j| j["target"].as_str()) {
            return format!("{k} {t}");
        }
    }
    "drop".into()
}
