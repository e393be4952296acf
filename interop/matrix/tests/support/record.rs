//! A transport that records what the generated clients send and receive.

use std::sync::{Arc, Mutex};

use soapgen_runtime::{HttpRequest, ReqwestTransport, SendFuture, Transport};

/// One request as the client sent it and the status Mono answered with.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub status: Option<u16>,
    /// The response body (empty when the transport failed).
    pub response: String,
}

impl Exchange {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The default transport, recording every request and the response status.
#[derive(Clone)]
pub struct Recorder {
    inner: ReqwestTransport,
    log: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    pub fn new() -> Recorder {
        Recorder {
            inner: ReqwestTransport::new(&Default::default()).expect("reqwest transport"),
            log: Arc::default(),
        }
    }

    pub fn last(&self) -> Exchange {
        self.log
            .lock()
            .unwrap()
            .last()
            .cloned()
            .expect("a request was sent")
    }
}

impl Transport for Recorder {
    fn send(&self, request: HttpRequest) -> SendFuture<'_> {
        Box::pin(async move {
            let headers = request.headers.clone();
            let body = String::from_utf8(request.body.clone()).expect("UTF-8 request");
            let r = self.inner.send(request).await;
            let status = r.as_ref().ok().map(|r| r.status);
            let response = r
                .as_ref()
                .map(|r| String::from_utf8_lossy(&r.body).into_owned())
                .unwrap_or_default();
            self.log.lock().unwrap().push(Exchange {
                headers,
                body,
                status,
                response,
            });
            r
        })
    }
}
