//! End to end over loopback: the generated client calling `Authenticate` (seed size)
//! against the in-process [`crate::server`] answering fixed bytes, beside a plain
//! reqwest POST of the same request bytes to the same server, in the same run. One call
//! in flight at a time over a kept-alive connection; short rounds alternate the two.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::bulk;
use crate::server::{Body, Server};
use crate::stats::{median, percentile, process_cpu_ns};

/// The figures of one client.
#[derive(Debug, Clone)]
pub struct E2eResult {
    /// `generated client` or `plain reqwest`.
    pub name: String,
    /// Median over the rounds of calls per second.
    pub calls_s: f64,
    /// Calls per second of every round.
    pub samples: Vec<f64>,
    /// Median over the rounds of the on-CPU time of the whole process (client, server,
    /// kernel work done on their behalf) per call, microseconds: unlike calls/s, other
    /// load on the machine does not inflate it.
    pub cpu_us: f64,
    /// Median latency of all measured calls, microseconds.
    pub p50_us: f64,
    /// 99th percentile latency, microseconds.
    pub p99_us: f64,
    /// Measured calls in all.
    pub calls: usize,
}

fn summarise(name: &str, samples: Vec<f64>, cpu: &[f64], latencies: &[f64]) -> E2eResult {
    E2eResult {
        name: name.into(),
        calls_s: median(&samples),
        cpu_us: median(cpu) * 1e6,
        samples,
        p50_us: percentile(latencies, 50.0) * 1e6,
        p99_us: percentile(latencies, 99.0) * 1e6,
        calls: latencies.len(),
    }
}

/// Runs both clients; returns (generated, plain reqwest).
pub fn run(dir: &Path, quick: bool) -> Result<(E2eResult, E2eResult), String> {
    // Short rounds, alternating the two clients, so load from elsewhere on the machine
    // hits both alike; calls/s is the median over the rounds.
    let (rounds, per_round, warmup) = if quick {
        (4, 500, 200)
    } else {
        (20, 1000, 1000)
    };
    let response =
        std::fs::read(dir.join("authenticate-response.xml")).map_err(|e| e.to_string())?;
    let request_bytes =
        std::fs::read(dir.join("authenticate-request.xml")).map_err(|e| e.to_string())?;
    let request: bulk::Authenticate = crate::codec::read_authenticate(&request_bytes)
        .map_err(|e| format!("authenticate-request.xml: {e}"))?;
    let response_len = response.len();
    let server =
        Server::start(Body::Bytes(Arc::new(response))).map_err(|e| format!("server: {e}"))?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    rt.block_on(async {
        let client = soapgen_runtime::Client::builder(server.url.clone())
            .build()
            .map_err(|e| e.to_string())?;
        let generated = bulk::BulkServiceSoap::from_client(client);
        let plain = reqwest::Client::new();

        let call_generated = || async {
            let r = generated
                .authenticate(request.request.clone())
                .await
                .map_err(|e| format!("generated client: {e}"))?;
            match r.and_then(|r| r.service_instance_user) {
                Some(_) => Ok(()),
                None => Err("generated client: no ServiceInstanceUser in the answer".to_string()),
            }
        };
        let call_plain = || async {
            let resp = plain
                .post(&server.url)
                .header("Content-Type", "text/xml; charset=utf-8")
                .header("SOAPAction", "\"http://services.sajan.com/Authenticate\"")
                .body(request_bytes.clone())
                .send()
                .await
                .map_err(|e| format!("reqwest: {e}"))?;
            let status = resp.status();
            let body = resp.bytes().await.map_err(|e| format!("reqwest: {e}"))?;
            if !status.is_success() || body.len() != response_len {
                return Err(format!("reqwest: status {status}, {} bytes", body.len()));
            }
            Ok(())
        };

        for _ in 0..warmup {
            call_generated().await?;
            call_plain().await?;
        }
        let (mut gen_rates, mut gen_lat, mut gen_cpu) = (Vec::new(), Vec::new(), Vec::new());
        let (mut plain_rates, mut plain_lat, mut plain_cpu) = (Vec::new(), Vec::new(), Vec::new());
        let cpu_per_call = |before: Option<u64>| match (before, process_cpu_ns()) {
            (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9 / per_round as f64,
            _ => 0.0,
        };
        for _ in 0..rounds {
            let cpu = process_cpu_ns();
            let start = Instant::now();
            for _ in 0..per_round {
                let t = Instant::now();
                call_generated().await?;
                gen_lat.push(t.elapsed().as_secs_f64());
            }
            gen_rates.push(per_round as f64 / start.elapsed().as_secs_f64());
            gen_cpu.push(cpu_per_call(cpu));
            let cpu = process_cpu_ns();
            let start = Instant::now();
            for _ in 0..per_round {
                let t = Instant::now();
                call_plain().await?;
                plain_lat.push(t.elapsed().as_secs_f64());
            }
            plain_rates.push(per_round as f64 / start.elapsed().as_secs_f64());
            plain_cpu.push(cpu_per_call(cpu));
        }
        Ok((
            summarise("generated client", gen_rates, &gen_cpu, &gen_lat),
            summarise("plain reqwest", plain_rates, &plain_cpu, &plain_lat),
        ))
    })
}
