//! The run over every input: detect each file's format, read its records
//! (line by line, or the whole document for JSON documents), orient them,
//! put their ends in zones under the policy (and the candidate), and add
//! them to their row. Malformed records are counted, the first few kept
//! with their file and line; the run goes on.

use crate::aggregate::{Key, Rows};
use crate::classify::Policy;
use crate::direction::Orienter;
use crate::format::{self, Format, Line};
use crate::lines::{self, Lines, Next};
use crate::record::Record;
use std::io::Read;

/// Malformed records kept with their place (the rest are counted).
pub const SHOWN: usize = 20;

/// A record that was not read.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub file: String,
    /// 1-based; `None` when the format does not place it.
    pub line: Option<u64>,
    pub reason: String,
}

/// How one input went.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct InputSummary {
    pub file: String,
    pub format: &'static str,
    pub records: u64,
    pub malformed: u64,
}

/// The counters of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub records: u64,
    pub malformed: u64,
    pub nodata: u64,
    pub skipdata: u64,
    /// Flows whose direction only the port heuristic gave.
    pub guessed: u64,
}

/// Why an input could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    Io(String),
    /// No format recognised the first line.
    Unknown,
    /// A JSON document larger than [`lines::MAX_DOCUMENT`].
    TooLarge,
    /// The document is not one of the format's.
    Document(String),
}

pub struct Engine<'p> {
    pub(crate) current: Policy<'p>,
    pub(crate) candidate: Option<Policy<'p>>,
    orienter: Orienter,
    pub(crate) rows: Rows,
    pub counts: Counts,
    pub skipped: Vec<Skipped>,
    pub inputs: Vec<InputSummary>,
}

impl<'p> Engine<'p> {
    pub fn new(current: Policy<'p>, candidate: Option<Policy<'p>>) -> Engine<'p> {
        Engine {
            current,
            candidate,
            orienter: Orienter::default(),
            rows: Rows::default(),
            counts: Counts::default(),
            skipped: Vec::new(),
            inputs: Vec::new(),
        }
    }

    /// Reads every record of `input` (named `file` in messages), in
    /// `forced` or the detected format; the format read, `None` for an
    /// input without a non-blank line.
    pub fn read(
        &mut self,
        file: &str,
        input: impl Read,
        forced: Option<Format>,
    ) -> Result<Option<Format>, ReadError> {
        let io = |e: std::io::Error| ReadError::Io(e.to_string());
        let mut lines = Lines::new(lines::decoded(input).map_err(io)?);
        let mut summary = InputSummary {
            file: file.to_string(),
            format: "",
            records: 0,
            malformed: 0,
        };
        let format = loop {
            match lines.advance().map_err(io)? {
                Next::End => return Ok(None),
                Next::Line if lines.buf.trim_ascii().is_empty() => continue,
                Next::Line => break forced.or_else(|| Format::detect(&lines.buf)),
                Next::TooLong => break forced,
            }
        };
        let format = format.ok_or(ReadError::Unknown)?;
        summary.format = format.name();
        if format.is_document(&lines.buf) {
            self.document(format, &mut lines, &mut summary)?;
        } else {
            self.lines(format, &mut lines, &mut summary).map_err(io)?;
        }
        self.inputs.push(summary);
        Ok(Some(format))
    }

    fn lines(
        &mut self,
        format: Format,
        lines: &mut Lines,
        s: &mut InputSummary,
    ) -> std::io::Result<()> {
        let mut reader = format::line_reader(format);
        let mut next = Next::Line;
        loop {
            match next {
                Next::End => return Ok(()),
                Next::TooLong => {
                    self.malformed(s, Some(lines.number), "a line longer than 1 MiB".into())
                }
                Next::Line => match reader.line(&lines.buf) {
                    Ok(Line::Record(r)) => self.record(s, &r),
                    Ok(Line::Other) => {}
                    Ok(Line::NoData) => self.counts.nodata += 1,
                    Ok(Line::SkipData) => self.counts.skipdata += 1,
                    Err(reason) => self.malformed(s, Some(lines.number), reason),
                },
            }
            next = lines.advance()?;
        }
    }

    fn document(
        &mut self,
        format: Format,
        lines: &mut Lines,
        s: &mut InputSummary,
    ) -> Result<(), ReadError> {
        let first_line = lines.number;
        let text = lines
            .rest(lines::MAX_DOCUMENT)
            .map_err(|e| ReadError::Io(e.to_string()))?
            .ok_or(ReadError::TooLarge)?;
        let items = format::document(format, &text).map_err(ReadError::Document)?;
        for (at, item) in items {
            match item {
                Ok(r) => self.record(s, &r),
                Err(reason) => {
                    let line = at.map(|at| {
                        let before = text.get(..at).unwrap_or_default();
                        first_line + before.iter().filter(|&&b| b == b'\n').count() as u64
                    });
                    self.malformed(s, line, reason)
                }
            }
        }
        Ok(())
    }

    fn malformed(&mut self, s: &mut InputSummary, line: Option<u64>, reason: String) {
        self.counts.malformed += 1;
        s.malformed += 1;
        if self.skipped.len() < SHOWN {
            self.skipped.push(Skipped {
                file: s.file.clone(),
                line,
                reason,
            });
        }
    }

    fn record(&mut self, s: &mut InputSummary, r: &Record) {
        self.counts.records += 1;
        s.records += 1;
        let o = self.orienter.orient(r);
        self.counts.guessed += u64::from(o.guessed);
        let zones = |p: Policy| {
            let t = &p.analysis.addresses;
            (t.lookup(o.client), t.lookup(o.server))
        };
        let (from, to) = zones(self.current);
        let key = Key {
            from,
            to,
            candidate: self.candidate.map_or((None, None), zones),
            proto: o.proto,
            port: o.port,
        };
        self.rows.add(key, r, &o);
    }
}
