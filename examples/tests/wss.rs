//! SOAP headers, WS-Security, WS-Addressing and MTOM against independent implementations:
//!
//! - the gSOAP server of `interop/gsoap-plugins`, whose WS-Security and WS-Addressing work
//!   is done by gSOAP's own plugins (`wsseapi.c`, `wsaapi.c`) and whose MTOM comes from
//!   gSOAP's MIME engine: every option of `sajan` and `sejour` (`--wsse`, `--wsse-digest`,
//!   `--wsse-timestamp`, `--wsa`, `--soap-header`, `--show-soap-headers`, `--mtom`), for
//!   both binaries and both SOAP versions; the runtime API (per-call headers,
//!   `mustUnderstand`, hooks, WS-Addressing 2004/08) and typed MTOM downloads and uploads;
//! - zeep's `UsernameToken` and `WsAddressingPlugin` as the reference client: our request
//!   envelopes equal zeep's as XML (nonce, created, digest and MessageID values aside).
//!
//! gSOAP, OpenSSL and zeep are installed by `.ci/install-deps.sh`; a missing one fails the
//! test with the install command, never skips it.

mod common;
#[path = "wss/server.rs"]
mod server;
#[path = "wss/zeep.rs"]
mod zeep;

use std::process::Command;
use std::sync::{Arc, Mutex};

use examples::attachments::{AttachmentsSoap, AttachmentsSoap12};
use examples::sejour::{AuthenticationSoap, AuthenticationSoap12};
use server::WsServer;
use soapgen_runtime::wsa::{Addressing, WsaVersion};
use soapgen_runtime::wsse::UsernameToken;
use soapgen_runtime::xsd::Base64Binary;
use soapgen_runtime::{
    Client, Error, HeaderBlock, IncomingMessage, MessageHook, ResponseHeader, SoapVersion,
};
use zeep::{canonical, zeep_envelope};

const T_NS: &str = "urn:soapgen:test:headers";
const TAG: &str = "<t:Tag xmlns:t=\"urn:soapgen:test:headers\">hello &amp; ciao</t:Tag>";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The `soap-header: ` lines of stderr, each checked to be one standalone element.
    fn soap_headers(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter_map(|l| l.strip_prefix("soap-header: "))
            .map(|xml| {
                roxmltree::Document::parse(xml)
                    .unwrap_or_else(|e| panic!("not standalone XML ({e}): {xml}"));
                xml.to_owned()
            })
            .collect()
    }

    /// The text of `<t:NAME>` in the server's `t:ServerInfo` response header.
    fn server_saw(&self, name: &str) -> String {
        let headers = self.soap_headers();
        let info = headers
            .iter()
            .find(|h| h.starts_with("<t:ServerInfo"))
            .unwrap_or_else(|| panic!("no t:ServerInfo header block in:\n{}", self.stderr));
        let doc = roxmltree::Document::parse(info).expect("checked");
        doc.descendants()
            .find(|n| n.has_tag_name((T_NS, name)))
            .and_then(|n| n.text())
            .unwrap_or_else(|| panic!("no t:{name} in {info}"))
            .to_owned()
    }
}

fn run(bin: &str, url: &str, soap12: bool, args: &[&str]) -> Run {
    let exe = match bin {
        "sajan" => env!("CARGO_BIN_EXE_sajan"),
        _ => env!("CARGO_BIN_EXE_sejour"),
    };
    let mut cmd = Command::new(exe);
    cmd.args(["--endpoint", url]).args(args);
    if soap12 {
        cmd.arg("--soap12");
    }
    let out = cmd.output().expect("run the example binary");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn action(bin: &str) -> &'static str {
    match bin {
        "sajan" => "http://services.sajan.com/Authenticate",
        _ => "http://www.sansejour.com/Logout",
    }
}

#[track_caller]
fn assert_ok(bin: &str, r: &Run, what: &str) {
    assert_eq!(r.code, 0, "{bin} {what}: exit {}\n{}", r.code, r.stderr);
    let expected = if bin == "sajan" {
        "\"AccessToken\":\"tok-jdoe\""
    } else {
        "{}"
    };
    assert!(
        r.stdout.contains(expected),
        "{bin} {what}: stdout {}",
        r.stdout
    );
}

#[track_caller]
fn assert_fault(bin: &str, r: &Run, reason: &str, what: &str) {
    assert_eq!(
        r.code, 2,
        "{bin} {what}: exit {}\n{}{}",
        r.code, r.stdout, r.stderr
    );
    assert!(
        r.stderr.contains("SOAP fault") && r.stderr.contains(reason),
        "{bin} {what}: {}",
        r.stderr
    );
}

/// Every header option of both binaries, SOAP 1.1 and 1.2, against gSOAP's plugins.
#[test]
fn cli_options_against_gsoap_plugins() {
    let secured = WsServer::start(&["--wsse", "alice:s3cret", "--wsa"]);
    let strict = WsServer::start(&[
        "--wsse",
        "alice:s3cret",
        "--digest-only",
        "--timestamp-required",
    ]);
    let mtom = WsServer::start(&["--mtom"]);
    let mut runs = 0;
    for bin in ["sajan", "sejour"] {
        for soap12 in [false, true] {
            let v = if soap12 { "SOAP 1.2" } else { "SOAP 1.1" };
            // --wsse (PasswordText) + --wsa + --soap-header + --show-soap-headers.
            let r = run(
                bin,
                &secured.url,
                soap12,
                &[
                    "--wsse",
                    "alice:s3cret",
                    "--wsa",
                    "--soap-header",
                    TAG,
                    "--show-soap-headers",
                ],
            );
            assert_ok(bin, &r, v);
            assert_eq!(r.server_saw("Password"), "Text", "{bin} {v}");
            assert_eq!(r.server_saw("Timestamp"), "false", "{bin} {v}");
            assert_eq!(r.server_saw("Action"), action(bin), "{bin} {v}");
            assert_eq!(r.server_saw("Tag"), "hello & ciao", "{bin} {v}");
            let headers = r.soap_headers();
            assert!(
                headers.iter().any(|h| h.starts_with("<wsa5:RelatesTo")),
                "{bin} {v}: {headers:?}"
            );
            assert!(
                !r.stderr.contains("s3cret"),
                "{bin} {v}: the password shows: {}",
                r.stderr
            );
            // A wrong password: gSOAP's soap_wsse_verify_Password faults.
            let r = run(
                bin,
                &secured.url,
                soap12,
                &["--wsse", "alice:wrong", "--wsa"],
            );
            assert_fault(bin, &r, "could not be authenticated", v);
            assert!(
                !r.stderr.contains("wrong"),
                "{bin} {v}: the password shows: {}",
                r.stderr
            );
            // Without addressing, or without a token, the server refuses.
            let r = run(bin, &secured.url, soap12, &["--wsse", "alice:s3cret"]);
            assert_fault(bin, &r, "Message Addressing Property is not present", v);
            let r = run(bin, &secured.url, soap12, &["--wsa"]);
            assert_fault(bin, &r, "could not be authenticated", v);
            // --wsse-digest + --wsse-timestamp.
            let r = run(
                bin,
                &strict.url,
                soap12,
                &[
                    "--wsse",
                    "alice:s3cret",
                    "--wsse-digest",
                    "--wsse-timestamp",
                    "300",
                    "--show-soap-headers",
                ],
            );
            assert_ok(bin, &r, v);
            assert_eq!(r.server_saw("Password"), "Digest", "{bin} {v}");
            assert_eq!(r.server_saw("Timestamp"), "true", "{bin} {v}");
            assert!(!r.stderr.contains("s3cret"), "{bin} {v}");
            let r = run(
                bin,
                &strict.url,
                soap12,
                &["--wsse", "alice:s3cret", "--wsse-timestamp", "300"],
            );
            assert_fault(bin, &r, "could not be authenticated", v);
            let r = run(
                bin,
                &strict.url,
                soap12,
                &["--wsse", "alice:s3cret", "--wsse-digest"],
            );
            assert_fault(bin, &r, "invalid security token", v);
            let r = run(
                bin,
                &strict.url,
                soap12,
                &[
                    "--wsse",
                    "alice:wrong",
                    "--wsse-digest",
                    "--wsse-timestamp",
                    "300",
                ],
            );
            assert_fault(bin, &r, "could not be authenticated", v);
            // MTOM: the server answers every call as a WCF-style package with no binary part;
            // --mtom sends the request as one too.
            let r = run(bin, &mtom.url, soap12, &["--show-soap-headers"]);
            assert_ok(bin, &r, v);
            assert_eq!(r.server_saw("Mtom"), "false", "{bin} {v}");
            let r = run(bin, &mtom.url, soap12, &["--mtom", "--show-soap-headers"]);
            assert_ok(bin, &r, v);
            assert_eq!(r.server_saw("Mtom"), "true", "{bin} {v}");
            runs += 12;
        }
    }
    assert_eq!(runs, 48);
}

/// Records every response's header blocks.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<ResponseHeader>>>);

impl MessageHook for Recorder {
    fn incoming(&self, m: &IncomingMessage<'_>) -> Result<(), Error> {
        self.0.lock().unwrap().extend(m.headers.iter().cloned());
        Ok(())
    }
}

impl Recorder {
    fn take(&self) -> Vec<ResponseHeader> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

async fn logout(client: Client, version: SoapVersion) -> Result<(), Error> {
    match version {
        SoapVersion::Soap11 => {
            AuthenticationSoap::from_client(client)
                .logout(Some("t".into()))
                .await
        }
        _ => {
            AuthenticationSoap12::from_client(client)
                .logout(Some("t".into()))
                .await
        }
    }
}

#[tokio::test]
async fn runtime_api_against_gsoap_plugins() {
    let secured = WsServer::start(&["--wsse", "bob:pa55", "--wsa"]);
    for version in [SoapVersion::Soap11, SoapVersion::Soap12] {
        let recorder = Recorder::default();
        let base = Client::builder(secured.url.as_str())
            .wsse(UsernameToken::new("bob", "pa55").digest(true))
            .addressing(WsaVersion::W3c2005)
            .hook(recorder.clone())
            .build()
            .unwrap();
        logout(base.clone(), version).await.unwrap();
        let seen = recorder.take();
        let relates = seen
            .iter()
            .find(|h| h.is(WsaVersion::W3c2005.namespace(), "RelatesTo"));
        assert!(
            relates
                .and_then(ResponseHeader::text)
                .is_some_and(|t| t.starts_with("urn:uuid:")),
            "{seen:?}"
        );
        let info = seen
            .iter()
            .find(|h| h.is(T_NS, "ServerInfo"))
            .expect("ServerInfo");
        assert!(info.xml.contains("<t:Tag>none</t:Tag>"), "{}", info.xml);

        // Per-call header blocks: a client derived for one call, sharing the pool.
        let tagged = base.with_headers([HeaderBlock::element(T_NS, "Tag", "per call")]);
        logout(tagged, version).await.unwrap();
        assert!(recorder
            .take()
            .iter()
            .any(|h| h.xml.contains("<t:Tag>per call</t:Tag>")));
        logout(base.clone(), version).await.unwrap();
        assert!(
            recorder
                .take()
                .iter()
                .any(|h| h.xml.contains("<t:Tag>none</t:Tag>")),
            "the base client is unchanged"
        );

        // mustUnderstand on a block the server does not know: a MustUnderstand fault, in
        // the envelope namespace of the version used.
        let unknown = HeaderBlock::raw("<x:Unknown xmlns:x=\"urn:x\">1</x:Unknown>").unwrap();
        logout(base.with_headers([unknown.clone()]), version)
            .await
            .unwrap();
        let e = logout(base.with_headers([unknown.must_understand(true)]), version)
            .await
            .unwrap_err();
        let fault = e.as_fault().unwrap_or_else(|| panic!("{e:?}"));
        assert!(
            fault.code.is(version.namespace(), "MustUnderstand"),
            "{fault:?}"
        );

        // WS-Addressing 2004/08 (gSOAP's wsa5.h accepts it as its second namespace).
        let old = Client::builder(secured.url.as_str())
            .wsse(UsernameToken::new("bob", "pa55"))
            .addressing(WsaVersion::Submission2004)
            .build()
            .unwrap();
        logout(old, version).await.unwrap();
    }
}

#[tokio::test]
async fn mtom_downloads_and_uploads_against_gsoap() {
    let server = WsServer::start(&[]);
    for size in [0usize, 1, 5, 70_000, 1 << 20] {
        let expected: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
        let r11 = AttachmentsSoap::new(server.url.as_str())
            .download("f".into(), size as i32)
            .await
            .unwrap();
        let r12 = AttachmentsSoap12::new(server.url.as_str())
            .download("g".into(), size as i32)
            .await
            .unwrap();
        assert_eq!((r11.name.as_str(), r11.note.as_str()), ("f", "binary part"));
        assert_eq!(r12.name, "g");
        assert!(
            r11.content.0 == expected && r12.content.0 == expected,
            "size {size}"
        );
    }
    let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let sum: u32 = data.iter().map(|&b| u32::from(b)).sum();
    for mtom in [false, true] {
        let client = Client::builder(server.url.as_str())
            .mtom(mtom)
            .build()
            .unwrap();
        let r = AttachmentsSoap::from_client(client.clone())
            .upload("u".into(), Base64Binary(data.clone()))
            .await
            .unwrap();
        assert_eq!((r.size, r.checksum, r.mtom), (100_000, sum, mtom));
        let r = AttachmentsSoap12::from_client(client)
            .upload("u".into(), Base64Binary(data.clone()))
            .await
            .unwrap();
        assert_eq!((r.size, r.checksum, r.mtom), (100_000, sum, mtom));
    }
}

// ---------------------------------------------------------------------------------------
// zeep as the reference client
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn envelopes_equal_zeeps() {
    for (port, version) in [
        ("AuthenticationSoap", SoapVersion::Soap11),
        ("AuthenticationSoap12", SoapVersion::Soap12),
    ] {
        let server = examples::server::Server::seed("/sws/Authentication.asmx")
            .await
            .unwrap();
        // zeep sends neither mustUnderstand nor wsa:ReplyTo: switch ours off to compare.
        let client = Client::builder(server.url.as_str())
            .hook(
                UsernameToken::new("alice", "s3cret")
                    .digest(true)
                    .timestamp(Some(std::time::Duration::from_secs(60)))
                    .must_understand(false),
            )
            .hook(
                Addressing::new(WsaVersion::W3c2005)
                    .reply_to(false)
                    .must_understand(false),
            )
            .build()
            .unwrap();
        logout(client, version).await.unwrap();
        let ours = server.take_exchanges().remove(0).request.body;
        let zeep = zeep_envelope(port, &server.url);
        let ours_doc = roxmltree::Document::parse(&ours).unwrap();
        let zeep_doc = roxmltree::Document::parse(&zeep).unwrap();
        assert_eq!(
            canonical(ours_doc.root_element()),
            canonical(zeep_doc.root_element()),
            "{port}\nours: {ours}\nzeep: {zeep}"
        );
        // The values that were masked have the same form.
        for doc in [&ours_doc, &zeep_doc] {
            let text = |local: &str| {
                doc.descendants()
                    .find(|n| n.tag_name().name() == local)
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .to_owned()
            };
            assert_eq!(text("Nonce").len(), 24, "16 random bytes in base64");
            assert_eq!(text("Password").len(), 28, "a SHA-1 digest in base64");
            assert!(text("MessageID").starts_with("urn:uuid:") && text("MessageID").len() == 45);
            assert!(text("Created").ends_with('Z') && text("Created").len() == 20);
        }
    }
}

/// A WSDL whose bindings require WS-Addressing (`wsam:Addressing` policy, as WCF publishes
/// it, and `wsaw:UsingAddressing`) gives clients that send it without any option.
#[tokio::test]
async fn addressing_from_the_wsdl() {
    use examples::addressed;
    let server = WsServer::start(&["--wsa"]);
    // The seed client (no addressing in its WSDL) is refused: the control.
    let e = AuthenticationSoap::new(server.url.as_str())
        .logout(Some("t".into()))
        .await
        .unwrap_err();
    assert!(e.as_fault().is_some(), "{e:?}");
    addressed::AuthenticationSoap::new(server.url.as_str())
        .logout(Some("t".into()))
        .await
        .unwrap();
    addressed::AuthenticationSoap12::new(server.url.as_str())
        .logout(Some("t".into()))
        .await
        .unwrap();
    // Also over a configured runtime client; the response's RelatesTo came back.
    let recorder = Recorder::default();
    let client = Client::builder(server.url.as_str())
        .hook(recorder.clone())
        .build()
        .unwrap();
    for soap12 in [false, true] {
        if soap12 {
            addressed::AuthenticationSoap12::from_client(client.clone())
                .logout(Some("t".into()))
                .await
                .unwrap();
        } else {
            addressed::AuthenticationSoap::from_client(client.clone())
                .logout(Some("t".into()))
                .await
                .unwrap();
        }
        let seen = recorder.take();
        assert!(
            seen.iter()
                .any(|h| h.is(WsaVersion::W3c2005.namespace(), "RelatesTo")),
            "{seen:?}"
        );
        let info = seen
            .iter()
            .find(|h| h.is(T_NS, "ServerInfo"))
            .expect("ServerInfo");
        assert!(
            info.xml
                .contains("<t:Action>http://www.sansejour.com/Logout</t:Action>"),
            "{}",
            info.xml
        );
    }
}

/// Response header blocks the binding declares come back typed (`*_with_headers`), the
/// others as XML with their namespaces.
#[tokio::test]
async fn declared_response_headers_are_typed() {
    use examples::addressed::{self, ServerInfo};
    let server = WsServer::start(&["--wsa"]);
    let tagged = Client::builder(server.url.as_str())
        .header(HeaderBlock::raw(TAG).unwrap())
        .build()
        .unwrap();
    for soap12 in [false, true] {
        let ((), headers) = if soap12 {
            let c = addressed::AuthenticationSoap12::from_client(tagged.clone());
            c.logout_with_headers(Some("t".into())).await.unwrap()
        } else {
            let c = addressed::AuthenticationSoap::from_client(tagged.clone());
            c.logout_with_headers(Some("t".into())).await.unwrap()
        };
        assert_eq!(
            headers.server_info_header,
            Some(ServerInfo {
                password: "none".into(),
                timestamp: false,
                action: "http://www.sansejour.com/Logout".into(),
                tag: "hello & ciao".into(),
                mtom: false,
            })
        );
        let wsa = WsaVersion::W3c2005.namespace();
        let names: Vec<&str> = headers.other.iter().map(|h| h.local.as_str()).collect();
        assert_eq!(
            names,
            ["MessageID", "RelatesTo", "To", "Action"],
            "soap12={soap12}"
        );
        for h in &headers.other {
            assert_eq!(h.namespace, wsa);
            roxmltree::Document::parse(&h.xml).unwrap_or_else(|e| panic!("{e}: {}", h.xml));
        }
    }
}
