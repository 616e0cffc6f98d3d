//! From the JSON objects of `table inet zonec` to [`crate::ir`]: chains in
//! the order nft lists them, rules in chain order, and each rule's
//! statements compiled by [`crate::stmt`]. Jump and goto targets, map and
//! set names are resolved here; a name that is not there is an error.

use crate::ir::{Base, Chain, Table};
use crate::read::{text, ByName};
use crate::{show, stmt, Unsupported};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use zonec_targets::nftables::POLICY_HASH_OBJECT;

/// The objects of zonec's table, by kind.
#[derive(Default)]
pub struct Named {
    /// Chains in the order listed.
    pub chains: Vec<Map<String, Value>>,
    /// Rules by chain name, in the order listed.
    pub rules: BTreeMap<String, Vec<Map<String, Value>>>,
    /// Sets and maps by name.
    pub sets: ByName,
    /// The comment of the counter that carries the policy hash.
    pub hash_comment: Option<String>,
}

impl Named {
    pub fn add(&mut self, kind: &str, body: &Map<String, Value>) -> Result<(), Unsupported> {
        match kind {
            "chain" => self.chains.push(body.clone()),
            "rule" => {
                let chain = text(body, "chain").unwrap_or_default().to_string();
                self.rules.entry(chain).or_default().push(body.clone());
            }
            "set" | "map" => {
                let name = text(body, "name").unwrap_or_default().to_string();
                self.sets.insert(name, body.clone());
            }
            // A named limit only gates the rules that name it, which
            // `eval.rs` reads both ways.
            "limit" => {}
            // Named counters only count; one carries the policy hash.
            "counter" => {
                if text(body, "name") == Some(POLICY_HASH_OBJECT) {
                    self.hash_comment = text(body, "comment").map(String::from);
                }
            }
            other => {
                return Err(Unsupported::at(
                    "table inet zonec",
                    format!("a `{other}` object"),
                ))
            }
        }
        Ok(())
    }
}

/// The evaluator's table.
pub fn table(named: &Named) -> Result<Table, Unsupported> {
    let index: BTreeMap<&str, usize> = named
        .chains
        .iter()
        .enumerate()
        .map(|(i, c)| (text(c, "name").unwrap_or_default(), i))
        .collect();
    let cx = stmt::Context {
        chains: &index,
        sets: &named.sets,
    };
    let mut chains = Vec::new();
    for body in &named.chains {
        let name = text(body, "name").unwrap_or_default().to_string();
        let base = base(&name, body)?;
        let mut rules = Vec::new();
        for (n, rule) in named.rules.get(&name).into_iter().flatten().enumerate() {
            let exprs = rule
                .get("expr")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default();
            let where_ = format!("chain {name}, rule {} `{}`", n + 1, show::rule(exprs));
            rules.push(stmt::rule(&cx, exprs).map_err(|e| e.located(&where_))?);
        }
        chains.push(Chain { name, base, rules });
    }
    Ok(Table {
        comment: named.hash_comment.clone(),
        chains,
    })
}

/// The hook of a base chain; only filter chains are zonec's.
fn base(name: &str, body: &Map<String, Value>) -> Result<Option<Base>, Unsupported> {
    let Some(hook) = text(body, "hook") else {
        return Ok(None);
    };
    let kind = text(body, "type").unwrap_or("filter");
    if kind != "filter" {
        return Err(Unsupported::at(
            &format!("chain {name}"),
            format!("a base chain of type `{kind}`"),
        ));
    }
    let prio = body.get("prio").and_then(Value::as_i64).unwrap_or(0);
    let drop = match text(body, "policy").unwrap_or("accept") {
        "accept" => false,
        "drop" => true,
        other => {
            return Err(Unsupported::at(
                &format!("chain {name}"),
                format!("chain policy `{other}`"),
            ))
        }
    };
    Ok(Some(Base {
        hook: hook.to_string(),
        prio,
        drop,
    }))
}
