//! zonec's views of a policy: the audit report, the zone graph, the diff of
//! two policies, the zone matrix, `explain`'s answer, the zone of an
//! address (`which`) and the names of
//! allowed ports they share (`flows`). Like the emitters, views
//! are pure functions of the model and the analysis (never the syntax
//! tree) and give byte-identical output for the same policy; unlike the
//! emitters, what they write is for people to read, not for a device to
//! load.

pub mod diff;
pub mod explain;
pub mod flows;
pub mod graph;
pub mod matrix;
pub mod report;
#[cfg(test)]
mod testkit;
pub mod which;
