//! The two address widths as plain integers (`u32` for IPv4, `u128` for
//! IPv6), so the sweep and the prefix cover are written once. Every operation
//! near the top of the space is checked: `0.0.0.0/0` and `::/0` end at the
//! maximum address, which has no successor.

use ipnetwork::{Ipv4Network, Ipv6Network};
use std::fmt::Debug;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An address of one family, as an unsigned integer.
pub(crate) trait Word: Copy + Ord + Debug {
    /// The matching std address type, whose order is the integer order.
    type Ip: Copy + Ord + Debug;
    /// The matching `ipnetwork` prefix type.
    type Net: Copy + Debug;

    fn to_ip(self) -> Self::Ip;
    fn from_ip(ip: Self::Ip) -> Self;
    /// The prefix `self/len`, if `len` fits the family.
    fn to_net(self, len: u8) -> Option<Self::Net>;
    /// First and last address of the prefix `self/len` (host bits ignored;
    /// lengths beyond the family's width mean a single address).
    fn block(self, len: u8) -> (Self, Self);
    /// The next address, `None` past the maximum.
    fn succ(self) -> Option<Self>;
    /// The previous address, `None` below zero.
    fn pred(self) -> Option<Self>;
    /// The length of the largest prefix that starts at `self` and ends at or
    /// before `last` (`self <= last`).
    fn widest_block_len(self, last: Self) -> u8;
}

macro_rules! word {
    ($word:ty, $ip:ty, $net:ty) => {
        impl Word for $word {
            type Ip = $ip;
            type Net = $net;

            fn to_ip(self) -> $ip {
                <$ip>::from(self)
            }

            fn from_ip(ip: $ip) -> Self {
                <$word>::from(ip)
            }

            fn to_net(self, len: u8) -> Option<$net> {
                <$net>::new(self.to_ip(), len).ok()
            }

            fn block(self, len: u8) -> (Self, Self) {
                let host = <$word>::MAX.checked_shr(u32::from(len)).unwrap_or(0);
                (self & !host, self | host)
            }

            fn succ(self) -> Option<Self> {
                self.checked_add(1)
            }

            fn pred(self) -> Option<Self> {
                self.checked_sub(1)
            }

            fn widest_block_len(self, last: Self) -> u8 {
                // Host bits allowed by the alignment of `self` (all of them at 0)...
                let aligned = self.trailing_zeros();
                // ...and by the number of addresses left, rounded down to a power of two.
                let fits = match (last - self).checked_add(1) {
                    Some(count) => <$word>::BITS - 1 - count.leading_zeros(),
                    None => <$word>::BITS,
                };
                // Both are at most BITS, so the difference fits in a u8.
                (<$word>::BITS - aligned.min(fits)) as u8
            }
        }
    };
}

word!(u32, Ipv4Addr, Ipv4Network);
word!(u128, Ipv6Addr, Ipv6Network);
