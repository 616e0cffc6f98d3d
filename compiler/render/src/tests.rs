//! Human rendering on hostile input: long lines, control and bidi
//! characters, lone `\r` and byte-order marks, many labels and many
//! diagnostics. Each asserts on the plain rendering at a fixed width.

use super::*;
use zonec_base::diagnostic::Code;
use zonec_base::span::{FileId, Span};

fn one_file(text: &str) -> Sources {
    let mut sources = Sources::new();
    sources.add("p.zones", text);
    sources
}

fn at(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap_or(0);
    Span::new(FileId(0), start, start + needle.len())
}

fn render(text: &str, d: Diagnostic) -> String {
    human(&[d], &one_file(text), Style::PLAIN)
}

fn header(out: &str) -> &str {
    out.lines().find(|l| l.contains("╭─[")).unwrap_or("")
}

#[test]
fn a_label_past_column_65535_is_drawn_on_a_cut_line() {
    let text = format!(
        "zone a {{ net 10.0.0.0/8 }}\nallow a -> a{} : nope\n",
        " ".repeat(70_000)
    );
    let d = Diagnostic::error(Code::UnknownService, "unknown service `nope`")
        .with_label(at(&text, "nope"), "not declared");
    let out = render(&text, d);
    assert!(header(&out).ends_with("[p.zones:2:70016]"), "{out}");
    assert!(out.contains("│ …") && out.contains(" : nope"), "{out}");
    assert!(out.lines().all(|l| l.chars().count() < 300), "{out}");
}

#[test]
fn control_and_bidi_characters_are_shown_escaped_and_carets_stay_put() {
    let text = "zone a { description \"\u{1b}[2J\u{7}\u{202e}x\" }\n";
    let d = Diagnostic::warning(Code::UnusedZone, "zone `a\u{1b}[2J` \r\u{0}")
        .with_label(at(text, "x"), "here \u{202e}")
        .with_help("reason \u{1b}]0;t\u{7}");
    let out = render(text, d);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(!out.contains('\u{202e}'), "{out}");
    assert!(out.contains("\\u{1b}[2J\\u{7}\\u{202e}x"), "{out}");
    assert!(out.contains("here \\u{202e}") && out.contains("reason \\u{1b}]0;t\\u{7}"));
    // The caret is under the `x`, after the escapes.
    let source = out
        .lines()
        .find(|l| l.contains("description"))
        .unwrap_or("");
    let caret = out.lines().find(|l| l.contains('┬')).unwrap_or("");
    assert_eq!(
        source.find('x').map(|i| source[..i].chars().count()),
        caret.find('┬').map(|i| caret[..i].chars().count())
    );
}

#[test]
fn lone_carriage_returns_and_byte_order_marks_keep_json_and_human_in_step() {
    let text = "\u{feff}zone a {}\rzone b {}\nallow a -> c\r\nallow b -> a\n";
    let d = Diagnostic::error(Code::UnknownZone, "unknown zone `c`").with_label(at(text, "c"), "");
    let sources = one_file(text);
    let json = json_diagnostic(&d, &sources);
    assert_eq!((json.line, json.column), (Some(2), Some(12)));
    let out = human(&[d], &sources, Style::PLAIN);
    assert!(header(&out).ends_with("[p.zones:2:12]"), "{out}");
    assert!(out.contains(" 1 │ zone a {}\\u{d}zone b {}\n"), "{out}");
    assert!(out.contains(" 2 │ allow a -> c\n"), "{out}");
    assert!(out.contains(" 3 │ allow b -> a\n"), "{out}");
}

#[test]
fn far_apart_labels_are_drawn_as_separate_snippets() {
    let mut text = String::from("zone a {}\n");
    text.push_str(&"\n".repeat(50_000));
    text.push_str("zone a {}\n");
    let first = Span::new(FileId(0), 5, 6);
    let again = Span::new(FileId(0), text.len() - 5, text.len() - 4);
    let d = Diagnostic::error(Code::DuplicateName, "zone `a` is declared twice")
        .with_label(again, "declared again here")
        .with_label(first, "first declared here");
    let out = render(&text, d);
    assert!(out.lines().count() < 30, "{out}");
    assert!(out.contains("50002 │ zone a {}"), "{out}");
}

#[test]
fn a_diagnostic_with_thousands_of_labels_draws_the_first_few() {
    let text = "allow a -> b\n".repeat(5_000);
    let mut d = Diagnostic::error(Code::ForbidViolated, "forbidden path");
    for i in 0..5_000 {
        d = d.with_label(Span::new(FileId(0), i * 13, i * 13 + 5), format!("hop {i}"));
    }
    let out = render(&text, d);
    assert_eq!(out.matches("hop ").count(), report::MAX_LABELS, "{out}");
    assert!(
        out.contains("4984 more labelled place(s) not shown"),
        "{out}"
    );
}

#[test]
fn thousands_of_diagnostics_of_one_code_end_in_one_summary_line() {
    let text = "zone a {}\n".repeat(3_000);
    let diags: Vec<Diagnostic> = (0..3_000)
        .map(|i| {
            Diagnostic::warning(Code::UnusedZone, "zone `a` is never used")
                .with_label(Span::new(FileId(0), i * 10 + 5, i * 10 + 6), "")
        })
        .collect();
    let out = human(&diags, &one_file(&text), Style::PLAIN);
    assert_eq!(out.matches("zone `a` is never used").count(), MAX_PER_CODE);
    assert!(
        out.contains("zonec::unused-zone: 2950 more not shown"),
        "{out}"
    );
}
