#!/usr/bin/env bash
# Issue 4, item 6: the C host on a Cortex-M4 board, bare metal, under qemu-system-arm -M mps2-an386 (semihosting).
#
#   scripts/portability/cortex-m.sh     # from the repo root, after `npm run build` and gen-conformance.mjs
#
# Compiles the one-page build (build/edgeloss.onepage.wasm: the whole module in one 64 KiB page of linear memory)
# with Debian's wasm2c 1.0.32 and its runtime, the C host's case runner (examples/c-host/conformance.c) with the
# cases generated from build/conformance/vectors.json (examples/c-host/gen-cases.mjs), and the board support in
# examples/cortex-m/, for -mcpu=cortex-m4 -mfloat-abi=hard with -ffp-contract=off. Runs it in QEMU and prints
#   RESULT cortex-m4 onepage <passed> <failed>
# on stdout; the flash and RAM figures (arm-none-eabi-size, the link map, and the heap and stack the run used) go
# to stderr. Exit status is non-zero on any failed case, a fault, a time-out or a build error.
# Installs gcc-arm-none-eabi, libnewlib-arm-none-eabi, qemu-system-arm and wabt when missing (.deb files cached
# under $HOME/.cache/edgeloss-apt).
set -euo pipefail

root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
cd "$root"
. scripts/portability/apt.sh

build=onepage
wasm=build/edgeloss.$build.wasm
vectors=${VECTORS:-build/conformance/vectors.json}
out=build/cortex-m
bsp=examples/cortex-m
chost=examples/c-host
WASM2C=/usr/bin/wasm2c       # Debian's 1.0.32: npm's wabt puts a different wasm2c first on PATH in npm scripts
RT=/usr/src/wasm2c           # its runtime: wasm-rt.h, wasm-rt-impl.h, wasm-rt-impl.c
CC=arm-none-eabi-gcc

for f in "$wasm" "$vectors" "$chost/conformance.c" "$chost/gen-cases.mjs"; do
  [ -e "$f" ] || { echo "cortex-m.sh: $f is missing (run 'npm run build' and the conformance generator first)" >&2; exit 2; }
done

t0=$(date +%s)
edgeloss_apt_install gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm wabt
t1=$(date +%s)

rm -rf "$out"
mkdir -p "$out/gen" "$out/obj"
"$WASM2C" -n "$build" "$wasm" -o "$out/gen/$build.c"
node "$chost/gen-cases.mjs" "$vectors" "$build" "$build" "$out/gen/${build}_cases.c" >&2

# -ffp-contract=off: no vfma (bit identity with V8). -fno-short-enums: wasm-rt-impl.c reads an enum through
# va_arg, which with arm-none-eabi's default short enums gcc turns into a trap (UsageFault in module init).
# WASM_RT_MEMCHECK_SIGNAL_HANDLER=0: linear memory from calloc, explicit bounds checks, no mmap or signals
# (examples/cortex-m/sys/mman.h only satisfies the runtime's #include).
cflags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16 -O2 -ffp-contract=off -fno-short-enums
  -ffunction-sections -fdata-sections -DWASM_RT_MEMCHECK_SIGNAL_HANDLER=0
  -I"$bsp" -I"$chost" -I"$out/gen" -I"$RT")
objs=()
for src in "$bsp/startup.c" "$bsp/main.c" "$chost/conformance.c" "$RT/wasm-rt-impl.c" "$out/gen/$build.c" \
  "$out/gen/${build}_cases.c"; do
  obj="$out/obj/$(basename "$src" .c).o"
  "$CC" "${cflags[@]}" -c "$src" -o "$obj"
  objs+=("$obj")
done
# newlib is built with short enums; none of its interfaces used here passes an enum, so the warning is noise.
"$CC" "${cflags[@]}" --specs=nano.specs --specs=rdimon.specs -nostartfiles -T"$bsp/link.ld" \
  -Wl,--gc-sections -Wl,--no-enum-size-warning -Wl,-Map="$out/app.map" -o "$out/app.elf" "${objs[@]}" -lm
t2=$(date +%s)

log="$out/run.log"
rc=0
timeout 300 qemu-system-arm -M mps2-an386 -nographic -semihosting-config enable=on,target=native \
  -kernel "$out/app.elf" >"$log" 2>&1 || rc=$?
t3=$(date +%s)
grep -v '^RESULT ' "$log" >&2 || true

status=0
if grep -q '^RESULT ' "$log"; then
  grep '^RESULT ' "$log"
  awk '$1 == "RESULT" && ($5 != 0 || $4 + $5 == 0) { bad = 1 } END { exit bad }' "$log" || status=1
else
  echo "cortex-m4: the board printed no RESULT line (qemu exit $rc)" >&2
  echo "RESULT cortex-m4 $build 0 1"
  status=1
fi
[ "$rc" -eq 0 ] || { echo "cortex-m4: qemu exited with $rc" >&2; status=1; }

# Flash and RAM. Flash = text + data (the .data initialisers live in flash); RAM = data + bss + the heap (the
# linear-memory page and wasm2c's small tables come from calloc/malloc) + the stack, as measured on the board.
read -r text data bss _ < <(arm-none-eabi-size "$out/app.elf" | awk 'NR == 2')
heap=$(sed -n 's/^ram: heap \([0-9]*\) bytes.*/\1/p' "$log")
stack=$(sed -n 's/.*stack \([0-9]*\) bytes used.*/\1/p' "$log")
echo "cortex-m4 $build: flash $((text + data)) B (text $text + data $data); RAM $((data + bss + ${heap:-0})) B" \
  "(data $data + bss $bss + heap ${heap:-?} incl. the 65536 B linear-memory page) + stack ${stack:-?} B used" >&2
# Flash by part, from the link map (input sections kept after --gc-sections).
awk '
  function hex(h,   i, n) { n = 0; h = tolower(substr(h, 3)); for (i = 1; i <= length(h); i++) n = n * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1; return n }
  /^Linker script and memory map/ { m = 1; next }
  !m { next }
  /^[.][A-Za-z_]/ { sec = $1; if (NF >= 3 && $2 ~ /^0x/) next }
  sec !~ /^[.](isr_vector|text|ARM[.]ex|init_array|fini_array|data)/ { next }
  /^ [.*A-Za-z_]/ && NF == 1 { pending = 1; next }
  {
    if (pending && NF == 3 && $1 ~ /^0x/ && $2 ~ /^0x/) { size = hex($2); file = $3 }
    else if (NF == 4 && $1 !~ /^[*]fill/ && $2 ~ /^0x/ && $3 ~ /^0x/) { size = hex($3); file = $4 }
    else { pending = 0; next }
    pending = 0
    if (file ~ /_cases[.]o$/) part = "conformance cases (test data, not needed in a product)"
    else if (file ~ /wasm-rt-impl[.]o$/) part = "wasm2c runtime"
    else if (file ~ /[.]o$/ && file ~ /(startup|main|conformance)[.]o$/) part = "host: start-up, main, case runner"
    else if (file ~ /[.]o$/ && file !~ /[.]a[(]/) part = "module (wasm2c output)"
    else part = "newlib, libm, libgcc"
    total[part] += size
  }
  END { for (p in total) printf "  flash %-55s %7d B\n", p, total[p] }
' "$out/app.map" | sort -k2 >&2
echo "cortex-m4: tools ready in $((t1 - t0)) s, build $((t2 - t1)) s, run $((t3 - t2)) s" >&2
exit $status
