//! Runs every case of shared/vectors/responses/CASES.tsv against a loopback server and the
//! hand-written Sajan/Sejour client, comparing with `expect` / `expected_detail`.
//!
//! Cases tagged `[generated]` need `python3 generate.py` in shared/vectors; when their file is
//! missing they are reported as skipped (tests/hostile.rs builds equivalent inputs itself).

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use common::detail::{parse_detail, sha256_hex, Value};
use common::sajan::*;
use common::server::serve_once;
use soapgen_runtime::{Client, Error, SoapVersion};

/// shared/vectors/responses beside the repository, or `$SOAPGEN_VECTORS_DIR/responses`.
fn vectors_dir() -> PathBuf {
    match std::env::var_os("SOAPGEN_VECTORS_DIR") {
        Some(dir) => PathBuf::from(dir).join("responses"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors/responses"),
    }
}

struct Case {
    name: String,
    operation: String,
    version: SoapVersion,
    expect: String,
    detail: BTreeMap<String, Value>,
}

fn load_cases() -> Vec<Case> {
    let tsv = std::fs::read_to_string(vectors_dir().join("CASES.tsv")).expect("CASES.tsv");
    tsv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            Case {
                name: cols[0].to_owned(),
                operation: cols[1].to_owned(),
                version: if cols[2] == "1.2" {
                    SoapVersion::Soap12
                } else {
                    SoapVersion::Soap11
                },
                expect: cols[3].to_owned(),
                detail: parse_detail(cols[4]),
            }
        })
        .collect()
}

enum Outcome {
    Auth(AuthenticateResponse),
    Logout,
}

async fn run(case: &Case, bytes: Vec<u8>) -> Result<Outcome, Error> {
    let (addr, server) = serve_once(bytes).await;
    let client = SajanClient {
        client: Client::new(format!("http://{addr}/")),
        version: case.version,
    };
    let result = if case.operation == "Logout" {
        client
            .logout(&Logout {
                token: Some("q7Vt2mXk9LpR4sWz".into()),
            })
            .await
            .map(|_| Outcome::Logout)
    } else {
        client
            .authenticate(&sample_request())
            .await
            .map(Outcome::Auth)
    };
    server.abort();
    result
}

fn flatten(resp: &AuthenticateResponse) -> BTreeMap<String, Option<String>> {
    let mut m = BTreeMap::new();
    let Some(r) = &resp.authenticate_result else {
        m.insert("AuthenticateResult".into(), None);
        return m;
    };
    m.insert("IsValidToken".into(), Some(r.is_valid_token.to_string()));
    m.insert("AccessToken".into(), r.access_token.clone());
    m.insert("SecurityGuid".into(), r.security_guid.clone());
    m.insert("UserId".into(), Some(r.user_id.to_string()));
    match &r.service_instance_user {
        None => {
            m.insert("ServiceInstanceUser".into(), None);
        }
        Some(s) => {
            m.insert("ServiceInstanceUser.UseName".into(), s.use_name.clone());
            m.insert(
                "ServiceInstanceUser.InstanceId".into(),
                Some(s.instance_id.to_string()),
            );
            m.insert(
                "ServiceInstanceUser.Instancename".into(),
                s.instancename.clone(),
            );
            m.insert(
                "ServiceInstanceUser.ProductionConnectionString".into(),
                s.production_connection_string.clone(),
            );
            m.insert(
                "ServiceInstanceUser.CustomerConnectionString".into(),
                s.customer_connection_string.clone(),
            );
            m.insert(
                "ServiceInstanceUser.WarehouseConnectionString".into(),
                s.warehouse_connection_string.clone(),
            );
        }
    }
    m
}

fn value_matches(expected: &Value, actual: &Option<String>) -> bool {
    match (expected, actual) {
        (Value::Token(t), None) => t == "null",
        (Value::Token(t), Some(a)) => t == a,
        (Value::Str(s), Some(a)) => s == a,
        (Value::Hashed { len, sha256 }, Some(a)) => {
            a.chars().count() == *len && &sha256_hex(a.as_bytes()) == sha256
        }
        _ => false,
    }
}

fn check(case: &Case, result: Result<Outcome, Error>) -> Result<(), String> {
    let d = &case.detail;
    match (case.expect.as_str(), result) {
        ("ok", Ok(Outcome::Logout)) => Ok(()),
        ("ok", Ok(Outcome::Auth(resp))) => {
            let actual = flatten(&resp);
            for (k, v) in d {
                let a = actual
                    .get(k)
                    .ok_or_else(|| format!("no value for {k}: {actual:?}"))?;
                if !value_matches(v, a) {
                    return Err(format!("{k}: expected {v:?}, got {a:?}"));
                }
            }
            if actual.len() != d.len() {
                return Err(format!(
                    "keys differ: expected {:?}, got {actual:?}",
                    d.keys()
                ));
            }
            Ok(())
        }
        ("fault", Err(Error::Fault(f))) => {
            for (k, v) in d {
                let ok = match (k.as_str(), v) {
                    ("code", Value::Str(s)) => f.code.to_string() == *s,
                    ("subcodes", Value::List(l)) => {
                        f.subcodes.iter().map(|q| q.to_string()).collect::<Vec<_>>() == *l
                    }
                    ("reason", Value::Str(s)) => f.reason == *s,
                    ("actor", Value::Str(s)) => f.actor.as_deref() == Some(s),
                    ("node", Value::Str(s)) => f.node.as_deref() == Some(s),
                    ("role", Value::Str(s)) => f.role.as_deref() == Some(s),
                    ("detail", Value::Token(t)) if t == "absent" => f.detail.is_none(),
                    ("detail", Value::Token(t)) if t == "empty" => {
                        f.detail.is_some() && f.detail_first_child().is_none()
                    }
                    ("detail", Value::Str(s)) => {
                        f.detail_first_child()
                            .map(|(ns, l)| format!("{{{ns}}}{l}"))
                            .as_ref()
                            == Some(s)
                    }
                    ("detail_text_contains", Value::Str(s)) => f.detail_text().contains(s.as_str()),
                    (k, Value::Str(s)) if k.starts_with("reason@") => {
                        f.reason_in(&k["reason@".len()..]) == Some(s.as_str())
                    }
                    _ => return Err(format!("unknown fault key {k}={v:?}")),
                };
                if !ok {
                    return Err(format!("fault {k}: expected {v:?}, got {f:#?}"));
                }
            }
            Ok(())
        }
        ("error", Err(e)) => {
            let kinds = d["kind"].token().expect("kind");
            if !kinds.split('|').any(|k| k == e.kind().as_str()) {
                return Err(format!("kind {} not in {kinds}: {e}", e.kind().as_str()));
            }
            if let Some(status) = d.get("status").and_then(Value::token) {
                if e.http_status().map(|s| s.to_string()).as_deref() != Some(status) {
                    return Err(format!("status: expected {status}: {e}"));
                }
            }
            if let Some(Value::Str(el)) = d.get("element") {
                if !e.to_string().contains(el.as_str()) {
                    return Err(format!("message does not mention {el}: {e}"));
                }
            }
            Ok(())
        }
        (expect, Ok(_)) => Err(format!("expected {expect}, got ok")),
        (expect, Err(e)) => Err(format!(
            "expected {expect}, got {} error: {e}",
            e.kind().as_str()
        )),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_vector() {
    let cases = load_cases();
    assert!(cases.len() >= 80, "only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut skipped = Vec::new();
    let mut passed = 0;
    for case in &cases {
        let path = vectors_dir().join(format!("{}.http", case.name));
        let Ok(bytes) = std::fs::read(&path) else {
            skipped.push(case.name.clone());
            continue;
        };
        let limit = if bytes.len() > 10 << 20 { 30 } else { 10 };
        let outcome = tokio::time::timeout(Duration::from_secs(limit), run(case, bytes)).await;
        let verdict = match outcome {
            Err(_) => Err("timed out".to_owned()),
            Ok(result) => {
                if std::env::var_os("VECTORS_VERBOSE").is_some() {
                    match &result {
                        Ok(_) => eprintln!("{}: ok", case.name),
                        Err(e) => eprintln!("{}: [{}] {e}", case.name, e.kind().as_str()),
                    }
                }
                check(case, result)
            }
        };
        match verdict {
            Ok(()) => passed += 1,
            Err(why) => failures.push(format!("{}: {why}", case.name)),
        }
    }
    if !skipped.is_empty() {
        eprintln!("skipped (file missing; run generate.py): {skipped:?}");
    }
    eprintln!(
        "{passed} passed, {} failed, {} skipped",
        failures.len(),
        skipped.len()
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn sha256_known_answers() {
    assert_eq!(
        sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn parses_detail_grammar() {
    let d = parse_detail(
        r#"code="{urn:x}A;b";subcodes=["{u}a", "{u}b"];reason="caf\u00e9 \ud83d\ude00";kind=a|b;status=500;AccessToken={"len": 3, "sha256": "ab"}"#,
    );
    assert_eq!(d["code"], Value::Str("{urn:x}A;b".into()));
    assert_eq!(
        d["subcodes"],
        Value::List(vec!["{u}a".into(), "{u}b".into()])
    );
    assert_eq!(d["reason"], Value::Str("café 😀".into()));
    assert_eq!(d["kind"], Value::Token("a|b".into()));
    assert_eq!(d["status"], Value::Token("500".into()));
    assert_eq!(
        d["AccessToken"],
        Value::Hashed {
            len: 3,
            sha256: "ab".into()
        }
    );
}
