#!/usr/bin/env node
// Maximum error in ulp of the vector approximations in assembly/math/simd_math.ts: the f32x4 functions expNegX4,
// log1pUnitX4, softplusX4 and sigmoidX4 against Math.fround of the f64 function (Math.exp/log1p are within 1 ulp of
// f64, so their rounding to f32 is the correctly rounded f32 result but for rare double-rounding ties), and the
// f64x2 expX2 against a double-double reference (exact to ~1e-30), over the domains the losses use, on evenly
// spaced, log-spaced and seeded random points, edges and specials included.
// Compiles scripts/ulp/probe.ts with asc (a devDependency) into a temporary module, so the release builds' exports
// stay as they are. Usage: node scripts/ulp-check.mjs [--points N]   (N per domain, default 4,000,000)
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileProbe } from './ulp/compile-probe.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argi = process.argv.indexOf('--points');
const POINTS = argi > 0 ? Number(process.argv[argi + 1]) : 4_000_000;

const ex = await compileProbe(join(root, 'scripts/ulp/probe.ts'));
const N = 65536;
const mem = () => ex.memory.buffer;

// ---------------------------------------------------------------- ulp distances
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Position of a float32 on the integer line of ordered floats (so |a - b| in these units is ulps). */
function ord(v) {
  f32[0] = v;
  const b = u32[0];
  return b & 0x80000000 ? -(b & 0x7fffffff) : b;
}
function ulps32(got, want) {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? 0 : Infinity;
  return Math.abs(ord(got) - ord(want));
}
/** ulp of a double (spacing of the doubles at |v|, from its exponent bits). */
const f64b = new Float64Array(1);
const u64b = new BigUint64Array(f64b.buffer);
function ulp64(v) {
  f64b[0] = Math.abs(v);
  const e = Number((u64b[0] >> 52n) & 0x7ffn);
  return e === 0 ? 5e-324 : 2 ** (e - 1075);
}
/** Error of got against the double-double (hi, lo), in ulps of hi. */
function ulps64(got, hi, lo) {
  if (Number.isNaN(hi) || Number.isNaN(got)) return Number.isNaN(hi) && Number.isNaN(got) ? 0 : Infinity;
  if (hi === 0) return got === 0 ? 0 : Infinity;
  return Math.abs(got - hi - lo) / ulp64(hi);
}

// ---------------------------------------------------------------- double-double exp (the f64 reference)
const SPLIT = 134217729; // 2^27 + 1
function twoSum(a, b) {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function twoProd(a, b) {
  const p = a * b;
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
function ddAdd([ah, al], [bh, bl]) {
  const [s, e] = twoSum(ah, bh);
  return twoSum(s, e + al + bl);
}
function ddMul([ah, al], [bh, bl]) {
  const [p, e] = twoProd(ah, bh);
  return twoSum(p, e + ah * bl + al * bh);
}
function ddMulD([ah, al], b) {
  const [p, e] = twoProd(ah, b);
  return twoSum(p, e + al * b);
}
// ln 2 in three parts: H has 32 bits (k·H exact for |k| < 2^21), M + L the rest to ~1e-36.
const LN2H = 0.6931471803691238, LN2M = 1.9082149292705877e-10, LN2L = 1.1612227229362532e-26;
/** e^x as a double-double for x ≤ 0 (x ≥ -745). */
function expDD(x) {
  const k = Math.round(x / Math.LN2);
  let r = twoSum(x - k * LN2H, 0); // exact (Sterbenz-close operands, both on a 2^-43 grid)
  r = ddAdd(r, twoProd(-k, LN2M));
  r = ddAdd(r, [-k * LN2L, 0]);
  // Taylor series in double-double: |r| ≤ 0.35, 27 terms reach 1e-32.
  let term = [1, 0];
  let sum = [1, 0];
  for (let i = 1; i < 28; i++) {
    term = ddMulD(ddMul(term, r), 1 / i); // 1/i rounded: its error is ~1e-17 relative on a term ≤ r^i/i!
    sum = ddAdd(sum, term);
  }
  const s = 2 ** k; // normal for k ≥ -1022
  return [sum[0] * s, sum[1] * s];
}

// ---------------------------------------------------------------- running the probe
function runPoints(kind, pts) {
  const wide = kind === 4;
  const res = new Float64Array(pts.length);
  const step = wide ? 2 : 4;
  for (let s = 0; s < pts.length; s += N) {
    const m = Math.min(N, pts.length - s);
    const inp = wide ? new Float64Array(mem(), ex.inPtr(), N) : new Float32Array(mem(), ex.inPtr(), N);
    inp.fill(0);
    for (let j = 0; j < m; j++) inp[j] = pts[s + j];
    ex.run(kind, Math.ceil(m / step) * step);
    const o = wide ? new Float64Array(mem(), ex.outPtr(), N) : new Float32Array(mem(), ex.outPtr(), N);
    for (let j = 0; j < m; j++) res[s + j] = o[j];
  }
  return res;
}

// Seeded random points (mulberry32).
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const kinds = [
  { name: 'expNegX4 (f32)', kind: 0, f: Math.exp, domains: [[-87, 0], [-1, 0], [-1e-6, 0]], specials: [0, -0, -1e-30, -1e-45, -87, -87.3, -103.9, -110, -1e30, -Infinity, NaN] },
  { name: 'log1pUnitX4 (f32)', kind: 1, f: Math.log1p, domains: [[0, 1], [0, 1e-6], [0, 1e-30]], specials: [0, 1, 1e-45, 1e-38, 2 ** -24, 0.41421356, 0.5, NaN] },
  { name: 'softplusX4 (f32)', kind: 2, f: softplus, domains: [[-20, 20], [-87, 87], [-87, 1e4]], specials: [0, -0, 1e4, -87, 87, 1e30, Infinity, NaN] },
  { name: 'sigmoidX4 (f32)', kind: 3, f: sigmoid, domains: [[-20, 20], [-87, 87], [-87, 1e4]], specials: [0, -0, 87, -87, 1e4, 1e30, Infinity, NaN] },
  { name: 'expX2 (f64)', kind: 4, f: expDD, wide: true, domains: [[-708, 0], [-1, 0], [-1e-6, 0]], specials: [0, -0, -1e-300, -5e-324, -708, -708.5, -745, -1e30, -Infinity, NaN] },
];

let failed = false;
for (const k of kinds) {
  const pointsOf = k.wide ? Math.max(1, Math.floor(POINTS / 4)) : POINTS;
  let worst = 0;
  let at = 0;
  const check = (pts) => {
    const got = runPoints(k.kind, pts);
    for (let j = 0; j < pts.length; j++) {
      const x = k.wide ? pts[j] : Math.fround(pts[j]);
      let e;
      if (k.wide) {
        if (Number.isNaN(x)) e = Number.isNaN(got[j]) ? 0 : Infinity;
        else if (x < -708) e = got[j] === 0 ? 0 : Infinity; // the documented flush
        else {
          const [h, l] = k.f(x);
          e = ulps64(got[j], h, l);
        }
      } else if (k.kind === 0 && x < -87) {
        e = ulps32(got[j], 0); // the documented flush to 0 below -87
      } else {
        e = ulps32(got[j], Math.fround(k.f(x)));
      }
      if (e > worst) {
        worst = e;
        at = x;
      }
    }
  };
  const lines = [];
  const rand = rng(0x5eed + k.kind);
  for (const [lo, hi] of k.domains) {
    const before = worst;
    worst = 0;
    const pts = k.wide ? new Float64Array(pointsOf) : new Float32Array(pointsOf);
    for (let j = 0; j < pointsOf; j++) pts[j] = lo + ((hi - lo) * j) / (pointsOf - 1);
    check(pts);
    for (let j = 0; j < pointsOf; j++) pts[j] = lo + (hi - lo) * rand();
    check(pts);
    // Log-spaced points too, for wide domains and tiny arguments: from 1e-30 to each end of the domain.
    for (const end of [lo, hi]) {
      if (end === 0) continue;
      const a = Math.min(1e-30, Math.abs(end));
      for (let j = 0; j < pointsOf; j++) pts[j] = Math.sign(end) * a * Math.pow(Math.abs(end) / a, j / (pointsOf - 1));
      check(pts);
    }
    lines.push(`  [${lo}, ${hi}]: max ${+worst.toFixed(3)} ulp${worst ? ` (at x = ${at})` : ''}`);
    worst = Math.max(worst, before);
  }
  const sw = worst;
  worst = 0;
  check(k.wide ? Float64Array.from(k.specials) : Float32Array.from(k.specials));
  lines.push(`  specials (${k.specials.length}): max ${+worst.toFixed(3)} ulp${worst ? ` (at x = ${at})` : ''}`);
  worst = Math.max(worst, sw);
  console.log(`${k.name}: max ${+worst.toFixed(3)} ulp`);
  for (const l of lines) console.log(l);
  if (worst > 2) failed = true;
}
if (failed) {
  console.log('some function exceeds 2 ulp');
  process.exitCode = 1;
}
