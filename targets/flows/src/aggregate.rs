//! Records to rows. A row is one (source zone, destination zone, protocol,
//! port) under the policy, and under the candidate too when there is one;
//! it adds up counts, packets, bytes and times and keeps a few sample
//! address pairs. Memory grows with the rows, never with the records.

use crate::direction::Oriented;
use crate::record::Record;
use std::collections::BTreeMap;
use std::net::IpAddr;
use zonec_model::ZoneId;

/// Sample address pairs kept per row.
pub const SAMPLES: usize = 3;

/// What a row is keyed by: the zones under each policy, protocol, port.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    pub from: Option<ZoneId>,
    pub to: Option<ZoneId>,
    /// The zones under the candidate (`None` without one, or unzoned).
    pub candidate: (Option<ZoneId>, Option<ZoneId>),
    pub proto: u8,
    pub port: Option<u16>,
}

/// What the records of a row add up to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub count: u64,
    pub packets: u64,
    pub bytes: u64,
    pub first: Option<u64>,
    pub last: Option<u64>,
    /// Distinct (client, server) pairs, the first few seen.
    pub samples: Vec<(IpAddr, IpAddr)>,
}

impl Stats {
    pub fn add(&mut self, r: &Record, o: &Oriented) {
        self.count = self.count.saturating_add(r.count);
        self.packets = self.packets.saturating_add(r.packets);
        self.bytes = self.bytes.saturating_add(r.bytes);
        self.first = min(self.first, r.start.or(r.end));
        self.last = max(self.last, r.end.or(r.start));
        let pair = (o.client, o.server);
        if self.samples.len() < SAMPLES && !self.samples.contains(&pair) {
            self.samples.push(pair);
        }
    }

    pub fn merge(&mut self, other: &Stats) {
        self.count = self.count.saturating_add(other.count);
        self.packets = self.packets.saturating_add(other.packets);
        self.bytes = self.bytes.saturating_add(other.bytes);
        self.first = min(self.first, other.first);
        self.last = max(self.last, other.last);
        for &pair in &other.samples {
            if self.samples.len() < SAMPLES && !self.samples.contains(&pair) {
                self.samples.push(pair);
            }
        }
    }
}

fn min(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    a.max(b)
}

/// The rows so far.
#[derive(Default)]
pub struct Rows {
    pub rows: BTreeMap<Key, Stats>,
}

impl Rows {
    pub fn add(&mut self, key: Key, r: &Record, o: &Oriented) {
        self.rows.entry(key).or_default().add(r, o);
    }
}
