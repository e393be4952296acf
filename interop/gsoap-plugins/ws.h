// soapcpp2 input of the WS-* interop server: the services wsdl2h generated from the seed
// WSDLs and Attachments.wsdl (services.h), gSOAP's WS-Security and WS-Addressing 1.0
// header definitions, and the test's own header blocks (namespace urn:soapgen:test:headers).

#import "services.h"
#import "wsse.h"
#import "wsa5.h"

//gsoap t schema namespace: urn:soapgen:test:headers
//gsoap t schema elementForm: qualified

/// What the server saw in the request: a response header block, so a client can show it.
struct t__ServerInfoType {
  char *Password;   ///< "Text", "Digest" or "none"
  char *Timestamp;  ///< "true" or "false"
  char *Action;     ///< wsa:Action received, or "none"
  char *Tag;        ///< text of a request header <t:Tag>, or "none"
  char *Mtom;       ///< "true" when the request was multipart/related (MTOM)
};

mutable struct SOAP_ENV__Header {
  struct t__ServerInfoType *t__ServerInfo 0;  ///< sent on every response
  char *t__Tag 0;                             ///< optional request header, echoed
};
