#!/usr/bin/env node
// edgeloss benchmark suite (issue 5). `npm run bench` (full, ~5–10 min on 2 cores) or `npm run bench -- --quick`.
// Options: --quick, --rounds N, --ms N (time per implementation per round), --filter REGEX (workload ids),
//          --no-tfjs, --no-native, --no-cold, --cold-runs N, --no-head.
// The head-* columns use a module specialised for an 8400-anchor, 80-class, reg_max 16 head, built first with
// scripts/build-head.mjs into build/heads/ when it is missing (about 25 s; asc is a devDependency).
// Writes bench/results/<date>.json and bench/results/latest.{json,md}; prints the markdown to stdout.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import v8 from 'node:v8';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from 'mitata';
import { buildNative } from './native/build.mjs';
import { fmtTime } from './format.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const argv = process.argv.slice(2);
const flag = (name) => argv.includes(name);
const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : def; };
const quick = flag('--quick');
const ROUNDS = Number(opt('--rounds', quick ? 2 : 5));
const MS = Number(opt('--ms', quick ? 12 : 40));
const COLD_RUNS = Number(opt('--cold-runs', quick ? 3 : 10));
const FILTER = new RegExp(opt('--filter', '.'));
const SLOW_MS = 25; // a call slower than this is timed one call per round
const SLOW_CAP_MS = quick ? 1000 : 3000;
const started = Date.now();

if (!existsSync(join(root, 'dist', 'index.js')) || !existsSync(join(root, 'build', 'edgeloss.simd.wasm'))) {
  console.error('bench: dist/ or build/*.wasm is missing: run `npm run build` first (npm install does it)');
  process.exit(1);
}

// ---------------------------------------------------------------- machine line
function machine() {
  let model = os.cpus()[0]?.model ?? '?';
  let flags = [];
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? model;
    flags = (/^flags\s*:\s*(.*)$/m.exec(info)?.[1] ?? /^Features\s*:\s*(.*)$/m.exec(info)?.[1] ?? '').split(/\s+/);
  } catch { /* not Linux */ }
  const isa = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512dq', 'neon', 'asimd', 'sve'].filter((f) => flags.includes(f));
  const gcc = spawnSync('gcc', ['-dumpfullversion'], { encoding: 'utf8' });
  return {
    cpu: model.trim(), cores: os.availableParallelism?.() ?? os.cpus().length, arch: process.arch, isa,
    node: process.version, v8: process.versions.v8, gcc: gcc.status === 0 ? gcc.stdout.trim() : null,
    loadavgStart: os.loadavg().map((v) => +v.toFixed(2)),
    commit: spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout?.trim() || null,
    wasm: Object.fromEntries(['simd', 'mvp'].map((b) => [b, createHash('sha256').update(readFileSync(join(root, 'build', `edgeloss.${b}.wasm`))).digest('hex').slice(0, 12)])),
  };
}

// ---------------------------------------------------------------- stats and formatting
function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
const fmtRatio = (r) => (Number.isFinite(r) ? (r >= 100 ? `${r.toFixed(0)}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`) : '–');
const fmtErr = (e) => (e == null ? '–' : e === 0 ? '0' : e.toExponential(1));

// ---------------------------------------------------------------- set up implementations
const mach = machine();
console.error(`bench: ${mach.cpu}, ${mach.cores} cores, ${mach.isa.join(' ')}; Node ${mach.node}; load ${mach.loadavgStart.join(' ')}`);
console.error(`bench: ${quick ? 'quick' : 'full'} mode, ${ROUNDS} rounds × ${MS} ms per implementation per workload`);

let native = { variants: [], gcc: null };
if (!flag('--no-native')) {
  native = buildNative({ quiet: true });
  const require = createRequire(import.meta.url);
  for (const v of native.variants) v.addon = require(v.path);
} else console.log('note: --no-native: the C columns are skipped');

let tf = null;
if (!flag('--no-tfjs')) {
  const warn = console.warn, log = console.log;
  try {
    console.warn = console.log = () => {}; // tfjs prints a hint about tfjs-node on first use
    tf = await import('@tensorflow/tfjs'); // the union package registers the gradients (tfjs-core's node bundle alone does not)
    await import('@tensorflow/tfjs-backend-wasm'); // loads its .wasm from node_modules: no network
    await tf.setBackend('wasm'); await tf.ready();
    await tf.setBackend('cpu'); await tf.ready();
  } catch (e) {
    console.warn = warn; console.log = log;
    console.log(`note: tfjs unavailable (${e.message}): the tfjs columns are skipped`);
    tf = null;
  }
  console.log = log; // console.warn stays muted: tfjs prints a tfjs-node hint on its first op
}

// ---------------------------------------------------------------- the head-specialised build
let head = null;
if (!flag('--no-head')) {
  const name = 'head-8400x80-r16';
  const at = (t) => join(root, 'build', 'heads', `${name}.${t}.wasm`);
  if (!existsSync(at('simd')) || !existsSync(at('mvp'))) {
    console.error('bench: building the 8400×80 head-specialised module (scripts/build-head.mjs) ...');
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-head.mjs'), '--anchors', '8400', '--classes', '80', '--reg-max', '16'], { cwd: root, encoding: 'utf8' });
    if (r.status !== 0) console.log(`note: the head-specialised build failed (${(r.stderr || r.stdout).trim().split('\n').pop()}): the head columns are skipped`);
  }
  if (existsSync(at('simd')) && existsSync(at('mvp'))) head = { label: '8400×80 (reg_max 16)', simd: at('simd'), mvp: at('mvp') };
}

const { implementations, workloads } = await import('./impls.mjs');
const impls = await implementations({ native: native.variants, tfjs: tf, head });
const ANCHORS = ['c-O3', 'c-native', 'c-fast', 'tfjs-wasm'].filter((a) => impls.some((i) => i.id === a));

// ---------------------------------------------------------------- run
const gc = globalThis.gc ? () => globalThis.gc() : false;
const mopts = () => ({
  min_cpu_time: MS * 1e6, min_samples: 1, max_samples: 1e6, batch_samples: 64, batch_threshold: 65_536,
  warmup_samples: 2, gc,
});

function relErr(v, ref) { return ref === 0 ? Math.abs(v) : Math.abs(v - ref) / Math.abs(ref); }
function gradErr(g, ref) {
  if (!g || !ref) return null;
  let num = 0, den = 0;
  for (let i = 0; i < ref.length; i++) { num = Math.max(num, Math.abs(g[i] - ref[i])); den = Math.max(den, Math.abs(ref[i])); }
  return den === 0 ? num : num / den;
}

const results = [];
const wl = workloads().filter((w) => FILTER.test(w.id));
let k = 0;
for (const w of wl) {
  k++;
  const t0 = Date.now();
  const entries = [];
  for (const impl of impls) {
    const h = impl.setup(w);
    if (h) entries.push({ impl, h, samples: [] });
  }
  const ref = await entries.find((e) => e.impl.id === 'reference').h.check();
  for (const e of entries) {
    try {
      const r = await e.h.check(); // also the first warm-up call (page faults on fresh output arrays land here)
      await e.h.prepare?.();
      const t0 = performance.now();
      await e.h.fn(); // a second call decides whether the implementation is timed as slow (one call per round)
      e.checkMs = performance.now() - t0;
      e.value = r.value;
      e.errValue = relErr(r.value, ref.value);
      e.errGrad = w.mode === 'grad' ? gradErr(r.grad, ref.grad) : null;
    } catch (err) {
      e.failed = err.message;
    }
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < entries.length; j++) {
      const e = entries[(j + r) % entries.length]; // rotate the order each round
      if (e.failed) continue;
      await e.h.prepare?.();
      if (e.checkMs > SLOW_MS) {
        // Slow calls (tfjs with gradients, the reference at 1e6): one timed call per round, no extra warm-up, and
        // no more rounds once the cell has SLOW_CAP_MS of samples (at least 2 samples).
        if (e.samples.length >= 2 && e.spent >= SLOW_CAP_MS) continue;
        gc && gc();
        const t0 = process.hrtime.bigint();
        await e.h.fn();
        const ns = Number(process.hrtime.bigint() - t0);
        e.samples.push(ns);
        e.spent = (e.spent ?? 0) + ns / 1e6;
      } else {
        const m = await measure(e.h.fn, mopts());
        e.samples.push(...m.samples);
      }
    }
  }
  const row = { id: w.id, loss: w.loss, size: w.label, mode: w.mode, elements: w.elements, impls: {} };
  for (const e of entries) {
    const s = e.samples.sort((a, b) => a - b);
    row.impls[e.impl.id] = e.failed ? { failed: e.failed } : {
      median: quantile(s, 0.5), p10: quantile(s, 0.1), p90: quantile(s, 0.9), samples: s.length,
      value: e.value, errValue: e.errValue, errGrad: e.errGrad,
    };
  }
  results.push(row);
  const med = (id) => fmtTime(row.impls[id]?.median);
  console.error(`[${k}/${wl.length}] ${w.id}: simd-api ${med('simd-api')}, c-O3 ${med('c-O3')}, c-fast ${med('c-fast')}, tfjs-wasm ${med('tfjs-wasm')} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

// ---------------------------------------------------------------- cold start, in fresh processes
const cold = {};
if (!flag('--no-cold')) {
  const kinds = ['node', 'floor', 'edgeloss', 'edgeloss-module', ...(tf ? ['tfjs-cpu', 'tfjs-wasm'] : [])];
  const runs = Object.fromEntries(kinds.map((k) => [k, { ms: [], wall: [], first: [] }]));
  for (let i = 0; i < COLD_RUNS; i++) {
    for (const kind of kinds) {
      const t0 = process.hrtime.bigint();
      const p = spawnSync(process.execPath, [join(here, 'cold.mjs'), kind], { encoding: 'utf8' });
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      if (p.status !== 0) { console.log(`note: cold start ${kind} failed: ${p.stderr.split('\n')[0]}`); continue; }
      const r = JSON.parse(p.stdout.trim().split('\n').pop());
      runs[kind].ms.push(r.ms); runs[kind].wall.push(wall);
      if (r.firstCallMs != null) runs[kind].first.push(r.firstCallMs);
    }
  }
  for (const [kind, r] of Object.entries(runs)) {
    const s = (a) => a.slice().sort((x, y) => x - y);
    cold[kind] = {
      runs: r.ms.length,
      median: quantile(s(r.ms), 0.5), p10: quantile(s(r.ms), 0.1), p90: quantile(s(r.ms), 0.9),
      wallMedian: quantile(s(r.wall), 0.5), firstCallMedian: r.first.length ? quantile(s(r.first), 0.5) : null,
    };
  }
  console.error(`cold start: edgeloss ${cold.edgeloss?.median?.toFixed(1)} ms, LossModule ${cold['edgeloss-module']?.median?.toFixed(1)} ms`);
}
// ---------------------------------------------------------------- allocation per call at n = 16
// Bytes of V8 new-space allocation per call, from the new space's used size around a batch of 200 calls right
// after a full GC (median of 7 batches; a scavenge inside a batch would only lower the figure). Includes the
// HeapNumber of a returned double (16 B).
const allocation = [];
if (globalThis.gc) {
  const { loadEdgeLoss, LossModule } = await import('edgeloss');
  const el = await loadEdgeLoss({ build: 'simd' });
  const mod = new LossModule('simd'), e = mod.exports;
  const x = new Float32Array(16).map((_, i) => i / 7), y = new Float32Array(16);
  const used = () => v8.getHeapSpaceStatistics().find((sp) => sp.space_name === 'new_space').space_used_size;
  const perCall = (f) => {
    for (let i = 0; i < 20000; i++) f();
    const r = [];
    for (let t = 0; t < 7; t++) { globalThis.gc(); const a = used(); for (let i = 0; i < 200; i++) f(); r.push((used() - a) / 200); }
    return r.sort((p, q) => p - q)[3];
  };
  allocation.push({ path: 'simd-api, value (returns a number)', bytes: perCall(() => el.mseLoss(x, y)) });
  allocation.push({ path: 'simd-api, value+grad (returns { value, grad: Float32Array(16) })', bytes: perCall(() => el.mseLoss(x, y, { grad: true })) });
  allocation.push({ path: 'new Float32Array(16) alone (the result array, for scale)', bytes: perCall(() => new Float32Array(16)) });
  allocation.push({ path: 'simd-resident, value+grad', bytes: perCall(() => { e.reset(); e.mse(16, 1, 16); return e.result(1, 16); }) });
  allocation.push({ path: 'simd-lm, fill + call + read (value+grad)', bytes: perCall(() => { e.reset(); mod.input.set(x); mod.target.set(y); e.mse(16, 1, 16); return e.result(1, 16); }) });
}

mach.loadavgEnd = os.loadavg().map((v) => +v.toFixed(2));

// ---------------------------------------------------------------- targets (issue 5, item 4)
const get = (id) => results.find((r) => r.id === id);
const med = (id, impl) => get(id)?.impls[impl]?.median;
function ratioTarget(name, wid, impl, anchor, limit, inverse = false) {
  const a = med(wid, impl), b = med(wid, anchor);
  if (a == null || b == null) return { name, impl, figure: 'not measured', met: null };
  const r = inverse ? b / a : a / b;
  const met = inverse ? r >= limit : r <= limit;
  const figure = inverse ? `${fmtRatio(r)} faster than ${anchor} (${fmtTime(a)} vs ${fmtTime(b)})` : `${fmtRatio(r)} of ${anchor} (${fmtTime(a)} vs ${fmtTime(b)})`;
  return { name, impl, figure, met, ratio: r };
}
function absTarget(name, wid, impl, limitNs) {
  const a = med(wid, impl);
  if (a == null) return { name, impl, figure: 'not measured', met: null };
  return { name, impl, figure: fmtTime(a), met: a <= limitNs, value: a };
}
const targets = [];
const T = (name, wid, anchor, limit, how) => targets.push({ name, wid, anchor, limit, how });
for (const loss of ['bce_logits', 'sigmoid_focal']) {
  const wid = `${loss} 8400×80 grad`;
  T(`${loss} 8400×80: ≤ 3× the vectorised native limit (C -ffast-math)`, wid, 'c-fast', 3, 'ratio');
  T(`${loss} 8400×80: ≥ 10× faster than tfjs-wasm`, wid, 'tfjs-wasm', 10, 'faster');
  T(`${loss} 8400×80: ~6× faster than scalar C with libm (C -O3) (context, implied by the 3×)`, wid, 'c-O3', 6, 'faster');
}
T('cross_entropy 8400×80: ≤ 3× the vectorised native limit', 'cross_entropy 8400×80 grad', 'c-fast', 3, 'ratio');
for (const loss of ['mse', 'l1', 'smooth_l1']) {
  for (const size of ['33,600 (8400×4)', '1,000,000']) {
    const wid = `${loss} ${size} grad`;
    T(`${loss} n = ${size.split(' ')[0]}: ≤ 1.2× C -O3`, wid, 'c-O3', 1.2, 'ratio');
    T(`${loss} n = ${size.split(' ')[0]}: ≤ 3.5× C -O3 -march=native`, wid, 'c-native', 3.5, 'ratio');
  }
}
for (const loss of ['giou', 'ciou']) T(`${loss} 8400 pairs: ≤ 1× C -O3 -march=native`, `${loss} 8400 pairs grad`, 'c-native', 1, 'ratio');
const ov = 'mse n = 16 (per-call overhead)';
T('per call, n = 16, copying API: ≤ 150 ns (value+grad)', `${ov} grad`, null, 150, 'abs:simd-api');
T('per call, n = 16, copying API: ≤ 150 ns (value only)', `${ov} value`, null, 150, 'abs:simd-api');
T('per call, n = 16, zero-copy, data resident: ≤ 60 ns (value+grad)', `${ov} grad`, null, 60, 'abs:simd-resident');
T('per call, n = 16, zero-copy, data resident: ≤ 60 ns (value only)', `${ov} value`, null, 60, 'abs:simd-resident');
T('per call, n = 16, LossModule fill + call + read: ≤ 60 ns (value+grad)', `${ov} grad`, null, 60, 'abs:simd-lm');
function judge(t, impl) {
  const a = med(t.wid, impl), b = t.anchor ? med(t.wid, t.anchor) : null;
  if (a == null || (t.anchor && b == null)) return null;
  if (t.how === 'ratio') return { figure: `${fmtRatio(a / b)} (${fmtTime(a)} vs ${fmtTime(b)})`, met: a / b <= t.limit, ratio: a / b };
  if (t.how === 'faster') return { figure: `${fmtRatio(b / a)} faster (${fmtTime(a)} vs ${fmtTime(b)})`, met: b / a >= t.limit, ratio: b / a };
  return { figure: fmtTime(a), met: a <= t.limit, ns: a };
}
for (const t of targets) {
  if (t.how.startsWith('abs:')) { t.paths = { [t.how.slice(4)]: judge(t, t.how.slice(4)) }; continue; }
  t.paths = { 'simd-api': judge(t, 'simd-api'), 'simd-lm': judge(t, 'simd-lm'), 'head-simd-lm': judge(t, 'head-simd-lm'), 'head-simd-resident': judge(t, 'head-simd-resident') };
}

// What the head-specialised build buys: the same fill + call + read path, generic build (4096-element chunks) vs
// the head's (one call per head), and the head's with the data resident (no copies).
const specialisation = head ? results.filter((r) => r.impls['head-simd-lm']?.median != null && r.impls['simd-lm']?.median != null).map((r) => ({
  id: r.id, generic: r.impls['simd-lm'].median, head: r.impls['head-simd-lm'].median, resident: r.impls['head-simd-resident']?.median ?? null,
  genericMvp: r.impls['mvp-lm']?.median ?? null, headMvp: r.impls['head-mvp-lm']?.median ?? null,
})) : [];
if (cold.edgeloss) {
  const c = cold.edgeloss, m = cold['edgeloss-module'];
  targets.push({ name: 'cold start ≤ 5 ms (import + instantiate, fresh process)', how: 'cold', limit: 5, paths: {
    "import('edgeloss') + loadEdgeLoss()": { figure: `${c.median.toFixed(1)} ms`, met: c.median <= 5, ms: c.median },
    ...(cold.floor ? { "the same minus Node's floor (one dynamic import of a one-line module)": { figure: `${(c.median - cold.floor.median).toFixed(1)} ms (floor ${cold.floor.median.toFixed(1)} ms)`, met: c.median - cold.floor.median <= 5, ms: c.median - cold.floor.median } } : {}),
    'import LossModule (unbundled dist/wasm/) + new LossModule()': { figure: `${m.median.toFixed(1)} ms`, met: m.median <= 5, ms: m.median },
  } });
}
const measuredTargets = targets.filter((t) => Object.values(t.paths).some((p) => p));

// ---------------------------------------------------------------- output
const LABEL = Object.fromEntries(impls.map((i) => [i.id, i.label]));
const out = {
  date: new Date().toISOString(), mode: quick ? 'quick' : 'full', rounds: ROUNDS, msPerRound: MS, machine: mach,
  native: native.variants.map((v) => ({ id: v.id, cmd: v.cmd, vectorized: v.vectorized })), gcc: native.gcc,
  implementations: impls.map((i) => ({ id: i.id, label: i.label })), anchors: ANCHORS, results, cold, targets: measuredTargets, specialisation, allocation,
  seconds: (Date.now() - started) / 1000,
};

function markdown(o) {
  const L = [];
  const m = o.machine;
  L.push(`# edgeloss benchmark, ${o.date.slice(0, 16).replace('T', ' ')} UTC (${o.mode}: ${o.rounds} rounds × ${o.msPerRound} ms per implementation per workload, ${o.seconds.toFixed(0)} s)`);
  L.push('');
  L.push(`**Machine:** ${m.cpu}, ${m.cores} cores (${m.arch}), ISA: ${m.isa.join(' ') || '?'}; Node ${m.node} (V8 ${m.v8}); gcc ${m.gcc ?? 'missing'}; commit ${m.commit} (build/edgeloss.simd.wasm ${m.wasm.simd}, mvp ${m.wasm.mvp}, sha256 prefixes); load average ${m.loadavgStart.join(' ')} at start, ${m.loadavgEnd.join(' ')} at end.`);
  L.push('');
  L.push('Times are medians of per-call samples pooled over the interleaved rounds; spread is p10–p90. Ratios are the row\'s median over the anchor\'s median from the same run (below 1 = faster than the anchor). Errors are against the float64 reference on the same float32 inputs: |value − ref|/|ref|, and max|grad − ref| / max|ref| for the gradient.');
  L.push('');
  L.push('## Targets (issue 5, item 4; value+gradient unless stated)');
  L.push('');
  L.push('| target | path: figure | met |');
  L.push('|---|---|---|');
  for (const t of o.targets) {
    const ps = Object.entries(t.paths).filter(([, p]) => p);
    const context = t.name.includes('(context');
    L.push(`| ${t.name} | ${ps.map(([k, p]) => `${k}: ${p.figure}`).join('<br>')} | ${ps.map(([k, p]) => (context ? '(context)' : p.met ? 'met' : '**missed**')).join('<br>')} |`);
  }
  L.push('');
  if (o.allocation?.length) {
    L.push('## Allocation per call, mse n = 16');
    L.push('');
    L.push('| path | bytes allocated per call (V8 new space) |');
    L.push('|---|---:|');
    for (const a of o.allocation) L.push(`| ${a.path} | ${a.bytes.toFixed(0)} |`);
    L.push('');
  }
  if (o.specialisation?.length) {
    L.push('## What the head-specialised build buys (8400 anchors × 80 classes, reg_max 16)');
    L.push('');
    L.push('LossModule fill + call + read with the generic build (4096-element buffers, so a head is many calls) against the module built by `npm run build:head -- --anchors 8400 --classes 80` (buffers as large as the head, constant trip counts where a call has the head\'s length), and that module with the data already resident. Ratio below 1 = the head build is faster.');
    L.push('');
    L.push('| workload | SIMD generic | SIMD head | head / generic | SIMD head, resident | MVP generic | MVP head | head / generic |');
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of o.specialisation) {
      L.push(`| ${r.id} | ${fmtTime(r.generic)} | ${fmtTime(r.head)} | ${fmtRatio(r.head / r.generic)} | ${fmtTime(r.resident)} | ${fmtTime(r.genericMvp)} | ${fmtTime(r.headMvp)} | ${r.headMvp && r.genericMvp ? fmtRatio(r.headMvp / r.genericMvp) : '–'} |`);
    }
    L.push('');
  }
  const ids = o.implementations.map((i) => i.id);
  L.push('## Medians');
  L.push('');
  L.push(`| workload | ${ids.join(' | ')} |`);
  L.push(`|---|${ids.map(() => '---:').join('|')}|`);
  for (const r of o.results) L.push(`| ${r.loss} ${r.size} ${r.mode} | ${ids.map((id) => fmtTime(r.impls[id]?.median)).join(' | ')} |`);
  L.push('');
  L.push('## Each workload');
  for (const r of o.results) {
    L.push('');
    L.push(`### ${r.loss}, ${r.size}, ${r.mode === 'grad' ? 'value+gradient' : 'value only'}`);
    L.push('');
    const unit = r.loss === 'giou' || r.loss === 'ciou' ? 'ns/pair' : 'ns/elem';
    L.push(`| implementation | median | p10–p90 | samples | ${unit} | ${o.anchors.map((a) => `× ${a}`).join(' | ')} | rel err value | rel err grad |`);
    L.push(`|---|---:|---:|---:|---:|${o.anchors.map(() => '---:').join('|')}|---:|---:|`);
    for (const [id, s] of Object.entries(r.impls)) {
      if (s.failed) { L.push(`| ${id} | failed: ${s.failed} |`); continue; }
      const ratios = o.anchors.map((a) => fmtRatio(s.median / r.impls[a]?.median));
      L.push(`| ${id} | ${fmtTime(s.median)} | ${fmtTime(s.p10)} – ${fmtTime(s.p90)} | ${s.samples} | ${(s.median / r.elements).toPrecision(3)} | ${ratios.join(' | ')} | ${fmtErr(s.errValue)} | ${fmtErr(s.errGrad)} |`);
    }
  }
  if (Object.keys(o.cold).length) {
    L.push('');
    L.push('## Cold start (fresh process each run)');
    L.push('');
    L.push('| what | runs | import + instantiate, median | p10–p90 | first call | process wall time |');
    L.push('|---|---:|---:|---:|---:|---:|');
    for (const [k, c] of Object.entries(o.cold)) {
      L.push(`| ${k} | ${c.runs} | ${c.median.toFixed(2)} ms | ${c.p10.toFixed(1)} – ${c.p90.toFixed(1)} ms | ${c.firstCallMedian == null ? '–' : `${c.firstCallMedian.toFixed(2)} ms`} | ${c.wallMedian.toFixed(0)} ms |`);
    }
  }
  if (o.native.length) {
    L.push('');
    L.push('## Native C: what gcc vectorised (-fopt-info-vec-optimized)');
    L.push('');
    L.push(`| function | ${o.native.map((v) => v.id).join(' | ')} |`);
    L.push(`|---|${o.native.map(() => '---').join('|')}|`);
    const fns = [...new Set(o.native.flatMap((v) => Object.keys(v.vectorized)))].filter((f) => f.startsWith('c_'));
    for (const f of fns) L.push(`| ${f} | ${o.native.map((v) => v.vectorized[f] ?? 'not vectorised').join(' | ')} |`);
    L.push('');
    L.push('"loop NB" = a loop vectorised with N-byte vectors; "bb" = straight-line (SLP) vectorisation only.');
  }
  L.push('');
  L.push('Implementations: ' + o.implementations.map((i) => `\`${i.id}\` ${i.label}`).join('; ') + '.');
  return L.join('\n') + '\n';
}

const md = markdown(out);
const dir = join(here, 'results');
mkdirSync(dir, { recursive: true });
const stamp = out.date.replace(/[:]/g, '-').slice(0, 19);
writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(out, null, 1));
// Only a full run of every part replaces the committed latest.*; a quick, filtered or partial run writes partial.md.
const complete = !quick && !argv.includes('--filter') && !argv.some((a) => a.startsWith('--no-')) && !argv.includes('--rounds') && !argv.includes('--ms');
if (complete) {
  writeFileSync(join(dir, 'latest.json'), JSON.stringify(out, null, 1));
  writeFileSync(join(dir, 'latest.md'), md);
} else {
  writeFileSync(join(dir, 'partial.md'), md);
}
process.stdout.write(md);
console.error(`bench: wrote bench/results/${stamp}.json and ${complete ? 'latest.json, latest.md' : 'partial.md (a partial run leaves latest.* alone)'} (${out.seconds.toFixed(0)} s)`);
