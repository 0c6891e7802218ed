#!/usr/bin/env bash
# Installs the real editor the end-to-end tests drive: Debian's Chromium, ripgrep and libkrb5-dev, then
# code-server + playwright-core from test/e2e/host's own lockfile. Idempotent; when everything is in place
# it only compares a stamp and returns in well under a second.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
host="$here/host"
stamp="$host/node_modules/.backprop-lens-e2e-stamp"
# chromium: the browser Playwright drives. ripgrep: stands in for the rg binary that @vscode/ripgrep would
# download from GitHub. libkrb5-dev: headers for the `kerberos` module code-server builds from source.
deb_packages=(chromium ripgrep libkrb5-dev)
# The cache @vscode/ripgrep (as pinned by code-server 4.100.3) looks in before downloading; see E2E-NOTES.md.
rg_cache_dir_name="vscode-ripgrep-cache-1.15.11"
rg_tarball_name="ripgrep-v13.0.0-10-$(uname -m)-unknown-linux-musl.tar.gz"

log() { echo "e2e setup: $*" >&2; }

missing_deb_packages() {
  local p
  for p in "${deb_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

install_deb_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    for bin in chromium rg; do
      command -v "$bin" >/dev/null 2>&1 || { log "not a Debian system: install the equivalents of: ${deb_packages[*]}"; exit 1; }
    done
    return
  fi
  local missing
  mapfile -t missing < <(missing_deb_packages)
  ((${#missing[@]} == 0)) && return
  local sudo=()
  if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      log "missing Debian packages: ${missing[*]}"
      log "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}"
      exit 1
    fi
  fi
  log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

lock_hash() { sha256sum "$host/package-lock.json" | cut -d' ' -f1; }

host_is_current() {
  [[ -x "$host/node_modules/.bin/code-server" && -f "$host/node_modules/playwright-core/package.json" ]] &&
    [[ -f "$stamp" && "$(cat "$stamp")" == "$(lock_hash)" ]]
}

install_host() {
  local tmp
  tmp="$(mktemp -d)"
  # NOTE: TMPDIR points @vscode/ripgrep at a cache we fill with Debian's rg, so its postinstall never
  # goes to GitHub (unreachable here and in CI).
  mkdir -p "$tmp/$rg_cache_dir_name" "$tmp/rg"
  cp "$(command -v rg)" "$tmp/rg/rg"
  tar -czf "$tmp/$rg_cache_dir_name/$rg_tarball_name" -C "$tmp/rg" rg
  log "installing code-server and playwright-core into test/e2e/host (about 75 s)"
  # unsafe_perm: code-server's postinstall refuses to run as root otherwise; yes: it runs `npx node-gyp`.
  if ! (cd "$host" && TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true \
    npm ci --no-audit --no-fund --loglevel=error); then
    rm -rf "$tmp"
    log "npm ci in test/e2e/host failed"
    exit 1
  fi
  rm -rf "$tmp"
  lock_hash >"$stamp"
}

install_deb_packages
if host_is_current; then
  log "up to date"
else
  install_host
  # NOTE: not `code-server --version`, which writes a config file into the home folder.
  log "installed code-server $(node -p "require('$host/node_modules/code-server/package.json').version")"
fi
