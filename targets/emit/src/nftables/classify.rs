//! Zone classification: which zone a packet's address belongs to.
//!
//! The longest-prefix-match partition (disjoint, sorted ranges, each owned
//! by one zone) becomes address maps per family (`addr_map.rs`): from source
//! address to `goto from_CLASS` (`src4`, `src6`), and from destination
//! address to `jump to_CLASS` (`dst4`, `dst6`, only for classes that check
//! some pairs on their side), where a class is a zone class (`classes.rs`;
//! a class of one zone is named after it). nft maps reject overlapping
//! elements, so the partition, not the zones' prefixes, is what goes in: a
//! /24 nested in a /16 is its own element and the /16 is split around it.

use super::addr_map::{AddrMap, Element};
use super::classes::{ClassRanges, Run};
use super::indexed::{Indexed, Owned};
use super::names::Names;
use super::text::Text;
use super::Family;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use zonec_analysis::partition::ZoneClass;
use zonec_model::ZoneId;

/// One range of the partition: every address in `first..=last` belongs to `zone`.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) struct Segment {
    pub first: IpAddr,
    pub last: IpAddr,
    pub zone: ZoneId,
}

impl Owned for Segment {
    type Key = ZoneId;
    fn owner(&self) -> ZoneId {
        self.zone
    }
    fn slot(key: ZoneId) -> usize {
        key.index()
    }
}

/// The partition of both families, sorted by address, with an index from
/// zone to its ranges.
pub(crate) type Partition = Indexed<Segment>;

/// The partition of the address table's ranges.
pub(crate) fn partition(
    v4: &[(Ipv4Addr, Ipv4Addr, ZoneId)],
    v6: &[(Ipv6Addr, Ipv6Addr, ZoneId)],
) -> Partition {
    let seg = |first: IpAddr, last: IpAddr, zone| Segment { first, last, zone };
    let v4 = v4.iter().map(|&(a, b, z)| seg(a.into(), b.into(), z));
    let v6 = v6.iter().map(|&(a, b, z)| seg(a.into(), b.into(), z));
    Indexed::new(v4.collect(), v6.collect())
}

/// The source-classification map of one family: `src4` or `src6`.
pub(crate) fn src_map_name(family: Family) -> String {
    format!("src{}", family.digit())
}

/// The destination-classification map of one family: `dst4` or `dst6`.
pub(crate) fn dst_map_name(family: Family) -> String {
    format!("dst{}", family.digit())
}

/// Write the map from source address to `goto from_CLASS` (`jump` when
/// zones are monitored: `monitor.rs`); the rule that looks it up, if the
/// family has addresses.
pub(crate) fn write_src_map(
    out: &mut Text,
    ranges: &ClassRanges,
    names: &Names,
    family: Family,
    enter: &str,
) -> Option<String> {
    let what = format!("Source zone of {} packets", family.name());
    let verdict = |class| Some(format!("{enter} {}", names.source_chain(class)));
    let map = address_map(src_map_name(family), ranges.family(family), family, verdict);
    write_map(out, &what, &map).then(|| map.lookup(family.saddr()))
}

/// Write the map from destination address to `jump to_CLASS`, for the
/// classes in `classes` (those that check some pairs as destination); the
/// rule that looks it up, if any class of the family is in `classes`.
pub(crate) fn write_dst_map(
    out: &mut Text,
    ranges: &ClassRanges,
    names: &Names,
    family: Family,
    classes: &BTreeSet<ZoneClass>,
) -> Option<String> {
    let what = format!(
        "Destination zone of {} packets, for zones that check sources",
        family.name()
    );
    let verdict = |class| {
        classes
            .contains(&class)
            .then(|| format!("jump {}", names.dest_chain(class)))
    };
    let map = address_map(dst_map_name(family), ranges.family(family), family, verdict);
    write_map(out, &what, &map).then(|| map.lookup(family.daddr()))
}

fn address_map(
    name: String,
    runs: &[Run],
    family: Family,
    verdict: impl Fn(ZoneClass) -> Option<String>,
) -> AddrMap {
    let elements = runs
        .iter()
        .filter_map(|r| {
            Some(Element {
                first: r.first,
                last: r.last,
                comment: String::new(),
                verdict: verdict(r.class)?.into(),
            })
        })
        .collect();
    AddrMap::new(name, family, elements)
}

/// Write `map` after a line saying `what` it is; false (and nothing
/// written) when it is empty.
fn write_map(out: &mut Text, what: &str, map: &AddrMap) -> bool {
    if map.is_empty() {
        return false;
    }
    let n = map.len();
    out.comment(&format!(
        "{what}: {n} {}, longest prefix match already resolved.",
        plural(n, "range")
    ));
    map.write(out);
    out.blank();
    true
}

/// `1 range`, `2 ranges`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
