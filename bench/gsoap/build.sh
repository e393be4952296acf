#!/usr/bin/env bash
# Builds the gSOAP anchor of the benchmarks: gSOAP's generated C++ (de)serializers of
# ../shared/bench/bulk.wsdl (wsdl2h + soapcpp2 -C) driven by gsoap-bench.cpp.
# Usage: bench/gsoap/build.sh OUTDIR   (prints the binary's path on stdout, progress on stderr)
# Idempotent and cached: does nothing if the binary is newer than every input.
# Needs (Debian 12): apt-get install -y gsoap libgsoap-dev g++ pkg-config   (.ci/install-deps.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:?usage: build.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
gen=$out/gen
bin=$out/gsoap-bench
wsdl=$root/../shared/bench/bulk.wsdl
inputs=("$wsdl" "$here/gsoap-bench.cpp" "$here/typemap.dat" "$here/build.sh")

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
[[ -f $wsdl ]] || { echo "build.sh: $wsdl not found: the benchmarks need shared/ beside the repository" >&2; exit 1; }

exec 9>"$out/.lock"
flock 9
if up_to_date; then
  echo "$bin"
  exit 0
fi

log=$out/build.log
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
# wsdl2h: -L less doc noise, -x no xs:any members, -t prefixes. soapcpp2: -1 SOAP 1.1 (as
# the messages), -C client side (the deserializer of responses, the serializer of
# requests), -L no client lib, -x no sample messages, -w no WSDL/XSD output.
run wsdl2h -L -x -t "$here/typemap.dat" -o "$gen/bulk.h" "$wsdl"
run soapcpp2 -1 -C -L -x -w -I/usr/share/gsoap/import -d "$gen" "$gen/bulk.h"

# Debian's libgsoap++ is built with -DWITH_IPV6 -DWITH_DOM; the struct soap layout must match.
if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists gsoap++; then
  cflags=$(pkg-config --cflags gsoap++)
  libs=$(pkg-config --libs gsoap++)
else
  cflags="-DWITH_IPV6 -DWITH_DOM"
  libs="-lgsoap++"
fi

echo "build.sh: compiling $bin (g++ -O2)" >&2
# shellcheck disable=SC2086  # cflags/libs are intentionally word-split
run g++ -std=c++11 -O2 $cflags -I"$gen" -o "$bin.tmp" \
  "$here/gsoap-bench.cpp" "$gen/soapC.cpp" "$gen/soapClient.cpp" $libs
mv -f "$bin.tmp" "$bin"
echo "$bin"
