//! When a time-bounded grant ends: `expires 2026-12-20` (the end of that
//! day, UTC) or `expires 2026-12-20T18:00Z` (that minute, UTC). Front end
//! checks read the date; targets that enforce time read the instant.

use crate::date::Date;

/// An `expires` value: a date, and the UTC minute of that day if written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Expiry {
    pub date: Date,
    /// Minutes after midnight UTC (0..1440), `None` for a bare date.
    pub minute: Option<u16>,
}

impl Expiry {
    /// A bare date: access ends at the end of that day.
    pub fn day(date: Date) -> Expiry {
        Expiry { date, minute: None }
    }

    /// The first second (Unix time, UTC) at which access is over.
    pub fn end_unix(self) -> i64 {
        let midnight = self.date.days_since_epoch() * 86_400;
        match self.minute {
            Some(m) => midnight + i64::from(m) * 60,
            None => midnight + 86_400,
        }
    }

    /// Parse `YYYY-MM-DD` or `YYYY-MM-DDTHH:MMZ`; `Err` says what is wrong.
    pub fn parse(s: &str) -> Result<Expiry, ExpiryError> {
        let (date_part, time_part) = match s.split_once(['T', 't']) {
            Some((d, t)) => (d, Some(t)),
            None => (s, None),
        };
        let date = Date::parse(date_part).ok_or(ExpiryError::Date)?;
        let minute = time_part.map(utc_minute).transpose()?;
        Ok(Expiry { date, minute })
    }
}

/// Why an `expires` value is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExpiryError {
    /// The date part is not a real `YYYY-MM-DD` date.
    Date,
    /// The time is not `HH:MM` within a day.
    Time,
    /// The time has no `Z` (or another offset).
    NotUtc,
}

/// `HH:MMZ` to minutes after midnight.
fn utc_minute(t: &str) -> Result<u16, ExpiryError> {
    let Some(hhmm) = t.strip_suffix(['Z', 'z']) else {
        let shaped = t.len() >= 5 && crate::window::clock(t.get(..5).unwrap_or("")).is_some();
        return Err(if shaped {
            ExpiryError::NotUtc
        } else {
            ExpiryError::Time
        });
    };
    crate::window::clock(hhmm)
        .filter(|&m| m < 1440)
        .ok_or(ExpiryError::Time)
}

impl std::fmt::Display for Expiry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(m) = self.minute {
            write!(f, "T{:02}:{:02}Z", m / 60, m % 60)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_end_at_midnight_after_and_times_at_their_minute() {
        let day = Expiry::parse("1970-01-01").unwrap();
        assert_eq!(day.end_unix(), 86_400);
        let minute = Expiry::parse("1970-01-02T18:30Z").unwrap();
        assert_eq!(minute.end_unix(), 86_400 + 18 * 3600 + 30 * 60);
        assert_eq!(minute.to_string(), "1970-01-02T18:30Z");
    }

    #[test]
    fn bad_forms_say_what_is_wrong() {
        assert_eq!(Expiry::parse("2026-02-30"), Err(ExpiryError::Date));
        assert_eq!(Expiry::parse("2026-02-03T25:00Z"), Err(ExpiryError::Time));
        assert_eq!(Expiry::parse("2026-02-03T18:00"), Err(ExpiryError::NotUtc));
        assert_eq!(
            Expiry::parse("2026-02-03T18:00+01"),
            Err(ExpiryError::NotUtc)
        );
        assert_eq!(Expiry::parse("2026-02-03T6pm"), Err(ExpiryError::Time));
    }
}
