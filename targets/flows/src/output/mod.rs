//! The report in each output language: text for a terminal (worst first),
//! CSV, Markdown and SARIF; JSON is the report's own serialisation. Every
//! text from a policy or an input goes through `zonec_escape`.

mod csv;
mod human;
mod markdown;
mod sarif;

pub use csv::csv;
pub use human::human;
pub use markdown::markdown;
pub use sarif::sarif;

use crate::report::Row;

/// How many rows of each kind the text and Markdown show.
pub const LISTED: usize = 50;

/// `tcp/443`, `icmp/8`, `47`.
pub fn service(row: &Row) -> String {
    match row.port {
        Some(p) => format!("{}/{p}", row.proto),
        None => row.proto.clone(),
    }
}

/// A zone's name, or `(no zone)`.
pub fn zone(name: &Option<String>) -> &str {
    name.as_deref().unwrap_or("(no zone)")
}
