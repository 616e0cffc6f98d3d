//! The resolved model: names → typed ids, prefixes, port sets, and the
//! longest-prefix-match address table built from the zones.

pub mod ids;
pub mod lpm;
pub mod policy;
pub mod ports;
mod resolve;

pub use ids::{InvariantId, LabelId, RuleId, ServiceId, ZoneId};
pub use lpm::{AddressTable, EffectiveSpace};
pub use policy::*;
pub use ports::{PortSet, Proto};
pub use resolve::{resolve, ResolveOptions};
