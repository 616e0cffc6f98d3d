//! CloudFormation JSON templates. JSON's own syntax is serde_json's job;
//! what CloudFormation adds is the dynamic reference: a
//! `{{resolve:ssm:NAME}}`, `{{resolve:ssm-secure:...}}` or
//! `{{resolve:secretsmanager:...}}` anywhere in a resource property string
//! is replaced at deploy time by a parameter or secret, so a reason could
//! copy a secret into a security-group description that anyone with read
//! access to EC2 can see. There is no escape for it. (`${...}` is special
//! only inside `Fn::Sub`, which zonec does not use.)
//!
//! Rule: every character a reader could not see (control, bidirectional,
//! zero-width) becomes a space, and every `{{` becomes `{ {`, so no dynamic
//! reference can start. Apply it before the provider's length and character
//! rules ([`super::cloud`]), which then cut the spaced text to the limit;
//! applying it again to the result changes nothing.

use super::chars::is_unsafe;

/// `text` as a CloudFormation string that no dynamic reference can start in.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.push(' ');
            continue;
        }
        if c == '{' && out.ends_with('{') {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_dynamic_reference_can_start() {
        assert_eq!(
            string("{{resolve:secretsmanager:db:SecretString:password}}"),
            "{ {resolve:secretsmanager:db:SecretString:password}}"
        );
        assert_eq!(string("{{{x"), "{ { {x");
        assert_eq!(string("${AWS::Region} {a}"), "${AWS::Region} {a}");
    }

    #[test]
    fn invisible_characters_become_spaces() {
        assert_eq!(string("a\u{202e}b\u{1b}c"), "a b c");
    }
}
