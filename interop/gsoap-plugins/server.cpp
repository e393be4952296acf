// gSOAP WS-* interop server: the seed services (Authenticate, Logout) and the test service
// Attachments.wsdl (Download, Upload), with gSOAP's own plugins doing the WS-* work:
//   - WS-Security (plugin/wsseapi.c): UsernameToken, PasswordText and PasswordDigest
//     verified by soap_wsse_verify_Password, wsu:Timestamp by soap_wsse_verify_Timestamp;
//   - WS-Addressing 1.0 (plugin/wsaapi.c, wsa5.h; 2004/08 requests are accepted too):
//     soap_wsa_check, and soap_wsa_reply answers with wsa:RelatesTo = the request MessageID;
//   - MTOM/XOP (gSOAP's MIME engine): Download answers multipart/related with the content
//     as a binary part; any request that came as MTOM is answered as MTOM, including the
//     seed operations, whose responses carry no binary part at all (as WCF does).
// Every response carries a custom header block <t:ServerInfo xmlns:t="urn:soapgen:test:headers">
// that says what the server saw (password type, timestamp, wsa:Action, <t:Tag>, MTOM).
//
// Usage: gsoap-ws-server [PORT] [--wsse USER:PASS] [--digest-only] [--timestamp-required]
//                        [--wsa] [--mtom]
//   --wsse USER:PASS     every request must carry a UsernameToken for USER with password PASS
//                        (text or digest); otherwise a wsse:FailedAuthentication fault
//   --digest-only        ... and it must be a PasswordDigest
//   --timestamp-required ... and carry a valid wsu:Timestamp
//   --wsa                every request must carry wsa:Action (equal to the operation's
//                        soapAction), wsa:MessageID and wsa:To
//   --mtom               answer every request as MTOM
// PORT 0 (the default) binds a free port on 127.0.0.1 and prints "LISTENING <port>".

#include "soapH.h"
#include "AuthenticationSoap.nsmap"  // every generated .nsmap is the same table
#include "wsaapi.h"
#include "wsseapi.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

namespace {

struct Config {
  std::string user, password;
  bool wsse = false, digest_only = false, timestamp_required = false, wsa = false,
       mtom = false;
} config;

char *dup(struct soap *soap, const std::string &s) { return soap_strdup(soap, s.c_str()); }

std::string *new_string(struct soap *soap, const std::string &value) {
  std::string *s = soap_new_std__string(soap);
  *s = value;
  return s;
}

unsigned long message_counter = 0;

// The request came as multipart/related (gSOAP keeps the root part's start id it parsed).
bool request_was_mtom(struct soap *soap) {
  return (soap->imode & (SOAP_ENC_MTOM | SOAP_ENC_MIME)) != 0 || soap->mime.start != NULL;
}

// Answers as MTOM even when no binary part follows (WCF does this for MTOM endpoints).
void answer_mtom(struct soap *soap) {
  soap_set_omode(soap, SOAP_ENC_MTOM);
  soap_set_mime(soap, "uuid:2b7e1516-28ae-4d2a-a6d2-abf7158809cf+id=1", "<http://tempuri.org/0>");
}

// Checks the request's headers against the configuration and prepares the response
// header (RelatesTo, ServerInfo). Returns SOAP_OK or a fault.
int prepare(struct soap *soap, const char *action) {
  t__ServerInfoType *info = soap_new_t__ServerInfoType(soap);
  bool mtom_request = request_was_mtom(soap);
  info->Mtom = dup(soap, mtom_request ? "true" : "false");
  _wsse__UsernameToken *token = soap_wsse_UsernameToken(soap, NULL);
  std::string kind = "none";
  if (token && token->Password)
    kind = token->Password->Type && !strcmp(token->Password->Type, wsse_PasswordDigestURI)
               ? "Digest"
               : "Text";
  info->Password = dup(soap, kind);
  bool has_timestamp = soap_wsse_Timestamp(soap) != NULL;
  info->Timestamp = dup(soap, has_timestamp ? "true" : "false");
  const char *got_action = soap->header ? soap->header->wsa5__Action : NULL;
  info->Action = dup(soap, got_action ? got_action : "none");
  info->Tag = dup(soap, soap->header && soap->header->t__Tag ? soap->header->t__Tag : "none");

  if (config.wsse) {
    const char *user = soap_wsse_get_Username(soap);  // sets a fault when absent
    if (!user) return soap->error;
    if (config.user != user)
      return soap_wsse_fault(soap, wsse__FailedAuthentication, "unknown user");
    if (soap_wsse_verify_Password(soap, config.password.c_str())) return soap->error;
    if (config.digest_only && kind != "Digest")
      return soap_wsse_fault(soap, wsse__FailedAuthentication, "PasswordDigest required");
    if (config.timestamp_required && !has_timestamp)
      return soap_wsse_fault(soap, wsse__InvalidSecurityToken, "wsu:Timestamp required");
  }
  if (has_timestamp && soap_wsse_verify_Timestamp(soap)) return soap->error;
  if (config.wsa) {
    if (soap_wsa_check(soap)) return soap->error;
    if (strcmp(got_action, action))
      return soap_sender_fault(soap, "wsa:Action does not match the operation", got_action);
    if (!soap->header->wsa5__MessageID || !*soap->header->wsa5__MessageID)
      return soap_sender_fault(soap, "wsa:MessageID missing", NULL);
    if (!soap->header->wsa5__To || !*soap->header->wsa5__To)
      return soap_sender_fault(soap, "wsa:To missing", NULL);
  }

  if (got_action) {
    std::string id = "urn:uuid:00000000-0000-4000-8000-" +
                     std::to_string(1000000000000UL + ++message_counter);
    std::string reply_action = std::string(action) + "Response";
    if (soap_wsa_reply(soap, id.c_str(), reply_action.c_str())) return soap->error;
  } else {
    soap->header = soap_new_SOAP_ENV__Header(soap);
  }
  soap->header->wsse__Security = NULL;  // never echo the request's token
  soap->header->t__Tag = NULL;
  soap->header->t__ServerInfo = info;
  if (mtom_request || config.mtom) answer_mtom(soap);
  return SOAP_OK;
}

void serve_connection(struct soap *soap) {
  soap_serve(soap);
  soap_destroy(soap);
  soap_end(soap);
  soap_free(soap);
}

}  // namespace

// --- Sajan AuthenticationService: Authenticate ------------------------------------------

int __saj__Authenticate(struct soap *soap, _saj__Authenticate *req,
                        _saj__AuthenticateResponse &resp) {
  if (prepare(soap, "http://services.sajan.com/Authenticate")) return soap->error;
  std::string user;
  if (req && req->request && req->request->UserName) user = *req->request->UserName;
  if (user == "fault") return soap_sender_fault(soap, "Invalid user name or password", NULL);
  saj__AuthenticationResponse *result = soap_new_saj__AuthenticationResponse(soap);
  result->IsValidToken = true;
  result->AccessToken = new_string(soap, "tok-" + user);
  result->UserId = 42;
  resp.AuthenticateResult = result;
  return SOAP_OK;
}

int __saj__Authenticate_(struct soap *soap, _saj__Authenticate *req,
                         _saj__AuthenticateResponse &resp) {
  return __saj__Authenticate(soap, req, resp);
}

// --- Sejour Authentication: Logout ------------------------------------------------------

int __sej__Logout(struct soap *soap, _sej__Logout *req, _sej__LogoutResponse &) {
  if (prepare(soap, "http://www.sansejour.com/Logout")) return soap->error;
  if (req && req->token && *req->token == "fault")
    return soap_sender_fault(soap, "Invalid token", NULL);
  return SOAP_OK;
}

int __sej__Logout_(struct soap *soap, _sej__Logout *req, _sej__LogoutResponse &resp) {
  return __sej__Logout(soap, req, resp);
}

// --- Attachments: Download, Upload ------------------------------------------------------

int __att__Download(struct soap *soap, _att__Download *req, _att__DownloadResponse &resp) {
  if (prepare(soap, "urn:soapgen:test:attachments/Download")) return soap->error;
  if (req->size < 0 || req->size > 64 * 1024 * 1024)
    return soap_sender_fault(soap, "size out of range", NULL);
  unsigned char *data = (unsigned char *)soap_malloc(soap, req->size ? req->size : 1);
  for (int i = 0; i < req->size; i++) data[i] = (unsigned char)(i % 251);
  resp.name = req->name;
  resp.content.__ptr = data;
  resp.content.__size = req->size;
  resp.content.id = NULL;  // gSOAP assigns a Content-ID
  resp.content.type = dup(soap, "application/octet-stream");
  resp.content.options = NULL;
  resp.note = "binary part";
  answer_mtom(soap);
  return SOAP_OK;
}

int __att__Download_(struct soap *soap, _att__Download *req, _att__DownloadResponse &resp) {
  return __att__Download(soap, req, resp);
}

int __att__Upload(struct soap *soap, _att__Upload *req, _att__UploadResponse &resp) {
  bool mtom_request = request_was_mtom(soap);
  if (prepare(soap, "urn:soapgen:test:attachments/Upload")) return soap->error;
  unsigned int sum = 0;
  for (int i = 0; i < req->content.__size; i++) sum += req->content.__ptr[i];
  resp.size = req->content.__size;
  resp.checksum = sum;
  resp.mtom = mtom_request && req->content.id != NULL;  // the content came as an XOP part
  return SOAP_OK;
}

int __att__Upload_(struct soap *soap, _att__Upload *req, _att__UploadResponse &resp) {
  return __att__Upload(soap, req, resp);
}

// wsa5.h declares SOAP_ENV__Fault as a one-way operation (a fault relayed to FaultTo).
int SOAP_ENV__Fault(struct soap *soap, char *, char *, char *, struct SOAP_ENV__Detail *,
                    struct SOAP_ENV__Code *, struct SOAP_ENV__Reason *, char *, char *,
                    struct SOAP_ENV__Detail *) {
  return soap_send_empty_response(soap, SOAP_OK);
}

// --- main -------------------------------------------------------------------------------

int main(int argc, char **argv) {
  int port = 0;
  for (int i = 1; i < argc; i++) {
    std::string a = argv[i];
    if (a == "--wsse" && i + 1 < argc) {
      std::string up = argv[++i];
      size_t colon = up.find(':');
      if (colon == std::string::npos) {
        fprintf(stderr, "--wsse wants USER:PASS\n");
        return 2;
      }
      config.wsse = true;
      config.user = up.substr(0, colon);
      config.password = up.substr(colon + 1);
    } else if (a == "--digest-only") {
      config.digest_only = true;
    } else if (a == "--timestamp-required") {
      config.timestamp_required = true;
    } else if (a == "--wsa") {
      config.wsa = true;
    } else if (a == "--mtom") {
      config.mtom = true;
    } else {
      char *end = NULL;
      long p = strtol(argv[i], &end, 10);
      if (!*argv[i] || *end || p < 0 || p > 65535) {
        fprintf(stderr, "usage: %s [PORT] [--wsse USER:PASS] [--digest-only] "
                        "[--timestamp-required] [--wsa] [--mtom]\n", argv[0]);
        return 2;
      }
      port = (int)p;
    }
  }
  signal(SIGPIPE, SIG_IGN);

  struct soap *soap = soap_new1(SOAP_IO_KEEPALIVE | SOAP_C_UTFSTRING);
  soap_register_plugin(soap, soap_wsse);
  soap_register_plugin(soap, soap_wsa);
  soap->bind_flags = SO_REUSEADDR;
  soap->accept_timeout = 0;
  soap->recv_timeout = 60;
  soap->send_timeout = 60;
  if (!soap_valid_socket(soap_bind(soap, "127.0.0.1", port, 100))) {
    soap_print_fault(soap, stderr);
    return 1;
  }
  struct sockaddr_storage addr;
  socklen_t len = sizeof(addr);
  if (getsockname(soap->master, (struct sockaddr *)&addr, &len) != 0) {
    perror("getsockname");
    return 1;
  }
  int bound = addr.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&addr)->sin6_port)
                                         : ntohs(((struct sockaddr_in *)&addr)->sin_port);
  printf("LISTENING %d\n", bound);
  fflush(stdout);
  for (;;) {
    if (!soap_valid_socket(soap_accept(soap))) {
      soap_print_fault(soap, stderr);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    struct soap *conn = soap_copy(soap);
    if (!conn) {
      soap_force_closesock(soap);
      continue;
    }
    std::thread(serve_connection, conn).detach();
  }
}
