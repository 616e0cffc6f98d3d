//! Small parsers every reader shares: numbers, addresses and times from
//! bytes, each `None` on anything else (never a panic).

use std::net::IpAddr;
use zonec_base::Date;

/// Input text quoted in a message: at most 32 characters of it.
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(32) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or_default()),
        None => text.to_string(),
    }
}

pub fn text(bytes: &[u8]) -> Option<&str> {
    std::str::from_utf8(bytes).ok()
}

pub fn ip(bytes: &[u8]) -> Option<IpAddr> {
    text(bytes)?.parse().ok()
}

pub fn u64_of(bytes: &[u8]) -> Option<u64> {
    text(bytes)?.parse().ok()
}

pub fn u16_of(bytes: &[u8]) -> Option<u16> {
    text(bytes)?.parse().ok()
}

/// Unix seconds from a number of seconds, or an RFC 3339 time
/// (`2024-05-01T10:00:00.123Z`, `+02:00` offsets too).
pub fn time(text: &str) -> Option<u64> {
    if let Ok(n) = text.parse::<u64>() {
        return Some(n);
    }
    rfc3339(text)
}

fn rfc3339(t: &str) -> Option<u64> {
    let b = t.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = t.get(from..from + len)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    let sep = |at: usize, c: u8| b.get(at) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && (sep(10, b'T') || sep(10, b't') || sep(10, b' '))) {
        return None;
    }
    if !(sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let offset = offset(t.get(19..)?)?;
    let date = Date::new(
        u16::try_from(y).ok()?,
        u8::try_from(mo).ok()?,
        u8::try_from(d).ok()?,
    )?;
    let days = date.days_since_epoch();
    let secs = days * 86_400 + h * 3600 + mi * 60 + s - offset;
    u64::try_from(secs).ok()
}

/// The offset in seconds of what follows the seconds: fraction, then `Z`
/// or `±hh:mm`.
fn offset(rest: &str) -> Option<i64> {
    let rest = match rest.strip_prefix('.') {
        Some(r) => r.trim_start_matches(|c: char| c.is_ascii_digit()),
        None => rest,
    };
    if rest == "Z" || rest == "z" {
        return Some(0);
    }
    let sign = match rest.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = rest.get(1..)?.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(sign * (h * 3600 + m * 60))
}

/// The `"YYYY-MM-DDThh:mm:ssZ"` of unix seconds, for people.
pub fn rfc3339_of(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_both_ways_and_round_trip() {
        assert_eq!(time("1700000000"), Some(1_700_000_000));
        assert_eq!(time("2023-11-14T22:13:20Z"), Some(1_700_000_000));
        assert_eq!(time("2023-11-14T22:13:20.5+01:00"), Some(1_699_996_400));
        assert_eq!(rfc3339_of(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(time("2023-13-14T22:13:20Z"), None);
        assert_eq!(time("1969-12-31T23:59:59Z"), None);
        assert_eq!(time("garbage"), None);
    }
}
