//! `cargo xtask corpus [DIR]`: every `MANIFEST.tsv` entry, and the WSDLs of
//! `codegen/tests/wsdl` (hostile documentation), → generated module
//! (formatted by rustfmt, then checked stable under it) → one scratch
//! crate → `cargo clippy` and `cargo doc` (rustdoc lints) with warnings
//! denied.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Entry {
    name: String,
    module: String,
    result: Result<(), String>,
    note: String,
}

/// Runs the check; returns the number of failed entries (or 1 on setup errors).
pub fn run(dir: &Path) -> usize {
    let manifest = match std::fs::read_to_string(dir.join("MANIFEST.tsv")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}/MANIFEST.tsv: {e}", dir.display());
            return 1;
        }
    };
    let urlmap = dir.join("URLMAP.tsv");
    let scratch = super::root().join("target/corpus-check");
    let src = scratch.join("src");
    let _ = std::fs::remove_dir_all(&src);
    if let Err(e) = std::fs::create_dir_all(&src) {
        eprintln!("cannot create {}: {e}", src.display());
        return 1;
    }
    let mut entries = Vec::new();
    let started = Instant::now();
    for (name, path) in wsdls(dir, &manifest) {
        let module = format!(
            "m_{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        // Formatted by rustfmt as the `soapgen` command does, so the check
        // below can prove every module stable under rustfmt.
        let mut b = soapgen::Builder::new().rustfmt(true);
        if urlmap.exists() {
            match b.url_map_file(&urlmap) {
                Ok(nb) => b = nb,
                Err(e) => {
                    eprintln!("URLMAP.tsv: {e}");
                    return 1;
                }
            }
        }
        // A WSDL with undefined references is generated again in lenient
        // mode (each reference a warning), and reported as such.
        let mut note = String::new();
        let generated = match b.generate(&path) {
            Err(e) if e.kind() == soapgen::ErrorKind::UndefinedReference => {
                note = format!(" (lenient: {} undefined references)", e.diagnostics.len());
                b.lenient(true).generate(&path)
            }
            other => other,
        };
        let result = match generated {
            Ok(g) => {
                std::fs::write(src.join(format!("{module}.rs")), g.code).map_err(|e| e.to_string())
            }
            Err(e) => Err(format!(
                "generate: {}",
                e.to_string().lines().next().unwrap_or_default()
            )),
        };
        entries.push(Entry {
            name,
            module,
            result,
            note,
        });
    }
    let gen_time = started.elapsed();
    // Stable under rustfmt: formatting again changes nothing.
    let mut unstable: Vec<String> = Vec::new();
    for e in entries.iter().filter(|e| e.result.is_ok()) {
        let file = src.join(format!("{}.rs", e.module));
        let ok = Command::new(std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into()))
            .args(["--edition", "2021", "--check", "--quiet"])
            .arg(&file)
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        if !ok {
            unstable.push(e.module.clone());
        }
    }
    let mods: String = entries
        .iter()
        .filter(|e| e.result.is_ok())
        .map(|e| format!("pub mod {};\n", e.module))
        .collect();
    let runtime = super::root().join("runtime");
    let cargo_toml = format!(
        "[package]\nname = \"corpus-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsoapgen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        runtime.display().to_string()
    );
    let _ = std::fs::write(scratch.join("Cargo.toml"), cargo_toml);
    let _ = std::fs::write(
        src.join("lib.rs"),
        format!("//! Corpus check.\n#![deny(warnings)]\n#![allow(missing_docs)]\n{mods}"),
    );
    let target = super::root().join("target/corpus-check-target");
    let mut first_error: BTreeMap<String, String> = BTreeMap::new();
    let check_started = Instant::now();
    // clippy = `cargo check` plus the lints users run on their crates.
    if !cargo_in(&scratch, &target, &["clippy"], &mut first_error) {
        return 1;
    }
    let check_time = check_started.elapsed();
    // rustdoc's lints (`#![deny(warnings)]` covers them): documentation
    // from a WSDL never becomes a broken link, HTML or a bad code block.
    let doc_started = Instant::now();
    if !cargo_in(&scratch, &target, &["doc", "--no-deps"], &mut first_error) {
        return 1;
    }
    let doc_time = doc_started.elapsed();
    let (mut passed, mut failed) = (0, 0);
    for e in &entries {
        let verdict = match (&e.result, first_error.get(&e.module)) {
            (Err(msg), _) => Err(msg.clone()),
            (Ok(()), _) if unstable.contains(&e.module) => {
                Err("rustfmt --check: not stable under rustfmt".into())
            }
            (Ok(()), Some(msg)) => Err(msg.clone()),
            (Ok(()), None) => Ok(()),
        };
        match verdict {
            Ok(()) => {
                passed += 1;
                println!("{:<32} pass{}", e.name, e.note);
            }
            Err(msg) => {
                failed += 1;
                println!("{:<32} FAIL  {msg}", e.name);
            }
        }
    }
    println!(
        "generation {:.2}s, cargo clippy {:.1}s, cargo doc {:.1}s",
        gen_time.as_secs_f64(),
        check_time.as_secs_f64(),
        doc_time.as_secs_f64()
    );
    println!("{passed} passed, {failed} failed");
    failed
}

/// The WSDLs checked: every `MANIFEST.tsv` entry, then the local ones.
fn wsdls(dir: &Path, manifest: &str) -> Vec<(String, PathBuf)> {
    let mut wsdls: Vec<(String, PathBuf)> = Vec::new();
    for line in manifest.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        if let (Some(name), Some(entry)) = (cols.first(), cols.get(1)) {
            wsdls.push((name.to_string(), dir.join(name).join(entry)));
        }
    }
    let local = super::root().join("codegen/tests/wsdl");
    let mut extra: Vec<_> = std::fs::read_dir(&local)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    extra.retain(|p| p.extension().is_some_and(|x| x == "wsdl"));
    extra.sort();
    for p in extra {
        let stem = p.file_stem().unwrap_or_default().to_string_lossy();
        wsdls.push((format!("local-{stem}"), p));
    }
    wsdls
}

/// `cargo xtask corpus --api-stats`: plans every corpus entry (the
/// `MANIFEST.tsv` ones only) as the check does and prints figures about the
/// generated API per entry and in total. Returns the number of entries that
/// could not be planned. `keep_wrappers` plans with `.unwrap_arrays(false)`,
/// the API before array unwrapping, for a before/after comparison.
pub fn api_stats(dir: &Path, keep_wrappers: bool) -> usize {
    let manifest = match std::fs::read_to_string(dir.join("MANIFEST.tsv")) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("cannot read {}/MANIFEST.tsv: {e}", dir.display());
            return 1;
        }
    };
    let urlmap = dir.join("URLMAP.tsv");
    let mut total = soapgen::inspect::ApiStats::default();
    let (mut entries, mut failed) = (0, 0);
    for (name, path) in wsdls(dir, &manifest) {
        if name.starts_with("local-") {
            continue;
        }
        let mut b = soapgen::Builder::new().unwrap_arrays(!keep_wrappers);
        if urlmap.exists() {
            match b.url_map_file(&urlmap) {
                Ok(nb) => b = nb,
                Err(e) => {
                    eprintln!("URLMAP.tsv: {e}");
                    return 1;
                }
            }
        }
        let inspected = match b.inspect(&path) {
            Err(e) if e.kind() == soapgen::ErrorKind::UndefinedReference => {
                b.lenient(true).inspect(&path)
            }
            other => other,
        };
        match inspected {
            Ok(i) => {
                let s = i.api_stats();
                println!("{name:<32} {s}");
                total += s;
                entries += 1;
            }
            Err(e) => {
                failed += 1;
                println!(
                    "{name:<32} FAIL  {}",
                    e.to_string().lines().next().unwrap_or_default()
                );
            }
        }
    }
    println!("total over {entries} entries: {total}");
    failed
}

/// Runs `cargo <args>` in the scratch crate; records the first message per
/// module file. `false` when cargo failed without naming a module.
fn cargo_in(
    scratch: &Path,
    target: &Path,
    args: &[&str],
    first_error: &mut BTreeMap<String, String>,
) -> bool {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .args(["--quiet", "--message-format=short"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(scratch)
        .output();
    match out {
        Ok(o) => {
            let stderr = String::from_utf8_lossy(&o.stderr);
            for l in stderr.lines() {
                if let Some(rest) = l.strip_prefix("src/") {
                    if let Some((file, msg)) = rest.split_once(".rs:") {
                        first_error
                            .entry(file.to_string())
                            .or_insert_with(|| format!("{}: {msg}", args[0]));
                    }
                }
            }
            if !o.status.success() && first_error.is_empty() {
                eprintln!("cargo {} failed:\n{stderr}", args.join(" "));
                return false;
            }
            true
        }
        Err(e) => {
            eprintln!("cannot run cargo {}: {e}", args[0]);
            false
        }
    }
}
