#!/usr/bin/env python3
"""An NTLM-protected SOAP endpoint, as IIS with Windows authentication presents one.

    .venv/bin/python interop/ntlm/server.py --backend PORT

The NTLM acceptor is PyPI `pyspnego` (`spnego.server(protocol="ntlm")`), which checks the
NTLMv2 response against the user file named by `NTLM_USER_FILE` (written by this script
into a temporary directory, `DOMAIN:USER:PASSWORD`). The HTTP side is the standard
library's threading HTTP/1.1 server:

- a request without `Authorization: NTLM ...` gets 401 with `WWW-Authenticate: Negotiate`
  and `WWW-Authenticate: NTLM` (what IIS offers);
- `Authorization: NTLM <type 1>` gets 401 with `WWW-Authenticate: NTLM <type 2>`; the
  handshake state lives on the TCP connection, like IIS: a type 3 message on another
  connection is refused (401);
- `Authorization: NTLM <type 3>` that pyspnego accepts authenticates the connection: the
  request and later ones on the same connection are forwarded to the SOAP backend
  (127.0.0.1:PORT) and its answer is returned; a rejected type 3 gets 401 again.

Prints one JSON line once listening: `{"port", "domain", "user", "password"}`. Every
connection and its outcome is logged on stderr (`CONNECTION n`, `AUTHENTICATED n DOMAIN\\user`,
`REJECTED n ...`); credentials are never logged. Serves until stdin is closed.
"""

import argparse
import base64
import http.client
import itertools
import json
import os
import sys
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import spnego
    import spnego.exceptions
except ImportError:
    sys.exit("server.py: pyspnego is missing: run `bash .ci/install-deps.sh` "
             "(installs .ci/requirements/ntlm.txt into <repo>/.venv) and use .venv/bin/python")

DOMAIN, USER, PASSWORD = "SOAPGEN", "bob", "NTLM-p@ss wörd"
COUNTER = itertools.count(1)


def log(msg):
    sys.stderr.write(f"[ntlm] {msg}\n")
    sys.stderr.flush()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    backend = 0

    def setup(self):
        super().setup()
        self.conn_id = next(COUNTER)
        self.ntlm = None
        self.user = None
        log(f"CONNECTION {self.conn_id}")

    def reply(self, status, headers, body=b""):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def challenge(self, token=None):
        if token is None:
            self.ntlm = None
            headers = [("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM")]
        else:
            headers = [("WWW-Authenticate", "NTLM " + base64.b64encode(token).decode())]
        body = b"401 Unauthorized"
        self.reply(401, headers + [("Content-Type", "text/plain")], body)

    def do_POST(self):
        length = self.headers.get("Content-Length")
        if length is None:
            self.reply(411, [("Connection", "close")])
            self.close_connection = True
            return
        body = self.rfile.read(int(length))
        if self.user is None:
            auth = self.headers.get("Authorization", "")
            scheme, _, data = auth.partition(" ")
            if scheme.lower() != "ntlm" or not data:
                return self.challenge()
            try:
                token = base64.b64decode(data, validate=True)
            except ValueError:
                return self.challenge()
            if self.ntlm is None:
                if token[8:12] != b"\x01\x00\x00\x00":  # not a NEGOTIATE message
                    log(f"REJECTED {self.conn_id} (no handshake on this connection)")
                    return self.challenge()
                self.ntlm = spnego.server(protocol="ntlm")
            try:
                out = self.ntlm.step(token)
            except spnego.exceptions.SpnegoError as e:
                log(f"REJECTED {self.conn_id} ({type(e).__name__}: {e})")
                return self.challenge()
            if not self.ntlm.complete:
                return self.challenge(out or b"")
            self.user = self.ntlm.client_principal
            log(f"AUTHENTICATED {self.conn_id} {self.user}")
        self.forward(body)

    def forward(self, body):
        conn = http.client.HTTPConnection("127.0.0.1", self.backend, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() in ("content-type", "soapaction")}
        conn.request("POST", self.path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        out = [("Content-Type", r.getheader("Content-Type", "text/xml"))]
        self.reply(r.status, out, data)

    def log_message(self, fmt, *args):
        pass  # request lines carry nothing we need; connection events are logged above


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", type=int, required=True, help="SOAP backend port on 127.0.0.1")
    ap.add_argument("--password", default=PASSWORD, help="the user's password (no `:`)")
    args = ap.parse_args()
    d = tempfile.mkdtemp(prefix="soapgen-ntlm-")
    users = os.path.join(d, "users")
    with open(users, "w", encoding="utf-8") as f:
        f.write(f"{DOMAIN}:{USER}:{args.password}\n")
    os.environ["NTLM_USER_FILE"] = users
    Handler.backend = args.backend
    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1], "domain": DOMAIN, "user": USER,
                      "password": args.password}), flush=True)
    try:
        sys.stdin.read()
    finally:
        server.shutdown()
        os.remove(users)
        os.rmdir(d)


if __name__ == "__main__":
    main()
