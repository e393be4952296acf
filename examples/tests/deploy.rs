//! Deployable clients (issue 9): the `sajan` and `sejour` binaries with their HTTP flags,
//! and the runtime's typed errors, against independent servers started here on loopback:
//! Apache httpd (Basic, Digest MD5, Bearer via mod_rewrite, header checks, mod_ssl with a
//! test CA and `SSLVerifyClient require`, forward proxy with CONNECT, mod_deflate),
//! lighttpd (Digest SHA-256) and pyspnego (NTLM), all in front of the gSOAP seed server.
//! Every flag runs for both binaries, both SOAP versions, async and `--blocking`.
//! A missing server fails the test with the install command; nothing is skipped.

#[path = "interop/gsoap.rs"]
mod gsoap;
#[path = "deploy/servers.rs"]
mod servers;
#[path = "interop/zeep.rs"]
mod zeep;

use std::io::Read as _;
use std::net::TcpListener;
use std::process::Command;

use examples::sejour::AuthenticationSoap;
use servers::{NtlmServer, WebServers};
use soapgen_runtime::{Auth, Client, Error, ErrorKind};

/// One way of calling a binary.
#[derive(Debug, Clone, Copy)]
struct Mode {
    bin: &'static str,
    soap12: bool,
    blocking: bool,
}

fn modes() -> Vec<Mode> {
    let mut v = Vec::new();
    for bin in ["sajan", "sejour"] {
        for soap12 in [false, true] {
            for blocking in [false, true] {
                v.push(Mode {
                    bin,
                    soap12,
                    blocking,
                });
            }
        }
    }
    v
}

struct Outcome {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(mode: Mode, endpoint: &str, flags: &[String]) -> Outcome {
    let exe = match mode.bin {
        "sajan" => env!("CARGO_BIN_EXE_sajan"),
        _ => env!("CARGO_BIN_EXE_sejour"),
    };
    let mut cmd = Command::new(exe);
    cmd.args(["--endpoint", endpoint]).args(flags);
    if mode.soap12 {
        cmd.arg("--soap12");
    }
    if mode.blocking {
        cmd.arg("--blocking");
    }
    // No proxy from the environment of whoever runs the tests.
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    let out = cmd.output().expect("run the example binary");
    Outcome {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// What each binary prints on success against gSOAP (user `jdoe`, any token).
fn success_output(bin: &str) -> &'static str {
    match bin {
        "sajan" => "\"AccessToken\":\"tok-jdoe\"",
        _ => "{}",
    }
}

/// Runs `flags` against `endpoint` in every mode; collects mismatches into `failures`.
/// `Ok(())`: success output and exit 0; `Err(needles)`: exit 1 and stderr containing each
/// needle (`{op}` stands for the binary's operation), and never `secret`.
fn check(
    failures: &mut Vec<String>,
    case: &str,
    endpoint: &str,
    flags: &[String],
    expect: Result<(), &[&str]>,
    secret: Option<&str>,
) {
    for mode in modes() {
        let o = run(mode, endpoint, flags);
        let op = if mode.bin == "sajan" {
            "Authenticate"
        } else {
            "Logout"
        };
        let what = format!("{case} [{mode:?}]");
        match expect {
            Ok(()) => {
                if o.code != Some(0) || !o.stdout.contains(success_output(mode.bin)) {
                    failures.push(format!(
                        "{what}: expected success, got exit {:?}\nstdout: {}\nstderr: {}",
                        o.code, o.stdout, o.stderr
                    ));
                }
            }
            Err(needles) => {
                let missing: Vec<String> = needles
                    .iter()
                    .map(|n| n.replace("{op}", op))
                    .filter(|n| !o.stderr.contains(n.as_str()))
                    .collect();
                if o.code != Some(1) || !missing.is_empty() {
                    failures.push(format!(
                        "{what}: expected exit 1 with {missing:?} on stderr, got exit {:?}\nstdout: {}\nstderr: {}",
                        o.code, o.stdout, o.stderr
                    ));
                }
            }
        }
        if let Some(s) = secret {
            if o.stdout.contains(s) || o.stderr.contains(s) {
                failures.push(format!("{what}: the secret appears in the output"));
            }
        }
    }
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn http_flags_against_apache_and_lighttpd() {
    let s = WebServers::start();
    let user = s.httpd.str("user");
    let password = s.httpd.str("password");
    let good = format!("{user}:{password}");
    let bearer = s.httpd.str("bearer");
    let header = format!(
        "{}: {}",
        s.httpd.str("header_name"),
        s.httpd.str("header_value")
    );
    let ca = s.file("ca_cert").display().to_string();
    let other_ca = s.file("other_ca_cert").display().to_string();
    let cert = s.file("client_cert").display().to_string();
    let key = s.file("client_key").display().to_string();
    let digest256 = format!("http://127.0.0.1:{}/svc.asmx", s.httpd.port("digest256"));
    let proxy = format!("http://127.0.0.1:{}", s.httpd.port("proxy"));
    let unauthorized: &[&str] = &[
        "{op}: HTTP 401 Unauthorized from",
        "no credentials are configured",
    ];
    let mut f = Vec::new();

    // Authentication.
    let basic = s.http("/basic/svc.asmx");
    check(
        &mut f,
        "basic",
        &basic,
        &args(&["--http-basic", &good]),
        Ok(()),
        Some(&password),
    );
    check(
        &mut f,
        "basic, none",
        &basic,
        &[],
        Err(&[unauthorized[0], unauthorized[1], "offers Basic"]),
        None,
    );
    check(
        &mut f,
        "basic, wrong",
        &basic,
        &args(&["--http-basic", "alice:wrong-pw"]),
        Err(&["{op}: HTTP 401", "refused the Basic credentials"]),
        Some("wrong-pw"),
    );
    let digest = s.http("/digest/svc.asmx");
    check(
        &mut f,
        "digest MD5 (Apache)",
        &digest,
        &args(&["--http-digest", &good]),
        Ok(()),
        Some(&password),
    );
    check(
        &mut f,
        "digest MD5, none",
        &digest,
        &[],
        Err(&[unauthorized[0], "offers Digest"]),
        None,
    );
    check(
        &mut f,
        "digest MD5, wrong",
        &digest,
        &args(&["--http-digest", "alice:wrong-pw"]),
        Err(&["refused the Digest credentials"]),
        Some("wrong-pw"),
    );
    check(
        &mut f,
        "digest SHA-256 (lighttpd)",
        &digest256,
        &args(&["--http-digest", &good]),
        Ok(()),
        Some(&password),
    );
    check(
        &mut f,
        "digest SHA-256, wrong",
        &digest256,
        &args(&["--http-digest", "alice:wrong-pw"]),
        Err(&["refused the Digest credentials", "offers Digest"]),
        Some("wrong-pw"),
    );
    let bearer_url = s.http("/bearer/svc.asmx");
    check(
        &mut f,
        "bearer",
        &bearer_url,
        &args(&["--http-bearer", &bearer]),
        Ok(()),
        Some(&bearer),
    );
    check(
        &mut f,
        "bearer, wrong",
        &bearer_url,
        &args(&["--http-bearer", "wrong-token"]),
        Err(&["refused the Bearer credentials", "offers Bearer"]),
        Some("wrong-token"),
    );
    check(
        &mut f,
        "basic where only Bearer is offered",
        &bearer_url,
        &args(&["--http-basic", &good]),
        Err(&["configured for Basic authentication, which the server does not offer"]),
        Some(&password),
    );

    // Headers and timeout.
    let header_url = s.http("/header/svc.asmx");
    check(
        &mut f,
        "http-header",
        &header_url,
        &args(&[
            "--http-header",
            "X-Trace: 1",
            "--http-header",
            &header,
            "--timeout",
            "30",
        ]),
        Ok(()),
        None,
    );
    check(
        &mut f,
        "http-header missing",
        &header_url,
        &[],
        Err(&["HTTP status 403"]),
        None,
    );

    // Proxy: plain HTTP through the forward proxy, HTTPS through CONNECT. (Apache logs a
    // CONNECT when its tunnel closes; the cases below give it ample time before the log
    // is read.)
    let https = s.https("https");
    let open = s.http("/open/svc.asmx");
    check(
        &mut f,
        "proxy (http)",
        &open,
        &args(&["--proxy", &proxy]),
        Ok(()),
        None,
    );
    check(
        &mut f,
        "proxy (CONNECT)",
        &https,
        &args(&["--proxy", &proxy, "--ca-cert", &ca]),
        Ok(()),
        None,
    );

    // TLS.
    check(
        &mut f,
        "https with --ca-cert",
        &https,
        &args(&["--ca-cert", &ca]),
        Ok(()),
        None,
    );
    check(
        &mut f,
        "https, unknown CA",
        &https,
        &[],
        Err(&["TLS error", "UnknownIssuer"]),
        None,
    );
    check(
        &mut f,
        "https, other CA",
        &https,
        &args(&["--ca-cert", &other_ca]),
        Err(&["TLS error", "UnknownIssuer"]),
        None,
    );
    let mtls = s.https("mtls");
    check(
        &mut f,
        "client certificate",
        &mtls,
        &args(&[
            "--ca-cert",
            &ca,
            "--client-cert",
            &cert,
            "--client-key",
            &key,
        ]),
        Ok(()),
        None,
    );
    check(
        &mut f,
        "client certificate missing",
        &mtls,
        &args(&["--ca-cert", &ca]),
        Err(&["TLS error"]),
        None,
    );

    // The default proxy comes from the environment (HTTP_PROXY for an http endpoint).
    let env_url = s.http("/open/env-proxy.asmx");
    let out = Command::new(env!("CARGO_BIN_EXE_sejour"))
        .args(["--endpoint", &env_url])
        .env("HTTP_PROXY", &proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .expect("run sejour");
    if out.status.code() != Some(0) {
        f.push(format!(
            "HTTP_PROXY: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let log = s.access_log();
    let proxy_port = s.httpd.port("proxy");
    let via_env = format!("{proxy_port} \"POST {env_url} HTTP/1.1\" 200");
    if !log.lines().any(|l| l.starts_with(&via_env)) {
        f.push(format!(
            "HTTP_PROXY: no `{via_env}` in the access log:\n{log}"
        ));
    }
    let forwarded = format!("{proxy_port} \"POST {open} HTTP/1.1\" 200");
    let connect = format!(
        "{proxy_port} \"CONNECT localhost:{} HTTP/1.1\" 200",
        s.httpd.port("https")
    );
    for (what, needle) in [("forwarded POST", &forwarded), ("CONNECT", &connect)] {
        let n = log
            .lines()
            .filter(|l| l.starts_with(needle.as_str()))
            .count();
        if n != 8 {
            f.push(format!(
                "proxy: expected 8 {what} lines `{needle}` in the access log, found {n}:\n{log}"
            ));
        }
    }
    // mod_deflate compressed every successful SOAP response of the plain HTTP vhost
    // (the client advertised gzip and decoded it: the calls above succeeded).
    let http_port = s.httpd.port("http");
    let ok_lines: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with(&format!("{http_port} ")) && l.contains("\" 200 "))
        .collect();
    if ok_lines.is_empty() || !ok_lines.iter().all(|l| l.contains("enc=gzip")) {
        f.push(format!(
            "compression: every 200 on port {http_port} should be gzip:\n{log}"
        ));
    }
    report(f);
}

#[test]
fn timeout_flag_ends_a_call_to_a_silent_server() {
    // A server that accepts and never answers: the call must end after --timeout.
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}/svc.asmx", listener.local_addr().expect("addr"));
    let holder = std::thread::spawn(move || {
        let mut held = Vec::new();
        for mut conn in listener.incoming().take(8).flatten() {
            // Read the request and whatever follows until the client gives up and closes
            // the connection (EOF); never answer.
            let mut buf = [0u8; 4096];
            while matches!(conn.read(&mut buf), Ok(n) if n > 0) {}
            held.push(conn);
        }
        held.len()
    });
    let mut f = Vec::new();
    check(
        &mut f,
        "timeout",
        &url,
        &args(&["--timeout", "1"]),
        Err(&["timed out"]),
        None,
    );
    assert_eq!(holder.join().expect("holder"), 8);
    report(f);
}

#[test]
fn ntlm_against_pyspnego() {
    let s = NtlmServer::start();
    let creds = s.credentials();
    let password = s.ntlm.str("password");
    let mut f = Vec::new();
    check(
        &mut f,
        "ntlm",
        &s.url(),
        &args(&["--ntlm", &creds]),
        Ok(()),
        Some(&password),
    );
    check(
        &mut f,
        "ntlm, none",
        &s.url(),
        &[],
        Err(&[
            "{op}: HTTP 401 Unauthorized from",
            "no credentials are configured",
            "offers Negotiate, NTLM",
        ]),
        None,
    );
    let wrong = format!("{}\\{}:wrong-pw", s.ntlm.str("domain"), s.ntlm.str("user"));
    check(
        &mut f,
        "ntlm, wrong",
        &s.url(),
        &args(&["--ntlm", &wrong]),
        Err(&["refused the NTLM credentials"]),
        Some("wrong-pw"),
    );
    report(f);
}

/// The runtime API itself: several calls share one NTLM connection (the handshake is
/// pinned to it and not repeated), and the typed error names operation and endpoint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ntlm_connection_is_pinned_and_errors_are_typed() {
    let s = NtlmServer::start();
    let (domain, user, password) = (
        s.ntlm.str("domain"),
        s.ntlm.str("user"),
        s.ntlm.str("password"),
    );
    let client = Client::builder(s.url())
        .auth(Auth::ntlm(
            Some(domain.clone()),
            user.clone(),
            password.clone(),
        ))
        .build()
        .expect("client");
    let port = AuthenticationSoap::from_client(client);
    for i in 0..5 {
        port.logout(Some(format!("t{i}")))
            .await
            .expect("logout over NTLM");
    }
    // One connection, one handshake, five calls. (The acceptor refuses a handshake split
    // over two connections, so any success already proves the pinning.)
    drop(port);

    let endpoint = s.url().replace("http://", "http://someone:pw-in-url@");
    let anonymous = AuthenticationSoap::from_client(Client::new(endpoint));
    match anonymous.logout(Some("x".into())).await {
        Err(e @ Error::Unauthorized { .. }) => {
            assert_eq!(e.kind(), ErrorKind::Unauthorized);
            let Error::Unauthorized {
                operation,
                endpoint,
                offered,
                ..
            } = &e
            else {
                unreachable!()
            };
            assert_eq!(*operation, "Logout");
            assert_eq!(endpoint, &s.url());
            assert_eq!(offered, &["Negotiate".to_string(), "NTLM".to_string()]);
            let text = format!("{e} {e:?}");
            assert!(!text.contains("pw-in-url"), "{text}");
        }
        other => panic!("expected Error::Unauthorized, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_errors_from_apache() {
    let s = WebServers::start();
    let (user, password) = (s.httpd.str("user"), s.httpd.str("password"));
    let call = |client: Client| async move {
        AuthenticationSoap::from_client(client)
            .logout(Some("t".into()))
            .await
    };
    // Basic refused: Unauthorized, the password nowhere in the error.
    let c = Client::builder(s.http("/basic/svc.asmx"))
        .auth(Auth::basic(user.clone(), "not-the-password"))
        .build()
        .expect("client");
    let e = call(c).await.expect_err("401");
    assert_eq!(e.kind(), ErrorKind::Unauthorized, "{e}");
    assert!(!format!("{e} {e:?}").contains("not-the-password"));
    // Digest works with the right password, twice (the second call reuses the nonce).
    let c = Client::builder(s.http("/digest/svc.asmx"))
        .auth(Auth::digest(user.clone(), password.clone()))
        .build()
        .expect("client");
    call(c.clone()).await.expect("digest 1");
    call(c).await.expect("digest 2");
    // Unknown CA and missing client certificate: Error::Tls.
    let e = call(Client::new(s.https("https")))
        .await
        .expect_err("unknown CA");
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    let ca = std::fs::read(s.file("ca_cert")).expect("ca");
    let c = Client::builder(s.https("mtls"))
        .add_root_certificate_pem(ca.clone())
        .build()
        .expect("client");
    let e = call(c).await.expect_err("no client certificate");
    assert_eq!(e.kind(), ErrorKind::Tls, "{e}");
    // danger_accept_invalid_certs reaches the server without its CA.
    let c = Client::builder(s.https("https"))
        .danger_accept_invalid_certs(true)
        .build()
        .expect("client");
    call(c).await.expect("accept invalid certs");
    // Per-call header on a derived client.
    let base = Client::builder(s.http("/header/svc.asmx"))
        .build()
        .expect("client");
    let e = call(base.clone())
        .await
        .expect_err("403 without the header");
    assert_eq!(e.http_status(), Some(403));
    let with = base.with_http_header(s.httpd.str("header_name"), s.httpd.str("header_value"));
    call(with).await.expect("with the per-call header");
}

/// `max_connections_per_host(1)`: eight concurrent calls share one connection (gSOAP
/// counts the connections it accepted; without the limit it sees eight).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_limit_keeps_concurrent_calls_on_one_connection() {
    let server = gsoap::GsoapServer::start();
    let options = soapgen_runtime::Options::default().max_connections_per_host(1);
    let client = Client::builder(server.url("/svc.asmx"))
        .options(options)
        .build()
        .expect("client");
    let port = std::sync::Arc::new(AuthenticationSoap::from_client(client));
    let calls: Vec<_> = (0..8)
        .map(|i| {
            let port = port.clone();
            tokio::spawn(async move { port.logout(Some(format!("t{i}"))).await })
        })
        .collect();
    for c in calls {
        c.await.expect("task").expect("logout");
    }
    drop(port);
    assert_eq!(server.stop(), 1, "connections accepted by gSOAP");
}
