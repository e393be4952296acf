//! PHP's `SoapServer` (ext/soap, WSDL mode) behind PHP's built-in web server on loopback
//! (`interop/php/server.php`): an rpc/encoded service (SOAP-ENC arrays, nested structs,
//! dateTime, base64Binary, nil, a multi-reference value, a fault whose part is declared with
//! `type=`) and a document/literal wrapped one over SOAP 1.1 and 1.2 (repeated elements, an
//! enumeration, decimal, absent and nil values, a binding-declared header, a fault with an
//! element-declared detail). The clients are generated from the WSDL PHP serves
//! (`?wsdl`, checked against the snapshots `build.rs` compiled); the handlers echo, so
//! every value is checked field by field in both directions.
//!
//! PHP is installed by `.ci/install-deps.sh` (`.ci/packages/interop-php.txt`); when it is
//! missing the test fails and says so.

mod support;

use interop_matrix::php::encoded::{self, Address, Household, Person, Problem};
use interop_matrix::php::literal::{
    self, Item, Order, OrderFault, PutOrderResponse, Session, Status,
};
use soapgen_runtime::xml::TextValue;
use soapgen_runtime::xsd::{Base64Binary, Decimal};
use soapgen_runtime::{Client, Error, Fault};
use support::assert_generates_like_snapshot;
use support::matrix::{major_minor, version_line, Matrix};
use support::php::PhpHost;
use support::record::Recorder;

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const ENC: &str = "urn:soapgen:php:enc";
/// XML-special characters, Latin-1, CJK and an astral-plane character.
const SPECIAL: &str = "a<b&c>d\"e'f Zoë 東京 😀 ]]>";

fn text<T: TextValue>(s: &str) -> T {
    T::from_text(s).unwrap_or_else(|e| panic!("{s}: {e:?}"))
}

fn address(street: &str, city: &str) -> Address {
    Address {
        street: street.into(),
        city: city.into(),
    }
}

fn person(tags: Vec<String>, previous: Vec<Address>, nickname: Option<&str>) -> Person {
    Person {
        name: SPECIAL.into(),
        age: -42,
        born: text("2024-02-29T13:45:00.5Z"),
        photo: Base64Binary((0..=255u8).rev().collect()),
        tags,
        home: address("1 Main St & <Co>", "Zürich"),
        previous,
        nickname: nickname.map(Into::into),
    }
}

fn same<T: PartialEq + std::fmt::Debug>(got: Result<T, Error>, want: &T) -> Result<(), String> {
    let got = got.map_err(|e| format!("{e:?} ({e})"))?;
    if &got != want {
        return Err(format!("got {got:#?}\nwant {want:#?}"));
    }
    Ok(())
}

fn fault_of<T: std::fmt::Debug>(
    r: Result<T, Error>,
    code: (&str, &str),
    reason: &str,
) -> Result<Box<Fault>, String> {
    let f = match r {
        Ok(v) => return Err(format!("expected a fault, got Ok({v:?})")),
        Err(Error::Fault(f)) => f,
        Err(e) => return Err(format!("expected Error::Fault, got {e:?} ({e})")),
    };
    if (f.code.ns(), f.code.local()) != code || f.reason != reason {
        return Err(format!("expected {code:?} `{reason}`, got {f:?}"));
    }
    Ok(f)
}

const ENCODED_CASES: &[&str] = &[
    "echoPerson: special text, nil, arrays of strings and structs",
    "echoPerson: empty arrays, nillable present",
    "echoStrings: empty array",
    "echoStrings: 10,000 items",
    "sharedAddress: multi-reference value",
    "fail: fault with a type= detail part",
    "request: SOAP-ENC arrayType on arrays (SOAP 1.2: enc:itemType, enc:arraySize)",
];

/// Calls `$method(args)` on the SOAP 1.1 or the SOAP 1.2 port.
macro_rules! call {
    ($c:expr, $method:ident($($arg:expr),*)) => {
        match $c {
            Encoded::V11(c) => c.$method($($arg),*).await,
            Encoded::V12(c) => c.$method($($arg),*).await,
        }
    };
}

/// The two ports of the encoded service (one WSDL, PHP answers in the request's version).
enum Encoded<'a> {
    V11(&'a encoded::EncodedPort),
    V12(&'a encoded::EncodedPort12),
}

async fn encoded_case(c: Encoded<'_>, rec: &Recorder, case: &str) -> Result<(), String> {
    let soap12 = matches!(c, Encoded::V12(_));
    match case {
        "echoPerson: special text, nil, arrays of strings and structs" => {
            let p = person(
                vec!["a".into(), SPECIAL.into(), String::new()],
                vec![address("x", "y"), address(SPECIAL, "東京")],
                None,
            );
            same(call!(c, echo_person(p.clone())), &Some(p))
        }
        "echoPerson: empty arrays, nillable present" => {
            let p = person(Vec::new(), Vec::new(), Some("Bob"));
            same(call!(c, echo_person(p.clone())), &Some(p))
        }
        "echoStrings: empty array" => same(call!(c, echo_strings(Vec::new())), &Vec::new()),
        "echoStrings: 10,000 items" => {
            let a: Vec<String> = (0..10_000).map(|i| format!("{i} {SPECIAL}")).collect();
            same(call!(c, echo_strings(a.clone())), &a)
        }
        "sharedAddress: multi-reference value" => {
            let a = address(SPECIAL, "Zürich");
            let r = call!(c, shared_address(a.clone()));
            let wire = rec.last().response;
            // SOAP 1.1 §5.2.1 `href`; SOAP 1.2 Part 2 §3.1.5 `enc:ref` (PHP keeps the `#`).
            let reference = if soap12 {
                " enc:ref=\"#ref1\""
            } else {
                " href=\"#ref1\""
            };
            if !wire.contains(reference) {
                return Err(format!(
                    "PHP no longer answers with a multi-reference value ({reference}): {wire}"
                ));
            }
            same(
                r,
                &Some(Household {
                    first: a.clone(),
                    second: a,
                }),
            )
        }
        "fail: fault with a type= detail part" => {
            // The part `problem` is declared with type="tns:Problem": its detail entry is
            // `{soap:fault namespace}problem` (WSDL 1.1 §3.6), decoded into the generated type.
            let code = if soap12 {
                (SOAP12, "Sender")
            } else {
                (SOAP11, "Client")
            };
            let f = fault_of(call!(c, fail(7)), code, "failed with 7")?;
            let d = f
                .detail_as::<Problem>(ENC, "problem")
                .map_err(|e| format!("detail: {e}"))?;
            let want = Problem {
                code: 7,
                message: "problem <7> & Zoë".into(),
            };
            if d.as_ref() != Some(&want) {
                return Err(format!("detail {d:?}, want {want:?}: {:?}", f.detail));
            }
            Ok(())
        }
        "request: SOAP-ENC arrayType on arrays (SOAP 1.2: enc:itemType, enc:arraySize)" => {
            // SOAP 1.1 §5.4.2: an array value carries SOAP-ENC:arrayType="p:Item[n]"; SOAP 1.2
            // Part 2 §3.1: enc:itemType="p:Item" and enc:arraySize="n". As a part and as a
            // struct member; PHP still answers the same values.
            // The part is given as a `Vec`: the wrapper element is still written.
            let a = vec!["a".to_string()];
            same(call!(c, echo_strings(a.clone())), &a)?;
            let sent = rec.last().body;
            array_type(&sent, soap12, "values", (XSD, "string"), 1)?;
            encoding_style(&sent, soap12)?;
            let p = person(
                vec!["x".into(), "y".into()],
                vec![address("s", "c"), address("t", "d"), address("u", "e")],
                None,
            );
            same(call!(c, echo_person(p.clone())), &Some(p))?;
            let sent = rec.last().body;
            array_type(&sent, soap12, "tags", (XSD, "string"), 2)?;
            array_type(&sent, soap12, "previous", (ENC, "Address"), 3)
        }
        _ => unreachable!("{case}"),
    }
}

const XSD: &str = "http://www.w3.org/2001/XMLSchema";
const SOAP11_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
const SOAP12_ENC: &str = "http://www.w3.org/2003/05/soap-encoding";

/// Checks the array attributes on the first `<element>` of the request `sent`: SOAP 1.1
/// `SOAP-ENC:arrayType="p:Item[len]"`, SOAP 1.2 `enc:itemType="p:Item"` and
/// `enc:arraySize="len"`, with `p` bound to the item type's namespace.
fn array_type(
    sent: &str,
    soap12: bool,
    element: &str,
    (item_ns, item): (&str, &str),
    len: usize,
) -> Result<(), String> {
    let doc = roxmltree::Document::parse(sent).map_err(|e| e.to_string())?;
    let el = doc
        .descendants()
        .find(|n| n.has_tag_name(element))
        .ok_or_else(|| format!("no <{element}> in {sent}"))?;
    let (attr, want_rest) = if soap12 {
        (el.attribute((SOAP12_ENC, "itemType")), item.to_string())
    } else {
        (
            el.attribute((SOAP11_ENC, "arrayType")),
            format!("{item}[{len}]"),
        )
    };
    let value = attr.ok_or_else(|| format!("no array type on <{element}>: {sent}"))?;
    let (prefix, rest) = value.split_once(':').unwrap_or(("", value));
    if rest != want_rest || el.lookup_namespace_uri(Some(prefix)) != Some(item_ns) {
        return Err(format!(
            "array type \"{value}\" on <{element}>, want {{{item_ns}}}{want_rest}: {sent}"
        ));
    }
    let size = len.to_string();
    if soap12 && el.attribute((SOAP12_ENC, "arraySize")) != Some(size.as_str()) {
        return Err(format!("no enc:arraySize=\"{len}\" on <{element}>: {sent}"));
    }
    Ok(())
}

/// Checks the `encodingStyle` of the rpc wrapper: the envelope version's attribute and encoding.
fn encoding_style(sent: &str, soap12: bool) -> Result<(), String> {
    let doc = roxmltree::Document::parse(sent).map_err(|e| e.to_string())?;
    let (env, style) = if soap12 {
        (SOAP12, SOAP12_ENC)
    } else {
        (SOAP11, SOAP11_ENC)
    };
    let wrapper = doc
        .descendants()
        .find(|n| n.has_tag_name((ENC, "echoStrings")))
        .ok_or_else(|| format!("no echoStrings in {sent}"))?;
    if wrapper.attribute((env, "encodingStyle")) != Some(style) {
        return Err(format!("want encodingStyle {style} in {env}: {sent}"));
    }
    Ok(())
}

fn order(id: i32, items: usize) -> Order {
    Order {
        id,
        customer: SPECIAL.into(),
        created: text("1999-12-31T23:59:59+05:30"),
        status: Status::Cancelled,
        item: (0..items)
            .map(|i| Item {
                sku: format!("sku-{i} <&>"),
                quantity: i as i32,
                price: text("1234567.891"),
                data: (i % 2 == 0).then(|| Base64Binary(vec![0, 0xff, i as u8])),
            })
            .collect(),
        note: Some(String::new()),
        discount: None,
    }
}

/// What `GetOrder` of server.php answers for `id >= 0`.
fn php_order(id: i32) -> Order {
    Order {
        id,
        customer: "Zoë & Sons <東京>".into(),
        created: text("2024-02-29T23:59:58.125Z"),
        status: Status::Shipped,
        item: (0..id)
            .map(|i| Item {
                sku: format!("SKU-{i}"),
                quantity: i,
                price: text("12.50"),
                data: (i % 2 == 0).then(|| {
                    let mut d = vec![0u8, 1, 0xfe, 0xff];
                    d.extend(i.to_string().bytes());
                    Base64Binary(d)
                }),
            })
            .collect(),
        note: (id % 2 == 1).then(|| "odd order".into()),
        discount: (id != 0).then(|| text::<Decimal>("-0.05")),
    }
}

const LITERAL_CASES: &[&str] = &[
    "PutOrder: special text, items, header",
    "PutOrder: no header, no items, nil and absent",
    "PutOrder: 5,000 items",
    "GetOrder: answer with items, absent and present optionals",
    "GetOrder: nil decimal, no items",
    "GetOrder: fault with element detail",
];

async fn literal_case(
    c11: &literal::OrdersSoap,
    c12: &literal::OrdersSoap12,
    soap12: bool,
    case: &str,
) -> Result<(), String> {
    let put = |o: Order, s: Option<Session>| async move {
        if soap12 {
            c12.put_order(o, s).await
        } else {
            c11.put_order(o, s).await
        }
    };
    let get = |id: i32| async move {
        if soap12 {
            c12.get_order(id).await
        } else {
            c11.get_order(id).await
        }
    };
    match case {
        "PutOrder: special text, items, header" => {
            let o = order(1, 3);
            let session = Session {
                token: SPECIAL.into(),
            };
            let want = PutOrderResponse {
                order: o.clone(),
                session: Some(SPECIAL.into()),
            };
            same(put(o, Some(session)).await, &want)
        }
        "PutOrder: no header, no items, nil and absent" => {
            let mut o = order(0, 0);
            o.note = None;
            let want = PutOrderResponse {
                order: o.clone(),
                session: None,
            };
            same(put(o, None).await, &want)
        }
        "PutOrder: 5,000 items" => {
            let mut o = order(2, 5_000);
            o.discount = Some(text("-0.000001"));
            let want = PutOrderResponse {
                order: o.clone(),
                session: Some("t".into()),
            };
            same(put(o, Some(Session { token: "t".into() })).await, &want)
        }
        "GetOrder: answer with items, absent and present optionals" => {
            same(get(3).await, &php_order(3))
        }
        "GetOrder: nil decimal, no items" => same(get(0).await, &php_order(0)),
        "GetOrder: fault with element detail" => {
            let code = if soap12 {
                (SOAP12, "Sender")
            } else {
                (SOAP11, "Client")
            };
            let f = fault_of(get(-2).await, code, "unknown order -2")?;
            let d = f
                .detail::<OrderFault>()
                .map_err(|e| format!("detail: {e}"))?;
            let want = OrderFault {
                code: 404,
                message: "no order -2 <none> & Zoë".into(),
            };
            if d.as_ref() != Some(&want) {
                return Err(format!("detail {d:?}, want {want:?}"));
            }
            Ok(())
        }
        _ => unreachable!("{case}"),
    }
}

async fn get(url: &str) -> String {
    let r = reqwest::get(url)
        .await
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    assert_eq!(r.status(), 200, "GET {url}");
    r.text().await.expect("WSDL text")
}

/// The PHP column of the matrix. Every row runs; the table is printed and the test fails if
/// any row failed.
#[tokio::test]
async fn php_soapserver_encoded_and_literal() {
    let host = PhpHost::start();
    for (path, snapshot) in [
        ("encoded?wsdl", "php/wsdl/EncodedService.wsdl"),
        ("literal?wsdl", "php/wsdl/LiteralService.wsdl"),
    ] {
        let live = get(&host.url(path))
            .await
            .replace(&host.origin, "http://localhost");
        assert_generates_like_snapshot(&live, snapshot);
    }
    let rec = Recorder::new();
    let client = |path: &str| {
        Client::builder(host.url(path))
            .transport(rec.clone())
            .build()
            .expect("client")
    };
    let enc = encoded::EncodedPort::from_client(client("encoded"));
    let enc12 = encoded::EncodedPort12::from_client(client("encoded12"));
    let lit11 = literal::OrdersSoap::from_client(client("literal"));
    let lit12 = literal::OrdersSoap12::from_client(client("literal"));
    let php = support::tool("php", "php-cli", &[]);
    let version = major_minor(&version_line(&php, &["-v"]));
    let mut m = Matrix::new(
        "php",
        format!("**PHP {version} `SoapServer`** (ext/soap, WSDL mode; PHP's built-in web server)"),
    );
    for soap12 in [false, true] {
        for case in ENCODED_CASES {
            let (v, c) = if soap12 {
                ("1.2", Encoded::V12(&enc12))
            } else {
                ("1.1", Encoded::V11(&enc))
            };
            let note = match *case {
                "sharedAddress: multi-reference value" if soap12 => {
                    " (server difference D6: `enc:ref=\"#ref1\"`)"
                }
                _ => "",
            };
            m.row(
                format!("rpc/encoded, SOAP {v}: {case}{note}"),
                encoded_case(c, &rec, case).await,
                None,
            );
        }
    }
    for soap12 in [false, true] {
        for case in LITERAL_CASES {
            let v = if soap12 { "1.2" } else { "1.1" };
            m.row(
                format!("doc/literal, SOAP {v}: {case}"),
                literal_case(&lit11, &lit12, soap12, case).await,
                None,
            );
        }
    }
    m.finish();
}
