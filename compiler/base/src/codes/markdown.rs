//! `docs/diagnostics.md` from the table of codes: the page's fixed text
//! (`page.md`), the table of stages, then one section per code in the order
//! of the stages. Pure: the test suite compares it with the committed file
//! and rewrites that file when asked to.

use super::{Code, Stage};

const PAGE: &str = include_str!("page.md");

/// The whole of `docs/diagnostics.md`.
pub fn markdown() -> String {
    PAGE.replace("{stages}", &stages())
        .replace("{sections}", &sections())
}

/// The table linking every code, one row per stage.
fn stages() -> String {
    let mut out = String::from("| stage | codes |\n|---|---|\n");
    for stage in Code::STAGES {
        let links: Vec<String> = stage.codes.iter().map(|c| link(c.row().name)).collect();
        out.push_str(&format!("| {} | {} |\n", stage.name, links.join(", ")));
    }
    out
}

/// A link to a code's section: the heading `zonec::a-b` has the anchor `zoneca-b`.
fn link(name: &str) -> String {
    format!("[{name}](#zonec{name})")
}

/// One `## zonec::name` section per code, a blank line between them.
fn sections() -> String {
    let sections: Vec<String> = Code::STAGES
        .iter()
        .flat_map(|stage: &Stage| stage.codes)
        .map(|code| format!("## {code}\n\n{}", code.row().doc))
        .collect();
    sections.join("\n")
}
