//! Small helpers for building the emitted JSON documents in a fixed order
//! (serde_json keeps insertion order here) and printing them the same way
//! on every run.

use serde_json::{Map, Value};

/// An object with keys in the order given.
pub fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut map = Map::new();
    for (k, v) in pairs {
        map.insert(k.to_string(), v);
    }
    Value::Object(map)
}

/// Insert `value` under `section` → `kind` → `name` (Terraform's
/// `resource.TYPE.NAME` layout), creating the levels on first use.
pub fn put(root: &mut Map<String, Value>, section: &str, kind: &str, name: &str, value: Value) {
    let level = root
        .entry(section.to_string())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(level) = level {
        let kinds = level
            .entry(kind.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(kinds) = kinds {
            kinds.insert(name.to_string(), value);
        }
    }
}

/// Pretty JSON with two-space indents and a final newline.
pub fn render(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Terraform's `${TYPE.NAME.ATTR}` reference.
pub fn tf_ref(kind: &str, name: &str, attr: &str) -> Value {
    Value::String(format!("${{{kind}.{name}.{attr}}}"))
}
