//! Literal values: names, strings, integers, dates and prefixes. A value
//! whose extent is clear but whose content is wrong (`10.0.0.256/24`,
//! `2026-02-30`, `"\t"`) gets its own diagnostic and parsing goes on; a
//! missing value is a structural error for the caller.

use super::{PResult, Parser};
use crate::ast::{DateLit, Ident, IntLit, PrefixLit, StrLit};
use crate::lexer;
use std::net::IpAddr;
use zonec_base::diagnostic::{Code, Diagnostic};
use zonec_base::span::Span;
use zonec_base::Date;

impl Parser<'_> {
    /// A name (`[A-Za-z_][A-Za-z0-9_]*`), keywords included. A name written
    /// with dashes (`sud-ehr`) is reported and kept whole.
    pub(super) fn name(&mut self, what: &str, context: &str, help: &str) -> PResult<Ident> {
        self.skip_inline();
        self.name_here(what, context, help)
    }

    /// A name starting right at the cursor (after `@`).
    pub(super) fn name_here(&mut self, what: &str, context: &str, help: &str) -> PResult<Ident> {
        let Some((name, span)) = self.lex(lexer::dashed_word) else {
            return Err(self.expected(what, context).with_help(help));
        };
        if name.contains('-') {
            self.diags.push(dashed_name(name, span));
        }
        Ok(Ident {
            name: name.to_string(),
            span,
        })
    }

    /// A string literal. Unknown escapes are reported and kept as written.
    pub(super) fn string(&mut self, what: &str, context: &str, help: &str) -> PResult<StrLit> {
        self.skip_inline();
        let start = self.pos;
        let Some((scan, span)) = self.lex(lexer::string) else {
            return Err(self.expected(what, context).with_help(help));
        };
        if !scan.closed {
            let line = self.text.get(span.range()).unwrap_or("");
            let end = start + line.trim_end_matches('\r').len();
            return Err(unterminated(self.span(start, end)));
        }
        for (from, to) in &scan.bad_escapes {
            let at = self.span(start + from, start + to);
            let written = self.text.get(at.range()).unwrap_or("\\");
            self.diags.push(bad_escape(written, at));
        }
        Ok(StrLit {
            value: scan.value,
            span,
        })
    }

    /// True if a string starts at the cursor (after spaces).
    pub(super) fn at_string(&mut self) -> bool {
        self.skip_inline();
        self.next_char() == Some('"')
    }

    /// A decimal integer starting right at the cursor; `missing` builds the
    /// error if there is none. `Ok(None)`: written but not an integer
    /// (reported).
    pub(super) fn integer_here(
        &mut self,
        missing: impl FnOnce(&Self) -> Diagnostic,
    ) -> PResult<Option<IntLit>> {
        let Some((word, span)) = self.lex(lexer::number_word) else {
            return Err(missing(self));
        };
        match integer_value(word, span) {
            Ok(value) => Ok(Some(IntLit { value, span })),
            Err(diag) => {
                self.diags.push(diag);
                Ok(None)
            }
        }
    }

    /// `YYYY-MM-DD` after `expires`. `Ok(None)`: not a real date (reported).
    pub(super) fn date(&mut self) -> PResult<Option<DateLit>> {
        self.skip_inline();
        let Some((word, span)) = self.lex(lexer::date_word) else {
            let help = "write the date as YYYY-MM-DD, without quotes: `expires 2026-06-30`";
            return Err(self.expected("a date", "after `expires`").with_help(help));
        };
        let (date_part, time) = match word.split_once('T') {
            Some((d, t)) => (d, Some(t)),
            None => (word, None),
        };
        let parsed = date_value(date_part, span).and_then(|date| {
            let minute = time.map(|_| expiry_minute(word, span)).transpose()?;
            Ok(DateLit { date, minute, span })
        });
        match parsed {
            Ok(date) => Ok(Some(date)),
            Err(diag) => {
                self.diags.push(diag);
                Ok(None)
            }
        }
    }

    /// A CIDR prefix. `Ok(None)`: written but malformed (reported).
    pub(super) fn prefix(&mut self) -> PResult<Option<PrefixLit>> {
        if self.at_string() {
            return self.quoted_prefix();
        }
        let Some(((addr, len), span)) = self.lex(lexer::prefix_word) else {
            return Err(self.expected("a network prefix", "").with_help(CIDR_HELP));
        };
        match self.prefix_parts(span.start as usize, addr, len, span.end as usize) {
            Ok((addr, len)) => Ok(Some(PrefixLit { addr, len, span })),
            Err(diag) => {
                self.diags.push(diag);
                Ok(None)
            }
        }
    }

    /// A prefix in quotes (`"10.1.0.0/16"`): reported as such, and kept if
    /// the text between the quotes is a prefix, so that the zone does not
    /// also lose its `net` field. `Ok(None)`: not a prefix inside either.
    fn quoted_prefix(&mut self) -> PResult<Option<PrefixLit>> {
        let string = self.string("a network prefix", "", CIDR_HELP)?;
        let start = string.span.start as usize + 1;
        let end = (string.span.end as usize).saturating_sub(1).max(start);
        let raw = self.text.get(start..end).unwrap_or("");
        let parsed = lexer::prefix_word(raw)
            .ok()
            .filter(|(rest, _)| rest.is_empty() && raw == string.value)
            .and_then(|(_, (addr, len))| self.prefix_parts(start, addr, len, end).ok());
        let help = match parsed {
            Some(_) => format!("remove the quotes: `{raw}`"),
            None => CIDR_HELP.to_string(),
        };
        self.diags.push(
            Diagnostic::error(Code::Syntax, "a network prefix is written without quotes")
                .with_label(string.span, "a string, not a prefix")
                .with_help(help),
        );
        let span = self.span(start, end);
        Ok(parsed.map(|(addr, len)| PrefixLit { addr, len, span }))
    }

    /// The address and length of the prefix written from `start` to `end`.
    fn prefix_parts(
        &self,
        start: usize,
        addr: &str,
        len: Option<&str>,
        end: usize,
    ) -> Result<(IpAddr, u64), Diagnostic> {
        let addr_span = self.span(start, start + addr.len());
        let len_span = self.span(addr_span.end as usize + 1, end);
        prefix_value(addr, len, addr_span, len_span)
    }
}

const CIDR_HELP: &str =
    "write a network in CIDR form, without quotes: `10.20.0.0/24` or `fd00:20::/64`";

fn integer_value(word: &str, span: Span) -> Result<u64, Diagnostic> {
    if !word.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Diagnostic::error(
            Code::InvalidInteger,
            format!("`{word}` is not a decimal integer"),
        )
        .with_label(span, "not a number")
        .with_help("integers are written in decimal digits only, such as `120`"));
    }
    word.parse().map_err(|_| {
        Diagnostic::error(Code::InvalidInteger, format!("`{word}` is too large"))
            .with_label(span, "too large for a number")
            .with_help("ports run up to 65535 and VLAN ids up to 4094")
    })
}

fn date_value(word: &str, span: Span) -> Result<Date, Diagnostic> {
    let Some((year, month, day)) = lexer::date_fields(word) else {
        return Err(Diagnostic::error(
            Code::InvalidDate,
            format!("`{word}` is not a date in the form YYYY-MM-DD"),
        )
        .with_label(span, "not a YYYY-MM-DD date")
        .with_help(
            "write the year with 4 digits and the month and day with 2, such as `2026-06-30`",
        ));
    };
    Date::new(year, month, day).ok_or_else(|| {
        Diagnostic::error(
            Code::InvalidDate,
            format!("`{word}` is not a calendar date"),
        )
        .with_label(span, "no such day")
        .with_help(calendar_help(year, month))
    })
}

/// The UTC minute of a date-time `YYYY-MM-DDTHH:MMZ` whose date is valid.
fn expiry_minute(word: &str, span: Span) -> Result<u16, Diagnostic> {
    use zonec_base::expiry::{Expiry, ExpiryError};
    let error = match Expiry::parse(word) {
        Ok(expiry) => return Ok(expiry.minute.unwrap_or(0)),
        Err(ExpiryError::NotUtc) => Diagnostic::error(
            Code::InvalidDate,
            format!("`{word}` is not a UTC date-time"),
        )
        .with_label(span, "no `Z` after the time")
        .with_help("`expires` takes UTC: convert the time and end it with `Z`, such as `2026-12-20T18:00Z`"),
        Err(_) => Diagnostic::error(
            Code::InvalidDate,
            format!("`{word}` is not a date-time in the form YYYY-MM-DDTHH:MMZ"),
        )
        .with_label(span, "not a time of day")
        .with_help("hours are 00..23 and minutes 00..59, such as `2026-12-20T18:00Z`"),
    };
    Err(error)
}

/// Why a well-shaped date does not exist.
fn calendar_help(year: u16, month: u8) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let Some(name) = month
        .checked_sub(1)
        .and_then(|m| MONTHS.get(usize::from(m)))
    else {
        return "months run from 01 to 12".to_string();
    };
    let days = (28..=31u8)
        .rev()
        .find(|d| Date::new(year, month, *d).is_some())
        .unwrap_or(28);
    format!("{name} {year} has {days} days")
}

fn prefix_value(
    addr: &str,
    len: Option<&str>,
    addr_span: Span,
    len_span: Span,
) -> Result<(IpAddr, u64), Diagnostic> {
    let ip: IpAddr = addr.parse().map_err(|_| {
        Diagnostic::error(
            Code::InvalidPrefix,
            format!("`{addr}` is not an IPv4 or IPv6 address"),
        )
        .with_label(addr_span, "not an address")
        .with_help(bad_address_help(addr, len))
    })?;
    let len = match len {
        Some(len) if !len.is_empty() => len,
        _ => return Err(no_length(addr, ip, addr_span)),
    };
    if !len.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Diagnostic::error(
            Code::InvalidPrefix,
            format!("prefix length `{len}` is not a number"),
        )
        .with_label(len_span, "not a number")
        .with_help("the prefix length is the number of network bits, such as `/24`"));
    }
    let value = len.parse().map_err(|_| {
        Diagnostic::error(
            Code::InvalidPrefix,
            format!("prefix length `{len}` is too large"),
        )
        .with_label(len_span, "too large")
        .with_help(max_len_help(ip))
    })?;
    Ok((ip, value))
}

/// For a short IPv4 address (`10.21.0`), the address padded with zeros.
fn bad_address_help(addr: &str, len: Option<&str>) -> String {
    let parts: Vec<&str> = addr.split('.').collect();
    let short_v4 = parts.len() < 4 && parts.iter().all(|p| p.parse::<u8>().is_ok());
    if !short_v4 {
        return "write a network in CIDR form, such as `10.20.0.0/24` or `fd00:20::/64`"
            .to_string();
    }
    let mut padded = parts.join(".");
    padded.push_str(&".0".repeat(4 - parts.len()));
    if let Some(len) = len {
        padded = format!("{padded}/{len}");
    }
    format!("an IPv4 address has four numbers: did you mean `{padded}`?")
}

fn no_length(addr: &str, ip: IpAddr, span: Span) -> Diagnostic {
    let host = if ip.is_ipv4() { 32 } else { 128 };
    Diagnostic::error(
        Code::InvalidPrefix,
        format!("`{addr}` has no prefix length"),
    )
    .with_label(span, "missing `/LENGTH`")
    .with_help(format!(
        "write the network in CIDR form, such as `{addr}/24`; a single host is `{addr}/{host}`"
    ))
}

fn max_len_help(ip: IpAddr) -> String {
    if ip.is_ipv4() {
        "an IPv4 prefix length is at most 32".to_string()
    } else {
        "an IPv6 prefix length is at most 128".to_string()
    }
}

fn unterminated(span: Span) -> Diagnostic {
    Diagnostic::error(Code::UnterminatedString, "unterminated string")
        .with_label(span, "this string has no closing `\"`")
        .with_help("strings end with `\"` on the same line")
}

fn bad_escape(written: &str, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidEscape,
        format!("unknown escape `{written}` in a string"),
    )
    .with_label(span, "not an escape")
    .with_help("strings know the escapes `\\\"`, `\\\\` and `\\n`; write a backslash as `\\\\`")
}

fn dashed_name(name: &str, span: Span) -> Diagnostic {
    Diagnostic::error(Code::Syntax, format!("`{name}` is not a valid name"))
        .with_label(span, "names may not contain `-`")
        .with_help(format!(
            "names are letters, digits and `_`: write `{}`",
            name.replace('-', "_")
        ))
}
