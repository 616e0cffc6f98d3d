//! The canonical text of selectors and ports, rendered back from the syntax
//! tree: single spaces, `{a, @b}` sets, `tcp/8000-8100`. Used for the
//! selector texts of invariants and the text of inline service uses, so
//! messages show what the user wrote whatever their spacing.

use crate::ast::{PortKind, PortLit, Selector, SelectorKind};
use std::fmt;

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            SelectorKind::Zone(name) => f.write_str(&name.name),
            SelectorKind::Label(name) => write!(f, "@{}", name.name),
            SelectorKind::Any => f.write_str("any"),
            SelectorKind::Set(items) => {
                f.write_str("{")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("}")
            }
            // `except` is left-associative: a right operand that is itself an
            // `except` needs braces (a one-element set means the same zones).
            SelectorKind::Except(base, removed) => {
                write!(f, "{base}")?;
                for r in removed {
                    match r.kind {
                        SelectorKind::Except(..) => write!(f, " except {{{r}}}")?,
                        _ => write!(f, " except {r}")?,
                    }
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for PortLit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            PortKind::Any => f.write_str("any"),
            PortKind::Tcp { lo, hi } => numbered(f, "tcp", *lo, *hi),
            PortKind::Udp { lo, hi } => numbered(f, "udp", *lo, *hi),
            PortKind::Icmp(None) => f.write_str("icmp"),
            PortKind::Icmpv6(None) => f.write_str("icmpv6"),
            PortKind::Icmp(Some(t)) => write!(f, "icmp/{}", t.name),
            PortKind::Icmpv6(Some(t)) => write!(f, "icmpv6/{}", t.name),
        }
    }
}

fn numbered(f: &mut fmt::Formatter<'_>, proto: &str, lo: u64, hi: u64) -> fmt::Result {
    if lo == hi {
        write!(f, "{proto}/{lo}")
    } else {
        write!(f, "{proto}/{lo}-{hi}")
    }
}
