//! A gzip bomb (about 1 MiB on the wire, 1 GiB decompressed, from
//! `interop/httpd/gzip_bomb.py`) is refused with a typed too-large error, because the
//! response limit applies to the decompressed bytes, and the client's memory stays
//! bounded: the peak RSS of the example binaries is measured (getrusage of the waited
//! children; this test binary starts no other child that exits before the measurement).

#[path = "interop/gsoap.rs"]
mod gsoap;
#[path = "deploy/servers.rs"]
mod servers;
#[path = "interop/zeep.rs"]
mod zeep;

use std::process::Command;

use examples::sejour::AuthenticationSoap;
use servers::Launcher;
use soapgen_runtime::{Client, Error};

/// Peak resident set size of the largest waited-for child process, in KiB.
fn children_peak_rss_kib() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(rc, 0, "getrusage");
    usage.ru_maxrss
}

#[test]
fn gzip_bomb_is_refused_in_bounded_memory() {
    let bomb = Launcher::start("interop/httpd/gzip_bomb.py", &[]);
    let compressed = bomb.info["compressed"].as_u64().expect("compressed");
    let decompressed = bomb.info["decompressed"].as_u64().expect("decompressed");
    assert!(
        compressed < 2 << 20 && decompressed > 1 << 30,
        "{}",
        bomb.info
    );
    let url = format!("http://127.0.0.1:{}/svc.asmx", bomb.port("port"));

    // The runtime API: a typed error, whatever the declared Content-Length (compressed).
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let r = rt.block_on(
        AuthenticationSoap::from_client(Client::new(url.clone())).logout(Some("t".into())),
    );
    match r {
        Err(Error::ResponseTooLarge {
            limit,
            declared: None,
        }) => assert_eq!(limit, 16 << 20),
        other => panic!("expected Error::ResponseTooLarge, got {other:?}"),
    }

    // The binaries, both versions, async and blocking.
    for bin in [env!("CARGO_BIN_EXE_sajan"), env!("CARGO_BIN_EXE_sejour")] {
        for extra in [
            &[][..],
            &["--soap12"][..],
            &["--blocking"][..],
            &["--soap12", "--blocking"][..],
        ] {
            let out = Command::new(bin)
                .args(["--endpoint", &url])
                .args(extra)
                .output()
                .expect("run");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{bin} {extra:?}: {stderr}");
            assert!(
                stderr.contains("larger than the limit of 16777216 bytes"),
                "{bin} {extra:?}: {stderr}"
            );
        }
    }
    let peak = children_peak_rss_kib();
    eprintln!(
        "gzip bomb: {compressed} bytes compressed, {decompressed} decompressed; peak RSS of \
         the example binaries: {peak} KiB ({:.1} MiB)",
        peak as f64 / 1024.0
    );
    // The 16 MiB body limit plus the process itself; far from the 1 GiB of the bomb.
    assert!(peak < 96 * 1024, "peak RSS {peak} KiB");
}
