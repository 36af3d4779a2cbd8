#!/usr/bin/env node
// Maximum error in ulp of the f32x4 approximations in assembly/math/simd_math.ts (expX4, log1pX4, softplusX4,
// sigmoidX4) against Math.fround of the f64 function, over the domains the losses use, edges and specials included.
// Compiles scripts/ulp/probe.ts with asc (a devDependency) into a temporary module, so the release builds' exports
// stay as they are. Usage: node scripts/ulp-check.mjs [--points N]   (N per domain, default 4,000,000)
import asc from 'assemblyscript/asc';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argi = process.argv.indexOf('--points');
const POINTS = argi > 0 ? Number(process.argv[argi + 1]) : 4_000_000;

const dir = mkdtempSync(join(tmpdir(), 'ulp-'));
const out = join(dir, 'probe.wasm');
const { error, stderr } = await asc.main(
  [join(root, 'scripts/ulp/probe.ts'), '--outFile', out, '-O3', '--enable', 'simd', '--runtime', 'stub', '--use', 'abort=', '--noAssert', '--initialMemory', '16', '--maximumMemory', '16'],
  {},
);
if (error) {
  console.error(stderr.toString());
  process.exit(1);
}
const { instance } = await WebAssembly.instantiate(readFileSync(out), {});
rmSync(dir, { recursive: true, force: true });
const ex = instance.exports;
const N = 65536;
const mem = () => ex.memory.buffer;
const input = () => new Float32Array(mem(), ex.inPtr(), N);
const output = () => new Float32Array(mem(), ex.outPtr(), N);

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
/** Position of a float32 on the integer line of ordered floats (so |a - b| in these units is ulps). */
function ord(v) {
  f32[0] = v;
  const b = u32[0];
  return b & 0x80000000 ? -(b & 0x7fffffff) : b;
}
function ulps(got, want) {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? 0 : Infinity;
  return Math.abs(ord(got) - ord(want));
}

const softplus = (z) => Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
const sigmoid = (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const kinds = [
  { name: 'exp', kind: 0, f: Math.exp, domains: [[-104, 89], [-87.3, 0], [-1, 1]] },
  { name: 'log1p', kind: 1, f: Math.log1p, domains: [[0, 1], [-0.999, 0], [0, 1e-6], [1, 1e30]] },
  { name: 'softplus', kind: 2, f: softplus, domains: [[-20, 20], [-104, 104], [-1e4, 1e4]] },
  { name: 'sigmoid', kind: 3, f: sigmoid, domains: [[-20, 20], [-87.3, 87.3], [-104, 104]] },
];
const specials = [0, -0, Infinity, -Infinity, NaN, 1e30, -1e30, 1e4, -1e4, 88.7, 88.8, -87.3, -103.9, -104, -110, -1, -1.5, 1e-30, 1e-45, 2 ** -24, 0.41421356, 1];

function runPoints(kind, pts) {
  const res = new Float64Array(pts.length);
  for (let s = 0; s < pts.length; s += N) {
    const m = Math.min(N, pts.length - s);
    const inp = input();
    inp.fill(0);
    for (let j = 0; j < m; j++) inp[j] = pts[s + j];
    ex.run(kind, (m + 3) & ~3);
    const o = output();
    for (let j = 0; j < m; j++) res[s + j] = o[j];
  }
  return res;
}

let failed = false;
for (const k of kinds) {
  let worst = 0;
  let at = 0;
  const check = (pts) => {
    const got = runPoints(k.kind, pts);
    for (let j = 0; j < pts.length; j++) {
      const want = Math.fround(k.f(Math.fround(pts[j])));
      const e = ulps(got[j], want);
      if (e > worst) {
        worst = e;
        at = pts[j];
      }
    }
  };
  const lines = [];
  for (const [lo, hi] of k.domains) {
    const before = worst;
    worst = 0;
    const pts = new Float32Array(POINTS);
    for (let j = 0; j < POINTS; j++) pts[j] = lo + ((hi - lo) * j) / (POINTS - 1);
    check(pts);
    // Log-spaced points too, for wide domains and tiny arguments.
    if (lo >= 0 && hi > 0) {
      const a = Math.max(lo, 1e-30);
      for (let j = 0; j < POINTS; j++) pts[j] = a * Math.pow(hi / a, j / (POINTS - 1));
      check(pts);
    }
    lines.push(`  [${lo}, ${hi}]: max ${worst} ulp${worst ? ` (at x = ${at})` : ''}`);
    worst = Math.max(worst, before);
  }
  const sw = worst;
  worst = 0;
  check(Float32Array.from(specials));
  lines.push(`  specials (${specials.length}): max ${worst} ulp${worst ? ` (at x = ${at})` : ''}`);
  worst = Math.max(worst, sw);
  console.log(`${k.name}: max ${worst} ulp`);
  for (const l of lines) console.log(l);
  if (worst > 2) failed = true;
}
if (failed) {
  console.log('some function exceeds 2 ulp');
  process.exitCode = 1;
}
