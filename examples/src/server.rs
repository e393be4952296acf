//! A small SOAP server on loopback: real HTTP/1.1 (keep-alive,
//! Content-Length), answering `Authenticate` and `Logout` the way the ASMX
//! services do, in the SOAP version of the request. Every exchange is
//! recorded so demos and tests can show the envelopes.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    /// Header names lower-cased, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Request {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A response to send.
#[derive(Debug, Clone)]
pub struct Response {
    /// HTTP status.
    pub status: u16,
    /// Content-Type.
    pub content_type: String,
    /// Body.
    pub body: String,
}

/// One request/response pair.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// What the client sent.
    pub request: Request,
    /// What the server answered.
    pub response: Response,
}

/// The handler type.
pub type Handler = Arc<dyn Fn(&Request) -> Response + Send + Sync>;

/// A running server; stops when dropped.
pub struct Server {
    /// `http://127.0.0.1:PORT/...` to point clients at.
    pub url: String,
    /// The bound address.
    pub addr: SocketAddr,
    log: Arc<Mutex<Vec<Exchange>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server on 127.0.0.1 with a free port.
    pub async fn start(path: &str, handler: Handler) -> std::io::Result<Server> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let log = Arc::new(Mutex::new(Vec::new()));
        let task_log = log.clone();
        let task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                let (h, l) = (handler.clone(), task_log.clone());
                tokio::spawn(async move {
                    let _ = serve_connection(sock, h, l).await;
                });
            }
        });
        Ok(Server {
            url: format!("http://{addr}{path}"),
            addr,
            log,
            task,
        })
    }

    /// Starts a server that answers like both seed services.
    pub async fn seed(path: &str) -> std::io::Result<Server> {
        Server::start(path, Arc::new(seed_handler)).await
    }

    /// Takes the exchanges recorded so far.
    pub fn take_exchanges(&self) -> Vec<Exchange> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

async fn serve_connection(
    sock: TcpStream,
    handler: Handler,
    log: Arc<Mutex<Vec<Exchange>>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(sock);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut headers = Vec::new();
        loop {
            let mut h = String::new();
            reader.read_line(&mut h).await?;
            let h = h.trim_end();
            if h.is_empty() {
                break;
            }
            if let Some((n, v)) = h.split_once(':') {
                headers.push((n.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let len = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0)
            .min(64 << 20);
        let mut body = vec![0; len];
        reader.read_exact(&mut body).await?;
        let request = Request {
            headers,
            body: String::from_utf8_lossy(&body).into_owned(),
        };
        let response = handler(&request);
        let head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\r\n",
            response.status,
            if response.status < 300 {
                "OK"
            } else {
                "Internal Server Error"
            },
            response.content_type,
            response.body.len()
        );
        let sock = reader.get_mut();
        sock.write_all(head.as_bytes()).await?;
        sock.write_all(response.body.as_bytes()).await?;
        sock.flush().await?;
        log.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(Exchange { request, response });
    }
}

const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";
const SAJAN: &str = "http://services.sajan.com/";
const PROJECT: &str = "https://services.sajan.com/schemas/ProjectService";
const SEJOUR: &str = "http://www.sansejour.com/";

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn envelope(soap12: bool, body: &str) -> String {
    let (p, ns) = if soap12 {
        ("soap12", SOAP12)
    } else {
        ("soap", SOAP11)
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><{p}:Envelope xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:{p}=\"{ns}\"><{p}:Body>{body}</{p}:Body></{p}:Envelope>"
    )
}

fn fault(soap12: bool, reason: &str) -> Response {
    let body = if soap12 {
        format!("<soap12:Fault><soap12:Code><soap12:Value>soap12:Sender</soap12:Value></soap12:Code><soap12:Reason><soap12:Text xml:lang=\"en\">{}</soap12:Text></soap12:Reason><soap12:Detail /></soap12:Fault>", escape(reason))
    } else {
        format!("<soap:Fault><faultcode>soap:Client</faultcode><faultstring>{}</faultstring><detail /></soap:Fault>", escape(reason))
    };
    respond(soap12, 500, envelope(soap12, &body))
}

fn respond(soap12: bool, status: u16, body: String) -> Response {
    let content_type = if soap12 {
        "application/soap+xml; charset=utf-8"
    } else {
        "text/xml; charset=utf-8"
    };
    Response {
        status,
        content_type: content_type.into(),
        body,
    }
}

/// Answers `Authenticate` (Sajan) and `Logout` (Sejour) like the ASMX
/// services: user name or token `fault` gives a SOAP fault (HTTP 500).
pub fn seed_handler(req: &Request) -> Response {
    let soap12 = req
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/soap+xml"));
    let Ok(doc) = roxmltree::Document::parse(&req.body) else {
        return fault(soap12, "Server was unable to read request.");
    };
    let Some(op) = doc
        .root_element()
        .children()
        .find(|n| n.has_tag_name("Body"))
        .and_then(|b| b.children().find(|n| n.is_element()))
    else {
        return fault(soap12, "Server did not recognize the request.");
    };
    let text = |parent: roxmltree::Node, ns: &str, name: &str| {
        parent
            .children()
            .find(|n| n.has_tag_name((ns, name)))
            .map(|n| n.text().unwrap_or("").to_string())
    };
    if op.has_tag_name((SAJAN, "Authenticate")) {
        let request = op.children().find(|n| n.has_tag_name((SAJAN, "request")));
        let user = request
            .and_then(|r| text(r, SAJAN, "UserName"))
            .unwrap_or_default();
        if user == "fault" {
            return fault(soap12, "Invalid user name or password");
        }
        let el = |name: &str, ns: &str, v: &str| {
            format!("<{name} xmlns=\"{ns}\">{}</{name}>", escape(v))
        };
        let siu = [
            el("UseName", PROJECT, &user),
            el("InstanceId", PROJECT, "7"),
            el("Instancename", PROJECT, "Sajan EU Production"),
            el(
                "ProductionConnectionString",
                PROJECT,
                "Server=db-prod.example.invalid;Database=Prod",
            ),
            el(
                "CustomerConnectionString",
                PROJECT,
                "Server=db-cust.example.invalid;Database=Customers",
            ),
            el(
                "WarehouseConnectionString",
                PROJECT,
                "Server=dw.example.invalid;Database=Warehouse",
            ),
        ]
        .concat();
        let body = format!(
            "<AuthenticateResponse xmlns=\"{SAJAN}\"><AuthenticateResult><IsValidToken>true</IsValidToken><AccessToken>tok-{}</AccessToken><SecurityGuid>3f2504e0-4f89-41d3-9a0c-0305e82c3301</SecurityGuid><UserId>42</UserId><ServiceInstanceUser>{siu}</ServiceInstanceUser></AuthenticateResult></AuthenticateResponse>",
            escape(&user)
        );
        return respond(soap12, 200, envelope(soap12, &body));
    }
    if op.has_tag_name((SEJOUR, "Logout")) {
        if text(op, SEJOUR, "token").as_deref() == Some("fault") {
            return fault(soap12, "Token is not valid or has expired.");
        }
        return respond(
            soap12,
            200,
            envelope(soap12, &format!("<LogoutResponse xmlns=\"{SEJOUR}\" />")),
        );
    }
    fault(
        soap12,
        "Server did not recognize the value of HTTP Header SOAPAction.",
    )
}
