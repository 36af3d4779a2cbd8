#!/usr/bin/env bash
# Issue 4, item 5: the package's own dist/ host on Debian's Node 18.20, on amd64 (native) and on arm64
# (under qemu-aarch64, the Jetson path), without touching the machine's own node.
#
#   scripts/portability/node18.sh            # from the repo root, after `npm run build` and gen-conformance.mjs
#   NODE18_ARCHES=amd64 scripts/portability/node18.sh
#
# For each arch it runs `edgeloss selftest` once and scripts/portability/replay.mjs (every build in
# build/conformance/vectors.json, compared bit by bit, NaN by class), and prints on stdout
#   RESULT node18-<arch> <build> <passed> <failed>             conformance vectors, per build
#   RESULT node18-<arch> selftest-<build> <passed> <failed>    selftest cases, per build
# Timings and tool output go to stderr. Exit status is non-zero on any failed case or any step that failed.
#
# Node 18 comes from Debian packages (toolchain.md §6): `apt-get download` nodejs + libnode108 + their libraries
# + node-acorn, node-cjs-module-lexer, node-undici (Debian's node loads these "externalized builtins" from
# /usr/share/nodejs at start-up and aborts without them), `dpkg -x` into one folder per arch, cached under
# $HOME/.cache/edgeloss-node18/<arch> (.deb files under $HOME/.cache/edgeloss-apt).
#  - arm64: `qemu-aarch64 -L FOLDER FOLDER/usr/bin/node`; qemu resolves /usr/share/nodejs/... inside FOLDER.
#  - amd64: FOLDER/usr/bin/node with LD_LIBRARY_PATH into FOLDER (host libc). The builtin paths are compiled into
#    libnode.so.108 as /usr/share/nodejs/...; the cached copy has them rewritten to /tmp/edgeloss18js/ (same length),
#    a symlink to FOLDER/usr/share/nodejs, so nothing is installed system-wide (node-acorn would pull in nodejs).
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
. scripts/portability/node18-lib.sh

arches=${NODE18_ARCHES:-"amd64 arm64"}
vectors=${VECTORS:-build/conformance/vectors.json}
replay=${REPLAY:-scripts/portability/replay.mjs}

for f in dist/bundle/cli.js "$vectors" "$replay"; do
  [ -e "$f" ] || { echo "node18.sh: $f is missing (run 'npm run build' and the conformance generator first)" >&2; exit 2; }
done

status=0
for arch in $arches; do
  host=node18-$arch
  t0=$(date +%s)
  node18_prepare "$arch"
  t1=$(date +%s)
  version=$(node18_run "$arch" --version)
  case "$version" in v18.*) ;; *) echo "$host: expected Node 18, got '$version'" >&2; exit 2 ;; esac
  echo "$host: $version ready in $((t1 - t0)) s ($(node18_dir "$arch"))" >&2

  # Selftest once; --json gives per-build case counts. amd64 checks every build it loads; under emulation (about
  # 90 s per build) arm64 checks the SIMD build, which Node on an arm64 board loads by default; the replay below
  # covers every build bit by bit there too.
  if [ "$arch" = arm64 ]; then build=${NODE18_ARM64_SELFTEST:-simd}; else build=auto; fi
  json=$(mktemp)
  node18_run "$arch" dist/bundle/cli.js selftest --build "$build" --json >"$json" || status=1
  t2=$(date +%s)
  if ! node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const by = new Map();
      for (const row of r.rows) {
        const s = by.get(row.build) ?? { cases: 0, failed: 0 };
        s.cases += row.cases; s.failed += row.failed; by.set(row.build, s);
      }
      if (by.size === 0) process.exit(1);
      for (const [b, s] of by) console.log(`RESULT ${process.argv[2]} selftest-${b} ${s.cases - s.failed} ${s.failed}`);
    ' "$json" "$host"; then
    echo "$host: selftest printed no readable report" >&2
    echo "RESULT $host selftest 0 1"
    status=1
  fi
  rm -f "$json"
  echo "$host: selftest took $((t2 - t1)) s" >&2

  # Conformance vectors through dist/ (replay.mjs prints `RESULT <host> <build> <passed> <failed>` per build).
  out=$(mktemp)
  node18_run "$arch" "$replay" "$vectors" --host "$host" >"$out" || status=1
  t3=$(date +%s)
  if grep -q '^RESULT ' "$out"; then
    grep '^RESULT ' "$out"
    awk '$1 == "RESULT" && ($5 != 0 || $4 + $5 == 0) { bad = 1 } END { exit bad }' "$out" || status=1
  else
    echo "$host: $replay printed no RESULT line:" >&2
    sed 's/^/  /' "$out" >&2
    echo "RESULT $host conformance 0 1"
    status=1
  fi
  grep -v '^RESULT ' "$out" >&2 || true
  rm -f "$out"
  echo "$host: conformance replay took $((t3 - t2)) s" >&2
done
exit $status
