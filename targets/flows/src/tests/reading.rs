//! Reading: gzip by content, over-long lines, empty inputs.

use crate::lines::{decoded, Lines, Next, MAX_LINE};
use std::io::Write;

#[test]
fn gzip_is_recognised_by_its_magic_number_not_its_name() {
    let text = b"2 1 eni-1 10.0.0.1 10.0.0.2 50000 443 6 1 60 1 2 ACCEPT OK\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(text).unwrap();
    let gz = gz.finish().unwrap();
    // Two gzip members, as concatenated .gz files are.
    let twice = [gz.clone(), gz].concat();
    let mut lines = Lines::new(decoded(&twice[..]).unwrap());
    for _ in 0..2 {
        assert_eq!(lines.advance().unwrap(), Next::Line);
        assert_eq!(lines.buf, &text[..text.len() - 1]);
    }
    assert_eq!(lines.advance().unwrap(), Next::End);
}

#[test]
fn a_corrupt_gzip_stream_is_an_error_not_a_panic() {
    let bytes = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff];
    let mut lines = Lines::new(decoded(&bytes[..]).unwrap());
    assert!(lines.advance().is_err());
}

#[test]
fn an_overlong_line_is_cut_and_the_next_one_read() {
    let mut text = vec![b'x'; MAX_LINE + 10];
    text.extend_from_slice(b"\r\nnext\n");
    let mut lines = Lines::new(decoded(&text[..]).unwrap());
    assert_eq!(lines.advance().unwrap(), Next::TooLong);
    assert_eq!(lines.advance().unwrap(), Next::Line);
    assert_eq!((lines.buf.as_slice(), lines.number), (&b"next"[..], 2));
}
