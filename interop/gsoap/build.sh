#!/usr/bin/env bash
# Builds the gSOAP interop server from ../../wsdl/*/ *.wsdl + server.cpp.
# Output: interop/gsoap/build/gsoap-interop-server (its path is printed on stdout; progress
# goes to stderr). Idempotent and cached: does nothing if the binary is newer than all inputs.
# Needs (Debian 12): apt-get install -y gsoap libgsoap-dev g++ pkg-config   (.ci/install-deps.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$here/build
gen=$build/gen
bin=$build/gsoap-interop-server

wsdls=("$root/wsdl/sejour/Authentication.wsdl" "$root/wsdl/sajan/AuthenticationService.wsdl")
inputs=("${wsdls[@]}" "$here/server.cpp" "$here/typemap.dat" "$here/build.sh")

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
if ((${#missing[@]})); then
  echo "build.sh: missing: ${missing[*]} -- run .ci/install-deps.sh (apt-get install -y gsoap libgsoap-dev g++ pkg-config)" >&2
  exit 1
fi

mkdir -p "$build"
# Serialize concurrent builds (e.g. several test processes starting at once).
exec 9>"$build/.lock"
flock 9
if up_to_date; then  # another process built it while we waited
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
# wsdl2h: -L less doc noise, -x no xs:any extensibility members, -t our prefix type map.
run wsdl2h -L -x -t "$here/typemap.dat" -o "$gen/services.h" "${wsdls[@]}"
# soapcpp2: -S server side only, -L no soapServerLib, -x no sample messages, -w no WSDL/XSD
# output, -s strict XML validation of requests (unknown/missing elements are faults).
run soapcpp2 -S -L -x -w -s -I/usr/share/gsoap/import -d "$gen" "$gen/services.h"

# Debian's libgsoap++ is built with -DWITH_IPV6 -DWITH_DOM; the struct soap layout must match.
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsoap++; then
  cflags=$(pkg-config --cflags gsoap++)
  libs=$(pkg-config --libs gsoap++)
else
  cflags="-DWITH_IPV6 -DWITH_DOM"
  libs="-lgsoap++"
fi

echo "build.sh: compiling $bin" >&2
# shellcheck disable=SC2086  # cflags/libs are intentionally word-split
run g++ -std=c++11 -O1 -pthread $cflags -I"$gen" -o "$bin.tmp" \
  "$here/server.cpp" "$gen/soapC.cpp" "$gen/soapServer.cpp" $libs
mv -f "$bin.tmp" "$bin"
echo "$bin"
