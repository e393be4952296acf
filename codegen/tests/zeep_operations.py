"""Lists the operations zeep sees in a WSDL, as JSON, for codegen/tests/inspect.rs.

usage: zeep_operations.py WSDL [URL=PATH ...]

The same data `python -m zeep WSDL` prints under "Service:/Port:/Operations:"
(zeep's Document.dump walks service.ports and port.binding._operations), plus
the SOAP bindings that no service uses, which the dump only names. Absolute
imports are read from the given local files; nothing is fetched.
"""
import json
import sys

from zeep.transports import Transport
from zeep.wsdl import Document
from zeep.wsdl.bindings.soap import SoapBinding


class MappedTransport(Transport):
    def __init__(self, mapping):
        super().__init__()
        self.mapping = mapping

    def load(self, url):
        # The same schema is named by http:// and https:// URLs in the wild.
        for u in (url, url.replace("https://", "http://", 1), url.replace("http://", "https://", 1)):
            if u in self.mapping:
                with open(self.mapping[u], "rb") as f:
                    return f.read()
        if url.startswith(("http://", "https://")):
            raise RuntimeError("unmapped remote import: " + url)
        return super().load(url)


def main():
    wsdl = sys.argv[1]
    mapping = dict(a.split("=", 1) for a in sys.argv[2:])
    doc = Document(wsdl, MappedTransport(mapping))
    ports = []
    used = set()
    for service in doc.services.values():
        for port in service.ports.values():
            used.add(port.binding.name)
            if not isinstance(port.binding, SoapBinding):
                continue
            ops = sorted(port.binding._operations)
            ports.append([service.name, port.name, ops])
    bindings = []
    for name, binding in doc.bindings.items():
        if name in used or not isinstance(binding, SoapBinding):
            continue
        bindings.append([binding.name.localname, sorted(binding._operations)])
    print(json.dumps({"ports": ports, "bindings": bindings}))


if __name__ == "__main__":
    main()
