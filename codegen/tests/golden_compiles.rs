//! The golden files compile with warnings denied, and their documented
//! API holds (client per port, typed parameters and results).
#![deny(warnings)]

// A test binary uses only part of each module's API; every other warning
// is an error. (The examples crate compiles the same code as a library.)
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/authentication_service.rs"]
mod sajan;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/authentication.rs"]
mod sejour;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/recursion.rs"]
mod recursion;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/arrays.rs"]
mod arrays;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/derived.rs"]
mod derived;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/custom.rs"]
mod custom;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/choice.rs"]
mod choice;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/substitution.rs"]
mod substitution;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/headers.rs"]
mod headers;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/faults.rs"]
mod faults;

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/rpc_encoded.rs"]
mod rpc_encoded;

/// The user's types the `custom` golden maps `{urn:soapgen:custom}Money`
/// and `Sku` to (`Builder::extern_type`): what the README documents an
/// extern type must implement, and nothing more.
mod money {
    use soapgen_runtime::xml::{Decode, Element, Encode, Reader, TextValue, Writer};
    use soapgen_runtime::{DecodeError, DecodeErrorKind};
    use std::borrow::Cow;

    /// An amount in cents (the schema says `xs:decimal`).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct Money {
        pub cents: i64,
        pub currency: String,
    }

    const NS: &str = "urn:soapgen:custom";

    impl Encode for Money {
        fn encode_content(&self, w: &mut Writer) {
            let amount = format!("{}.{:02}", self.cents / 100, self.cents % 100);
            w.element(NS, "Amount", amount.as_str());
            w.element(NS, "Currency", self.currency.as_str());
        }
    }

    impl Decode for Money {
        fn decode(r: &mut Reader<'_>, _el: &Element<'_>) -> Result<Self, DecodeError> {
            let mut m = Money::default();
            while let Some(child) = r.next_child()? {
                match child.local() {
                    "Amount" => {
                        let text = r.read_text(&child)?;
                        let (units, frac) = text.split_once('.').unwrap_or((&text, "0"));
                        let parse = |s: &str| s.trim().parse::<i64>();
                        match (parse(units), parse(&format!("{frac:0<2}")[..2])) {
                            (Ok(u), Ok(f)) => m.cents = u * 100 + f,
                            _ => {
                                return Err(r.invalid_value(
                                    &child,
                                    DecodeErrorKind::InvalidValue {
                                        xsd_type: "decimal",
                                    },
                                    &text,
                                ))
                            }
                        }
                    }
                    "Currency" => m.currency = r.read_text(&child)?.into_owned(),
                    _ => r.skip(&child)?,
                }
            }
            Ok(m)
        }
    }

    /// A stock-keeping unit (`xs:string` with a pattern).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
    pub struct Sku(pub String);

    impl TextValue for Sku {
        fn to_text(&self) -> Cow<'_, str> {
            Cow::Borrowed(&self.0)
        }
        fn from_text(s: &str) -> Result<Self, DecodeErrorKind> {
            Ok(Sku(s.to_owned()))
        }
    }

    impl Encode for Sku {
        fn encode_content(&self, w: &mut Writer) {
            w.text(&self.0)
        }
    }

    impl Decode for Sku {
        fn decode(r: &mut Reader<'_>, el: &Element<'_>) -> Result<Self, DecodeError> {
            r.decode_text(el)
        }
    }
}

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "golden/features/encoded.rs"]
mod encoded;

#[test]
fn clients_exist_per_port_with_the_wsdl_address_as_default() {
    assert_eq!(
        sajan::AuthenticationServiceSoap::DEFAULT_ENDPOINT,
        "https://enterpriseservices.acolad.com/AuthenticationService.asmx"
    );
    assert_eq!(
        sajan::AuthenticationServiceSoap12::default()
            .client()
            .endpoint(),
        sajan::AuthenticationServiceSoap12::DEFAULT_ENDPOINT
    );
    assert_eq!(
        sejour::AuthenticationSoap::DEFAULT_ENDPOINT,
        "https://partners.teddykam.com/sws/Authentication.asmx"
    );
    let _ = sejour::AuthenticationSoap12::new("http://127.0.0.1:1/");
}

#[test]
fn types_have_the_documented_shape() {
    let r = sajan::AuthenticationResponse {
        is_valid_token: true,
        access_token: None,
        security_guid: None,
        user_id: 42,
        service_instance_user: Some(sajan::ServiceInstanceUser {
            instance_id: 7,
            ..Default::default()
        }),
    };
    assert_eq!(r.clone(), r);
    let _empty: sejour::LogoutResponse = Default::default();
}

/// Recursive types: the wrapper parameter and result are boxed exactly as
/// the wrapper's fields, the header and fault types are plain recursive
/// structs that encode and decode at any (allowed) depth.
#[test]
fn recursive_parameters_results_headers_and_faults() {
    use recursion::{GraphSoap, Node, Walk, WalkResponse};
    use soapgen_runtime::xml::{decode_element, encode_element, Limits};

    let leaf = |label: &str| Node {
        label: label.into(),
        next: None,
        children: Vec::new(),
    };
    let node = Node {
        label: "root".into(),
        next: Some(Box::new(Node {
            next: Some(Box::new(leaf("c"))),
            ..leaf("b")
        })),
        children: vec![leaf("x"), leaf("y")],
    };
    // The shared operation function takes exactly these shapes.
    let nested: Option<Box<Walk>> = Some(Box::new(Walk {
        walk: None,
        start: leaf("inner"),
    }));
    let client = GraphSoap::new("http://127.0.0.1:1/graph");
    let call = client.walk(nested, node.clone(), Some(node.clone()));
    drop(call);
    let _result: fn(WalkResponse) -> Option<Box<WalkResponse>> = |r| r.walk_response;

    // The fault detail type round-trips through XML, recursion included.
    let xml = encode_element("urn:soapgen:recursion", "Loop", &node);
    let back: Node = decode_element(
        xml.as_bytes(),
        "urn:soapgen:recursion",
        "Loop",
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(back, node);
    assert_eq!(back.next.unwrap().next.unwrap().label, "c");
}

/// Arrays: `ArrayOfX` wrappers are `Vec<X>` in fields, choice alternatives,
/// parameters, headers and results, `ArrayOfArrayOfX` is `Vec<Vec<X>>`; the wrapper element stays on the wire,
/// nil items are `None`, an empty optional array is left out and an absent
/// or nil one is empty.
#[test]
fn array_wrappers_are_vecs() {
    use arrays::{CatalogSoap, Query, QueryChoice, SearchResponse, SearchTerm};
    use soapgen_runtime::xml::{decode_element, encode_element, Limits};

    const NS: &str = "urn:soapgen:arrays";
    let query = Query {
        terms: vec![
            Some(SearchTerm {
                text: Some("rust".into()),
                weight: 2,
            }),
            None,
        ],
        tags: vec!["a".into(), "b".into()],
        synonyms: vec![vec!["car".into(), "auto".into()], vec![]],
        choice: Some(QueryChoice::Ids(vec!["7".into(), "8".into()])),
    };
    let xml = encode_element(NS, "query", &query);
    assert!(
        xml.contains(
            "<Synonyms><ArrayOfstring><string>car</string><string>auto</string></ArrayOfstring>\
             <ArrayOfstring/></Synonyms>"
        ),
        "{xml}"
    );
    assert!(
        xml.contains("<Ids><string>7</string><string>8</string></Ids>"),
        "{xml}"
    );
    assert!(
        xml.contains(
            "<Terms><SearchTerm><Text>rust</Text><Weight>2</Weight></SearchTerm><SearchTerm "
        ) && xml.contains(" xsi:nil=\"true\"/></Terms>"),
        "{xml}"
    );
    assert!(
        xml.contains("<Tags><string>a</string><string>b</string></Tags>"),
        "{xml}"
    );
    let back: Query = decode_element(xml.as_bytes(), NS, "query", &Limits::default()).unwrap();
    assert_eq!(back, query);
    // Optional and empty: not written; required and empty: an empty wrapper.
    let empty = encode_element(NS, "query", &Query::default());
    assert!(!empty.contains("Terms"), "{empty}");
    assert!(
        empty.contains("<Tags/>") || empty.contains("<Tags></Tags>"),
        "{empty}"
    );
    // Absent or nil arrays decode as empty.
    let r: SearchResponse = decode_element(
        format!("<r xmlns=\"{NS}\"><SearchResult xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\" i:nil=\"true\"/></r>").as_bytes(),
        NS,
        "r",
        &Limits::default(),
    )
    .unwrap();
    assert!(r.search_result.is_empty());
    // The client takes and returns vectors.
    let client = CatalogSoap::default();
    let call = client.search(Some(query), vec!["id".into()]);
    let _: fn(SearchResponse) -> Vec<String> = |r| r.search_result;
    drop(call);
}

/// Arrays as bare parts, request and response headers and a bare result:
/// the caller gives and gets `Vec`s, the wrapper elements are on the wire
/// (a request header with no items is not sent).
#[test]
fn array_parts_and_headers_are_vecs_on_the_wire() {
    use arrays::blocking::CatalogSoap;

    let server = soap_server(
        200,
        "<Notes xmlns=\"urn:soapgen:arrays\"><string>n1</string><string>n2</string></Notes>",
        "<Stems xmlns=\"urn:soapgen:arrays\"><string>run</string></Stems>",
    );
    let client = CatalogSoap::new(server.url("/catalog"));
    let (stems, headers) = client
        .stem_with_headers(vec!["running".into(), "ran".into()], vec!["en".into()])
        .unwrap();
    assert_eq!(stems, vec!["run".to_string()]);
    assert_eq!(
        headers.notes_header,
        vec!["n1".to_string(), "n2".to_string()]
    );
    let sent = server.requests()[0].body_text();
    assert!(
        sent.contains("<string>running</string><string>ran</string></Words>")
            && sent.contains("<string>en</string></Locales>"),
        "{sent}"
    );
    assert_eq!(
        client.stem(vec![], vec![]).unwrap(),
        vec!["run".to_string()]
    );
    let sent = server.requests()[1].body_text();
    assert!(
        !sent.contains("Locales") && sent.contains("Words"),
        "{sent}"
    );
}

/// Derived types: requests are built with `..Default::default()` even when
/// they hold derived-type enums (the base is the default), and any derived
/// value converts into its enum with `into()`; the wire carries `xsi:type`.
#[test]
fn derived_type_enums_have_default_and_from() {
    use derived::{AnimalKind, Circle, Dog, Drawing, ShapeKind, Square};
    use soapgen_runtime::xml::{decode_element, encode_element, Limits};

    let drawing = Drawing {
        main: Circle {
            radius: 2.0,
            ..Default::default()
        }
        .into(),
        others: vec![
            Square {
                side: 1.0,
                name: Some("sq".into()),
            }
            .into(),
            ShapeKind::default(),
        ],
        ..Default::default()
    };
    assert_eq!(ShapeKind::default(), ShapeKind::Shape(Default::default()));
    assert!(drawing.pet.is_none());
    let pet: AnimalKind = Dog {
        legs: 4,
        breed: "collie".into(),
    }
    .into();
    let drawing = Drawing {
        pet: Some(pet),
        ..drawing
    };
    const NS: &str = "urn:soapgen:derived";
    let xml = encode_element(NS, "d", &drawing);
    assert!(xml.contains(":type=\""), "{xml}");
    let back: Drawing = decode_element(xml.as_bytes(), NS, "d", &Limits::default()).unwrap();
    assert_eq!(back, drawing);
}

/// Every request-side type has `Default`, so a request is built from the
/// fields that matter: a required choice defaults to its first alternative,
/// an enumeration to its first value, a derived-type enum with an abstract
/// base to its first derived type.
#[test]
fn request_types_with_choices_enums_and_abstract_bases_have_default() {
    let pay = choice::Pay {
        amount: 5,
        ..Default::default()
    };
    assert_eq!(pay.choice, choice::PayChoice::Card(Default::default()));
    assert_eq!(
        choice::PayChoice2::default(),
        choice::PayChoice2::Email(String::new())
    );
    assert_eq!(custom::Status::default(), custom::Status::Open);
    assert_eq!(custom::Status::default().as_str(), "open");
    assert_eq!(
        derived::AnimalKind::default(),
        derived::AnimalKind::Cat(Default::default())
    );
}

/// Customisation: the renamed type carries the extra derives (it goes in a
/// `HashSet`) and the user's extern types are used in fields, parameters
/// and results, on the wire as the schema says.
#[test]
fn customised_types_use_the_users_types() {
    use custom::{Line, PurchaseOrder, ShopSoap, Status};
    use money::{Money, Sku};
    use soapgen_runtime::xml::{decode_element, encode_element, Limits};
    use std::collections::HashSet;

    let order = PurchaseOrder {
        id: "A-1".into(),
        status: Status::Open,
        lines: vec![Line {
            sku_ref: Some(Sku("ABC-1".into())),
            sku: Sku("ABC-1".into()),
            quantity: 2,
            price: Money {
                cents: 1250,
                currency: "EUR".into(),
            },
        }],
    };
    let mut set = HashSet::new();
    set.insert(order.clone());
    assert!(set.contains(&order));
    assert!(Status::Open < Status::Shipped);
    let xml = encode_element("urn:soapgen:custom", "order", &order);
    assert!(
        xml.contains("ref=\"ABC-1\"")
            && xml.contains("<Sku>ABC-1</Sku>")
            && xml.contains("<Price><Amount>12.50</Amount><Currency>EUR</Currency></Price>"),
        "{xml}"
    );
    let r: custom::PlaceOrderResponse = decode_element(
        b"<r xmlns=\"urn:soapgen:custom\"><Total><Amount>3.5</Amount><Currency>USD</Currency></Total></r>",
        "urn:soapgen:custom",
        "r",
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        r.total,
        Money {
            cents: 350,
            currency: "USD".into()
        }
    );
    // The client takes the renamed type and returns the user's type.
    let client = ShopSoap::default();
    let call = client.place_order(order);
    drop(call);
    let _: fn(custom::blocking::ShopSoap, PurchaseOrder) -> Result<Money, soapgen_runtime::Error> =
        |c, o| c.place_order(o);
}

/// rpc/encoded: a SOAP-ENC array says its items' type and number with
/// `SOAP-ENC:arrayType` (SOAP 1.1 §5.4.2), as a wrapper type and as an
/// unwrapped `Vec` member alike, and still decodes whatever its items' names.
#[test]
fn encoded_arrays_carry_soap_enc_array_type() {
    use encoded::{ArrayOfString, Path, Point};
    use soapgen_runtime::xml::{decode_element, encode_element, Limits};

    const ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
    let labels = ArrayOfString {
        item: vec!["a".into(), "<b>".into()],
    };
    assert_eq!(
        encode_element("", "labels", &labels),
        format!(
            "<labels xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:q1=\"{ENC}\" \
             q1:arrayType=\"xsd:string[2]\"><item>a</item><item>&lt;b&gt;</item></labels>"
        )
    );
    assert_eq!(
        encode_element("", "labels", &ArrayOfString::default()),
        format!(
            "<labels xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:q1=\"{ENC}\" \
             q1:arrayType=\"xsd:string[0]\"/>"
        )
    );
    let path = Path {
        name: "p".into(),
        tags: vec!["t".into()],
        points: vec![Point { x: 1, y: 2 }, Point { x: 3, y: -4 }],
    };
    let xml = encode_element("", "path", &path);
    assert_eq!(
        xml,
        format!(
            "<path><name>p</name>\
             <tags xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:q1=\"{ENC}\" \
             q1:arrayType=\"xsd:string[1]\"><item>t</item></tags>\
             <points xmlns:q2=\"urn:soapgen:encoded\" xmlns:q3=\"{ENC}\" \
             q3:arrayType=\"q2:Point[2]\"><item><x>1</x><y>2</y></item>\
             <item><x>3</x><y>-4</y></item></points></path>"
        )
    );
    let back: Path = decode_element(xml.as_bytes(), "", "path", &Limits::default()).unwrap();
    assert_eq!(back, path);
}

/// A loopback HTTP server answering every request with this SOAP 1.1
/// envelope (`status` 200, or 500 for a fault).
fn soap_server(status: u16, header: &str, body: &str) -> soapgen_testkit::http::Server {
    let envelope = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\
         <s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">\
         <s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    );
    soapgen_testkit::http::Server::start(move |_| {
        soapgen_testkit::http::Response::new(status)
            .header("Content-Type", "text/xml; charset=utf-8")
            .body(envelope.clone())
    })
}

/// Choices: a request is built by picking variants (an optional choice is
/// an `Option`), a response's choice is matched.
#[test]
fn choices_are_built_and_matched() {
    use choice::blocking::TillSoap;
    use choice::{Card, Pay, PayChoice, PayChoice2, PayResponseChoice};

    let server = soap_server(
        200,
        "",
        "<PayResponse xmlns=\"urn:soapgen:choice\"><Refusal><Reason>expired</Reason></Refusal></PayResponse>",
    );
    let till = TillSoap::new(server.url("/till"));
    let response = till
        .pay(Pay {
            amount: 5,
            choice: PayChoice::Card(Card {
                number: "4111".into(),
                expiry: "12/30".into(),
            }),
            choice2: Some(PayChoice2::Email("a@example.org".into())),
        })
        .unwrap();
    match response.choice {
        PayResponseChoice::Refusal(r) => assert_eq!(r.reason, "expired"),
        PayResponseChoice::Receipt(r) => panic!("expected a refusal, got receipt {r}"),
    }
    let sent = server.requests()[0].body_text();
    assert!(
        sent.contains("<Card><Number>4111</Number><Expiry>12/30</Expiry></Card>")
            && sent.contains("<Email>a@example.org</Email>")
            && !sent.contains("Phone"),
        "{sent}"
    );
    // A repeated alternative holds a Vec; the rest comes from Default (an
    // optional choice: none; a required one: its first alternative).
    let by_voucher = Pay {
        choice: PayChoice::Voucher(vec!["V1".into(), "V2".into()]),
        ..Default::default()
    };
    assert_eq!(by_voucher.choice2, None);
    assert!(matches!(Pay::default().choice, PayChoice::Card(_)));
}

/// Substitution groups: any member element stands for the (abstract) head,
/// chosen by its element name on the wire.
#[test]
fn substitution_group_members_are_variants() {
    use substitution::blocking::GarageSoap;
    use substitution::{CarType, Park, ParkResponseVehicle, ParkVehicle, TruckType};

    let server = soap_server(
        200,
        "",
        "<ParkResponse xmlns=\"urn:soapgen:substitution\"><Truck><Plate>T-1</Plate><Axles>3</Axles></Truck></ParkResponse>",
    );
    let garage = GarageSoap::new(server.url("/garage"));
    let parked = garage
        .park(Park {
            level: 2,
            vehicle: vec![
                ParkVehicle::Car(CarType {
                    plate: "C-1".into(),
                    seats: 5,
                }),
                ParkVehicle::Truck(TruckType {
                    plate: "T-1".into(),
                    axles: 3,
                }),
            ],
        })
        .unwrap();
    match parked.vehicle {
        Some(ParkResponseVehicle::Truck(t)) => assert_eq!((t.plate.as_str(), t.axles), ("T-1", 3)),
        other => panic!("expected a truck, got {other:?}"),
    }
    let sent = server.requests()[0].body_text();
    assert!(
        sent.contains("<Car><Plate>C-1</Plate><Seats>5</Seats></Car><Truck>"),
        "{sent}"
    );
}

/// Headers: the declared input header is a parameter (its secret redacted
/// in `Debug`), the declared output header comes back with the result.
#[test]
fn headers_are_parameters_and_results() {
    use headers::blocking::BankSoap;
    use headers::{Auth, Session};

    let server = soap_server(
        200,
        "<Session xmlns=\"urn:soapgen:headers\"><Id>s-9</Id><ExpiresIn>60</ExpiresIn></Session>",
        "<GetBalanceResponse xmlns=\"urn:soapgen:headers\"><Balance>120</Balance></GetBalanceResponse>",
    );
    let bank = BankSoap::new(server.url("/bank"));
    let auth = Auth {
        user: "ann".into(),
        token: "t0ps3cret".into(),
    };
    assert!(!format!("{auth:?}").contains("t0ps3cret"));
    let (balance, headers) = bank
        .get_balance_with_headers("ACC-1".into(), Some(auth.clone()))
        .unwrap();
    assert_eq!(balance, 120);
    let session: Session = headers.session_header.expect("the Session header");
    assert_eq!((session.id.as_str(), session.expires_in), ("s-9", 60));
    // Without the headers: the result alone.
    assert_eq!(bank.get_balance("ACC-1".into(), None).unwrap(), 120);
    let sent = server.requests()[0].body_text();
    let (head, body) = sent.split_once("Body").unwrap();
    assert!(
        head.contains("<User>ann</User><Token>t0ps3cret</Token>") && body.contains("ACC-1"),
        "{sent}"
    );
}

/// Typed faults: a declared fault's detail decodes into its generated type.
#[test]
fn typed_faults_decode_their_detail() {
    use faults::blocking::AtmSoap;
    use faults::{AccountLocked, InsufficientFunds};

    let server = soap_server(
        500,
        "",
        "<s:Fault><faultcode>s:Client</faultcode><faultstring>no funds</faultstring>\
         <detail><InsufficientFunds xmlns=\"urn:soapgen:faults\"><Balance>10</Balance>\
         <Requested>50</Requested></InsufficientFunds></detail></s:Fault>",
    );
    let atm = AtmSoap::new(server.url("/atm"));
    let err = atm.withdraw("ACC-1".into(), 50).unwrap_err();
    let fault = err.as_fault().expect("a SOAP fault");
    assert_eq!(fault.reason, "no funds");
    assert_eq!(fault.operation, Some("Withdraw"));
    // The generated types know their detail elements: no strings.
    let funds = fault
        .detail::<InsufficientFunds>()
        .unwrap()
        .expect("the InsufficientFunds detail");
    assert_eq!((funds.balance, funds.requested), (10, 50));
    assert!(fault.detail::<AccountLocked>().unwrap().is_none());
    // `detail_as` with the element's name still works.
    let same: Option<InsufficientFunds> = fault
        .detail_as("urn:soapgen:faults", "InsufficientFunds")
        .unwrap();
    assert_eq!(same, Some(funds));
}

/// rpc/encoded: parts are parameters, values carry `xsi:type`, a SOAP-ENC
/// array part and result are `Vec`s (the array keeps its wrapper element
/// and `SOAP-ENC:arrayType` on the wire).
#[test]
fn rpc_encoded_parts_are_parameters() {
    use rpc_encoded::blocking::PlotterBinding;
    use rpc_encoded::Point;

    let server = soap_server(
        200,
        "",
        "<ns:shiftResponse xmlns:ns=\"urn:soapgen:rpc\" \
         xmlns:enc=\"http://schemas.xmlsoap.org/soap/encoding/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <result xsi:type=\"enc:Array\" enc:arrayType=\"ns:Point[1]\">\
         <item xsi:type=\"ns:Point\"><x>4</x><y>2</y></item></result></ns:shiftResponse>",
    );
    let plotter = PlotterBinding::new(server.url("/plotter"));
    let points = plotter
        .shift(vec![Point { x: 1, y: 2 }], 3, "move".into())
        .unwrap();
    assert_eq!(points, vec![Point { x: 4, y: 2 }]);
    let sent = server.requests()[0].body_text();
    assert!(
        sent.contains("encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"")
            && sent.contains(":type=\"")
            && sent.contains(">move</label>")
            && sent.contains(":arrayType=\"")
            && sent.contains("<x>1</x><y>2</y></item></points>"),
        "{sent}"
    );
}
