#!/usr/bin/env python3
"""Print SOAP envelopes as zeep (python-zeep) serializes them: a reference stack to
compare soapgen's generated clients against. Never touches the network.

Request envelope (what a zeep client would POST):

    envelopes.py --wsdl FILE [--service S] [--port P] --operation OP [--args JSON]

Response envelope (what zeep would write for the operation's output message):

    envelopes.py --response --wsdl FILE [--service S] [--port P] --operation OP [--values JSON]

--args / --values: a JSON object (keyword arguments; for a document/literal wrapped
operation these are the children of the wrapper element, e.g.
'{"request": {"UserName": "u"}}' for Authenticate / '{"AuthenticateResult": {...}}' for
AuthenticateResponse) or a JSON array (positional arguments). Default: {}.
--service/--port default to the first service and its first port; the port decides the
binding and so the SOAP version (e.g. AuthenticationServiceSoap12 -> SOAP 1.2).
--binding NAME uses a binding directly (needed for WSDLs without wsdl:service).

Output: the envelope serialized with lxml etree.tostring (UTF-8, no XML declaration
unless --xml-declaration; --pretty indents). --headers also prints the HTTP headers zeep
would send (JSON) on stderr. --list prints services, ports, bindings and operations.

WSDL/XSD loading is local only: relative and file: locations are read from disk;
http(s) locations are refused unless mapped with --urlmap (a TSV with `url` and
`local_path` columns, e.g. shared/corpus/URLMAP.tsv, whose paths are relative to
<tsv dir>/<name>/ when it has a `name` column, else to the TSV's directory).
"""

import argparse
import csv
import json
import os
import sys
from urllib.parse import unquote, urlparse

from lxml import etree

import zeep
import zeep.exceptions
from zeep.transports import Transport
from zeep.wsdl.bindings.soap import Soap11Binding, Soap12Binding


class NetworkRefused(Exception):
    pass


class LocalOnlyTransport(Transport):
    """A zeep Transport that only reads local files and never opens a socket."""

    def __init__(self, urlmap=None):
        super().__init__(cache=None)
        self.urlmap = urlmap or {}

    def load(self, url):
        if not url:
            raise ValueError("No url given to load")
        path = lookup(self.urlmap, url)
        if path is None:
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = unquote(parsed.path)
            elif parsed.scheme == "":
                path = url
            else:
                raise NetworkRefused(
                    "refusing to fetch %s (local files only; map it with --urlmap)" % url)
        with open(os.path.expanduser(path), "rb") as fh:
            return fh.read()

    def _load_remote_data(self, url):  # defensive: never reached through load()
        raise NetworkRefused("refusing to fetch %s" % url)

    def post(self, address, message, headers):
        raise NetworkRefused("refusing to POST to %s" % address)

    def post_xml(self, address, envelope, headers):
        raise NetworkRefused("refusing to POST to %s" % address)

    def get(self, address, params, headers):
        raise NetworkRefused("refusing to GET %s" % address)


def read_urlmap(path, wsdl):
    """url -> local file. With a `name` column (shared/corpus/URLMAP.tsv), rows of the
    entry that contains the WSDL win; other entries' copies are a fallback."""
    mine, others = {}, {}
    base = os.path.dirname(os.path.abspath(path))
    wsdl = os.path.abspath(wsdl)
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            url, local = row.get("url"), row.get("local_path")
            if not url or not local:
                continue
            root = os.path.join(base, row["name"]) if row.get("name") else base
            target = mine if wsdl.startswith(root + os.sep) else others
            target.setdefault(url, os.path.join(root, local))
    others.update(mine)
    return others


def lookup(urlmap, url):
    """Exact match, else the same URL with http/https swapped (zeep may upgrade to https)."""
    if url in urlmap:
        return urlmap[url]
    for a, b in (("https://", "http://"), ("http://", "https://")):
        if url.startswith(a) and b + url[len(a):] in urlmap:
            return urlmap[b + url[len(a):]]
    return None


def pick_port(client, service_name, port_name):
    services = client.wsdl.services
    if not services:
        sys.exit("error: the WSDL defines no service")
    if service_name is None:
        service = next(iter(services.values()))
    elif service_name in services:
        service = services[service_name]
    else:
        sys.exit("error: no service %r (have: %s)" % (service_name, ", ".join(services)))
    if port_name is None:
        port = next(iter(service.ports.values()))
    elif port_name in service.ports:
        port = service.ports[port_name]
    else:
        sys.exit("error: no port %r in service %s (have: %s)"
                 % (port_name, service.name, ", ".join(service.ports)))
    return service, port


def pick_binding(client, name):
    """A binding by local name or {namespace}local; default: the first SOAP binding."""
    bindings = client.wsdl.bindings
    for qname, binding in bindings.items():
        if name is None and soap_version(binding):
            return binding
        if name is not None and name in (qname, etree.QName(qname).localname):
            return binding
    sys.exit("error: no %s (have: %s)" % (
        "binding %r" % name if name else "SOAP binding",
        ", ".join(etree.QName(q).localname for q in bindings)))


def typed(client, value):
    """JSON objects with a "_type": "{namespace}name" key become instances of that XSD type
    (zeep then writes xsi:type when it is derived from the declared type)."""
    if isinstance(value, list):
        return [typed(client, v) for v in value]
    if not isinstance(value, dict):
        return value
    fields = {k: typed(client, v) for k, v in value.items() if k != "_type"}
    if "_type" not in value:
        return fields
    return client.get_type(value["_type"])(**fields)


def call_args(text, client=None):
    try:
        value = json.loads(text)
    except ValueError as exc:
        sys.exit("error: --args/--values is not valid JSON: %s" % exc)
    if client is not None:
        value = typed(client, value)
    if isinstance(value, dict):
        return [], value
    if isinstance(value, list):
        return value, {}
    sys.exit("error: --args/--values must be a JSON object or array")


def soap_version(binding):
    if isinstance(binding, Soap12Binding):
        return "1.2"
    if isinstance(binding, Soap11Binding):
        return "1.1"
    return None  # HTTP GET/POST binding




def list_wsdl(client):
    for qname, binding in client.wsdl.bindings.items():
        version = soap_version(binding)
        print("binding %s  %s" % (qname, "soap " + version if version else "http (not SOAP)"))
        for name in sorted(binding._operations):
            print("    operation %s" % name)
    for service in client.wsdl.services.values():
        print("service %s" % service.name)
        for port in service.ports.values():
            binding = port.binding
            print("  port %s  binding %s  %s  address %s" % (
                port.name, binding.name,
                "soap " + soap_version(binding) if soap_version(binding) else "http (not SOAP)",
                (port.binding_options or {}).get("address")))
            for name in sorted(binding._operations):
                print("    operation %s" % name)


class JobError(Exception):
    """A job failed in --serve mode (what sys.exit / ap.error report otherwise)."""


class Parser(argparse.ArgumentParser):
    """In --serve jobs, argument errors are raised instead of exiting the process."""

    raise_errors = False

    def error(self, message):
        if self.raise_errors:
            raise JobError("error: " + message)
        super().error(message)


def make_parser():
    ap = Parser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wsdl", help="local WSDL file (required unless --serve)")
    ap.add_argument("--service")
    ap.add_argument("--port")
    ap.add_argument("--binding", help="use a binding directly (WSDLs without wsdl:service)")
    ap.add_argument("--operation")
    ap.add_argument("--args", default="{}", help="JSON object/array of request arguments")
    ap.add_argument("--response", action="store_true",
                    help="print the output (response) envelope instead of the request")
    ap.add_argument("--values", default="{}", help="JSON object/array of response values")
    ap.add_argument("--urlmap", help="TSV mapping absolute import URLs to local files")
    ap.add_argument("--pretty", action="store_true", help="indent the output")
    ap.add_argument("--xml-declaration", action="store_true")
    ap.add_argument("--headers", action="store_true",
                    help="print the HTTP headers zeep would send as JSON on stderr")
    ap.add_argument("--list", action="store_true", help="list services/ports/operations")
    ap.add_argument("--debug", action="store_true", help="show Python tracebacks")
    ap.add_argument("--serve", action="store_true",
                    help="run jobs read from stdin, one JSON array of these arguments per "
                         "line; answer one JSON object per line on stdout (see serve())")
    return ap


_CLIENTS = {}


def load_client(opts):
    """The zeep Client for --wsdl/--urlmap, cached (loading a WSDL is the slow part)."""
    key = (os.path.abspath(opts.wsdl), os.path.abspath(opts.urlmap) if opts.urlmap else None)
    if key in _CLIENTS:
        return _CLIENTS[key]
    transport = LocalOnlyTransport(read_urlmap(opts.urlmap, opts.wsdl) if opts.urlmap else None)
    try:
        client = zeep.Client(os.path.abspath(opts.wsdl), transport=transport)
    except NetworkRefused:
        raise
    except Exception as exc:  # zeep cannot read every WSDL; say so without a traceback
        if opts.debug:
            raise
        sys.exit("error: zeep could not load %s: %s: %s (--debug for a traceback)"
                 % (opts.wsdl, type(exc).__name__, exc))
    _CLIENTS[key] = client
    return client


def produce(opts, ap):
    """The envelope (lxml's bytes) and {"soap": "1.1"|"1.2", "headers": {...}}."""
    client = load_client(opts)
    if not opts.operation:
        ap.error("--operation is required (or use --list)")

    if opts.binding or not client.wsdl.services:
        binding = pick_binding(client, opts.binding)
        proxy_factory = lambda: client.create_service(binding.name, "http://localhost/")
    else:
        service, port = pick_port(client, opts.service, opts.port)
        binding = port.binding
        proxy_factory = lambda: client.bind(service.name, port.name)
    if soap_version(binding) is None:
        sys.exit("error: %s is not a SOAP binding" % binding.name)
    try:
        operation = binding.get(opts.operation)
    except ValueError:
        operation = None
    if operation is None:
        sys.exit("error: no operation %r in binding %s (have: %s)" % (
            opts.operation, binding.name, ", ".join(sorted(binding._operations))))

    try:
        envelope, headers = build(opts, client, binding, operation, proxy_factory)
    except (TypeError, ValueError, zeep.exceptions.Error) as exc:
        if opts.debug:
            raise
        sys.exit("error: zeep rejected the %s: %s: %s" % (
            "values" if opts.response else "args", type(exc).__name__, exc))

    # Exactly lxml's bytes (no trailing newline added), so outputs can be compared bytewise.
    out = etree.tostring(envelope, encoding="utf-8", xml_declaration=opts.xml_declaration,
                         pretty_print=opts.pretty)
    return out, {"soap": soap_version(binding), "headers": dict(headers)}


def serve():
    """--serve: a long-running oracle for test suites (zeep is imported and each WSDL
    loaded once). Each stdin line is a JSON array of the usual arguments (without
    --serve); each answer is one line of JSON on stdout (ASCII, flushed):
    {"ok": true, "xml": "<envelope>", "soap": "1.1", "headers": {...}} or
    {"ok": false, "error": "error: ..."}. Ends at EOF on stdin."""
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            argv = json.loads(line)
            if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
                raise JobError("error: a job is a JSON array of strings")
            ap = make_parser()
            ap.raise_errors = True
            opts = ap.parse_args(argv)
            if opts.serve or opts.list or not opts.wsdl:
                raise JobError("error: a job needs --wsdl and takes neither --serve nor --list")
            out, info = produce(opts, ap)
            reply = {"ok": True, "xml": out.decode("utf-8"), **info}
        except JobError as exc:
            reply = {"ok": False, "error": str(exc)}
        except SystemExit as exc:  # the sys.exit("error: ...") calls of the CLI path
            reply = {"ok": False, "error": str(exc.code)}
        except NetworkRefused as exc:
            reply = {"ok": False, "error": "error: %s" % exc}
        except Exception as exc:  # keep serving: report the job's failure
            reply = {"ok": False, "error": "error: %s: %s" % (type(exc).__name__, exc)}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


def main(argv=None):
    ap = make_parser()
    opts = ap.parse_args(argv)
    if opts.serve:
        return serve()
    if not opts.wsdl:
        ap.error("--wsdl is required (unless --serve)")

    if opts.list:
        list_wsdl(load_client(opts))
        return 0
    out, info = produce(opts, ap)
    if opts.headers:
        print(json.dumps(info, ensure_ascii=False), file=sys.stderr)
    sys.stdout.buffer.write(out)
    return 0


def build(opts, client, binding, operation, proxy_factory):
    """Returns (envelope element, HTTP headers)."""
    if opts.response:
        if operation.output is None:
            sys.exit("error: operation %s has no output message (one-way)" % opts.operation)
        args, kwargs = call_args(opts.values, client)
        # DocumentMessage/RpcMessage.serialize builds soap-env:Envelope/Body/<output part>
        serialized = operation.output.serialize(*args, **kwargs)
        envelope = serialized.content
        # What a server would send: only the content type (no SOAPAction / action=).
        headers = {"Content-Type": "application/soap+xml; charset=utf-8"
                   if soap_version(binding) == "1.2" else "text/xml; charset=utf-8"}
    else:
        args, kwargs = call_args(opts.args, client)
        proxy = proxy_factory()
        # What client.create_message() does, but with the chosen port's options (address)
        # instead of the default service's.
        envelope, headers = proxy._binding._create(
            opts.operation, args, kwargs, client=client, options=proxy._binding_options)
    return envelope, headers


if __name__ == "__main__":
    import signal
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet `| head`
    try:
        sys.exit(main())
    except NetworkRefused as exc:
        sys.exit("error: %s" % exc)
