#!/usr/bin/env python3
"""A gzip bomb server: every POST gets 200 `text/xml` with `Content-Encoding: gzip` whose body
is about 1 MiB compressed and 1 GiB + a few bytes decompressed (a SOAP 1.1 envelope whose
response element holds 1 GiB of spaces in a comment).

    python3 interop/httpd/gzip_bomb.py

Standard library only. Listens on 127.0.0.1 (a free port), prints one JSON line
`{"port": P, "compressed": N, "decompressed": M}` once bound, serves until stdin is closed.
The body is built once from one compressed 1 MiB block repeated 1024 times (each block ends
with a full flush, so the copies are independent), so start-up takes about a second.
"""

import json
import struct
import sys
import threading
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = (b'<?xml version="1.0" encoding="utf-8"?>'
          b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
          b'<LogoutResponse xmlns="http://www.sansejour.com/"><!--')
SUFFIX = b"--></LogoutResponse></soap:Body></soap:Envelope>"
BLOCK = b" " * (1 << 20)
COPIES = 1024


def deflate_part(data, final):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def bomb():
    block = deflate_part(BLOCK, False)
    crc = zlib.crc32(PREFIX)
    for _ in range(COPIES):
        crc = zlib.crc32(BLOCK, crc)
    crc = zlib.crc32(SUFFIX, crc)
    size = len(PREFIX) + COPIES * len(BLOCK) + len(SUFFIX)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    body = b"".join([header, deflate_part(PREFIX, False), block * COPIES,
                     deflate_part(SUFFIX, True), struct.pack("<II", crc, size & 0xFFFFFFFF)])
    return body, size


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    body = b""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        try:
            self.wfile.write(self.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up reading: what a careful client does

    def log_message(self, fmt, *args):
        sys.stderr.write("[gzip_bomb] " + fmt % args + "\n")


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up
            super().handle_error(request, client_address)


def main():
    body, size = bomb()
    assert zlib.decompressobj(31).decompress(body[:4096], 100)  # a valid gzip start
    Handler.body = body
    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1], "compressed": len(body),
                      "decompressed": size}), flush=True)
    sys.stdin.read()
    server.shutdown()


if __name__ == "__main__":
    main()
