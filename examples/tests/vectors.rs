//! Runs a SOAP test-vector set (`shared/vectors` beside the repository, or the directory in
//! `$SOAPGEN_VECTORS`) against the generated clients and the generator. The format is
//! described in the set's README.md.
//!
//! * `response_vectors`: every `responses/CASES.tsv` case is served verbatim over loopback
//!   HTTP (one connection, then close) to the generated Sajan / Sejour clients, and the
//!   result is compared with `expect` / `expected_detail`.
//! * `wsdl_vectors`: every `wsdl/CASES.tsv` case goes through `soapgen::Builder::generate`
//!   (strict). Error cases must give the listed kind and a message naming file, line and
//!   `mentions`; ok cases must list the operations, and all their outputs are compiled as
//!   modules of one scratch crate (`#![deny(warnings)]`) under editions 2021 and 2024.
//!
//! Each test collects every failing case, writes `FAIL name: why` lines and a summary line
//! `N passed, M failed` to stderr (also when the test passes), then fails once listing them.
//! Cases tagged `[generated]` whose file is absent are created with `python3 generate.py`.
//! `VECTORS_VERBOSE=1` prints every case's outcome.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use examples::sajan::{
    AuthenticationRequest, AuthenticationResponse, AuthenticationServiceSoap,
    AuthenticationServiceSoap12,
};
use examples::sejour::{AuthenticationSoap, AuthenticationSoap12};
use serde_json::Value as Json;
use soapgen_runtime::{Error, Fault};
use soapgen_testkit::http::{header, Canary, OneShot};
use soapgen_testkit::vectors::{
    describe, ensure_generated, excerpt, lookup, parse_detail, read_cases, say, text_matches,
    vectors_dir, verbose, Row, Value,
};

/// A QName in Clark notation (`{ns}local`).
fn clark(q: &soapgen_runtime::QName) -> String {
    format!("{{{}}}{}", q.ns(), q.local())
}

fn qname_matches(expected: &str, q: &soapgen_runtime::QName) -> bool {
    let expected = expected.trim();
    expected == clark(q) || (q.ns().is_empty() && expected == q.local())
}

// ---------------------------------------------------------------------------------------
// Response vectors
// ---------------------------------------------------------------------------------------

const TOKEN: &str = "q7Vt2mXk9LpR4sWz";

/// Serialises the in-process heavy phases of the two tests, so that the memory measured
/// around a response case is not the generator's.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy_lock() -> std::sync::MutexGuard<'static, ()> {
    HEAVY.lock().unwrap_or_else(|p| p.into_inner())
}

/// The result of one call, generated-client types flattened.
enum Outcome {
    Authenticate(Option<AuthenticationResponse>),
    Logout,
}

fn sample_request() -> AuthenticationRequest {
    AuthenticationRequest {
        user_name: Some("jdoe".into()),
        password: Some("secret".into()),
        ip_address: Some("127.0.0.1".into()),
    }
}

async fn call(operation: &str, version: &str, url: String) -> Result<Outcome, Error> {
    match (operation, version) {
        ("Authenticate", "1.1") => AuthenticationServiceSoap::new(url)
            .authenticate(Some(sample_request()))
            .await
            .map(Outcome::Authenticate),
        ("Authenticate", "1.2") => AuthenticationServiceSoap12::new(url)
            .authenticate(Some(sample_request()))
            .await
            .map(Outcome::Authenticate),
        ("Logout", "1.1") => AuthenticationSoap::new(url)
            .logout(Some(TOKEN.into()))
            .await
            .map(|()| Outcome::Logout),
        ("Logout", "1.2") => AuthenticationSoap12::new(url)
            .logout(Some(TOKEN.into()))
            .await
            .map(|()| Outcome::Logout),
        _ => unreachable!("checked before the call"),
    }
}

/// Peak-memory measurement around one case: `VmHWM` after resetting it through
/// `/proc/self/clear_refs` (Linux). `None` where unavailable.
fn reset_peak_rss() -> Option<u64> {
    std::fs::write("/proc/self/clear_refs", "5").ok()?;
    proc_status_kib("VmRSS")
}

fn peak_rss() -> Option<u64> {
    proc_status_kib("VmHWM")
}

fn proc_status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

const MEMORY_CAP_KIB: u64 = 256 * 1024;

/// Runs one response case end to end.
fn run_response_case(dir: &Path, case: &Row, canary: &Canary) -> Result<(), String> {
    let operation = case.get("operation").to_owned();
    let version = case.get("soap_version").to_owned();
    if !matches!(operation.as_str(), "Authenticate" | "Logout")
        || !matches!(version.as_str(), "1.1" | "1.2")
    {
        return Err(format!(
            "unsupported operation/version {operation:?}/{version:?}"
        ));
    }
    let detail = parse_detail(case.get("expected_detail"))
        .map_err(|e| format!("bad expected_detail: {e}"))?;
    let path = dir.join("responses").join(format!("{}.http", case.name()));
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let limit = if bytes.len() > 10 << 20 { 30 } else { 10 };
    let hostile = case.tagged("[hostile]");

    let server = OneShot::start(bytes).map_err(|e| format!("server: {e}"))?;
    let url = format!("http://{}/", server.addr);
    let canary_before = canary.connections();
    let rss_before = reset_peak_rss();
    let started = Instant::now();

    // The call runs on its own thread and runtime: a hang or panic is reported for this
    // case instead of stopping the run (a hung thread is leaked).
    let (tx, rx) = mpsc::channel();
    let thread_name = format!("vector-{}", case.name());
    let (op, ver) = (operation.clone(), version.clone());
    std::thread::Builder::new()
        .name(thread_name)
        .stack_size(2 << 20)
        .spawn(move || {
            let result = std::panic::catch_unwind(AssertUnwindSafe(|| {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("tokio runtime")
                    .block_on(call(&op, &ver, url))
            }));
            let _ = tx.send(result.map_err(|p| panic_message(&*p)));
        })
        .map_err(|e| format!("cannot spawn: {e}"))?;
    let result = match rx.recv_timeout(Duration::from_secs(limit)) {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => return Err(format!("the client panicked: {panic}")),
        Err(_) => {
            server.abandon();
            return Err(format!("no result within {limit} s (hang)"));
        }
    };
    let elapsed = started.elapsed();
    let served = server.finish();
    let grown = rss_before
        .zip(peak_rss())
        .map(|(before, peak)| peak.saturating_sub(before));

    if verbose() {
        let outcome = match &result {
            Ok(Outcome::Authenticate(Some(_))) => "ok (result)".to_owned(),
            Ok(Outcome::Authenticate(None)) => "ok (no result)".to_owned(),
            Ok(Outcome::Logout) => "ok (logout)".to_owned(),
            Err(e) => format!("[{}] {}", e.kind().as_str(), excerpt(&e.to_string())),
        };
        say(&format!(
            "  {} ({:.0?}, peak +{} KiB): {outcome}",
            case.name(),
            elapsed,
            grown.map_or_else(|| "?".into(), |g| g.to_string())
        ));
    }

    let mut problems = Vec::new();
    match &served.request {
        None => problems.push("the client never sent a request".to_owned()),
        Some(request) => {
            if let Err(e) = check_request(&operation, &version, &request.head, &request.body) {
                problems.push(e);
            }
        }
    }
    if served.extra_connections > 0 {
        problems.push(format!(
            "the client opened {} more connection(s) to the test server (replayed request?)",
            served.extra_connections
        ));
    }
    let canary_hits = canary.connections() - canary_before;
    if canary_hits > 0 {
        problems.push(format!(
            "the client connected to the forbidden http://127.0.0.1:1/ ({canary_hits}x)"
        ));
    }
    if let Some(g) = grown {
        if hostile && g > MEMORY_CAP_KIB {
            problems.push(format!("memory grew by {} MiB (cap 256 MiB)", g / 1024));
        }
    }
    if let Err(e) = check_outcome(case.get("expect"), &detail, result) {
        problems.insert(0, e);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic)".into())
}

/// The request is a POST of the right SOAP version carrying the README 1.2 inputs.
fn check_request(operation: &str, version: &str, head: &str, body: &[u8]) -> Result<(), String> {
    if !head.starts_with("POST ") {
        return Err(format!(
            "request is not a POST: {:?}",
            head.lines().next().unwrap_or("")
        ));
    }
    let ct = header(head, "content-type")
        .unwrap_or_default()
        .to_ascii_lowercase();
    let want = if version == "1.2" {
        "application/soap+xml"
    } else {
        "text/xml"
    };
    if !ct.starts_with(want) {
        return Err(format!("request Content-Type {ct:?}, expected {want}"));
    }
    let body = String::from_utf8_lossy(body);
    let inputs: &[&str] = if operation == "Logout" {
        &[TOKEN]
    } else {
        &["jdoe", "secret", "127.0.0.1"]
    };
    for input in inputs {
        if !body.contains(input) {
            return Err(format!("request body does not carry the input {input:?}"));
        }
    }
    Ok(())
}

/// `Authenticate`'s result as `expected_detail` keys.
fn flatten(result: &Option<AuthenticationResponse>) -> BTreeMap<String, Option<String>> {
    let mut m = BTreeMap::new();
    let Some(r) = result else {
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
            let fields = [
                ("UseName", s.use_name.clone()),
                ("InstanceId", Some(s.instance_id.to_string())),
                ("Instancename", s.instancename.clone()),
                (
                    "ProductionConnectionString",
                    s.production_connection_string.clone(),
                ),
                (
                    "CustomerConnectionString",
                    s.customer_connection_string.clone(),
                ),
                (
                    "WarehouseConnectionString",
                    s.warehouse_connection_string.clone(),
                ),
            ];
            for (k, v) in fields {
                m.insert(format!("ServiceInstanceUser.{k}"), v);
            }
        }
    }
    m
}

fn check_outcome(
    expect: &str,
    detail: &[(String, Value)],
    result: Result<Outcome, Error>,
) -> Result<(), String> {
    match (expect, result) {
        ("ok", Ok(Outcome::Logout)) => {
            for (k, v) in detail {
                if !(k == "LogoutResponse" && v.token() == Some("present")) {
                    return Err(format!("unsupported Logout expectation {k}={v:?}"));
                }
            }
            Ok(())
        }
        ("ok", Ok(Outcome::Authenticate(result))) => {
            let actual = flatten(&result);
            let mut problems = Vec::new();
            for (k, v) in detail {
                match actual.get(k) {
                    None => problems.push(format!("{k}: no such value in the result")),
                    Some(a) => {
                        if let Err(e) = text_matches(v, a.as_deref()) {
                            problems.push(format!("{k}: {e}"));
                        }
                    }
                }
            }
            let expected_keys: BTreeSet<&str> = detail.iter().map(|(k, _)| k.as_str()).collect();
            for k in actual.keys() {
                if !expected_keys.contains(k.as_str()) {
                    problems.push(format!("{k}: present in the result but not expected"));
                }
            }
            if problems.is_empty() {
                Ok(())
            } else {
                Err(problems.join("; "))
            }
        }
        ("fault", Err(Error::Fault(f))) => check_fault(&f, detail),
        ("error", Err(e)) => check_error(&e, detail),
        (expect, Ok(_)) => Err(format!("expected {expect}, got an ok result")),
        (expect, Err(e)) => Err(format!(
            "expected {expect}, got a {} error: {}",
            e.kind().as_str(),
            excerpt(&e.to_string())
        )),
    }
}

fn check_fault(f: &Fault, detail: &[(String, Value)]) -> Result<(), String> {
    let mut problems = Vec::new();
    for (k, v) in detail {
        let verdict: Result<(), String> = match k.as_str() {
            "code" => match v.string() {
                Some(s) if qname_matches(s, &f.code) => Ok(()),
                Some(s) => Err(format!("expected {s}, got {}", clark(&f.code))),
                None => Err(format!("unsupported expectation {v:?}")),
            },
            "subcodes" => match v {
                Value::Json(Json::Array(items)) => {
                    let expected: Vec<&str> = items.iter().filter_map(Json::as_str).collect();
                    let ok = expected.len() == items.len()
                        && expected.len() == f.subcodes.len()
                        && expected
                            .iter()
                            .zip(&f.subcodes)
                            .all(|(e, q)| qname_matches(e, q));
                    if ok {
                        Ok(())
                    } else {
                        Err(format!(
                            "expected {expected:?}, got {:?}",
                            f.subcodes.iter().map(clark).collect::<Vec<_>>()
                        ))
                    }
                }
                _ => Err(format!("unsupported expectation {v:?}")),
            },
            "reason" => text_matches(v, Some(&f.reason)),
            "actor" => text_matches(v, f.actor.as_deref()),
            "node" => text_matches(v, f.node.as_deref()),
            "role" => text_matches(v, f.role.as_deref()),
            "detail" => {
                let first = f
                    .detail_first_child()
                    .map(|(ns, local)| format!("{{{ns}}}{local}"));
                let ok = match (v.token(), v.string()) {
                    (Some("absent"), _) => f.detail.is_none(),
                    (Some("empty"), _) => f.detail.is_some() && first.is_none(),
                    (Some("present"), _) => f.detail.is_some(),
                    (_, Some(s)) => first.as_deref() == Some(s),
                    _ => return Err(format!("unsupported fault expectation {k}={v:?}")),
                };
                if ok {
                    Ok(())
                } else {
                    Err(format!(
                        "expected {}, got {}",
                        describe(v),
                        match (&f.detail, &first) {
                            (None, _) => "no detail".to_owned(),
                            (Some(_), None) => "an empty detail".to_owned(),
                            (Some(_), Some(c)) => c.clone(),
                        }
                    ))
                }
            }
            "detail_text_contains" => match v.string() {
                Some(s) if f.detail_text().contains(s) => Ok(()),
                Some(s) => Err(format!(
                    "{s:?} not in the detail text {:?}",
                    excerpt(&f.detail_text())
                )),
                None => Err(format!("unsupported expectation {v:?}")),
            },
            k if k.starts_with("reason@") => {
                let lang = &k["reason@".len()..];
                let text = f
                    .reasons
                    .iter()
                    .find(|(l, _)| l.eq_ignore_ascii_case(lang))
                    .map(|(_, t)| t.as_str());
                text_matches(v, text).map_err(|e| format!("{e} (reasons: {:?})", f.reasons))
            }
            _ => Err(format!("unsupported fault expectation {k}={v:?}")),
        };
        if let Err(e) = verdict {
            problems.push(format!("fault {k}: {e}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn check_error(e: &Error, detail: &[(String, Value)]) -> Result<(), String> {
    let kind = e.kind().as_str();
    let message = e.to_string();
    let mut problems = Vec::new();
    for (k, v) in detail {
        match (k.as_str(), v) {
            ("kind", Value::Token(kinds)) => {
                // `unauthorized` (issue 9) is the typed form of a 401 `http-status`.
                let refines = |k: &str| k == "http-status" && kind == "unauthorized";
                if !kinds
                    .split('|')
                    .any(|k| k.trim() == kind || refines(k.trim()))
                {
                    problems.push(format!("kind {kind} is not {kinds}: {}", excerpt(&message)));
                }
            }
            ("status", Value::Token(status)) => {
                let actual = e.http_status().map(|s| s.to_string());
                if actual.as_deref() != Some(status.as_str()) {
                    problems.push(format!("status: expected {status}, got {actual:?}"));
                }
            }
            ("element", Value::Json(Json::String(element))) => {
                if !message.contains(element.as_str()) {
                    problems.push(format!(
                        "the message does not mention {element:?}: {}",
                        excerpt(&message)
                    ));
                }
            }
            _ => problems.push(format!("unsupported error expectation {k}={v:?}")),
        }
    }
    if lookup(detail, "kind").is_none() {
        problems.push("no `kind` in expected_detail".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// Prints failures and the summary line, then fails once listing every failing case.
fn conclude(what: &str, passed: usize, failures: &[(String, String)], started: Instant) {
    for (name, why) in failures {
        say(&format!("FAIL {name}: {why}"));
    }
    say(&format!(
        "{what}: took {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    say(&format!(
        "{what}: {passed} passed, {} failed",
        failures.len()
    ));
    if !failures.is_empty() {
        let list: Vec<String> = failures
            .iter()
            .map(|(name, why)| format!("  {name}: {why}"))
            .collect();
        panic!(
            "{} {what} vector(s) failed:\n{}",
            failures.len(),
            list.join("\n")
        );
    }
}

#[test]
fn response_vectors() {
    let started = Instant::now();
    let dir = vectors_dir();
    assert!(dir.is_dir(), "no vector set at {}", dir.display());
    let tsv = dir.join("responses").join("CASES.tsv");
    if !tsv.exists() {
        say(&format!("responses: no {}, 0 cases", tsv.display()));
        return;
    }
    let generated = ensure_generated(&dir);
    let cases = read_cases(&tsv).unwrap_or_else(|e| panic!("{e}"));
    let _heavy = heavy_lock();
    let canary = Canary::start("127.0.0.1:1");
    if verbose() {
        say(&format!(
            "responses: {} cases from {}; forbidden-URL canary {}",
            cases.len(),
            dir.display(),
            if canary.active() { "on" } else { "off" }
        ));
    }
    let mut failures = Vec::new();
    let mut passed = 0;
    for case in &cases {
        match run_response_case(&dir, case, &canary) {
            Ok(()) => passed += 1,
            Err(mut why) => {
                if case.tagged("[generated]") {
                    if let Err(g) = &generated {
                        why.push_str(&format!(" ({g})"));
                    }
                }
                failures.push((case.name().to_owned(), why));
            }
        }
    }
    drop(canary);
    conclude("responses", passed, &failures, started);
}

// ---------------------------------------------------------------------------------------
// WSDL vectors
// ---------------------------------------------------------------------------------------

/// The repository's target directory (`$CARGO_TARGET_DIR` when set).
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../target")),
    }
}

/// Runs `f` on its own thread (8 MiB stack, like a build script's main thread) with a
/// timeout; a panic or hang becomes an `Err`.
fn guarded<T: Send + 'static>(
    name: &str,
    timeout: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Result<T, String> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(format!("vector-{name}"))
        .stack_size(8 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(AssertUnwindSafe(f));
            let _ = tx.send(r.map_err(|p| panic_message(&*p)));
        })
        .map_err(|e| format!("cannot spawn: {e}"))?;
    match rx.recv_timeout(timeout) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(panic)) => Err(format!("the generator panicked: {panic}")),
        Err(_) => Err(format!("no result within {} s (hang)", timeout.as_secs())),
    }
}

/// A case whose generated code goes into the scratch crate.
struct Compiled {
    case: String,
    module: String,
}

/// Checks one WSDL case up to generation. Ok cases return their module for the compile
/// check.
fn run_wsdl_case(
    dir: &Path,
    case: &Row,
    index: usize,
    gen_dir: &Path,
) -> Result<Option<Compiled>, String> {
    let detail = parse_detail(case.get("expected_detail"))
        .map_err(|e| format!("bad expected_detail: {e}"))?;
    let path = dir.join("wsdl").join(format!("{}.wsdl", case.name()));
    if !path.exists() {
        return Err(format!("{} does not exist", path.display()));
    }
    let p = path.clone();
    let result = guarded(case.name(), Duration::from_secs(30), move || {
        soapgen::Builder::new().generate(&p)
    })?;
    match (case.get("expect"), result) {
        ("ok", Ok(g)) => {
            check_operations(&g.code, &detail)?;
            let module = format!("v{index:03}_{}", sanitize(case.name()));
            let file = gen_dir.join(format!("{module}.rs"));
            std::fs::write(&file, &g.code).map_err(|e| format!("{}: {e}", file.display()))?;
            Ok(Some(Compiled {
                case: case.name().to_owned(),
                module,
            }))
        }
        ("error", Err(e)) => {
            check_wsdl_error(&e, &detail)?;
            check_no_output(case.name(), &path)?;
            Ok(None)
        }
        ("ok", Err(e)) => Err(format!(
            "expected ok, got a {} error: {}",
            e.kind().as_str(),
            excerpt(&e.to_string())
        )),
        ("error", Ok(_)) => Err("expected an error, but generation succeeded".into()),
        (other, _) => Err(format!("unknown expect {other:?}")),
    }
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The operation names of the generated clients: the `name: "..."` of every
/// `soapgen_runtime::Operation` literal.
fn operation_names(code: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("name: \"") {
        rest = &rest[i + "name: \"".len()..];
        if let Some(end) = rest.find('"') {
            names.insert(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    names
}

fn check_operations(code: &str, detail: &[(String, Value)]) -> Result<(), String> {
    let names = operation_names(code);
    let mut problems = Vec::new();
    match lookup(detail, "operations") {
        Some(Value::Json(Json::Array(ops))) => {
            for op in ops.iter().filter_map(Json::as_str) {
                if !names.contains(op) {
                    problems.push(format!("operation {op:?} not generated (found {names:?})"));
                }
            }
        }
        Some(Value::Json(Json::Object(o))) => {
            if let Some(n) = o.get("count").and_then(Json::as_u64) {
                if names.len() as u64 != n {
                    problems.push(format!("expected {n} operations, found {}", names.len()));
                }
            }
            for op in o
                .get("includes")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(Json::as_str)
            {
                if !names.contains(op) {
                    problems.push(format!("operation {op:?} not generated"));
                }
            }
        }
        Some(v) => problems.push(format!("unsupported operations expectation {v:?}")),
        None => {}
    }
    if let Some(Value::Json(Json::Array(versions))) = lookup(detail, "soap") {
        for v in versions.iter().filter_map(Json::as_str) {
            let marker = match v {
                "1.1" => "SoapVersion::Soap11",
                "1.2" => "SoapVersion::Soap12",
                other => {
                    problems.push(format!("unknown SOAP version {other:?}"));
                    continue;
                }
            };
            if !code.contains(marker) {
                problems.push(format!("no SOAP {v} client generated"));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn check_wsdl_error(e: &soapgen::Error, detail: &[(String, Value)]) -> Result<(), String> {
    let kind = e.kind().as_str();
    let message = e.to_string();
    let lower = message.to_lowercase();
    let mut problems = Vec::new();
    for (k, v) in detail {
        match (k.as_str(), v) {
            ("kind", Value::Token(kinds)) => {
                if !kinds.split('|').any(|k| k.trim() == kind) {
                    problems.push(format!("kind {kind} is not {kinds}"));
                }
            }
            ("file", Value::Json(Json::String(file))) => {
                if !message.contains(file.as_str()) {
                    problems.push(format!("the message does not name the file {file:?}"));
                }
            }
            ("line", Value::Token(line)) => {
                if !message.contains(&format!(":{line}:")) {
                    problems.push(format!("the message does not give line {line}"));
                }
            }
            ("mentions", Value::Json(Json::Array(items))) => {
                for m in items.iter().filter_map(Json::as_str) {
                    if !lower.contains(&m.to_lowercase()) {
                        problems.push(format!("the message does not mention {m:?}"));
                    }
                }
            }
            // Informational (README 2): the QName as written or expanded.
            ("qname", _) => {}
            _ => problems.push(format!("unsupported error expectation {k}={v:?}")),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}: {}", problems.join("; "), excerpt(&message)))
    }
}

/// `Builder::compile` of a failing WSDL writes nothing ("no partial output").
fn check_no_output(name: &str, wsdl: &Path) -> Result<(), String> {
    let out = target_dir()
        .join("vectors-check")
        .join(format!("no-output-{}", std::process::id()))
        .join(sanitize(name));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let (o, w) = (out.clone(), wsdl.to_owned());
    let result = guarded(name, Duration::from_secs(30), move || {
        soapgen::Builder::new()
            .out_dir(o)
            .emit_rerun_if_changed(false)
            .compile(&[w])
            .map(|_| ())
    })?;
    let left: Vec<String> = std::fs::read_dir(&out)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let _ = std::fs::remove_dir_all(&out);
    match result {
        Ok(()) => Err("Builder::compile succeeded where generate failed".into()),
        Err(_) if !left.is_empty() => Err(format!("partial output left behind: {left:?}")),
        Err(_) => Ok(()),
    }
}

/// One compiler diagnostic attributed to a case module.
type Diagnostics = BTreeMap<String, Vec<String>>;

/// `cargo check` of the scratch workspace (one crate per edition, each with `modules`).
/// Returns, per edition, the error diagnostics by module, or a general failure.
fn cargo_check(
    ws: &Path,
    gen_dir: &Path,
    editions: &BTreeMap<&'static str, Vec<String>>,
) -> Result<BTreeMap<&'static str, Diagnostics>, String> {
    let runtime = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../runtime"));
    let runtime = runtime.canonicalize().unwrap_or(runtime);
    let mut members = Vec::new();
    for (edition, modules) in editions {
        let name = format!("vectors-check-{edition}");
        let krate = ws.join(&name);
        std::fs::create_dir_all(krate.join("src")).map_err(|e| e.to_string())?;
        std::fs::write(
            krate.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"{edition}\"\npublish = false\n\n\
                 [lib]\npath = \"src/lib.rs\"\n\n\
                 [dependencies]\nsoapgen-runtime = {{ path = {:?} }}\n",
                runtime.display().to_string()
            ),
        )
        .map_err(|e| e.to_string())?;
        let mut lib = String::from(
            "//! Generated code of the ok WSDL vector cases, one module each.\n#![deny(warnings)]\n\n",
        );
        for m in modules {
            lib.push_str(&format!(
                "#[path = {:?}]\npub mod {m};\n",
                gen_dir.join(format!("{m}.rs")).display().to_string()
            ));
        }
        std::fs::write(krate.join("src/lib.rs"), lib).map_err(|e| e.to_string())?;
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        ws.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    let lock = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.lock"));
    if !ws.join("Cargo.lock").exists() {
        let _ = std::fs::copy(lock, ws.join("Cargo.lock"));
    }

    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = Command::new(cargo)
        .args(["check", "--workspace", "--lib", "--message-format=json"])
        .current_dir(ws)
        .env(
            "CARGO_TARGET_DIR",
            target_dir().join("vectors-check").join("target"),
        )
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;

    let mut by_edition: BTreeMap<&'static str, Diagnostics> = BTreeMap::new();
    let mut unattributed = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<Json>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" || msg["message"]["level"] != "error" {
            continue;
        }
        let target = msg["target"]["name"].as_str().unwrap_or("");
        let edition = editions
            .keys()
            .find(|e| target.ends_with(&e.to_string()))
            .copied();
        let rendered = msg["message"]["rendered"]
            .as_str()
            .or(msg["message"]["message"].as_str())
            .unwrap_or("")
            .to_owned();
        let module = msg["message"]["spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["file_name"].as_str())
            .find_map(|f| {
                let stem = Path::new(f).file_stem()?.to_str()?;
                editions
                    .values()
                    .flatten()
                    .any(|m| m == stem)
                    .then(|| stem.to_owned())
            });
        match (edition, module) {
            (Some(e), Some(m)) => by_edition
                .entry(e)
                .or_default()
                .entry(m)
                .or_default()
                .push(rendered),
            _ => {
                // "aborting due to N previous errors" and the like carry no span.
                if !msg["message"]["spans"]
                    .as_array()
                    .is_some_and(|s| s.is_empty())
                {
                    unattributed.push(rendered);
                }
            }
        }
    }
    if !out.status.success() && by_edition.values().all(|d| d.is_empty()) {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        return Err(format!(
            "cargo check failed without attributable errors ({}):\n{}\n{}",
            out.status,
            unattributed.join("\n"),
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    Ok(by_edition)
}

/// Compiles the ok cases; a case whose module has errors is removed and the check re-run
/// so that one broken module cannot hide errors (or successes) of the others.
fn compile_check(
    compiled: &[Compiled],
    gen_dir: &Path,
) -> Result<BTreeMap<String, String>, String> {
    let ws = target_dir()
        .join("vectors-check")
        .join(format!("ws-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&ws);
    std::fs::create_dir_all(&ws).map_err(|e| format!("{}: {e}", ws.display()))?;
    let all: Vec<String> = compiled.iter().map(|c| c.module.clone()).collect();
    let mut editions: BTreeMap<&'static str, Vec<String>> =
        [("2021", all.clone()), ("2024", all)].into_iter().collect();
    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    let mut result = Ok(());
    for _round in 0..4 {
        editions.retain(|_, m| !m.is_empty());
        if editions.is_empty() {
            break;
        }
        let diags = match cargo_check(&ws, gen_dir, &editions) {
            Ok(d) => d,
            Err(e) => {
                result = Err(e);
                break;
            }
        };
        if diags.values().all(|d| d.is_empty()) {
            break;
        }
        for (edition, by_module) in diags {
            for (module, errors) in by_module {
                let first: Vec<String> = errors
                    .iter()
                    .take(3)
                    .map(|e| e.lines().take(6).collect::<Vec<_>>().join("\n      "))
                    .collect();
                let entry = failed.entry(module.clone()).or_default();
                if !entry.is_empty() {
                    entry.push_str("; ");
                }
                entry.push_str(&format!(
                    "does not compile under edition {edition} ({} error(s)):\n      {}",
                    errors.len(),
                    first.join("\n      ")
                ));
                if let Some(mods) = editions.get_mut(edition) {
                    mods.retain(|m| *m != module);
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&ws);
    result.map(|()| {
        compiled
            .iter()
            .filter_map(|c| failed.remove(&c.module).map(|why| (c.case.clone(), why)))
            .collect()
    })
}

#[test]
fn wsdl_vectors() {
    let started = Instant::now();
    let dir = vectors_dir();
    assert!(dir.is_dir(), "no vector set at {}", dir.display());
    let tsv = dir.join("wsdl").join("CASES.tsv");
    if !tsv.exists() {
        say(&format!("wsdl: no {}, 0 cases", tsv.display()));
        return;
    }
    let generated = ensure_generated(&dir);
    let cases = read_cases(&tsv).unwrap_or_else(|e| panic!("{e}"));
    let gen_dir = target_dir()
        .join("vectors-check")
        .join(format!("gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&gen_dir);
    std::fs::create_dir_all(&gen_dir).expect("scratch directory");

    let mut failures: Vec<(String, String)> = Vec::new();
    let mut compiled = Vec::new();
    let mut passed_generation = Vec::new();
    {
        let _heavy = heavy_lock();
        for (i, case) in cases.iter().enumerate() {
            let t = Instant::now();
            let verdict = run_wsdl_case(&dir, case, i, &gen_dir);
            if verbose() {
                say(&format!(
                    "  {} ({:.0?}): {}",
                    case.name(),
                    t.elapsed(),
                    match &verdict {
                        Ok(_) => "generation as expected".to_owned(),
                        Err(e) => excerpt(e),
                    }
                ));
            }
            match verdict {
                Ok(Some(c)) => compiled.push(c),
                Ok(None) => passed_generation.push(case.name().to_owned()),
                Err(mut why) => {
                    if case.tagged("[generated]") {
                        if let Err(g) = &generated {
                            why.push_str(&format!(" ({g})"));
                        }
                    }
                    failures.push((case.name().to_owned(), why));
                }
            }
        }
    }
    let mut passed = passed_generation.len();
    if !compiled.is_empty() {
        let t = Instant::now();
        match compile_check(&compiled, &gen_dir) {
            Ok(broken) => {
                for c in &compiled {
                    match broken.get(&c.case) {
                        Some(why) => failures.push((c.case.clone(), why.clone())),
                        None => passed += 1,
                    }
                }
            }
            Err(e) => {
                for c in &compiled {
                    failures.push((c.case.clone(), format!("compile check failed: {e}")));
                }
            }
        }
        if verbose() {
            say(&format!(
                "wsdl: compile check of {} module(s) took {:.1} s",
                compiled.len(),
                t.elapsed().as_secs_f64()
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&gen_dir);
    let _ = std::fs::remove_dir_all(
        target_dir()
            .join("vectors-check")
            .join(format!("no-output-{}", std::process::id())),
    );
    // Report in CASES.tsv order.
    let order: BTreeMap<&str, usize> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name(), i))
        .collect();
    failures.sort_by_key(|(name, _)| order.get(name.as_str()).copied().unwrap_or(usize::MAX));
    conclude("wsdl", passed, &failures, started);
}

// ---------------------------------------------------------------------------------------
// The harness's own helpers
// ---------------------------------------------------------------------------------------

#[test]
fn finds_operation_names() {
    let code = r#"&::soapgen_runtime::Operation { name: "get-user.profile", soap_action: "" }
                  &::soapgen_runtime::Operation { name: "Self", soap_action: "x" }"#;
    let names = operation_names(code);
    assert!(names.contains("get-user.profile") && names.contains("Self"));
}
