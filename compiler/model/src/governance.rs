//! Opt-in governance checks: rules an organisation's change control adds
//! to the language's own. Each is a pure function of the model that the
//! CLI runs when asked (`--require-ticket`).

use crate::{Action, Model};
use zonec_base::diagnostic::{Code, Diagnostic};

/// An error for every `allow` without a ticket (missing or blank).
pub fn missing_tickets(model: &Model) -> Vec<Diagnostic> {
    model
        .rules
        .iter()
        .filter(|r| r.action == Action::Allow)
        .filter(|r| r.meta.ticket.as_deref().is_none_or(|t| t.trim().is_empty()))
        .map(|r| {
            Diagnostic::error(Code::MissingTicket, "this allow has no ticket")
                .with_label(r.head_span, "no `ticket` names the change that approved it")
                .with_help(
                    "`--require-ticket` is on: add the approving change to the rule's block, \
                     e.g. `{ ticket \"CHG-1234\" }`",
                )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zonec_base::{Date, Sources};

    #[test]
    fn allows_without_a_ticket_are_errors_and_denies_are_not() {
        let mut sources = Sources::new();
        sources.add(
            "t.zones",
            "zone a { net 10.0.0.0/8 }\nzone b { net 11.0.0.0/8 }\n\
             allow a -> b : tcp/22 { ticket \"CHG-1\" }\n\
             allow b -> a : tcp/22\n\
             allow b -> a : tcp/80 { ticket \" \" }\n\
             deny a -> b : tcp/23\n",
        );
        let today = Date::parse("2026-12-01").expect("date");
        let frontend = crate::compile(&sources, &crate::ResolveOptions { today });
        assert!(!frontend.has_errors(), "{:?}", frontend.diagnostics);
        let found = missing_tickets(&frontend.model);
        assert_eq!(found.len(), 2);
        assert!(found
            .iter()
            .all(|d| d.code == Code::MissingTicket && d.is_error()));
    }
}
