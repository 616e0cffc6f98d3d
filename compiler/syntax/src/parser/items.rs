//! The items other than `zone`: `policy`, `label`, `service`, the rules
//! (`allow`, `deny`) and the invariants (`forbid`, `require`), with the meta
//! block rules and invariants share.

use super::blocks::{exact, BlockKind, META_FIELDS};
use super::{after, PResult, Parser};
use crate::ast::{
    InvariantItem, InvariantKind, Item, ItemKind, LabelItem, Meta, PolicyItem, PortLit, RuleAction,
    RuleItem, Selector, ServiceItem, ServiceRef,
};
use crate::lexer::{self, Arrow};
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;

const POLICY_FORM: &str =
    "a policy reads `policy \"Riverbend Behavioral Health\" { owner \"...\" }`";
const LABEL_FORM: &str = "a label reads `label NAME \"description\" { cite \"...\" }`";
const SERVICE_FORM: &str =
    "a service reads `service https = tcp/443` or `service dns = udp/53, tcp/53`";
const NEXT_ITEM: &str = "start the next item on a new line";

const POLICY_BLOCK: BlockKind = BlockKind {
    owner: "policy",
    fields: &["owner"],
    unique: &["owner"],
    example: "a policy block holds `owner \"...\"`",
};

const LABEL_BLOCK: BlockKind = BlockKind {
    owner: "label",
    fields: &["cite"],
    unique: &[],
    example: "a label block holds `cite \"...\"` lines",
};

pub(super) const RULE_BLOCK: BlockKind = BlockKind {
    owner: "rule",
    fields: META_FIELDS,
    unique: &["reason", "ticket", "expires", "window"],
    example: "a rule block holds `reason \"...\"`, `ticket \"...\"`, `cite \"...\"`, `expires YYYY-MM-DD` and `window \"...\"`",
};

const INVARIANT_BLOCK: BlockKind = BlockKind {
    owner: "invariant",
    ..RULE_BLOCK
};

/// What rules and invariants share: `SEL -> SEL [: services] [{ meta }]`.
struct Flow {
    from: Selector,
    arrow: Arrow,
    arrow_span: Span,
    to: Selector,
    services: Vec<ServiceRef>,
    /// False if a service was dropped for a bad value (already reported).
    complete: bool,
    meta: Meta,
    end: Span,
}

impl Parser<'_> {
    /// `policy STRING [{ owner STRING }]`
    pub(super) fn policy(&mut self, kw: Span) -> PResult<Item> {
        let name = self.string("the policy name as a string", "after `policy`", POLICY_FORM)?;
        let mut owner = None;
        let mut end = name.span;
        if let Some(open) = self.eat_char('{') {
            end = self.block(open, &POLICY_BLOCK, &mut |p, _, _| {
                let value = p.string("a string", "after `owner`", POLICY_FORM)?;
                owner.get_or_insert(value);
                Ok(())
            });
            self.end_after_block()?;
        } else {
            self.end_item("`{` or end of line", "after the policy name", POLICY_FORM)?;
        }
        Ok(Item {
            kind: ItemKind::Policy(PolicyItem { name, owner }),
            span: kw.to(end),
        })
    }

    /// `label NAME [STRING] [{ cite STRING... }]`
    pub(super) fn label(&mut self, kw: Span) -> PResult<Item> {
        let name = self.name("a label name", "after `label`", LABEL_FORM)?;
        let mut end = name.span;
        let description = if self.at_string() {
            let s = self.string("a description", "", LABEL_FORM)?;
            end = s.span;
            Some(s)
        } else {
            None
        };
        let mut cites = Vec::new();
        if let Some(open) = self.eat_char('{') {
            end = self.block(open, &LABEL_BLOCK, &mut |p, _, _| {
                cites.push(p.string("a string", "after `cite`", LABEL_FORM)?);
                Ok(())
            });
            self.end_after_block()?;
        } else {
            let context = "after the label name";
            self.end_item(
                "a description string, `{` or end of line",
                context,
                LABEL_FORM,
            )?;
        }
        Ok(Item {
            kind: ItemKind::Label(LabelItem {
                name,
                description,
                cites,
            }),
            span: kw.to(end),
        })
    }

    /// `service NAME = port, port...`. A syntax error after the name drops
    /// the item but keeps the name in `broken_services`, so that the rules
    /// using it are not also reported as naming an unknown service.
    pub(super) fn service(&mut self, kw: Span) -> PResult<Option<Item>> {
        let name = self.name("a service name", "after `service`", SERVICE_FORM)?;
        match self.service_ports() {
            Ok(ports) => {
                let span = kw.to(self.span(self.last_end, self.last_end));
                Ok(Some(Item {
                    kind: ItemKind::Service(ServiceItem { name, ports }),
                    span,
                }))
            }
            Err(diag) => {
                self.diags.push(diag);
                self.recover(kw.start as usize);
                self.broken_services.push(name);
                Ok(None)
            }
        }
    }

    /// `= port, port...` to the end of the item.
    fn service_ports(&mut self) -> PResult<Vec<PortLit>> {
        if self.eat_char('=').is_none() {
            return Err(self
                .expected("`=`", "after the service name")
                .with_help(SERVICE_FORM));
        }
        let ports = self.comma_list(|p| p.port())?;
        let help = "separate ports with `,`: `service dns = udp/53, tcp/53`";
        self.end_item("`,` or end of line", "after the port", help)?;
        Ok(ports)
    }

    /// `allow|deny SEL -> SEL [: services] [{ meta }]`
    pub(super) fn rule(&mut self, action: RuleAction, kw: Span) -> PResult<Option<Item>> {
        let word = match action {
            RuleAction::Allow => "allow",
            RuleAction::Deny => "deny",
        };
        let form = match action {
            RuleAction::Allow => "a rule reads `allow FROM -> TO : services`",
            RuleAction::Deny => "a rule reads `deny FROM -> TO : services`",
        };
        let flow = self.flow(word, form, &RULE_BLOCK)?;
        if flow.arrow == Arrow::Path {
            return Err(path_arrow_misplaced(word, flow.arrow_span));
        }
        if !flow.complete {
            return Ok(None);
        }
        Ok(Some(Item {
            span: kw.to(flow.end),
            kind: ItemKind::Rule(RuleItem {
                action,
                from: flow.from,
                to: flow.to,
                services: flow.services,
                meta: flow.meta,
            }),
        }))
    }

    /// `forbid SEL -> SEL ...`, `forbid SEL ->* SEL ...`, `require SEL -> SEL ...`
    pub(super) fn invariant(&mut self, kind: InvariantKind, kw: Span) -> PResult<Option<Item>> {
        let (word, form) = match kind {
            InvariantKind::Require => (
                "require",
                "an invariant reads `require FROM -> TO : services`",
            ),
            _ => (
                "forbid",
                "an invariant reads `forbid FROM -> TO` or `forbid FROM ->* TO`",
            ),
        };
        let flow = self.flow(word, form, &INVARIANT_BLOCK)?;
        let kind = match (kind, flow.arrow) {
            (InvariantKind::Require, Arrow::Path) => {
                return Err(path_arrow_misplaced(word, flow.arrow_span));
            }
            (InvariantKind::Forbid, Arrow::Path) => InvariantKind::ForbidPath,
            (kind, _) => kind,
        };
        if !flow.complete {
            return Ok(None);
        }
        Ok(Some(Item {
            span: kw.to(flow.end),
            kind: ItemKind::Invariant(InvariantItem {
                kind,
                from: flow.from,
                to: flow.to,
                services: flow.services,
                meta: flow.meta,
            }),
        }))
    }

    fn flow(&mut self, word: &str, form: &str, block: &BlockKind) -> PResult<Flow> {
        let from = self.selector(after(word), 0)?;
        let (arrow, arrow_span) = self.arrow(form)?;
        let context = match arrow {
            Arrow::Path => "after `->*`",
            Arrow::Direct => "after `->`",
        };
        let to = self.selector(context, 0)?;
        let mut end = to.span;
        let mut complete = true;
        let services = if let Some(colon) = self.eat_char(':') {
            let list = self.comma_list_all(|p| p.service_ref("after `:`"))?;
            end = self.span(self.last_end, self.last_end).to(colon);
            complete = list.iter().all(Option::is_some);
            exact(list.into_iter().flatten())
        } else {
            Vec::new()
        };
        let mut meta = Meta::default();
        if let Some(open) = self.eat_char('{') {
            end = self.block(open, block, &mut |p, field, _| {
                p.meta_field(field, &mut meta)
            });
            self.end_after_block()?;
        } else {
            self.end_flow(services.is_empty(), form)?;
        }
        Ok(Flow {
            from,
            arrow,
            arrow_span,
            to,
            services,
            complete,
            meta,
            end,
        })
    }

    fn arrow(&mut self, form: &str) -> PResult<(Arrow, Span)> {
        self.skip_inline();
        match self.lex(lexer::arrow) {
            Some(found) => Ok(found),
            None => Err(self
                .expected("`->`", "after the source selector")
                .with_help(form)),
        }
    }

    /// After a rule or invariant: a `;`, a newline or the end of the file.
    fn end_flow(&mut self, no_services: bool, form: &str) -> PResult<()> {
        self.skip_inline();
        if no_services && self.peek(lexer::ident).is_some() {
            return Err(self.expected("`:`", "before the services").with_help(form));
        }
        if no_services {
            return self.end_item("`:`, `{` or end of line", "after the destination", form);
        }
        let help = "separate services with `,`: `: https, tcp/8443`";
        self.end_item("`,`, `{` or end of line", "after the services", help)
    }

    /// After the `}` of an item's block.
    pub(super) fn end_after_block(&mut self) -> PResult<()> {
        self.end_item("end of line or `;`", "after the `}`", NEXT_ITEM)
    }

    pub(super) fn meta_field(&mut self, field: &str, meta: &mut Meta) -> PResult<()> {
        let context = after(field);
        let help = "write the value in double quotes: `\"...\"`";
        match field {
            "reason" => {
                let value = self.string("a string", context, help)?;
                meta.reason.get_or_insert(value);
            }
            "ticket" => {
                let value = self.string("a string", context, help)?;
                meta.ticket.get_or_insert(value);
            }
            "cite" => meta.cites.push(self.string("a string", context, help)?),
            "window" => {
                let help =
                    "write the window in double quotes: `window \"Mon-Fri 07:00-19:00 -05:00\"`";
                let value = self.string("a string", context, help)?;
                meta.window.get_or_insert(value);
            }
            _ => {
                if let Some(date) = self.date()? {
                    meta.expires.get_or_insert(date);
                }
            }
        }
        Ok(())
    }
}

fn path_arrow_misplaced(word: &str, span: Span) -> Diagnostic {
    Diagnostic::error(Code::Syntax, format!("`->*` is not allowed in `{word}`"))
        .with_label(span, "a path arrow")
        .with_help(format!(
            "write `{word} FROM -> TO`; only `forbid FROM ->* TO` speaks of paths"
        ))
}
