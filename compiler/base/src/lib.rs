//! The vocabulary every layer of zonec shares and nothing else: where text
//! came from ([`span`], [`source`]), calendar dates ([`date`]), expiry instants ([`expiry`]) and weekly
//! access windows ([`window`]) and the
//! problems zonec reports ([`diagnostic`], and the one table of their codes
//! in [`codes`]).
//!
//! It sits below the syntax: the syntax tree, the model, the analysis and
//! the targets all speak of spans, dates and diagnostics, and none of them
//! may depend on a layer above it to do so.

pub mod codes;
pub mod date;
pub mod diagnostic;
pub mod expiry;
pub mod source;
pub mod span;
pub mod window;

pub use date::Date;
pub use diagnostic::{Code, Diagnostic, Severity};
pub use expiry::Expiry;
pub use source::Sources;
pub use span::{FileId, Span};
