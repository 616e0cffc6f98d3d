//! Ports (`tcp/443`, `udp/53`, `tcp/8000-8100`, `icmp`, `icmp/echo-request`,
//! `icmpv6`, `icmpv6/TYPE`, `any`) and the services of a rule, where
//! declared service names and inline ports mix.

use super::blocks::suggest;
use super::cursor::quote;
use super::{PResult, Parser};
use crate::ast::{Ident, PortKind, PortLit, ServiceRef};
use crate::lexer;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;

const PROTOCOLS: &[&str] = &["tcp", "udp", "icmp", "icmpv6"];
const PORT_FORMS: &str =
    "ports read `tcp/443`, `udp/53`, `tcp/8000-8100`, `icmp`, `icmp/echo-request`, `icmpv6` or `any`";

/// A port keyword: the start of an inline port rather than a name.
fn is_port_word(word: &str) -> bool {
    word == "any" || PROTOCOLS.contains(&word)
}

impl Parser<'_> {
    /// A port in a `service` item. `Ok(None)`: malformed number (reported).
    pub(super) fn port(&mut self) -> PResult<Option<PortLit>> {
        self.skip_inline();
        if let Some(diag) = self.bare_port("a port", "") {
            return Err(diag);
        }
        let Some(word) = self.peek(lexer::ident) else {
            return Err(self.expected("a port", "").with_help(PORT_FORMS));
        };
        if is_port_word(word)
            || self
                .rest()
                .get(word.len()..)
                .is_some_and(|r| r.starts_with('/'))
        {
            return self.inline_port();
        }
        let help = format!("{PORT_FORMS}; a service cannot include another service");
        Err(self.expected("a port", "").with_help(help))
    }

    /// A service in a rule: a name or an inline port.
    pub(super) fn service_ref(&mut self, context: &str) -> PResult<Option<ServiceRef>> {
        self.skip_inline();
        if let Some(diag) = self.bare_port("a service", context) {
            return Err(diag);
        }
        let Some(word) = self.peek(lexer::ident) else {
            let help = "name services after `:`, such as `: https, tcp/8443`; without `:` a rule \
                        covers every service";
            return Err(self.expected("a service", context).with_help(help));
        };
        if is_port_word(word)
            || self
                .rest()
                .get(word.len()..)
                .is_some_and(|r| r.starts_with('/'))
        {
            return Ok(self.inline_port()?.map(ServiceRef::Inline));
        }
        let help = "name services after `:`, such as `: https, tcp/8443`";
        Ok(Some(ServiceRef::Named(self.name(
            "a service",
            context,
            help,
        )?)))
    }

    /// A port number written without its protocol (`443`, `8000-8100`):
    /// the error that names the protocols it could be given. `None` if the
    /// next word is not such a number (then the caller's own error applies).
    fn bare_port(&self, what: &str, context: &str) -> Option<Diagnostic> {
        // A number that is a port: a bigger one is no `tcp/N` either.
        let digits = |n: &&str| n.parse::<u16>().is_ok_and(|p| p > 0);
        let number = self.peek(lexer::number_word).filter(digits)?;
        let range = self
            .rest()
            .get(number.len()..)
            .and_then(|r| r.strip_prefix('-'))
            .and_then(|r| lexer::number_word(r).ok())
            .map(|(_, hi)| hi)
            .filter(digits);
        let written = match range {
            Some(hi) => format!("{number}-{hi}"),
            None => number.to_string(),
        };
        let written = quote(&written);
        let help =
            format!("a port number needs its protocol: write `tcp/{written}` or `udp/{written}`");
        let label = "a port number without its protocol";
        Some(self.expected_labelled(what, context, label).with_help(help))
    }

    /// An inline port, from its protocol word.
    fn inline_port(&mut self) -> PResult<Option<PortLit>> {
        let (word, wspan) = self.lex(lexer::ident).unwrap_or_default();
        let kind = match word {
            "any" => Some(PortKind::Any),
            "tcp" | "udp" => self.port_range(word)?,
            "icmp" | "icmpv6" => Some(self.icmp(word)?),
            _ => return Err(unknown_protocol(word, wspan)),
        };
        let span = wspan.to(self.span(self.last_end, self.last_end));
        Ok(kind.map(|kind| PortLit { kind, span }))
    }

    /// `/N` or `/N-M` after `tcp` or `udp`.
    fn port_range(&mut self, proto: &str) -> PResult<Option<PortKind>> {
        let help = || format!("write `{proto}/443` or a range such as `{proto}/8000-8100`");
        if self.eat_char_here('/').is_none() {
            let what = format!("`/` and a port number right after `{proto}`");
            let spaced = lexer::number_word(self.rest().trim_start_matches(lexer::is_space))
                .ok()
                .map(|(_, n)| n)
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()));
            let help = match spaced {
                Some(n) => format!("write `{proto}/{}`, with no space", quote(n)),
                None => help(),
            };
            return Err(self.expected(&what, "").with_help(help));
        }
        let lo = self.integer_here(|p| {
            let context = format!("after `{proto}/`");
            p.expected("a port number", &context).with_help(help())
        })?;
        let hi = if self.rest().starts_with('-') && !self.rest().starts_with("->") {
            self.eat_char_here('-');
            self.integer_here(|p| p.expected("a port number", "after `-`").with_help(help()))?
        } else {
            lo.clone()
        };
        Ok(lo.zip(hi).map(|(lo, hi)| {
            let (lo, hi) = (lo.value, hi.value);
            if proto == "tcp" {
                PortKind::Tcp { lo, hi }
            } else {
                PortKind::Udp { lo, hi }
            }
        }))
    }

    /// `icmp` or `icmp/TYPE` (likewise `icmpv6`).
    fn icmp(&mut self, proto: &str) -> PResult<PortKind> {
        let ty = if self.eat_char_here('/').is_some() {
            let Some((name, span)) = self.lex(lexer::icmp_type) else {
                let what = format!("an ICMP type name after `{proto}/`");
                let help = "ICMP types are lowercase names such as `echo-request`";
                return Err(self.expected(&what, "").with_help(help));
            };
            Some(Ident {
                name: name.to_string(),
                span,
            })
        } else {
            None
        };
        Ok(if proto == "icmp" {
            PortKind::Icmp(ty)
        } else {
            PortKind::Icmpv6(ty)
        })
    }
}

fn unknown_protocol(word: &str, span: Span) -> Diagnostic {
    let help = match suggest(word, PROTOCOLS) {
        Some(best) => format!("did you mean `{best}`?"),
        None => PORT_FORMS.to_string(),
    };
    Diagnostic::error(Code::Syntax, format!("unknown protocol `{word}`"))
        .with_label(span, "not `tcp`, `udp`, `icmp` or `icmpv6`")
        .with_help(help)
}
