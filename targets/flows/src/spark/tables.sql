-- zonec flows --emit-sql spark: registers the policy's two tables for
-- flows.sql, from the CSV files beside this one (run from this
-- directory, or give the paths in full). The schemas are explicit: the
-- hex addresses must stay strings. Quoting is RFC 4180 (`"` doubled).
CREATE OR REPLACE TEMPORARY VIEW zonec_addresses
  (family INT, first STRING, last STRING, length INT, prefix STRING, zone_id INT, zone STRING)
USING csv
OPTIONS (path 'addresses.csv', header 'true', quote '"', escape '"', mode 'FAILFAST');

CREATE OR REPLACE TEMPORARY VIEW zonec_verdicts
  (from_id INT, to_id INT, `from` STRING, `to` STRING, proto STRING, first INT, last INT,
   verdict STRING, rules STRING, invariants STRING)
USING csv
OPTIONS (path 'verdicts.csv', header 'true', quote '"', escape '"', mode 'FAILFAST');
