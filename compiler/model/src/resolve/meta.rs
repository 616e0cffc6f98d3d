//! The `{ reason ... }` block of rules and invariants: copied into the
//! model, with `expires` refused on invariants
//! and checked against today on rules (expired: error; within 30 days:
//! warning). An expired `deny` is an error like an expired `allow`: silently
//! dropping it would open the flows it blocks, so the engineer must remove
//! or renew it.

use crate::policy::Meta;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_base::Date;
use zonec_syntax::ast::{self, DateLit};

/// Days before expiry from which a rule is reported as expiring soon.
pub(super) const EXPIRY_WARNING_DAYS: i64 = 30;

/// The model's meta. A field written twice is reported by the parser, which
/// keeps the first.
pub(super) fn meta(m: &ast::Meta) -> Meta {
    Meta {
        reason: m.reason.as_ref().map(|s| s.value.clone()),
        ticket: m.ticket.as_ref().map(|s| s.value.clone()),
        cites: m.cites.iter().map(|c| c.value.clone()).collect(),
        expires: m.expires.as_ref().map(DateLit::expiry),
        window: None,
    }
}

/// `expires` on a `forbid` or `require`: invariants hold for as long as the
/// policy does.
pub(super) fn expires_on_invariant(keyword: &str, expires: &DateLit) -> Diagnostic {
    Diagnostic::error(Code::ExpiresOnInvariant, format!("`expires` on a `{keyword}`"))
        .with_label(expires.span, "only `allow` and `deny` rules expire")
        .with_help(format!(
            "an invariant holds for as long as the policy does; remove `expires`, or delete the `{keyword}` when it no longer applies"
        ))
}

/// An expired rule (error) or one expiring within 30 days (warning).
pub(super) fn check_expiry(
    keyword: &str,
    expires: &DateLit,
    today: Date,
    diags: &mut Vec<Diagnostic>,
) {
    let days = today.days_until(expires.date);
    if days < 0 {
        diags.push(expired(keyword, expires, -days, today));
    } else if days <= EXPIRY_WARNING_DAYS {
        diags.push(expiring_soon(keyword, expires, days, today));
    }
}

fn expired(keyword: &str, expires: &DateLit, ago: i64, today: Date) -> Diagnostic {
    let remove = match keyword {
        "deny" => "remove the `deny` (the flows it blocks would then be allowed)",
        "monitor" => "enforce the zones (remove the `monitor`)",
        _ => "remove the `allow`",
    };
    let what = if keyword == "monitor" { "" } else { " rule" };
    Diagnostic::error(
        Code::ExpiredRule,
        format!("`{keyword}`{what} expired on {}", expires.expiry()),
    )
    .with_label(expires.span, format!("expired {} ago", days(ago)))
    .with_help(format!(
        "{remove}, or renew it with a later `expires` date (today is {today})"
    ))
}

fn expiring_soon(keyword: &str, expires: &DateLit, left: i64, today: Date) -> Diagnostic {
    let when = if left == 0 {
        "today".to_string()
    } else {
        format!("in {}", days(left))
    };
    let what = if keyword == "monitor" { "" } else { " rule" };
    Diagnostic::warning(
        Code::ExpiringSoon,
        format!("`{keyword}`{what} expires {when}"),
    )
    .with_label(expires.span, format!("expires on {}", expires.expiry()))
    .with_help(format!(
        "renew it with a later `expires` date or plan its removal (today is {today})"
    ))
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// From the item's keyword to the end of its destination selector.
pub(super) fn head_span(item: Span, to: Span) -> Span {
    Span {
        end: to.end,
        ..item
    }
}
