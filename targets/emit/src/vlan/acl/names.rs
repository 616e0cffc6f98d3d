//! The names of the filters' objects on each platform. Access lists and
//! filters are named by VLAN id (`zonec-in-110`, `zonec-in6-110`), so no
//! policy text is in them; object groups and prefix lists are named by
//! zone (`zonec-net-clinical`), through `zonec_escape::{ios, junos}`'s name
//! rules. Zone names are identifiers, so the IOS names are unique as they
//! are; Junos folds `_` and runs into `-`, and a name that is cut or met
//! twice gets the zone's number at its end.

use super::entries::Family;
use std::collections::BTreeMap;
use zonec_escape::{ios, junos};
use zonec_model::{Model, ZoneId};

/// The longest zone part of a name; the whole stays under 64 bytes, which
/// both platforms accept for every object named here.
const ZONE_PART: usize = 40;

/// The name of one zone's list (IOS ACL, Junos filter) for a family.
pub(crate) fn acl(vlan: u16, f: Family) -> String {
    match f {
        Family::V4 => format!("zonec-in-{vlan}"),
        Family::V6 => format!("zonec-in6-{vlan}"),
    }
}

/// Every zone's object-group (IOS) and prefix-list (Junos) name.
#[derive(Clone, Debug)]
pub(crate) struct ZoneNames {
    ios: BTreeMap<ZoneId, String>,
    junos: BTreeMap<ZoneId, String>,
}

impl ZoneNames {
    pub(crate) fn new(model: &Model) -> ZoneNames {
        let ios = unique(model, |z| ios::name(z, usize::MAX));
        let junos = unique(model, |z| junos::name(z, "zone", usize::MAX));
        ZoneNames { ios, junos }
    }

    /// `object-group network` of a zone (IPv4).
    pub(crate) fn ios(&self, z: ZoneId) -> String {
        format!("zonec-net-{}", self.ios.get(&z).map_or("", String::as_str))
    }

    /// `prefix-list` of a zone for a family.
    pub(crate) fn junos(&self, z: ZoneId, f: Family) -> String {
        let name = self.junos.get(&z).map_or("", String::as_str);
        match f {
            Family::V4 => format!("zonec-net-{name}"),
            Family::V6 => format!("zonec-net6-{name}"),
        }
    }
}

/// Each zone's name by `spell`, cut to [`ZONE_PART`]; a cut name, or one
/// that two zones share, ends in `-` and the zone's number instead.
fn unique(model: &Model, spell: impl Fn(&str) -> String) -> BTreeMap<ZoneId, String> {
    let spelled: Vec<(ZoneId, String)> = model
        .zone_ids()
        .map(|z| (z, spell(&model.zone(z).name)))
        .collect();
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, n) in &spelled {
        *count.entry(n.as_str()).or_default() += 1;
    }
    spelled
        .iter()
        .map(|(z, n)| {
            let shared = count.get(n.as_str()).copied().unwrap_or(0) > 1;
            let name = if n.len() > ZONE_PART - 8 || shared || n.is_empty() {
                let head = zonec_escape::line::cut(n, ZONE_PART - 8);
                format!("{}-{}", head.trim_end_matches('-'), z.index())
            } else {
                n.clone()
            };
            (*z, name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zonec_base::span::Span;
    use zonec_model::Zone;

    fn model(names: &[&str]) -> Model {
        Model {
            zones: names
                .iter()
                .map(|n| Zone::bare(n, Span::default()))
                .collect(),
            ..Model::default()
        }
    }

    #[test]
    fn names_are_unique_per_platform() {
        let long = "a".repeat(50);
        let m = model(&["a__b", "a_b", &long, "clinical"]);
        let names = ZoneNames::new(&m);
        assert_eq!(names.ios(ZoneId(0)), "zonec-net-a__b");
        assert_eq!(names.junos(ZoneId(0), Family::V4), "zonec-net-a-b-0");
        assert_eq!(names.junos(ZoneId(1), Family::V6), "zonec-net6-a-b-1");
        assert_eq!(
            names.ios(ZoneId(2)),
            format!("zonec-net-{}-2", "a".repeat(32))
        );
        assert_eq!(names.junos(ZoneId(3), Family::V4), "zonec-net-clinical");
        assert_eq!(acl(110, Family::V6), "zonec-in6-110");
    }
}
