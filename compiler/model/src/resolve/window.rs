//! `window STRING` on a rule or invariant (version 1.1): parsed into a
//! weekly window on an `allow`, refused anywhere else, each malformed part
//! named (`zonec_base::window` judges the string).

use crate::policy::AccessWindow;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::window::Window;
use zonec_syntax::ast::StrLit;

/// The window of an item whose keyword is `keyword`, or `None` (absent, or
/// reported).
pub(super) fn window(
    lit: Option<&StrLit>,
    keyword: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<AccessWindow> {
    let lit = lit?;
    if keyword != "allow" {
        diags.push(misplaced(lit, keyword));
        return None;
    }
    match Window::parse(&lit.value) {
        Ok(window) => Some(AccessWindow {
            window,
            text: lit.value.clone(),
            span: lit.span,
        }),
        Err(err) => {
            diags.push(
                Diagnostic::error(Code::InvalidWindow, err.message())
                    .with_label(lit.span, "not a weekly window")
                    .with_help(err.help()),
            );
            None
        }
    }
}

fn misplaced(lit: &StrLit, keyword: &str) -> Diagnostic {
    let help = match keyword {
        "deny" => "a deny holds at all times (one that lapsed outside a window would open its flows); remove the `window`",
        "monitor" => "a zone is monitored until it is enforced; remove the `window`, and bound the `monitor` with `expires` if it should end",
        _ => "an invariant holds at all times; remove the `window`",
    };
    Diagnostic::error(Code::WindowMisplaced, format!("`window` on a `{keyword}`"))
        .with_label(lit.span, "only an `allow` has a window")
        .with_help(help)
}
