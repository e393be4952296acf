//! `bench loop WHAT N [FILE]`: repeats one operation N times with no timing around it,
//! for `perf record` / `valgrind --tool=callgrind` (see BENCHMARKS.md).
//!
//! WHAT is `decode-list FILE`, `decode-auth FILE`, `baseline FILE`, `encode-upload FILE`
//! (values read from an `upload-request-N.xml`), `encode-auth FILE` (from
//! `authenticate-request.xml`), `call-generated DIR` / `call-plain DIR` (loopback
//! Authenticate calls; DIR holds the messages) or `generate WSDL`.

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use crate::bulk;
use crate::codec;
use crate::server::{Body, Server};

fn read(file: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))
}

/// Runs `what` `n` times over `file`.
pub fn run(what: &str, n: usize, file: &Path) -> Result<(), String> {
    let opts = soapgen_runtime::Options::default().max_response_bytes(usize::MAX);
    match what {
        "decode-list" => {
            let b = read(file)?;
            for _ in 0..n {
                black_box(codec::decode_list(black_box(&b), &opts).map_err(|e| e.to_string())?);
            }
        }
        "decode-auth" => {
            let b = read(file)?;
            for _ in 0..n {
                black_box(
                    codec::decode_authenticate(black_box(&b), &opts).map_err(|e| e.to_string())?,
                );
            }
        }
        "baseline" => {
            let b = read(file)?;
            for _ in 0..n {
                black_box(codec::baseline(black_box(&b)).map_err(|e| e.to_string())?);
            }
        }
        "encode-upload" => {
            let v: bulk::UploadInstanceUsers =
                codec::read_upload(&read(file)?).map_err(|e| e.to_string())?;
            for _ in 0..n {
                black_box(codec::encode("UploadInstanceUsers", black_box(&v)));
            }
        }
        "encode-auth" => {
            let v: bulk::Authenticate =
                codec::read_authenticate(&read(file)?).map_err(|e| e.to_string())?;
            for _ in 0..n {
                black_box(codec::encode("Authenticate", black_box(&v)));
            }
        }
        "call-generated" | "call-plain" | "call-generated-untimed" | "call-plain-timed" => {
            let response = read(&file.join("authenticate-response.xml"))?;
            let request_bytes = read(&file.join("authenticate-request.xml"))?;
            let request: bulk::Authenticate =
                codec::read_authenticate(&request_bytes).map_err(|e| e.to_string())?;
            let server =
                Server::start(Body::Bytes(Arc::new(response))).map_err(|e| e.to_string())?;
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            // `-untimed`: the generated client over a default reqwest client (no
            // timeouts); `-timed`: the plain POST over a reqwest client configured
            // like the runtime's (no redirects, 100 s / 30 s timeouts).
            let mut builder = soapgen_runtime::Client::builder(server.url.clone());
            if what == "call-generated-untimed" {
                builder = builder.transport(soapgen_runtime::ReqwestTransport::from_client(
                    reqwest::Client::new(),
                ));
            }
            let client = builder.build().map_err(|e| e.to_string())?;
            let generated = bulk::BulkServiceSoap::from_client(client);
            let plain = if what == "call-plain-timed" {
                reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .timeout(std::time::Duration::from_secs(100))
                    .connect_timeout(std::time::Duration::from_secs(30))
                    .build()
                    .map_err(|e| e.to_string())?
            } else {
                reqwest::Client::new()
            };
            rt.block_on(async {
                for _ in 0..n {
                    if what.starts_with("call-generated") {
                        black_box(
                            generated
                                .authenticate(request.request.clone())
                                .await
                                .map_err(|e| e.to_string())?,
                        );
                    } else {
                        let r = plain
                            .post(&server.url)
                            .header("Content-Type", "text/xml; charset=utf-8")
                            .header("SOAPAction", "\"http://services.sajan.com/Authenticate\"")
                            .body(request_bytes.clone())
                            .send()
                            .await
                            .map_err(|e| e.to_string())?;
                        black_box(r.bytes().await.map_err(|e| e.to_string())?);
                    }
                }
                Ok::<(), String>(())
            })?;
        }
        "generate" => {
            for _ in 0..n {
                black_box(
                    soapgen::Builder::new()
                        .generate(file)
                        .map_err(|e| e.to_string())?,
                );
            }
        }
        other => return Err(format!("unknown operation `{other}`")),
    }
    Ok(())
}
