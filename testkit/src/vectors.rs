//! The grammar of the shared SOAP test-vector set (`shared/vectors`, described in its
//! README.md): `CASES.tsv` rows, the `expected_detail` grammar (`KEY=VALUE;...`, README
//! 1.3) and how an expected value matches an actual text value.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value as Json;
use sha2::{Digest, Sha256};

/// The repository root (the workspace directory).
fn workspace_root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// `$SOAPGEN_VECTORS`, or `shared/vectors` beside the repository. A relative
/// `$SOAPGEN_VECTORS` that does not exist from the test's working directory (cargo runs
/// tests in the package's directory) is taken from the repository root, so the documented
/// `SOAPGEN_VECTORS=../shared/vectors cargo test ...` works from there.
pub fn vectors_dir() -> PathBuf {
    match std::env::var_os("SOAPGEN_VECTORS") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_relative() && !dir.exists() {
                workspace_root().join(dir)
            } else {
                dir
            }
        }
        None => workspace_root().join("../shared/vectors"),
    }
}

/// Whether `VECTORS_VERBOSE` asks for every case's outcome.
pub fn verbose() -> bool {
    std::env::var_os("VECTORS_VERBOSE").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Writes a line to the real stderr: not swallowed by the test harness's output capture,
/// so the summary shows up for passing runs too.
pub fn say(line: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

/// One row of a `CASES.tsv`, by column name.
#[derive(Debug, Clone)]
pub struct Row(pub BTreeMap<String, String>);

impl Row {
    pub fn get(&self, column: &str) -> &str {
        self.0.get(column).map_or("", String::as_str)
    }
    pub fn name(&self) -> &str {
        self.get("name")
    }
    pub fn tagged(&self, tag: &str) -> bool {
        self.get("notes").contains(tag)
    }
}

/// Reads a `CASES.tsv` (header line, then one case per line, tab-separated).
pub fn read_cases(tsv: &Path) -> Result<Vec<Row>, String> {
    let text =
        std::fs::read_to_string(tsv).map_err(|e| format!("cannot read {}: {e}", tsv.display()))?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("{} is empty", tsv.display()))?
        .split('\t')
        .map(str::trim)
        .collect();
    for column in ["name", "expect"] {
        if !header.contains(&column) {
            return Err(format!("{} has no `{column}` column", tsv.display()));
        }
    }
    Ok(lines
        .map(|line| {
            Row(header
                .iter()
                .zip(line.split('\t'))
                .map(|(k, v)| ((*k).to_owned(), v.to_owned()))
                .collect())
        })
        .collect())
}

/// Runs `python3 generate.py` once when a `[generated]` case's file is missing.
pub fn ensure_generated(dir: &Path) -> Result<(), String> {
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        let mut missing = Vec::new();
        for (sub, ext) in [("responses", "http"), ("wsdl", "wsdl")] {
            let Ok(cases) = read_cases(&dir.join(sub).join("CASES.tsv")) else {
                continue;
            };
            for c in cases.iter().filter(|c| c.tagged("[generated]")) {
                let file = dir.join(sub).join(format!("{}.{ext}", c.name()));
                if !file.exists() {
                    missing.push(c.name().to_owned());
                }
            }
        }
        if missing.is_empty() {
            return Ok(());
        }
        let script = dir.join("generate.py");
        if !script.exists() {
            return Err(format!(
                "{missing:?} are missing and there is no generate.py"
            ));
        }
        say(&format!(
            "vectors: {} [generated] file(s) missing, running python3 {}",
            missing.len(),
            script.display()
        ));
        let out = Command::new("python3")
            .arg(&script)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("cannot run python3 {}: {e}", script.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "python3 generate.py failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    })
    .clone()
}

/// One `VALUE` of `expected_detail`.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A JSON string, array or object.
    Json(Json),
    /// A bare token: `true`, `null`, `42`, `present`, `a|b`, ...
    Token(String),
}

impl Value {
    pub fn token(&self) -> Option<&str> {
        match self {
            Value::Token(t) => Some(t),
            Value::Json(_) => None,
        }
    }
    pub fn string(&self) -> Option<&str> {
        match self {
            Value::Json(Json::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// `KEY=VALUE;KEY=VALUE...` (README 1.3).
pub fn parse_detail(s: &str) -> Result<Vec<(String, Value)>, String> {
    let mut out = Vec::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("no `=` in {rest:?}"))?;
        let key = rest[..eq].trim().to_owned();
        rest = &rest[eq + 1..];
        let value = if rest.starts_with(['"', '[', '{']) {
            let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<Json>();
            let v = stream
                .next()
                .ok_or_else(|| format!("{key}: missing value"))?
                .map_err(|e| format!("{key}: bad JSON value: {e}"))?;
            rest = &rest[stream.byte_offset()..];
            Value::Json(v)
        } else {
            let end = rest.find(';').unwrap_or(rest.len());
            let token = rest[..end].trim().to_owned();
            rest = &rest[end..];
            Value::Token(token)
        };
        rest = rest.trim_start();
        match rest.strip_prefix(';') {
            Some(r) => rest = r.trim_start(),
            None if rest.is_empty() => {}
            None => return Err(format!("{key}: expected `;` before {rest:?}")),
        }
        out.push((key, value));
    }
    Ok(out)
}

/// The value of `key` in a parsed `expected_detail`.
pub fn lookup<'a>(detail: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    detail.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Lower-case hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Compares one expected value with an actual optional text value.
pub fn text_matches(expected: &Value, actual: Option<&str>) -> Result<(), String> {
    let ok = match (expected, actual) {
        (Value::Token(t), None) => t == "null" || t == "absent",
        (Value::Token(t), Some(a)) => t != "null" && t != "absent" && t == a,
        (Value::Json(Json::String(s)), Some(a)) => s == a,
        (Value::Json(Json::Object(o)), Some(a)) => {
            let len = o.get("len").and_then(Json::as_u64);
            let sha = o.get("sha256").and_then(Json::as_str);
            let (Some(len), Some(sha)) = (len, sha) else {
                return Err(format!("unsupported expectation {expected:?}"));
            };
            if a.chars().count() as u64 != len {
                return Err(format!(
                    "expected {len} characters, got {}",
                    a.chars().count()
                ));
            }
            if !sha.eq_ignore_ascii_case(&sha256_hex(a.as_bytes())) {
                return Err(format!("sha256 differs (expected {sha})"));
            }
            true
        }
        (Value::Json(Json::String(_) | Json::Object(_)), None) => false,
        (Value::Json(_), _) => return Err(format!("unsupported expectation {expected:?}")),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "expected {}, got {}",
            describe(expected),
            actual.map_or_else(|| "null".to_owned(), |a| format!("{:?}", excerpt(a)))
        ))
    }
}

/// An expected value as a failure message shows it.
pub fn describe(v: &Value) -> String {
    match v {
        Value::Token(t) => t.clone(),
        Value::Json(j) => excerpt(&j.to_string()),
    }
}

/// The first 200 characters of `s`, `...` when cut.
pub fn excerpt(s: &str) -> String {
    let mut e: String = s.chars().take(200).collect();
    if e.len() < s.len() {
        e.push_str("...");
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_detail_grammar() {
        let d = parse_detail(
        r#"code="{urn:x}A;b";subcodes=["{u}a", "{u}b"];reason="caf\u00e9 \ud83d\ude00";kind=a|b;status=500;AccessToken={"len": 3, "sha256": "ab"};x=null"#,
    )
    .unwrap();
        assert_eq!(
            lookup(&d, "code").and_then(Value::string),
            Some("{urn:x}A;b")
        );
        assert_eq!(
            lookup(&d, "subcodes"),
            Some(&Value::Json(serde_json::json!(["{u}a", "{u}b"])))
        );
        assert_eq!(
            lookup(&d, "reason").and_then(Value::string),
            Some("café 😀")
        );
        assert_eq!(lookup(&d, "kind").and_then(Value::token), Some("a|b"));
        assert_eq!(lookup(&d, "status").and_then(Value::token), Some("500"));
        assert_eq!(
            lookup(&d, "AccessToken"),
            Some(&Value::Json(serde_json::json!({"len": 3, "sha256": "ab"})))
        );
        assert_eq!(lookup(&d, "x").and_then(Value::token), Some("null"));
        assert!(parse_detail("a=\"x\" b=1").is_err());
        assert!(parse_detail("").unwrap().is_empty());
    }

    #[test]
    fn matches_values_as_the_readme_says() {
        let abc = Value::Json(serde_json::json!({
            "len": 3,
            "sha256": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        }));
        assert!(text_matches(&abc, Some("abc")).is_ok());
        assert!(text_matches(&abc, Some("abd")).is_err());
        assert!(text_matches(&Value::Token("null".into()), None).is_ok());
        assert!(text_matches(&Value::Token("null".into()), Some("")).is_err());
        assert!(text_matches(&Value::Json(Json::String(String::new())), Some("")).is_ok());
        assert!(text_matches(&Value::Json(Json::String(String::new())), None).is_err());
        assert!(text_matches(&Value::Token("42".into()), Some("42")).is_ok());
    }

    #[test]
    fn reads_rows_by_column_name() {
        let dir = std::env::temp_dir().join(format!("testkit-cases-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let tsv = dir.join("CASES.tsv");
        std::fs::write(
            &tsv,
            "name\texpect\tnotes\n\na\tok\t[generated] x\nb\terror\n",
        )
        .unwrap();
        let rows = read_cases(&tsv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].name(), rows[0].get("expect")), ("a", "ok"));
        assert!(rows[0].tagged("[generated]") && !rows[1].tagged("[generated]"));
        assert_eq!(rows[1].get("notes"), "");
        std::fs::write(&tsv, "name\tnotes\na\tx\n").unwrap();
        assert!(read_cases(&tsv).unwrap_err().contains("`expect`"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
