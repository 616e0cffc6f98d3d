//! Each zone's effective address space as exact CIDR prefixes per family.
//! Security groups and firewall rules cannot subtract, so a zone whose
//! prefix contains nested zones is written as the exact complement prefixes
//! (the `/16` minus the nested `/24` is eight prefixes, never the `/16`);
//! the model's longest-prefix table computes them.

use ipnetwork::{Ipv4Network, Ipv6Network};
use std::collections::BTreeMap;
use zonec_model::{AddressTable, ZoneId};

/// A zone's effective prefixes, each family in address order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ZoneSpace {
    pub v4: Vec<Ipv4Network>,
    pub v6: Vec<Ipv6Network>,
}

impl ZoneSpace {
    pub fn has(&self, family: Family) -> bool {
        match family {
            Family::V4 => !self.v4.is_empty(),
            Family::V6 => !self.v6.is_empty(),
        }
    }

    /// The prefixes of one family, as text.
    pub fn cidrs(&self, family: Family) -> Vec<String> {
        match family {
            Family::V4 => self.v4.iter().map(ToString::to_string).collect(),
            Family::V6 => self.v6.iter().map(ToString::to_string).collect(),
        }
    }
}

/// IPv4 or IPv6: rules that name addresses name one family.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    V4,
    V6,
}

impl Family {
    pub const BOTH: [Family; 2] = [Family::V4, Family::V6];

    /// `v4` / `v6`, for resource names.
    pub fn short(self) -> &'static str {
        match self {
            Family::V4 => "v4",
            Family::V6 => "v6",
        }
    }

    /// The whole address space of the family.
    pub fn everything(self) -> &'static str {
        match self {
            Family::V4 => "0.0.0.0/0",
            Family::V6 => "::/0",
        }
    }
}

/// Every zone's effective space.
#[derive(Clone, Debug, Default)]
pub struct Spaces {
    zones: BTreeMap<ZoneId, ZoneSpace>,
}

impl Spaces {
    pub fn new(table: &AddressTable) -> Spaces {
        let zones = table
            .spaces()
            .map(|(id, space)| {
                let prefixes = ZoneSpace {
                    v4: space.v4_prefixes(),
                    v6: space.v6_prefixes(),
                };
                (id, prefixes)
            })
            .collect();
        Spaces { zones }
    }

    pub fn zone(&self, id: ZoneId) -> &ZoneSpace {
        static EMPTY: ZoneSpace = ZoneSpace {
            v4: Vec::new(),
            v6: Vec::new(),
        };
        self.zones.get(&id).unwrap_or(&EMPTY)
    }
}
