//! A strict reader of the systemd-networkd files the VLAN target writes, for
//! the tests that need their meaning: the networkd check compares it with
//! what the real `systemd-networkd` configures, and the kernel test builds
//! the router from it. Anything outside the small set of sections and keys
//! zonec writes is an error, so a typo cannot pass unnoticed.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

/// The router configuration the files describe.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Router {
    /// The trunk interface and the VLAN interfaces stacked on it, in order.
    pub trunk: String,
    pub trunk_vlans: Vec<String>,
    /// Every VLAN interface, by name.
    pub vlans: BTreeMap<String, VlanInterface>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VlanInterface {
    pub name: String,
    pub id: u16,
    /// `Address=` values as written (`10.20.0.1/16`).
    pub addresses: Vec<String>,
    pub forwarding: bool,
}

/// One file: section name → (key, value) pairs in order.
type Ini = Vec<(String, Vec<(String, String)>)>;

const ALLOWED: &[(&str, &[&str])] = &[
    ("Match", &["Name"]),
    (
        "Network",
        &[
            "Description",
            "LinkLocalAddressing",
            "VLAN",
            "Address",
            "IPForward",
            "IPv6AcceptRA",
        ],
    ),
    ("NetDev", &["Name", "Kind", "Description"]),
    ("VLAN", &["Id"]),
];

/// Parse one file strictly.
pub fn parse_ini(name: &str, text: &str) -> Result<Ini, String> {
    let mut ini: Ini = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let at = format!("{name}:{}", n + 1);
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if !ALLOWED.iter().any(|(s, _)| *s == section) {
                return Err(format!("{at}: unexpected section [{section}]"));
            }
            ini.push((section.to_string(), Vec::new()));
            continue;
        }
        let (key, value) = line
            .split_once('=')
            .ok_or_else(|| format!("{at}: not `Key=Value`: {line:?}"))?;
        let (section, pairs) = ini
            .last_mut()
            .ok_or_else(|| format!("{at}: key before any section"))?;
        let keys = ALLOWED
            .iter()
            .find(|(s, _)| s == section)
            .map(|(_, k)| *k)
            .unwrap_or(&[]);
        if !keys.contains(&key) || value.ends_with('\\') || value.trim() != value {
            return Err(format!(
                "{at}: unexpected `{key}=` in [{section}]: {line:?}"
            ));
        }
        pairs.push((key.to_string(), value.to_string()));
    }
    Ok(ini)
}

fn values<'a>(ini: &'a Ini, section: &str, key: &str) -> Vec<&'a str> {
    ini.iter()
        .filter(|(s, _)| s == section)
        .flat_map(|(_, pairs)| {
            pairs
                .iter()
                .filter(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
        .collect()
}

fn one<'a>(ini: &'a Ini, file: &str, section: &str, key: &str) -> Result<&'a str, String> {
    match values(ini, section, key).as_slice() {
        [v] => Ok(v),
        other => Err(format!(
            "{file}: expected one {section}.{key}, found {}",
            other.len()
        )),
    }
}

/// Read every `.netdev` and `.network` file of `dir` into a [`Router`].
pub fn read_dir(dir: &Path) -> Result<Router, String> {
    let mut files: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        files.push((name, text));
    }
    files.sort();
    read_files(&files)
}

/// Read `(file name, contents)` pairs into a [`Router`].
pub fn read_files(files: &[(String, String)]) -> Result<Router, String> {
    let mut router = Router::default();
    let mut networks = Vec::new();
    for (name, text) in files {
        let ini = parse_ini(name, text)?;
        if name.ends_with(".netdev") {
            if one(&ini, name, "NetDev", "Kind")? != "vlan" {
                return Err(format!("{name}: Kind is not vlan"));
            }
            let ifname = one(&ini, name, "NetDev", "Name")?.to_string();
            let id = one(&ini, name, "VLAN", "Id")?
                .parse()
                .map_err(|e| format!("{name}: Id: {e}"))?;
            router.vlans.insert(
                ifname.clone(),
                VlanInterface {
                    name: ifname,
                    id,
                    ..Default::default()
                },
            );
        } else if name.ends_with(".network") {
            networks.push((name, ini));
        } else {
            return Err(format!("{name}: not a .netdev or .network file"));
        }
    }
    for (name, ini) in networks {
        let matched = one(&ini, name, "Match", "Name")?.to_string();
        let stacked = values(&ini, "Network", "VLAN");
        if !stacked.is_empty() || router.trunk.is_empty() && !router.vlans.contains_key(&matched) {
            if !router.trunk.is_empty() {
                return Err(format!("{name}: a second trunk `{matched}`"));
            }
            router.trunk = matched;
            router.trunk_vlans = stacked.iter().map(|s| s.to_string()).collect();
            continue;
        }
        let vlan = router
            .vlans
            .get_mut(&matched)
            .ok_or_else(|| format!("{name}: no .netdev creates `{matched}`"))?;
        vlan.addresses = values(&ini, "Network", "Address")
            .iter()
            .map(|s| s.to_string())
            .collect();
        vlan.forwarding = values(&ini, "Network", "IPForward") == ["yes"];
    }
    for v in &router.trunk_vlans {
        if !router.vlans.contains_key(v) {
            return Err(format!("trunk stacks `{v}`, which no .netdev creates"));
        }
    }
    if router.trunk_vlans.len() != router.vlans.len() {
        return Err("a VLAN interface is not stacked on the trunk".to_string());
    }
    Ok(router)
}
