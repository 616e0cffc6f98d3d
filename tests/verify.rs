//! `zonec verify` end to end, on a two-zone policy and hand-written `nft
//! -j` output (the kernel test, `tests/kernel/verify.rs`, uses real
//! listings): exit codes, every format (SARIF against the schema), the
//! policy hash, errors that name the construct, and hostile text from the
//! ruleset escaped.

use crate::util::{zonec, OutDir, Run};
use serde_json::{json, Value};

const POLICY: &str = "zone a { net 10.0.1.0/24 }\nzone b { net 10.0.2.0/24 }\nforbid a ->* b : tcp/22\nallow a -> b : tcp/443\n";

/// The policy and a ruleset in `dir`; the ruleset's rules in `forward`
/// are `rules`, its hash the policy's own unless `hash` is given.
struct Case {
    dir: OutDir,
}

impl Case {
    fn new(name: &str) -> Case {
        let dir = OutDir::new("verify", name);
        std::fs::create_dir_all(&dir.0).unwrap();
        std::fs::write(dir.0.join("p.zones"), POLICY).unwrap();
        Case { dir }
    }

    /// The hash `build` writes for the policy.
    fn built_hash(&self) -> String {
        let out = format!("{}/out", self.dir.path());
        let run = zonec(&[
            "-q",
            "build",
            &self.policy(),
            "--target",
            "nftables",
            "-o",
            &out,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let text = self.dir.read("out/nftables/zonec.nft");
        let at = text.find("zonec policy sha256:").unwrap() + "zonec policy sha256:".len();
        text[at..at + 64].to_string()
    }

    fn policy(&self) -> String {
        format!("{}/p.zones", self.dir.path())
    }

    fn verify(&self, ruleset: &Value, format: &str) -> Run {
        let path = format!("{}/ruleset.json", self.dir.path());
        std::fs::write(&path, ruleset.to_string()).unwrap();
        zonec(&[
            "verify",
            &self.policy(),
            "--nft-json",
            &path,
            "--format",
            format,
        ])
    }
}

fn rule(chain: &str, expr: Value) -> Value {
    json!({"rule": {"family": "inet", "table": "zonec", "chain": chain, "handle": 4, "expr": expr}})
}

fn ruleset(hash: &str, forward_first: Vec<Value>, extra: Vec<Value>) -> Value {
    let saddr = |net: &str| json!({"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": net, "len": 24}}}});
    let daddr = |net: &str| json!({"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "daddr"}}, "right": {"prefix": {"addr": net, "len": 24}}}});
    let mut objects = vec![
        json!({"metainfo": {"version": "1.0.6", "json_schema_version": 1}}),
        json!({"table": {"family": "inet", "name": "zonec", "handle": 1}}),
        json!({"counter": {"family": "inet", "table": "zonec", "name": "policy_sha256", "handle": 2, "comment": format!("zonec policy sha256:{hash}"), "packets": 0, "bytes": 0}}),
        json!({"chain": {"family": "inet", "table": "zonec", "name": "forward", "handle": 3, "type": "filter", "hook": "forward", "prio": 0, "policy": "drop"}}),
    ];
    for expr in forward_first {
        objects.push(rule("forward", expr));
    }
    objects.push(rule(
        "forward",
        json!([saddr("10.0.1.0"), daddr("10.0.1.0"), {"accept": null}]),
    ));
    objects.push(rule(
        "forward",
        json!([saddr("10.0.2.0"), daddr("10.0.2.0"), {"accept": null}]),
    ));
    objects.push(rule(
        "forward",
        json!([saddr("10.0.1.0"), daddr("10.0.2.0"), {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 443}}, {"accept": null}]),
    ));
    objects.extend(extra);
    json!({ "nftables": objects })
}

fn tcp_accept(port: u32) -> Value {
    json!([{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": port}}, {"accept": null}])
}

#[test]
fn the_ruleset_as_built_verifies_in_every_format() {
    let case = Case::new("clean");
    let good = ruleset(&case.built_hash(), vec![], vec![]);
    for format in ["human", "json", "sarif", "markdown"] {
        let run = case.verify(&good, format);
        assert_eq!(run.code, 0, "{format}: {}{}", run.stdout, run.stderr);
    }
    let run = case.verify(&good, "human");
    assert!(
        run.stdout.contains("the router enforces the policy"),
        "{}",
        run.stdout
    );
    let json: Value = serde_json::from_str(&case.verify(&good, "json").stdout).unwrap();
    assert_eq!(json["enforced"], json!(true));
}

#[test]
fn drift_is_found_with_class_witness_and_rule() {
    let case = Case::new("drift");
    let hash = case.built_hash();
    let run = case.verify(&ruleset(&hash, vec![tcp_accept(22)], vec![]), "json");
    assert_eq!(run.code, 1, "{}", run.stderr);
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["from"] == "a" && f["to"] == "b")
        .unwrap();
    assert_eq!(f["class"], "forbidden-reachable");
    assert_eq!(f["invariant"], "forbid a ->* b : tcp/22");
    assert_eq!(f["witness"]["src"], "10.0.1.1");
    assert_eq!(f["witness"]["dst"], "10.0.2.1");
    assert_eq!(f["witness"]["port"], 22);
    assert_eq!(
        f["responsible"][0],
        "chain forward rule 1: tcp dport 22 accept"
    );
    let sarif: Value = serde_json::from_str(
        &case
            .verify(&ruleset(&hash, vec![tcp_accept(22)], vec![]), "sarif")
            .stdout,
    )
    .unwrap();
    let errors: Vec<String> = crate::violations::sarif_errors(&sarif);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "forbidden-reachable"
    );
}

#[test]
fn another_policys_hash_is_reported() {
    let case = Case::new("hash");
    case.built_hash();
    let run = case.verify(&ruleset(&"0".repeat(64), vec![], vec![]), "human");
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("policy-hash: `table inet zonec` was built from another policy"),
        "{}",
        run.stdout
    );
}

#[test]
fn what_the_evaluator_does_not_understand_is_an_error() {
    let case = Case::new("unsupported");
    let hash = case.built_hash();
    let sport = json!([{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "sport"}}, "right": 53}}, {"accept": null}]);
    let run = case.verify(&ruleset(&hash, vec![sport], vec![]), "human");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("tcp sport"), "{}", run.stderr);
    assert!(
        run.stderr.contains("at: chain forward, rule 1"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no partial output: {}", run.stdout);
    let path = format!("{}/junk.json", case.dir.path());
    std::fs::write(&path, "{\"nftables\": 3}").unwrap();
    let run = zonec(&["verify", &case.policy(), "--nft-json", &path]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read the ruleset"),
        "{}",
        run.stderr
    );
}

#[test]
fn hostile_text_from_the_ruleset_is_escaped() {
    let case = Case::new("hostile");
    let hash = case.built_hash();
    let evil = "x\u{1b}[2J\u{202e}|`";
    let foreign = vec![
        json!({"chain": {"family": "ip", "table": evil, "name": evil, "type": "filter", "hook": "forward", "prio": 0, "policy": "accept"}}),
        json!({"rule": {"family": "ip", "table": evil, "chain": evil, "expr": [{"log": {"prefix": evil}}, {"drop": null}]}}),
    ];
    let rs = ruleset(&hash, vec![], foreign);
    let human = case.verify(&rs, "human");
    assert_eq!(human.code, 1);
    assert!(
        !human.stdout.contains('\u{1b}') && !human.stdout.contains('\u{202e}'),
        "{:?}",
        human.stdout
    );
    let md = case.verify(&rs, "markdown");
    assert!(
        !md.stdout.contains('\u{1b}') && !md.stdout.contains("|`"),
        "{:?}",
        md.stdout
    );
}
