//! The flush script `build` writes (`nftables/flush-revoked.sh`), run by
//! bash against stand-ins for `nft`, `ip` and `conntrack`: each test gives
//! a conntrack listing for one fixture and asserts exactly which entries
//! the script deletes. IPv4 and IPv6, zone classes, ICMP, traffic inside
//! one zone and the router itself (`self`) each meet both verdicts. The
//! kernel test (`kernel_nftables`, `kernel/flush.rs`) runs it for real.

use crate::util::{self, OutDir};
use std::path::Path;
use std::process::Command;

const TODAY: &str = "2026-01-15";

/// A fixture's build and a directory of stand-in tools.
struct Bench {
    build: OutDir,
    tools: OutDir,
}

/// `nft` lists the stamp counter with `$FAKE_STAMP`; `ip` prints
/// `$FAKE_ADDRS`; `conntrack -L` prints `$FAKE_LIST` (and exits with
/// `$FAKE_LIST_EXIT`) and `conntrack -D` appends its arguments to
/// `$FAKE_CALLS`.
const TOOLS: &[(&str, &str)] = &[
    (
        "nft",
        "#!/bin/sh\n[ \"$*\" = 'list counter inet zonec zonec_build' ] || exit 1\n\
         printf 'table inet zonec {\\n\\tcounter zonec_build {\\n\\t\\tcomment \"sha256:%s\"\\n\\t}\\n}\\n' \"$FAKE_STAMP\"\n",
    ),
    ("ip", "#!/bin/sh\ncat \"$FAKE_ADDRS\"\n"),
    (
        "conntrack",
        "#!/bin/sh\nif [ \"$1\" = -L ]; then cat \"$FAKE_LIST\"; exit \"${FAKE_LIST_EXIT:-0}\"; fi\n\
         echo \"$*\" >> \"$FAKE_CALLS\"\n\
         echo 'conntrack v1.4.7 (conntrack-tools): 1 flow entries have been deleted.' >&2\n",
    ),
];

impl Bench {
    /// `test` names the directories, so tests of one fixture do not meet.
    fn new(file: &str, test: &str) -> Bench {
        let name = format!("{}-{test}", util::stem(file));
        let build = OutDir::new("flush", &name);
        let run = util::build("nftables", TODAY, file, &build, &[]);
        assert_eq!(run.code, 0, "{file}: {}", run.stderr);
        let tools = OutDir::new("flush-tools", &name);
        std::fs::create_dir_all(&tools.0).unwrap();
        for (tool, text) in TOOLS {
            let path = tools.0.join(tool);
            std::fs::write(&path, text).unwrap();
            make_executable(&path);
        }
        Bench { build, tools }
    }

    fn stamp(&self) -> String {
        let script = self.build.read("nftables/flush-revoked.sh");
        let line = script
            .lines()
            .find(|l| l.starts_with("readonly ZONEC_BUILD="))
            .unwrap();
        line.trim_start_matches("readonly ZONEC_BUILD=").to_string()
    }

    /// Run the script with `args` on `entries` (conntrack -L lines) and the
    /// router's addresses `addrs` (`ip -o addr` lines); its exit code,
    /// standard output and the `conntrack -D` calls it made.
    fn run(&self, stamp: &str, addrs: &[&str], entries: &[String], args: &[&str]) -> Flushed {
        self.run_with(stamp, addrs, entries, args, &[])
    }

    /// [`Bench::run`] with more environment variables.
    fn run_with(
        &self,
        stamp: &str,
        addrs: &[&str],
        entries: &[String],
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Flushed {
        let file = |name: &str, lines: &[String]| {
            let path = self.tools.0.join(name);
            std::fs::write(
                &path,
                lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
            )
            .unwrap();
            path
        };
        let addrs: Vec<String> = addrs.iter().map(|a| a.to_string()).collect();
        let calls = self.tools.0.join("calls");
        let _ = std::fs::remove_file(&calls);
        let path = format!(
            "{}:{}",
            self.tools.path(),
            std::env::var("PATH").unwrap_or_default()
        );
        let out = Command::new("bash")
            .arg(self.build.0.join("nftables/flush-revoked.sh"))
            .args(args)
            .env("PATH", path)
            .env("FAKE_STAMP", stamp)
            .env("FAKE_ADDRS", file("addrs", &addrs))
            .env("FAKE_LIST", file("list", entries))
            .env("FAKE_CALLS", &calls)
            .envs(env.iter().copied())
            .output()
            .unwrap();
        let calls = std::fs::read_to_string(&calls).unwrap_or_default();
        Flushed {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            calls: calls.lines().map(str::to_string).collect(),
        }
    }

    /// Run on `entries` with the right stamp; assert success and that the
    /// deletions are exactly `deleted`, in listing order.
    fn expect(&self, addrs: &[&str], entries: &[String], deleted: &[&str]) {
        let got = self.run(&self.stamp(), addrs, entries, &[]);
        assert_eq!(got.code, 0, "{}{}", got.stdout, got.stderr);
        assert_eq!(got.calls, deleted, "{}", got.stdout);
        let summary = format!("revoked: {}, not understood", deleted.len());
        assert!(got.stdout.contains(&summary), "{}", got.stdout);
    }
}

struct Flushed {
    code: i32,
    stdout: String,
    stderr: String,
    calls: Vec<String>,
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// A TCP entry from `src` to `dst` port `port`, as `conntrack -L -o extended` prints it.
fn tcp(src: &str, dst: &str, port: u16) -> String {
    format!(
        "{} tcp      6 431999 ESTABLISHED src={src} dst={dst} sport=40000 dport={port} \
         src={dst} dst={src} sport={port} dport=40000 [ASSURED] mark=0 use=1",
        family(src)
    )
}

fn udp(src: &str, dst: &str, port: u16) -> String {
    format!(
        "{} udp      17 29 src={src} dst={dst} sport=5353 dport={port} \
         src={dst} dst={src} sport={port} dport=5353 mark=0 use=1",
        family(src)
    )
}

/// An ICMP (IPv4) or ICMPv6 echo-style entry of `kind` (request type).
fn icmp(src: &str, dst: &str, kind: u8) -> String {
    let (name, number) = if src.contains(':') {
        ("icmpv6", 58)
    } else {
        ("icmp", 1)
    };
    format!(
        "{} {name}     {number} 29 src={src} dst={dst} type={kind} code=0 id=7 \
         src={dst} dst={src} type=0 code=0 id=7 mark=0 use=1",
        family(src)
    )
}

fn family(addr: &str) -> &'static str {
    if addr.contains(':') {
        "ipv6     10"
    } else {
        "ipv4     2"
    }
}

fn del_tcp(src: &str, dst: &str, port: u16) -> String {
    let f = if src.contains(':') { "ipv6" } else { "ipv4" };
    format!("-D -f {f} -s {src} -d {dst} -r {dst} -p tcp --dport {port} --reply-port-src {port}")
}

#[test]
fn the_script_parses_and_passes_shellcheck_if_installed() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "lint");
    let script = bench.build.0.join("nftables/flush-revoked.sh");
    let parse = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        parse.status.success(),
        "{}",
        String::from_utf8_lossy(&parse.stderr)
    );
    match Command::new("shellcheck").arg(&script).output() {
        Ok(out) => assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        ),
        Err(_) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "shellcheck is required in CI"
            );
            eprintln!("notice: shellcheck not found, the flush script is checked by bash -n only");
        }
    }
}

/// Zones of one class (`@ward`, eighteen zones): distinct zones of the
/// class meet the class's flow, one zone's own traffic is always kept
/// (ward18's two /24s, campus around the nested lab), and a deny that
/// sets a zone apart (lab -> ward3) is honoured, in both families.
#[test]
fn flush_classes() {
    let bench = Bench::new("tests/fixtures/nftables/classes.zones", "classes");
    let entries = [
        tcp("10.20.1.5", "10.20.2.5", 22),
        tcp("10.20.1.5", "10.20.2.5", 23),
        tcp("fd00:20:1::5", "fd00:20:2::5", 22),
        tcp("fd00:20:1::5", "fd00:20:17::5", 80),
        tcp("10.20.1.5", "10.20.1.6", 23),
        tcp("10.20.40.1", "10.20.42.1", 99),
        tcp("10.20.40.1", "10.20.17.1", 99),
        tcp("10.30.1.1", "10.30.200.1", 9),
        tcp("10.30.9.1", "10.20.1.5", 8080),
        tcp("10.30.9.1", "10.20.3.5", 8080),
        tcp("fd00:30:9::1", "fd00:20:3::5", 8080),
        tcp("10.20.5.5", "1.1.1.1", 443),
        tcp("10.20.5.5", "1.1.1.1", 80),
    ];
    bench.expect(
        &[],
        &entries,
        &[
            &del_tcp("10.20.1.5", "10.20.2.5", 23),
            &del_tcp("fd00:20:1::5", "fd00:20:17::5", 80),
            &del_tcp("10.20.40.1", "10.20.17.1", 99),
            &del_tcp("10.30.9.1", "10.20.3.5", 8080),
            &del_tcp("fd00:30:9::1", "fd00:20:3::5", 8080),
            &del_tcp("10.20.5.5", "1.1.1.1", 80),
        ],
    );
}

/// ICMP and ICMPv6 by type, a deny of one type, and a protocol the policy
/// never names (GRE).
#[test]
fn flush_icmp() {
    let bench = Bench::new("tests/fixtures/kernel/icmp.zones", "icmp");
    let gre = "ipv4     2 gre      47 99 src=10.60.0.5 dst=10.61.0.5 srckey=0x1 dstkey=0x2 \
               src=10.61.0.5 dst=10.60.0.5 srckey=0x2 dstkey=0x1 mark=0 use=1";
    let entries = [
        icmp("10.60.0.5", "10.61.0.5", 8),
        icmp("fd00:60::5", "fd00:61::5", 128),
        icmp("10.60.0.5", "10.62.0.5", 8),
        icmp("10.60.0.5", "10.62.0.5", 13),
        icmp("fd00:63::5", "fd00:62::5", 128),
        icmp("10.63.0.5", "10.62.0.5", 8),
        icmp("fd00:62::5", "fd00:60::5", 128),
        udp("10.61.0.5", "10.60.0.5", 162),
        udp("10.61.0.5", "10.60.0.5", 161),
        gre.to_string(),
    ];
    bench.expect(
        &[],
        &entries,
        &[
            "-D -f ipv4 -s 10.60.0.5 -d 10.62.0.5 -r 10.62.0.5 -p icmp --icmp-type 13 --icmp-code 0",
            "-D -f ipv4 -s 10.63.0.5 -d 10.62.0.5 -r 10.62.0.5 -p icmp --icmp-type 8 --icmp-code 0",
            "-D -f ipv4 -s 10.61.0.5 -d 10.60.0.5 -r 10.60.0.5 -p udp --dport 161 --reply-port-src 161",
            "-D -f ipv4 -s 10.60.0.5 -d 10.61.0.5 -r 10.61.0.5 -p 47",
        ],
    );
}

/// The router's addresses as `ip -o addr` prints them.
const ROUTER_ADDRS: &[&str] = &[
    "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever",
    "1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever",
    "3: vlan72    inet 10.72.0.254/24 brd 10.72.0.255 scope global vlan72\\       valid_lft forever",
    "3: vlan72    inet6 fd00:72::fe/64 scope global \\       valid_lft forever preferred_lft forever",
];

/// `self`: traffic to the router's own addresses (and to a broadcast
/// address) is judged by its source zone (input), from them by the
/// destination zone (output, a broadcast too); loopback is kept; forwarded
/// traffic is judged as usual.
#[test]
fn flush_router() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "router");
    let entries = [
        tcp("10.70.0.5", "10.72.0.254", 22),
        tcp("fd00:70::5", "fd00:72::fe", 22),
        tcp("10.71.0.5", "10.72.0.254", 22),
        tcp("fd00:71::5", "fd00:72::fe", 22),
        udp("10.72.0.254", "8.8.8.8", 53),
        udp("fd00:72::fe", "2001:db8::53", 53),
        udp("10.72.0.254", "10.70.0.5", 53),
        udp("10.72.0.254", "10.72.0.255", 137),
        udp("10.70.0.5", "10.72.0.255", 137),
        tcp("127.0.0.1", "127.0.0.1", 8080),
        tcp("::1", "::1", 8080),
        tcp("10.70.0.5", "10.72.0.9", 22),
        tcp("10.71.0.5", "10.72.0.9", 443),
        tcp("10.71.0.5", "8.8.8.8", 443),
    ];
    bench.expect(
        ROUTER_ADDRS,
        &entries,
        &[
            &del_tcp("10.71.0.5", "10.72.0.254", 22),
            &del_tcp("fd00:71::5", "fd00:72::fe", 22),
            "-D -f ipv4 -s 10.72.0.254 -d 10.70.0.5 -r 10.70.0.5 -p udp --dport 53 --reply-port-src 53",
            "-D -f ipv4 -s 10.72.0.254 -d 10.72.0.255 -r 10.72.0.255 -p udp --dport 137 --reply-port-src 137",
            "-D -f ipv4 -s 10.70.0.5 -d 10.72.0.255 -r 10.72.0.255 -p udp --dport 137 --reply-port-src 137",
            &del_tcp("10.71.0.5", "10.72.0.9", 443),
        ],
    );
}

/// Without `self` the router's own traffic is not filtered, so none of its
/// connections is cut, whatever the zones of its addresses.
#[test]
fn flush_without_self_keeps_the_routers_own_connections() {
    let bench = Bench::new("tests/fixtures/kernel/icmp.zones", "no-self");
    let addrs = ["2: eth0    inet 10.61.0.254/24 brd 10.61.0.255 scope global eth0"];
    let entries = [
        tcp("10.63.0.5", "10.61.0.254", 22),
        tcp("10.61.0.254", "10.63.0.5", 22),
        udp("10.63.0.5", "10.61.0.255", 137),
        tcp("10.63.0.5", "10.61.0.9", 22),
    ];
    bench.expect(&addrs, &entries, &[&del_tcp("10.63.0.5", "10.61.0.9", 22)]);
}

/// Destination NAT: the destination and its port are the reply's source,
/// as the forward chain sees them after the NAT.
#[test]
fn flush_judges_the_destination_after_nat() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "nat");
    let dnat = |port: u16| {
        format!(
            "ipv4     2 tcp      6 431999 ESTABLISHED src=10.70.0.5 dst=203.0.113.9 sport=40000 \
             dport=2222 src=10.72.0.9 dst=10.70.0.5 sport={port} dport=40000 [ASSURED] mark=0 use=1"
        )
    };
    bench.expect(
        &[],
        &[dnat(22), dnat(23)],
        &["-D -f ipv4 -s 10.70.0.5 -d 203.0.113.9 -r 10.72.0.9 -p tcp --dport 2222 --reply-port-src 23"],
    );
}

/// Lines it does not understand are kept and counted; no deletion is
/// repeated for entries of one tuple.
#[test]
fn flush_keeps_what_it_cannot_parse() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "unparsed");
    let entries = [
        "garbage".to_string(),
        tcp("10.71.0.999", "10.72.0.9", 443),
        tcp("fd00::71::5", "10.72.0.9", 443),
        tcp("10.71.0.5", "10.72.0.9", 80),
        tcp("10.71.0.5", "10.72.0.9", 80),
    ];
    let got = bench.run(&bench.stamp(), &[], &entries, &[]);
    assert_eq!(got.code, 0, "{}", got.stderr);
    assert_eq!(got.calls, [del_tcp("10.71.0.5", "10.72.0.9", 80)]);
    assert!(
        got.stdout
            .contains("entries kept: 0, revoked: 2, not understood (kept): 3"),
        "{}",
        got.stdout
    );
}

/// Another ruleset loaded (or none): exit 3, nothing listed or deleted.
#[test]
fn flush_refuses_another_ruleset() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "refuse");
    let entries = [tcp("10.71.0.5", "10.72.0.9", 80)];
    let other = "0".repeat(64);
    let got = bench.run(&other, &[], &entries, &[]);
    assert_eq!(got.code, 3, "{}", got.stdout);
    assert!(got.calls.is_empty());
    assert!(
        got.stderr
            .contains("is not the ruleset built with this script"),
        "{}",
        got.stderr
    );
}

/// `--dry-run` lists the revoked entries with their zones and deletes
/// nothing; a wrong argument is a usage error.
#[test]
fn flush_dry_run_lists_and_deletes_nothing() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "dry-run");
    let entries = [tcp("10.71.0.5", "10.72.0.9", 80)];
    let got = bench.run(&bench.stamp(), &[], &entries, &["--dry-run"]);
    assert_eq!(got.code, 0, "{}", got.stderr);
    assert!(got.calls.is_empty());
    assert!(
        got.stdout
            .contains("revoked: tcp 10.71.0.5 -> 10.72.0.9 port 80 (guest -> clinical)\n"),
        "{}",
        got.stdout
    );
    assert!(got.stdout.contains("dry run: nothing deleted"));
    let usage = bench.run(&bench.stamp(), &[], &entries, &["--now"]);
    assert_eq!(usage.code, 2);
    assert!(usage.calls.is_empty());
}

/// A listing that fails (conntrack missing from the kernel, say) deletes
/// nothing, even the entries it printed before failing.
#[test]
fn flush_deletes_nothing_when_listing_fails() {
    let bench = Bench::new("tests/fixtures/kernel/router.zones", "list-fails");
    let entries = [tcp("10.71.0.5", "10.72.0.9", 80)];
    let env = [("FAKE_LIST_EXIT", "1")];
    let got = bench.run_with(&bench.stamp(), &[], &entries, &[], &env);
    assert_eq!(got.code, 1, "{}", got.stdout);
    assert!(got.calls.is_empty());
    assert!(got.stderr.contains("nothing deleted"), "{}", got.stderr);
}
