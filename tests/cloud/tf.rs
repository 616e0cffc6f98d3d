//! How Terraform reads a string of a `.tf.json` file that holds no
//! interpolation or directive: `$${` is a literal `${` and `%%{` a literal
//! `%{` (HashiCorp's documented escapes), everything else is itself. The
//! evaluators read names that come from the policy (VNet and network
//! names) through it, as Terraform would; `hostile.rs` checks it against
//! Terraform itself.

/// The value Terraform gives the template `raw`.
pub fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if !(rest.starts_with("$${") || rest.starts_with("%%{")) {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[test]
fn escapes_read_as_terraform_documents() {
    assert_eq!(text("$${x} %%{y} $$${z} $ %"), "${x} %{y} $${z} $ %");
}
