//! The packet prober: this same test binary, re-executed inside a network
//! namespace (`ip netns exec NS <exe> --probe ...`), so the test needs no
//! extra binary or dependency.
//!
//! - `serve TCP_PORTS UDP_PORTS`: listen on every port (dual-stack `[::]`),
//!   print `ready`, accept TCP connections and echo UDP datagrams, printing
//!   `udp PORT SOURCE PAYLOAD` for each datagram, until stdin closes.
//! - `send TIMEOUT_MS`: read probes `ID tcp|udp ADDRESS PORT [SOURCE]` from
//!   stdin, run them all at once, print `ID ok` or `ID blocked` for each.
//! - `sysctl KEY VALUE`: write `/proc/sys/KEY` in this namespace.
//! - `echo PORT`: a TCP server (dual-stack) that sends every line back,
//!   until stdin closes; prints `ready`.
//! - `hold ADDRESS PORT TIMEOUT_MS`: one long-lived TCP connection; prints
//!   `connected`, then for each line on stdin sends a line and prints `ok`
//!   when it comes back within the timeout, `failed` otherwise.

use std::io::{BufRead, Read, Write};
use std::net::{IpAddr, Ipv6Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Run a probe mode; the process exit code.
pub fn main(args: &[String]) -> i32 {
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(args.get(1), args.get(2)),
        Some("send") => send(args.get(1), args.get(2)),
        Some("sysctl") => sysctl(args.get(1), args.get(2)),
        Some("echo") => echo_server(args.get(1)),
        Some("hold") => hold(args.get(1), args.get(2), args.get(3)),
        _ => Err(format!("unknown probe mode {args:?}")),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("probe: {e}");
            1
        }
    }
}

fn ports(list: Option<&String>) -> Result<Vec<u16>, String> {
    let list = list.map(String::as_str).unwrap_or("");
    list.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().map_err(|e| format!("port `{s}`: {e}")))
        .collect()
}

fn any_addr(port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V6(Ipv6Addr::UNSPECIFIED), port)
}

fn serve(tcp: Option<&String>, udp: Option<&String>) -> Result<(), String> {
    let out = Arc::new(Mutex::new(std::io::stdout()));
    for port in ports(tcp)? {
        let listener = TcpListener::bind(any_addr(port)).map_err(|e| format!("tcp/{port}: {e}"))?;
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                drop(stream);
            }
        });
    }
    for port in ports(udp)? {
        let socket = UdpSocket::bind(any_addr(port)).map_err(|e| format!("udp/{port}: {e}"))?;
        let out = Arc::clone(&out);
        std::thread::spawn(move || echo(socket, port, out));
    }
    say(&out, "ready");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    Ok(())
}

fn echo(socket: UdpSocket, port: u16, out: Arc<Mutex<std::io::Stdout>>) {
    let mut buf = [0u8; 512];
    while let Ok((n, from)) = socket.recv_from(&mut buf) {
        let payload = String::from_utf8_lossy(&buf[..n]).into_owned();
        say(
            &out,
            &format!("udp {port} {} {payload}", canonical(from.ip())),
        );
        let _ = socket.send_to(&buf[..n], from);
    }
}

/// An IPv4 peer seen through a dual-stack socket is `::ffff:a.b.c.d`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

fn say(out: &Mutex<std::io::Stdout>, line: &str) {
    if let Ok(mut out) = out.lock() {
        let _ = writeln!(out, "{line}");
        let _ = out.flush();
    }
}

/// One probe read from stdin.
struct Probe {
    id: String,
    proto: String,
    dst: SocketAddr,
    src: Option<IpAddr>,
}

fn parse_probe(line: &str) -> Result<Probe, String> {
    let f: Vec<&str> = line.split_whitespace().collect();
    let (id, proto, addr, port) = match f.as_slice() {
        [id, proto, addr, port, ..] => (id, proto, addr, port),
        _ => return Err(format!("bad probe line `{line}`")),
    };
    let ip: IpAddr = addr.parse().map_err(|e| format!("`{addr}`: {e}"))?;
    let port: u16 = port.parse().map_err(|e| format!("`{port}`: {e}"))?;
    let src = match f.get(4) {
        Some(s) => Some(s.parse().map_err(|e| format!("`{s}`: {e}"))?),
        None => None,
    };
    Ok(Probe {
        id: id.to_string(),
        proto: proto.to_string(),
        dst: SocketAddr::new(ip, port),
        src,
    })
}

fn send(timeout_ms: Option<&String>, workers: Option<&String>) -> Result<(), String> {
    let timeout_ms: u64 = timeout_ms.and_then(|t| t.parse().ok()).unwrap_or(1500);
    let workers: usize = workers.and_then(|t| t.parse().ok()).unwrap_or(256).max(1);
    let timeout = Duration::from_millis(timeout_ms);
    let probes: Vec<Probe> = std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .filter(|l| !l.trim().is_empty())
        .map(|l| parse_probe(&l))
        .collect::<Result<_, _>>()?;
    let out = Arc::new(Mutex::new(std::io::stdout()));
    // A fixed pool of workers takes the probes in turn: a thread per probe
    // (69,360 probes for behavioral-health, from 26 namespaces at once) ran
    // past the machine's limit of threads (`kernel.pid_max`).
    let queue = Arc::new(Mutex::new(probes.into_iter()));
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (out, queue) = (Arc::clone(&out), Arc::clone(&queue));
            std::thread::spawn(move || {
                while let Some(p) = next_probe(&queue) {
                    let ok = match p.proto.as_str() {
                        "tcp" => tcp_reaches(p.dst, timeout),
                        _ => udp_reaches(p.dst, p.src, &p.id, timeout),
                    };
                    say(
                        &out,
                        &format!("{} {}", p.id, if ok { "ok" } else { "blocked" }),
                    );
                }
            })
        })
        .collect();
    for h in handles {
        let _ = h.join();
    }
    Ok(())
}

fn next_probe(queue: &Mutex<std::vec::IntoIter<Probe>>) -> Option<Probe> {
    queue.lock().ok()?.next()
}

/// A connection (or a refusal, which also proves the SYN got through).
fn tcp_reaches(dst: SocketAddr, timeout: Duration) -> bool {
    match TcpStream::connect_timeout(&dst, timeout) {
        Ok(_) => true,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionRefused,
    }
}

/// The server echoes the datagram; resend a few times within the timeout.
fn udp_reaches(dst: SocketAddr, src: Option<IpAddr>, token: &str, timeout: Duration) -> bool {
    let bind = match (src, dst) {
        (Some(ip), _) => SocketAddr::new(ip, 0),
        (None, SocketAddr::V4(_)) => "0.0.0.0:0".parse().unwrap_or(any_addr(0)),
        (None, SocketAddr::V6(_)) => any_addr(0),
    };
    let Ok(socket) = UdpSocket::bind(bind) else {
        return false;
    };
    let start = Instant::now();
    let tries = 3;
    for _ in 0..tries {
        if socket.send_to(token.as_bytes(), dst).is_err() {
            return false;
        }
        let _ = socket.set_read_timeout(Some(timeout / tries));
        let mut buf = [0u8; 512];
        if let Ok((n, _)) = socket.recv_from(&mut buf) {
            if &buf[..n] == token.as_bytes() {
                return true;
            }
        }
        if start.elapsed() >= timeout {
            break;
        }
    }
    false
}

fn sysctl(key: Option<&String>, value: Option<&String>) -> Result<(), String> {
    let (Some(key), Some(value)) = (key, value) else {
        return Err("sysctl needs KEY VALUE".into());
    };
    let path = format!("/proc/sys/{}", key.replace('.', "/"));
    std::fs::write(&path, value).map_err(|e| format!("{path}: {e}"))
}

fn echo_server(port: Option<&String>) -> Result<(), String> {
    let port: u16 = port
        .and_then(|p| p.parse().ok())
        .ok_or("echo needs a PORT")?;
    let listener = TcpListener::bind(any_addr(port)).map_err(|e| format!("tcp/{port}: {e}"))?;
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            std::thread::spawn(move || {
                let Ok(mut writer) = stream.try_clone() else {
                    return;
                };
                for line in std::io::BufReader::new(stream)
                    .lines()
                    .map_while(Result::ok)
                {
                    if writeln!(writer, "{line}").is_err() {
                        break;
                    }
                }
            });
        }
    });
    let out = Mutex::new(std::io::stdout());
    say(&out, "ready");
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    Ok(())
}

fn hold(
    addr: Option<&String>,
    port: Option<&String>,
    timeout_ms: Option<&String>,
) -> Result<(), String> {
    let ip: IpAddr = addr
        .and_then(|a| a.parse().ok())
        .ok_or("hold needs an ADDRESS")?;
    let port: u16 = port
        .and_then(|p| p.parse().ok())
        .ok_or("hold needs a PORT")?;
    let timeout = Duration::from_millis(timeout_ms.and_then(|t| t.parse().ok()).unwrap_or(3000));
    let out = Mutex::new(std::io::stdout());
    let stream = TcpStream::connect_timeout(&SocketAddr::new(ip, port), timeout)
        .map_err(|e| format!("connect {ip} {port}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    let mut writer = stream.try_clone().map_err(|e| e.to_string())?;
    let mut reader = std::io::BufReader::new(stream);
    say(&out, "connected");
    for (n, _) in std::io::stdin()
        .lock()
        .lines()
        .map_while(Result::ok)
        .enumerate()
    {
        let sent = format!("ping {n}");
        let mut back = String::new();
        let ok = writeln!(writer, "{sent}").is_ok()
            && reader.read_line(&mut back).is_ok()
            && back.trim_end() == sent;
        say(&out, if ok { "ok" } else { "failed" });
        if !ok {
            // A timed-out read may have consumed part of a line: stop.
            break;
        }
    }
    let mut sink = Vec::new();
    let _ = std::io::stdin().read_to_end(&mut sink);
    Ok(())
}
