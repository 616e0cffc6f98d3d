//! Test inputs shared by the unit tests of several stages.

/// The language contract's "A first look" example, verbatim.
pub const FIRST_LOOK: &str = include_str!("first_look.zones");
