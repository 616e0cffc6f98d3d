//! Kernel translation validation of the nftables target; see
//! `tests/kernel_nftables.rs`.

pub mod classes;
pub mod env;
pub mod flush;
pub mod monitor;
pub mod netns;
pub mod observe;
pub mod plan;
pub mod probe;
pub mod router;
pub mod run;
pub mod spoof;
pub mod time;
pub mod topology;
pub mod verify;
