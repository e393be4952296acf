"""spyne (PyPI) SOAP server for the interop matrix, started by interop/matrix/tests/spyne.rs.

One document/literal wrapped service, published twice by spyne itself: SOAP 1.1 at /soap11
and SOAP 1.2 at /soap12 (each answers GET ?wsdl with the WSDL spyne generates). Arrays
(spyne's ArrayOfX wrappers), nested types, an enumeration, decimal and dateTime, optional
and nillable fields, and a declared fault with detail.

Prints "LISTENING <port>" once the socket is bound (port 0 picks a free one).
Usage: server.py [PORT]
"""

import sys
from decimal import Decimal as D
from wsgiref.simple_server import WSGIRequestHandler, make_server

from spyne import (
    Application,
    Array,
    ComplexModel,
    DateTime,
    Decimal,
    Enum,
    Fault,
    Integer,
    ServiceBase,
    Unicode,
    rpc,
)
from spyne.protocol.soap import Soap11, Soap12
from spyne.server.wsgi import WsgiApplication

TNS = "urn:soapgen:spyne"

Status = Enum("draft", "sent", "paid", type_name="Status", __namespace__=TNS)


class Line(ComplexModel):
    __namespace__ = TNS
    _type_info = [
        ("sku", Unicode(min_occurs=1, nillable=False)),
        ("quantity", Integer(min_occurs=1, nillable=False)),
        ("price", Decimal(min_occurs=1, nillable=False)),
    ]


class Customer(ComplexModel):
    __namespace__ = TNS
    _type_info = [
        ("name", Unicode(min_occurs=1, nillable=False)),
        ("email", Unicode),  # optional and nillable (spyne's default)
    ]


class Invoice(ComplexModel):
    __namespace__ = TNS
    _type_info = [
        ("number", Integer(min_occurs=1, nillable=False)),
        ("customer", Customer.customize(min_occurs=1, nillable=False)),
        ("issued", DateTime(min_occurs=1, nillable=False)),
        ("status", Status.customize(min_occurs=1, nillable=False)),
        ("lines", Array(Line)),
        ("tags", Array(Unicode)),
        ("note", Unicode),
        ("total", Decimal),
    ]


class InvoiceNotFound(Fault):
    """Declared fault: its detail is <InvoiceNotFound><number/><reason/></InvoiceNotFound>."""

    __namespace__ = TNS
    _type_info = [
        ("number", Integer),
        ("reason", Unicode),
    ]

    def __init__(self, number=None, reason=None):
        super().__init__("Client.InvoiceNotFound", "no invoice %s" % number)
        self.number = number
        self.reason = reason


class InvoiceService(ServiceBase):
    @rpc(Invoice, _returns=Invoice)
    def echoInvoice(ctx, invoice):
        return invoice

    @rpc(Array(Line), _returns=Decimal)
    def sumLines(ctx, lines):
        return sum((l.price * l.quantity for l in lines or []), D(0))

    @rpc(Integer, _returns=Invoice, _throws=InvoiceNotFound)
    def findInvoice(ctx, number):
        if number is None or number < 0:
            raise InvoiceNotFound(number, "numbers start at 0 <&> Zoë")
        import datetime

        return Invoice(
            number=number,
            customer=Customer(name="Zoë & Sons <東京>", email=None),
            issued=datetime.datetime(2024, 2, 29, 23, 59, 58, 125000, tzinfo=datetime.timezone.utc),
            status="paid",
            lines=[Line(sku="SKU-%d" % i, quantity=i, price=D("12.50")) for i in range(number)],
            tags=[],
            note=None,
            total=D("-0.05") if number else None,
        )


def app(protocol):
    return WsgiApplication(
        Application(
            [InvoiceService],
            tns=TNS,
            name="InvoiceService",
            in_protocol=protocol(validator="lxml"),
            out_protocol=protocol(),
        )
    )


apps = {"/soap11": app(Soap11), "/soap12": app(Soap12)}


def dispatch(environ, start_response):
    target = apps.get(environ.get("PATH_INFO", ""))
    if target is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"no service here\n"]
    return target(environ, start_response)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = make_server("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 0, dispatch, handler_class=QuietHandler)
    print("LISTENING %d" % server.server_port, flush=True)
    server.serve_forever()
