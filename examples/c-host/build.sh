#!/usr/bin/env bash
# Build the C host for one target from the current build/*.wasm and build/conformance/vectors.json.
#   examples/c-host/build.sh OUT_DIR CC [EXTRA_CFLAGS...]
# e.g. examples/c-host/build.sh build/c-host/x86_64 gcc
#      examples/c-host/build.sh build/c-host/aarch64 aarch64-linux-gnu-gcc -static
# Uses Debian's wasm2c 1.0.32 and its runtime (wabt package) by absolute path: npm's wabt puts a different, newer
# wasm2c first on PATH inside npm scripts, whose output does not compile against the 1.0.32 runtime.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$1; cc=$2; shift 2
WASM2C=${WASM2C:-/usr/bin/wasm2c}
RT=${WASM2C_RUNTIME:-/usr/src/wasm2c}  # wasm-rt.h, wasm-rt-impl.h, wasm-rt-impl.c of the wabt package
mkdir -p "$out/gen"
for b in mvp onepage; do
  "$WASM2C" -n "$b" "$root/build/edgeloss.$b.wasm" -o "$out/gen/$b.c"
  node "$here/gen-cases.mjs" "$root/build/conformance/vectors.json" "$b" "$b" "$out/gen/${b}_cases.c" >/dev/null
done
# -ffp-contract=off: no fused multiply-add (bit identity with V8). Bounds-checked memory without signal handler
# or mmap (WASM_RT_MEMCHECK_SIGNAL_HANDLER=0: memory comes from calloc, every access is checked).
cflags=(-O2 -ffp-contract=off -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0 -I"$here" -I"$out/gen" -I"$RT")
"$cc" "${cflags[@]}" "$@" -o "$out/c-host" \
  "$here/main.c" "$here/conformance.c" "$RT/wasm-rt-impl.c" \
  "$out/gen/mvp.c" "$out/gen/mvp_cases.c" "$out/gen/onepage.c" "$out/gen/onepage_cases.c" -lm
echo "$out/c-host"
