//! Placeholder until the longest-prefix-match table lands.
