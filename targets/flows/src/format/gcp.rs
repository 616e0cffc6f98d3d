//! GCP flow records as Cloud Logging exports them: one JSON entry per line
//! (a sink to Cloud Storage, `gcloud logging read --format=json` gives a
//! JSON array of the same entries, read too). Both kinds carry
//! `jsonPayload.connection.{src_ip,dest_ip,src_port,dest_port,protocol}`:
//!
//! - VPC Flow Logs (`reporter`: `SRC` or `DEST`, `bytes_sent`,
//!   `packets_sent`, `start_time`, `end_time`) sample each direction of a
//!   connection as its own record, so the initiator is not given;
//! - Firewall Rules Logging (`disposition`: `ALLOWED` or `DENIED`) logs the
//!   connection a rule matched, in the direction it was opened.
//!
//! int64 fields are JSON strings in Cloud Logging (`"bytes_sent": "1024"`);
//! numbers are read too.

use super::{DocItem, Line, Malformed};
use crate::fields;
use crate::record::{Initiator, Record};
use serde_json::Value;

/// Whether a line is one GCP entry (a JSON object with a `jsonPayload`).
pub fn is_entry(line: &[u8]) -> bool {
    serde_json::from_slice::<Value>(line).is_ok_and(|v| v.get("jsonPayload").is_some())
}

pub struct LineReader;

impl super::LineReader for LineReader {
    fn line(&mut self, line: &[u8]) -> Result<Line, Malformed> {
        if line.trim_ascii().is_empty() {
            return Ok(Line::Other);
        }
        let v: Value = serde_json::from_slice(line).map_err(|e| format!("not JSON: {e}"))?;
        entry(&v).map(Line::Record)
    }
}

/// A JSON array of entries.
pub fn document(text: &[u8]) -> Result<Vec<DocItem>, Malformed> {
    let v: Value = serde_json::from_slice(text).map_err(|e| format!("not JSON: {e}"))?;
    let entries = v.as_array().ok_or("not a JSON array of log entries")?;
    Ok(entries.iter().map(|e| (None, entry(e))).collect())
}

fn entry(v: &Value) -> Result<Record, Malformed> {
    let p = v.get("jsonPayload").ok_or("no `jsonPayload`")?;
    let c = p.get("connection").ok_or("no `jsonPayload.connection`")?;
    let addr = |key: &str| {
        let s = c
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| format!("no `connection.{key}`"))?;
        fields::ip(s.as_bytes()).ok_or_else(|| format!("`connection.{key}` is not an address"))
    };
    let (src, dst) = (addr("src_ip")?, addr("dest_ip")?);
    let proto = number(c.get("protocol"))
        .and_then(|n| u8::try_from(n).ok())
        .ok_or("no `connection.protocol` number")?;
    let port = |key: &str| number(c.get(key)).and_then(|n| u16::try_from(n).ok());
    let mut r = Record::new(src, dst, proto, (port("src_port"), port("dest_port")));
    if !r.has_ports() {
        (r.sport, r.dport) = (None, None);
    }
    r.packets = number(p.get("packets_sent")).unwrap_or(0);
    r.bytes = number(p.get("bytes_sent")).unwrap_or(0);
    let time = |key: &str| p.get(key).and_then(Value::as_str).and_then(fields::time);
    let stamp = v
        .get("timestamp")
        .and_then(Value::as_str)
        .and_then(fields::time);
    r.start = time("start_time").or(stamp);
    r.end = time("end_time").or(stamp);
    r.initiator = match p.get("disposition") {
        Some(_) => Initiator::Source,
        None => Initiator::Unknown,
    };
    Ok(r)
}

/// A JSON number or a string of digits.
fn number(v: Option<&Value>) -> Option<u64> {
    match v? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
