//! Weekly access windows (`window "Mon-Fri 07:00-19:00 -05:00"`): the
//! parse of the string, and its conversion to UTC weekday and time-of-day
//! spans, which is what a kernel matches (`meta day`, `meta hour`).
//!
//! A window is a set of days, one time range and a fixed UTC offset. The
//! days name the day each range starts on: `Fri 22:00-02:00` runs from
//! Friday 22:00 to Saturday 02:00. Named time zones are refused because a
//! loaded ruleset cannot follow daylight-saving changes.

/// Minutes in a day and in a week.
const DAY: i32 = 1440;
const WEEK: i32 = 7 * DAY;

/// Day names as written, Monday first.
pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A parsed window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Bit `d` set: the range starts on local day `d` (0 = Monday).
    pub days: u8,
    /// Start, minutes after local midnight (0..1440).
    pub start: u16,
    /// End, minutes after local midnight (1..=1440); at or before `start`
    /// it is on the next day.
    pub end: u16,
    /// The UTC offset in minutes (local = UTC + offset).
    pub offset: i16,
}

/// One UTC piece of a window: on the weekdays in `days` (bit 0 = Sunday,
/// as `meta day` counts), from `start` to `end` seconds after midnight UTC
/// (`end` exclusive, at most 86,400).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UtcSpan {
    pub start: u32,
    pub end: u32,
    pub days: u8,
}

/// What is wrong with a window string; [`WindowError::message`] and
/// [`WindowError::help`] word it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WindowError {
    /// Not `DAYS HH:MM-HH:MM OFFSET`.
    Shape,
    /// A day that is not `Mon`..`Sun`.
    Day(String),
    /// A time range that is not `HH:MM-HH:MM` within a day.
    Time(String),
    /// A range that starts and ends at the same minute.
    EmptyRange(String),
    /// A time zone name instead of an offset.
    NamedZone(String),
    /// An offset that is not `UTC` or `+HH:MM`/`-HH:MM` up to 14 hours.
    Offset(String),
}

impl WindowError {
    pub fn message(&self) -> String {
        match self {
            WindowError::Shape => "a window is days, a time range and a UTC offset".into(),
            WindowError::Day(d) => format!("`{d}` is not a day of the week"),
            WindowError::Time(t) => format!("`{t}` is not a time range `HH:MM-HH:MM`"),
            WindowError::EmptyRange(t) => format!("the time range `{t}` is empty"),
            WindowError::NamedZone(z) => format!("`{z}` is a time zone name, not a UTC offset"),
            WindowError::Offset(o) => format!("`{o}` is not a UTC offset"),
        }
    }

    pub fn help(&self) -> String {
        let form = "write it as `\"Mon-Fri 07:00-19:00 -05:00\"`";
        match self {
            WindowError::Shape => form.into(),
            WindowError::Day(d) => match suggest_day(d) {
                Some(day) => format!("did you mean `{day}`? days are `Mon`..`Sun`, single, ranges (`Mon-Fri`) or lists (`Sat,Sun`)"),
                None => "days are `Mon`..`Sun`, single, ranges (`Mon-Fri`) or lists (`Sat,Sun`)".into(),
            },
            WindowError::Time(_) => "hours are 00..23 and minutes 00..59 (an end may be `24:00`); a range that ends before it starts runs past midnight".into(),
            WindowError::EmptyRange(_) => "for the whole day write `00:00-24:00`".into(),
            WindowError::NamedZone(_) => "write a fixed offset such as `-05:00` or `UTC`: a loaded ruleset cannot follow daylight-saving changes".into(),
            WindowError::Offset(_) => "write `UTC` or an offset `+HH:MM`/`-HH:MM` of at most 14 hours".into(),
        }
    }
}

/// The day name a mistyped one most likely meant (`monday`, `tues`).
fn suggest_day(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase();
    let prefix = lower.get(..3)?;
    DAY_NAMES
        .iter()
        .find(|d| d.to_ascii_lowercase() == prefix)
        .copied()
}

impl Window {
    /// Parse `DAYS HH:MM-HH:MM OFFSET`.
    pub fn parse(s: &str) -> Result<Window, WindowError> {
        let words: Vec<&str> = s.split_whitespace().collect();
        let [days, times, offset] = words.as_slice() else {
            return Err(shape_error(&words));
        };
        let days = parse_days(days)?;
        let (start, end) = parse_times(times)?;
        let offset = parse_offset(offset)?;
        Ok(Window {
            days,
            start,
            end,
            offset,
        })
    }

    /// How long each range lasts, in minutes.
    fn length(&self) -> i32 {
        let (s, e) = (i32::from(self.start), i32::from(self.end));
        if e > s {
            e - s
        } else {
            e + DAY - s
        }
    }

    /// The window in UTC: pieces that each lie within one UTC day, grouped
    /// by time of day, sorted.
    pub fn utc_spans(&self) -> Vec<UtcSpan> {
        let mut by_time: std::collections::BTreeMap<(u32, u32), u8> = Default::default();
        for day in (0..7).filter(|d| self.days & (1 << d) != 0) {
            let start = day * DAY + i32::from(self.start) - i32::from(self.offset);
            for (utc_day, from, to) in split_days(start.rem_euclid(WEEK), self.length()) {
                // Monday-first day index to `meta day`'s Sunday-first one.
                let sunday_first = (utc_day + 1) % 7;
                *by_time.entry((from * 60, to * 60)).or_default() |= 1 << sunday_first;
            }
        }
        by_time
            .into_iter()
            .map(|((start, end), days)| UtcSpan { start, end, days })
            .collect()
    }

    /// Whether the window is open at `unix` (seconds since 1970, UTC).
    pub fn contains(&self, unix: i64) -> bool {
        let day = unix.div_euclid(86_400);
        // 1970-01-01 was a Thursday: Monday-first index 3.
        let sunday_first = (day + 4).rem_euclid(7) as u32;
        let second = unix.rem_euclid(86_400) as u32;
        self.utc_spans()
            .iter()
            .any(|s| s.days & (1 << sunday_first) != 0 && (s.start..s.end).contains(&second))
    }
}

/// A range of `len` minutes starting at minute `start` of the UTC week,
/// cut at UTC midnights: (Monday-first day, first minute, end minute).
fn split_days(mut start: i32, mut len: i32) -> Vec<(u32, u32, u32)> {
    let mut out = Vec::new();
    while len > 0 {
        let within = start % DAY;
        let take = len.min(DAY - within);
        out.push(((start / DAY) as u32, within as u32, (within + take) as u32));
        start = (start + take) % WEEK;
        len -= take;
    }
    out
}

fn shape_error(words: &[&str]) -> WindowError {
    let named = words
        .iter()
        .find(|w| w.contains('/') || (w.len() > 3 && w.chars().all(|c| c.is_ascii_uppercase())));
    match named {
        Some(zone) if words.len() == 3 || words.len() == 4 => {
            WindowError::NamedZone(zone.to_string())
        }
        _ => WindowError::Shape,
    }
}

/// `Mon-Fri,Sun` to a Monday-first bit set.
fn parse_days(s: &str) -> Result<u8, WindowError> {
    let mut days = 0u8;
    for part in s.split(',') {
        let (first, last) = match part.split_once('-') {
            Some((a, b)) => (day(a)?, day(b)?),
            None => (day(part)?, day(part)?),
        };
        let mut d = first;
        loop {
            days |= 1 << d;
            if d == last {
                break;
            }
            d = (d + 1) % 7;
        }
    }
    Ok(days)
}

fn day(word: &str) -> Result<u32, WindowError> {
    DAY_NAMES
        .iter()
        .position(|&d| d == word)
        .map(|p| p as u32)
        .ok_or_else(|| WindowError::Day(word.to_string()))
}

/// `HH:MM-HH:MM` to start and end minutes.
fn parse_times(s: &str) -> Result<(u16, u16), WindowError> {
    let bad = || WindowError::Time(s.to_string());
    let (a, b) = s.split_once('-').ok_or_else(bad)?;
    let start = clock(a).filter(|&m| m < 1440).ok_or_else(bad)?;
    let end = clock(b).ok_or_else(bad)?;
    if start == end {
        return Err(WindowError::EmptyRange(s.to_string()));
    }
    Ok((start, end))
}

/// `HH:MM` (00..23:00..59, or `24:00`) to minutes after midnight.
pub fn clock(s: &str) -> Option<u16> {
    let b = s.as_bytes();
    if b.len() != 5 || b.get(2) != Some(&b':') {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u16> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (h, m) = (num(0..2)?, num(3..5)?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// `UTC`, `+HH:MM` or `-HH:MM` to minutes east of UTC.
fn parse_offset(s: &str) -> Result<i16, WindowError> {
    if s == "UTC" {
        return Ok(0);
    }
    let sign = match s.as_bytes().first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ if s.chars().any(|c| c.is_ascii_alphabetic()) => {
            return Err(WindowError::NamedZone(s.to_string()))
        }
        _ => return Err(WindowError::Offset(s.to_string())),
    };
    let minutes = s
        .get(1..)
        .and_then(clock)
        .filter(|&m| m <= 14 * 60)
        .ok_or_else(|| WindowError::Offset(s.to_string()))?;
    Ok(sign * minutes as i16)
}

impl std::fmt::Display for Window {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let days: Vec<&str> = (0..7)
            .filter(|d| self.days & (1 << d) != 0)
            .filter_map(|d| DAY_NAMES.get(d).copied())
            .collect();
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        let offset = match self.offset {
            0 => "UTC".to_string(),
            o => {
                let sign = if o < 0 { '-' } else { '+' };
                format!("{sign}{}", hm(o.unsigned_abs()))
            }
        };
        write!(
            f,
            "{} {}-{} {offset}",
            days.join(","),
            hm(self.start),
            hm(self.end)
        )
    }
}

#[cfg(test)]
mod tests;
