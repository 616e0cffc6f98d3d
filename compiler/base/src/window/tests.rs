//! The window parse and its conversion to UTC, across midnight and across
//! the week boundary in both directions.

use super::*;

const SUN: u8 = 1 << 0;
const MON: u8 = 1 << 1;
const TUE: u8 = 1 << 2;
const FRI: u8 = 1 << 5;
const SAT: u8 = 1 << 6;

fn spans(s: &str) -> Vec<(u32, u32, u8)> {
    Window::parse(s)
        .unwrap()
        .utc_spans()
        .into_iter()
        .map(|s| (s.start / 60, s.end / 60, s.days))
        .collect()
}

const H: u32 = 60;

#[test]
fn a_utc_window_is_itself() {
    assert_eq!(
        spans("Mon-Fri 07:00-19:00 UTC"),
        vec![(7 * H, 19 * H, 0b0011_1110)]
    );
}

#[test]
fn a_negative_offset_moves_later_and_across_midnight() {
    // 07:00-19:00 at -05:00 is 12:00-24:00 UTC.
    assert_eq!(
        spans("Mon-Fri 07:00-19:00 -05:00"),
        vec![(12 * H, 24 * H, 0b0011_1110)]
    );
    // 20:00-23:00 at -05:00 is 01:00-04:00 UTC on the next day.
    assert_eq!(spans("Fri 20:00-23:00 -05:00"), vec![(H, 4 * H, SAT)]);
}

#[test]
fn a_range_past_midnight_is_cut_at_utc_midnight() {
    // Fri 22:00 to Sat 02:00 at +01:00 is Fri 21:00 to Sat 01:00 UTC.
    assert_eq!(
        spans("Fri 22:00-02:00 +01:00"),
        vec![(0, H, SAT), (21 * H, 24 * H, FRI)]
    );
}

#[test]
fn offsets_cross_the_week_boundary_both_ways() {
    // Monday 01:00-03:00 at +05:00 is Sunday 20:00-22:00 UTC.
    assert_eq!(spans("Mon 01:00-03:00 +05:00"), vec![(20 * H, 22 * H, SUN)]);
    // Sunday 22:00-02:00 at -05:00 is Monday 03:00-07:00 UTC.
    assert_eq!(spans("Sun 22:00-02:00 -05:00"), vec![(3 * H, 7 * H, MON)]);
    // Sunday 00:30-01:30 at +01:00 is Saturday 23:30 to Sunday 00:30 UTC.
    assert_eq!(
        spans("Sun 00:30-01:30 +01:00"),
        vec![(0, 30, SUN), (23 * H + 30, 24 * H, SAT)]
    );
}

#[test]
fn days_are_lists_and_wrapping_ranges() {
    let w = Window::parse("Sat-Mon,Tue 00:00-24:00 UTC").unwrap();
    assert_eq!(w.days, 0b0110_0011);
    assert_eq!(
        w.utc_spans(),
        vec![UtcSpan {
            start: 0,
            end: 86_400,
            days: SAT | SUN | MON | TUE
        }]
    );
}

#[test]
fn contains_reads_the_utc_spans() {
    // 1970-01-05 was a Monday.
    let monday = 4 * 86_400;
    let w = Window::parse("Mon 07:00-19:00 -05:00").unwrap();
    assert!(w.contains(monday + 12 * 3600));
    assert!(!w.contains(monday + 11 * 3600 + 3599));
    assert!(w.contains(monday + 23 * 3600 + 3599));
    assert!(!w.contains(monday + 24 * 3600));
}

#[test]
fn malformed_windows_are_named() {
    use WindowError::*;
    let err = |s: &str| Window::parse(s).unwrap_err();
    assert_eq!(err("Mon-Fry 07:00-19:00 UTC"), Day("Fry".into()));
    assert_eq!(err("Mon 25:00-26:00 UTC"), Time("25:00-26:00".into()));
    assert_eq!(err("Mon 07:00-07:00 UTC"), EmptyRange("07:00-07:00".into()));
    assert_eq!(
        err("Mon 07:00-19:00 America/New_York"),
        NamedZone("America/New_York".into())
    );
    assert_eq!(err("Mon 07:00-19:00 EST"), NamedZone("EST".into()));
    assert_eq!(err("Mon 07:00-19:00 +15:00"), Offset("+15:00".into()));
    assert_eq!(err("Mon 07:00-19:00"), Shape);
    assert!(err("monday 07:00-19:00 UTC").help().contains("`Mon`?"));
}

#[test]
fn display_is_canonical() {
    let w = Window::parse("Mon-Wed 07:05-19:00 -05:30").unwrap();
    assert_eq!(w.to_string(), "Mon,Tue,Wed 07:05-19:00 -05:30");
}
