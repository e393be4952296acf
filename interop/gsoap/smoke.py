#!/usr/bin/env python3
"""Smoke test for the gSOAP interop server (standard library only).

    python3 interop/gsoap/smoke.py [--server BINARY] [--save DIR] [--verbose]

Builds the server with build.sh (unless --server is given), starts it on a free port,
sends the seed help-page envelopes (placeholders filled in) for SOAP 1.1 and 1.2 to both
operations, plus faults and a special-character round trip over one keep-alive
connection, and checks status, content type, envelope version and values.
--save DIR writes each raw HTTP response (status line, headers, body) to DIR/<case>.http.
Exit status 0 when all checks pass.
"""

import argparse
import http.client
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
SAJ = "http://services.sajan.com/"
PS = "https://services.sajan.com/schemas/ProjectService"
SEJ = "http://www.sansejour.com/"

# The seed help pages' sample requests, verbatim apart from the placeholders.
ENVELOPE = {
    "1.1": '<?xml version="1.0" encoding="utf-8"?>\n'
           '<soap:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
           'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">\n'
           '  <soap:Body>\n{body}\n  </soap:Body>\n</soap:Envelope>',
    "1.2": '<?xml version="1.0" encoding="utf-8"?>\n'
           '<soap12:Envelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xmlns:xsd="http://www.w3.org/2001/XMLSchema" '
           'xmlns:soap12="http://www.w3.org/2003/05/soap-envelope">\n'
           '  <soap12:Body>\n{body}\n  </soap12:Body>\n</soap12:Envelope>',
}
AUTHENTICATE = ('    <Authenticate xmlns="http://services.sajan.com/">\n'
                '      <request>\n'
                '        <UserName>{user}</UserName>\n'
                '        <Password>secret</Password>\n'
                '        <IPAddress>192.0.2.1</IPAddress>\n'
                '      </request>\n'
                '    </Authenticate>')
LOGOUT = ('    <Logout xmlns="http://www.sansejour.com/">\n'
          '      <token>{token}</token>\n'
          '    </Logout>')

SPECIAL = "a<b&c>d\"e'f Zoë 東京 😀"


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def request(conn, version, action, body, path):
    data = ENVELOPE[version].format(body=body).encode("utf-8")
    if version == "1.1":
        headers = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '"%s"' % action}
    else:
        headers = {"Content-Type": 'application/soap+xml; charset=utf-8; action="%s"' % action}
    conn.request("POST", path, body=data, headers=headers)
    resp = conn.getresponse()
    return resp, resp.read()


class Checker:
    def __init__(self, verbose):
        self.failures = 0
        self.verbose = verbose

    def check(self, case, cond, what):
        if not cond:
            self.failures += 1
            print("FAIL %s: %s" % (case, what))
        elif self.verbose:
            print("ok   %s: %s" % (case, what))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--server")
    ap.add_argument("--save")
    ap.add_argument("--verbose", action="store_true")
    opts = ap.parse_args()

    server = opts.server or subprocess.run(
        [os.path.join(HERE, "build.sh")], check=True, stdout=subprocess.PIPE,
        text=True).stdout.strip()
    proc = subprocess.Popen([server, "0"], stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline().split()
        if len(line) != 2 or line[0] != "LISTENING":
            sys.exit("server did not print LISTENING <port>: %r" % line)
        port = int(line[1])
        return run(port, opts)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run(port, opts):
    c = Checker(opts.verbose)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    if opts.save:
        os.makedirs(opts.save, exist_ok=True)

    def do(case, version, action, body, path, status, fault_code=None):
        nonlocal conn
        resp, data = request(conn, version, action, body, path)
        if opts.save:
            with open(os.path.join(opts.save, case + ".http"), "wb") as fh:
                fh.write(("HTTP/1.1 %d %s\r\n" % (resp.status, resp.reason)).encode())
                for k, v in resp.getheaders():
                    fh.write(("%s: %s\r\n" % (k, v)).encode())
                fh.write(b"\r\n" + data)
        env_ns = SOAP11 if version == "1.1" else SOAP12
        ctype = resp.getheader("Content-Type", "")
        c.check(case, resp.status == status, "HTTP %d (want %d)" % (resp.status, status))
        want_ct = "text/xml" if version == "1.1" else "application/soap+xml"
        c.check(case, ctype.startswith(want_ct), "Content-Type %r" % ctype)
        root = ET.fromstring(data)
        c.check(case, root.tag == "{%s}Envelope" % env_ns, "envelope %s" % root.tag)
        body_el = root.find("{%s}Body" % env_ns)
        payload = body_el[0] if body_el is not None and len(body_el) else None
        if fault_code:
            c.check(case, payload is not None and payload.tag == "{%s}Fault" % env_ns, "Fault")
            if version == "1.1":
                code = payload.findtext("faultcode")
                reason = payload.findtext("faultstring")
            else:
                code = payload.findtext("{%s}Code/{%s}Value" % (env_ns, env_ns))
                reason = payload.findtext("{%s}Reason/{%s}Text" % (env_ns, env_ns))
            c.check(case, code and code.endswith(":" + fault_code), "code %r" % code)
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            return payload, reason
        return payload, None

    for v in ("1.1", "1.2"):
        sfx = v.replace(".", "")
        sender = "Client" if v == "1.1" else "Sender"
        receiver = "Server" if v == "1.1" else "Receiver"
        sender_status = 500 if v == "1.1" else 400  # gSOAP: SOAP 1.2 env:Sender -> 400

        # Authenticate, success
        p, _ = do("authenticate-soap%s" % sfx, v, SAJ + "Authenticate",
                  AUTHENTICATE.format(user="alice"), "/AuthenticationService.asmx", 200)
        r = p.find("{%s}AuthenticateResult" % SAJ) if p is not None else None
        c.check("authenticate-soap%s" % sfx, r is not None, "AuthenticateResult")
        if r is not None:
            get = lambda n: r.findtext("{%s}%s" % (SAJ, n))
            siu = r.find("{%s}ServiceInstanceUser" % SAJ)
            sget = lambda n: siu.findtext("{%s}%s" % (PS, n))
            c.check("authenticate-soap%s" % sfx,
                    (get("IsValidToken"), get("AccessToken"), get("SecurityGuid"), get("UserId"))
                    == ("true", "tok-alice", "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "42"),
                    "result values")
            c.check("authenticate-soap%s" % sfx,
                    (sget("UseName"), sget("InstanceId"), sget("Instancename")) ==
                    ("alice", "7", "Sajan EU Production") and all(
                        sget(n) for n in ("ProductionConnectionString",
                                          "CustomerConnectionString",
                                          "WarehouseConnectionString")),
                    "ServiceInstanceUser (children in the ProjectService namespace)")

        # Authenticate, special characters round trip
        p, _ = do("authenticate-special-soap%s" % sfx, v, SAJ + "Authenticate",
                  AUTHENTICATE.format(user=xml_escape(SPECIAL)), "/AuthenticationService.asmx",
                  200)
        if p is not None:
            r = p.find("{%s}AuthenticateResult" % SAJ)
            c.check("authenticate-special-soap%s" % sfx,
                    r.findtext("{%s}AccessToken" % SAJ) == "tok-" + SPECIAL and
                    r.findtext("{%s}ServiceInstanceUser/{%s}UseName" % (SAJ, PS)) == SPECIAL,
                    "UserName echoed exactly")

        # Authenticate faults
        _, reason = do("authenticate-fault-soap%s" % sfx, v, SAJ + "Authenticate",
                       AUTHENTICATE.format(user="fault"), "/AuthenticationService.asmx",
                       sender_status, fault_code=sender)
        c.check("authenticate-fault-soap%s" % sfx, reason == "Invalid user name or password",
                "reason %r" % reason)
        _, reason = do("authenticate-fault-receiver-soap%s" % sfx, v, SAJ + "Authenticate",
                       AUTHENTICATE.format(user="fault-receiver"),
                       "/AuthenticationService.asmx", 500, fault_code=receiver)
        c.check("authenticate-fault-receiver-soap%s" % sfx, reason == "Internal error",
                "reason %r" % reason)

        # Logout
        p, _ = do("logout-soap%s" % sfx, v, SEJ + "Logout", LOGOUT.format(token="abc123"),
                  "/sws/Authentication.asmx", 200)
        c.check("logout-soap%s" % sfx, p is not None and p.tag == "{%s}LogoutResponse" % SEJ
                and len(p) == 0, "empty LogoutResponse")
        _, reason = do("logout-fault-soap%s" % sfx, v, SEJ + "Logout",
                       LOGOUT.format(token="fault"), "/sws/Authentication.asmx",
                       sender_status, fault_code=sender)
        c.check("logout-fault-soap%s" % sfx, reason == "Invalid token", "reason %r" % reason)

    conn.close()
    print("%s: %d failure(s)" % ("PASS" if not c.failures else "FAIL", c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main())
