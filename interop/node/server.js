// node-soap (npm `soap`) server for the interop matrix, started by
// interop/matrix/tests/node.rs: `node interop/node/server.js [PORT]`.
//
// Serves wsdl/OrdersService.wsdl: the SOAP 1.1 port at /orders, the SOAP 1.2 port at
// /orders12 (node-soap answers GET <path>?wsdl with the WSDL it was given). Prints
// "LISTENING <port>" once both are listening.
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const soap = require('soap');

const xml = fs.readFileSync(path.join(__dirname, 'wsdl', 'OrdersService.wsdl'), 'utf8');
const asArray = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function divideFault(soap12, a) {
  const detail = { DivideFault: { dividend: a, message: 'division of ' + a + ' by <0> & Zoë' } };
  if (soap12) {
    return {
      Fault: {
        Code: { Value: 'soap:Sender' },
        Reason: { Text: 'division by zero' },
        Detail: detail,
        statusCode: 400,
      },
    };
  }
  return { Fault: { faultcode: 'soap:Client', faultstring: 'division by zero', detail, statusCode: 500 } };
}

function port(soap12) {
  return {
    Concat(args) {
      const items = asArray((args || {}).item);
      return { joined: items.join('|'), count: items.length };
    },
    Describe(args) {
      const p = (args || {}).person || {};
      const tags = asArray(p.tag);
      return {
        summary: p.name + ' (' + (p.age === undefined ? '?' : p.age) + ') ' + tags.length + ' tags',
        person: p,
      };
    },
    Divide(args) {
      const a = Number((args || {}).a);
      const b = Number((args || {}).b);
      if (b === 0) {
        throw divideFault(soap12, a);
      }
      return { result: a / b };
    },
  };
}

const services = { OrdersService: { OrdersSoap: port(false), OrdersSoap12: port(true) } };
const server = http.createServer((req, res) => {
  res.statusCode = 404;
  res.end('no service at ' + req.url + '\n');
});
server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  let ready = 0;
  const done = () => {
    ready += 1;
    if (ready === 2) {
      console.log('LISTENING ' + server.address().port);
    }
  };
  soap.listen(server, { path: '/orders', services, xml, callback: done });
  // node-soap writes SOAP 1.2 envelopes only with forceSoap12Headers (per listener).
  soap.listen(server, { path: '/orders12', services, xml, forceSoap12Headers: true, callback: done });
});
