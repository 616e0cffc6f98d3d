# ---- The fixed part of every flush script (zonec: nftables/flush/flush.sh).

usage() {
  echo "usage: flush-revoked.sh [--dry-run]" >&2
  exit 2
}

fail() { # EXIT-CODE MESSAGE
  echo "flush-revoked: $2" >&2
  exit "$1"
}

# Refuse unless the loaded table inet zonec is the ruleset built with this
# script: its counter zonec_build carries the SHA-256 of that ruleset.
check_table() {
  local listed
  if ! listed=$(nft list counter inet zonec zonec_build 2>/dev/null); then
    fail 3 "no table inet zonec with a zonec_build counter is loaded: load zonec.nft of this build first"
  fi
  case $listed in
  *"comment \"sha256:$ZONEC_BUILD\""*) ;;
  *) fail 3 "the loaded table inet zonec is not the ruleset built with this script (sha256:$ZONEC_BUILD, policy $ZONEC_POLICY): deleting nothing" ;;
  esac
}

# The router's own addresses ("L ADDRESS") and broadcast addresses ("B ADDRESS").
local_addresses() {
  ip -o addr show | awk '{
    for (i = 1; i < NF; i++)
      if ($i == "inet" || $i == "inet6" || $i == "brd") {
        a = $(i + 1); sub(/\/.*/, "", a); print (($i == "brd") ? "B " : "L ") a
      }
  }'
}

# Reads "L" and "B" lines, the policy's data, "end", then
# `conntrack -L -o extended`.
# Prints "R PROTO SOURCE -> DESTINATION WHAT (ZONE -> ZONE)" for each entry
# the policy no longer allows, "D FAMILY PROTO SRC DST REPLY-SRC A B" once for
# each distinct original tuple to delete (A B: destination port and reply
# source port, ICMP type and code, or - -), and last
# "N KEPT REVOKED UNPARSED TUPLES".
classify() {
  awk '
  function word(w) {
    if (w !~ /^[0-9a-fA-F]+$/ || length(w) > 4) return ""
    w = tolower(w)
    while (length(w) < 4) w = "0" w
    return w
  }
  function v4hex(a,    p, n, i, out) {
    n = split(a, p, ".")
    if (n != 4) return ""
    out = ""
    for (i = 1; i <= 4; i++) {
      if (p[i] !~ /^[0-9]+$/ || length(p[i]) > 3 || p[i] + 0 > 255) return ""
      out = out sprintf("%02x", p[i] + 0)
    }
    return out
  }
  function v6hex(a,    h, n, left, right, nl, nr, i, w, out, tail) {
    if (a !~ /^[0-9a-fA-F:.]+$/) return ""
    if (a ~ /\./) {
      match(a, /[^:]*$/)
      tail = v4hex(substr(a, RSTART))
      if (tail == "" || RSTART == 1) return ""
      a = substr(a, 1, RSTART - 1) substr(tail, 1, 4) ":" substr(tail, 5, 4)
    }
    n = split(a, h, "::")
    if (n > 2) return ""
    nl = (h[1] == "") ? 0 : split(h[1], left, ":")
    nr = (n == 2 && h[2] != "") ? split(h[2], right, ":") : 0
    if ((n == 1 && nl != 8) || (n == 2 && nl + nr > 7)) return ""
    out = ""
    for (i = 1; i <= nl; i++) { w = word(left[i]); if (w == "") return ""; out = out w }
    for (i = nl + nr; i < 8; i++) out = out "0000"
    for (i = 1; i <= nr; i++) { w = word(right[i]); if (w == "") return ""; out = out w }
    return out
  }
  # "x" and 8 (IPv4) or 32 (IPv6) hex digits, compared as strings; "" if
  # the address is not one.
  function key(a,    h) {
    h = (a ~ /:/) ? v6hex(a) : v4hex(a)
    return (h == "") ? "" : "x" h
  }
  function zone_of(k,    f, lo, hi, mid, found) {
    f = length(k)
    lo = 1; hi = count[f]; found = 0
    while (lo <= hi) {
      mid = int((lo + hi) / 2)
      if (first[f, mid] <= k) { found = mid; lo = mid + 1 } else hi = mid - 1
    }
    if (found && k <= last[f, found]) return owner[f, found]
    return -1
  }
  # Addresses the router itself sends from.
  function own(k) {
    return (k in mine) || (length(k) == 9 && k ~ /^x7f/) || k == V6_LOOPBACK
  }
  # Addresses the kernel delivers to the router (input, not forward).
  function delivered(k) {
    return own(k) || (k in broadcast) || (length(k) == 9 && (k ~ /^xe/ || k == "xffffffff")) || (length(k) == 33 && k ~ /^xff/)
  }
  function allowed(a, b, p,    id, j) {
    if (a < 0 || b < 0 || !((a, b) in flow)) return 0
    id = flow[a, b]
    for (j = 1; j <= intervals[id]; j++)
      if (p >= low[id, j] && p <= high[id, j]) return 1
    return 0
  }
  function class_of(z) { return (z < 0) ? -1 : class[z] }
  function label(z) { return (z < 0) ? "(no zone)" : name[z] }
  BEGIN { V6_LOOPBACK = "x00000000000000000000000000000001"; router = -1; data = 1 }
  data && $1 == "end" { data = 0; next }
  data {
    if ($1 == "L") { k = key($2); if (k != "") mine[k] = 1 }
    else if ($1 == "B") { k = key($2); if (k != "") broadcast[k] = 1 }
    else if ($1 == "r") {
      f = length("x" $2); count[f]++
      first[f, count[f]] = "x" $2; last[f, count[f]] = "x" $3; owner[f, count[f]] = $4 + 0
    }
    else if ($1 == "z") { class[$2 + 0] = $3 + 0; name[$2 + 0] = $4 }
    else if ($1 == "f") flow[$2 + 0, $3 + 0] = $4 + 0
    else if ($1 == "s") {
      intervals[$2 + 0] = (NF - 2) / 2
      for (j = 3; j < NF; j += 2) { low[$2 + 0, (j - 1) / 2] = $j + 0; high[$2 + 0, (j - 1) / 2] = $(j + 1) + 0 }
    }
    else if ($1 == "self") { router = $2 + 0; router_zone = $3 + 0 }
    next
  }
  {
    split("", o); split("", r); dir = 0
    for (i = 6; i <= NF; i++) {
      eq = index($i, "=")
      if (eq < 2) continue
      k = substr($i, 1, eq - 1); v = substr($i, eq + 1)
      if (k == "src") dir++
      if (dir == 1 && !(k in o)) o[k] = v
      else if (dir == 2 && !(k in r)) r[k] = v
    }
    proto = $4
    os = key(o["src"]); od = key(o["dst"]); rs = key(r["src"])
    width = ($1 == "ipv4") ? 9 : ($1 == "ipv6") ? 33 : 0
    if (dir < 2 || proto !~ /^[0-9]+$/ || length(os) != width || length(od) != width || length(rs) != width) {
      unparsed++; next
    }
    proto += 0
    if (proto == 6 || proto == 17) {
      if (o["dport"] !~ /^[0-9]+$/ || r["sport"] !~ /^[0-9]+$/) { unparsed++; next }
      pname = (proto == 6) ? "tcp" : "udp"
      a = o["dport"] + 0; b = r["sport"] + 0
      point = ((proto == 6) ? 0 : 65536) + b; what = "port " b
    } else if (proto == 1 || proto == 58) {
      if (o["type"] !~ /^[0-9]+$/ || o["code"] !~ /^[0-9]+$/) { unparsed++; next }
      pname = (proto == 1) ? "icmp" : "icmpv6"
      a = o["type"] + 0; b = o["code"] + 0
      point = ((proto == 1) ? 131072 : 131328) + a; what = "type " a
    } else {
      pname = proto; a = "-"; b = "-"; point = 131584; what = "protocol " proto
    }
    s = zone_of(os); d = zone_of(rs)
    if (own(os) && own(rs)) keep = 1
    else if (own(os)) {
      keep = (router < 0) || allowed(router, class_of(d), point); s = router_zone
    } else if (delivered(rs)) {
      keep = (router < 0) || allowed(class_of(s), router, point); d = router_zone
    }
    else if (s >= 0 && s == d) keep = 1
    else keep = allowed(class_of(s), class_of(d), point)
    if (keep) { kept++; next }
    revoked++
    print "R " pname " " o["src"] " -> " r["src"] " " what " (" label(s) " -> " label(d) ")"
    g = $1 " " pname " " o["src"] " " o["dst"] " " r["src"] " " a " " b
    if (!(g in seen)) { seen[g] = 1; tuples++; print "D " g }
  }
  END { print "N " (kept + 0) " " (revoked + 0) " " (unparsed + 0) " " (tuples + 0) }
  '
}

# Delete the entries of one original tuple: FAMILY PROTO SRC DST REPLY-SRC A B.
# Prints how many were deleted; fails only when conntrack reports an error.
delete_tuple() {
  local args out
  case $2 in
  tcp | udp) args=(-p "$2" --dport "$6" --reply-port-src "$7") ;;
  icmp) args=(-p icmp --icmp-type "$6" --icmp-code "$7") ;;
  icmpv6) args=(-p icmpv6 --icmpv6-type "$6" --icmpv6-code "$7") ;;
  *) args=(-p "$2") ;;
  esac
  # Exit status 1 also means "0 entries deleted": read the message instead.
  out=$(conntrack -D -f "$1" -s "$3" -d "$4" -r "$5" "${args[@]}" 2>&1 >/dev/null) || true
  case $out in
  *" flow entries have been deleted"*)
    out=${out##*: }
    echo "${out%% *}"
    ;;
  *)
    echo "flush-revoked: conntrack -D failed for $*: $out" >&2
    return 1
    ;;
  esac
}

main() {
  local dry_run=0 tool report line deleted=0 failed=0 n kept revoked unparsed tuples
  case $# in
  0) ;;
  1) [ "$1" = --dry-run ] || usage; dry_run=1 ;;
  *) usage ;;
  esac
  for tool in nft conntrack ip awk; do
    command -v "$tool" >/dev/null || fail 2 "$tool not found"
  done
  check_table
  report=$({ local_addresses; zonec_data; echo end; conntrack -L -o extended; } | classify) ||
    fail 1 "listing the router's addresses or the conntrack table failed: nothing deleted"
  while IFS= read -r line; do
    case $line in
    "R "*) echo "revoked: ${line#R }" ;;
    "D "*)
      [ "$dry_run" = 1 ] && continue
      # shellcheck disable=SC2086 # the fields are awk-checked words
      if n=$(delete_tuple ${line#D }); then
        deleted=$((deleted + n))
      else
        failed=$((failed + 1))
      fi
      ;;
    "N "*) read -r kept revoked unparsed tuples <<<"${line#N }" ;;
    esac
  done <<<"$report"
  echo "entries kept: $kept, revoked: $revoked, not understood (kept): $unparsed"
  echo "distinct tuples to delete (one conntrack -D each): $tuples"
  if [ "$dry_run" = 1 ]; then
    echo "dry run: nothing deleted"
  else
    echo "entries deleted: $deleted"
  fi
  [ "$failed" = 0 ] || fail 1 "$failed deletions failed"
}
