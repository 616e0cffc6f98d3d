//! Reading `nft -j list ruleset`: the objects of `table inet zonec` go to
//! [`crate::compile`], everything else is scanned for what can change the
//! fate of zonec's traffic ([`crate::foreign`]). Cosmetic fields (handles,
//! counter values, comments of rules and elements) are read past.

use crate::compile::{self, Named};
use crate::foreign::{self, Foreign};
use crate::ir::Table;
use crate::Unsupported;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

use zonec_targets::nftables::{TABLE_FAMILY as FAMILY, TABLE_NAME as TABLE};

/// The largest `nft -j` output read: 256 MiB, far beyond any real ruleset.
pub const MAX_BYTES: usize = 256 * 1024 * 1024;

/// What the router runs.
#[derive(Debug, Default)]
pub struct Deployed {
    /// `table inet zonec`, when it exists.
    pub zonec: Option<Table>,
    /// What other tables do to forwarded traffic.
    pub foreign: Foreign,
}

/// Read the output of `nft -j list ruleset`.
pub fn read(text: &str) -> Result<Deployed, Unsupported> {
    if text.len() > MAX_BYTES {
        return Err(Unsupported::input(format!(
            "the ruleset is larger than {} MiB",
            MAX_BYTES / (1024 * 1024)
        )));
    }
    let doc: Value =
        serde_json::from_str(text).map_err(|e| Unsupported::input(format!("not JSON: {e}")))?;
    let objects = doc
        .get("nftables")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            Unsupported::input("no `nftables` array: expected the output of `nft -j list ruleset`")
        })?;
    let mut ours = Named::default();
    let mut table_seen = false;
    let mut foreign = foreign::Scan::default();
    for object in objects {
        let (kind, body) = single(object)?;
        if kind == "metainfo" {
            continue;
        }
        if is_ours(body) {
            if kind == "table" {
                table_seen = true;
            } else {
                ours.add(kind, body)?;
            }
        } else {
            foreign.add(kind, body);
        }
    }
    let zonec = if table_seen {
        Some(compile::table(&ours)?)
    } else {
        None
    };
    Ok(Deployed {
        zonec,
        foreign: foreign.finish(),
    })
}

/// The one key of an object of the `nftables` array and its body.
pub fn single(object: &Value) -> Result<(&str, &Map<String, Value>), Unsupported> {
    let map = object.as_object().filter(|m| m.len() == 1).ok_or_else(|| {
        Unsupported::input("an entry of the `nftables` array is not an object with one key")
    })?;
    let (key, body) = map
        .iter()
        .next()
        .ok_or_else(|| Unsupported::input("an empty entry in the `nftables` array"))?;
    let body = body
        .as_object()
        .ok_or_else(|| Unsupported::input(format!("the `{key}` entry is not an object")))?;
    Ok((key, body))
}

/// Whether an object belongs to `table inet zonec`.
fn is_ours(body: &Map<String, Value>) -> bool {
    let family = body.get("family").and_then(Value::as_str);
    let table = body
        .get("table")
        .or_else(|| body.get("name").filter(|_| !body.contains_key("table")))
        .and_then(Value::as_str);
    family == Some(FAMILY) && table == Some(TABLE)
}

/// A string field of an object.
pub fn text<'a>(body: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
    body.get(field).and_then(Value::as_str)
}

/// The objects of one kind by name, in name order.
pub type ByName = BTreeMap<String, Map<String, Value>>;
