//! The table's own consistency: what the compiler cannot check about rows.

use super::*;
use std::collections::BTreeSet;

#[test]
fn all_lists_every_code_once_in_number_order() {
    let numbers: Vec<usize> = Code::ALL.iter().map(|&c| c as usize).collect();
    assert_eq!(numbers, (0..Code::ALL.len()).collect::<Vec<_>>());
    let staged: BTreeSet<Code> = Code::STAGES.iter().flat_map(|s| s.codes).copied().collect();
    assert_eq!(staged.len(), Code::ALL.len(), "a code in two stages");
}

#[test]
fn rows_agree_with_their_code() {
    let mut names = BTreeSet::new();
    for stage in Code::STAGES {
        for &code in stage.codes {
            let row = code.row();
            assert_eq!(row.code, code);
            assert_eq!(row.stage, stage.name);
            assert_eq!(code.as_str(), format!("zonec::{}", row.name));
            assert!(names.insert(row.name), "{} twice", row.name);
        }
    }
}

/// The doc's first line states the severity; it must be the table's.
#[test]
fn doc_severity_line_matches_the_table() {
    for &code in Code::ALL {
        let row = code.row();
        let expected = match row.severity {
            Severity::Error => "**Error — exit ",
            Severity::Warning => "**Warning — exit 0.**",
        };
        assert!(
            row.doc.starts_with(expected),
            "{code}: {:?}",
            row.doc.lines().next()
        );
    }
}

#[test]
fn summaries_are_one_line_and_docs_have_no_headings() {
    for &code in Code::ALL {
        let row = code.row();
        assert!(
            !row.summary.is_empty() && !row.summary.contains('\n'),
            "{code}"
        );
        assert!(
            row.doc.ends_with('\n') && !row.doc.ends_with("\n\n"),
            "{code}"
        );
        let heading = row.doc.lines().find(|l| l.starts_with("## "));
        assert_eq!(heading, None, "{code}: a heading would split its section");
    }
}

#[test]
fn the_page_links_and_heads_every_code() {
    let page = markdown();
    for &code in Code::ALL {
        let name = code.row().name;
        assert!(page.contains(&format!("[{name}](#zonec{name})")), "{name}");
        assert!(
            page.lines().any(|l| l == format!("## zonec::{name}")),
            "{name}"
        );
    }
    assert!(!page.contains("{stages}") && !page.contains("{sections}"));
}
