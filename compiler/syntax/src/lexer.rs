//! Lexemes as nom parsers: names, field words, strings, numbers, dates,
//! prefixes, ICMP type names, arrows and trivia, each a function from the
//! text at the cursor to what it matched. The parser decides which lexeme it
//! expects where (a prefix after `net`, a date after `expires`), so no token
//! stream is built; [`raw_token`] is the one context-free tokenizer, used to
//! name what was found in messages, to skip during recovery and to collect
//! comments.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{anychar, char, digit1, one_of, satisfy};
use nom::combinator::{all_consuming, map, opt, recognize};
use nom::error::ErrorKind;
use nom::multi::many1_count;
use nom::sequence::{pair, preceded};
use nom::{IResult, Parser};

/// What a lexeme function returns: the rest of the text and the match.
pub type Lex<'a, T> = IResult<&'a str, T>;

pub fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Horizontal space; a byte-order mark counts as space too.
pub fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\u{feff}')
}

/// An identifier `[A-Za-z_][A-Za-z0-9_]*`. A byte loop: the parser reads
/// one before nearly every token.
pub fn ident(i: &str) -> Lex<'_, &str> {
    let bytes = i.as_bytes();
    match bytes.first() {
        Some(&b) if is_ident_start(char::from(b)) => {}
        _ => return Err(nom::Err::Error(nom::error::Error::new(i, ErrorKind::Alpha))),
    }
    let len = ident_run(bytes, 1);
    Ok(split(i, len))
}

/// An identifier with inner dashes (`aws-vpc`, or a mistaken `sud-ehr`).
/// A `-` counts only when a name character follows, so `a->b` stops at `a`.
pub fn dashed_word(i: &str) -> Lex<'_, &str> {
    let (_, first) = ident(i)?;
    let bytes = i.as_bytes();
    let mut len = first.len();
    while bytes.get(len) == Some(&b'-') {
        let end = ident_run(bytes, len + 1);
        if end == len + 1 {
            break;
        }
        len = end;
    }
    Ok(split(i, len))
}

/// Where the run of ASCII name characters starting at `from` ends.
fn ident_run(bytes: &[u8], from: usize) -> usize {
    let run = bytes
        .get(from..)
        .unwrap_or(&[])
        .iter()
        .take_while(|&&b| is_ident_char(char::from(b)))
        .count();
    from + run
}

/// `(rest, word)` for a word of `len` ASCII bytes at the start of `i`.
fn split(i: &str, len: usize) -> (&str, &str) {
    (i.get(len..).unwrap_or(""), i.get(..len).unwrap_or(""))
}

/// `# ...` up to (not including) the newline.
pub fn comment(i: &str) -> Lex<'_, &str> {
    recognize(pair(char('#'), take_while(|c| c != '\n'))).parse(i)
}

/// Spaces and comments, never a newline (newlines end items and fields).
pub fn inline_trivia(i: &str) -> Lex<'_, &str> {
    Ok(skip_trivia(i, |_| false))
}

/// Spaces, comments, newlines and `;`: what separates items and fields.
pub fn separators(i: &str) -> Lex<'_, &str> {
    Ok(skip_trivia(i, |c| c == '\n' || c == ';'))
}

/// Spaces, comments and newlines, where a list or a set continues.
pub fn blank(i: &str) -> Lex<'_, &str> {
    Ok(skip_trivia(i, |c| c == '\n'))
}

/// The run of spaces, comments and `also` characters at the start of `i`,
/// split off: (rest, run). A loop over characters rather than combinators,
/// since the parser skips trivia before every token.
fn skip_trivia(i: &str, also: impl Fn(char) -> bool) -> (&str, &str) {
    let mut rest = i;
    loop {
        let mut chars = rest.chars();
        match chars.next() {
            Some('#') => {
                let end = rest.find('\n').unwrap_or(rest.len());
                rest = rest.get(end..).unwrap_or("");
            }
            Some(c) if is_space(c) || also(c) => rest = chars.as_str(),
            _ => break,
        }
    }
    let eaten = i.len() - rest.len();
    (rest, i.get(..eaten).unwrap_or(""))
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Arrow {
    /// `->`
    Direct,
    /// `->*`
    Path,
}

pub fn arrow(i: &str) -> Lex<'_, Arrow> {
    alt((
        map(tag("->*"), |_| Arrow::Path),
        map(tag("->"), |_| Arrow::Direct),
    ))
    .parse(i)
}

/// A number as the user wrote it: digits, plus any name characters glued to
/// them (`12a`), so the parser can say the whole thing is not an integer.
pub fn number_word(i: &str) -> Lex<'_, &str> {
    recognize(pair(digit1, take_while(is_ident_char))).parse(i)
}

/// The word after `expires`: everything a date or a date-time
/// (`2026-12-20T18:00Z`) could be mistyped as.
pub fn date_word(i: &str) -> Lex<'_, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '+')).parse(i)
}

/// `YYYY-MM-DD` split into numbers, if `s` has exactly that shape.
pub fn date_fields(s: &str) -> Option<(u16, u8, u8)> {
    fn digits<'a>(n: usize) -> impl FnMut(&'a str) -> Lex<'a, &'a str> {
        take_while_m_n(n, n, |c: char| c.is_ascii_digit())
    }
    let shape = (digits(4), char('-'), digits(2), char('-'), digits(2));
    let result: Lex<'_, _> = all_consuming(shape).parse(s);
    let (_, (y, _, m, _, d)) = result.ok()?;
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

fn is_addr_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.')
}

/// A prefix as written: the address part and, after `/`, the length part
/// (either may be malformed; the parser judges them).
pub fn prefix_word(i: &str) -> Lex<'_, (&str, Option<&str>)> {
    pair(
        take_while1(is_addr_char),
        opt(preceded(char('/'), take_while(is_ident_char))),
    )
    .parse(i)
}

/// An ICMP type name after `icmp/`: the run of `[a-z0-9-]`.
pub fn icmp_type(i: &str) -> Lex<'_, &str> {
    take_while1(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-').parse(i)
}

/// A string literal as scanned: the decoded value, whether it was closed on
/// its line, and where its unknown escapes are (byte ranges from the quote).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StrScan {
    pub value: String,
    pub closed: bool,
    pub bad_escapes: Vec<(usize, usize)>,
}

enum Piece<'a> {
    Text(&'a str),
    Escape(char),
    BadEscape(&'a str),
}

fn piece(i: &str) -> Lex<'_, Piece<'_>> {
    alt((
        map(
            take_while1(|c| !matches!(c, '"' | '\\' | '\n')),
            Piece::Text,
        ),
        map(preceded(char('\\'), one_of("\"\\n")), |c| {
            Piece::Escape(if c == 'n' { '\n' } else { c })
        }),
        map(
            recognize(pair(char('\\'), opt(satisfy(|c| c != '\n')))),
            Piece::BadEscape,
        ),
    ))
    .parse(i)
}

/// `"..."` on one line. An unclosed string runs to the end of its line.
pub fn string(i: &str) -> Lex<'_, StrScan> {
    let (mut rest, _) = char('"').parse(i)?;
    let mut scan = StrScan {
        value: String::new(),
        closed: false,
        bad_escapes: Vec::new(),
    };
    while let Ok((after, p)) = piece(rest) {
        match p {
            Piece::Text(t) => scan.value.push_str(t),
            Piece::Escape(c) => scan.value.push(c),
            Piece::BadEscape(e) => {
                let start = i.len() - rest.len();
                scan.bad_escapes.push((start, start + e.len()));
                scan.value.push_str(e);
            }
        }
        rest = after;
    }
    let (rest, close) = opt(char('"')).parse(rest)?;
    scan.closed = close.is_some();
    Ok((rest, scan))
}

/// The coarse kinds of [`raw_token`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum RawKind {
    Eof,
    Newline,
    Comment,
    Str,
    Word,
    Punct,
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.')
}

/// A run of name, number, address and port characters (`10.0.0.0/24`,
/// `tcp/443`, `aws-vpc`, `::/0`); a `-`, `/` or `:` only joins the run when
/// a word character (or, for `:`, another `:`) follows, so `a->b` and
/// `b: https` split as the parser splits them.
fn raw_word(i: &str) -> Lex<'_, &str> {
    let joiner = recognize(pair(
        one_of("-/:"),
        satisfy(|c| is_word_char(c) || c == ':'),
    ));
    recognize(many1_count(alt((take_while1(is_word_char), joiner)))).parse(i)
}

/// One token with no context: what a person would call "the next thing".
/// Returns its kind and length in bytes (0 only at the end of the text).
/// Call it after horizontal space has been skipped.
pub fn raw_token(i: &str) -> (RawKind, usize) {
    let result = alt((
        map(char('\n'), |_| RawKind::Newline),
        map(comment, |_| RawKind::Comment),
        map(string, |_| RawKind::Str),
        map(alt((tag("->*"), tag("->"), tag("=>"), tag("<-"))), |_| {
            RawKind::Punct
        }),
        map(raw_word, |_| RawKind::Word),
        map(anychar, |_| RawKind::Punct),
    ))
    .parse(i);
    match result {
        Ok((rest, kind)) => (kind, i.len() - rest.len()),
        Err(_) => (RawKind::Eof, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw_all(text: &str) -> Vec<(RawKind, &str)> {
        let mut out = Vec::new();
        let mut rest = text;
        loop {
            rest = rest.trim_start_matches(is_space);
            let (kind, len) = raw_token(rest);
            if kind == RawKind::Eof {
                return out;
            }
            out.push((kind, &rest[..len]));
            rest = &rest[len..];
        }
    }

    #[test]
    fn identifiers_stop_at_dashes_and_arrows() {
        assert_eq!(ident("a->b"), Ok(("->b", "a")));
        assert_eq!(dashed_word("a->b"), Ok(("->b", "a")));
        assert_eq!(dashed_word("aws-vpc \"x\""), Ok((" \"x\"", "aws-vpc")));
        assert_eq!(dashed_word("sud-ehr-2 {"), Ok((" {", "sud-ehr-2")));
        assert!(ident("1a").is_err());
    }

    #[test]
    fn strings_decode_escapes_and_stop_at_the_line_end() {
        let (rest, s) = string(r#""a \"b\" \\ c\n" tail"#).unwrap();
        assert_eq!(rest, " tail");
        assert_eq!(s.value, "a \"b\" \\ c\n");
        assert!(s.closed && s.bad_escapes.is_empty());

        let (rest, s) = string("\"open # not a comment\nnext").unwrap();
        assert_eq!(rest, "\nnext");
        assert!(!s.closed);

        let (_, s) = string(r#""tab\there""#).unwrap();
        assert_eq!(s.bad_escapes, vec![(4, 6)]);
        assert_eq!(s.value, "tab\\there");
    }

    #[test]
    fn dates_have_one_shape() {
        assert_eq!(date_fields("2026-02-30"), Some((2026, 2, 30)));
        assert_eq!(date_fields("2026-2-3"), None);
        assert_eq!(date_fields("2026-02-300"), None);
        assert_eq!(date_word("2026-01-05}"), Ok(("}", "2026-01-05")));
    }

    #[test]
    fn prefixes_split_address_and_length() {
        assert_eq!(
            prefix_word("10.0.0.0/24, x"),
            Ok((", x", ("10.0.0.0", Some("24"))))
        );
        assert_eq!(prefix_word("::/0 }"), Ok((" }", ("::", Some("0")))));
        assert_eq!(
            prefix_word("fd00:20::/64"),
            Ok(("", ("fd00:20::", Some("64"))))
        );
        assert_eq!(prefix_word("10.0.0.0 /8"), Ok((" /8", ("10.0.0.0", None))));
    }

    #[test]
    fn raw_tokens_split_like_the_parser() {
        let toks = raw_all("allow a->b: tcp/443 { \"x # y\" } # c\n::/0");
        let texts: Vec<&str> = toks.iter().map(|t| t.1).collect();
        assert_eq!(
            texts,
            [
                "allow",
                "a",
                "->",
                "b",
                ":",
                "tcp/443",
                "{",
                "\"x # y\"",
                "}",
                "# c",
                "\n",
                "::/0"
            ]
        );
        assert_eq!(toks[9].0, RawKind::Comment);
        assert_eq!(raw_token("é"), (RawKind::Punct, 2));
    }
}
