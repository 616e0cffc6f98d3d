//! Running the real `systemd-networkd` on generated files, in a throwaway
//! network + mount namespace (`unshare`), so nothing of the machine's own
//! network or configuration is touched and nothing is left behind: the
//! namespaces end with the script.
//!
//! Inside, tmpfs mounts replace `/etc/systemd/network` (with the files under
//! test), the vendor network directories and `/run/systemd`, and a fresh
//! read-only sysfs shows the namespace's own links, so networkd treats links
//! as initialised without udev (as in a container). networkd logs every
//! complaint about a file as `PATH:LINE: ...`; those lines are collected.
//!
//! Two runs:
//! - `parse`: every file, with the trunk as a veth. networkd loads each
//!   `.netdev` and stacks the VLANs on the trunk; creating them needs 802.1Q
//!   in the kernel, which is reported but not required.
//! - `apply`: the VLAN interfaces' `.network` files only, each interface a
//!   veth of the generated name, so the addresses and forwarding networkd
//!   configures can be read back even on a kernel without 802.1Q.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

const NETWORKD: &str = "/lib/systemd/systemd-networkd";

/// What one run left behind.
#[derive(Debug, Default)]
pub struct Run {
    /// networkd's debug log.
    pub log: String,
    /// `ip -j -d addr` after networkd configured the links.
    pub links: serde_json::Value,
    pub ipv4_forward: bool,
    pub ipv6_forward: bool,
}

impl Run {
    /// Lines where networkd complains about a configuration file.
    pub fn complaints(&self) -> Vec<&str> {
        self.log
            .lines()
            .filter(|l| l.starts_with("/etc/systemd/network/"))
            .collect()
    }

    /// Global addresses of `ifname`, as `addr/len`, sorted.
    pub fn addresses(&self, ifname: &str) -> Vec<String> {
        let mut out: Vec<String> = self
            .link(ifname)
            .and_then(|l| l["addr_info"].as_array())
            .into_iter()
            .flatten()
            .filter(|a| a["scope"] == "global")
            .map(|a| format!("{}/{}", a["local"].as_str().unwrap_or("?"), a["prefixlen"]))
            .collect();
        out.sort();
        out
    }

    pub fn link(&self, ifname: &str) -> Option<&serde_json::Value> {
        self.links
            .as_array()?
            .iter()
            .find(|l| l["ifname"] == ifname)
    }
}

/// Why the check cannot run here, or `None` when it can.
pub fn unavailable() -> Option<String> {
    let root = std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false);
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    if !root {
        Some("not root".into())
    } else if !Path::new(NETWORKD).exists() {
        Some(format!("{NETWORKD} is missing"))
    } else if !Path::new("/etc/systemd/network").is_dir() {
        Some("/etc/systemd/network is missing".into())
    } else if !passwd.lines().any(|l| l.starts_with("systemd-network:")) {
        Some("user systemd-network is missing".into())
    } else if Command::new("unshare").arg("--version").output().is_err() {
        Some("unshare is missing".into())
    } else {
        None
    }
}

/// Run networkd on `files` with `links` (veth) created first.
pub fn run(files: &[(String, String)], links: &[String], tag: &str) -> Result<Run, String> {
    let dir = std::env::temp_dir().join(format!("zonec-networkd-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let conf = dir.join("conf");
    std::fs::create_dir_all(&conf).map_err(|e| e.to_string())?;
    for (name, text) in files {
        std::fs::write(conf.join(name), text).map_err(|e| e.to_string())?;
    }
    let result = run_in(&dir, links);
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn run_in(dir: &Path, links: &[String]) -> Result<Run, String> {
    let script = script(dir, links);
    let out = Command::new("unshare")
        .args([
            "--mount",
            "--net",
            "--propagation",
            "private",
            "bash",
            "-c",
            &script,
        ])
        .output()
        .map_err(|e| format!("unshare: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "namespace script failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap_or_default();
    Ok(Run {
        log: read("log"),
        links: serde_json::from_str(&read("links.json")).map_err(|e| format!("ip -j: {e}"))?,
        ipv4_forward: read("fwd4").trim() == "1",
        ipv6_forward: read("fwd6").trim() == "1",
    })
}

/// The script run inside the namespaces. Link names come from the
/// generated files, which the strict reader accepted, and are quoted.
fn script(dir: &Path, links: &[String]) -> String {
    let d = quote(dir);
    let mut s = format!(
        "set -e\n\
         mount -t tmpfs tmpfs /etc/systemd/network\n\
         cp {d}/conf/* /etc/systemd/network/ 2>/dev/null || true\n\
         for v in /usr/lib/systemd/network /usr/local/lib/systemd/network /lib/systemd/network; do\n\
           if [ -d \"$v\" ]; then mount -t tmpfs tmpfs \"$v\"; fi\n\
         done\n\
         mount -t tmpfs tmpfs /run/systemd\n\
         mkdir -p /run/systemd/netif\n\
         chown systemd-network:systemd-network /run/systemd/netif\n\
         mount -t sysfs -o ro sysfs /sys\n\
         ip link set lo up\n"
    );
    for (i, link) in links.iter().enumerate() {
        s.push_str(&format!(
            "ip link add {} type veth peer name zpeer{i}\nip link set zpeer{i} up\n",
            quote(Path::new(link))
        ));
    }
    s.push_str(&format!(
        "SYSTEMD_LOG_LEVEL=debug {NETWORKD} >{d}/log 2>&1 &\n\
         pid=$!\n\
         for i in $(seq 50); do sleep 0.1; if grep -q 'Enumeration completed' {d}/log; then break; fi; done\n\
         sleep 1\n\
         kill $pid; wait $pid || true\n\
         ip -j -d addr >{d}/links.json\n\
         cat /proc/sys/net/ipv4/ip_forward >{d}/fwd4\n\
         cat /proc/sys/net/ipv6/conf/all/forwarding >{d}/fwd6\n"
    ));
    s
}

fn quote(path: &Path) -> String {
    format!("'{}'", path.to_string_lossy().replace('\'', "'\\''"))
}
