//! HTML, for the self-contained proof report (`zonec report`). In text
//! content `<` opens a tag (`<script>`) and `&` a character reference; in a
//! quoted attribute value `"` or `'` ends the value. The report's pages
//! carry a strict Content-Security-Policy, but escaping is what keeps text
//! text. Bidirectional overrides and zero-width characters would make a
//! reason or a zone read differently on the page than in the policy, and
//! HTML drops most control characters silently.
//!
//! Rule: the XML rule ([`super::xml`]): `&<>"'` as references, every
//! control and invisible character as visible text (`\u{202e}`). Every
//! string in the report, in content or in an attribute value, goes through
//! [`text`]; attribute values are always double-quoted.

/// `text` escaped for HTML content and double-quoted attribute values.
pub fn text(text: &str) -> String {
    super::xml::text(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_stay_text() {
        assert_eq!(
            text("</td><script>alert(1)</script>"),
            "&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(text("x\" onmouseover=\"y"), "x&quot; onmouseover=&quot;y");
        assert_eq!(text("\u{202e}evil"), "\\u{202e}evil");
    }
}
