//! A static file map served over HTTP.

use std::collections::HashMap;
use std::net::SocketAddr;

use super::{Response, Server};

/// Serves `files` (request target such as `/path?query` → body; built from the server's
/// address so documents can link back to it) as `text/xml; charset=utf-8`, `404 Not Found`
/// for anything else, one request per connection. [`Server::requests`] lists what was
/// asked.
pub fn files(files: impl FnOnce(SocketAddr) -> HashMap<String, Vec<u8>>) -> Server {
    Server::start_with(|addr| {
        let files = files(addr);
        move |request: &super::Request| {
            match files.get(&request.target) {
                Some(body) => Response::ok("text/xml; charset=utf-8", body.clone()),
                None => Response::new(404)
                    .header("Content-Type", "text/xml; charset=utf-8")
                    .body("not found"),
            }
            .header("Connection", "close")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn get(server: &Server, target: &str) -> String {
        let mut c = std::net::TcpStream::connect(server.addr).unwrap();
        write!(c, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut all = String::new();
        c.read_to_string(&mut all).unwrap();
        all
    }

    #[test]
    fn serves_the_map_and_404s_the_rest() {
        let server = files(|addr| {
            HashMap::from([(
                "/a?wsdl".to_owned(),
                format!("<a href='{addr}'/>").into_bytes(),
            )])
        });
        let a = get(&server, "/a?wsdl");
        assert!(a.starts_with("HTTP/1.1 200 OK\r\n"), "{a}");
        assert!(a.contains("Content-Type: text/xml; charset=utf-8\r\n"));
        assert!(a.ends_with(&format!("<a href='{}'/>", server.addr)));
        assert!(get(&server, "/b").starts_with("HTTP/1.1 404 Not Found\r\n"));
        let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(targets, ["/a?wsdl", "/b"]);
    }
}
