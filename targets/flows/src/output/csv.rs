//! `--format csv`: one record per row,
//! `from,to,proto,port,verdict,candidate_verdict,count,packets,bytes,first_seen,last_seen,rules,invariants,samples`
//! (lists joined by `; `), every field through `zonec_escape::csv`.

use crate::report::Report;
use std::fmt::Write;
use zonec_escape::csv::field;

pub fn csv(report: &Report) -> String {
    let mut out = String::from(
        "from,to,proto,port,verdict,candidate_verdict,count,packets,bytes,first_seen,last_seen,rules,invariants,samples\n",
    );
    let opt = |v: Option<u64>| v.map_or(String::new(), |v| v.to_string());
    for r in &report.rows {
        let rules: Vec<&str> = r.rules.iter().map(|x| x.rule.as_str()).collect();
        let invs: Vec<&str> = r.invariants.iter().map(|x| x.invariant.as_str()).collect();
        let samples: Vec<String> = r
            .samples
            .iter()
            .map(|s| format!("{} -> {}", s.src, s.dst))
            .collect();
        let fields = [
            field(r.from.as_deref().unwrap_or("")),
            field(r.to.as_deref().unwrap_or("")),
            field(&r.proto),
            r.port.map_or(String::new(), |p| p.to_string()),
            r.verdict.as_str().to_string(),
            r.candidate_verdict.map_or("", |v| v.as_str()).to_string(),
            r.count.to_string(),
            r.packets.to_string(),
            r.bytes.to_string(),
            opt(r.first_seen),
            opt(r.last_seen),
            field(&rules.join("; ")),
            field(&invs.join("; ")),
            field(&samples.join("; ")),
        ];
        let _ = writeln!(out, "{}", fields.join(","));
    }
    out
}
