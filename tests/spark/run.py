"""Runs zonec's Spark query (`zonec flows --emit-sql spark`) in Spark's
local mode, for tests/spark.rs: one session, any number of jobs, each
`DIR FLOWS OUT` (the emitted directory, a flow table as CSV in the
canonical columns, where to write the rows). Each job registers FLOWS as
`flows`, runs DIR/tables.sql (its relative CSV paths made absolute, as
README.md allows) and DIR/flows.sql, and writes the rows to OUT as
`zonec flows --format csv` writes them, so the test compares text.

Usage: python3 run.py DIR FLOWS OUT [DIR FLOWS OUT ...]
"""

import os
import sys
from decimal import Decimal

from pyspark.sql import SparkSession

FLOWS_SCHEMA = (
    "seq BIGINT, src STRING, dst STRING, proto INT, sport INT, dport INT, "
    "`count` BIGINT, packets BIGINT, bytes BIGINT, first_seen BIGINT, "
    "last_seen BIGINT, initiator STRING"
)
COLUMNS = [
    "from", "to", "proto", "port", "verdict", "candidate_verdict", "count",
    "packets", "bytes", "first_seen", "last_seen", "rules", "invariants",
    "samples",
]


def field(value):
    """A value as zonec's CSV writes it: the policy's text arrives already
    made visible by zonec_escape::csv, so only the quoting is left."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = int(value)
    text = str(value)
    if "," in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def run(spark, directory, flows, out):
    spark.read.csv(flows, schema=FLOWS_SCHEMA, header=True, mode="FAILFAST") \
        .createOrReplaceTempView("flows")
    with open(os.path.join(directory, "tables.sql"), encoding="utf-8") as f:
        tables = f.read()
    for name in ("addresses.csv", "verdicts.csv"):
        tables = tables.replace(f"'{name}'", "'" + os.path.join(directory, name) + "'")
    for statement in tables.split(";"):
        if statement.strip():
            spark.sql(statement)
    with open(os.path.join(directory, "flows.sql"), encoding="utf-8") as f:
        rows = spark.sql(f.read()).collect()
    with open(out, "w", encoding="utf-8") as f:
        f.write(",".join(COLUMNS) + "\n")
        for row in rows:
            f.write(",".join(field(v) for v in row) + "\n")


def main(args):
    if not args or len(args) % 3:
        sys.exit(__doc__)
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("zonec-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        for i in range(0, len(args), 3):
            run(spark, *args[i : i + 3])
    finally:
        spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
