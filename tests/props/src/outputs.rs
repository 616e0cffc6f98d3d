//! What every output must be, whatever the policy says: JSON files parse,
//! and no file contains a control or invisible character (ESC, CR, NUL,
//! bidirectional overrides, zero-width characters...) except the layout
//! characters its language uses itself: newlines everywhere, and tabs in
//! the nftables ruleset, which indents with them.

use zonec_escape::chars::is_unsafe;

/// Panic unless `contents`, the output named `path`, is safe text of its
/// language.
pub fn check(path: &str, contents: &str) {
    if path.ends_with(".json") {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(contents) {
            panic!("{path}: not valid JSON ({e})");
        }
    }
    let layout: &[char] = if path.ends_with(".nft") {
        &['\n', '\t']
    } else {
        &['\n']
    };
    let raw = contents
        .char_indices()
        .find(|&(_, c)| is_unsafe(c) && !layout.contains(&c));
    if let Some((at, c)) = raw {
        let line = contents[..at].matches('\n').count() + 1;
        panic!("{path}: raw {c:?} at line {line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_characters_are_allowed_where_the_language_uses_them() {
        check(
            "nftables/zonec.nft",
            "table inet zonec {\n\tchain x {\n\t}\n}\n",
        );
        check("cloud/gcp.tf.json", "{\n  \"a\": \"\\u001b\"\n}\n");
    }

    #[test]
    #[should_panic(expected = "raw '\\u{202e}' at line 2")]
    fn a_bidi_override_is_caught() {
        check("vlan/ios.cfg", "vlan 10\n name A\u{202e}B\n");
    }

    #[test]
    #[should_panic(expected = "raw '\\t'")]
    fn a_tab_outside_nftables_is_caught() {
        check("vlan/junos.conf", "a\tb\n");
    }

    #[test]
    #[should_panic(expected = "not valid JSON")]
    fn broken_json_is_caught() {
        check("cloud/aws.cfn.json", "{\"a\": }");
    }
}
