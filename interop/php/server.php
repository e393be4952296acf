<?php
// PHP SoapServer (ext/soap) in WSDL mode for the interop matrix, run by the tests with PHP's
// built-in web server: `php -S 127.0.0.1:PORT interop/php/server.php`.
//
//   GET  /encoded?wsdl, /literal?wsdl  the WSDL (wsdl/*.wsdl, address set to this host)
//   POST /encoded, /encoded12          rpc/encoded service (EncodedService.wsdl: its SOAP 1.1
//                                      and SOAP 1.2 ports; PHP answers in the request's version)
//   POST /literal                      document/literal wrapped service (LiteralService.wsdl)
//
// The handlers echo what they receive, so the tests check both directions field by field.

ini_set('soap.wsdl_cache_enabled', '0');
ini_set('display_errors', '0');

$services = [
    '/encoded' => ['EncodedService.wsdl', 'EncodedHandler'],
    '/encoded12' => ['EncodedService.wsdl', 'EncodedHandler'],
    '/literal' => ['LiteralService.wsdl', 'LiteralHandler'],
];
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (!isset($services[$path])) {
    http_response_code(404);
    echo "no service at $path\n";
    return true;
}
[$wsdl, $handler] = $services[$path];
$wsdl = __DIR__ . '/wsdl/' . $wsdl;

if ($_SERVER['REQUEST_METHOD'] === 'GET') {
    header('Content-Type: text/xml; charset=utf-8');
    echo str_replace('http://localhost/', 'http://' . $_SERVER['HTTP_HOST'] . '/', file_get_contents($wsdl));
    return true;
}

class EncodedHandler
{
    public function echoPerson($person)
    {
        return $person;
    }

    public function echoStrings($values)
    {
        return $values;
    }

    // Both addresses are one PHP object: ext/soap writes it once, with id="ref1", and
    // refers to it twice with href="#ref1" (SOAP 1.1 section 5.2.1 multi-reference value).
    public function sharedAddress($address)
    {
        $household = new stdClass();
        $household->first = $address;
        $household->second = $address;
        return $household;
    }

    public function fail($code)
    {
        $problem = new stdClass();
        $problem->code = $code;
        $problem->message = "problem <$code> & Zoë";
        throw new SoapFault('Client', "failed with $code", null, $problem, 'problem');
    }
}

class LiteralHandler
{
    private $session = null;

    // The binding-declared header <Session><token>..</token></Session>.
    public function Session($header)
    {
        $this->session = $header->token;
    }

    public function PutOrder($request)
    {
        $response = new stdClass();
        $response->order = $request->order;
        if ($this->session !== null) {
            $response->session = $this->session;
        }
        return $response;
    }

    public function GetOrder($request)
    {
        $id = $request->id;
        if ($id < 0) {
            $detail = new stdClass();
            $detail->code = 404;
            $detail->message = "no order $id <none> & Zoë";
            throw new SoapFault('Client', "unknown order $id", null, $detail, 'OrderFault');
        }
        $order = new stdClass();
        $order->id = $id;
        $order->customer = 'Zoë & Sons <東京>';
        $order->created = '2024-02-29T23:59:58.125Z';
        $order->status = 'shipped';
        $order->item = [];
        for ($i = 0; $i < $id; $i++) {
            $item = new stdClass();
            $item->sku = "SKU-$i";
            $item->quantity = $i;
            $item->price = '12.50';
            if ($i % 2 === 0) {
                $item->data = "\x00\x01\xfe\xff$i";
            }
            $order->item[] = $item;
        }
        if ($id % 2 === 1) {
            $order->note = "odd order";
        }
        $order->discount = $id === 0 ? null : '-0.05';
        $response = new stdClass();
        $response->order = $order;
        return $response;
    }
}

$server = new SoapServer($wsdl, ['cache_wsdl' => WSDL_CACHE_NONE, 'encoding' => 'UTF-8']);
$server->setClass($handler);
$server->handle();
return true;
