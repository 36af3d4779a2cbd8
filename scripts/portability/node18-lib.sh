# Sourced by scripts/portability/node18.sh: prepare and run Debian's Node 18 for one arch (amd64 | arm64).
# See node18.sh for the layout and the reasons.

NODE18_CACHE=${NODE18_CACHE:-$HOME/.cache/edgeloss-node18}
# Same length as /usr/share/nodejs/, which is compiled into libnode.so.108 (see node18.sh).
NODE18_BUILTINS_LINK=/tmp/edgeloss18js

# Installs go through the shared helper (scripts/portability/apt.sh); node18_apt_update is for the arm64 lists.
. "$(dirname "${BASH_SOURCE[0]}")/apt.sh"
node18_sudo=()
[ "$(id -u)" -eq 0 ] || node18_sudo=(sudo)

# apt-get update at most once per run.
node18_updated=0
node18_apt_update() {
  [ "$node18_updated" = 1 ] && return 0
  echo "node18: apt-get update" >&2
  "${node18_sudo[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  node18_updated=1
}

node18_dir() { echo "$NODE18_CACHE/$1"; }

node18_libdir() {
  case "$1" in amd64) echo "$(node18_dir amd64)/usr/lib/x86_64-linux-gnu" ;; arm64) echo "$(node18_dir arm64)/usr/lib/aarch64-linux-gnu" ;; esac
}

# Debian's newest 18.x nodejs version (the machine's own nodejs may be a newer one from elsewhere).
node18_version() {
  apt-cache madison nodejs | awk -F'|' '{ gsub(/ /, "", $2) } !found && $2 ~ /^18\./ { print $2; found = 1 }'
}

# node18_download ARCH DIR: apt-get download Debian's Node 18 for ARCH and its libraries into DIR.
node18_download() {
  local arch=$1 debs=$2 ver pkgs
  ver=$(node18_version)
  [ -n "$ver" ] || { echo "node18: apt lists have no nodejs 18.x" >&2; return 1; }
  # Libraries libnode108 links against; on amd64 the host's libc6, libstdc++6, libgcc-s1 and zlib1g are used.
  pkgs="nodejs:$arch=$ver libnode108:$arch=$ver libuv1:$arch libicu72:$arch libssl3:$arch libbrotli1:$arch"
  pkgs="$pkgs libc-ares2:$arch libnghttp2-14:$arch node-acorn node-cjs-module-lexer node-undici"
  [ "$arch" = arm64 ] && pkgs="$pkgs libc6:arm64 libstdc++6:arm64 libgcc-s1:arm64 zlib1g:arm64"
  echo "node18: apt-get download ($arch) $pkgs" >&2
  rm -f "$debs"/*.deb
  # shellcheck disable=SC2086
  (cd "$debs" && apt-get -o APT::Sandbox::User="$(id -un)" download -q $pkgs >&2)
}

# Download (cached) and extract Node 18 for $1 into $(node18_dir $1), once.
node18_prepare() {
  local arch=$1 dir debs tmp
  dir=$(node18_dir "$arch")
  case "$arch" in
    amd64) [ "$(dpkg --print-architecture)" = amd64 ] || { echo "node18: amd64 runs natively only on an amd64 machine" >&2; return 2; } ;;
    arm64) command -v qemu-aarch64 >/dev/null || edgeloss_apt_install qemu-user ;;
    *) echo "node18: unknown arch $arch" >&2; return 2 ;;
  esac
  if [ -f "$dir/.complete" ]; then
    [ "$arch" = amd64 ] && ln -sfn "$dir/usr/share/nodejs" "$NODE18_BUILTINS_LINK"
    return 0
  fi

  debs="$EDGELOSS_APT_CACHE/node18-$arch"
  mkdir -p "$debs"
  if [ ! -f "$debs/.complete" ]; then
    if [ "$arch" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
      "${node18_sudo[@]}" dpkg --add-architecture arm64
    fi
    # From the lists already present first; update once if that fails (new machine, new arch, stale lists).
    node18_download "$arch" "$debs" || { node18_apt_update && node18_download "$arch" "$debs"; }
    touch "$debs/.complete"
  fi

  tmp="$dir.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  for f in "$debs"/*.deb; do dpkg -x "$f" "$tmp"; done
  if [ "$arch" = amd64 ]; then
    perl -0777 -pi -e "s{/usr/share/nodejs/}{$NODE18_BUILTINS_LINK/}g" "$tmp/usr/lib/x86_64-linux-gnu/libnode.so.108"
    if grep -q /usr/share/nodejs/ "$tmp/usr/lib/x86_64-linux-gnu/libnode.so.108"; then
      echo "node18: could not rewrite the builtin paths in libnode.so.108" >&2
      return 2
    fi
  fi
  touch "$tmp/.complete"
  rm -rf "$dir"
  mv "$tmp" "$dir"
  [ "$arch" = amd64 ] && ln -sfn "$dir/usr/share/nodejs" "$NODE18_BUILTINS_LINK"
  return 0
}

# node18_run ARCH ARGS...: run Debian's Node 18 for ARCH.
node18_run() {
  local arch=$1 dir
  shift
  dir=$(node18_dir "$arch")
  case "$arch" in
    amd64) LD_LIBRARY_PATH="$(node18_libdir amd64)" "$dir/usr/bin/node" "$@" ;;
    arm64) qemu-aarch64 -L "$dir" "$dir/usr/bin/node" "$@" ;;
  esac
}
