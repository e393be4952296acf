#!/usr/bin/env python3
"""Validate SOAP envelopes against the XML Schemas embedded in a WSDL (xmlschema, XSD 1.0).

    validate.py --wsdl FILE                   compile the WSDL's schemas (checks the schemas)
    validate.py --wsdl FILE ENVELOPE...       ... and validate each envelope's Body children
    validate.py --wsdl FILE -                 envelope on stdin
    validate.py --wsdl FILE --extract DIR     write the schemas as standalone .xsd files
                                              (imports get schemaLocation), e.g. for
                                              `xmllint --schema DIR/schema0.xsd`

Every xs:schema under wsdl:types is a separate schema document. Namespace declarations in
scope on wsdl:definitions are copied onto each schema root, and an xs:import without a
schemaLocation is pointed at the sibling schema of that namespace. External
(schemaLocation) imports/includes are resolved relative to the WSDL and must be local.
A soap Fault in the Body is not validated (it belongs to the envelope schema).
Exit status 0 when everything is valid, 1 otherwise.
"""

import argparse
import copy
import os
import sys

import xmlschema
from lxml import etree

XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP_ENVS = ("http://schemas.xmlsoap.org/soap/envelope/", "http://www.w3.org/2003/05/soap-envelope")


def standalone_schemas(wsdl_path):
    """[(targetNamespace, lxml schema element)] with inherited xmlns and sibling imports."""
    doc = etree.parse(wsdl_path)
    schemas = doc.getroot().findall("{%s}types/{%s}schema" % (WSDL, XSD))
    out = []
    for i, schema in enumerate(schemas):
        nsmap = dict(schema.nsmap)  # includes ancestors' declarations
        root = etree.Element(schema.tag, attrib=dict(schema.attrib), nsmap=nsmap)
        root.text = schema.text
        for child in schema:
            root.append(copy.deepcopy(child))
        out.append((schema.get("targetNamespace", ""), root))
    return out


def write_extracted(wsdl_path, outdir):
    os.makedirs(outdir, exist_ok=True)
    schemas = standalone_schemas(wsdl_path)
    names = {tns: "schema%d.xsd" % i for i, (tns, _) in enumerate(schemas)}
    base = os.path.dirname(os.path.abspath(wsdl_path))
    paths = []
    for i, (tns, root) in enumerate(schemas):
        for imp in root.findall("{%s}import" % XSD):
            if imp.get("schemaLocation"):
                imp.set("schemaLocation", os.path.join(base, imp.get("schemaLocation")))
            elif imp.get("namespace") in names:
                imp.set("schemaLocation", names[imp.get("namespace")])
        for inc in root.findall("{%s}include" % XSD):
            inc.set("schemaLocation", os.path.join(base, inc.get("schemaLocation")))
        path = os.path.join(outdir, "schema%d.xsd" % i)
        etree.ElementTree(root).write(path, xml_declaration=True, encoding="utf-8")
        paths.append(path)
    return paths


def load_schema(wsdl_path, tmpdir):
    paths = write_extracted(wsdl_path, tmpdir)
    if not paths:
        sys.exit("error: %s has no wsdl:types/xs:schema" % wsdl_path)
    # The first schema is the main one; its (sibling) imports bring in the others. Any
    # schema not reachable by import is added as an extra source.
    return xmlschema.XMLSchema(paths if len(paths) > 1 else paths[0])


def validate_envelope(schema, data, label):
    ok = True
    root = etree.fromstring(data)
    if etree.QName(root).namespace not in SOAP_ENVS or etree.QName(root).localname != "Envelope":
        print("%s: INVALID: root is %s, not a SOAP Envelope" % (label, root.tag))
        return False
    body = root.find("{%s}Body" % etree.QName(root).namespace)
    if body is None:
        print("%s: INVALID: no Body" % label)
        return False
    for child in body:
        if not isinstance(child.tag, str):
            continue
        if etree.QName(child).localname == "Fault" and etree.QName(child).namespace in SOAP_ENVS:
            print("%s: Fault (not validated)" % label)
            continue
        errors = list(schema.iter_errors(etree.tostring(child)))
        if errors:
            ok = False
            for err in errors:
                print("%s: INVALID %s: %s (at %s)" % (label, child.tag, err.reason, err.path))
        else:
            print("%s: valid %s" % (label, child.tag))
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wsdl", required=True)
    ap.add_argument("--extract", metavar="DIR", help="write standalone .xsd files and exit")
    ap.add_argument("envelopes", nargs="*")
    opts = ap.parse_args(argv)

    if opts.extract:
        for path in write_extracted(opts.wsdl, opts.extract):
            print(path)
        return 0

    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        try:
            schema = load_schema(opts.wsdl, tmp)
        except xmlschema.XMLSchemaException as exc:
            print("%s: schema INVALID: %s" % (opts.wsdl, exc))
            return 1
        print("%s: schemas OK (%s)" % (opts.wsdl, ", ".join(
            sorted(ns or "(no namespace)" for ns in schema.maps.namespaces
                   if ns not in (XSD, "http://www.w3.org/XML/1998/namespace",
                                 "http://www.w3.org/2001/XMLSchema-instance")))))
        ok = True
        for name in opts.envelopes:
            data = sys.stdin.buffer.read() if name == "-" else open(name, "rb").read()
            ok = validate_envelope(schema, data, "<stdin>" if name == "-" else name) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
