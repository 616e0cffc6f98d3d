//! `zone NAME [external] [in PARENT] { fields }` and its fields: labels, description,
//! net, vlan and the cloud placements.

use super::blocks::{BlockKind, ZONE_FIELDS};
use super::cursor::quote;
use super::{after, PResult, Parser};
use crate::ast::{Item, ItemKind, PrefixLit, StrLit, ZoneField, ZoneFieldKind, ZoneItem};
use crate::lexer;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;

const ZONE_FORM: &str =
    "a zone reads `zone NAME [external] { labels ...; net ...; vlan ... }` or `zone NAME in PARENT { ... }`";

const ZONE_BLOCK: BlockKind = BlockKind {
    owner: "zone",
    fields: ZONE_FIELDS,
    unique: &[],
    example: "zone fields read `labels phi`, `net 10.10.0.0/16`, `vlan 110 \"CLINICAL\"`, \
              `description \"...\"`",
};

impl Parser<'_> {
    pub(super) fn zone(&mut self, kw: Span) -> PResult<Item> {
        let name = self.name("a zone name", "after `zone`", ZONE_FORM)?;
        let mut external = self.eat_keyword("external", false);
        let parent = match self.eat_keyword("in", false) {
            Some(_) => Some(self.name("a parent zone name", "after `in`", ZONE_FORM)?),
            None => None,
        };
        if external.is_none() && parent.is_some() {
            // `zone a in b external`: resolution reports the external member
            external = self.eat_keyword("external", false);
        }
        let open = self.open_block("after the zone name", ZONE_FORM)?;
        let mut fields = Vec::new();
        let close = self.block(open, &ZONE_BLOCK, &mut |p, word, span| {
            fields.extend(p.zone_field(word, span)?);
            Ok(())
        });
        self.end_after_block()?;
        Ok(Item {
            kind: ItemKind::Zone(ZoneItem {
                name,
                external,
                parent,
                fields,
            }),
            span: kw.to(close),
        })
    }

    /// One field after its keyword. `Ok(None)`: its value was malformed
    /// (already reported).
    fn zone_field(&mut self, word: &str, kw: Span) -> PResult<Option<ZoneField>> {
        let context = after(word);
        let kind = match word {
            "labels" => ZoneFieldKind::Labels(self.comma_list(|p| {
                p.name(
                    "a label name",
                    "",
                    "list the zone's labels: `labels phi, part2`",
                )
                .map(Some)
            })?),
            "net" => ZoneFieldKind::Net(self.prefix_list()?),
            "vlan" => match self.vlan()? {
                Some(kind) => kind,
                None => return Ok(None),
            },
            "description" => ZoneFieldKind::Description(self.field_string(context)?),
            "aws-vpc" => ZoneFieldKind::AwsVpc(self.field_string(context)?),
            "azure-vnet" => ZoneFieldKind::AzureVnet(self.field_string(context)?),
            _ => ZoneFieldKind::GcpNetwork(self.field_string(context)?),
        };
        if let ZoneFieldKind::Net(nets) = &kind {
            if nets.is_empty() {
                return Ok(None);
            }
        }
        Ok(Some(ZoneField {
            kind,
            span: kw.to(self.span(self.last_end, self.last_end)),
        }))
    }

    /// The prefixes of a `net` field. A prefix after another with no `,`
    /// between them is reported as the missing `,` and read as if it were
    /// there, so the zone keeps both.
    fn prefix_list(&mut self) -> PResult<Vec<PrefixLit>> {
        let mut prefixes = self.comma_list(|p| p.prefix())?;
        while let Some(diag) = self.missing_comma() {
            self.diags.push(diag);
            prefixes.extend(self.comma_list(|p| p.prefix())?);
        }
        Ok(prefixes)
    }

    /// The error for another prefix on this line without a `,` before it.
    fn missing_comma(&mut self) -> Option<Diagnostic> {
        let gap_start = self.last_end;
        self.skip_inline();
        let (addr, len) = self
            .peek(lexer::prefix_word)
            .filter(|(addr, _)| addr.contains(['.', ':']))?;
        let next = self.pos;
        let next_text = format!("{addr}{}", len.map_or(String::new(), |l| format!("/{l}")));
        let before = self.text.get(..gap_start).unwrap_or("");
        let last = before
            .rsplit(|c: char| c.is_whitespace() || c == ',')
            .next()
            .unwrap_or("")
            .trim_matches('"');
        let next_span = self.span(next, next + next_text.len());
        Some(
            Diagnostic::error(Code::Syntax, "expected `,` between two prefixes")
                .with_label(self.span(gap_start, next), "a `,` is missing here")
                .with_label(next_span, "another prefix")
                .with_help(format!(
                    "separate the prefixes of a `net` field with `,`: `{}, {}`",
                    quote(last),
                    quote(&next_text)
                )),
        )
    }

    fn field_string(&mut self, context: &str) -> PResult<StrLit> {
        self.string(
            "a string",
            context,
            "write the value in double quotes: `\"...\"`",
        )
    }

    /// `vlan INT [STRING]`
    fn vlan(&mut self) -> PResult<Option<ZoneFieldKind>> {
        self.skip_inline();
        let help = "a VLAN reads `vlan 110` or `vlan 110 \"CLINICAL\"`";
        let id =
            self.integer_here(|p| p.expected("a VLAN number", "after `vlan`").with_help(help))?;
        let name = if self.at_string() {
            Some(self.string("a VLAN name", "", help)?)
        } else {
            None
        };
        Ok(id.map(|id| ZoneFieldKind::Vlan { id, name }))
    }
}
