#!/usr/bin/env bash
# Builds the gSOAP WS-* interop server (WS-Security, WS-Addressing, MTOM) from the seed
# WSDLs + Attachments.wsdl + ws.h + server.cpp, with gSOAP's own plugins
# (/usr/share/gsoap/plugin: wsseapi.c, wsaapi.c, smdevp.c, mecevp.c, threads.c).
# Output: interop/gsoap-plugins/build/gsoap-ws-server (path on stdout, progress on stderr).
# Idempotent and cached (does nothing when the binary is newer than every input);
# concurrent runs are serialized with flock.
# Needs (Debian 12): gsoap libgsoap-dev libssl-dev zlib1g-dev g++ pkg-config
#   (.ci/packages/gsoap.txt + .ci/packages/wss.txt, installed by .ci/install-deps.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$here/build
gen=$build/gen
bin=$build/gsoap-ws-server
plugin=/usr/share/gsoap/plugin

wsdls=("$root/wsdl/sejour/Authentication.wsdl" "$root/wsdl/sajan/AuthenticationService.wsdl"
  "$here/Attachments.wsdl")
inputs=("${wsdls[@]}" "$here/server.cpp" "$here/ws.h" "$here/typemap.dat" "$here/build.sh")

up_to_date() {
  [[ -x $bin ]] || return 1
  local f
  for f in "${inputs[@]}"; do
    [[ $f -nt $bin ]] && return 1
  done
  return 0
}

if up_to_date; then
  echo "$bin"
  exit 0
fi

missing=()
for tool in wsdl2h soapcpp2 g++; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -f /usr/include/stdsoap2.h ]] || missing+=("stdsoap2.h (libgsoap-dev)")
[[ -f $plugin/wsseapi.c ]] || missing+=("$plugin/wsseapi.c (libgsoap-dev)")
[[ -f /usr/include/openssl/evp.h ]] || missing+=("openssl/evp.h (libssl-dev)")
[[ -f /usr/include/zlib.h ]] || missing+=("zlib.h (zlib1g-dev)")
if ((${#missing[@]})); then
  echo "build.sh: missing: ${missing[*]} -- run .ci/install-deps.sh (apt-get install -y gsoap libgsoap-dev libssl-dev zlib1g-dev g++ pkg-config)" >&2
  exit 1
fi

mkdir -p "$build"
exec 9>"$build/.lock"
flock 9
if up_to_date; then
  echo "$bin"
  exit 0
fi

log=$build/build.log
: >"$log"
run() {
  if ! "$@" >>"$log" 2>&1; then
    echo "build.sh: FAILED: $*" >&2
    cat "$log" >&2
    exit 1
  fi
}

echo "build.sh: generating gSOAP code into $gen" >&2
rm -rf "$gen"
mkdir -p "$gen"
run wsdl2h -L -x -t "$here/typemap.dat" -o "$gen/services.h" "${wsdls[@]}"
cp "$here/ws.h" "$gen/ws.h"
# -S server side, -L no soapServerLib, -x no sample messages, -w no WSDL/XSD output.
# No -s: like most deployed stacks, the server ignores header blocks it does not know
# unless they carry mustUnderstand.
run soapcpp2 -S -L -x -w -I/usr/share/gsoap/import -I"$gen" -d "$gen" "$gen/ws.h"

if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsoapssl++; then
  cflags=$(pkg-config --cflags gsoapssl++)
  libs=$(pkg-config --libs gsoapssl++)
else
  cflags="-DWITH_IPV6 -DWITH_OPENSSL -DWITH_GZIP -DWITH_DOM"
  libs="-lgsoapssl++"
fi

echo "build.sh: compiling $bin" >&2
# shellcheck disable=SC2086  # cflags/libs are intentionally word-split
run g++ -std=c++11 -O1 -pthread -Wno-deprecated-declarations $cflags -I"$gen" -I"$plugin" -I/usr/share/gsoap -o "$bin.tmp" \
  "$here/server.cpp" "$gen/soapC.cpp" "$gen/soapServer.cpp" \
  -x c++ "$plugin/wsseapi.c" "$plugin/wsaapi.c" "$plugin/smdevp.c" "$plugin/mecevp.c" \
  "$plugin/threads.c" /usr/share/gsoap/custom/struct_timeval.c -x none $libs -lssl -lcrypto -lz
mv -f "$bin.tmp" "$bin"
echo "$bin"
