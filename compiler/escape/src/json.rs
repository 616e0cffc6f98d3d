//! JSON written for people and tools alike (`verify --format json` and
//! SARIF). serde_json escapes quotes, backslashes and C0 controls, but
//! writes DEL, C1 controls and the invisible and bidirectional characters
//! of [`crate::chars`] as themselves: valid JSON that reads differently
//! in a reviewer's editor or terminal. [`visible`] rewrites each of them,
//! in serialized JSON text, as its `\uXXXX` escape (a surrogate pair above
//! the BMP), which every JSON parser reads back as the same string.

use crate::chars;
use std::fmt::Write;

/// `json` (serialized JSON text) with every unsafe character escaped;
/// the line breaks and tabs between tokens stay (inside strings,
/// serde_json has escaped them already).
pub fn visible(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if chars::is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') {
            let mut units = [0u16; 2];
            for u in c.encode_utf16(&mut units) {
                // Writing into a String cannot fail.
                let _ = write!(out, "\\u{u:04x}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_become_escapes_that_read_back_the_same() {
        let value = serde_json::json!({"d": "a\u{202e}b\u{7f}\u{85}\u{e0001}\nc"});
        let text = visible(&serde_json::to_string_pretty(&value).unwrap());
        assert!(text.is_ascii(), "{text}");
        assert!(
            text.contains("\\u202e") && text.contains("\\udb40\\udc01"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
