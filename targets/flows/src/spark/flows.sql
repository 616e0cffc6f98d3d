-- zonec flows --emit-sql spark: the classification and aggregation of
-- `zonec flows`, as one Spark SQL query (Spark 3.5). It reads three
-- tables: `flows` (one row per flow record, in the canonical columns of
-- README.md), `zonec_addresses` (addresses.csv: the policy's
-- longest-prefix table) and `zonec_verdicts` (verdicts.csv: the policy's
-- verdict for each zone pair and port range); tables.sql registers the
-- two CSV files. Its rows and their order are those of
-- `zonec flows --format csv` over the same records. README.md says how
-- to run it. This text holds no policy text: the policy is in the CSVs.
WITH
-- 1. Each end's address as lowercase text, and the dotted IPv4 part: the
--    whole address, or the dotted tail of an IPv6 address (::ffff:1.2.3.4).
texts AS (
  SELECT seq, proto, sport, dport,
         coalesce(`count`, 1) AS n, coalesce(packets, 0) AS packets,
         coalesce(bytes, 0) AS bytes, first_seen AS t0, last_seen AS t1,
         CASE lower(initiator) WHEN 'source' THEN 'source'
                               WHEN 'destination' THEN 'destination'
                               ELSE 'unknown' END AS initiator,
         transform(array(src, dst), a -> named_struct(
           't', lower(trim(a)),
           'd', CASE WHEN a LIKE '%:%'
                     THEN regexp_extract(lower(trim(a)), '[:]([0-9]+[.][0-9]+[.][0-9]+[.][0-9]+)$', 1)
                     ELSE lower(trim(a)) END)) AS ends
  FROM flows
),
-- 2. The dotted part as 8 hex digits (null when it is no IPv4 address).
dotted AS (
  SELECT seq, proto, sport, dport, n, packets, bytes, t0, t1, initiator,
         transform(ends, e -> named_struct('t', e.t, 'd', e.d, 'h',
           CASE WHEN e.d RLIKE '^[0-9]{1,3}([.][0-9]{1,3}){3}$'
                 AND NOT e.d RLIKE '(^|[.])0[0-9]'
                 AND forall(split(e.d, '[.]'), o -> CAST(o AS INT) <= 255)
                THEN concat_ws('', transform(split(e.d, '[.]'),
                                             o -> lpad(lower(hex(CAST(o AS INT))), 2, '0')))
           END)) AS ends
  FROM texts
),
-- 3. IPv6: the dotted tail rewritten as two groups, then cut at `::`.
halves AS (
  SELECT seq, proto, sport, dport, n, packets, bytes, t0, t1, initiator,
         transform(ends, e -> named_struct('t', e.t, 'h', e.h, 'p', split(
           CASE WHEN e.d = '' THEN e.t
                WHEN e.h IS NOT NULL
                THEN concat(substr(e.t, 1, length(e.t) - length(e.d)),
                            substr(e.h, 1, 4), ':', substr(e.h, 5, 4))
           END, '::'))) AS ends
  FROM dotted
),
-- 4. IPv6: the eight groups, `::` standing for at least one group of 0.
groups AS (
  SELECT seq, proto, sport, dport, n, packets, bytes, t0, t1, initiator,
         transform(ends, e -> named_struct('t', e.t, 'h', e.h, 'g',
           CASE WHEN size(e.p) = 1 THEN split(e.p[0], ':')
                WHEN size(e.p) = 2 THEN transform(array(array(
                       filter(split(e.p[0], ':'), x -> e.p[0] != ''),
                       filter(split(e.p[1], ':'), x -> e.p[1] != ''))),
                     hs -> IF(size(hs[0]) + size(hs[1]) < 8,
                              concat(hs[0], array_repeat('0', 8 - size(hs[0]) - size(hs[1])), hs[1]),
                              NULL))[0]
           END)) AS ends
  FROM halves
),
-- 5. Each address as one key: `4` and 8 hex digits, or `6` and 32; keys
--    of one family compare as strings in address order, IPv4 first (the
--    engine's order of addresses). A row with an address that is not one
--    is left out (the engine's readers count it as malformed).
keyed AS (
  SELECT seq, proto, sport, dport, n, packets, bytes, t0, t1, initiator, k[0] AS src, k[1] AS dst
  FROM (
    SELECT *, transform(ends, e -> CASE
             WHEN e.t NOT LIKE '%:%' THEN concat('4', e.h)
             WHEN size(e.g) = 8 AND forall(e.g, x -> x RLIKE '^[0-9a-f]{1,4}$')
             THEN concat('6', concat_ws('', transform(e.g, x -> lpad(x, 4, '0'))))
           END) AS k
    FROM groups)
  WHERE k[0] IS NOT NULL AND k[1] IS NOT NULL
),
-- 6. Direction, step 1 (what the record says) and the connection: its
--    ends in a fixed order (the lower first), and the slot of the
--    engine's table of decided connections: FNV-1a over the ends'
--    address and port bytes and the protocol, of which the slot is the
--    low 16 bits (so computed modulo 2^16 throughout).
conns AS (
  SELECT *,
         proto IN (1, 58) AS icmp,
         sport IS NOT NULL AND dport IS NOT NULL AND proto NOT IN (1, 58) AS ported,
         src_end <= dst_end AS src_is_lo,
         concat(least(src_end, dst_end), '/', greatest(src_end, dst_end), '/', proto) AS conn,
         concat(substr(least(src_end, dst_end), 2), substr(greatest(src_end, dst_end), 2),
                lpad(hex(proto), 2, '0')) AS conn_bytes
  FROM (SELECT *, concat(src, lpad(hex(sport), 4, '0')) AS src_end,
                  concat(dst, lpad(hex(dport), 4, '0')) AS dst_end
        FROM keyed)
),
-- 7. Direction, step 2: the last connection decided by step 1 in the
--    same slot before this record (by `seq`, the input order): the
--    engine's table as this record finds it.
slotted AS (
  SELECT *,
         last(IF(ported AND initiator != 'unknown',
                 named_struct('conn', conn, 'lo_server', (initiator = 'destination') = src_is_lo),
                 NULL), true)
           OVER (PARTITION BY slot ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev
  FROM (SELECT *, IF(ported,
                     aggregate(transform(sequence(1, length(conn_bytes) - 1, 2),
                                         i -> CAST(conv(substr(conn_bytes, i, 2), 16, 10) AS INT)),
                               8997, (h, b) -> ((h ^ b) * 435) % 65536),
                     NULL) AS slot
        FROM conns)
),
-- 8. Who opened each flow: the record, else the table, else the port
--    heuristic; ICMP by its echo types. `server_is_src` flips the record.
oriented AS (
  SELECT seq, n, packets, bytes, t0, t1, proto,
         IF(server_is_src, dst, src) AS client, IF(server_is_src, src, dst) AS server,
         CASE WHEN icmp THEN IF(coalesce(dport = IF(proto = 58, 129, 0), false),
                                IF(proto = 58, 128, 8), dport)
              WHEN server_is_src THEN sport ELSE dport END AS port
  FROM (
    SELECT *, CASE
        WHEN icmp THEN coalesce(dport = IF(proto = 58, 129, 0), false)
                       OR (dport IS NULL AND initiator = 'destination')
        WHEN NOT ported THEN initiator = 'destination'
        WHEN initiator != 'unknown' THEN initiator = 'destination'
        WHEN prev.conn = conn THEN prev.lo_server = src_is_lo
        WHEN (sport < 1024) != (dport < 1024) THEN sport < 1024
        WHEN (sport < 32768) != (dport < 32768) THEN sport < 32768
        ELSE sport < dport
      END AS server_is_src
    FROM slotted)
),
-- 9. One row per (client, server, protocol, port): the sums (saturating
--    at 2^64 - 1 at the end, as the engine's u64 do), the times, and
--    where the pair was first seen (for the samples).
pairs AS (
  SELECT client, server, proto, port,
         sum(CAST(n AS DECIMAL(20, 0))) AS n,
         sum(CAST(packets AS DECIMAL(20, 0))) AS packets,
         sum(CAST(bytes AS DECIMAL(20, 0))) AS bytes,
         min(coalesce(t0, t1)) AS first_seen, max(coalesce(t1, t0)) AS last_seen,
         min(seq) AS first_seq
  FROM oriented
  GROUP BY client, server, proto, port
),
-- 10. Every address seen, as the engine writes it (RFC 5952 for IPv6,
--     `::ffff:a.b.c.d` for an IPv4-mapped one), and its zone: the
--     longest prefix of zonec_addresses that holds it. The join is on
--     the family and the first 16 bits (each prefix spread over the
--     16-bit buckets it spans), then on the range.
addresses AS (
  SELECT key, g, z, array_max(transform(split(z, '0'), r -> length(r))) AS zeros
  FROM (SELECT key, g, concat_ws('', transform(g, x -> IF(x = '0', '1', '0'))) AS z
        FROM (SELECT key, transform(sequence(0, 7), i -> lower(conv(substr(key, 2 + 4 * i, 4), 16, 16))) AS g
              FROM (SELECT client AS key FROM pairs UNION SELECT server AS key FROM pairs)))
),
written AS (
  SELECT key, CASE
      WHEN key LIKE '4%' OR substr(key, 2, 24) = '00000000000000000000ffff'
      THEN concat(IF(key LIKE '6%', '::ffff:', ''),
                  concat_ws('.', transform(sequence(0, 3),
                    i -> conv(substr(key, length(key) - 7 + 2 * i, 2), 16, 10))))
      WHEN zeros >= 2
      THEN concat(array_join(slice(g, 1, instr(z, repeat('1', zeros)) - 1), ':'), '::',
                  array_join(slice(g, instr(z, repeat('1', zeros)) + zeros, 8), ':'))
      ELSE array_join(g, ':')
    END AS text
  FROM addresses
),
ranges AS (
  SELECT family, first, last, length, zone_id, zone,
         explode(sequence(CAST(conv(substr(first, 1, 4), 16, 10) AS INT),
                          CAST(conv(substr(last, 1, 4), 16, 10) AS INT))) AS bucket
  FROM zonec_addresses
),
zoned AS (
  SELECT w.key, w.text, max_by(named_struct('id', r.zone_id, 'name', r.zone), r.length) AS zone
  FROM written w
  LEFT JOIN ranges r
    ON r.family = CAST(substr(w.key, 1, 1) AS INT)
   AND r.bucket = CAST(conv(substr(w.key, 2, 4), 16, 10) AS INT)
   AND substr(w.key, 2) BETWEEN r.first AND r.last
  GROUP BY w.key, w.text
),
-- 11. One row per (source zone, destination zone, protocol, port), with
--     the first three distinct address pairs in input order.
ranked AS (
  SELECT p.*, c.zone AS from_zone, s.zone AS to_zone,
         named_struct('seq', p.first_seq, 'pair', concat(c.text, ' -> ', s.text)) AS sample,
         row_number() OVER (PARTITION BY c.zone, s.zone, p.proto, p.port ORDER BY p.first_seq) AS nth
  FROM pairs p JOIN zoned c ON c.key = p.client JOIN zoned s ON s.key = p.server
),
aggregated AS (
  SELECT from_zone, to_zone, proto, port,
         least(sum(n), 18446744073709551615) AS n,
         least(sum(packets), 18446744073709551615) AS packets,
         least(sum(bytes), 18446744073709551615) AS bytes,
         min(first_seen) AS first_seen, max(last_seen) AS last_seen,
         array_sort(collect_list(IF(nth <= 3, sample, NULL))) AS samples
  FROM ranked
  GROUP BY from_zone, to_zone, proto, port
),
-- 12. The verdict: unzoned, allowed inside one zone, else the verdict
--     table's run that holds the port (blocked by no rule when none).
classified AS (
  SELECT a.*,
         CASE WHEN a.from_zone IS NULL OR a.to_zone IS NULL THEN 'unzoned'
              WHEN a.from_zone.id = a.to_zone.id THEN 'allowed'
              ELSE coalesce(v.verdict, 'blocked') END AS verdict,
         coalesce(v.rules, '') AS rules, coalesce(v.invariants, '') AS invariants
  FROM aggregated a
  LEFT JOIN zonec_verdicts v
    ON v.from_id = a.from_zone.id AND v.to_id = a.to_zone.id
   AND v.proto = CASE a.proto WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp'
                              WHEN 58 THEN 'icmpv6' ELSE 'other' END
   AND CASE a.proto WHEN 6 THEN coalesce(a.port, 0) WHEN 17 THEN coalesce(a.port, 0)
                    WHEN 1 THEN least(coalesce(a.port, 8), 255)
                    WHEN 58 THEN least(coalesce(a.port, 128), 255) ELSE 0 END
       BETWEEN v.first AND v.last
)
-- 13. The rows, worst first (forbidden, blocked, unzoned, allowed), then
--     by flows, most first, then by zone ids, protocol and port.
SELECT c.from_zone.name AS `from`, c.to_zone.name AS `to`,
       CASE c.proto WHEN 6 THEN 'tcp' WHEN 17 THEN 'udp' WHEN 1 THEN 'icmp'
                    WHEN 58 THEN 'icmpv6' ELSE CAST(c.proto AS STRING) END AS proto,
       c.port, c.verdict, CAST(NULL AS STRING) AS candidate_verdict,
       CAST(c.n AS DECIMAL(20, 0)) AS `count`, CAST(c.packets AS DECIMAL(20, 0)) AS packets,
       CAST(c.bytes AS DECIMAL(20, 0)) AS bytes, c.first_seen, c.last_seen,
       c.rules, c.invariants, array_join(transform(c.samples, s -> s.pair), '; ') AS samples
FROM classified c
ORDER BY CASE c.verdict WHEN 'forbidden' THEN 0 WHEN 'blocked' THEN 2 WHEN 'unzoned' THEN 3 ELSE 4 END,
         c.n DESC, c.from_zone.id NULLS FIRST, c.to_zone.id NULLS FIRST, c.proto, c.port NULLS FIRST
