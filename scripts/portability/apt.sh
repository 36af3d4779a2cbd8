#!/usr/bin/env bash
# Install Debian packages when missing, caching the .deb files under $HOME/.cache/edgeloss-apt (a cache inside the
# clone is always empty in CI). Usage: scripts/portability/apt.sh PACKAGE... (sourced by run.sh, usable alone;
# sourcing defines edgeloss_apt_install and changes no shell options).
EDGELOSS_APT_CACHE=${EDGELOSS_APT_CACHE:-$HOME/.cache/edgeloss-apt}

edgeloss_apt_install() {
  local missing=() p
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then missing+=("$p"); fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  mkdir -p "$EDGELOSS_APT_CACHE/partial"
  local opts=(-o "dir::cache::archives=$EDGELOSS_APT_CACHE" -o DPkg::Lock::Timeout=600 -o APT::Keep-Downloaded-Packages=true -o APT::Sandbox::User=root)
  echo "apt: installing ${missing[*]}" >&2
  # Try from the package lists already present first; update once only if that fails (new machine, stale lists).
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2; then
    "${sudo[@]}" apt-get "${opts[@]}" update -qq >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${opts[@]}" install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  edgeloss_apt_install "$@"
fi
