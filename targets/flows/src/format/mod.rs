//! The formats zonec reads, how each is recognised from its first line,
//! and the one shape a reader has: a line in, a record (or a reason it is
//! malformed) out. Document formats (Azure's JSON, a JSON array of GCP
//! entries) are read whole and give their records at once.

pub mod aws;
pub mod azure;
pub mod conntrack;
pub mod csv;
pub mod gcp;
pub mod netfilter;

use crate::record::Record;

/// A flow-log format (`--input-format`).
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// AWS VPC Flow Logs, text (default or custom field order).
    Aws,
    /// Azure VNet flow logs (version 4) and NSG flow logs (version 2), JSON.
    Azure,
    /// GCP VPC Flow Logs and Firewall Rules Logging, exported JSON.
    Gcp,
    /// `conntrack -L` (or `/proc/net/nf_conntrack`).
    Conntrack,
    /// Kernel log lines of nftables/iptables `log`.
    Netfilter,
    /// CSV with a header: `src,dst,proto,dport` and optional columns.
    Csv,
}

impl Format {
    pub const ALL: [Format; 6] = [
        Format::Aws,
        Format::Azure,
        Format::Gcp,
        Format::Conntrack,
        Format::Netfilter,
        Format::Csv,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Aws => "aws",
            Format::Azure => "azure",
            Format::Gcp => "gcp",
            Format::Conntrack => "conntrack",
            Format::Netfilter => "netfilter",
            Format::Csv => "csv",
        }
    }

    /// What the format is, for the error that lists the formats tried.
    pub fn title(self) -> &'static str {
        match self {
            Format::Aws => "AWS VPC Flow Logs (text)",
            Format::Azure => "Azure VNet/NSG flow logs (JSON)",
            Format::Gcp => "GCP VPC Flow Logs / Firewall Rules Logging (JSON)",
            Format::Conntrack => "conntrack -L",
            Format::Netfilter => "netfilter log lines",
            Format::Csv => "CSV (src,dst,proto,dport)",
        }
    }

    /// The format the first non-blank line of a file is in, if any.
    pub fn detect(first: &[u8]) -> Option<Format> {
        let line = first.trim_ascii();
        match line.first()? {
            b'{' if gcp::is_entry(line) => Some(Format::Gcp),
            b'{' => Some(Format::Azure),
            b'[' => Some(Format::Gcp),
            _ if aws::detect(line) => Some(Format::Aws),
            _ if conntrack::detect(line) => Some(Format::Conntrack),
            _ if netfilter::detect(line) => Some(Format::Netfilter),
            _ if csv::detect(line) => Some(Format::Csv),
            _ => None,
        }
    }

    /// Whether the format is one JSON document rather than lines.
    pub fn is_document(self, first: &[u8]) -> bool {
        match self {
            Format::Azure => true,
            Format::Gcp => first.trim_ascii().starts_with(b"["),
            _ => false,
        }
    }
}

/// What one line holds.
#[derive(Debug)]
pub enum Line {
    Record(Record),
    /// A header, a blank line, a line of another program: not a record.
    Other,
    /// AWS `NODATA` / `SKIPDATA`: counted, not a flow.
    NoData,
    SkipData,
}

/// Why a line or tuple is not a record.
pub type Malformed = String;

/// A reader of a line format.
pub trait LineReader {
    fn line(&mut self, line: &[u8]) -> Result<Line, Malformed>;
}

/// The reader of a line format.
pub fn line_reader(format: Format) -> Box<dyn LineReader> {
    match format {
        Format::Aws => Box::new(aws::Reader::default()),
        Format::Gcp => Box::new(gcp::LineReader),
        Format::Conntrack => Box::new(conntrack::Reader),
        Format::Netfilter => Box::new(netfilter::Reader),
        Format::Csv => Box::new(csv::Reader::default()),
        Format::Azure => Box::new(NoLines),
    }
}

/// Azure is a document format; never asked for a line.
struct NoLines;

impl LineReader for NoLines {
    fn line(&mut self, _: &[u8]) -> Result<Line, Malformed> {
        Ok(Line::Other)
    }
}

/// One item of a document: a record or why it is not one, with the byte
/// offset of the item in the document when known (for its line number).
pub type DocItem = (Option<usize>, Result<Record, Malformed>);

/// The records of a whole document in `format`, in document order; `Err`
/// when the document is not JSON of that format.
pub fn document(format: Format, text: &[u8]) -> Result<Vec<DocItem>, Malformed> {
    match format {
        Format::Azure => azure::document(text),
        _ => gcp::document(text),
    }
}
