//! Clients generated from corpus WSDLs (`../shared/corpus`) against zeep, the reference
//! Python SOAP stack, in both directions:
//!
//! - request: the envelope our generated client sends (captured by an in-process recording
//!   server) equals the one zeep builds for the same arguments, as XML (namespaces
//!   resolved, prefixes free), and the `Content-Type` / `SOAPAction` headers agree;
//! - response: the server answers with the envelope zeep serializes for given values, and
//!   the generated client decodes it to those values.
//!
//! Styles covered: ASMX (SOAP 1.1 and 1.2, SOAP header, arrays), WCF (BasicHttpBinding and
//! WSHttpBinding, imports, serialization types, `xsi:type` for a derived type),
//! rpc/literal with SOAP headers and attributes, rpc/encoded (structs, enumerations),
//! document/literal with SOAP headers, SOAP 1.2 only, document/literal bare, XSD value
//! types (dates, durations, decimals, base64, integer ranges).
//!
//! Known differences are handled explicitly per operation ([`Quirks`]), each one asserted
//! to still exist so that the list stays true. A missing zeep venv fails the tests.

#[path = "../../../examples/tests/interop/zeep.rs"]
mod zeep;

use std::fmt::Debug;
use std::path::PathBuf;
use std::sync::Arc;

use corpus_clients::*;
use examples::server::{Response, Server};
use serde_json::{json, Value};
use soapgen_runtime::xml::TextValue;
use soapgen_runtime::Error;
use zeep::{repo_root, Envelope, Zeep};

const SPECIAL: &str = "a<b&c>d\"e'f Zoë 東京 😀";
const WSA: &str = "http://www.w3.org/2005/08/addressing";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

fn corpus() -> PathBuf {
    let dir = repo_root().join("../shared/corpus");
    assert!(
        dir.join("MANIFEST.tsv").is_file(),
        "the shared corpus is missing: {} (it sits beside the repository)",
        dir.display()
    );
    dir
}

/// Where zeep's WS-Addressing headers (`wsa:Action`, `wsa:MessageID`, `wsa:To`) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wsa {
    /// zeep sends none, nor do we.
    Absent,
    /// zeep adds them whenever the portType carries `wsaw:Action`, even for a WCF
    /// BasicHttpBinding that does not use WS-Addressing (no `wsaw:UsingAddressing`):
    /// zeep is over-eager, we are right to send none.
    ZeepOnly,
    /// The binding's policy has `wsaw:UsingAddressing` (WCF WSHttpBinding): the service
    /// requires them and both send them (we also send `ReplyTo` anonymous and
    /// `mustUnderstand`, as WCF does). The `Action` values must agree; message ids differ.
    Both,
}

/// Known differences between zeep and us for one operation. Each is removed before
/// comparing, after asserting that it is still there (so that this list stays true).
#[derive(Debug, Clone, Copy)]
struct Quirks {
    wsa: Wsa,
    /// zeep's rpc response wrapper is named after the output *message*
    /// (`getExchangeRateOut`), not `<operation>Response` as WS-I BP R2729 requires (zeep
    /// is wrong). Our client only accepts `<operation>Response` (stricter than SOAP 1.1
    /// §7.1, which calls the name not significant), so it is renamed before decoding.
    zeep_rpc_wrapper: Option<(&'static str, &'static str)>,
    /// rpc/encoded: zeep writes encoded messages as literal ones (no `soap:encodingStyle`,
    /// no `xsi:type`: zeep is wrong); ours carry both. Those attributes are ignored.
    encoded: bool,
    /// SOAP 1.2 operation without a soapAction: zeep sends
    /// `Content-Type: application/soap+xml; charset=utf-8; action="None"` (Python's
    /// `None` formatted into the header: zeep is wrong); we send no `action` parameter.
    zeep_action_none: bool,
}

impl Quirks {
    const NONE: Quirks = Quirks {
        wsa: Wsa::Absent,
        zeep_rpc_wrapper: None,
        encoded: false,
        zeep_action_none: false,
    };
}

/// One operation of one port of a corpus WSDL.
#[derive(Debug, Clone, Copy)]
struct Op {
    /// `<corpus entry>/<wsdl>`.
    wsdl: &'static str,
    service: Option<&'static str>,
    port: Option<&'static str>,
    operation: &'static str,
    quirks: Quirks,
}

fn op(wsdl: &'static str, port: Option<&'static str>, operation: &'static str) -> Op {
    Op {
        wsdl,
        service: None,
        port,
        operation,
        quirks: Quirks::NONE,
    }
}

impl Op {
    fn quirks(mut self, quirks: Quirks) -> Op {
        self.quirks = quirks;
        self
    }

    fn service(mut self, service: &'static str) -> Op {
        self.service = Some(service);
        self
    }

    fn zeep(&self, response: bool) -> Zeep {
        let wsdl = corpus().join(self.wsdl);
        let mut z = if response {
            Zeep::response(wsdl, self.operation)
        } else {
            Zeep::request(wsdl, self.operation)
        };
        z = z.urlmap(corpus().join("URLMAP.tsv"));
        if let Some(s) = self.service {
            z = z.service(s);
        }
        if let Some(p) = self.port {
            z = z.port(p);
        }
        z
    }

    /// Calls the operation with `call` against a server that answers zeep's response for
    /// `values`; asserts that the request equals zeep's for `args` and that the result is
    /// `want`.
    async fn check<T: PartialEq + Debug>(
        &self,
        args: Value,
        values: Value,
        want: T,
        call: impl AsyncFnOnce(&str) -> Result<T, Error>,
    ) {
        let what = format!("{} {:?} {}", self.wsdl, self.port, self.operation);
        let request = self.zeep(false).args(&args).run();
        let mut response = self.zeep(true).values(&values).run();
        if let Some((zeeps, ours)) = self.quirks.zeep_rpc_wrapper {
            assert!(
                response.xml.contains(&format!(":{zeeps} ")),
                "{what}: zeep no longer names the rpc response wrapper {zeeps}:\n{}",
                response.xml
            );
            response.xml = response
                .xml
                .replace(&format!(":{zeeps} "), &format!(":{ours} "));
            response.xml = response
                .xml
                .replace(&format!(":{zeeps}>"), &format!(":{ours}>"));
        }
        let server = canned(&response).await;
        let got = call(&server.url).await;
        let exchanges = server.take_exchanges();
        assert_eq!(exchanges.len(), 1, "{what}: one exchange expected");
        let ours = &exchanges[0].request;
        self.assert_same_request(ours, &request, &what);
        match got {
            Ok(got) => assert_eq!(
                got, want,
                "{what}: zeep's response for {values} decoded to another value:\n{}",
                response.xml
            ),
            Err(e) => panic!(
                "{what}: zeep's response for {values} does not decode: {e:?} ({e})\n{}",
                response.xml
            ),
        }
    }

    #[track_caller]
    fn assert_same_request(&self, ours: &examples::server::Request, theirs: &Envelope, what: &str) {
        let mut zeep = canonical(&theirs.xml);
        let mut mine = canonical(&ours.body);
        if self.quirks.wsa == Wsa::Both {
            let action = |c: &str| {
                let mut lines = c.lines();
                lines.find(|l| {
                    l.trim_start()
                        .starts_with("{http://www.w3.org/2005/08/addressing}Action")
                })?;
                lines.next().map(str::trim).map(str::to_string)
            };
            assert!(
                action(&mine).is_some() && action(&mine) == action(&zeep),
                "{what}: WS-Addressing Action differs or is missing.\n--- ours:\n{}\n--- zeep:\n{}",
                ours.body,
                theirs.xml
            );
            mine = strip_wsa(&mine);
        }
        if self.quirks.wsa != Wsa::Absent {
            let stripped = strip_wsa(&zeep);
            assert_ne!(
                stripped, zeep,
                "{what}: zeep no longer adds WS-Addressing headers:\n{}",
                theirs.xml
            );
            zeep = stripped;
        }
        if self.quirks.encoded {
            let stripped = strip_encoding(&mine);
            assert_ne!(
                stripped, mine,
                "{what}: our rpc/encoded request has no encodingStyle/xsi:type:\n{}",
                ours.body
            );
            mine = stripped;
            zeep = strip_encoding(&zeep);
        }
        assert_eq!(
            mine, zeep,
            "{what}: our request differs from zeep's.\n--- ours:\n{}\n--- zeep:\n{}",
            ours.body, theirs.xml
        );
        let soap12 = theirs
            .header("content-type")
            .is_some_and(|c| c.starts_with("application/soap+xml"));
        let mut content_type = theirs.header("content-type").map(str::to_string);
        if self.quirks.zeep_action_none {
            let bug = "; action=\"None\"";
            assert!(
                content_type.as_deref().is_some_and(|c| c.ends_with(bug)),
                "{what}: zeep no longer sends action=\"None\": {content_type:?}"
            );
            content_type = content_type.map(|c| c.trim_end_matches(bug).to_string());
        }
        assert_eq!(
            ours.header("content-type"),
            content_type.as_deref(),
            "{what}: Content-Type"
        );
        if soap12 {
            // zeep also sends SOAPAction with SOAP 1.2; the 1.2 HTTP binding uses only the
            // Content-Type's action parameter (compared above), and we send none.
            assert_eq!(
                ours.header("soapaction"),
                None,
                "{what}: SOAPAction with SOAP 1.2"
            );
        } else {
            assert_eq!(
                ours.header("soapaction"),
                theirs.header("soapaction"),
                "{what}: SOAPAction"
            );
        }
    }
}

/// `soapgen_testkit::xml::canonical`, with `xsi:type` values (QNames) resolved to `{namespace}local`, so
/// that their prefixes do not matter either.
fn canonical(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not XML ({e}):\n{xml}"));
    let mut resolved = doc.descendants().filter_map(|n| {
        let value = n.attribute((XSI, "type"))?;
        let (prefix, local) = value.split_once(':').unwrap_or(("", value));
        let prefix = (!prefix.is_empty()).then_some(prefix);
        Some(format!(
            "{{{}}}{local}",
            n.lookup_namespace_uri(prefix).unwrap_or("")
        ))
    });
    let attr = format!(" {{{XSI}}}type=");
    let lines: Vec<String> = soapgen_testkit::xml::canonical(xml)
        .lines()
        .map(|line| match line.find(&attr) {
            Some(at) => {
                let value = at + attr.len();
                let end = line[value + 1..]
                    .find('"')
                    .map_or(line.len(), |i| value + i + 2);
                let name = resolved
                    .next()
                    .expect("as many xsi:type as in the canonical form");
                format!("{}{:?}{}", &line[..value], name, &line[end..])
            }
            None => line.to_string(),
        })
        .collect();
    lines.join("\n") + "\n"
}

/// Removes WS-Addressing elements (and a Header left empty) from a canonical form.
fn strip_wsa(canonical: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let mut skip_deeper_than: Option<usize> = None;
    for line in canonical.lines() {
        let depth = line.len() - line.trim_start().len();
        if let Some(d) = skip_deeper_than {
            if depth > d {
                continue;
            }
            skip_deeper_than = None;
        }
        if line.trim_start().starts_with(&format!("{{{WSA}}}")) {
            skip_deeper_than = Some(depth);
            continue;
        }
        out.push(line);
    }
    // A Header whose children were all removed: the next line is not deeper.
    let mut result = Vec::new();
    for (i, line) in out.iter().enumerate() {
        let depth = line.len() - line.trim_start().len();
        let next_depth = out.get(i + 1).map_or(0, |n| n.len() - n.trim_start().len());
        if line.trim_start().ends_with("}Header") && next_depth <= depth {
            continue;
        }
        result.push(*line);
    }
    result.join("\n") + "\n"
}

/// Drops `soap:encodingStyle` and `xsi:type` attributes from a canonical form.
fn strip_encoding(canonical: &str) -> String {
    const STYLE: &str = "{http://schemas.xmlsoap.org/soap/envelope/}encodingStyle";
    const XSI_TYPE: &str = "{http://www.w3.org/2001/XMLSchema-instance}type";
    let lines: Vec<String> = canonical
        .lines()
        .map(|l| remove_attr(&remove_attr(l, STYLE), XSI_TYPE))
        .collect();
    lines.join("\n") + "\n"
}

/// Removes ` {ns}name="value"` from a canonical line (the values removed here, URIs and
/// QNames, never contain a quote).
fn remove_attr(line: &str, name: &str) -> String {
    let needle = format!(" {name}=\"");
    let Some(start) = line.find(&needle) else {
        return line.to_string();
    };
    let value = start + needle.len();
    let end = line[value..]
        .find('"')
        .map_or(line.len(), |i| value + i + 1);
    format!("{}{}", &line[..start], &line[end..])
}

/// An XSD value type (`soapgen_runtime::xsd::DateTime`, `Decimal`, ...) from its lexical
/// form.
fn x<T: TextValue>(lexical: &str) -> T {
    T::from_text(lexical).unwrap_or_else(|e| panic!("{lexical}: {e:?}"))
}

/// A server that answers every request with `envelope`.
async fn canned(envelope: &Envelope) -> Server {
    let response = Response {
        status: 200,
        content_type: envelope
            .header("content-type")
            .expect("zeep's Content-Type")
            .to_string(),
        body: envelope.xml.clone(),
    };
    Server::start("/svc", Arc::new(move |_| response.clone()))
        .await
        .expect("start the canned server")
}

// ---------------------------------------------------------------------------------------
// ASMX
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn asmx_calculator_add_both_versions() {
    use calculator::{CalculatorSoap, CalculatorSoap12};
    let args = json!({"intA": 2147483647, "intB": -2147483648i64});
    let values = json!({"AddResult": -1});
    op(
        "asmx-calculator/calculator.wsdl",
        Some("CalculatorSoap"),
        "Add",
    )
    .check(args.clone(), values.clone(), -1, async |url| {
        CalculatorSoap::new(url).add(i32::MAX, i32::MIN).await
    })
    .await;
    op(
        "asmx-calculator/calculator.wsdl",
        Some("CalculatorSoap12"),
        "Add",
    )
    .check(args, values, -1, async |url| {
        CalculatorSoap12::new(url).add(i32::MAX, i32::MIN).await
    })
    .await;
}

#[tokio::test]
async fn asmx_global_weather_both_versions() {
    use global_weather::{GlobalWeatherSoap, GlobalWeatherSoap12};
    let wsdl = "asmx-globalweather/GlobalWeather.wsdl";
    let xml = "<CurrentWeather><Location>Zoë</Location></CurrentWeather>";
    for port in ["GlobalWeatherSoap", "GlobalWeatherSoap12"] {
        let soap12 = port.ends_with("12");
        op(wsdl, Some(port), "GetWeather")
            .check(
                json!({"CityName": SPECIAL, "CountryName": ""}),
                json!({"GetWeatherResult": xml}),
                Some(xml.to_string()),
                async |url| {
                    let (city, country) = (Some(SPECIAL.to_string()), Some(String::new()));
                    if soap12 {
                        GlobalWeatherSoap12::new(url)
                            .get_weather(city, country)
                            .await
                    } else {
                        GlobalWeatherSoap::new(url).get_weather(city, country).await
                    }
                },
            )
            .await;
        // Absent optional arguments and result.
        op(wsdl, Some(port), "GetCitiesByCountry")
            .check(json!({}), json!({}), None, async |url| {
                if soap12 {
                    GlobalWeatherSoap12::new(url)
                        .get_cities_by_country(None)
                        .await
                } else {
                    GlobalWeatherSoap::new(url)
                        .get_cities_by_country(None)
                        .await
                }
            })
            .await;
    }
}

/// ASMX with a SOAP header (`APIAccessHeader`) and an array of structs in the response;
/// zeep writes the absent nillable `PublishDate` of the second item as `xsi:nil`. (zeep
/// drops `None` list items instead of writing them nil, so nil items are not covered.)
#[tokio::test]
async fn asmx_ferries_header_and_array() {
    use ferries::{AlertResponse, ApiAccessHeader, WsfX0020ScheduleSoap as Port};
    let alert = json!({"BulletinID": 7, "BulletinFlag": true, "BulletinText": SPECIAL, "CommunicationFlag": false,
        "RouteAlertFlag": false, "PublishDate": "2024-02-29T08:00:00", "AllRoutesFlag": true, "SortSeq": -1, "AlertTypeID": 3});
    let minimal = json!({"BulletinID": 0, "BulletinFlag": false, "CommunicationFlag": true,
        "RouteAlertFlag": true, "AllRoutesFlag": false, "SortSeq": 0, "AlertTypeID": 0});
    // The ArrayOfAlertResponse wrapper is a Vec of (nillable) items.
    let want = vec![
        Some(AlertResponse {
            bulletin_id: 7,
            bulletin_flag: true,
            bulletin_text: Some(SPECIAL.into()),
            publish_date: Some(x("2024-02-29T08:00:00")),
            all_routes_flag: true,
            sort_seq: -1,
            alert_type_id: 3,
            ..AlertResponse::default()
        }),
        Some(AlertResponse {
            communication_flag: true,
            route_alert_flag: true,
            ..AlertResponse::default()
        }),
    ];
    op(
        "asmx-wsdot-ferries/ferry.wsdl",
        Some("WSF_x0020_ScheduleSoap"),
        "GetAllAlerts",
    )
    .check(
        json!({"_soapheaders": {"APIAccessHeader": {"APIAccessCode": "k&y"}}}),
        json!({"GetAllAlertsResult": {"AlertResponse": [alert, minimal]}}),
        want,
        async |url| {
            let header = ApiAccessHeader {
                api_access_code: Some("k&y".into()),
            };
            Port::new(url).get_all_alerts(Some(header)).await
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------
// WCF
// ---------------------------------------------------------------------------------------

const WCF: Quirks = Quirks {
    wsa: Wsa::ZeepOnly,
    ..Quirks::NONE
};

#[tokio::test]
async fn wcf_service1_with_imports() {
    use service1::{BasicHttpBindingIService1, Offer, Order, OrderKind};
    let wsdl = "wcf-service1-imports/Service1.wsdl";
    op(wsdl, None, "order")
        .quirks(WCF)
        .check(
            json!({"order": {"orderClassMember": SPECIAL}}),
            json!({"orderResult": 42}),
            Some(42),
            async |url| {
                let order = Order {
                    order_class_member: Some(SPECIAL.into()),
                };
                BasicHttpBindingIService1::new(url)
                    .order(Some(OrderKind::Order(order)))
                    .await
            },
        )
        .await;
    // A derived type where its base is declared: xsi:type="offer".
    op(wsdl, None, "order")
        .quirks(WCF)
        .check(
            json!({"order": {"_type": "{http://schemas.datacontract.org/2004/07/test_WCFService}offer",
                "orderClassMember": "a", "offerClassMember": SPECIAL}}),
            json!({"orderResult": -1}),
            Some(-1),
            async |url| {
                let offer = Offer {
                    order_class_member: Some("a".into()),
                    offer_class_member: Some(SPECIAL.into()),
                };
                BasicHttpBindingIService1::new(url)
                    .order(Some(OrderKind::Offer(offer)))
                    .await
            },
        )
        .await;
    op(wsdl, None, "offer")
        .quirks(WCF)
        .check(
            json!({"offer": {"offerClassMember": "o"}}),
            json!({}),
            None,
            async |url| {
                let offer = Offer {
                    order_class_member: None,
                    offer_class_member: Some("o".into()),
                };
                BasicHttpBindingIService1::new(url).offer(Some(offer)).await
            },
        )
        .await;
}

#[tokio::test]
async fn wcf_base_data_types_document_literal_bare() {
    use base_data_types::BasicHttpBindingIBaseDataTypesDocLitB as Port;
    let wsdl = "wcf-interop-basedatatypes/BaseDataTypesDocLitB.wsdl";
    let o = |name| op(wsdl, None, name).quirks(WCF);
    o("RetInt")
        .check(json!([-7]), json!([i32::MAX]), i32::MAX, async |url| {
            Port::new(url).ret_int(-7).await
        })
        .await;
    o("RetLong")
        .check(
            json!([i64::MIN]),
            json!([i64::MAX]),
            i64::MAX,
            async |url| Port::new(url).ret_long(i64::MIN).await,
        )
        .await;
    o("RetULong")
        .check(json!([u64::MAX]), json!([0]), 0, async |url| {
            Port::new(url).ret_u_long(u64::MAX).await
        })
        .await;
    o("RetBool")
        .check(json!([true]), json!([false]), false, async |url| {
            Port::new(url).ret_bool(true).await
        })
        .await;
    o("RetDouble")
        .check(json!([0.1]), json!([-2.5e-300]), -2.5e-300, async |url| {
            Port::new(url).ret_double(0.1).await
        })
        .await;
    o("RetString")
        .check(
            json!([SPECIAL]),
            json!([SPECIAL]),
            Some(SPECIAL.to_string()),
            async |url| Port::new(url).ret_string(Some(SPECIAL.into())).await,
        )
        .await;
    o("RetShort")
        .check(
            json!([i16::MIN]),
            json!([i16::MAX]),
            i16::MAX,
            async |url| Port::new(url).ret_short(i16::MIN).await,
        )
        .await;
    o("RetByte")
        .check(json!([255]), json!([0]), 0u8, async |url| {
            Port::new(url).ret_byte(255).await
        })
        .await;
    o("RetSByte")
        .check(json!([-128]), json!([127]), 127i8, async |url| {
            Port::new(url).ret_s_byte(-128).await
        })
        .await;
    o("RetUInt")
        .check(json!([u32::MAX]), json!([1]), 1u32, async |url| {
            Port::new(url).ret_u_int(u32::MAX).await
        })
        .await;
    o("RetUShort")
        .check(json!([u16::MAX]), json!([2]), 2u16, async |url| {
            Port::new(url).ret_u_short(u16::MAX).await
        })
        .await;
    o("RetFloat")
        .check(json!([1.5]), json!([-0.25]), -0.25f32, async |url| {
            Port::new(url).ret_float(1.5).await
        })
        .await;
    o("RetSingle")
        .check(json!([3.0e10]), json!([0.5]), 0.5f32, async |url| {
            Port::new(url).ret_single(3.0e10).await
        })
        .await;
    o("RetChar")
        // ser:char is an int holding a code point: a Rust `char` both ways.
        .check(json!([65]), json!([0xE9]), 'é', async |url| {
            Port::new(url).ret_char('A').await
        })
        .await;
    o("RetDecimal")
        .check(
            json!(["-12345678901234567890.123456789"]),
            json!(["0.1"]),
            x("0.1"),
            async |url| {
                Port::new(url)
                    .ret_decimal(x("-12345678901234567890.123456789"))
                    .await
            },
        )
        .await;
    o("RetByteArray")
        .check(
            json!(["AAEC/w=="]),
            json!(["AAEC/w=="]),
            Some(x("AAEC/w==")),
            async |url| Port::new(url).ret_byte_array(Some(x("AAEC/w=="))).await,
        )
        .await;
    o("RetDateTime")
        .check(
            json!(["2024-02-29T23:59:59.125+01:00"]),
            json!(["2024-02-29T23:59:59Z"]),
            x("2024-02-29T23:59:59Z"),
            async |url| {
                Port::new(url)
                    .ret_date_time(x("2024-02-29T23:59:59.125+01:00"))
                    .await
            },
        )
        .await;
    o("RetTimeSpan")
        .check(
            json!(["P1DT2H"]),
            json!(["P1DT2H"]),
            x("P1DT2H"),
            async |url| Port::new(url).ret_time_span(x("P1DT2H")).await,
        )
        .await;
    o("RetUri")
        .check(
            json!(["urn:x?a=1&b=2"]),
            json!(["http://example.invalid/a b"]),
            Some("http://example.invalid/a b".to_string()),
            async |url| Port::new(url).ret_uri(Some("urn:x?a=1&b=2".into())).await,
        )
        .await;
    o("RetDateTimeOffset")
        .check(
            json!({"DateTime": "2024-02-29T12:00:00", "OffsetMinutes": -90}),
            json!({"DateTime": "2024-01-01T00:00:00", "OffsetMinutes": 60}),
            base_data_types::DateTimeOffset {
                date_time: x("2024-01-01T00:00:00"),
                offset_minutes: 60,
            },
            async |url| {
                let v = base_data_types::DateTimeOffset {
                    date_time: x("2024-02-29T12:00:00"),
                    offset_minutes: -90,
                };
                Port::new(url).ret_date_time_offset(v).await
            },
        )
        .await;
    o("RetGuid")
        .check(
            json!(["3f2504e0-4f89-41d3-9a0c-0305e82c3301"]),
            json!(["00000000-0000-0000-0000-000000000000"]),
            // ser:guid is a `Uuid`, not a patterned string.
            soapgen_runtime::xsd::Uuid::nil(),
            async |url| {
                Port::new(url)
                    .ret_guid(x("3F2504E0-4F89-41D3-9A0C-0305E82C3301"))
                    .await
            },
        )
        .await;
}

/// WCF with both a BasicHttpBinding (SOAP 1.1) and a WSHttpBinding whose policy has
/// `wsaw:UsingAddressing` (SOAP 1.2); an enumeration and elements of a second namespace.
#[tokio::test]
async fn wcf_partner_service_basic_and_ws_endpoints() {
    use partner_service::{
        Country, PartnerServiceBasicEndPoint, PartnerServiceWsEndPoint, SimpleIsMemberRequest,
        SimpleIsMemberResponse,
    };
    let wsdl = "wcf-partnerservice/PartnerService.local.wsdl";
    let args =
        json!({"request": {"Country": "Belgium", "MemberNumber": 5, "PartnerName": SPECIAL}});
    let values = json!({"SimpleIsMemberResult": {"IsMember": true}});
    let request = || SimpleIsMemberRequest {
        country: Some(Country::Belgium),
        member_number: Some(5),
        partner_name: Some(SPECIAL.into()),
        ..SimpleIsMemberRequest::default()
    };
    let want = Some(SimpleIsMemberResponse {
        is_member: Some(true),
    });
    op(wsdl, Some("PartnerServiceBasicEndPoint"), "SimpleIsMember")
        .quirks(WCF)
        .check(args.clone(), values.clone(), want.clone(), async |url| {
            PartnerServiceBasicEndPoint::new(url)
                .simple_is_member(Some(request()))
                .await
        })
        .await;
    op(wsdl, Some("PartnerServiceWSEndPoint"), "SimpleIsMember")
        .quirks(Quirks {
            wsa: Wsa::Both,
            ..Quirks::NONE
        })
        .check(args, values, want, async |url| {
            PartnerServiceWsEndPoint::new(url)
                .simple_is_member(Some(request()))
                .await
        })
        .await;
}

// ---------------------------------------------------------------------------------------
// rpc/literal, rpc/encoded, SOAP headers
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn rpc_literal_with_header_and_attributes_clearbooks() {
    use clearbooks::{AccountingPort, Authenticate, ExchangeRateRequest};
    op("clearbooks/clearbooks.wsdl", None, "getExchangeRate")
        .quirks(Quirks { zeep_rpc_wrapper: Some(("getExchangeRateOut", "getExchangeRateResponse")), ..Quirks::NONE })
        .check(
            json!({"exchangeRateRequest": {"baseCurrency": "GBP", "date": "2024-02-29T16:30:00Z", "targetCurrency": "EUR"},
                   "_soapheaders": {"authenticationHeader": {"apiKey": "k&y"}}}),
            json!({"return": 1.25}),
            Some(1.25),
            async |url| {
                let request = ExchangeRateRequest {
                    base_currency: Some("GBP".into()),
                    date: Some(x("2024-02-29T16:30:00Z")),
                    target_currency: "EUR".into(),
                };
                AccountingPort::new(url).get_exchange_rate(request, Some(Authenticate { api_key: "k&y".into() })).await
            },
        )
        .await;
}

#[tokio::test]
async fn rpc_literal_with_header_cxf() {
    use soapheader_rpc::{HeaderMessage, SoapRpcHeaderPort};
    op(
        "cxf-soapheader-rpc/soapheader_rpc.wsdl",
        None,
        "testHeader1",
    )
    .check(
        json!({"in": SPECIAL, "_soapheaders": {"inHeader": {"headerVal": "h<"}}}),
        json!({"out": "o"}),
        Some("o".to_string()),
        async |url| {
            let header = HeaderMessage {
                header_val: "h<".into(),
            };
            SoapRpcHeaderPort::new(url)
                .test_header1(SPECIAL.into(), Some(header))
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn rpc_encoded_ndfd() {
    use ndfd::NdfdXmlPort;
    op("ndfd-weather/ndfdXML.wsdl", None, "LatLonListZipCode")
        .quirks(Quirks {
            encoded: true,
            ..Quirks::NONE
        })
        .check(
            json!({"zipCodeList": "20910 25414"}),
            json!({"listLatLonOut": "<dwml/>"}),
            Some("<dwml/>".to_string()),
            async |url| {
                NdfdXmlPort::new(url)
                    .lat_lon_list_zip_code("20910 25414".into())
                    .await
            },
        )
        .await;
}

/// rpc/encoded with a 57-field struct (`xsd:all`), enumerations, decimals, dateTimes.
#[tokio::test]
async fn rpc_encoded_ndfd_struct_and_enums() {
    use ndfd::{NdfdXmlPort, ProductType, UnitType, WeatherParametersType};
    const FIELDS: &str = "maxt mint temp dew pop12 qpf sky snow wspd wdir wx waveh icons rh appt incw34 incw50 \
        incw64 cumw34 cumw50 cumw64 critfireo dryfireo conhazo ptornado phail ptstmwinds pxtornado pxhail \
        pxtstmwinds ptotsvrtstm pxtotsvrtstm tmpabv14d tmpblw14d tmpabv30d tmpblw30d tmpabv90d tmpblw90d \
        prcpabv14d prcpblw14d prcpabv30d prcpblw30d prcpabv90d prcpblw90d precipa_r sky_r td_r temp_r wdir_r \
        wspd_r wwa tstmprb tstmcat wgust iceaccum maxrh minrh";
    let on = ["maxt", "wx", "minrh"];
    let params: serde_json::Map<String, Value> = FIELDS
        .split_whitespace()
        .map(|f| (f.to_string(), Value::Bool(on.contains(&f))))
        .collect();
    let args = json!({"latitude": "38.99", "longitude": "-77.01", "product": "time-series",
        "startTime": "2024-02-29T00:00:00Z", "endTime": "2024-03-01T12:30:00-05:00", "Unit": "m",
        "weatherParameters": params});
    op("ndfd-weather/ndfdXML.wsdl", None, "NDFDgen")
        .quirks(Quirks {
            encoded: true,
            ..Quirks::NONE
        })
        .check(
            args,
            json!({"dwmlOut": SPECIAL}),
            Some(SPECIAL.to_string()),
            async |url| {
                let params = WeatherParametersType {
                    maxt: true,
                    wx: true,
                    minrh: true,
                    ..WeatherParametersType::default()
                };
                NdfdXmlPort::new(url)
                    .ndfd_gen(
                        x("38.99"),
                        x("-77.01"),
                        ProductType::TimeSeries,
                        x("2024-02-29T00:00:00Z"),
                        x("2024-03-01T12:30:00-05:00"),
                        UnitType::M,
                        params,
                    )
                    .await
            },
        )
        .await;
}

#[tokio::test]
async fn rpc_literal_in_out_header_cxf() {
    use soapheader_rpc::{HeaderMessage, SoapRpcHeaderPort};
    op(
        "cxf-soapheader-rpc/soapheader_rpc.wsdl",
        None,
        "testInOutHeader",
    )
    .check(
        json!({"in": "", "_soapheaders": {"inOutHeader": {"headerVal": SPECIAL}}}),
        json!({"out": SPECIAL}),
        Some(SPECIAL.to_string()),
        async |url| {
            let header = HeaderMessage {
                header_val: SPECIAL.into(),
            };
            SoapRpcHeaderPort::new(url)
                .test_in_out_header(String::new(), Some(header))
                .await
        },
    )
    .await;
}

#[tokio::test]
async fn document_literal_with_header_cxf() {
    use header_doc_lit::{HeaderInfo, SoapPort9000};
    op("cxf-header-doclit/header_doc_lit.wsdl", Some("SoapPort9000"), "inHeader")
        .service("SOAPHeaderService")
        .check(
            json!({"requestType": "r", "_soapheaders": {"header": {"originator": "me", "message": SPECIAL}}}),
            json!({"responseType": "done"}),
            "done".to_string(),
            async |url| {
                let header = HeaderInfo { originator: "me".into(), message: SPECIAL.into() };
                SoapPort9000::new(url).in_header("r".into(), Some(header)).await
            },
        )
        .await;
}

// ---------------------------------------------------------------------------------------
// SOAP 1.2 only, document/literal wrapped and bare
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn soap12_only_cxf_hello_world() {
    op(
        "cxf-hello-world-soap12/hello_world_soap12.wsdl",
        None,
        "sayHi",
    )
    .check(
        json!({}),
        json!({"responseType": SPECIAL}),
        SPECIAL.to_string(),
        async |url| hello_world_soap12::SoapPort::new(url).say_hi().await,
    )
    .await;
}

#[tokio::test]
async fn document_literal_wrapped_vies_check_vat() {
    use check_vat::{CheckVatPort, CheckVatResponse};
    let want = CheckVatResponse {
        country_code: "DE".into(),
        vat_number: "123456789".into(),
        request_date: x("2024-02-29+01:00"),
        valid: true,
        name: Some(SPECIAL.into()),
        address: None,
    };
    op("vies-checkvat/checkVatService.wsdl", None, "checkVat")
        .check(
            json!({"countryCode": "DE", "vatNumber": "123456789"}),
            json!({"countryCode": "DE", "vatNumber": "123456789", "requestDate": "2024-02-29+01:00", "valid": true, "name": SPECIAL}),
            want,
            async |url| CheckVatPort::new(url).check_vat("DE".into(), "123456789".into()).await,
        )
        .await;
}

/// Many optional arguments, some absent; an optional result with a nested enum.
#[tokio::test]
async fn document_literal_wrapped_vies_check_vat_approx() {
    use check_vat::{CheckVatApproxResponse, CheckVatPort};
    let values = json!({"countryCode": "FR", "vatNumber": "X", "requestDate": "2024-02-29", "valid": false,
        "traderName": SPECIAL, "traderNameMatch": "1", "requestIdentifier": "id-1"});
    let want = CheckVatApproxResponse {
        country_code: "FR".into(),
        vat_number: "X".into(),
        request_date: x("2024-02-29"),
        valid: false,
        trader_name: Some(SPECIAL.into()),
        trader_name_match: Some(check_vat::MatchCode::V1),
        request_identifier: "id-1".into(),
        trader_company_type: None,
        trader_address: None,
        trader_street: None,
        trader_postcode: None,
        trader_city: None,
        trader_company_type_match: None,
        trader_street_match: None,
        trader_postcode_match: None,
        trader_city_match: None,
    };
    op("vies-checkvat/checkVatService.wsdl", None, "checkVatApprox")
        .check(
            json!({"countryCode": "FR", "vatNumber": "X", "traderName": SPECIAL, "traderCity": "", "requesterVatNumber": "DE1"}),
            values,
            want,
            async |url| {
                CheckVatPort::new(url)
                    .check_vat_approx(
                        "FR".into(),
                        "X".into(),
                        Some(SPECIAL.into()),
                        None,
                        None,
                        None,
                        Some(String::new()),
                        None,
                        Some("DE1".into()),
                    )
                    .await
            },
        )
        .await;
}

#[tokio::test]
async fn document_literal_bare_axis2_version_both_versions() {
    use version::{GetVersion, VersionHttpSoap11Endpoint, VersionHttpSoap12Endpoint};
    let wsdl = "axis2-version/Version.wsdl";
    op(wsdl, Some("VersionHttpSoap11Endpoint"), "getVersionWSA")
        .check(
            json!([]),
            json!({"return": "1.7.9"}),
            Some("1.7.9".to_string()),
            async |url| {
                VersionHttpSoap11Endpoint::new(url)
                    .get_version_wsa(GetVersion {})
                    .await
            },
        )
        .await;
    op(wsdl, Some("VersionHttpSoap12Endpoint"), "getVersionWSA")
        .quirks(Quirks {
            zeep_action_none: true,
            ..Quirks::NONE
        })
        .check(
            json!([]),
            json!({"return": SPECIAL}),
            Some(SPECIAL.to_string()),
            async |url| {
                VersionHttpSoap12Endpoint::new(url)
                    .get_version_wsa(GetVersion {})
                    .await
            },
        )
        .await;
}
