//! Tests of the engine on records made in the test: both directions of
//! many connections, gzip, bounded lines.

mod direction;
mod reading;
