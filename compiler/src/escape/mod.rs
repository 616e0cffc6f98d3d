//! Text safety: the one place that decides how text from a policy is
//! written into each output language.
//!
//! Every string a policy carries (names, reasons, tickets, descriptions,
//! citations) is hostile in every output: a `"` ends an nft string, `${`
//! starts a Terraform template, a newline starts a new IOS command, ESC
//! redraws a reviewer's terminal and a bidirectional override makes a file
//! read differently to a person than to its parser. Each output language has
//! one submodule here; nothing writes user text into an output another way.
//!
//! [`chars`] classifies the characters that are dangerous everywhere;
//! [`terminal`] is the escaping for everything printed to a terminal.

pub mod chars;
pub mod terminal;
