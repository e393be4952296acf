//! The generated mock servers (`Builder::server`): zeep calls them for both
//! seed services over SOAP 1.1 and 1.2 and gets the right values and
//! faults; the `sajan-mock` binary serves the generated client at the
//! seed's path and any other.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use examples::mock::Seeds;
use examples::sajan::{
    AuthenticationRequest, AuthenticationServiceSoap, AuthenticationServiceSoap12,
    AuthenticationServiceSoapServer,
};
use examples::sejour::AuthenticationSoapServer;
use serde_json::{json, Value};
use soapgen_runtime::server::{serve, Endpoint};
use soapgen_runtime::Error;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Serves `endpoint` on 127.0.0.1 (a free port) until the test ends.
async fn start(endpoint: impl Endpoint) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(serve(listener, endpoint));
    format!("http://{addr}")
}

#[tokio::test(flavor = "multi_thread")]
async fn zeep_calls_the_generated_mocks() {
    let py = repo().join(".venv/bin/python");
    assert!(
        py.exists(),
        "zeep is not installed: {} does not exist; run `bash .ci/install-deps.sh`",
        py.display()
    );
    let sajan = start(AuthenticationServiceSoapServer(Seeds)).await;
    let sejour = start(AuthenticationSoapServer(Seeds)).await;
    let mut zeep = Command::new(py);
    zeep.arg(repo().join("examples/tests/zeep_mock.py"))
        .arg(repo().join("wsdl/sajan/AuthenticationService.wsdl"))
        .arg(format!("{sajan}/AuthenticationService.asmx"))
        .arg(repo().join("wsdl/sejour/Authentication.wsdl"))
        .arg(format!("{sejour}/sws/Authentication.asmx"));
    // The servers run on this runtime's workers while zeep blocks.
    let out = tokio::task::spawn_blocking(move || zeep.output().unwrap())
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "zeep: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    let jdoe = json!({"ok": {
        "IsValidToken": true,
        "AccessToken": "tok-jdoe",
        "UserId": 42,
        "Instancename": "Sajan EU Production",
    }});
    let auth_fault = |code: &str| json!({"fault": "Invalid user name or password", "code": code});
    let logout_fault =
        |code: &str| json!({"fault": "Token is not valid or has expired.", "code": code});
    assert_eq!(
        got,
        json!({
            "AuthenticationServiceSoap": {"jdoe": jdoe, "fault": auth_fault("soap:Client")},
            "AuthenticationServiceSoap12": {"jdoe": jdoe, "fault": auth_fault("soap12:Sender")},
            "AuthenticationSoap": {"abc": {"ok": null}, "fault": logout_fault("soap:Client")},
            "AuthenticationSoap12": {"abc": {"ok": null}, "fault": logout_fault("soap12:Sender")},
        })
    );
}

fn request(user: &str) -> Option<AuthenticationRequest> {
    Some(AuthenticationRequest {
        user_name: Some(user.into()),
        password: Some("pw".into()),
        ip_address: None,
    })
}

/// Kills the child when the test ends, however it ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn sajan_mock_binary_serves_both_versions_at_any_path() {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_sajan-mock"))
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .strip_prefix("listening on ")
        .and_then(|l| l.trim_end().strip_suffix('/'))
        .unwrap_or_else(|| panic!("unexpected first line `{line}`"))
        .to_string();
    for path in ["/AuthenticationService.asmx", "/", "/any/other/path"] {
        let url = format!("{base}{path}");
        let r = AuthenticationServiceSoap::new(&url)
            .authenticate(request("jdoe"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.access_token.as_deref(), Some("tok-jdoe"));
        let r = AuthenticationServiceSoap12::new(&url)
            .authenticate(request("ann"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            r.service_instance_user.unwrap().use_name.as_deref(),
            Some("ann")
        );
        let Error::Fault(f) = AuthenticationServiceSoap12::new(&url)
            .authenticate(request("fault"))
            .await
            .unwrap_err()
        else {
            panic!("expected a fault")
        };
        assert_eq!(f.reason, "Invalid user name or password");
    }
}
