//! Interop: the generated seed clients (`examples::sajan`, `examples::sejour`) against SOAP
//! stacks nobody here wrote.
//!
//! - gSOAP (C++, `interop/gsoap`): a real server generated from the same WSDLs. Both
//!   services × SOAP 1.1/1.2 × success/faults, XML-special and non-ASCII text, multi-MB
//!   requests and responses, 1,000 calls over keep-alive.
//! - zeep (Python, `interop/zeep`): our request envelopes equal zeep's for the same inputs
//!   (as XML: namespaces resolved, prefixes free), and response envelopes that zeep
//!   serializes decode to the values zeep was given.
//!
//! Both stacks are installed by `.ci/install-deps.sh`. When one is missing the tests fail
//! and say how to install it; they never skip.

#[path = "interop/gsoap.rs"]
mod gsoap;
#[path = "interop/zeep.rs"]
mod zeep;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant;

use examples::sajan::{
    AuthenticationRequest, AuthenticationResponse, AuthenticationServiceSoap,
    AuthenticationServiceSoap12, ServiceInstanceUser,
};
use examples::sejour::{AuthenticationSoap, AuthenticationSoap12};
use examples::server::{Response, Server};
use gsoap::GsoapServer;
use serde_json::json;
use soapgen_runtime::{Error, Fault, SoapVersion};
use soapgen_testkit::xml::canonical;
use zeep::{repo_root, Zeep};

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
/// XML-special characters, Latin-1, CJK and an astral-plane character.
const SPECIAL: &str = "a<b&c>d\"e'f Zoë 東京 😀";
/// `kBigPiece` of `interop/gsoap/server.cpp`: user name `big:N` → N copies as AccessToken.
const BIG_PIECE: &str = "0123456789 <&> \"'ë 東 😀";

fn sajan_wsdl() -> std::path::PathBuf {
    repo_root().join("wsdl/sajan/AuthenticationService.wsdl")
}

fn sejour_wsdl() -> std::path::PathBuf {
    repo_root().join("wsdl/sejour/Authentication.wsdl")
}

// ---------------------------------------------------------------------------------------
// gSOAP
// ---------------------------------------------------------------------------------------

/// What `interop/gsoap/server.cpp` answers to `Authenticate` with user name `user`.
fn gsoap_authenticate_result(user: &str, access_token: String) -> AuthenticationResponse {
    AuthenticationResponse {
        is_valid_token: true,
        access_token: Some(access_token),
        security_guid: Some("3f2504e0-4f89-41d3-9a0c-0305e82c3301".into()),
        user_id: 42,
        service_instance_user: Some(ServiceInstanceUser {
            use_name: Some(user.into()),
            instance_id: 7,
            instancename: Some("Sajan EU Production".into()),
            production_connection_string: Some(
                "Server=prod-sql.example;Database=Production;Integrated Security=true".into(),
            ),
            customer_connection_string: Some(
                "Server=cust-sql.example;Database=Customer;Integrated Security=true".into(),
            ),
            warehouse_connection_string: Some(
                "Server=dw-sql.example;Database=Warehouse;Integrated Security=true".into(),
            ),
        }),
    }
}

fn request_for(user: &str) -> AuthenticationRequest {
    AuthenticationRequest {
        user_name: Some(user.into()),
        password: Some("p@ss<w>rd&".into()),
        ip_address: Some("192.0.2.1".into()),
    }
}

/// The generated clients of both seed services and both SOAP versions, over one shared
/// runtime client (one connection pool).
struct SeedClients {
    sajan11: AuthenticationServiceSoap,
    sajan12: AuthenticationServiceSoap12,
    sejour11: AuthenticationSoap,
    sejour12: AuthenticationSoap12,
}

impl SeedClients {
    fn new(url: &str) -> SeedClients {
        let client = soapgen_runtime::Client::new(url);
        SeedClients {
            sajan11: AuthenticationServiceSoap::from_client(client.clone()),
            sajan12: AuthenticationServiceSoap12::from_client(client.clone()),
            sejour11: AuthenticationSoap::from_client(client.clone()),
            sejour12: AuthenticationSoap12::from_client(client),
        }
    }

    async fn authenticate(
        &self,
        soap12: bool,
        user: &str,
    ) -> Result<Option<AuthenticationResponse>, Error> {
        if soap12 {
            self.sajan12.authenticate(Some(request_for(user))).await
        } else {
            self.sajan11.authenticate(Some(request_for(user))).await
        }
    }

    async fn logout(&self, soap12: bool, token: &str) -> Result<(), Error> {
        if soap12 {
            self.sejour12.logout(Some(token.into())).await
        } else {
            self.sejour11.logout(Some(token.into())).await
        }
    }
}

fn expect_fault(
    r: Result<impl std::fmt::Debug, Error>,
    soap12: bool,
    sender: bool,
    reason: &str,
) -> Result<Box<Fault>, String> {
    let e = match r {
        Ok(v) => return Err(format!("expected a fault, got Ok({v:?})")),
        Err(Error::Fault(f)) => f,
        Err(e) => return Err(format!("expected Error::Fault, got {e:?} ({e})")),
    };
    let (ns, local) = match (soap12, sender) {
        (false, true) => (SOAP11, "Client"),
        (false, false) => (SOAP11, "Server"),
        (true, true) => (SOAP12, "Sender"),
        (true, false) => (SOAP12, "Receiver"),
    };
    let version = if soap12 {
        SoapVersion::Soap12
    } else {
        SoapVersion::Soap11
    };
    if (e.code.ns(), e.code.local()) != (ns, local) || e.reason != reason || e.version != version {
        return Err(format!(
            "expected {{{ns}}}{local} `{reason}` ({version:?}), got {e:?}"
        ));
    }
    Ok(e)
}

fn expect_receiver_detail(f: &Fault) -> Result<(), String> {
    let first = f.detail_first_child();
    if first != Some(("http://services.sajan.com/".into(), "ErrorCode".into()))
        || f.detail_text() != "E42"
    {
        return Err(format!(
            "expected detail <ErrorCode>E42</ErrorCode>, got {:?}",
            f.detail
        ));
    }
    Ok(())
}

/// The rows of the gSOAP matrix, run in this order on one pair of clients per SOAP
/// version, so that a call after a fault (gSOAP closes the connection) is covered too.
const CASES: &[&str] = &[
    "success",
    "sender fault",
    "special characters",
    "receiver fault",
    "success again",
];

async fn sajan_case(c: &SeedClients, soap12: bool, case: &str) -> Result<(), String> {
    let ok = |user: &str, r: Result<Option<AuthenticationResponse>, Error>| -> Result<(), String> {
        let got = r.map_err(|e| format!("{e:?} ({e})"))?;
        let want = gsoap_authenticate_result(user, format!("tok-{user}"));
        if got.as_ref() != Some(&want) {
            return Err(format!("got {got:#?}\nwant {want:#?}"));
        }
        Ok(())
    };
    match case {
        "success" | "success again" => ok("alice", c.authenticate(soap12, "alice").await),
        "special characters" => ok(SPECIAL, c.authenticate(soap12, SPECIAL).await),
        "sender fault" => expect_fault(
            c.authenticate(soap12, "fault").await,
            soap12,
            true,
            "Invalid user name or password",
        )
        .map(drop),
        "receiver fault" => {
            let f = expect_fault(
                c.authenticate(soap12, "fault-receiver").await,
                soap12,
                false,
                "Internal error",
            )?;
            expect_receiver_detail(&f)
        }
        _ => unreachable!("{case}"),
    }
}

async fn sejour_case(c: &SeedClients, soap12: bool, case: &str) -> Result<(), String> {
    let ok = |r: Result<(), Error>| r.map_err(|e| format!("{e:?} ({e})"));
    match case {
        "success" | "success again" => ok(c.logout(soap12, "t-123").await),
        "special characters" => ok(c.logout(soap12, SPECIAL).await),
        "sender fault" => expect_fault(
            c.logout(soap12, "fault").await,
            soap12,
            true,
            "Invalid token",
        )
        .map(drop),
        "receiver fault" => {
            let f = expect_fault(
                c.logout(soap12, "fault-receiver").await,
                soap12,
                false,
                "Internal error",
            )?;
            expect_receiver_detail(&f)
        }
        _ => unreachable!("{case}"),
    }
}

/// The HTTP status gSOAP answers to a raw `Authenticate` for `user` (to show which status
/// the client's fault rows meet).
fn raw_authenticate_status(server: &GsoapServer, soap12: bool, user: &str) -> u16 {
    use std::io::{Read, Write};
    let (ns, ct) = if soap12 {
        (SOAP12, "application/soap+xml; charset=utf-8")
    } else {
        (SOAP11, "text/xml; charset=utf-8")
    };
    let body = format!(
        "<e:Envelope xmlns:e=\"{ns}\"><e:Body><Authenticate xmlns=\"http://services.sajan.com/\">\
         <request><UserName>{user}</UserName></request></Authenticate></e:Body></e:Envelope>"
    );
    let addr = server
        .base
        .trim_start_matches("http://")
        .trim_end_matches('/');
    let mut sock = std::net::TcpStream::connect(addr).expect("connect to gSOAP");
    sock.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .expect("timeout");
    write!(
        sock,
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: {ct}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .expect("send");
    let mut response = String::new();
    sock.read_to_string(&mut response)
        .expect("read the response");
    response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status: {response}"))
}

/// Both services × SOAP 1.1/1.2 × success, Client/Sender fault (HTTP 500 / 400), special
/// characters, Server/Receiver fault with detail, and a call after the faults. Every row
/// runs; the table of results is printed and the test fails if any row failed.
#[tokio::test]
async fn gsoap_matrix_both_services_both_versions() {
    let server = GsoapServer::start();
    // The statuses the fault rows meet: a SOAP 1.2 Sender fault comes with HTTP 400, the
    // others with 500; the client must return Error::Fault for all of them.
    assert_eq!(raw_authenticate_status(&server, false, "fault"), 500);
    assert_eq!(raw_authenticate_status(&server, true, "fault"), 400);
    assert_eq!(
        raw_authenticate_status(&server, true, "fault-receiver"),
        500
    );
    let mut table = String::new();
    let (mut passed, mut failed) = (0, 0);
    for (service, path) in [
        ("Sajan Authenticate", "AuthenticationService.asmx"),
        ("Sejour Logout", "sws/Authentication.asmx"),
    ] {
        // One connection pool per service, used by both SOAP versions.
        let clients = SeedClients::new(&server.url(path));
        for soap12 in [false, true] {
            for case in CASES {
                let r = if service.starts_with("Sajan") {
                    sajan_case(&clients, soap12, case).await
                } else {
                    sejour_case(&clients, soap12, case).await
                };
                let version = if soap12 { "1.2" } else { "1.1" };
                match r {
                    Ok(()) => {
                        passed += 1;
                        let _ = writeln!(table, "ok    {service:<20} SOAP {version}  {case}");
                    }
                    Err(e) => {
                        failed += 1;
                        let _ = writeln!(table, "FAIL  {service:<20} SOAP {version}  {case}: {e}");
                    }
                }
            }
        }
    }
    println!(
        "gSOAP matrix ({passed} of {} rows ok):\n{table}",
        passed + failed
    );
    assert_eq!(
        failed,
        0,
        "gSOAP matrix: {failed} of {} rows failed:\n{table}",
        passed + failed
    );
}

/// A response of several MB (gSOAP's `big:N` user name: a 4.2 MB AccessToken full of
/// characters that need escaping) and a request of several MB (a 2.3 MB user name that
/// gSOAP echoes twice: a 4.6 MB response), for both SOAP versions.
#[tokio::test]
async fn gsoap_multi_megabyte_requests_and_responses() {
    let server = GsoapServer::start();
    let clients = SeedClients::new(&server.url("AuthenticationService.asmx"));
    let copies = 150_000;
    let big_user = SPECIAL.repeat(2_300_000 / SPECIAL.len());
    for soap12 in [false, true] {
        let t = Instant::now();
        let got = clients
            .authenticate(soap12, &format!("big:{copies}"))
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        let token = got.and_then(|r| r.access_token).expect("AccessToken");
        assert_eq!(token.len(), copies * BIG_PIECE.len());
        assert!(
            token == BIG_PIECE.repeat(copies),
            "the 4 MB AccessToken differs"
        );
        let big_response = t.elapsed();

        let t = Instant::now();
        let got = clients
            .authenticate(soap12, &big_user)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        let got = got.expect("AuthenticateResult");
        assert!(
            got.access_token
                .as_deref()
                .and_then(|t| t.strip_prefix("tok-"))
                == Some(big_user.as_str())
        );
        let echoed = got
            .service_instance_user
            .and_then(|s| s.use_name)
            .expect("UseName");
        assert!(echoed == big_user, "the 2.3 MB UseName differs");
        println!(
            "SOAP 1.{}: 4.2 MB token in {big_response:?}, 2.3 MB user name echoed in {:?}",
            u8::from(soap12) + 1,
            t.elapsed()
        );
    }
}

/// 1,000 sequential calls on one client over keep-alive. gSOAP closes a connection after
/// 100 requests (its default `max_keep_alive`), so the client must also cope with the
/// server ending a kept-alive connection: about 10 connections are expected, 1,000
/// without keep-alive.
#[tokio::test]
async fn gsoap_thousand_calls_on_one_keep_alive_client() {
    let server = GsoapServer::start();
    let client = AuthenticationServiceSoap::new(server.url("AuthenticationService.asmx"));
    let t = Instant::now();
    for i in 0..1000 {
        let user = format!("user-{i}");
        let r = client
            .authenticate(Some(request_for(&user)))
            .await
            .unwrap_or_else(|e| panic!("call {i} of 1000 failed: {e:?} ({e})"));
        let token = r.and_then(|r| r.access_token);
        assert_eq!(
            token.as_deref(),
            Some(format!("tok-{user}").as_str()),
            "call {i}"
        );
    }
    let elapsed = t.elapsed();
    let connections = server.stop();
    println!("1000 calls in {elapsed:?} over {connections} connections");
    assert!(
        connections <= 15,
        "1000 calls used {connections} connections: keep-alive is not reused"
    );
}

// ---------------------------------------------------------------------------------------
// zeep
// ---------------------------------------------------------------------------------------

/// Sends one call through the recording seed server and returns the request.
async fn our_request(call: impl AsyncFnOnce(&str)) -> examples::server::Request {
    let server = Server::seed("/svc.asmx")
        .await
        .expect("start the recording server");
    call(&server.url).await;
    let mut x = server.take_exchanges();
    assert_eq!(x.len(), 1, "one exchange expected");
    x.remove(0).request
}

/// Our request equals zeep's as XML, and the HTTP headers agree. One difference is
/// known and accepted: for SOAP 1.2 zeep also sends a `SOAPAction` header, which the SOAP
/// 1.2 HTTP binding does not use (the action is the Content-Type's `action` parameter,
/// equal on both sides); we send none, like the ASMX help pages.
#[track_caller]
fn assert_same_request(
    ours: &examples::server::Request,
    theirs: &zeep::Envelope,
    soap12: bool,
    what: &str,
) {
    assert_eq!(
        canonical(&ours.body),
        canonical(&theirs.xml),
        "{what}: our request differs from zeep's.\n--- ours:\n{}\n--- zeep:\n{}",
        ours.body,
        theirs.xml
    );
    assert_eq!(
        ours.header("content-type"),
        theirs.header("content-type"),
        "{what}: Content-Type"
    );
    if soap12 {
        assert_eq!(ours.header("soapaction"), None, "{what}: SOAPAction");
    } else {
        assert_eq!(
            ours.header("soapaction"),
            theirs.header("soapaction"),
            "{what}: SOAPAction"
        );
    }
}

#[tokio::test]
async fn zeep_sajan_requests_equal_ours() {
    let inputs = [
        (
            json!({"request": {"UserName": SPECIAL, "Password": "p@ss<w>rd&", "IPAddress": "192.0.2.1"}}),
            Some(request_for(SPECIAL)),
        ),
        (
            json!({"request": {"UserName": "only the user"}}),
            Some(AuthenticationRequest {
                user_name: Some("only the user".into()),
                ..Default::default()
            }),
        ),
        (
            json!({"request": {}}),
            Some(AuthenticationRequest::default()),
        ),
        (json!({}), None),
    ];
    for (port, soap12) in [
        ("AuthenticationServiceSoap", false),
        ("AuthenticationServiceSoap12", true),
    ] {
        for (args, request) in &inputs {
            let theirs = Zeep::request(sajan_wsdl(), "Authenticate")
                .port(port)
                .args(args)
                .run();
            let ours = our_request(async |url| {
                let r = if soap12 {
                    AuthenticationServiceSoap12::new(url)
                        .authenticate(request.clone())
                        .await
                } else {
                    AuthenticationServiceSoap::new(url)
                        .authenticate(request.clone())
                        .await
                };
                r.expect("the seed server answers");
            })
            .await;
            assert_same_request(&ours, &theirs, soap12, &format!("{port} {args}"));
        }
    }
}

#[tokio::test]
async fn zeep_sejour_requests_equal_ours() {
    let inputs = [
        (json!({"token": SPECIAL}), Some(SPECIAL.to_string())),
        (json!({"token": ""}), Some(String::new())),
        (json!({}), None),
    ];
    for (port, soap12) in [
        ("AuthenticationSoap", false),
        ("AuthenticationSoap12", true),
    ] {
        for (args, token) in &inputs {
            let theirs = Zeep::request(sejour_wsdl(), "Logout")
                .port(port)
                .args(args)
                .run();
            let ours = our_request(async |url| {
                let r = if soap12 {
                    AuthenticationSoap12::new(url).logout(token.clone()).await
                } else {
                    AuthenticationSoap::new(url).logout(token.clone()).await
                };
                r.expect("the seed server answers");
            })
            .await;
            assert_same_request(&ours, &theirs, soap12, &format!("{port} {args}"));
        }
    }
}

/// A server that answers every request with `envelope`.
async fn canned(envelope: &zeep::Envelope) -> Server {
    let response = Response {
        status: 200,
        content_type: envelope
            .header("content-type")
            .expect("zeep's Content-Type")
            .to_string(),
        body: envelope.xml.clone(),
    };
    Server::start("/svc.asmx", Arc::new(move |_| response.clone()))
        .await
        .expect("start the canned server")
}

#[tokio::test]
async fn zeep_sajan_responses_decode_to_the_same_values() {
    let full = json!({"AuthenticateResult": {
        "IsValidToken": true, "AccessToken": SPECIAL, "SecurityGuid": "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
        "UserId": -2147483648i64,
        "ServiceInstanceUser": {"UseName": SPECIAL, "InstanceId": 2147483647, "Instancename": "",
            "ProductionConnectionString": "a", "CustomerConnectionString": "b", "WarehouseConnectionString": "c"}}});
    let full_value = AuthenticationResponse {
        is_valid_token: true,
        access_token: Some(SPECIAL.into()),
        security_guid: Some("3f2504e0-4f89-41d3-9a0c-0305e82c3301".into()),
        user_id: i32::MIN,
        service_instance_user: Some(ServiceInstanceUser {
            use_name: Some(SPECIAL.into()),
            instance_id: i32::MAX,
            instancename: Some(String::new()),
            production_connection_string: Some("a".into()),
            customer_connection_string: Some("b".into()),
            warehouse_connection_string: Some("c".into()),
        }),
    };
    let minimal = json!({"AuthenticateResult": {"IsValidToken": false, "UserId": 0}});
    let minimal_value = AuthenticationResponse::default();
    let cases = [
        (full, Some(full_value)),
        (minimal, Some(minimal_value)),
        (json!({}), None),
    ];
    for (port, soap12) in [
        ("AuthenticationServiceSoap", false),
        ("AuthenticationServiceSoap12", true),
    ] {
        for (values, want) in &cases {
            let envelope = Zeep::response(sajan_wsdl(), "Authenticate")
                .port(port)
                .values(values)
                .run();
            let server = canned(&envelope).await;
            let got = if soap12 {
                AuthenticationServiceSoap12::new(&server.url)
                    .authenticate(None)
                    .await
            } else {
                AuthenticationServiceSoap::new(&server.url)
                    .authenticate(None)
                    .await
            };
            let got =
                got.unwrap_or_else(|e| panic!("{port} {values}: {e:?} ({e})\n{}", envelope.xml));
            assert_eq!(&got, want, "{port} {values}:\n{}", envelope.xml);
        }
    }
}

#[tokio::test]
async fn zeep_sejour_responses_decode() {
    for (port, soap12) in [
        ("AuthenticationSoap", false),
        ("AuthenticationSoap12", true),
    ] {
        let envelope = Zeep::response(sejour_wsdl(), "Logout").port(port).run();
        let server = canned(&envelope).await;
        let got = if soap12 {
            AuthenticationSoap12::new(&server.url).logout(None).await
        } else {
            AuthenticationSoap::new(&server.url).logout(None).await
        };
        got.unwrap_or_else(|e| panic!("{port}: {e:?} ({e})\n{}", envelope.xml));
        let expected_body = format!("{{{}}}LogoutResponse", "http://www.sansejour.com/");
        assert!(
            canonical(&envelope.xml).contains(&expected_body),
            "{}",
            envelope.xml
        );
    }
}
