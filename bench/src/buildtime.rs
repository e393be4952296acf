//! Build-time cost: generation time (in-process `Builder::generate`, release build) for
//! the largest corpus WSDLs and the whole corpus, and `cargo check` time of the generated
//! modules in a scratch crate whose dependencies are already built.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::stats::{children_cpu_secs, median, process_cpu_secs};

/// Times `f`: (on-CPU seconds of the whole process, wall seconds). The generator emits
/// and formats the types of a large module on several threads, so the CPU time of all
/// threads is counted (the process runs nothing else meanwhile).
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let cpu0 = process_cpu_secs();
    let start = Instant::now();
    let value = f();
    let wall = start.elapsed().as_secs_f64();
    let cpu = match (cpu0, process_cpu_secs()) {
        (Some(a), Some(b)) if b >= a => b - a,
        _ => wall,
    };
    (value, cpu, wall)
}

/// The corpus entries measured one by one: the three largest WSDLs.
pub const LARGEST: [&str; 3] = ["workday", "economic", "virtualbox-vboxweb"];

/// Generation figures of one WSDL.
#[derive(Debug, Clone)]
pub struct GenResult {
    /// Corpus entry name.
    pub name: String,
    /// The entry WSDL.
    pub wsdl: PathBuf,
    /// Size of the entry file.
    pub wsdl_bytes: u64,
    /// Median on-CPU seconds of `Builder::generate` (all its threads).
    pub secs: f64,
    /// Every repeat (on-CPU seconds).
    pub samples: Vec<f64>,
    /// Median wall-clock seconds.
    pub wall_secs: f64,
    /// Lines of generated code.
    pub lines: usize,
    /// Bytes of generated code.
    pub code_bytes: usize,
    /// Whether the lenient retry was needed.
    pub lenient: bool,
    /// The generated code (for the check).
    pub code: String,
}

/// Whole-corpus generation figures.
#[derive(Debug, Clone)]
pub struct CorpusResult {
    /// MANIFEST entries.
    pub entries: usize,
    /// Entries generated (strictly or leniently).
    pub generated: usize,
    /// Entries that needed the lenient retry.
    pub lenient: usize,
    /// Entries that failed, with the first line of the error.
    pub failed: Vec<(String, String)>,
    /// Median on-CPU seconds for all entries.
    pub secs: f64,
    /// Every repeat (on-CPU seconds).
    pub samples: Vec<f64>,
    /// Median wall-clock seconds.
    pub wall_secs: f64,
    /// Lines of generated code, all entries.
    pub lines: usize,
}

/// `cargo check` figures of one generated module.
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// Corpus entry name.
    pub name: String,
    /// Median wall-clock seconds of `cargo check` after dependencies are built.
    pub secs: f64,
    /// Every repeat (wall-clock seconds).
    pub samples: Vec<f64>,
    /// Median CPU seconds of the cargo and rustc processes.
    pub cpu_secs: f64,
    /// Lines of the module.
    pub lines: usize,
    /// Whether the check passed.
    pub ok: bool,
    /// Whether cargo had to wait for the target directory's lock (the time is then too
    /// high).
    pub contended: bool,
}

/// The `(name, entry path)` rows of the corpus `MANIFEST.tsv`.
pub fn manifest(corpus: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let text = std::fs::read_to_string(corpus.join("MANIFEST.tsv"))
        .map_err(|e| format!("{}/MANIFEST.tsv: {e}", corpus.display()))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let name = cols.next()?.trim();
            let entry = cols.next()?.trim();
            (!name.is_empty()).then(|| (name.to_string(), corpus.join(name).join(entry)))
        })
        .collect())
}

fn builder(corpus: &Path) -> Result<soapgen::Builder, String> {
    let map = corpus.join("URLMAP.tsv");
    let b = soapgen::Builder::new();
    if map.exists() {
        b.url_map_file(&map).map_err(|e| format!("URLMAP.tsv: {e}"))
    } else {
        Ok(b)
    }
}

/// Generates like the corpus check: strictly, then leniently on undefined references.
fn generate(
    b: &soapgen::Builder,
    wsdl: &Path,
) -> (Result<soapgen::Generated, soapgen::Error>, bool) {
    match b.generate(wsdl) {
        Err(e) if e.kind() == soapgen::ErrorKind::UndefinedReference => {
            (b.clone().lenient(true).generate(wsdl), true)
        }
        other => (other, false),
    }
}

/// Times generation of each of [`LARGEST`] (`repeats` times, median).
pub fn largest(corpus: &Path, repeats: usize) -> Result<Vec<GenResult>, String> {
    let rows = manifest(corpus)?;
    let b = builder(corpus)?;
    let mut out = Vec::new();
    for name in LARGEST {
        let (_, wsdl) = rows
            .iter()
            .find(|(n, _)| n == name)
            .ok_or_else(|| format!("{name} is not in the corpus MANIFEST.tsv"))?;
        let (mut samples, mut walls) = (Vec::new(), Vec::new());
        let mut last = None;
        for _ in 0..repeats.max(1) {
            let ((g, lenient), cpu, wall) = timed(|| generate(&b, wsdl));
            samples.push(cpu);
            walls.push(wall);
            let g = g.map_err(|e| format!("{name}: {e}"))?;
            last = Some((g, lenient));
        }
        let Some((g, lenient)) = last else {
            continue;
        };
        out.push(GenResult {
            name: name.to_string(),
            wsdl: wsdl.clone(),
            wsdl_bytes: std::fs::metadata(wsdl).map(|m| m.len()).unwrap_or(0),
            secs: median(&samples),
            samples,
            wall_secs: median(&walls),
            lines: g.code.lines().count(),
            code_bytes: g.code.len(),
            lenient,
            code: g.code,
        });
    }
    Ok(out)
}

/// Times generation of every MANIFEST entry (`repeats` times, median of the totals).
pub fn corpus(corpus: &Path, repeats: usize) -> Result<CorpusResult, String> {
    let rows = manifest(corpus)?;
    let (mut samples, mut walls) = (Vec::new(), Vec::new());
    let mut result = CorpusResult {
        entries: rows.len(),
        generated: 0,
        lenient: 0,
        failed: Vec::new(),
        secs: 0.0,
        samples: Vec::new(),
        wall_secs: 0.0,
        lines: 0,
    };
    for _ in 0..repeats.max(1) {
        let (mut generated, mut lenient_n, mut lines, mut failed) = (0, 0, 0, Vec::new());
        let cpu0 = process_cpu_secs();
        let start = Instant::now();
        for (name, wsdl) in &rows {
            let b = builder(corpus)?;
            let (g, lenient) = generate(&b, wsdl);
            match g {
                Ok(g) => {
                    generated += 1;
                    lenient_n += usize::from(lenient);
                    lines += g.code.lines().count();
                }
                Err(e) => failed.push((
                    name.clone(),
                    e.to_string().lines().next().unwrap_or_default().to_string(),
                )),
            }
        }
        let wall = start.elapsed().as_secs_f64();
        walls.push(wall);
        samples.push(match (cpu0, process_cpu_secs()) {
            (Some(a), Some(b)) if b >= a => b - a,
            _ => wall,
        });
        result.generated = generated;
        result.lenient = lenient_n;
        result.lines = lines;
        result.failed = failed;
    }
    result.secs = median(&samples);
    result.samples = samples;
    result.wall_secs = median(&walls);
    Ok(result)
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

fn run_check(scratch: &Path, target: &Path) -> Result<(bool, String), String> {
    let out = Command::new(cargo())
        .args(["check", "--message-format=short"])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(scratch)
        .output()
        .map_err(|e| format!("cannot run cargo check: {e}"))?;
    Ok((
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ))
}

/// Removes the scratch crate's incremental compilation caches.
fn clear_incremental(target: &Path) {
    let Ok(dirs) = std::fs::read_dir(target.join("debug/incremental")) else {
        return;
    };
    for d in dirs.flatten() {
        if d.file_name().to_string_lossy().starts_with("bench_check-") {
            let _ = std::fs::remove_dir_all(d.path());
        }
    }
}

/// `cargo check` of each generated module alone, in a scratch crate under
/// `root/target/bench-check` depending on `root/runtime` by path, after a first
/// (untimed) check has built the dependencies.
pub fn check(
    root: &Path,
    modules: &[GenResult],
    repeats: usize,
) -> Result<Vec<CheckResult>, String> {
    let scratch = root.join("target/bench-check");
    let target = root.join("target/bench-check-target");
    let src = scratch.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("{}: {e}", src.display()))?;
    let manifest = format!(
        "[package]\nname = \"bench-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nsoapgen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        root.join("runtime").display().to_string()
    );
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(scratch.join("Cargo.toml"), &manifest)?;
    // The corpus check's lock file (else the workspace's): the same dependency
    // versions, so the same artifacts, and no resolution needed.
    if !scratch.join("Cargo.lock").exists() {
        let corpus_lock = root.join("target/corpus-check/Cargo.lock");
        let lock = if corpus_lock.exists() {
            corpus_lock
        } else {
            root.join("Cargo.lock")
        };
        let _ = std::fs::copy(lock, scratch.join("Cargo.lock"));
    }
    let _ = std::fs::remove_file(src.join("generated.rs"));
    write(src.join("lib.rs"), "//! Dependencies only.\n")?;
    let (ok, stderr) = run_check(&scratch, &target)?;
    if !ok {
        return Err(format!(
            "cargo check of the empty scratch crate failed:\n{stderr}"
        ));
    }
    write(
        src.join("lib.rs"),
        "//! One generated module.\n#![allow(missing_docs)]\npub mod generated;\n",
    )?;
    let mut out = Vec::new();
    for m in modules {
        let (mut samples, mut cpus) = (Vec::new(), Vec::new());
        let mut ok = true;
        let mut contended = false;
        for _ in 0..repeats.max(1) {
            // Rewriting the file gives it a new mtime, so cargo checks it again; removing
            // the crate's incremental cache makes that a cold check (with the default
            // incremental compilation, as users get it) rather than a replay.
            write(src.join("generated.rs"), &m.code)?;
            clear_incremental(&target);
            let cpu0 = children_cpu_secs();
            let start = Instant::now();
            let (passed, stderr) = run_check(&scratch, &target)?;
            samples.push(start.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (cpu0, children_cpu_secs()) {
                cpus.push(b - a);
            }
            contended |= stderr.contains("Blocking waiting for file lock");
            if !passed {
                eprintln!(
                    "cargo check of {} failed:\n{}",
                    m.name,
                    stderr.lines().take(20).collect::<Vec<_>>().join("\n")
                );
                ok = false;
                break;
            }
        }
        out.push(CheckResult {
            name: m.name.clone(),
            secs: median(&samples),
            samples,
            cpu_secs: median(&cpus),
            lines: m.lines,
            ok,
            contended,
        });
    }
    Ok(out)
}
