#!/usr/bin/env bash
# npm run test:portability: the same .wasm gives the same bits on other engines and hosts.
#
#   1. installs the Debian packages it needs when missing (.deb files cached under ~/.cache/edgeloss-apt)
#   2. builds (npm run build; EDGELOSS_SKIP_BUILD=1 skips it when the caller just built, as .ci/run does)
#   3. generates the conformance vectors and .wast scripts from V8 (scripts/portability/gen-conformance.mjs)
#   4. runs wabt's spectest-interp on each .wast (simd, mvp, onepage)
#   5. replays the vectors through dist/ on this machine's Node
#   6. builds the C host (examples/c-host, Debian wasm2c 1.0.32) for x86-64 (gcc) and aarch64
#      (aarch64-linux-gnu-gcc -static, run under qemu-aarch64), both -ffp-contract=off
#   7. runs scripts/portability/node18.sh and cortex-m.sh when present and executable
# Prints a table host × build × cases passed/failed and finally `PORTABILITY <passed> <failed>`; exits 1 on any
# failure. Every host prints `RESULT <host> <build> <passed> <failed>` lines, which this script collects.
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
here=$root/scripts/portability
work=$root/build/portability
mkdir -p "$work"
results=$work/results.txt
: > "$results"
t0=$(date +%s)
stamp() { echo "[portability $(( $(date +%s) - t0 ))s] $*"; }
record() { echo "$1 $2 $3 $4" >> "$results"; } # host build passed failed
fail_step() { record "$1" "$2" 0 1; echo "FAILED: $1 $2: $3"; }

# 1. Packages.
source "$here/apt.sh"
stamp "packages"
if ! edgeloss_apt_install wabt gcc libc6-dev gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user; then
  fail_step apt all "apt-get install failed"
fi

# 2. Build.
if [ "${EDGELOSS_SKIP_BUILD:-0}" != 1 ] || [ ! -f build/edgeloss.onepage.wasm ] || [ ! -f dist/index.js ]; then
  stamp "npm run build"
  npm run build --silent > "$work/build.log" 2>&1 || { tail -20 "$work/build.log"; fail_step build all "npm run build failed (log: $work/build.log)"; }
fi

# 3. Vectors and .wast scripts.
stamp "conformance vectors"
if ! node "$here/gen-conformance.mjs"; then fail_step gen-conformance all "generator failed"; fi
builds=(simd mvp onepage)

# 4. wabt spectest-interp (an interpreter independent of V8). Debian's binaries by absolute path: npm's wabt
#    puts other versions first on PATH inside npm scripts.
stamp "spectest-interp"
for b in "${builds[@]}"; do
  wast=build/conformance/$b.wast
  if [ ! -f "$wast" ]; then fail_step spectest-interp "$b" "no $wast"; continue; fi
  /usr/bin/wast2json "$wast" -o "$work/$b.json" > "$work/$b.wast2json.log" 2>&1 || { fail_step spectest-interp "$b" "wast2json failed"; continue; }
  /usr/bin/spectest-interp "$work/$b.json" > "$work/$b.spectest.log" 2>&1
  tail -1 "$work/$b.spectest.log" | sed "s/^/  $b: /"
  read -r p f < <(node "$here/wast-cases.mjs" "$wast" "$work/$b.spectest.log")
  record spectest-interp "$b" "$p" "$f"
done

# 5. The package's own dist/ on this machine's Node.
stamp "replay through dist/ ($(node --version))"
node "$here/replay.mjs" build/conformance/vectors.json --host "node$(node -p 'process.versions.node.split(".")[0]')-$(node -p process.arch)" > "$work/replay.log" 2>&1
grep -v '^RESULT' "$work/replay.log" | sed 's/^/  /'
grep '^RESULT' "$work/replay.log" | while read -r _ h b p f; do record "$h" "$b" "$p" "$f"; done
grep -q '^RESULT' "$work/replay.log" || fail_step node-replay all "replay.mjs printed no result"

# 6. C hosts through wasm2c.
run_c_host() { # name cc runner [cflags...]
  local name=$1 cc=$2 runner=$3; shift 3
  stamp "C host $name ($cc)"
  if ! examples/c-host/build.sh "build/c-host/$name" "$cc" "$@" > "$work/c-$name.build.log" 2>&1; then
    tail -20 "$work/c-$name.build.log"; fail_step "c-$name" all "build failed"; return
  fi
  $runner "build/c-host/$name/c-host" "c-$name" > "$work/c-$name.log" 2>&1
  local st=$?
  grep -v '^RESULT' "$work/c-$name.log" | head -20 | sed 's/^/  /'
  grep '^RESULT' "$work/c-$name.log" | while read -r _ h b p f; do record "$h" "$b" "$p" "$f"; done
  if ! grep -q '^RESULT' "$work/c-$name.log"; then fail_step "c-$name" all "no result (exit $st)"
  elif [ $st -ne 0 ] && ! grep -q '^RESULT .* [1-9][0-9]*$' "$work/c-$name.log"; then fail_step "c-$name" all "exit $st"; fi
}
run_c_host x86_64 gcc env
run_c_host aarch64 aarch64-linux-gnu-gcc qemu-aarch64 -static

# 7. The other hosts' scripts (Node 18 on amd64/arm64, Cortex-M4), when present.
for s in node18 cortex-m; do
  script=$here/$s.sh
  if [ -x "$script" ]; then
    stamp "$s.sh"
    "$script" > "$work/$s.log" 2> "$work/$s.err"
    st=$?
    grep -v '^RESULT' "$work/$s.log" | tail -20 | sed 's/^/  /'
    grep '^RESULT' "$work/$s.log" | while read -r _ h b p f; do record "$h" "$b" "$p" "$f"; done
    if [ $st -ne 0 ]; then
      tail -20 "$work/$s.err"
      grep -q '^RESULT .* [1-9][0-9]*$' "$work/$s.log" || fail_step "$s.sh" all "exit $st"
    fi
    grep -q '^RESULT' "$work/$s.log" || { [ $st -ne 0 ] || fail_step "$s.sh" all "printed no RESULT line"; }
  else
    stamp "$s.sh not present (or not executable): skipped"
  fi
done

# Table and total.
echo
printf '%-22s %-14s %8s %8s\n' host build passed failed
printf '%-22s %-14s %8s %8s\n' ---------------------- -------------- -------- --------
passed=0; failed=0
while read -r h b p f; do
  printf '%-22s %-14s %8s %8s\n' "$h" "$b" "$p" "$f"
  passed=$((passed + p)); failed=$((failed + f))
done < "$results"
echo
stamp "done"
echo "PORTABILITY $passed $failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
