//! Reading a provider's describe output: fields by name, each a
//! diagnostic when it has the wrong type (never a silent default), and
//! addresses in the forms the providers print.

use crate::addr::{self, Fam, Interval};
use crate::Unsupported;
use serde_json::Value;

/// The most rules one input may hold; more is refused (exit 2).
pub const MAX_RULES: usize = 200_000;

/// The document, or an error naming the command whose output it should be.
pub fn parse(text: &str, command: &str) -> Result<Value, Unsupported> {
    serde_json::from_str(text)
        .map_err(|e| Unsupported::input(format!("not the JSON output of `{command}`: {e}")))
}

/// The array `v[key]`; absent or `null` is empty.
pub fn array<'a>(v: &'a Value, key: &str, at: &str) -> Result<&'a [Value], Unsupported> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(Unsupported::input(format!("`{key}` is not an array")).located(at)),
    }
}

/// The string `v[key]`, if present and not `null`.
pub fn text<'a>(v: &'a Value, key: &str, at: &str) -> Result<Option<&'a str>, Unsupported> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Unsupported::input(format!("`{key}` is not a string")).located(at)),
    }
}

/// The string `v[key]`, which must be there.
pub fn needed<'a>(v: &'a Value, key: &str, at: &str) -> Result<&'a str, Unsupported> {
    text(v, key, at)?.ok_or_else(|| Unsupported::input(format!("`{key}` is missing")).located(at))
}

/// The integer `v[key]` (providers print some as strings), if present.
pub fn int(v: &Value, key: &str, at: &str) -> Result<Option<i64>, Unsupported> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| Unsupported::input(format!("`{key}` is not an integer")).located(at)),
        Some(Value::String(s)) => s
            .parse()
            .map(Some)
            .map_err(|_| Unsupported::input(format!("`{key}` is not an integer")).located(at)),
        Some(_) => Err(Unsupported::input(format!("`{key}` is not an integer")).located(at)),
    }
}

/// A CIDR (`10.0.0.0/8`, `fd00::/64`) or a single address.
pub fn cidr(text: &str) -> Option<(Fam, Interval)> {
    let (ip, len) = match text.split_once('/') {
        Some((ip, len)) => (ip, Some(len.parse::<u32>().ok()?)),
        None => (text, None),
    };
    for fam in Fam::ALL {
        if let Some(a) = addr::parse(fam, ip) {
            let full = match fam {
                Fam::V4 => 32,
                Fam::V6 => 128,
            };
            return Some((fam, addr::prefix(fam, a, len.unwrap_or(full))?));
        }
    }
    None
}

/// Like [`cidr`], an error naming the field when it is not one.
pub fn needed_cidr(text: &str, at: &str) -> Result<(Fam, Interval), Unsupported> {
    cidr(text)
        .ok_or_else(|| Unsupported::input(format!("`{text}` is not an address range")).located(at))
}

/// Count rules read so far against [`MAX_RULES`].
pub fn count(n: usize) -> Result<(), Unsupported> {
    if n > MAX_RULES {
        return Err(Unsupported::new(format!(
            "more than {MAX_RULES} rules in one input"
        )));
    }
    Ok(())
}
