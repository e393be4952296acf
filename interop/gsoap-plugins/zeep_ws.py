#!/usr/bin/env python3
"""zeep's request envelope with its WS-Security and WS-Addressing plugins, as the reference
for soapgen's (examples/tests/wss.rs compares them as XML, nonce/created/ids aside).

usage: zeep_ws.py --wsdl W --port P --operation OP --args JSON
                  [--wsse USER:PASS] [--digest] [--timestamp SECS] [--wsa ADDRESS]
Prints the envelope (UTF-8, no declaration) on stdout.
"""
import argparse
import datetime
import json
import sys

from lxml import etree
from zeep import Client
from zeep.wsa import WsAddressingPlugin
from zeep.wsse import utils
from zeep.wsse.username import UsernameToken


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wsdl", required=True)
    ap.add_argument("--port", required=True)
    ap.add_argument("--operation", required=True)
    ap.add_argument("--args", default="{}")
    ap.add_argument("--wsse")
    ap.add_argument("--digest", action="store_true")
    ap.add_argument("--timestamp", type=int)
    ap.add_argument("--wsa")
    o = ap.parse_args()

    wsse = None
    if o.wsse:
        user, password = o.wsse.split(":", 1)
        ts = None
        if o.timestamp is not None:
            # zeep has no Timestamp builder of its own: build it with its wsu ElementMaker,
            # Created/Expires in UTC with Z, as WS-Security services expect.
            now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
            fmt = "%Y-%m-%dT%H:%M:%SZ"
            ts = utils.WSU.Timestamp(
                utils.WSU.Created(now.strftime(fmt)),
                utils.WSU.Expires((now + datetime.timedelta(seconds=o.timestamp)).strftime(fmt)),
            )
        wsse = UsernameToken(user, password, use_digest=o.digest, timestamp_token=ts,
                             zulu_timestamp=True)
    plugins = [WsAddressingPlugin(address_url=o.wsa)] if o.wsa else []
    client = Client(o.wsdl, wsse=wsse, plugins=plugins)
    service = None
    for s in client.wsdl.services.values():
        if o.port in s.ports:
            service = client.bind(s.name, o.port)
    if service is None:
        sys.exit(f"no port {o.port}")
    env = client.create_message(service, o.operation, **json.loads(o.args))
    sys.stdout.write(etree.tostring(env, encoding="unicode"))


if __name__ == "__main__":
    main()
