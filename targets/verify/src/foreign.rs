//! Tables other than `table inet zonec`. zonec does not evaluate them, but
//! two things in them change what its analysis means: a base chain on the
//! same hook can drop what zonec accepts (a drop anywhere is final; an
//! accept there does not bypass zonec's chain), and NAT or a rewritten
//! address breaks the assumption that a packet's addresses say its zones.

use crate::read::text;
use crate::show;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A base chain outside zonec's table on a hook zonec filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignChain {
    /// `family name`, e.g. `ip filter`.
    pub table: String,
    pub chain: String,
    pub hook: String,
    pub prio: i64,
    pub policy: String,
    pub rules: Vec<String>,
}

/// A rule that rewrites addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rewrite {
    pub table: String,
    pub chain: String,
    pub rule: String,
}

#[derive(Clone, Debug, Default)]
pub struct Foreign {
    pub chains: Vec<ForeignChain>,
    pub rewrites: Vec<Rewrite>,
}

/// The families whose base chains see zonec's packets.
const FAMILIES: [&str; 3] = ["ip", "ip6", "inet"];

/// Statements that rewrite a packet's addresses.
const REWRITES: [&str; 5] = ["dnat", "snat", "masquerade", "redirect", "netmap"];

/// What the scan has seen so far.
#[derive(Default)]
pub struct Scan {
    /// Base chains by (table, chain): hook, priority, policy.
    hooks: BTreeMap<(String, String), (String, i64, String)>,
    /// Rules by (table, chain), in order.
    rules: BTreeMap<(String, String), Vec<String>>,
    rewrites: Vec<Rewrite>,
}

impl Scan {
    pub fn add(&mut self, kind: &str, body: &Map<String, Value>) {
        let family = text(body, "family").unwrap_or_default();
        let table = format!("{family} {}", text(body, "table").unwrap_or_default());
        let chain = text(body, "chain")
            .or_else(|| text(body, "name"))
            .unwrap_or_default();
        let key = (table.clone(), chain.to_string());
        match kind {
            "chain" => {
                if let Some(hook) = text(body, "hook").filter(|_| FAMILIES.contains(&family)) {
                    let prio = body.get("prio").and_then(Value::as_i64).unwrap_or(0);
                    let policy = text(body, "policy").unwrap_or("accept").to_string();
                    self.hooks.insert(key, (hook.to_string(), prio, policy));
                }
            }
            "rule" => {
                let exprs = body
                    .get("expr")
                    .and_then(Value::as_array)
                    .map(Vec::as_slice)
                    .unwrap_or_default();
                let line = show::rule(exprs);
                if exprs.iter().any(rewrites) {
                    self.rewrites.push(Rewrite {
                        table,
                        chain: chain.to_string(),
                        rule: line.clone(),
                    });
                }
                self.rules.entry(key).or_default().push(line);
            }
            _ => {}
        }
    }

    pub fn finish(mut self) -> Foreign {
        let chains = self
            .hooks
            .into_iter()
            .map(|((table, chain), (hook, prio, policy))| {
                let rules = self
                    .rules
                    .remove(&(table.clone(), chain.clone()))
                    .unwrap_or_default();
                ForeignChain {
                    table,
                    chain,
                    hook,
                    prio,
                    policy,
                    rules,
                }
            })
            .collect();
        Foreign {
            chains,
            rewrites: self.rewrites,
        }
    }
}

/// Whether a statement rewrites an address: NAT, or `ip saddr set ...`.
fn rewrites(stmt: &Value) -> bool {
    let Some(map) = stmt.as_object() else {
        return false;
    };
    map.iter().any(|(k, v)| {
        REWRITES.contains(&k.as_str())
            || (k == "mangle"
                && v.get("key")
                    .and_then(|k| k.get("payload"))
                    .and_then(|p| p.get("field"))
                    .and_then(Value::as_str)
                    .is_some_and(|f| f == "saddr" || f == "daddr"))
    })
}
