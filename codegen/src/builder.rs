//! The public entry point: a by-value builder (prost-build style) with a
//! pure [`Builder::generate`] and a [`Builder::compile`] for build scripts.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;

use crate::custom::Requests;
use crate::emit::{emit_part, namespace_consts, parts, used_namespaces, EmitOptions, Part};
use crate::error::{Error, ErrorKind, Result};
use crate::plan::{plan, PlanOptions};
use crate::read::{read_wsdl, ReadOptions};

/// Types or operations emitted and formatted together (their tokens exist at once).
const ITEMS_PER_PART: usize = 64;

/// Stack of the emitting threads (as deep as the main thread's).
const EMIT_STACK: usize = 8 << 20;

/// Threads to emit a module of `items` types and operations with: one per core (at most
/// 8) for large modules, none of its own for small ones, where threads would cost more
/// than they save.
fn emit_threads(items: usize) -> usize {
    if items < 512 {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .clamp(1, 8)
}

/// Warnings with the same message shown with their locations; the rest are counted.
const SAME_WARNING_SHOWN: usize = 10;

/// `loc: message` for each warning, in order, but at most [`SAME_WARNING_SHOWN`] with the
/// same message (a 5,000-deep derivation chain gives thousands of identical ones); then
/// one line per message that had more, with how many were left out.
fn limit_repeats<'a>(warnings: impl Iterator<Item = (String, &'a str)>) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut order = Vec::new();
    let mut out = Vec::new();
    for (loc, message) in warnings {
        let n = seen.entry(message).or_insert_with(|| {
            order.push(message);
            0
        });
        *n += 1;
        if *n <= SAME_WARNING_SHOWN {
            out.push(format!("{loc}: {message}"));
        }
    }
    for message in order {
        let n = seen.get(message).copied().unwrap_or(0);
        if n > SAME_WARNING_SHOWN {
            out.push(format!(
                "{} more warnings like this: {message}",
                n - SAME_WARNING_SHOWN
            ));
        }
    }
    out
}

/// Modules longer than this are not passed to rustfmt (see [`Builder::rustfmt`]).
const RUSTFMT_MAX_LINES: usize = 500_000;

/// Configures and runs the generator.
#[derive(Debug, Clone)]
pub struct Builder {
    read: ReadOptions,
    plan: PlanOptions,
    serde: bool,
    blocking: bool,
    server: bool,
    runtime_path: String,
    out_dir: Option<PathBuf>,
    emit_rerun: bool,
    rustfmt: bool,
    custom: Requests,
    modules: Vec<(PathBuf, String)>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            read: ReadOptions::default(),
            plan: PlanOptions::default(),
            serde: false,
            blocking: true,
            server: false,
            runtime_path: "::soapgen_runtime".into(),
            out_dir: None,
            emit_rerun: true,
            rustfmt: false,
            custom: Requests::default(),
            modules: Vec::new(),
        }
    }
}

/// The result of generating one WSDL.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Module name (the WSDL file stem, snake_case): the output file is `<module>.rs`.
    pub module: String,
    /// The formatted Rust source.
    pub code: String,
    /// Every file read (entry and imports).
    pub files: Vec<PathBuf>,
    /// Non-fatal problems (constructs kept as raw XML, ...), as `file:line:col: message`:
    /// at most 10 with the same message, then one `N more warnings like this: message`.
    pub warnings: Vec<String>,
}

impl Builder {
    /// A builder with the defaults: no serde derives, runtime at
    /// `::soapgen_runtime`, credential-like fields redacted in `Debug`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Derive `serde::Serialize` / `Deserialize` on generated types, with
    /// the XML names as serde names (the user's crate needs `serde`).
    pub fn serde(mut self, on: bool) -> Self {
        self.serde = on;
        self
    }

    /// Use array wrapper types (.NET's `ArrayOfX`: a type whose only
    /// content is one repeated element) as `Vec<X>` in fields, parameters
    /// and results; the wrapper element stays on the wire. On by default;
    /// `false` keeps the wrapper structs.
    pub fn unwrap_arrays(mut self, on: bool) -> Self {
        self.plan.unwrap_arrays = on;
        self
    }

    /// Also generate a blocking client per port, in the module's `blocking`
    /// module (`blocking::PortName`, with the same constructors and one plain
    /// `fn` per operation). On by default; `false` drops it.
    pub fn blocking(mut self, on: bool) -> Self {
        self.blocking = on;
        self
    }

    /// The path generated code uses for the runtime crate (for re-exports).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = path.into();
        self
    }

    /// Map an absolute import URL (or a URL prefix ending in `/`) to a
    /// local file (or directory), like an XML catalog. Nothing is ever
    /// fetched over the network.
    pub fn map_url(mut self, url: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        self.read.map_url(url, path);
        self
    }

    /// Load URL mappings from a TSV file (`url<TAB>path`, or the corpus
    /// `URLMAP.tsv` layout).
    pub fn url_map_file(mut self, tsv: impl AsRef<Path>) -> Result<Self> {
        self.read.load_url_map_tsv(tsv.as_ref())?;
        Ok(self)
    }

    /// Generate despite undefined references (broken WSDLs seen in the
    /// wild): each becomes a warning and the missing component a stand-in
    /// that accepts any content. Off by default.
    pub fn lenient(mut self, on: bool) -> Self {
        self.read.lenient = on;
        self
    }

    /// Field names containing any of these (case-insensitive) are treated
    /// as secrets: redacted in `Debug`. Replaces the defaults.
    pub fn sensitive_fields<S: Into<String>>(
        mut self,
        patterns: impl IntoIterator<Item = S>,
    ) -> Self {
        self.plan.sensitive = patterns.into_iter().map(Into::into).collect();
        self
    }

    /// Also generate, per port, a service trait (one method per operation)
    /// and a handler serving it over HTTP (`soapgen_runtime::server`, the
    /// runtime's `server` feature): an in-process mock of the service for
    /// tests. Implies [`Builder::both_directions`].
    pub fn server(mut self, on: bool) -> Self {
        self.server = on;
        if on {
            self.plan.both_directions = true;
        }
        self
    }

    /// Generate both `Encode` and `Decode` for every type, not only the
    /// direction the operations use (for round-trip tests, mock servers).
    pub fn both_directions(mut self, on: bool) -> Self {
        self.plan.both_directions = on;
        self
    }

    /// Also pass the output through `rustfmt` (found as `$RUSTFMT` or on
    /// `PATH`), so a file checked into a crate is stable under `cargo fmt`.
    /// When rustfmt is missing or fails, the prettyplease output is kept
    /// and a warning says so; modules of more than 500,000 lines are not
    /// passed to rustfmt (a warning says so), since rustfmt would double
    /// their generation time and memory. Off by default (files in
    /// `OUT_DIR` are never formatted by anyone).
    pub fn rustfmt(mut self, on: bool) -> Self {
        self.rustfmt = on;
        self
    }

    /// Generate clients only for these services (by local name).
    pub fn services<S: Into<String>>(mut self, names: impl IntoIterator<Item = S>) -> Self {
        self.plan.services = names.into_iter().map(Into::into).collect();
        self
    }

    /// Adds outer attributes to the type generated for an XML name:
    /// `{namespace}Local` of a named type (or of a global element with an
    /// anonymous type), e.g.
    /// `.type_attribute("{urn:shop}Order", "#[non_exhaustive]")`. The
    /// string must parse as Rust outer attributes, else
    /// [`Builder::generate`] fails with [`ErrorKind::Customisation`]; a key
    /// that matches no generated type is a generator warning. For a type
    /// with derived types, the attributes go on its struct and its `…Kind`
    /// enum.
    pub fn type_attribute(mut self, xml_name: impl Into<String>, attrs: impl Into<String>) -> Self {
        self.custom.attribute(xml_name.into(), attrs.into());
        self
    }

    /// Adds derives to the type generated for an XML name
    /// (`{namespace}Local`), e.g. `.derive("{urn:shop}Order", ["Eq",
    /// "Hash"])`; derives the type already has are left out. Each must be a
    /// path (`Hash`, `::serde::Serialize`). The fields' types must
    /// implement the traits too: the compiler says which do not.
    pub fn derive<S: Into<String>>(
        mut self,
        xml_name: impl Into<String>,
        derives: impl IntoIterator<Item = S>,
    ) -> Self {
        self.custom.derive(
            xml_name.into(),
            derives.into_iter().map(Into::into).collect(),
        );
        self
    }

    /// Gives the type generated for an XML name (`{namespace}Local`) this
    /// Rust name instead of the one derived from the XML name; its
    /// derived-type enum becomes `<name>Kind`. Another type that would
    /// take the same name is numbered instead.
    pub fn rename_type(
        mut self,
        xml_name: impl Into<String>,
        rust_name: impl Into<String>,
    ) -> Self {
        self.custom.rename(xml_name.into(), rust_name.into());
        self
    }

    /// Gives a field of the type generated for an XML name
    /// (`{namespace}Local`) this Rust name: the element or attribute with
    /// local name `xml_local` of that type's own struct (types derived from
    /// it are keyed by their own names). For a request wrapper element this
    /// renames the method parameter too.
    pub fn rename_field(
        mut self,
        xml_name: impl Into<String>,
        xml_local: impl Into<String>,
        rust_name: impl Into<String>,
    ) -> Self {
        self.custom
            .rename_field(xml_name.into(), xml_local.into(), rust_name.into());
        self
    }

    /// Uses a type of yours for a schema type (`{namespace}Local`), like
    /// prost-build's `extern_path`: no type is generated for it and every
    /// field, parameter and result uses `path`, an absolute path
    /// (`crate::money::Money` or `::other_crate::Money`). The type must
    /// implement `Debug`, `Clone`, `PartialEq` and `Default` (as generated
    /// types do), `soapgen_runtime::xml::Encode` and `Decode` (the
    /// directions the operations use), and for a simple type also
    /// `soapgen_runtime::xml::TextValue` (attributes, simple content); with
    /// [`Builder::serde`], `serde::Serialize` and `Deserialize` too.
    pub fn extern_type(mut self, xml_name: impl Into<String>, path: impl Into<String>) -> Self {
        self.custom.extern_type(xml_name.into(), path.into());
        self
    }

    /// The module name for one WSDL (the path exactly as passed to
    /// [`Builder::generate`] / [`Builder::compile`]) instead of its file
    /// stem in snake_case: the file is `<name>.rs`. Two WSDLs of one
    /// `compile` whose modules would collide are an error naming both.
    pub fn module_name(mut self, wsdl: impl Into<PathBuf>, name: impl Into<String>) -> Self {
        self.modules.push((wsdl.into(), name.into()));
        self
    }

    /// Where [`Builder::compile`] writes (default: `$OUT_DIR`).
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Print `cargo:rerun-if-changed` for every file read (default on).
    pub fn emit_rerun_if_changed(mut self, on: bool) -> Self {
        self.emit_rerun = on;
        self
    }

    /// Reads and plans one WSDL (for [`Builder::inspect`] and tools).
    pub(crate) fn read_and_plan(
        &self,
        path: &Path,
    ) -> Result<(crate::model::Model, crate::plan::Plan)> {
        let opts = self.plan_options()?;
        let model = read_wsdl(path, &self.read)?;
        let plan = plan(&model, &opts)?;
        Ok((model, plan))
    }

    /// The plan options with the customisation validated.
    fn plan_options(&self) -> Result<PlanOptions> {
        let mut opts = self.plan.clone();
        opts.custom = self.custom.resolve()?;
        Ok(opts)
    }

    /// The module for a WSDL: its `module_name`, or its file stem.
    fn module_for(&self, path: &Path) -> Result<String> {
        if let Some((_, name)) = self.modules.iter().rev().find(|(p, _)| p == path) {
            let usable = !name.starts_with("r#")
                && name != "_"
                && syn::parse_str::<syn::Ident>(name).is_ok();
            return if usable {
                Ok(name.clone())
            } else {
                Err(Error::new(
                    ErrorKind::Customisation,
                    None,
                    format!(
                        "module_name(\"{}\", \"{name}\"): not a usable module name (an \
                         identifier, not a keyword)",
                        path.display()
                    ),
                ))
            };
        }
        let stem = path
            .file_stem()
            .map_or_else(|| "service".into(), |s| s.to_string_lossy().into_owned());
        Ok(crate::ident::field_name(&stem)
            .trim_start_matches("r#")
            .to_string())
    }

    /// Generates the module for one WSDL file. Pure: writes nothing.
    pub fn generate(&self, wsdl: impl AsRef<Path>) -> Result<Generated> {
        let path = wsdl.as_ref();
        let opts = self.plan_options()?;
        let module = self.module_for(path)?;
        let model = read_wsdl(path, &self.read)?;
        let plan = plan(&model, &opts)?;
        let emit_options = || -> Result<EmitOptions> {
            let runtime: TokenStream = self.runtime_path.parse().map_err(|_| {
                Error::new(
                    ErrorKind::Output,
                    None,
                    format!("invalid runtime path `{}`", self.runtime_path),
                )
            })?;
            Ok(EmitOptions {
                runtime,
                serde: self.serde,
                blocking: self.blocking,
                server: self.server,
            })
        };
        let source = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        // The module's parts are emitted and formatted on several threads for large
        // modules (token streams cannot cross threads: each thread has its own emitter
        // options, and hands back text), taking the next part as they finish one; the
        // texts are joined in order, so the output does not depend on the thread count.
        let opts = emit_options()?;
        let parts = parts(&plan, &opts, ITEMS_PER_PART);
        let work = |opts: &EmitOptions, part: &Part| -> Result<(String, BTreeSet<String>)> {
            let items = emit_part(&plan, opts, part);
            let mut used = BTreeSet::new();
            used_namespaces(&items, &mut used);
            let mut text = String::new();
            crate::format::format_items(items, &mut text)?;
            Ok((text, used))
        };
        let threads = emit_threads(plan.types.len() + plan.ops.len());
        let done: Vec<Result<(String, BTreeSet<String>)>> = if threads <= 1 {
            parts.iter().map(|p| work(&opts, p)).collect()
        } else {
            let next = std::sync::atomic::AtomicUsize::new(0);
            let results = std::sync::Mutex::new(Vec::with_capacity(parts.len()));
            let worker = || -> Result<()> {
                let opts = emit_options()?;
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(part) = parts.get(i) else {
                        return Ok(());
                    };
                    let r = work(&opts, part);
                    results
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .push((i, r));
                }
            };
            std::thread::scope(|s| -> Result<()> {
                let handles = (0..threads)
                    .map(|_| {
                        std::thread::Builder::new()
                            .stack_size(EMIT_STACK)
                            .spawn_scoped(s, worker)
                            .map_err(|e| {
                                Error::new(
                                    ErrorKind::Output,
                                    None,
                                    format!("cannot start a thread: {e}"),
                                )
                            })
                    })
                    .collect::<Vec<_>>();
                for h in handles {
                    h?.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?;
                }
                Ok(())
            })?;
            let mut results = results
                .into_inner()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            results.sort_by_key(|(i, _)| *i);
            results.into_iter().map(|(_, r)| r).collect()
        };
        let mut used = BTreeSet::new();
        let mut texts = Vec::with_capacity(done.len());
        for part in done {
            let (text, u) = part?;
            used.extend(u);
            texts.push(text);
        }
        let mut code = crate::format::header(&source);
        crate::format::format_items(namespace_consts(&plan, &used), &mut code)?;
        code.reserve(texts.iter().map(String::len).sum());
        for text in texts {
            code.push_str(&text);
        }
        let mut rustfmt_warning = None;
        if self.rustfmt {
            // rustfmt is a nicety: when it fails (crashes on very large
            // items, is missing), the prettyplease output is kept. On very
            // large modules it is not run at all: it needs about as long
            // and as much memory again as generating them.
            let lines = code.lines().count();
            if lines > RUSTFMT_MAX_LINES {
                rustfmt_warning = Some(format!(
                    "rustfmt skipped: the module has {lines} lines (more than \
                     {RUSTFMT_MAX_LINES}); the code is kept as prettyplease formats it"
                ));
            } else {
                match crate::format::rustfmt(&code) {
                    Ok(c) => code = c,
                    Err(e) => {
                        rustfmt_warning =
                            Some(format!("{e}; the code is kept as prettyplease formats it"))
                    }
                }
            }
        }
        let located = model
            .warnings
            .iter()
            .chain(&plan.warnings)
            .map(|w| (w.loc.to_string(), w.message.as_str()));
        let warnings = limit_repeats(located)
            .into_iter()
            .chain(plan.notes.iter().cloned())
            .chain(rustfmt_warning)
            .collect();
        Ok(Generated {
            module,
            code,
            files: model.files,
            warnings,
        })
    }

    /// Generates every WSDL into the output directory (`$OUT_DIR` by
    /// default) as `<module>.rs`, writing only files whose content changed,
    /// and prints `cargo:rerun-if-changed` for every file read.
    pub fn compile(&self, wsdls: &[impl AsRef<Path>]) -> Result<Vec<Generated>> {
        let out = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| {
                    Error::new(
                        ErrorKind::Output,
                        None,
                        "OUT_DIR is not set: call compile() from build.rs or set out_dir()",
                    )
                })?,
        };
        let mut all: Vec<Generated> = Vec::new();
        let mut sources: Vec<&Path> = Vec::new();
        for w in wsdls {
            if self.emit_rerun {
                println!("cargo:rerun-if-changed={}", w.as_ref().display());
            }
            let g = self.generate(w)?;
            if self.emit_rerun {
                for f in &g.files {
                    println!("cargo:rerun-if-changed={}", f.display());
                }
                for warning in &g.warnings {
                    println!("cargo:warning=soapgen: {warning}");
                }
            }
            let same = all.iter().zip(&sources).find(|(o, _)| o.module == g.module);
            if let Some((_, first)) = same {
                return Err(module_collision(first, w.as_ref(), &g.module));
            }
            let target = out.join(format!("{}.rs", g.module));
            let unchanged = std::fs::read(&target).is_ok_and(|old| old == g.code.as_bytes());
            if !unchanged {
                std::fs::write(&target, &g.code).map_err(|e| {
                    Error::new(
                        ErrorKind::Output,
                        None,
                        format!("cannot write {}: {e}", target.display()),
                    )
                })?;
            }
            all.push(g);
            sources.push(w.as_ref());
        }
        Ok(all)
    }
}

/// Two WSDLs of one `compile` whose modules would overwrite each other.
fn module_collision(first: &Path, second: &Path, module: &str) -> Error {
    Error::new(
        ErrorKind::ModuleCollision,
        None,
        format!(
            "`{}` and `{}` would both be generated as module `{module}` (`{module}.rs`), the \
             second overwriting the first: give one another module with \
             `Builder::module_name(path, name)` (`--module` on the command line), or compile \
             them with two Builders with different `out_dir`s",
            first.display(),
            second.display()
        ),
    )
}

/// Generates one WSDL into `$OUT_DIR` with the default settings.
pub fn compile_wsdl(wsdl: impl AsRef<Path>) -> Result<Generated> {
    Builder::new().compile(&[wsdl]).map(|mut v| v.remove(0))
}

#[cfg(test)]
mod tests {
    use super::limit_repeats;

    #[test]
    fn identical_warnings_are_counted_after_ten() {
        let many = (0..25).map(|i| (format!("a.wsdl:1:{i}"), "too deep"));
        let other = std::iter::once(("b.xsd:2:3".to_string(), "undefined"));
        let out = limit_repeats(many.chain(other));
        assert_eq!(out.len(), 12, "{out:#?}");
        assert_eq!(out[0], "a.wsdl:1:0: too deep");
        assert_eq!(out[9], "a.wsdl:1:9: too deep");
        assert_eq!(out[10], "b.xsd:2:3: undefined");
        assert_eq!(out[11], "15 more warnings like this: too deep");
    }
}
