"""Convert a zonec policy of the `dense` shape (compiler/syntax/src/synth/shapes.rs)
into Aerleon's inputs: network and service definitions and one YAML policy
for Aerleon's nftables generator (family `mixed`, hook FORWARD, default drop:
what zonec's nftables target enforces).

Only the lines `dense` writes are understood: `zone NAME [external] { net P, P }`
and `allow A -> B : PORT, PORT { reason "..."; ticket "..." }`. Each flow
becomes one term per protocol (Aerleon matches every listed port on every
listed protocol, so a term of tcp/22 and udp/53 would also allow udp/22).
Flows to an external zone mean "to an address in no other zone" (zonec's
longest-prefix membership): they come last, after a term that drops what
goes to any other zone's prefixes. (Aerleon's `destination-exclude` would
say the same, but it subtracts each excluded prefix in turn and takes over
five minutes on the 1,000 /64s of a 1,000-zone policy.) The terms are all
accepts, so their order changes nothing else. A flow from an external zone
is not converted (`dense` writes none).

Usage: python3 convert.py POLICY.zones OUTDIR
writes OUTDIR/def/{networks,services}.yaml and OUTDIR/policies/pol/dense.yaml.
"""

import ipaddress
import json
import re
import sys
from pathlib import Path

ZONE = re.compile(r"^zone (\w+)( external)? \{ net ([^}]*) \}$")
ALLOW = re.compile(r"^allow (\w+) -> (\w+) : ([^{]*?)\s*(?:\{ reason \"([^\"]*)\"; ticket \"([^\"]*)\" \})?$")


def parse(text):
    """(zones, flows): zones maps a name to (prefixes, external); flows is a
    list of (from, to, [(protocol, port)], comment)."""
    zones, flows = {}, []
    for line in text.splitlines():
        if m := ZONE.match(line):
            zones[m[1]] = ([p.strip() for p in m[3].split(",")], bool(m[2]))
        elif m := ALLOW.match(line):
            if zones.get(m[1], ([], False))[1]:
                sys.exit(f"convert.py: a flow from an external zone is not supported: {line[:80]}")
            ports = [tuple(p.strip().split("/")) for p in m[3].split(",")]
            comment = " ".join(x for x in (m[4], m[5]) if x)
            flows.append((m[1], m[2], ports, comment))
        elif line.startswith(("zone ", "allow ", "deny ", "service ", "forbid ", "require ")):
            sys.exit(f"convert.py: not a line of the dense shape: {line[:80]}")
    return zones, flows


def service_name(protocol, port):
    return f"{protocol}_{port}".upper().replace("-", "_")


def networks_yaml(zones):
    out = ["networks:"]
    for name, (prefixes, _) in zones.items():
        out.append(f"  {name}:\n    values:")
        out.extend(f"      - address: {p}" for p in prefixes)
    out.append("  INTERNAL:\n    values:")
    out.extend(f"      - address: {p}" for p in internal(zones))
    return "\n".join(out) + "\n"


def internal(zones):
    """Every prefix of a zone that is not external, collapsed."""
    nets = [ipaddress.ip_network(p) for ps, external in zones.values() if not external for p in ps]
    v4 = ipaddress.collapse_addresses(n for n in nets if n.version == 4)
    v6 = ipaddress.collapse_addresses(n for n in nets if n.version == 6)
    return [str(n) for n in [*v4, *v6]]


def services_yaml(flows):
    ports = sorted({p for _, _, ps, _ in flows for p in ps})
    out = ["services:"]
    for protocol, port in ports:
        out.append(f"  {service_name(protocol, port)}:")
        out.append(f"    - port: '{port}'\n      protocol: {protocol}")
    return "\n".join(out) + "\n"


def term(name, src, dst, protocol, ports, comment):
    lines = [
        f"    - name: {name}",
        f"      comment: {json.dumps(comment)}",
        f"      source-address: {src}",
        f"      destination-address: {dst}",
    ]
    services = " ".join(service_name(protocol, p) for p in ports)
    lines += [
        f"      destination-port: {services}",
        f"      protocol: {protocol}",
        "      action: accept",
    ]
    return "\n".join(lines)


def policy_yaml(zones, flows):
    out = [
        "filters:",
        "  - header:",
        "      targets:",
        "        nftables: mixed FORWARD",
        '      comment: "converted from a zonec dense policy"',
        "    terms:",
    ]
    numbered = list(enumerate(flows))
    inside = [(n, f) for n, f in numbered if not zones[f[1]][1]]
    outside = [(n, f) for n, f in numbered if zones[f[1]][1]]
    out.extend(terms(inside))
    out.append(DROP_INTERNAL)
    out.extend(terms(outside))
    return "\n".join(out) + "\n"


DROP_INTERNAL = """    - name: drop-other-internal
      comment: "what no flow above allows to a zone does not go out either"
      destination-address: INTERNAL
      action: deny"""


def terms(numbered):
    """One term per flow and protocol."""
    for n, (src, dst, ports, comment) in numbered:
        for protocol in sorted({p for p, _ in ports}):
            chosen = [port for p, port in ports if p == protocol]
            yield term(f"f{n}-{protocol}", src, dst, protocol, chosen, comment)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: convert.py POLICY.zones OUTDIR")
    zones, flows = parse(Path(sys.argv[1]).read_text())
    out = Path(sys.argv[2])
    (out / "def").mkdir(parents=True)
    (out / "policies" / "pol").mkdir(parents=True)
    (out / "def" / "networks.yaml").write_text(networks_yaml(zones))
    (out / "def" / "services.yaml").write_text(services_yaml(flows))
    (out / "policies" / "pol" / "dense.yaml").write_text(policy_yaml(zones, flows))
    print(f"convert.py: {len(zones)} zones, {len(flows)} flows")


if __name__ == "__main__":
    main()
