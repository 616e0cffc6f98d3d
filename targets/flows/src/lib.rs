//! `zonec flows`: the flows a network really carries, from the records it
//! already keeps (AWS, Azure and GCP flow logs, `conntrack -L`, netfilter
//! log lines, a CSV), classified against a policy and, optionally, a
//! candidate policy: what is allowed and by which rule, what the policy
//! blocks and why, what breaks an invariant, and what a change would
//! break.
//!
//! The stages, each a module: `format` (one reader per format, detection),
//! `lines` (gzip, bounded lines), `direction` (who opened each flow),
//! `engine` (records to rows), `classify` (the verdict of a row),
//! `report` (the classified rows) and `output` (text, CSV, Markdown,
//! SARIF). Like the other library crates it does no I/O of its own: the
//! CLI opens the files and hands over readers. Memory grows with the
//! rows (zone pairs and ports), never with the records.

pub mod aggregate;
pub mod classify;
pub mod direction;
pub mod engine;
pub mod fields;
pub mod format;
pub mod lines;
pub mod output;
pub mod record;
pub mod report;
#[cfg(test)]
mod tests;

pub use classify::{Policy, Verdict};
pub use engine::{Engine, ReadError};
pub use format::Format;
pub use report::Report;
