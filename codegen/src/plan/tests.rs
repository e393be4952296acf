//! Plan decisions as tables: names, collisions, boxing, unwrapping and
//! sharing of operation functions. Each case is a small WSDL read from a
//! scratch file and planned with the default options.

use super::*;
use crate::read::{read_wsdl, ReadOptions};

/// Plans `wsdl` (written to a scratch file named after `test`).
fn plan_of(test: &str, wsdl: &str) -> Plan {
    let dir = std::env::temp_dir().join(format!("soapgen-plan-{}-{test}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("t.wsdl");
    std::fs::write(&path, wsdl).unwrap();
    let model = read_wsdl(&path, &ReadOptions::default());
    let _ = std::fs::remove_dir_all(&dir);
    let model = model.unwrap_or_else(|e| panic!("{test}: {e}\n{wsdl}"));
    plan(&model, &PlanOptions::default()).unwrap_or_else(|e| panic!("{test}: {e}"))
}

/// One operation of a document/literal port type.
struct Op<'a> {
    name: &'a str,
    /// Input element (local name in `urn:t`).
    input: &'a str,
    /// Output element, `None` for one-way.
    output: Option<&'a str>,
    action: &'a str,
    /// Header element of the input, if any.
    header: Option<&'a str>,
    /// Fault detail element, if any.
    fault: Option<&'a str>,
}

fn op<'a>(name: &'a str, input: &'a str, output: Option<&'a str>) -> Op<'a> {
    Op {
        name,
        input,
        output,
        action: "",
        header: None,
        fault: None,
    }
}

/// A document/literal WSDL over `schema` (inside `xs:schema
/// targetNamespace="urn:t"`, unless it starts with `<xs:schema`), with one
/// SOAP 1.1 port and, if `soap12`, a SOAP 1.2 port on a second binding of
/// the same port type.
fn doc_wsdl(schema: &str, ops: &[Op<'_>], soap12: bool) -> String {
    let schema = if schema.trim_start().starts_with("<xs:schema") {
        schema.to_string()
    } else {
        format!(
            r#"<xs:schema targetNamespace="urn:t" elementFormDefault="qualified">{schema}</xs:schema>"#
        )
    };
    let mut messages = String::new();
    let mut pt = String::new();
    let mut b11 = String::new();
    let mut b12 = String::new();
    for (i, o) in ops.iter().enumerate() {
        messages.push_str(&format!(
            r#"<wsdl:message name="I{i}"><wsdl:part name="p" element="tns:{}"/></wsdl:message>"#,
            o.input
        ));
        let mut pt_out = String::new();
        let mut b_out = String::new();
        if let Some(out) = o.output {
            messages.push_str(&format!(
                r#"<wsdl:message name="O{i}"><wsdl:part name="p" element="tns:{out}"/></wsdl:message>"#
            ));
            pt_out = format!(r#"<wsdl:output message="tns:O{i}"/>"#);
            b_out = "<wsdl:output><S:body use=\"literal\"/></wsdl:output>".into();
        }
        let mut b_head = String::new();
        if let Some(h) = o.header {
            messages.push_str(&format!(
                r#"<wsdl:message name="H{i}"><wsdl:part name="h" element="tns:{h}"/></wsdl:message>"#
            ));
            b_head = format!(r#"<S:header message="tns:H{i}" part="h" use="literal"/>"#);
        }
        let mut pt_fault = String::new();
        let mut b_fault = String::new();
        if let Some(f) = o.fault {
            messages.push_str(&format!(
                r#"<wsdl:message name="F{i}"><wsdl:part name="f" element="tns:{f}"/></wsdl:message>"#
            ));
            pt_fault = format!(r#"<wsdl:fault name="Fault{i}" message="tns:F{i}"/>"#);
            b_fault = format!(
                r#"<wsdl:fault name="Fault{i}"><S:fault name="Fault{i}" use="literal"/></wsdl:fault>"#
            );
        }
        pt.push_str(&format!(
            r#"<wsdl:operation name="{}"><wsdl:input message="tns:I{i}"/>{pt_out}{pt_fault}</wsdl:operation>"#,
            o.name
        ));
        let bop = format!(
            r#"<wsdl:operation name="{}"><S:operation soapAction="{}"/><wsdl:input><S:body use="literal"/>{b_head}</wsdl:input>{b_out}{b_fault}</wsdl:operation>"#,
            o.name, o.action
        );
        b11.push_str(&bop.replace("S:", "soap:"));
        b12.push_str(&bop.replace("S:", "soap12:"));
    }
    let (binding12, port12) = if soap12 {
        (
            format!(
                r#"<wsdl:binding name="B12" type="tns:PT"><soap12:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>{b12}</wsdl:binding>"#
            ),
            r#"<wsdl:port name="P12" binding="tns:B12"><soap12:address location="http://localhost/"/></wsdl:port>"#,
        )
    } else {
        (String::new(), "")
    };
    format!(
        r#"<?xml version="1.0"?>
<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:t" xmlns:u="urn:u" targetNamespace="urn:t">
  <wsdl:types>{schema}</wsdl:types>
  {messages}
  <wsdl:portType name="PT">{pt}</wsdl:portType>
  <wsdl:binding name="B" type="tns:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>{b11}</wsdl:binding>
  {binding12}
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B"><soap:address location="http://localhost/"/></wsdl:port>
    {port12}
  </wsdl:service>
</wsdl:definitions>
"#
    )
}

/// An element whose anonymous type is an empty sequence.
fn empty_el(name: &str) -> String {
    format!(
        r#"<xs:element name="{name}"><xs:complexType><xs:sequence/></xs:complexType></xs:element>"#
    )
}

fn struct_named<'p>(plan: &'p Plan, name: &str) -> &'p StructDef {
    plan.types
        .iter()
        .find_map(|t| match t {
            TypePlan::Struct(s) if s.name == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name} in {:?}", type_names(plan)))
}

fn type_names(plan: &Plan) -> Vec<&str> {
    plan.types.iter().map(TypePlan::name).collect()
}

#[test]
fn method_names_never_shadow_client_or_trait_methods() {
    // (operation name, method name, operation function name)
    let table = [
        ("GetUser", "get_user", "op_get_user"),
        ("clone", "clone2", "op_clone2"),
        ("Clone", "clone3", "op_clone3"),
        ("default", "default2", "op_default2"),
        ("new", "new2", "op_new2"),
        ("client", "client2", "op_client2"),
        ("from_client", "from_client2", "op_from_client2"),
        ("fmt", "fmt2", "op_fmt2"),
        ("Eq", "eq2", "op_eq2"),
        ("Hash", "hash2", "op_hash2"),
        ("into", "into2", "op_into2"),
        ("From", "from2", "op_from2"),
        ("ToString", "to_string2", "op_to_string2"),
        ("type", "r#type", "op_type"),
        ("self", "self_", "op_self_"),
    ];
    let schema: String = table.iter().map(|(op, ..)| empty_el(op)).collect();
    let ops: Vec<Op<'_>> = table.iter().map(|(o, ..)| op(o, o, None)).collect();
    let plan = plan_of("method-names", &doc_wsdl(&schema, &ops, false));
    let [client] = plan.clients.as_slice() else {
        panic!("one client expected")
    };
    assert_eq!(client.methods.len(), table.len());
    for ((op, method, op_fn), m) in table.iter().zip(&client.methods) {
        assert_eq!(m.name, *method, "method for operation {op}");
        assert_eq!(plan.ops[m.op.0].name, *op_fn, "function for operation {op}");
        assert_eq!(plan.ops[m.op.0].operation, *op);
        // Every method that does not take its operation's name says so.
        let renamed = plan.warnings.iter().any(|w| {
            w.message
                .starts_with(&format!("operation `{op}` is the method `{method}`"))
        });
        let plain = ["GetUser", "type", "self"].contains(op);
        assert_eq!(renamed, !plain, "warning for {op}: {:#?}", plan.warnings);
    }
}

#[test]
fn type_names_are_decided_once_and_collisions_numbered_visible_types_first() {
    // (schema, request element, type names in first-reached order); the
    // request wrapper `Op` the parameters hide yields to the type `Op`.
    let two_namespaces = r#"
      <xs:schema targetNamespace="urn:u" elementFormDefault="qualified">
        <xs:complexType name="Item"><xs:sequence><xs:element name="b" type="xs:int"/></xs:sequence></xs:complexType>
      </xs:schema>
      <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
        <xs:import namespace="urn:u"/>
        <xs:complexType name="Item"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:element name="Op"><xs:complexType><xs:sequence>
          <xs:element name="mine" type="tns:Item"/><xs:element name="theirs" type="u:Item"/>
        </xs:sequence></xs:complexType></xs:element>
      </xs:schema>"#;
    let element_and_type = r#"
        <xs:complexType name="Op"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:element name="Op"><xs:complexType><xs:sequence>
          <xs:element name="inner" type="tns:Op"/>
        </xs:sequence></xs:complexType></xs:element>"#;
    let keyword_and_case = r#"
        <xs:complexType name="self"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:complexType name="user_info"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:complexType name="UserInfo"><xs:sequence><xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType>
        <xs:element name="Op"><xs:complexType><xs:sequence>
          <xs:element name="s" type="tns:self"/><xs:element name="u1" type="tns:user_info"/>
          <xs:element name="u2" type="tns:UserInfo"/>
        </xs:sequence></xs:complexType></xs:element>"#;
    let table: [(&str, &str, &[&str]); 3] = [
        (two_namespaces, "two-namespaces", &["Op", "Item", "Item2"]),
        (element_and_type, "element-and-type", &["Op2", "Op"]),
        (
            keyword_and_case,
            "keyword-and-case",
            &["Op", "Self_", "UserInfo", "UserInfo2"],
        ),
    ];
    for (schema, test, names) in table {
        let plan = plan_of(test, &doc_wsdl(schema, &[op("Op", "Op", None)], false));
        assert_eq!(type_names(&plan), names, "{test}");
        // The XML name stays next to every Rust name.
        for t in &plan.types {
            if let TypePlan::Struct(s) = t {
                assert!(s.xml.is_some(), "{test}: {} lost its XML name", s.name);
            }
        }
    }
}

#[test]
fn hidden_wrappers_yield_reserved_names_are_avoided_and_renames_warned() {
    // The response wrapper `GetResponse` is hidden (its one field is
    // returned): the returned type of the same name gets the clean name.
    // `Error` and `Result` would clash with soapgen_runtime / the prelude.
    let schema = r#"
        <xs:complexType name="GetResponse"><xs:sequence><xs:element name="a" type="xs:string"/><xs:element name="e" type="tns:Error"/></xs:sequence></xs:complexType>
        <xs:complexType name="Error"><xs:sequence><xs:element name="code" type="xs:int"/><xs:element name="Code" type="xs:int"/></xs:sequence></xs:complexType>
        <xs:complexType name="Result"><xs:sequence><xs:element name="ok" type="xs:boolean"/></xs:sequence></xs:complexType>
        <xs:element name="Get"><xs:complexType><xs:sequence>
          <xs:element name="r" type="tns:Result"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="GetResponse"><xs:complexType><xs:sequence>
          <xs:element name="GetResult" type="tns:GetResponse"/>
        </xs:sequence></xs:complexType></xs:element>"#;
    let plan = plan_of(
        "hidden-wrappers",
        &doc_wsdl(schema, &[op("Get", "Get", Some("GetResponse"))], false),
    );
    let names = type_names(&plan);
    for want in [
        "Get",
        "ResultType",
        "GetResponse2",
        "GetResponse",
        "ErrorType",
    ] {
        assert!(names.contains(&want), "{want} missing in {names:?}");
    }
    let returned = plan.ops[0].returns.as_ref().expect("a result");
    let RsTy::Ref(id) = returned.ty else {
        panic!("{returned:?}")
    };
    assert_eq!(plan.types[id.0].name(), "GetResponse");
    let warnings: Vec<&str> = plan.warnings.iter().map(|w| w.message.as_str()).collect();
    for w in [
        "field `Code` is named `code2`: another field of the type is `code`",
        "the struct of element `{urn:t}GetResponse` is named `GetResponse2`: `GetResponse` is the struct of type `{urn:t}GetResponse`",
        "the struct of type `{urn:t}Error` is named `ErrorType`: `Error` is a name of the std prelude or of `soapgen_runtime`'s API",
        "the struct of type `{urn:t}Result` is named `ResultType`",
    ] {
        assert!(
            warnings.iter().any(|m| m.starts_with(w)),
            "no warning {w:?} in {warnings:#?}"
        );
    }
    // Deterministic: planning again gives the same names and warnings.
    let again = plan_of(
        "hidden-wrappers2",
        &doc_wsdl(schema, &[op("Get", "Get", Some("GetResponse"))], false),
    );
    assert_eq!(type_names(&again), names);
    assert_eq!(again.warnings.len(), plan.warnings.len());
}

#[test]
fn boxing_is_decided_once_for_fields_parameters_and_results() {
    // The request and response wrappers contain themselves (a recursive
    // type used directly as the wrapped operation's parameter and result),
    // and the header and fault types are recursive too.
    let schema = r#"
        <xs:complexType name="Node"><xs:sequence>
          <xs:element name="next" type="tns:Node" minOccurs="0"/>
          <xs:element name="kids" type="tns:Node" minOccurs="0" maxOccurs="unbounded"/>
          <xs:element name="label" type="xs:string"/>
        </xs:sequence></xs:complexType>
        <xs:element name="Op"><xs:complexType><xs:sequence>
          <xs:element ref="tns:Op" minOccurs="0"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="OpResponse"><xs:complexType><xs:sequence>
          <xs:element ref="tns:OpResponse" minOccurs="0"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="Head" type="tns:Node"/>
        <xs:element name="Trouble" type="tns:Node"/>"#;
    let ops = [Op {
        header: Some("Head"),
        fault: Some("Trouble"),
        ..op("Op", "Op", Some("OpResponse"))
    }];
    let plan = plan_of("boxing", &doc_wsdl(schema, &ops, false));
    // (struct, field, boxed)
    let table = [
        ("Node", "next", true),
        ("Node", "kids", false),
        ("Node", "label", false),
        ("Op", "op", true),
        ("OpResponse", "op_response", true),
    ];
    for (s, f, boxed) in table {
        let field = struct_named(&plan, s)
            .elements
            .iter()
            .find(|e| e.name == f)
            .unwrap_or_else(|| panic!("{s}.{f}"));
        assert_eq!(field.boxed, boxed, "{s}.{f}");
    }
    let op = &plan.ops[0];
    let field = |s: &str, f: &str| {
        struct_named(&plan, s)
            .elements
            .iter()
            .find(|e| e.name == f)
            .unwrap()
            .shape()
    };
    // The parameter and the result have exactly the wrapper fields' shapes.
    assert_eq!(op.params[0].shape, field("Op", "op"));
    assert!(op.params[0].shape.boxed);
    assert_eq!(
        op.returns.as_ref(),
        Some(&field("OpResponse", "op_response"))
    );
    // Header: `Option<Node>` (a parameter, not a field: no box needed).
    let node = plan.types.iter().position(|t| t.name() == "Node").unwrap();
    assert_eq!(op.headers[0].2, RsTy::Ref(TypeId(node)));
    assert_eq!(op.params[1].shape, Shape::optional(RsTy::Ref(TypeId(node))));
    // Fault detail: the recursive type, decoded by the caller.
    let fault = &plan.clients[0].methods[0].faults[0];
    assert_eq!(
        fault.detail.as_ref().unwrap().1,
        Some(RsTy::Ref(TypeId(node)))
    );
    assert!(plan.directions[node].0 && plan.directions[node].1);
}

/// (operation, input element, output element, request is wrapped,
/// parameter names, what is taken from the response, return type)
type Unwrapping<'a> = (
    &'a str,
    &'a str,
    Option<&'a str>,
    bool,
    Vec<&'a str>,
    Option<Take>,
    Option<Shape>,
);

#[test]
fn wrapped_operations_unwrap_into_parameters_and_results() {
    let common = r#"
        <xs:element name="Two"><xs:complexType><xs:sequence>
          <xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int" minOccurs="0"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="One"><xs:complexType><xs:sequence>
          <xs:element name="r" type="xs:string" minOccurs="0"/>
        </xs:sequence></xs:complexType></xs:element>
        <xs:element name="None"><xs:complexType><xs:sequence/></xs:complexType></xs:element>
        <xs:element name="Attr"><xs:complexType><xs:sequence>
          <xs:element name="a" type="xs:string"/></xs:sequence><xs:attribute name="x" type="xs:string"/>
        </xs:complexType></xs:element>
        <xs:element name="Plain" type="xs:string" nillable="true"/>"#;
    let string = || RsTy::Builtin(Builtin::String);
    let table: Vec<Unwrapping<'_>> = vec![
        (
            "Two",
            "Two",
            Some("One"),
            true,
            vec!["a", "b"],
            Some(Take::Field("r".into())),
            Some(Shape::optional(string())),
        ),
        (
            "None",
            "None",
            Some("None"),
            true,
            vec![],
            Some(Take::Nothing),
            None,
        ),
        // Not named after the operation: a bare part, passed whole.
        (
            "Other",
            "Two",
            Some("Two"),
            false,
            vec!["p"],
            Some(Take::Whole),
            None,
        ),
        // Attributes: the wrapper cannot be unwrapped.
        (
            "Attr",
            "Attr",
            Some("Attr"),
            false,
            vec!["p"],
            Some(Take::Whole),
            None,
        ),
        // A nillable simple element: `Option`, `xsi:nil` is `None`.
        (
            "Plain",
            "Plain",
            Some("Plain"),
            false,
            vec!["p"],
            Some(Take::NilOrWhole),
            Some(Shape::optional(string())),
        ),
        ("OneWay", "One", None, false, vec!["p"], None, None),
    ];
    let ops: Vec<Op<'_>> = table.iter().map(|(o, i, out, ..)| op(o, i, *out)).collect();
    let plan = plan_of("unwrapping", &doc_wsdl(common, &ops, false));
    for ((name, _, _, wrapped, params, take, returns), m) in
        table.iter().zip(&plan.clients[0].methods)
    {
        let op = &plan.ops[m.op.0];
        assert_eq!(op.operation, *name);
        assert_eq!(
            matches!(op.request, Request::Wrapped { .. }),
            *wrapped,
            "{name}: wrapped"
        );
        let names: Vec<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, *params, "{name}: parameters");
        match (&op.response, take) {
            (Response::OneWay, None) => {}
            (Response::Element { take: t, .. }, Some(want)) => assert_eq!(t, want, "{name}: take"),
            (r, want) => panic!("{name}: response {r:?}, expected {want:?}"),
        }
        if returns.is_some() {
            assert_eq!(&op.returns, returns, "{name}: returns");
        }
    }
    // `Two` as a result: the whole struct.
    let other = &plan.ops[plan.clients[0].methods[2].op.0];
    let two = plan.types.iter().position(|t| t.name() == "Two").unwrap();
    assert_eq!(other.returns, Some(Shape::required(RsTy::Ref(TypeId(two)))));
    assert_eq!(
        other.params[0].shape,
        Shape::required(RsTy::Ref(TypeId(two)))
    );
}

#[test]
fn ports_that_bind_an_operation_alike_share_its_function() {
    let schema = format!("{}{}", empty_el("A"), empty_el("B"));
    // (operations, ports, expected operation functions)
    let same = [op("A", "A", Some("B"))];
    let table: [(&str, &[Op<'_>], bool, usize); 3] = [
        ("one-port", &same, false, 1),
        // SOAP 1.1 and 1.2 ports of one port type: one function.
        ("two-versions", &same, true, 1),
        // Two operations with the same messages but different actions.
        (
            "different-actions",
            &[
                Op {
                    action: "urn:a",
                    ..op("A", "A", Some("B"))
                },
                Op {
                    action: "urn:b",
                    ..op("B", "A", Some("B"))
                },
            ],
            true,
            2,
        ),
    ];
    for (test, ops, soap12, n) in table {
        let plan = plan_of(test, &doc_wsdl(&schema, ops, soap12));
        assert_eq!(plan.ops.len(), n, "{test}");
        let ports = if soap12 { 2 } else { 1 };
        assert_eq!(plan.clients.len(), ports, "{test}");
        for c in &plan.clients {
            assert_eq!(c.methods.len(), ops.len(), "{test}");
        }
    }
}

#[test]
fn array_wrappers_become_vectors_of_their_items() {
    let schema = r#"
        <xs:complexType name="ArrayOfint"><xs:sequence>
          <xs:element name="int" type="xs:int" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
        <xs:complexType name="ArrayOfNillable"><xs:sequence>
          <xs:element name="s" type="xs:string" minOccurs="0" maxOccurs="unbounded" nillable="true"/>
        </xs:sequence></xs:complexType>
        <xs:complexType name="ArrayOfanyType"><xs:sequence>
          <xs:element name="anyType" type="xs:anyType" minOccurs="0" maxOccurs="unbounded" nillable="true"/>
        </xs:sequence></xs:complexType>
        <xs:complexType name="WithAttr"><xs:sequence>
          <xs:element name="int" type="xs:int" maxOccurs="unbounded"/>
        </xs:sequence><xs:attribute name="n" type="xs:int"/></xs:complexType>
        <xs:complexType name="Two"><xs:sequence>
          <xs:element name="a" type="xs:int" maxOccurs="unbounded"/><xs:element name="b" type="xs:int"/>
        </xs:sequence></xs:complexType>
        <xs:element name="Op"><xs:complexType><xs:sequence>
          <xs:element name="optional" type="tns:ArrayOfint" minOccurs="0" nillable="true"/>
          <xs:element name="required" type="tns:ArrayOfint"/>
          <xs:element name="nils" type="tns:ArrayOfNillable"/>
          <xs:element name="many" type="tns:ArrayOfint" maxOccurs="unbounded"/>
          <xs:element name="anys" type="tns:ArrayOfanyType" minOccurs="0"/>
          <xs:element name="attr" type="tns:WithAttr"/>
          <xs:element name="two" type="tns:Two"/>
        </xs:sequence></xs:complexType></xs:element>"#;
    let int = RsTy::Builtin(Builtin::I32);
    let string = RsTy::Builtin(Builtin::String);
    // (field, unwrapped, item type, item nillable, wrapper occurrence)
    let table = [
        ("optional", true, Some(&int), false, Occurs::Optional),
        ("required", true, Some(&int), false, Occurs::Required),
        ("nils", true, Some(&string), true, Occurs::Required),
        // Raw XML items: `Vec<Option<AnyElement>>`.
        ("anys", true, Some(&RsTy::Any), true, Occurs::Optional),
        // A repeated wrapper: `Vec<Vec<i32>>`, one wrapper element per inner `Vec`.
        ("many", true, Some(&int), false, Occurs::Many(None)),
        // Not only one repeated element: kept.
        ("attr", false, None, false, Occurs::Required),
        ("two", false, None, false, Occurs::Required),
    ];
    let ops = [op("Op", "Op", None)];
    let plan = plan_of("arrays", &doc_wsdl(schema, &ops, false));
    let s = struct_named(&plan, "Op");
    for (name, unwrapped, item, nillable, occurs) in table {
        let f = s.elements.iter().find(|f| f.name == name).unwrap();
        assert_eq!(f.array.is_some(), unwrapped, "{name}");
        if let (Some(a), Some(item)) = (&f.array, item) {
            assert_eq!(&f.ty, item, "{name}");
            assert_eq!(f.nillable, nillable, "{name}");
            assert!(matches!(f.occurs, Occurs::Many(_)), "{name}");
            assert_eq!(a.occurs, occurs, "{name}");
        }
    }
    let many = s.elements.iter().find(|f| f.name == "many").unwrap();
    assert_eq!(many.shape().arrays, 1, "Vec<Vec<i32>>");
    // Wrappers only sent, every holder unwrapped: not generated; the others are.
    let generated = |name: &str| {
        let i = plan.types.iter().position(|t| t.name() == name).unwrap();
        plan.generated[i]
    };
    assert!(!generated("ArrayOfint") && !generated("ArrayOfNillable"));
    assert!(generated("WithAttr") && generated("Two") && generated("Op"));
    // The parameters are the fields: `Vec<i32>`, not the wrapper.
    let p = &plan.ops[0].params[0];
    assert_eq!(
        (p.name.as_str(), p.shape.occurs),
        ("optional", Occurs::Many(None))
    );
    // Off: the wrappers stay.
    let dir = std::env::temp_dir().join(format!("soapgen-plan-{}-arrays-off", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("t.wsdl"), doc_wsdl(schema, &ops, false)).unwrap();
    let model = read_wsdl(&dir.join("t.wsdl"), &ReadOptions::default()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let opts = PlanOptions {
        unwrap_arrays: false,
        ..PlanOptions::default()
    };
    let off = super::plan(&model, &opts).unwrap();
    assert!(struct_named(&off, "Op")
        .elements
        .iter()
        .all(|f| f.array.is_none()));
}

/// One set of sensitive-name patterns: the generator's default (fields whose generated
/// `Debug` hides the value) is the runtime's default (logs, error excerpts, recordings).
#[test]
fn generator_and_runtime_share_the_sensitive_names() {
    let generator = super::PlanOptions::default().sensitive;
    assert_eq!(generator, soapgen_runtime::DEFAULT_SENSITIVE_NAMES);
}

#[test]
fn request_types_with_enums_choices_and_derived_types_have_default() {
    // A required enumeration, a required choice and a required field of an
    // abstract base with derived types: the request struct still has
    // `Default`; a struct containing itself through a required field has not.
    let schema = r#"
        <xs:simpleType name="Color"><xs:restriction base="xs:string">
          <xs:enumeration value="red"/><xs:enumeration value="blue"/>
        </xs:restriction></xs:simpleType>
        <xs:complexType name="Shape" abstract="true"><xs:sequence><xs:element name="id" type="xs:int"/></xs:sequence></xs:complexType>
        <xs:complexType name="Circle"><xs:complexContent><xs:extension base="tns:Shape"><xs:sequence>
          <xs:element name="r" type="xs:double"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType>
        <xs:complexType name="Loop"><xs:sequence><xs:element name="next" type="tns:Loop"/></xs:sequence></xs:complexType>
        <xs:element name="Draw"><xs:complexType><xs:sequence>
          <xs:element name="color" type="tns:Color"/>
          <xs:choice><xs:element name="name" type="xs:string"/><xs:element name="code" type="xs:int"/></xs:choice>
          <xs:element name="shape" type="tns:Shape"/>
          <xs:element name="loop" type="tns:Loop" minOccurs="0"/>
        </xs:sequence></xs:complexType></xs:element>"#;
    let plan = plan_of(
        "defaults",
        &doc_wsdl(schema, &[op("Draw", "Draw", None)], false),
    );
    let by_name = |n: &str| {
        plan.types
            .iter()
            .find(|t| t.name() == n)
            .unwrap_or_else(|| panic!("no {n} in {:?}", type_names(&plan)))
    };
    let TypePlan::Struct(draw) = by_name("Draw") else {
        panic!("Draw is a struct")
    };
    assert!(draw.default, "Draw has Default");
    let TypePlan::Poly(shape) = by_name("ShapeKind") else {
        panic!("ShapeKind is an enum over derived types")
    };
    assert!(
        shape.default,
        "an abstract base defaults to its first derived type"
    );
    assert_eq!(shape.variants[0].name, "Circle");
    assert!(
        plan.types
            .iter()
            .any(|t| matches!(t, TypePlan::Choice(c) if c.default)),
        "the choice has Default"
    );
    let TypePlan::Struct(lp) = by_name("Loop") else {
        panic!("Loop is a struct")
    };
    assert!(!lp.default, "a required self-reference has no Default");
}

#[test]
fn the_choice_of_an_array_wrapper_is_named_after_its_items() {
    // EWS: `ArrayOfRecipientsType` is a repeated choice; unwrapped, users see
    // `Vec<RecipientsTypeChoice>`, not `Vec<ArrayOfRecipientsTypeChoice>`.
    let schema = r#"
        <xs:complexType name="ArrayOfRecipientsType"><xs:choice maxOccurs="unbounded">
          <xs:element name="Mailbox" type="xs:string"/>
          <xs:element name="Group" type="xs:string"/>
        </xs:choice></xs:complexType>
        <xs:complexType name="ArrayOfnothing"><xs:choice maxOccurs="unbounded">
          <xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int"/>
        </xs:choice></xs:complexType>
        <xs:element name="Op"><xs:complexType><xs:sequence>
          <xs:element name="to" type="tns:ArrayOfRecipientsType"/>
          <xs:element name="other" type="tns:ArrayOfnothing"/>
        </xs:sequence></xs:complexType></xs:element>"#;
    let plan = plan_of(
        "choice-items",
        &doc_wsdl(schema, &[op("Op", "Op", None)], false),
    );
    let names = type_names(&plan);
    assert!(names.contains(&"RecipientsTypeChoice"), "{names:?}");
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("ArrayOfRecipientsTypeC")),
        "{names:?}"
    );
    // Not followed by a word: the name stays.
    assert!(names.contains(&"ArrayOfnothingChoice"), "{names:?}");
}
