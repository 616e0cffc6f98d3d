//! `zonec flows --emit-sql spark`: the classification and aggregation of
//! the engine as data and one Spark SQL query, so estates whose flow logs
//! live in S3, Athena or a Spark cluster classify them where they are.
//! The policy becomes two tables, `addresses.csv` (the longest-prefix
//! table) and `verdicts.csv` (each zone pair's verdict per port range);
//! `flows.sql` does the rest (direction, zones, verdicts, rows) over a
//! flow table in the canonical columns (those of [`crate::record::Record`]),
//! and gives the rows of `--format csv`. The query and its companions are
//! fixed text with no policy text in them, so nothing from the policy is
//! ever SQL; every field of the CSVs goes through `zonec_escape::csv`.

mod addresses;
mod verdicts;

use crate::classify::Policy;
use zonec_base::Sources;

/// One file of the output directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    pub path: &'static str,
    pub contents: String,
}

/// The query, as written to `flows.sql`.
pub const QUERY: &str = include_str!("flows.sql");
/// The statements that register the two CSV tables.
pub const TABLES: &str = include_str!("tables.sql");
const README: &str = include_str!("README.md");

/// Every file of the directory, by path.
pub fn emit(p: Policy, sources: &Sources) -> Vec<File> {
    let file = |path, contents: &str| File {
        path,
        contents: contents.to_string(),
    };
    vec![
        file("README.md", README),
        file("addresses.csv", &addresses::csv(p)),
        file("flows.sql", QUERY),
        file("tables.sql", TABLES),
        file("verdicts.csv", &verdicts::csv(p, sources)),
    ]
}
