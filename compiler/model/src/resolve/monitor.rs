//! `monitor SEL [{ meta }]` (version 1.1): the selector expanded to the
//! monitored zones, the meta copied, `expires` checked as on an `allow`
//! (a staged state must not linger unnoticed) and a `window` refused.

use super::meta::{self, head_span};
use super::selectors::{self, LabelIndex};
use super::{window, Cx};
use crate::policy::Monitor;
use zonec_base::span::Span;
use zonec_syntax::ast::MonitorItem;

impl Cx<'_> {
    pub(super) fn monitor(&mut self, m: &MonitorItem, span: Span, labels: &LabelIndex) {
        let mentions = &mut self.model.mentions;
        let zones = selectors::expand(&m.zones, &self.names, labels, mentions, &mut self.diags);
        if zones.as_ref().is_some_and(Vec::is_empty) {
            self.diags.push(selectors::empty_selector(&m.zones));
        }
        let meta = meta::meta(&m.meta);
        // Reported, never kept: a monitor holds until it is removed.
        let _ = window::window(m.meta.window.as_ref(), "monitor", &mut self.diags);
        if let Some(expires) = &m.meta.expires {
            meta::check_expiry("monitor", expires, self.options.today, &mut self.diags);
        }
        let Some(zones) = zones else { return };
        self.model.monitors.push(Monitor {
            zones,
            meta,
            span,
            head_span: head_span(span, m.zones.span),
        });
    }
}
