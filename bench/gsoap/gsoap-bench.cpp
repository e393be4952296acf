// gSOAP anchor of the benchmarks (cargo xtask bench): gSOAP's own generated C++
// deserializer and serializer of ../shared/bench/bulk.wsdl, timed like our decoder.
//
// build.sh generates soapC.cpp/soapClient.cpp with wsdl2h + soapcpp2 -C and compiles this
// file with g++ -O2 against Debian's libgsoap++. The `bench` harness starts this program
// once and drives it over stdin/stdout, one command per line, so that our cases, the
// quick-xml baseline and gSOAP alternate repeat by repeat in the same run:
//
//   load KEY PATH          read PATH into memory under KEY            -> ok BYTES
//   check OP KEY           run OP once                                -> ok COUNT
//   write OP KEY PATH      encode ops: write the produced bytes       -> ok BYTES
//   time OP KEY MIN_MS     run OP until MIN_MS of wall time passed    -> ok CPU_S WALL_S N
//
// OP is decode-list / decode-auth (KEY holds a response envelope; COUNT is the number of
// users decoded) or encode-upload / encode-auth (KEY holds a request envelope, decoded
// once into gSOAP's types; each run serializes it to a complete envelope in memory;
// COUNT is the number of bytes). Errors answer `err MESSAGE`. CPU_S and WALL_S are
// seconds per message: this thread's CPU time (CLOCK_THREAD_CPUTIME_ID) and wall time.
//
// Decoding is what a gSOAP client does with a response: soap_recv___saj__X (envelope,
// header, body, strict validation), then soap_destroy + soap_end (freeing the values;
// our decode drops its value too). The bytes come from memory through soap->frecv.
// Encoding is soap_send___saj__X without the HTTP connection and the length-counting
// pass: soap_begin, soap_serialize, then the envelope written through soap->fsend into a
// reused std::string, with gSOAP's output buffering (SOAP_IO_BUFFER).

#include "soapH.h"
#include "BulkServiceSoap.nsmap"

#include <time.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

namespace {

struct Input {
  const std::string *bytes;
  size_t pos;
};

size_t mem_recv(struct soap *soap, char *buf, size_t len) {
  Input *in = static_cast<Input *>(soap->user);
  size_t n = in->bytes->size() - in->pos;
  if (n > len) n = len;
  std::memcpy(buf, in->bytes->data() + in->pos, n);
  in->pos += n;
  return n;
}

int mem_send(struct soap *soap, const char *s, size_t n) {
  static_cast<std::string *>(soap->user)->append(s, n);
  return SOAP_OK;
}

double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

std::string error_of(struct soap *soap) {
  std::ostringstream s;
  s << "gSOAP error " << soap->error;
  const char *detail = soap_fault_string(soap);
  if (detail) s << ": " << detail;
  return s.str();
}

class Bench {
 public:
  Bench() {
    in_ = soap_new1(SOAP_C_UTFSTRING);
    in_->frecv = mem_recv;
    in_->user = &input_;
    out_ = soap_new1(SOAP_C_UTFSTRING | SOAP_IO_BUFFER);
    out_->fsend = mem_send;
    out_->user = &output_;
    values_ = soap_new1(SOAP_C_UTFSTRING);
    values_->frecv = mem_recv;
    values_->user = &values_input_;
  }

  std::map<std::string, std::string> files;

  // Runs `op` once over files[key]; returns the count (users or bytes) or -1 (error_).
  long run(const std::string &op, const std::string &key) {
    auto f = files.find(key);
    if (f == files.end()) return fail("no file loaded as " + key);
    if (op == "decode-list") return decode_list(f->second);
    if (op == "decode-auth") return decode_auth(f->second);
    if (op == "encode-upload") return encode_upload(key, f->second);
    if (op == "encode-auth") return encode_auth(key, f->second);
    return fail("unknown op " + op);
  }

  const std::string &output() const { return output_; }
  const std::string &error() const { return error_; }

 private:
  struct soap *in_, *out_, *values_;
  Input input_{nullptr, 0}, values_input_{nullptr, 0};
  std::string output_, error_;
  std::map<std::string, _saj__UploadInstanceUsers *> uploads_;
  std::map<std::string, _saj__Authenticate *> auths_;

  long fail(const std::string &e) {
    error_ = e;
    return -1;
  }

  long decode_list(const std::string &bytes) {
    input_ = Input{&bytes, 0};
    _saj__ListInstanceUsersResponse resp;
    long n = -1;
    if (soap_recv___saj__ListInstanceUsers(in_, resp) == SOAP_OK)
      n = resp.ListInstanceUsersResult ? (long)resp.ListInstanceUsersResult->ServiceInstanceUser.size() : 0;
    else
      fail(error_of(in_));
    soap_destroy(in_);
    soap_end(in_);
    return n;
  }

  long decode_auth(const std::string &bytes) {
    input_ = Input{&bytes, 0};
    _saj__AuthenticateResponse resp;
    long n = -1;
    if (soap_recv___saj__Authenticate(in_, resp) == SOAP_OK)
      n = resp.AuthenticateResult && resp.AuthenticateResult->ServiceInstanceUser ? 1 : 0;
    else
      fail(error_of(in_));
    soap_destroy(in_);
    soap_end(in_);
    return n;
  }

  // Reads a request envelope whose Body holds `tag` into `value` (kept in values_).
  template <class T>
  bool read_request(const std::string &bytes, T *value, const char *tag) {
    values_input_ = Input{&bytes, 0};
    value->soap_default(values_);
    if (soap_begin_recv(values_) || soap_envelope_begin_in(values_) || soap_recv_header(values_) ||
        soap_body_begin_in(values_) || !value->soap_get(values_, tag, nullptr) ||
        soap_body_end_in(values_) || soap_envelope_end_in(values_) || soap_end_recv(values_)) {
      fail(error_of(values_));
      return false;
    }
    return true;
  }

  // soap_send___saj__X without soap_connect (no HTTP) and without the counting pass.
  template <class T>
  long send(const T &tmp, int (*put)(struct soap *, const T *, const char *, const char *),
            void (*serialize)(struct soap *, const T *), const char *tag) {
    output_.clear();
    soap_begin(out_);
    out_->encodingStyle = nullptr;
    soap_serializeheader(out_);
    serialize(out_, &tmp);
    if (soap_begin_send(out_) || soap_envelope_begin_out(out_) || soap_putheader(out_) ||
        soap_body_begin_out(out_) || put(out_, &tmp, tag, "") || soap_body_end_out(out_) ||
        soap_envelope_end_out(out_) || soap_end_send(out_))
      return fail(error_of(out_));
    soap_end(out_);
    return (long)output_.size();
  }

  long encode_upload(const std::string &key, const std::string &bytes) {
    auto v = uploads_.find(key);
    if (v == uploads_.end()) {
      auto *value = soap_new__saj__UploadInstanceUsers(values_);
      if (!read_request(bytes, value, "saj:UploadInstanceUsers")) return -1;
      v = uploads_.emplace(key, value).first;
    }
    struct __saj__UploadInstanceUsers tmp;
    tmp.saj__UploadInstanceUsers = v->second;
    return send(tmp, soap_put___saj__UploadInstanceUsers, soap_serialize___saj__UploadInstanceUsers,
                "-saj:UploadInstanceUsers");
  }

  long encode_auth(const std::string &key, const std::string &bytes) {
    auto v = auths_.find(key);
    if (v == auths_.end()) {
      auto *value = soap_new__saj__Authenticate(values_);
      if (!read_request(bytes, value, "saj:Authenticate")) return -1;
      v = auths_.emplace(key, value).first;
    }
    struct __saj__Authenticate tmp;
    tmp.saj__Authenticate = v->second;
    return send(tmp, soap_put___saj__Authenticate, soap_serialize___saj__Authenticate,
                "-saj:Authenticate");
  }
};

}  // namespace

int main() {
  Bench bench;
  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream words(line);
    std::string cmd, a, b, c;
    words >> cmd >> a >> b;
    std::getline(words >> std::ws, c);
    if (cmd == "load") {
      std::ifstream f(b, std::ios::binary);
      std::ostringstream s;
      s << f.rdbuf();
      if (!f) {
        std::cout << "err cannot read " << b << std::endl;
        continue;
      }
      bench.files[a] = s.str();
      std::cout << "ok " << bench.files[a].size() << std::endl;
    } else if (cmd == "check") {
      long n = bench.run(a, b);
      if (n < 0)
        std::cout << "err " << bench.error() << std::endl;
      else
        std::cout << "ok " << n << std::endl;
    } else if (cmd == "write") {
      long n = bench.run(a, b);
      std::ofstream f(c, std::ios::binary);
      f << bench.output();
      f.close();  // before answering: the harness reads the file next
      if (n < 0)
        std::cout << "err " << bench.error() << std::endl;
      else if (!f)
        std::cout << "err cannot write " << c << std::endl;
      else
        std::cout << "ok " << n << std::endl;
    } else if (cmd == "time") {
      double min = std::stod(c) / 1e3;
      double cpu0 = now(CLOCK_THREAD_CPUTIME_ID), wall0 = now(CLOCK_MONOTONIC);
      long n = 0, r = 0;
      double wall = 0;
      do {
        r = bench.run(a, b);
        n++;
        wall = now(CLOCK_MONOTONIC) - wall0;
      } while (r >= 0 && wall < min);
      double cpu = now(CLOCK_THREAD_CPUTIME_ID) - cpu0;
      if (r < 0)
        std::cout << "err " << bench.error() << std::endl;
      else
        std::printf("ok %.9g %.9g %ld\n", cpu / n, wall / n, n), std::fflush(stdout);
    } else {
      std::cout << "err unknown command " << cmd << std::endl;
    }
  }
  return 0;
}
