"""zeep, the reference Python SOAP stack, calls the generated mock servers.

usage: zeep_mock.py SAJAN_WSDL SAJAN_URL SEJOUR_WSDL SEJOUR_URL

Calls every port (SOAP 1.1 and 1.2) of both seed services at the given
endpoints, a normal call and one answered with a fault each, and prints the
results as JSON for examples/tests/mock.rs.
"""
import json
import sys

import zeep
from zeep.exceptions import Fault


def ports(client):
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            yield port.name, port.binding.name


def call(fn):
    try:
        return {"ok": fn()}
    except Fault as f:
        return {"fault": f.message, "code": str(f.code)}


def main():
    sajan_wsdl, sajan_url, sejour_wsdl, sejour_url = sys.argv[1:5]
    out = {}
    client = zeep.Client(sajan_wsdl)
    for name, binding in ports(client):
        svc = client.create_service(binding, sajan_url)

        def auth(user):
            r = svc.Authenticate(request={"UserName": user, "Password": "pw"})
            return {
                "IsValidToken": r.IsValidToken,
                "AccessToken": r.AccessToken,
                "UserId": r.UserId,
                "Instancename": r.ServiceInstanceUser.Instancename,
            }

        out[name] = {"jdoe": call(lambda: auth("jdoe")), "fault": call(lambda: auth("fault"))}
    client = zeep.Client(sejour_wsdl)
    for name, binding in ports(client):
        svc = client.create_service(binding, sejour_url)
        out[name] = {
            "abc": call(lambda: svc.Logout(token="abc")),
            "fault": call(lambda: svc.Logout(token="fault")),
        }
    print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
