//! Unit tests of `explain`'s text on the hand-made model of `testkit`.

use super::*;
use crate::testkit;

fn answer(from: usize, to: usize) -> String {
    asked(from, to, "any")
}

fn asked(from: usize, to: usize, asked: &str) -> String {
    let (model, sources) = testkit::policy();
    let analysis = zonec_analysis::analyze(&model);
    let question = Question {
        from: Endpoint::Zone(ZoneId::from_index(from)),
        to: Endpoint::Zone(ZoneId::from_index(to)),
        ports: PortSet::any(),
        asked: asked.to_string(),
    };
    Explained::new(&model, &analysis, &sources, &question).text()
}

#[test]
fn the_asked_ports_cannot_print_a_line_of_their_own() {
    let text = asked(1, 2, "any\ndirect: allowed on any");
    assert!(
        text.contains(" on any\\u{a}direct: allowed on any\n"),
        "{text}"
    );
    assert!(text.contains("direct: not allowed\n"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("direct: allowed")),
        "{text}"
    );
}

#[test]
fn an_allowed_flow_names_its_rule_and_its_one_hop_path() {
    let text = answer(0, 1);
    assert!(text.starts_with("flow `web` -> `db` on any\n\n"), "{text}");
    assert!(text.contains("direct: allowed on pg\n"), "{text}");
    assert!(
        text.contains("`allow web -> db` at t.zones:1:1 grants pg\n"),
        "{text}"
    );
    assert!(text.contains("any path: possible in 1 hop(s)"), "{text}");
}

#[test]
fn a_reason_cannot_print_a_line_of_its_own() {
    let text = answer(0, 1);
    assert!(
        text.contains(r#"reason "backups\u{a}any path: none""#),
        "{text}"
    );
    assert!(
        !text.lines().any(|l| l.starts_with("any path: none")),
        "{text}"
    );
}

#[test]
fn no_path_gives_the_closed_set_and_escapes_zone_names() {
    let text = answer(1, 2);
    assert!(text.contains("direct: not allowed\n"), "{text}");
    assert!(text.contains("any path: none, of any length\n"), "{text}");
    assert!(
        text.contains("the zones `db` can reach on any port are {`db`}"),
        "{text}"
    );
    assert!(text.contains("`x\\u{1b}[31m`"), "{text}");
    assert!(!text.contains('\u{1b}'), "{text}");
}
