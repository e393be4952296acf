//! The rows of one stack's column of the interop matrix: every row runs, the table is
//! printed, and `docs/INTEROP.md` must hold exactly this table between
//! `<!-- matrix:STACK -->` and `<!-- /matrix:STACK -->` (`SOAPGEN_BLESS=1` rewrites it), so
//! the published matrix is generated from the test results.
//!
//! A row that fails for a known reason is declared with [`Known`]: it is then expected to
//! fail (and the test fails when it starts passing, so the list stays true).

use std::fmt::Write as _;

use super::repo_root;

/// Why a row is expected to fail. (No row declares one today: every open gap is fixed.)
#[allow(dead_code)]
#[derive(Debug, Clone, Copy)]
pub enum Known {
    /// Our side is wrong or incomplete (an open gap, named in docs/INTEROP.md).
    OurGap(&'static str),
}

pub struct Matrix {
    stack: &'static str,
    title: String,
    rows: Vec<(String, String)>,
    failures: Vec<String>,
}

impl Matrix {
    /// `title`: the stack and its versions, as the heading line of the table.
    pub fn new(stack: &'static str, title: impl Into<String>) -> Matrix {
        Matrix {
            stack,
            title: title.into(),
            rows: Vec::new(),
            failures: Vec::new(),
        }
    }

    /// Records one row: `feature` is the first column, `result` what the check found.
    pub fn row(&mut self, feature: String, result: Result<(), String>, known: Option<Known>) {
        let cell = match (result, known) {
            (Ok(()), None) => "pass".to_string(),
            (Err(e), None) => {
                self.failures.push(format!("{feature}: {e}"));
                "FAIL".to_string()
            }
            (Err(_), Some(Known::OurGap(why))) => format!("gap (ours): {why}"),
            (Ok(()), Some(Known::OurGap(why))) => {
                self.failures.push(format!(
                    "{feature}: passes now, but is declared a known failure ({why}): remove \
                     the declaration"
                ));
                "FAIL".to_string()
            }
        };
        self.rows.push((feature, cell));
    }

    fn table(&self) -> String {
        let mut t = format!("{}\n\n| feature | result |\n|---|---|\n", self.title);
        for (feature, cell) in &self.rows {
            let _ = writeln!(t, "| {} | {} |", feature.replace('|', "\\|"), cell);
        }
        t
    }

    /// Prints the table, checks (or blesses) docs/INTEROP.md, fails on failed rows.
    pub fn finish(self) {
        let table = self.table();
        println!("{table}");
        assert!(
            self.failures.is_empty(),
            "{}: {} row(s) failed:\n{}\n\n{table}",
            self.stack,
            self.failures.len(),
            self.failures.join("\n")
        );
        let doc_path = repo_root().join("docs/INTEROP.md");
        let doc = std::fs::read_to_string(&doc_path).unwrap_or_default();
        let (open, close) = (
            format!("<!-- matrix:{} -->\n", self.stack),
            format!("<!-- /matrix:{} -->", self.stack),
        );
        let section = match (doc.find(&open), doc.find(&close)) {
            (Some(a), Some(b)) if a < b => Some((a + open.len(), b)),
            _ => None,
        };
        let current = section.map(|(a, b)| &doc[a..b]);
        if current == Some(table.as_str()) {
            return;
        }
        if std::env::var_os("SOAPGEN_BLESS").is_some() {
            let new = match section {
                Some((a, b)) => format!("{}{table}{}", &doc[..a], &doc[b..]),
                None => format!("{doc}\n{open}{table}{close}\n"),
            };
            std::fs::write(&doc_path, new).expect("write docs/INTEROP.md");
            return;
        }
        panic!(
            "docs/INTEROP.md does not hold this result of the `{}` column (between `{}` and \
             `{}`); rerun with SOAPGEN_BLESS=1 to update it:\n{table}",
            self.stack,
            open.trim(),
            close
        );
    }
}

/// The first line `cmd args` prints (stdout, else stderr), for version strings.
pub fn version_line(cmd: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", cmd.display()));
    let text = if out.stdout.is_empty() {
        out.stderr
    } else {
        out.stdout
    };
    String::from_utf8_lossy(&text)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// `major.minor` of the first dotted version number in `s` ("PHP 8.2.36 (cli)" → "8.2").
pub fn major_minor(s: &str) -> String {
    s.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .find(|w| w.contains('.') && w.starts_with(|c: char| c.is_ascii_digit()))
        .map(|w| w.split('.').take(2).collect::<Vec<_>>().join("."))
        .unwrap_or_else(|| "?".into())
}
