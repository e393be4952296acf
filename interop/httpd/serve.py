#!/usr/bin/env python3
"""Independent web servers in front of a SOAP backend, for the client configuration tests.

    python3 interop/httpd/serve.py --backend PORT [--dir DIR]

Generates a test PKI with the openssl CLI (a CA, a server certificate for localhost and
127.0.0.1, a client certificate, and a second CA that signed nothing the servers use),
writes the configurations into DIR (default: a new temporary directory), and starts:

- Apache httpd (Debian `apache2`, `-DFOREGROUND`, its own configuration) with four ports:
  `http`   plain HTTP, reverse proxy (mod_proxy_http) to the backend, responses compressed
           by mod_deflate when the client accepts gzip; `/basic/` needs Basic auth
           (mod_auth_basic), `/digest/` Digest MD5 auth (mod_auth_digest; Apache implements
           MD5 only), `/bearer/` an `Authorization: Bearer <token>` header (mod_rewrite: 401
           with `WWW-Authenticate: Bearer` otherwise), `/header/` an `X-Api-Key` header (403
           otherwise); any other path is open;
  `https`  TLS (mod_ssl) with the server certificate, reverse proxy to the backend;
  `mtls`   TLS with `SSLVerifyClient require` (client certificates signed by the test CA);
  `proxy`  a forward proxy (`ProxyRequests On`, mod_proxy_connect: CONNECT to `https`/`mtls`).
- lighttpd with Digest SHA-256 auth (mod_auth, `algorithm` SHA-256) on every path, reverse
  proxy to the backend (port `digest256`).

Prints one JSON line on stdout once every port accepts connections (the servers log their
start): ports, the credentials, the PKI file paths and the access log path. Then waits until
stdin is closed (the test process ended or dropped its handle) and stops the servers.
The access log has one line per request: `<port> "<request line>" <status> enc=<Content-Encoding>
user=<authenticated user>` (never a credential).
"""

import argparse
import hashlib
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading

CREDENTIALS = {
    "user": "alice",
    "password": "s3cret:p@ss wörd",
    "bearer": "tok-3f2504e0-4f89-41d3-9a0c",
    "header_name": "X-Api-Key",
    "header_value": "key-42",
    "realm": "soapgen test",
}

APACHE_MODULES = [
    "mpm_event", "authn_core", "authn_file", "authz_core", "authz_user", "auth_basic",
    "auth_digest", "proxy", "proxy_http", "proxy_connect", "ssl", "socache_shmcb",
    "filter", "deflate", "headers", "rewrite", "setenvif",
]


def die(msg):
    print(f"serve.py: ERROR: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def need(tool, package):
    path = shutil.which(tool) or (f"/usr/sbin/{tool}" if os.path.exists(f"/usr/sbin/{tool}") else None)
    if not path:
        die(f"`{tool}` not found: install the Debian package `{package}` "
            "(bash .ci/install-deps.sh, which reads .ci/packages/httpd.txt)")
    return path


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, cwd):
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if r.returncode != 0:
        die(f"{' '.join(cmd)} failed ({r.returncode}):\n{r.stderr}")


def make_pki(d):
    """CA, server (localhost, 127.0.0.1), client, and an unrelated CA; EC P-256."""
    openssl = need("openssl", "openssl")
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
    for ca in ("ca", "other-ca"):
        run([openssl, "req", "-x509", *key, "-keyout", f"{ca}.key", "-out", f"{ca}.pem",
             "-days", "2", "-subj", f"/CN=soapgen {ca} (test)",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign"], d)
    leaves = {
        "server": ("/CN=localhost", "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                   "extendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n"),
        "client": ("/CN=soapgen-client", "extendedKeyUsage=clientAuth\nbasicConstraints=CA:FALSE\n"),
    }
    for name, (subj, ext) in leaves.items():
        with open(os.path.join(d, f"{name}.ext"), "w") as f:
            f.write(ext)
        run([openssl, "req", *key, "-keyout", f"{name}.key", "-out", f"{name}.csr",
             "-subj", subj], d)
        run([openssl, "x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext"], d)
    run([openssl, "pkcs12", "-export", "-inkey", "client.key", "-in", "client.pem",
         "-out", "client.p12", "-passout", "pass:p12-pass"], d)
    return {
        "ca_cert": os.path.join(d, "ca.pem"),
        "other_ca_cert": os.path.join(d, "other-ca.pem"),
        "client_cert": os.path.join(d, "client.pem"),
        "client_key": os.path.join(d, "client.key"),
        "client_p12": os.path.join(d, "client.p12"),
        "client_p12_password": "p12-pass",
    }


def write_users(d):
    c = CREDENTIALS
    sha = base64.b64encode(hashlib.sha1(c["password"].encode()).digest()).decode()
    with open(os.path.join(d, "htpasswd"), "w") as f:
        f.write(f"{c['user']}:{{SHA}}{sha}\n")
    ha1 = hashlib.md5(f"{c['user']}:{c['realm']}:{c['password']}".encode()).hexdigest()
    with open(os.path.join(d, "htdigest"), "w") as f:
        f.write(f"{c['user']}:{c['realm']}:{ha1}\n")
    with open(os.path.join(d, "lighttpd.users"), "w") as f:
        f.write(f"{c['user']}:{c['password']}\n")


def apache_conf(d, ports, backend):
    c = CREDENTIALS
    mods = "\n".join(f"LoadModule {m}_module /usr/lib/apache2/modules/mod_{m}.so"
                     for m in APACHE_MODULES)
    user = "User www-data\nGroup www-data\n" if os.geteuid() == 0 else ""
    back = f"http://127.0.0.1:{backend}/"
    tls = f"""SSLEngine on
    SSLCertificateFile {d}/server.pem
    SSLCertificateKeyFile {d}/server.key
    ProxyPass / {back}"""
    return f"""# Generated by interop/httpd/serve.py
ServerRoot {d}
ServerName 127.0.0.1
{mods}
{user}PidFile {d}/apache.pid
DefaultRuntimeDir {d}
Mutex file:{d} default
ErrorLog /dev/stderr
LogLevel notice
LogFormat "%{{local}}p \\"%r\\" %>s enc=%{{Content-Encoding}}o user=%u" soapgen
CustomLog {d}/access.log soapgen
StartServers 1
ServerLimit 2
ThreadsPerChild 16
MaxRequestWorkers 32
MinSpareThreads 8
MaxSpareThreads 32
SSLSessionCache shmcb:{d}/ssl_scache(512000)
Timeout 30
Listen 127.0.0.1:{ports['http']}
Listen 127.0.0.1:{ports['https']}
Listen 127.0.0.1:{ports['mtls']}
Listen 127.0.0.1:{ports['proxy']}

<VirtualHost 127.0.0.1:{ports['http']}>
    AddOutputFilterByType DEFLATE text/xml application/soap+xml
    <Location /basic/>
        AuthType Basic
        AuthName "{c['realm']}"
        AuthBasicProvider file
        AuthUserFile {d}/htpasswd
        Require valid-user
    </Location>
    <Location /digest/>
        AuthType Digest
        AuthName "{c['realm']}"
        AuthDigestProvider file
        AuthDigestDomain /digest/
        AuthUserFile {d}/htdigest
        Require valid-user
    </Location>
    <Location /bearer/>
        RewriteEngine On
        RewriteCond %{{HTTP:Authorization}} "!=Bearer {c['bearer']}"
        RewriteRule .* - [R=401,L]
    </Location>
    Header always set WWW-Authenticate "Bearer realm=\\"{c['realm']}\\"" "expr=%{{REQUEST_STATUS}} == 401 && %{{REQUEST_URI}} =~ m#^/bearer/#"
    <Location /header/>
        Require expr "%{{HTTP:{c['header_name']}}} == '{c['header_value']}'"
    </Location>
    ProxyPass / {back}
</VirtualHost>

<VirtualHost 127.0.0.1:{ports['https']}>
    {tls}
</VirtualHost>

<VirtualHost 127.0.0.1:{ports['mtls']}>
    {tls}
    SSLVerifyClient require
    SSLVerifyDepth 2
    SSLCACertificateFile {d}/ca.pem
</VirtualHost>

<VirtualHost 127.0.0.1:{ports['proxy']}>
    ProxyRequests On
    AllowCONNECT {ports['https']} {ports['mtls']}
    <Proxy "*">
        Require all granted
    </Proxy>
</VirtualHost>
"""


def lighttpd_conf(d, port, backend):
    c = CREDENTIALS
    return f"""# Generated by interop/httpd/serve.py
server.modules = ("mod_auth", "mod_authn_file", "mod_proxy")
server.bind = "127.0.0.1"
server.port = {port}
server.document-root = "{d}"
auth.backend = "plain"
auth.backend.plain.userfile = "{d}/lighttpd.users"
auth.require = ("" => ("method" => "digest", "realm" => "{c['realm']}",
                      "algorithm" => "SHA-256", "require" => "valid-user"))
proxy.server = ("" => (("host" => "127.0.0.1", "port" => {backend})))
"""


def start(cmd, ready, name):
    """Starts `cmd`, waits for a stderr line containing `ready`, then relays stderr."""
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sys.stderr,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    for line in p.stderr:
        seen.append(line)
        if ready in line:
            break
    else:
        p.wait()
        die(f"{name} did not start (exit {p.returncode}):\n{''.join(seen)}")

    def relay():
        for line in p.stderr:
            sys.stderr.write(f"[{name}] {line}")
    threading.Thread(target=relay, daemon=True).start()
    return p


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", type=int, required=True, help="port of the SOAP backend on 127.0.0.1")
    ap.add_argument("--dir", help="working directory (default: a new temporary one, removed at exit)")
    args = ap.parse_args()
    apache = need("apache2", "apache2")
    lighttpd = need("lighttpd", "lighttpd")
    d = args.dir or tempfile.mkdtemp(prefix="soapgen-httpd-")
    os.makedirs(d, exist_ok=True)
    os.chmod(d, 0o755)  # Apache's workers (www-data) read the user files
    pki = make_pki(d)
    write_users(d)
    for f in ("htpasswd", "htdigest"):
        os.chmod(os.path.join(d, f), 0o644)
    ports = {k: free_port() for k in ("http", "https", "mtls", "proxy", "digest256")}
    with open(os.path.join(d, "apache.conf"), "w") as f:
        f.write(apache_conf(d, ports, args.backend))
    with open(os.path.join(d, "lighttpd.conf"), "w") as f:
        f.write(lighttpd_conf(d, ports["digest256"], args.backend))
    procs = []

    def stop(*_):
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
        if not args.dir:
            shutil.rmtree(d, ignore_errors=True)

    signal.signal(signal.SIGTERM, lambda *_: (stop(), sys.exit(0)))
    try:
        procs.append(start([apache, "-DFOREGROUND", "-f", f"{d}/apache.conf"],
                           "resuming normal operations", "apache2"))
        procs.append(start([lighttpd, "-D", "-f", f"{d}/lighttpd.conf"],
                           "server started", "lighttpd"))
        info = {"ports": ports, "dir": d, "access_log": os.path.join(d, "access.log"),
                **pki, **CREDENTIALS}
        print(json.dumps(info), flush=True)
        sys.stdin.read()  # until the test closes our stdin (or exits)
    finally:
        stop()


if __name__ == "__main__":
    main()
