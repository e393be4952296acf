//! Synthetic WSDLs at a given size: a derivation chain, a wide type, many operations.
//! Shared by `codegen/tests/scale.rs` (linear work, counted in allocations) and
//! `cargo xtask scale` (time, peak RSS and `cargo check` at the sizes of issue 11),
//! which includes this file by path.

const HEAD: &str = r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">"#;

pub fn service(types: &str, ops: &[(String, String, String)]) -> String {
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

pub fn one_op(types: String) -> String {
    service(&types, &[("Op".into(), "In".into(), "Out".into())])
}

/// A chain of `n` types, each extending the previous one by a field (on one
/// line, as minified WSDLs are).
pub fn chain(n: usize) -> String {
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
pub fn wide(n: usize) -> String {
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
pub fn operations(n: usize) -> String {
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
