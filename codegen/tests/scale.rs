//! Generation work grows linearly with the input: derivation depth, fields
//! per type and operations per service. Measured as bytes allocated (total
//! and peak live) by a counting allocator, for an input of size N and 4N:
//! the ratio stays near 4 (a quadratic step would make it 16). Not timed.
//!
//! Generated code nests no deeper with more fields: no `else if` chain,
//! `&&` chain or builder chain per field (rustc overflowed its stack at
//! 7,500 fields); `cargo xtask corpus` compiles a wide type.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Mutex;

struct Counting;

static TOTAL: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        TOTAL.fetch_add(l.size(), Relaxed);
        let live = LIVE.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(live, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static A: Counting = Counting;

/// One measurement at a time (the counters are global).
static SERIAL: Mutex<()> = Mutex::new(());

const HEAD: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">"#;

fn service(types: &str, ops: &[(String, String, String)]) -> String {
    let mut w = format!("{HEAD}<wsdl:types><xs:schema targetNamespace=\"urn:t\" elementFormDefault=\"qualified\">{types}</xs:schema></wsdl:types>\n");
    for (op, i, o) in ops {
        w += &format!("<wsdl:message name=\"{op}In\"><wsdl:part name=\"p\" element=\"tns:{i}\"/></wsdl:message><wsdl:message name=\"{op}Out\"><wsdl:part name=\"p\" element=\"tns:{o}\"/></wsdl:message>\n");
    }
    w += "<wsdl:portType name=\"PT\">";
    for (op, _, _) in ops {
        w += &format!("<wsdl:operation name=\"{op}\"><wsdl:input message=\"tns:{op}In\"/><wsdl:output message=\"tns:{op}Out\"/></wsdl:operation>\n");
    }
    w += "</wsdl:portType><wsdl:binding name=\"B\" type=\"tns:PT\"><soap:binding style=\"document\" transport=\"http://schemas.xmlsoap.org/soap/http\"/>";
    for (op, _, _) in ops {
        w += &format!("<wsdl:operation name=\"{op}\"><soap:operation soapAction=\"urn:t#{op}\"/><wsdl:input><soap:body use=\"literal\"/></wsdl:input><wsdl:output><soap:body use=\"literal\"/></wsdl:output></wsdl:operation>\n");
    }
    w + "</wsdl:binding><wsdl:service name=\"S\"><wsdl:port name=\"P\" binding=\"tns:B\"><soap:address location=\"http://localhost/\"/></wsdl:port></wsdl:service></wsdl:definitions>"
}

fn one_op(types: String) -> String {
    service(&types, &[("Op".into(), "In".into(), "Out".into())])
}

/// A chain of `n` types, each extending the previous one by a field (on one
/// line, as minified WSDLs are).
fn chain(n: usize) -> String {
    let mut t = String::from(
        r#"<xs:complexType name="T0"><xs:sequence><xs:element name="f0" type="xs:string"/></xs:sequence></xs:complexType>"#,
    );
    for i in 1..n {
        t += &format!(
            r#"<xs:complexType name="T{i}"><xs:complexContent><xs:extension base="tns:T{}"><xs:sequence><xs:element name="f{i}" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>"#,
            i - 1
        );
    }
    t += &format!(
        r#"<xs:element name="In" type="tns:T0"/><xs:element name="Out" type="tns:T{}"/>"#,
        n - 1
    );
    one_op(t)
}

/// One type with `n` fields (one of them a password).
fn wide(n: usize) -> String {
    let mut t = String::from(
        r#"<xs:complexType name="Wide"><xs:sequence><xs:element name="Password" type="xs:string"/>"#,
    );
    for i in 1..n {
        t += &format!(r#"<xs:element name="f{i}" type="xs:int" minOccurs="0"/>"#);
    }
    t += r#"</xs:sequence></xs:complexType><xs:element name="In" type="tns:Wide"/><xs:element name="Out" type="tns:Wide"/>"#;
    one_op(t)
}

/// A service with `n` operations.
fn operations(n: usize) -> String {
    let mut t = String::new();
    let mut ops = Vec::new();
    for i in 0..n {
        t += &format!(
            r#"<xs:element name="Op{i}" type="xs:string"/><xs:element name="Op{i}Response" type="xs:string"/>"#
        );
        ops.push((format!("Op{i}"), format!("Op{i}"), format!("Op{i}Response")));
    }
    service(&t, &ops)
}

/// (bytes allocated, peak live bytes, generated code) for one generation.
fn measure(name: &str, wsdl: &str) -> (usize, usize, String) {
    let dir = std::env::temp_dir().join(format!("soapgen-scale-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("{name}.wsdl"));
    std::fs::write(&path, wsdl).unwrap();
    let builder = soapgen::Builder::new();
    let (total0, live0) = (TOTAL.load(Relaxed), LIVE.load(Relaxed));
    PEAK.store(live0, Relaxed);
    let g = builder
        .generate(&path)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let total = TOTAL.load(Relaxed) - total0;
    let peak = PEAK.load(Relaxed) - live0;
    let _ = std::fs::remove_file(&path);
    (total, peak, g.code)
}

fn assert_linear(what: &str, small: usize, make: fn(usize) -> String) {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (t1, p1, c1) = measure(&format!("{what}-{small}"), &make(small));
    let (t4, p4, c4) = measure(&format!("{what}-{}", 4 * small), &make(4 * small));
    let (rt, rp, rc) = (
        t4 as f64 / t1 as f64,
        p4 as f64 / p1 as f64,
        c4.len() as f64 / c1.len() as f64,
    );
    println!("{what}: x4 input -> allocated x{rt:.2}, peak x{rp:.2}, code x{rc:.2}");
    for (name, r) in [
        ("allocated bytes", rt),
        ("peak live bytes", rp),
        ("code size", rc),
    ] {
        assert!(
            r < 6.0,
            "{what}: {name} grew x{r:.2} for x4 input (not linear)"
        );
    }
}

#[test]
fn derivation_depth_is_linear() {
    // Beyond the 64 levels the plan follows, each type's content is capped.
    assert_linear("chain", 100, chain);
}

#[test]
fn fields_are_linear() {
    assert_linear("fields", 300, wide);
}

#[test]
fn operations_are_linear() {
    // Large enough that a comparison of every operation with every earlier one (how
    // ports shared operation functions: 10,000 operations took 20 s) shows: x6.2 here.
    assert_linear("operations", 600, operations);
}

#[test]
fn wide_types_nest_no_deeper() {
    let _one = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (_, _, code) = measure("wide-nesting", &wide(2000));
    assert!(!code.contains("else if"), "an else-if chain per field");
    assert!(
        !code.contains("&& self."),
        "a `&&` chain per field (derived PartialEq is flat here)"
    );
    assert!(code.contains("impl ::std::cmp::PartialEq for Wide"));
    // The redacting Debug of the password field: one statement per field.
    assert!(
        code.contains("let mut d = f.debug_struct(\"Wide\");"),
        "{}",
        &code[..2000]
    );
    // Indentation (a proxy for nesting) bounded whatever the width.
    let deepest = code
        .lines()
        .map(|l| l.len() - l.trim_start().len())
        .max()
        .unwrap_or(0);
    assert!(deepest <= 40, "nesting {deepest} columns deep");
}
