//! Bytes to lines, whatever the bytes: gzip is recognised by its magic
//! number (not the file name) and decoded as a stream; a line longer than
//! [`MAX_LINE`] is cut there and the rest of it skipped, so memory stays
//! bounded on any input. The caller owns the file: this module only reads
//! what it is given.

use flate2::read::MultiGzDecoder;
use std::io::{BufRead, BufReader, Read};

/// The longest line kept (a flow record is a few hundred bytes; a GCP
/// entry a few kilobytes).
pub const MAX_LINE: usize = 1 << 20;

/// The largest JSON document read whole (an Azure blob holds an hour of
/// one interface's flows).
pub const MAX_DOCUMENT: u64 = 512 << 20;

/// `input`, decompressed when it starts with gzip's magic number.
pub fn decoded<'a>(input: impl Read + 'a) -> std::io::Result<Box<dyn BufRead + 'a>> {
    let mut buffered = BufReader::with_capacity(1 << 16, input);
    let head = buffered.fill_buf()?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = MultiGzDecoder::new(buffered);
        return Ok(Box::new(BufReader::with_capacity(1 << 16, gz)));
    }
    Ok(Box::new(buffered))
}

/// Reads lines into one reused buffer.
pub struct Lines<'a> {
    input: Box<dyn BufRead + 'a>,
    pub buf: Vec<u8>,
    /// The 1-based number of the line in `buf`.
    pub number: u64,
}

/// What [`Lines::advance`] found.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// A line (without its end) is in `buf`.
    Line,
    /// A line longer than [`MAX_LINE`]: `buf` holds its start.
    TooLong,
    End,
}

impl<'a> Lines<'a> {
    pub fn new(input: Box<dyn BufRead + 'a>) -> Lines<'a> {
        Lines {
            input,
            buf: Vec::with_capacity(512),
            number: 0,
        }
    }

    pub fn advance(&mut self) -> std::io::Result<Next> {
        self.buf.clear();
        let limit = MAX_LINE as u64 + 1;
        let n = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut self.buf)?;
        if n == 0 {
            return Ok(Next::End);
        }
        self.number += 1;
        if self.buf.last() == Some(&b'\n') {
            self.buf.pop();
            if self.buf.last() == Some(&b'\r') {
                self.buf.pop();
            }
            return Ok(Next::Line);
        }
        if self.buf.len() <= MAX_LINE {
            return Ok(Next::Line);
        }
        self.skip_rest()?;
        Ok(Next::TooLong)
    }

    /// Drops the rest of an over-long line.
    fn skip_rest(&mut self) -> std::io::Result<()> {
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => {
                    self.input.consume(at + 1);
                    return Ok(());
                }
                None => {
                    let n = chunk.len();
                    self.input.consume(n);
                }
            }
        }
    }

    /// The rest of the input after the current line, up to `limit` bytes;
    /// `None` when it is longer.
    pub fn rest(&mut self, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
        let mut out = std::mem::take(&mut self.buf);
        out.push(b'\n');
        (&mut self.input).take(limit + 1).read_to_end(&mut out)?;
        Ok((out.len() as u64 <= limit).then_some(out))
    }
}
