//! Record and replay: the Sajan client records real exchanges with the seed
//! server (secrets redacted), then replays them with no server at all.

use examples::sajan::{
    AuthenticationRequest, AuthenticationServiceSoap, AuthenticationServiceSoap12,
};
use examples::server::Server;
use soapgen_runtime::record::{RecordingTransport, ReplayTransport};
use soapgen_runtime::{Client, Error, Options, ReqwestTransport};

fn request(user: &str, password: &str) -> Option<AuthenticationRequest> {
    Some(AuthenticationRequest {
        user_name: Some(user.into()),
        password: Some(password.into()),
        ip_address: None,
    })
}

fn client(url: &str, transport: impl soapgen_runtime::Transport + 'static) -> Client {
    Client::builder(url).transport(transport).build().unwrap()
}

#[tokio::test]
async fn recorded_exchanges_replay_without_the_server() {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("record-sajan");
    let _ = std::fs::remove_dir_all(&dir);

    // Record against the (real HTTP) seed server, both SOAP versions, a fault.
    let server = Server::seed("/AuthenticationService.asmx").await.unwrap();
    let http = || ReqwestTransport::new(&Options::default()).unwrap();
    let soap11 = AuthenticationServiceSoap::from_client(client(
        &server.url,
        RecordingTransport::new(http(), &dir),
    ));
    let live = soap11
        .authenticate(request("jdoe", "hunter2"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.access_token.as_deref(), Some("tok-jdoe"));
    let live_fault = soap11
        .authenticate(request("fault", "x"))
        .await
        .unwrap_err();
    let soap12 = AuthenticationServiceSoap12::from_client(client(
        &server.url,
        RecordingTransport::new(http(), &dir),
    ));
    soap12
        .authenticate(request("jdoe", "hunter2"))
        .await
        .unwrap();
    drop(server);

    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "0001-Authenticate.exchange",
            "0002-Authenticate.exchange",
            "0003-Authenticate.exchange"
        ]
    );
    for f in &files {
        let text = String::from_utf8(std::fs::read(dir.join(f)).unwrap()).unwrap();
        assert!(
            text.starts_with(
                "soapgen-exchange 1\noperation: {http://services.sajan.com/}Authenticate\n"
            ),
            "{text}"
        );
        for secret in ["hunter2", "tok-jdoe", "db-prod.example.invalid"] {
            assert!(!text.contains(secret), "{f} holds `{secret}`:\n{text}");
        }
    }
    let first = std::fs::read_to_string(dir.join(&files[0])).unwrap();
    assert!(first.contains("<Password>***</Password>"), "{first}");
    assert!(first.contains("<AccessToken>***</AccessToken>"), "{first}");
    assert!(first.contains("<UserName>jdoe</UserName>"), "{first}");

    // Replay: no server, same answers (secrets as recorded: `***`).
    let url = "http://127.0.0.1:9/unused";
    let replay = || ReplayTransport::from_dir(&dir).unwrap();
    let soap11 = AuthenticationServiceSoap::from_client(client(url, replay()));
    let r = soap11
        .authenticate(request("jdoe", "hunter2"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.user_id, live.user_id);
    assert_eq!(r.security_guid, live.security_guid);
    assert_eq!(r.access_token.as_deref(), Some("***"));
    let Error::Fault(f) = soap11
        .authenticate(request("fault", "x"))
        .await
        .unwrap_err()
    else {
        panic!("expected the recorded fault");
    };
    let Error::Fault(lf) = live_fault else {
        panic!("{live_fault}")
    };
    assert_eq!(f.reason, lf.reason);
    // The SOAP 1.2 exchange is its own recording (other envelope).
    let soap12 = AuthenticationServiceSoap12::from_client(client(url, replay()));
    assert_eq!(
        soap12
            .authenticate(request("jdoe", "other"))
            .await
            .unwrap()
            .unwrap()
            .user_id,
        42
    );

    // A request nobody recorded: a transport error that shows the difference.
    let e = soap11
        .authenticate(request("alice", "hunter2"))
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");
    assert!(
        msg.contains("operation {http://services.sajan.com/}Authenticate") && msg.contains("alice"),
        "{msg}"
    );
    assert!(!msg.contains("hunter2"), "{msg}");
}
