//! `monitor SEL [{ meta }]` (version 1.1): zones in monitor mode, with
//! the meta block of rules.

use super::blocks::BlockKind;
use super::items::RULE_BLOCK;
use super::{PResult, Parser};
use crate::ast::{Item, ItemKind, Meta, MonitorItem};
use zonec_base::span::Span;

const MONITOR_FORM: &str =
    "a monitor reads `monitor {pumps, bldg_iot} { reason \"...\"; expires 2027-01-31 }`";

const MONITOR_BLOCK: BlockKind = BlockKind {
    owner: "monitor",
    ..RULE_BLOCK
};

impl Parser<'_> {
    /// `monitor SEL [{ meta }]`
    pub(super) fn monitor(&mut self, kw: Span) -> PResult<Item> {
        let zones = self.selector("after `monitor`", 0)?;
        let mut end = zones.span;
        let mut meta = Meta::default();
        if let Some(open) = self.eat_char('{') {
            end = self.block(open, &MONITOR_BLOCK, &mut |p, field, _| {
                p.meta_field(field, &mut meta)
            });
            self.end_after_block()?;
        } else {
            self.end_item(
                "`{` or end of line",
                "after the monitored zones",
                MONITOR_FORM,
            )?;
        }
        Ok(Item {
            kind: ItemKind::Monitor(MonitorItem { zones, meta }),
            span: kw.to(end),
        })
    }
}
