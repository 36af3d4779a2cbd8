#!/usr/bin/env node
// Maximum error of the atan2 of assembly/math/atan.ts (scalar atan2 and f64x2 atan2X2, used by CIoU) against
// Math.atan2 (V8's fdlibm port, itself within 1 ulp of the exact value), in f64 ulps, over angles in every
// quadrant, magnitudes from subnormal to near overflow, ratios |y/x| from 2^-60 to 2^60, the branch points (|y/x| near
// 0.66, 1 and 1/0.66), box-like f32 sides and special values; also checks that the scalar and f64x2 versions give
// the same bits everywhere (the f64x2 fast-path variant wherever it applies). Compiles
// scripts/ulp/atan_probe.ts with asc into a temporary module. Usage: node scripts/atan-check.mjs [--points N]
// [--dump FILE] (FILE gets y, x, result as f64 triples, for an independent high-precision check).
import { writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProbe } from './ulp/compile-probe.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, def) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : def; };
const POINTS = Number(arg('--points', 4_000_000));
const DUMP = arg('--dump', null);

const ex = await compileProbe(join(root, 'scripts/ulp/atan_probe.ts'));
const N = 65536;
const view = (ptr) => new Float64Array(ex.memory.buffer, ptr, N);

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
/** Position of a double on the integer line of ordered doubles. */
function ord(v) {
  f64[0] = v;
  const b = i64[0];
  return b < 0n ? -(b & 0x7fffffffffffffffn) : b;
}
function ulps(got, want) {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? 0 : Infinity;
  if (got === 0 && want === 0) return Object.is(got, want) ? 0 : Infinity;
  return Number(ord(got) > ord(want) ? ord(got) - ord(want) : ord(want) - ord(got));
}
const sameBits = (p, q) => { f64[0] = p; const a = i64[0]; f64[0] = q; return a === i64[0]; };

let seed = 0x2545f491;
const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; };
const sgn = () => (rnd() < 0.5 ? -1 : 1);

const dump = DUMP ? [] : null;
let worst = 0, worstAt = null, mismatch = 0;
/** Whether the fast-path variant (atan2X2 with general = false) applies: finite, larger magnitude 0 or in
 *  [2^-1000, 2^1000). */
const narrow = (y, x) => { const m = Math.max(Math.abs(y), Math.abs(x)); return m === 0 || (m >= 2 ** -1000 && m < 2 ** 1000); };
function check(name, ys, xs) {
  let w = 0, at = null;
  const Y = view(ex.yPtr()), X = view(ex.xPtr()), O = view(ex.outPtr());
  for (let s = 0; s < ys.length; s += N) {
    const m = Math.min(N, ys.length - s), mm = m + (m & 1);
    for (let j = 0; j < mm; j++) { Y[j] = j < m ? ys[s + j] : 1; X[j] = j < m ? xs[s + j] : 1; }
    ex.run(0, mm);
    const scalar = O.slice(0, m);
    ex.run(1, mm);
    const general = O.slice(0, m);
    ex.run(2, mm);
    for (let j = 0; j < m; j++) {
      const y = ys[s + j], x = xs[s + j], got = scalar[j];
      const differ = (v) => !sameBits(got, v) && !(Number.isNaN(got) && Number.isNaN(v));
      if (differ(general[j]) || (narrow(y, x) && differ(O[j]))) {
        if (mismatch++ < 5) console.log(`scalar/vector differ at atan2(${y}, ${x}): ${got} vs ${general[j]}, ${O[j]}`);
      }
      const e = ulps(got, Math.atan2(y, x));
      if (e > w) { w = e; at = [y, x, got, Math.atan2(y, x)]; }
      if (dump) dump.push(y, x, got);
    }
  }
  console.log(`  ${name} (${ys.length} points): max ${w} ulp${at ? ` (atan2(${at[0]}, ${at[1]}) = ${at[2]}, Math.atan2 ${at[3]})` : ''}`);
  if (w > worst) { worst = w; worstAt = name; }
}

const n = POINTS;
const ys = new Float64Array(n), xs = new Float64Array(n);
// Uniform angles in every quadrant, random magnitudes.
for (let j = 0; j < n; j++) { const t = (rnd() * 2 - 1) * Math.PI, r = 2 ** ((rnd() - 0.5) * 200); ys[j] = r * Math.sin(t); xs[j] = r * Math.cos(t); }
check('uniform angles, all quadrants', ys, xs);
// Extreme magnitudes: both sides from subnormal to near overflow, angles uniform.
for (let j = 0; j < n; j++) { const t = rnd() * Math.PI / 2, r = 2 ** (rnd() * 2097 - 1073); ys[j] = sgn() * r * Math.sin(t); xs[j] = sgn() * r * Math.cos(t); }
check('magnitudes 2^-1073..2^1024', ys, xs);
// Log-uniform ratios 2^-60..2^60.
for (let j = 0; j < n; j++) { const r = 2 ** ((rnd() - 0.5) * 120), m = 2 ** ((rnd() - 0.5) * 100); ys[j] = sgn() * m * r; xs[j] = sgn() * m; }
check('ratios 2^-60..2^60', ys, xs);
// Near the branch points of the reduction.
const knots = [0.66, 1, 1 / 0.66];
for (let j = 0; j < n; j++) { const k = knots[j % 3], r = k * (1 + (rnd() - 0.5) * 1e-6), m = 1 + rnd() * 1000; ys[j] = m * r; xs[j] = m; }
check('|y/x| near 0.66, 1, 1/0.66', ys, xs);
// Box sides: differences of f32 coordinates (w ≥ 0, h ≥ 0, h sometimes + 1e-7), as CIoU calls it.
for (let j = 0; j < n; j++) {
  const x1 = Math.fround((rnd() - 0.5) * 1000), y1 = Math.fround((rnd() - 0.5) * 1000);
  const w = Math.fround(x1 + rnd() * 300) - x1, h = Math.fround(y1 + rnd() * 300) - y1;
  ys[j] = w; xs[j] = j % 2 ? h : h + 1e-7;
}
check('box sides (f32 differences)', ys, xs);
const sp = [0, -0, Infinity, -Infinity, NaN, 1, -1, 0.66, 5e-324, -5e-324, 1e-323, 1.5e-323, 2.2250738585072014e-308, 1.7976931348623157e308, -1.7976931348623157e308, 1.2e308, 1e-300, 1e300, 3];
const sy = [], sx = [];
for (const y of sp) for (const x of sp) { sy.push(y); sx.push(x); }
check(`specials (${sp.length}², incl. ±0, ±∞, NaN, subnormals, huge)`, sy, sx);
console.log(`atan2: max ${worst} ulp against Math.atan2 (${worstAt}); scalar and f64x2 ${mismatch ? `differ at ${mismatch} points` : 'agree bit for bit'}`);
if (dump) { writeFileSync(DUMP, new Float64Array(dump)); console.log(`wrote ${dump.length / 3} triples to ${DUMP}`); }
if (worst > 2 || mismatch) process.exitCode = 1;
