//! How a piece of `nft -j` output reads in a finding: close to nft's own
//! syntax (`ip saddr 10.0.0.0/24 accept`), compact JSON for anything else.
//! The text is the deployed ruleset's, so it is untrusted: the CLI escapes
//! it for each output format. Nesting is cut at a fixed depth.

use serde_json::Value;

/// The deepest nesting written out; deeper parts read `…`.
const DEPTH: usize = 8;

/// A rule's statements, as one line.
pub fn rule(exprs: &[Value]) -> String {
    exprs
        .iter()
        .map(|e| stmt(e, 0))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One statement or expression.
pub fn stmt(v: &Value, depth: usize) -> String {
    if depth > DEPTH {
        return "…".into();
    }
    let d = depth + 1;
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Array(items) => items
            .iter()
            .map(|i| stmt(i, d))
            .collect::<Vec<_>>()
            .join(","),
        Value::Object(map) => {
            let Some((key, body)) = map.iter().next().filter(|_| map.len() == 1) else {
                return compact(v);
            };
            object(key, body, d).unwrap_or_else(|| compact(v))
        }
    }
}

fn object(key: &str, body: &Value, d: usize) -> Option<String> {
    let field = |name: &str| body.get(name).map(|x| stmt(x, d));
    Some(match key {
        "match" => {
            let op = body.get("op")?.as_str()?;
            let op = if op == "==" || op == "in" {
                String::new()
            } else {
                format!("{op} ")
            };
            format!("{} {op}{}", field("left")?, field("right")?)
        }
        "payload" => format!("{} {}", field("protocol")?, field("field")?),
        "meta" => format!("meta {}", field("key")?),
        "ct" => format!("ct {}", field("key")?),
        "&" | "|" | "^" => {
            let parts = body.as_array()?;
            let parts: Vec<String> = parts.iter().map(|p| stmt(p, d)).collect();
            parts.join(&format!(" {key} "))
        }
        "concat" => {
            let parts: Vec<String> = body.as_array()?.iter().map(|p| stmt(p, d)).collect();
            parts.join(" . ")
        }
        "set" => match body {
            Value::Array(items) => {
                let items: Vec<String> = items.iter().map(|i| element(i, d)).collect();
                format!("{{ {} }}", items.join(", "))
            }
            other => format!("{{ {} }}", stmt(other, d)),
        },
        "range" => {
            let r = body.as_array()?;
            format!("{}-{}", stmt(r.first()?, d), stmt(r.get(1)?, d))
        }
        "prefix" => format!("{}/{}", field("addr")?, field("len")?),
        "elem" => field("val")?,
        "accept" | "drop" | "return" | "continue" | "masquerade" => key.to_string(),
        "reject" => "reject".into(),
        "jump" | "goto" => format!("{key} {}", field("target")?),
        "vmap" => format!("{} vmap {}", field("key")?, field("data")?),
        "counter" => match body {
            Value::String(name) => format!("counter name \"{name}\""),
            _ => "counter".into(),
        },
        "limit" => format!(
            "limit rate {}/{}",
            field("rate").unwrap_or_default(),
            field("per").unwrap_or_default()
        ),
        "log" => match field("prefix") {
            Some(p) => format!("log prefix \"{p}\""),
            None => "log".into(),
        },
        "dnat" | "snat" | "redirect" => {
            let addr = field("addr").unwrap_or_default();
            let port = field("port").map(|p| format!(":{p}")).unwrap_or_default();
            format!("{key} to {addr}{port}")
        }
        _ => return None,
    })
}

/// An element of an anonymous set or map (`key : verdict` for a map).
fn element(v: &Value, d: usize) -> String {
    match v.as_array() {
        Some(pair) if pair.len() == 2 => pair
            .iter()
            .map(|p| stmt(p, d))
            .collect::<Vec<_>>()
            .join(" : "),
        _ => stmt(v, d),
    }
}

fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_read_like_nft() {
        let r = json!([
            {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}},
            {"counter": null},
            {"accept": null}
        ]);
        assert_eq!(rule(r.as_array().unwrap()), "tcp dport 22 counter accept");
        let v = json!({"vmap": {"key": {"&": [{"payload": {"protocol": "ip", "field": "daddr"}}, "255.255.255.0"]}, "data": "@out4_a"}});
        assert_eq!(stmt(&v, 0), "ip daddr & 255.255.255.0 vmap @out4_a");
    }

    #[test]
    fn deep_nesting_is_cut() {
        let mut v = json!(1);
        for _ in 0..50 {
            v = json!({"concat": [v]});
        }
        assert!(stmt(&v, 0).contains('…'));
    }
}
