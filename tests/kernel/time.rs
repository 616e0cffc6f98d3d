//! Time in the kernel (issue 16): an allow whose expiry is the next whole
//! minute is open, then closed once the kernel clock passes it, with no
//! reload; an access window around the current time is open and one two
//! hours ahead is closed. The fixtures are derived from the current time
//! here, and only here: every other test passes a fixed date.

use super::netns::Lab;
use super::observe;
use super::plan::{Cell, Plan, Rep};
use super::run::{self, compile_text, ruleset};
use super::topology;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use zonec_base::window::DAY_NAMES;
use zonec_base::Date;
use zonec_model::ZoneId;

/// The offset the windows are written in, to exercise the conversion.
const OFFSET_MINUTES: i64 = 5 * 60 + 30;

pub fn main() -> i32 {
    let path = Path::new("time-bounded allows (generated from the current time)").to_path_buf();
    run::run_all("kernel_nftables time", &[path], |_, tag| test_time(tag))
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `2026-12-05T10:31Z` for a Unix time on a whole minute.
fn utc_minute(t: i64) -> String {
    let date = Date::from_days_since_epoch(t.div_euclid(86_400));
    let m = t.rem_euclid(86_400) / 60;
    format!("{date}T{:02}:{:02}Z", m / 60, m % 60)
}

/// A window of two hours starting `from_now` minutes from now, written in
/// `+05:30`, on the local day it starts.
fn window(from_now: i64) -> String {
    let local = now() / 60 + OFFSET_MINUTES + from_now;
    let day = (local.div_euclid(1440) + 3).rem_euclid(7) as usize;
    let start = local.rem_euclid(1440);
    let end = (start + 120) % 1440;
    let hm = |m: i64| format!("{:02}:{:02}", m / 60, m % 60);
    format!("{} {}-{} +05:30", DAY_NAMES[day], hm(start), hm(end))
}

fn test_time(tag: &str) -> Result<String, String> {
    // The next whole minute at least 5 s away.
    let expiry = (now() + 5).div_euclid(60) * 60 + 60;
    let text = format!(
        "zone a {{ net 10.91.1.0/24 }}\nzone b {{ net 10.91.2.0/24 }}\n\
         allow a -> b : tcp/7001 {{ expires {} }}\n\
         allow a -> b : tcp/7002 {{ window \"{}\" }}\n\
         allow a -> b : tcp/7003 {{ window \"{}\" }}\n",
        utc_minute(expiry),
        window(-60),
        window(120),
    );
    let c = compile_text("time", text.clone())?;
    let plan = Plan::new(&c.model, &c.effective, &c.table);
    let (a, b) = (zone(&c, "a")?, zone(&c, "b")?);
    let cell = |port| -> Cell { (a, b, false, Rep::Tcp(port)) };
    let mut lab = Lab::new();
    let topo = topology::build(&mut lab, &format!("t{tag}"), &plan, |z| {
        format!("zz{}", z.0)
    })?;
    let servers = observe::start_servers(&mut lab, &topo, &plan)?;
    let result = (|| {
        topology::load(&topo.router, &ruleset(&c, None)?, "time")?;
        let cells = [cell(7001), cell(7002), cell(7003)];
        let before = observe::probe(&topo, &plan, &cells, run::RETRY_TIMEOUT_MS)?;
        let want = [true, true, false];
        for (c, w) in cells.iter().zip(want) {
            if before[c] != w {
                return Err(format!(
                    "{} is {} before the expiry\n{text}",
                    c.3,
                    open(before[c])
                ));
            }
        }
        let wait = expiry - now() + 2;
        std::thread::sleep(Duration::from_secs(wait.max(0) as u64));
        let after = observe::probe(&topo, &plan, &cells[..1], run::TIMEOUT_MS)?;
        if after[&cells[0]] {
            return Err(format!(
                "tcp/7001 still open after its expiry {}",
                utc_minute(expiry)
            ));
        }
        Ok(format!(
            "expiry {}: open, closed {wait} s later without a reload; window around now open, window 2 h ahead closed",
            utc_minute(expiry)
        ))
    })();
    observe::stop_servers(servers);
    lab.teardown();
    result
}

fn open(yes: bool) -> &'static str {
    if yes {
        "open"
    } else {
        "closed"
    }
}

fn zone(c: &run::Compiled, name: &str) -> Result<ZoneId, String> {
    c.model
        .zone_by_name(name)
        .ok_or_else(|| format!("no zone `{name}`"))
}
