#!/usr/bin/env node
// Conformance vectors for every kernel export, with expected bits taken from V8 (this Node) at build time.
//
//   node scripts/portability/gen-conformance.mjs        (after `npm run build`)
//
// Writes, for the builds simd, mvp and onepage:
//   build/conformance/vectors.json   the cases as call traces (fill buffers, call exports, read buffers) with the
//                                    expected f32 bits of every output element and the f64 bits of every result()
//   build/conformance/<build>.wast   the same cases as a spec script: the module embedded as (module binary ...),
//                                    buffers filled through set_f32/set_i32, assert_return on exact f32/f64 bits
//                                    (NaN results by class: nan:canonical or nan:arithmetic)
// The cases are deterministic (fixed seeds); the expectations are never stored by hand, so a kernel change cannot
// leave them stale. Consumers: scripts/portability/replay.mjs (Node, dist/ LossModule), spectest-interp (wabt),
// examples/c-host (wasm2c), and the Cortex-M host.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(ROOT, 'build', 'conformance');
const BUILDS = ['simd', 'mvp', 'onepage'];

// ---------------------------------------------------------------------------------------------------------------
// Bits helpers
const f32buf = new Float32Array(1);
const u32buf = new Uint32Array(f32buf.buffer);
const f64buf = new Float64Array(1);
const u64buf = new BigUint64Array(f64buf.buffer);
export const f32bits = (x) => { f32buf[0] = x; return u32buf[0]; };
export const bitsF32 = (b) => { u32buf[0] = b >>> 0; return f32buf[0]; };
export const f64bits = (x) => { f64buf[0] = x; return u64buf[0]; };
const hex64 = (b) => '0x' + b.toString(16).padStart(16, '0');
const hex32 = (b) => '0x' + (b >>> 0).toString(16).padStart(8, '0');
const F32_CANONICAL_NAN = 0x7fc00000;

/** 'exact', or the NaN class the expectation is compared by. Only canonical NaNs are used as inputs. */
export function nanClass32(b) {
  if ((b & 0x7f800000) !== 0x7f800000 || (b & 0x7fffff) === 0) return 'exact';
  return (b & 0x7fffff) === 0x400000 ? 'canonical' : 'arithmetic';
}
export function nanClass64(b) {
  const exp = (b >> 52n) & 0x7ffn;
  const man = b & 0xfffffffffffffn;
  if (exp !== 0x7ffn || man === 0n) return 'exact';
  return man === 0x8000000000000n ? 'canonical' : 'arithmetic';
}

/** A wast f32 literal with exactly these bits. */
function wastF32(b) {
  b >>>= 0;
  const sign = b >>> 31 ? '-' : '';
  const exp = (b >>> 23) & 0xff;
  const man = b & 0x7fffff;
  if (exp === 0xff) return man === 0 ? `${sign}inf` : `${sign}nan:0x${man.toString(16)}`;
  const frac = (man << 1).toString(16).padStart(6, '0');
  if (exp === 0) return man === 0 ? `${sign}0x0p+0` : `${sign}0x0.${frac}p-126`;
  const e = exp - 127;
  return `${sign}0x1.${frac}p${e >= 0 ? '+' : ''}${e}`;
}
/** A wast f64 literal with exactly these bits (BigInt). */
function wastF64(b) {
  const sign = b >> 63n ? '-' : '';
  const exp = Number((b >> 52n) & 0x7ffn);
  const man = b & 0xfffffffffffffn;
  if (exp === 0x7ff) return man === 0n ? `${sign}inf` : `${sign}nan:0x${man.toString(16)}`;
  const frac = man.toString(16).padStart(13, '0');
  if (exp === 0) return man === 0n ? `${sign}0x0p+0` : `${sign}0x0.${frac}p-1022`;
  const e = exp - 1023;
  return `${sign}0x1.${frac}p${e >= 0 ? '+' : ''}${e}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Export signatures, read from the binary (type, function and export sections; the module imports nothing).
export function exportSignatures(bytes) {
  let p = 8;
  const u = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  const VT = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128' };
  const types = [];
  const funcTypes = [];
  const exports = [];
  let imported = 0;
  while (p < bytes.length) {
    const id = bytes[p++];
    const size = u();
    const end = p + size;
    if (id === 1) {
      for (let n = u(), i = 0; i < n; i++) {
        p++; // 0x60
        const params = []; for (let k = u(), j = 0; j < k; j++) params.push(VT[bytes[p++]]);
        const results = []; for (let k = u(), j = 0; j < k; j++) results.push(VT[bytes[p++]]);
        types.push({ params, results });
      }
    } else if (id === 2) {
      if (u() !== 0) imported = -1; // the build must be import-free
    } else if (id === 3) {
      for (let n = u(), i = 0; i < n; i++) funcTypes.push(u());
    } else if (id === 7) {
      for (let n = u(), i = 0; i < n; i++) {
        const len = u();
        const name = new TextDecoder().decode(bytes.subarray(p, p + len));
        p += len;
        const kind = bytes[p++];
        const index = u();
        if (kind === 0) exports.push({ name, ...types[funcTypes[index - Math.max(imported, 0)]] });
      }
    }
    p = end;
  }
  if (imported < 0) throw new Error('the module has imports');
  return exports;
}

// ---------------------------------------------------------------------------------------------------------------
// Deterministic inputs
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const fr = Math.fround;

const B = { INPUT: 0, TARGET: 1, GRAD: 2, OUT: 3, WEIGHT: 4, AUX: 5 };
const F = { GRAD: 1, NONE: 2, WEIGHT: 4, POS_WEIGHT: 8, PROB_TARGET: 16, CLAMP: 32 };
const MODE = { SUM: 0, MEAN: 1, ROOT_MEAN: 2 };

/**
 * A case: a named call trace. Ops:
 *   { op: 'fill', buf, type: 'f32'|'i32', start, values }            f32 values as bits, i32 as numbers
 *   { op: 'call', fn, args: [{ type, value }] }                         f64 values as hex bit strings
 *   { op: 'read', buf, start, count }                                  compare buffer elements (f32 bits)
 * The generator adds the expectations: call.expect (i32 number, f64/f32 bits) and read.expect (bits).
 */
class CaseBuilder {
  constructor(name) { this.name = name; this.ops = []; }
  f32(buf, values, start = 0) { this.ops.push({ op: 'fill', buf, type: 'f32', start, values: values.map(f32bits) }); return this; }
  i32(buf, values, start = 0) { this.ops.push({ op: 'fill', buf, type: 'i32', start, values: values.map((v) => v | 0) }); return this; }
  call(fn, ...args) { this.ops.push({ op: 'call', fn, args }); return this; }
  read(buf, count, start = 0) { if (count > 0) this.ops.push({ op: 'read', buf, start, count }); return this; }
}
const i32 = (v) => ({ type: 'i32', value: v | 0 });
const f64 = (v) => ({ type: 'f64', value: hex64(f64bits(v)) });

function makeCases(cap) {
  const cases = [];
  const add = (name) => { const c = new CaseBuilder(name); cases.push(c); return c; };
  const vec = (r, n, lo, hi) => Array.from({ length: n }, () => fr(lo + (hi - lo) * r()));
  const flagSets = [0, F.GRAD, F.NONE, F.GRAD | F.NONE];
  const reductions = [['sum', MODE.SUM], ['mean', MODE.MEAN]];

  // ABI metadata, accessors, error reporting.
  add('meta: abi_version capacity pointers abort_line abort_column')
    .call('abi_version').call('capacity').call('input_ptr').call('target_ptr').call('grad_ptr').call('out_ptr')
    .call('weight_ptr').call('aux_ptr').call('abort_line').call('abort_column');
  add('accessors: set/get f32 and i32, get_bits, out of range')
    .call('set_f32', i32(B.INPUT), i32(3), { type: 'f32', value: hex32(f32bits(-1.5)) })
    .call('get_f32', i32(B.INPUT), i32(3)).call('get_bits', i32(B.INPUT), i32(3))
    .call('set_i32', i32(B.TARGET), i32(cap - 1), i32(-7)).call('get_i32', i32(B.TARGET), i32(cap - 1))
    .call('set_f32', i32(B.AUX), i32(cap), { type: 'f32', value: hex32(f32bits(1)) }).call('err_index').call('err_arg')
    .call('set_i32', i32(6), i32(0), i32(1)).call('get_f32', i32(B.GRAD), i32(-1)).call('get_i32', i32(9), i32(0))
    .call('get_bits', i32(B.OUT), i32(cap));
  add('capacity: n = capacity + 1 is E_CAPACITY, n < 0 is E_LENGTH')
    .call('reset').call('mse', i32(cap + 1), i32(0), f64(1)).call('err_index').call('err_arg')
    .call('l1', i32(-3), i32(0), f64(1)).call('err_index').call('result', i32(MODE.SUM), f64(1));
  add('result: mean with denom 0 is NaN; root mean')
    .f32(B.AUX, [1.5, 2.25, -0.5]).call('reset').call('sum_aux', i32(3))
    .call('result', i32(MODE.SUM), f64(1)).call('result', i32(MODE.MEAN), f64(0)).call('result', i32(MODE.ROOT_MEAN), f64(3))
    .call('result', i32(MODE.MEAN), f64(3));

  // Elementwise regression losses.
  const regression = [
    ['l1', []], ['mse', []], ['power', [f64(1.5)]], ['power', [f64(0.5)]], ['power', [f64(3)]],
    ['smooth_l1', [f64(1)]], ['smooth_l1', [f64(0)]], ['smooth_l1', [f64(0.25)]],
    ['huber', [f64(1)]], ['huber', [f64(0.3)]], ['wing', [f64(10), f64(2)]], ['wing', [f64(0.5), f64(0.25)]],
  ];
  let seed = 1;
  for (const [fn, extra] of regression) {
    for (const flags of flagSets) {
      for (const [rname, mode] of reductions) {
        const r = rng(seed++);
        const n = 5 + Math.floor(r() * 9);
        const denom = mode === MODE.MEAN ? n : 1;
        const x = vec(r, n, -3, 3);
        const y = vec(r, n, -3, 3);
        if (n > 6) y[2] = x[2]; // an exact zero difference
        const extraText = extra.map((a) => Number(BigInt(a.value)) === 0 ? '0' : String(new Float64Array(new BigUint64Array([BigInt(a.value)]).buffer)[0])).join(',');
        add(`${fn}(${extraText}) flags=${flags} ${rname} n=${n}`).f32(B.INPUT, x).f32(B.TARGET, y).call('reset')
          .call(fn, i32(n), i32(flags), f64(denom), ...extra).call('result', i32(mode), f64(denom))
          .read(B.GRAD, flags & F.GRAD ? n : 0).read(B.OUT, flags & F.NONE ? n : 0);
      }
    }
  }
  // Special values: ±0, ±Inf, NaN, tiny and huge differences.
  const special = [0, -0, Infinity, -Infinity, NaN, 1e-30, -3e38, 3e38, 1e-45, 7];
  const specialT = [-0, 0, 1, Infinity, 2, -1e-30, 3e38, -3e38, 0, NaN];
  for (const fn of ['l1', 'mse', 'smooth_l1', 'huber', 'power', 'wing']) {
    const extra = { smooth_l1: [f64(1)], huber: [f64(1)], power: [f64(2.5)], wing: [f64(10), f64(2)] }[fn] ?? [];
    add(`${fn} special values (±0, ±Inf, NaN, extremes) grad+none`).f32(B.INPUT, special).f32(B.TARGET, specialT).call('reset')
      .call(fn, i32(10), i32(F.GRAD | F.NONE), f64(10), ...extra).call('result', i32(MODE.MEAN), f64(10))
      .read(B.GRAD, 10).read(B.OUT, 10);
  }
  // A longer input (SIMD lanes plus a tail) and a chunked call (two chunks, one accumulator).
  {
    const r = rng(777);
    const n = 67;
    const x = vec(r, n, -10, 10), y = vec(r, n, -10, 10);
    for (const fn of ['l1', 'mse', 'smooth_l1', 'huber']) {
      const extra = fn === 'smooth_l1' || fn === 'huber' ? [f64(1)] : [];
      add(`${fn} n=67 grad+none mean`).f32(B.INPUT, x).f32(B.TARGET, y).call('reset')
        .call(fn, i32(n), i32(F.GRAD | F.NONE), f64(n), ...extra).call('result', i32(MODE.MEAN), f64(n))
        .read(B.GRAD, n).read(B.OUT, n);
    }
    add('mse chunked: 40 + 27 elements, one accumulator, global denom')
      .f32(B.INPUT, x.slice(0, 40)).f32(B.TARGET, y.slice(0, 40)).call('reset')
      .call('mse', i32(40), i32(F.GRAD), f64(n)).read(B.GRAD, 40)
      .f32(B.INPUT, x.slice(40)).f32(B.TARGET, y.slice(40))
      .call('mse', i32(27), i32(F.GRAD), f64(n)).read(B.GRAD, 27).call('result', i32(MODE.MEAN), f64(n));
  }
  // rmse: value pass then gradient pass with the root.
  for (const [rname, mode] of [['mean', MODE.ROOT_MEAN], ['sum', MODE.ROOT_MEAN]]) {
    for (const flags of flagSets) {
      const r = rng(seed++);
      const n = 6 + Math.floor(r() * 8);
      const denom = rname === 'mean' ? n : 1;
      const x = vec(r, n, -2, 2), y = vec(r, n, -2, 2);
      // Value pass, then the gradient pass with a fixed root (a trace is static: the host would pass the first
      // pass's value; any positive root exercises the same arithmetic).
      add(`rmse flags=${flags} ${rname} n=${n}`).f32(B.INPUT, x).f32(B.TARGET, y).call('reset')
        .call('rmse', i32(n), i32(0), f64(denom), f64(0)).call('result', i32(mode), f64(denom))
        .call('rmse', i32(n), i32(flags), f64(denom), f64(1.25))
        .read(B.GRAD, flags & F.GRAD ? n : 0).read(B.OUT, flags & F.NONE ? n : 0);
    }
  }
  add('rmse zero error: root 0 gives gradient 0').f32(B.INPUT, [1, 2, 3]).f32(B.TARGET, [1, 2, 3]).call('reset')
    .call('rmse', i32(3), i32(F.GRAD), f64(3), f64(0)).call('result', i32(MODE.ROOT_MEAN), f64(3)).read(B.GRAD, 3);
  add('options: power p<=0, huber delta<=0, smooth_l1 beta<0 are E_OPTION').call('reset')
    .call('power', i32(2), i32(0), f64(1), f64(0)).call('err_arg').call('huber', i32(2), i32(0), f64(1), f64(0))
    .call('smooth_l1', i32(2), i32(0), f64(1), f64(-1)).call('wing', i32(2), i32(0), f64(1), f64(0), f64(1)).call('err_index');

  // BCE on probabilities, three conventions, with and without weights.
  for (const [conv, eps] of [[0, 0], [1, 1e-7], [2, 1e-7]]) {
    for (const flags of [0, F.GRAD, F.GRAD | F.NONE, F.GRAD | F.NONE | F.WEIGHT]) {
      for (const [rname, mode] of reductions) {
        const r = rng(seed++);
        const n = 6 + Math.floor(r() * 7);
        const p = vec(r, n, 0, 1), y = vec(r, n, 0, 1);
        p[0] = 0; y[0] = 0; p[1] = 1; y[1] = 1; p[2] = 1e-9; y[2] = 1; y[3] = 0; y[4] = 1;
        const w = vec(r, n, 0, 2); w[1] = 0;
        const denom = mode === MODE.MEAN ? n : 1;
        const c = add(`bce convention=${conv} flags=${flags} ${rname} n=${n}`).f32(B.INPUT, p).f32(B.TARGET, y);
        if (flags & F.WEIGHT) c.f32(B.WEIGHT, w);
        c.call('reset').call('bce', i32(n), i32(flags), f64(denom), i32(conv), f64(eps)).call('result', i32(mode), f64(denom))
          .read(B.GRAD, flags & F.GRAD ? n : 0).read(B.OUT, flags & F.NONE ? n : 0);
      }
    }
  }
  add('bce: probability outside [0,1] is E_RANGE').f32(B.INPUT, [0.5, 1.5]).f32(B.TARGET, [0, 1]).call('reset')
    .call('bce', i32(2), i32(0), f64(1), i32(0), f64(0)).call('err_index').call('err_arg');

  // Logit losses: bce_logits (weight, pos_weight), sigmoid_focal, vfl.
  const logitCase = (fn, extra, flags, mode, label, targets) => {
    const r = rng(seed++);
    const n = 7 + Math.floor(r() * 7);
    const x = vec(r, n, -8, 8);
    x[0] = Infinity; x[1] = -Infinity; x[2] = 0; x[3] = 40;
    const t = targets(r, n);
    const denom = mode === MODE.MEAN ? n : 1;
    const c = add(`${fn}${label} flags=${flags} ${mode === MODE.MEAN ? 'mean' : 'sum'} n=${n}`).f32(B.INPUT, x).f32(B.TARGET, t);
    if (flags & F.WEIGHT) c.f32(B.WEIGHT, vec(r, n, 0, 3));
    if (flags & F.POS_WEIGHT) c.f32(B.AUX, vec(r, n, 0.5, 4));
    c.call('reset').call(fn, i32(n), i32(flags), f64(denom), ...extra).call('result', i32(mode), f64(denom))
      .read(B.GRAD, flags & F.GRAD ? n : 0).read(B.OUT, flags & F.NONE ? n : 0);
  };
  const soft = (r, n) => { const t = vec(r, n, 0, 1); t[0] = 1; t[1] = 0; t[4] = 1; t[5] = 0; return t; };
  const vflT = (r, n) => { const t = vec(r, n, 0, 1); for (let i = 0; i < n; i += 2) t[i] = 0; return t; };
  for (const flags of [0, F.GRAD, F.GRAD | F.NONE, F.GRAD | F.WEIGHT, F.GRAD | F.POS_WEIGHT, F.GRAD | F.NONE | F.WEIGHT | F.POS_WEIGHT]) {
    for (const [, mode] of reductions) logitCase('bce_logits', [], flags, mode, '', soft);
  }
  for (const [alpha, gamma] of [[0.25, 2], [-1, 0], [0.5, 0.5], [0.25, 1.5]]) {
    for (const flags of flagSets) logitCase('sigmoid_focal', [f64(alpha), f64(gamma)], flags, flags & F.NONE ? MODE.SUM : MODE.MEAN, `(α=${alpha},γ=${gamma})`, soft);
  }
  for (const [alpha, gamma] of [[0.75, 2], [1, 0], [0.5, 1.5]]) {
    for (const flags of flagSets) logitCase('vfl', [f64(alpha), f64(gamma)], flags, flags & F.NONE ? MODE.SUM : MODE.MEAN, `(α=${alpha},γ=${gamma})`, vflT);
  }

  // Softmax cross-entropy: index and probability targets, class weights, ignore index, label smoothing.
  const logits = (r, rows, C) => { const x = vec(r, rows * C, -5, 5); x[1] = -Infinity; return x; };
  for (const [C, rows] of [[3, 4], [5, 3], [10, 2]]) {
    for (const flags of [0, F.GRAD, F.GRAD | F.NONE, F.GRAD | F.WEIGHT, F.GRAD | F.NONE | F.PROB_TARGET, F.GRAD | F.PROB_TARGET | F.WEIGHT]) {
      for (const ls of [0, 0.1]) {
        const r = rng(seed++);
        const x = logits(r, rows, C);
        const prob = flags & F.PROB_TARGET;
        const c = add(`cross_entropy C=${C} rows=${rows} flags=${flags} ls=${ls}`).f32(B.INPUT, x);
        let denom = rows;
        if (prob) {
          const t = [];
          for (let i = 0; i < rows; i++) { const row = vec(r, C, 0, 1); const s = row.reduce((a, b) => a + b, 0); t.push(...row.map((v) => fr(v / s))); }
          c.f32(B.TARGET, t);
        } else {
          const y = Array.from({ length: rows }, () => Math.floor(r() * C));
          y[rows - 1] = -100; // ignored row
          c.i32(B.TARGET, y);
          denom = rows - 1;
        }
        if (flags & F.WEIGHT) { const w = vec(r, C, 0.2, 2); c.f32(B.WEIGHT, w); }
        c.call('reset').call('cross_entropy', i32(rows), i32(C), i32(flags), f64(denom), i32(-100), f64(ls))
          .call('result', i32(MODE.MEAN), f64(denom)).read(B.GRAD, flags & F.GRAD ? rows * C : 0).read(B.OUT, flags & F.NONE ? rows : 0);
      }
    }
  }
  add('cross_entropy: class index out of range is E_RANGE; C < 1 is E_OPTION').i32(B.TARGET, [0, 7]).f32(B.INPUT, [1, 2, 3, 4, 5, 6])
    .call('reset').call('cross_entropy', i32(2), i32(3), i32(0), f64(1), i32(-100), f64(0)).call('err_index').call('err_arg')
    .call('cross_entropy', i32(2), i32(0), i32(0), f64(1), i32(-100), f64(0)).call('err_arg');
  // sum_aux: the weighted-mean denominator Σ w[y_i] that the host gathers into aux.
  {
    const r = rng(4242);
    const C = 4, rows = 5;
    const w = vec(r, C, 0.5, 2);
    const y = [0, 3, 1, 3, 2];
    const wy = y.map((k) => w[k]);
    add('sum_aux: weighted cross-entropy mean denominator').f32(B.AUX, wy).call('reset').call('sum_aux', i32(rows))
      .call('result', i32(MODE.SUM), f64(1)).call('sum_aux', i32(-1)).call('sum_aux', i32(cap + 1))
      .f32(B.INPUT, vec(r, rows * C, -3, 3)).i32(B.TARGET, y).f32(B.WEIGHT, w).call('reset')
      .call('cross_entropy', i32(rows), i32(C), i32(F.GRAD | F.WEIGHT), f64(wy.reduce((a, b) => fr(a + b), 0)), i32(-100), f64(0))
      .call('result', i32(MODE.SUM), f64(1)).read(B.GRAD, rows * C);
  }
  // Long-row cross-entropy: one row of 37 classes streamed in segments of 16, 16, 5 (the protocol for C > capacity).
  for (const flags of [F.GRAD, F.GRAD | F.WEIGHT, F.GRAD | F.PROB_TARGET, 0]) {
    for (const ls of [0, 0.2]) {
      const r = rng(seed++);
      const C = 37;
      const x = vec(r, C, -4, 4);
      const w = vec(r, C, 0.5, 1.5);
      const prob = flags & F.PROB_TARGET;
      const t = vec(r, C, 0, 1);
      const y = 21, denom = 1;
      const segs = [[0, 16], [16, 16], [32, 5]];
      const c = add(`cross_entropy long row C=37 in segments 16/16/5 flags=${flags} ls=${ls}`).call('reset').call('cross_entropy_row_begin');
      for (const [o, len] of segs) {
        c.f32(B.INPUT, x.slice(o, o + len));
        if (flags & F.WEIGHT) c.f32(B.WEIGHT, w.slice(o, o + len));
        if (prob) c.f32(B.TARGET, t.slice(o, o + len));
        c.call('cross_entropy_row_lse', i32(len), i32(flags), i32(C), f64(ls));
      }
      for (const [o, len] of segs) {
        c.f32(B.INPUT, x.slice(o, o + len));
        if (flags & F.WEIGHT) c.f32(B.WEIGHT, w.slice(o, o + len));
        if (prob) c.f32(B.TARGET, t.slice(o, o + len));
        c.call('cross_entropy_row_terms', i32(len), i32(o), i32(flags), f64(denom), i32(y), f64(flags & F.WEIGHT ? w[y] : 1), i32(-100), i32(C), f64(ls))
          .read(B.GRAD, flags & F.GRAD ? len : 0);
      }
      c.call('cross_entropy_row_value').call('result', i32(MODE.SUM), f64(1));
    }
  }
  add('cross_entropy long row: ignored target gives zero gradient; target out of range is E_RANGE')
    .f32(B.INPUT, [1, 2, 3, 4]).call('reset').call('cross_entropy_row_begin').call('cross_entropy_row_lse', i32(4), i32(0), i32(4), f64(0))
    .call('cross_entropy_row_terms', i32(4), i32(0), i32(F.GRAD), f64(1), i32(-100), f64(1), i32(-100), i32(4), f64(0)).read(B.GRAD, 4)
    .call('cross_entropy_row_terms', i32(4), i32(0), i32(F.GRAD), f64(1), i32(9), f64(1), i32(-100), i32(4), f64(0))
    .call('cross_entropy_row_value').call('result', i32(MODE.SUM), f64(1));

  // softmax_focal and qfl (rows of classes).
  for (const [alpha, gamma, ls] of [[0.25, 2, 0], [1, 0, 0.1], [0.5, 1.5, 0]]) {
    for (const flags of [0, F.GRAD, F.GRAD | F.NONE, F.GRAD | F.PROB_TARGET]) {
      const r = rng(seed++);
      const rows = 3, C = 4;
      const c = add(`softmax_focal(α=${alpha},γ=${gamma},ls=${ls}) flags=${flags}`).f32(B.INPUT, logits(r, rows, C));
      if (flags & F.PROB_TARGET) c.f32(B.TARGET, vec(r, rows * C, 0, 1)); else c.i32(B.TARGET, [2, -100, 0]);
      const denom = flags & F.PROB_TARGET ? rows : 2;
      c.call('reset').call('softmax_focal', i32(rows), i32(C), i32(flags), f64(denom), i32(-100), f64(ls), f64(alpha), f64(gamma))
        .call('result', i32(MODE.MEAN), f64(denom)).read(B.GRAD, flags & F.GRAD ? rows * C : 0).read(B.OUT, flags & F.NONE ? rows : 0);
    }
  }
  for (const beta of [2, 0, 0.5]) {
    for (const flags of flagSets) {
      const r = rng(seed++);
      const rows = 3, C = 5;
      const t = vec(r, rows * C, 0, 1); t[0] = 0; t[1] = 1;
      add(`qfl(β=${beta}) flags=${flags}`).f32(B.INPUT, logits(r, rows, C)).f32(B.TARGET, t).call('reset')
        .call('qfl', i32(rows), i32(C), i32(flags), f64(rows), f64(beta)).call('result', i32(MODE.MEAN), f64(rows))
        .read(B.GRAD, flags & F.GRAD ? rows * C : 0).read(B.OUT, flags & F.NONE ? rows : 0);
    }
  }
  // dfl: both conventions, clamped and unclamped targets.
  for (const [conv, regMax] of [[0, 8], [1, 7]]) {
    const bins = conv === 0 ? regMax : regMax + 1;
    for (const clampTarget of [1, 0]) {
      for (const flags of [F.GRAD, F.GRAD | F.NONE, 0]) {
        const r = rng(seed++);
        const rows = 4;
        const y = vec(r, rows, 0, bins - 1.2); y[0] = 0; y[1] = fr(clampTarget || flags === 0 ? bins - 1 : bins - 1.5); // at the edge: clamped, or E_RANGE
        add(`dfl convention=${conv} regMax=${regMax} clamp=${clampTarget} flags=${flags}`).f32(B.INPUT, vec(r, rows * bins, -3, 3))
          .f32(B.TARGET, y).call('reset').call('dfl', i32(rows), i32(regMax), i32(flags), f64(rows), i32(conv), i32(clampTarget))
          .call('err_index').call('result', i32(MODE.MEAN), f64(rows))
          .read(B.GRAD, flags & F.GRAD ? rows * bins : 0).read(B.OUT, flags & F.NONE ? rows : 0);
      }
    }
  }
  // centerness and centerness_target.
  for (const flags of flagSets) {
    const r = rng(seed++);
    const rows = 5;
    const ltrb = vec(r, rows * 4, 0, 20); ltrb[0] = 0; ltrb[1] = 0;
    const x = vec(r, rows, -4, 4); x[4] = -Infinity;
    add(`centerness flags=${flags}`).f32(B.INPUT, x).f32(B.TARGET, ltrb).call('reset')
      .call('centerness', i32(rows), i32(flags), f64(rows)).call('result', i32(MODE.MEAN), f64(rows))
      .read(B.GRAD, flags & F.GRAD ? rows : 0).read(B.OUT, flags & F.NONE ? rows : 0);
  }
  add('centerness_target and a negative distance (E_RANGE)').f32(B.TARGET, [1, 2, 3, 4, 5, 5, 5, 5, 0, 0, 0, 0, 2, 8, 1, 0])
    .call('centerness_target', i32(4)).read(B.OUT, 4).f32(B.TARGET, [1, -1, 1, 1], 4).call('centerness_target', i32(4))
    .call('err_index').call('err_arg');
  // oks: sigmas and areas in aux, visibility in weight.
  for (const flags of flagSets.concat([F.GRAD | F.NONE | F.WEIGHT, F.GRAD | F.WEIGHT])) {
    const r = rng(seed++);
    const rows = 3, K = 4;
    const tgt = vec(r, rows * K * 2, 0, 100);
    const pred = tgt.map((v) => fr(v + (r() - 0.5) * 10));
    const sig = vec(r, K, 0.02, 0.1), area = vec(r, rows, 100, 5000); area[2] = 0;
    const vis = Array.from({ length: rows * K }, () => (r() < 0.3 ? 0 : 1 + Math.floor(r() * 2)));
    const c = add(`oks K=${K} rows=${rows} flags=${flags}`).f32(B.INPUT, pred).f32(B.TARGET, tgt).f32(B.AUX, [...sig, ...area]);
    if (flags & F.WEIGHT) c.f32(B.WEIGHT, vis);
    c.call('reset').call('oks', i32(rows), i32(K), i32(flags), f64(rows)).call('result', i32(MODE.MEAN), f64(rows))
      .read(B.GRAD, flags & F.GRAD ? rows * K * 2 : 0).read(B.OUT, flags & F.NONE ? rows : 0);
  }

  // Box losses: every kernel, format and convention; iou modes; siou with negGamma; F_CLAMP on an inverted box.
  const boxesXYXY = (r, n) => {
    const t = [], p = [];
    for (let i = 0; i < n; i++) {
      const x1 = 100 * r(), y1 = 100 * r(), w = 5 + 50 * r(), h = 5 + 50 * r();
      t.push([x1, y1, x1 + w, y1 + h]);
      const j = () => (r() - 0.5) * 20;
      const px1 = x1 + j(), py1 = y1 + j();
      p.push([px1, py1, px1 + Math.max(1, w + j()), py1 + Math.max(1, h + j())]);
    }
    // a disjoint pair and an identical pair
    if (n > 2) { p[1] = [t[1][2] + 5, t[1][3] + 5, t[1][2] + 25, t[1][3] + 30]; p[2] = t[2].slice(); }
    return { t, p };
  };
  const toFormat = (b, fmt, anchor) => {
    const [x1, y1, x2, y2] = b;
    if (fmt === 0) return [x1, y1, x2, y2];
    if (fmt === 1) return [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
    if (fmt === 2) return [x1, y1, x2 - x1, y2 - y1];
    return [anchor[0] - x1, anchor[1] - y1, x2 - anchor[0], y2 - anchor[1]]; // ltrb from a shared anchor point
  };
  const boxKernels = [
    ['iou', [i32(0)], '(linear)'], ['iou', [i32(1)], '(square)'], ['iou', [i32(2)], '(log)'],
    ['giou', [], ''], ['diou', [], ''], ['ciou', [], ''], ['eiou', [], ''], ['siou', [i32(0)], ''], ['siou', [i32(1)], '(negGamma)'],
  ];
  for (const [fn, extra, label] of boxKernels) {
    for (const fmt of [0, 1, 2, 3]) {
      for (const conv of [0, 1, 2]) {
        if ((fmt + conv) % 2 === 1 && fn !== 'ciou') continue; // half the format × convention grid per kernel; all of it for ciou
        const r = rng(seed++);
        const n = 4;
        const { t, p } = boxesXYXY(r, n);
        const anchors = t.map((b) => [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
        if (fmt === 3) { p[1] = t[1].map((v, k) => v + (k < 2 ? -3 : 4)); } // ltrb needs the anchor inside both
        const flags = conv === 1 ? F.GRAD | F.NONE : F.GRAD;
        add(`${fn}${label} format=${fmt} convention=${conv} flags=${flags}`)
          .f32(B.INPUT, p.flatMap((b, i) => toFormat(b, fmt, anchors[i]).map(fr)))
          .f32(B.TARGET, t.flatMap((b, i) => toFormat(b, fmt, anchors[i]).map(fr)))
          .call('reset').call(fn, i32(n), i32(flags), f64(n), i32(fmt), i32(conv), f64(1e-7), ...extra).call('result', i32(MODE.MEAN), f64(n))
          .read(B.GRAD, 4 * n).read(B.OUT, flags & F.NONE ? n : 0);
      }
    }
  }
  for (const fn of ['iou', 'giou', 'ciou', 'siou']) {
    const extra = fn === 'iou' || fn === 'siou' ? [i32(0)] : [];
    for (const flags of [F.GRAD | F.CLAMP, F.GRAD]) {
      add(`${fn} inverted predicted box flags=${flags} (F_CLAMP zero-length sides, else E_RANGE)`)
        .f32(B.INPUT, [10, 10, 5, 30, 0, 0, 10, 10]).f32(B.TARGET, [0, 0, 20, 20, 1, 1, 9, 12])
        .call('reset').call(fn, i32(2), i32(flags), f64(2), i32(0), i32(0), f64(1e-7), ...extra).call('err_index').call('err_arg')
        .call('result', i32(MODE.MEAN), f64(2)).read(B.GRAD, flags & F.CLAMP ? 8 : 0);
    }
  }
  for (const fmt of [0, 1, 2]) {
    for (const plus1 of [0, 1]) {
      const r = rng(seed++);
      const { t, p } = boxesXYXY(r, 3);
      const n = 3, m = 3;
      add(`box_iou format=${fmt} plus1=${plus1} ${n}x${m}`).f32(B.INPUT, p.flatMap((b) => toFormat(b, fmt).map(fr)))
        .f32(B.TARGET, t.flatMap((b) => toFormat(b, fmt).map(fr))).call('box_iou', i32(n), i32(m), i32(fmt), i32(plus1)).read(B.OUT, n * m);
    }
  }
  add('box_iou: inverted box is E_RANGE').f32(B.INPUT, [5, 5, 1, 9]).f32(B.TARGET, [0, 0, 2, 2])
    .call('box_iou', i32(1), i32(1), i32(0), i32(0)).call('err_index').call('err_arg');
  return cases;
}

// ---------------------------------------------------------------------------------------------------------------
// Running a trace in V8
const f64FromHex = (h) => new Float64Array(new BigUint64Array([BigInt(h)]).buffer)[0];
const f32FromHex = (h) => bitsF32(Number(BigInt(h)));

function runCases(bytes, cases, sigs) {
  const e = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
  const cap = e.capacity();
  const mem = () => new Uint32Array(e.memory.buffer);
  const ptr = [e.input_ptr(), e.target_ptr(), e.grad_ptr(), e.out_ptr(), e.weight_ptr(), e.aux_ptr()];
  const bySig = new Map(sigs.map((s) => [s.name, s]));
  return cases.map((c) => ({
    name: c.name,
    ops: c.ops.map((op) => {
      if (op.op === 'fill') {
        if (op.start + op.values.length > cap) throw new Error(`${c.name}: fill past capacity`);
        const m = mem();
        op.values.forEach((v, i) => { m[(ptr[op.buf] >> 2) + op.start + i] = v >>> 0; });
        return op;
      }
      if (op.op === 'read') {
        const m = mem();
        const expect = Array.from({ length: op.count }, (_, i) => m[(ptr[op.buf] >> 2) + op.start + i]);
        return { ...op, expect };
      }
      const sig = bySig.get(op.fn);
      if (!sig) throw new Error(`${c.name}: no export ${op.fn}`);
      if (sig.params.length !== op.args.length) throw new Error(`${c.name}: ${op.fn} takes ${sig.params.length} arguments`);
      op.args.forEach((a, i) => { if (a.type !== sig.params[i]) throw new Error(`${c.name}: ${op.fn} argument ${i} is ${sig.params[i]}`); });
      const args = op.args.map((a) => (a.type === 'i32' ? a.value : a.type === 'f64' ? f64FromHex(a.value) : f32FromHex(a.value)));
      const ret = e[op.fn](...args);
      const result = sig.results[0];
      let expect = null;
      if (result === 'i32') expect = ret | 0;
      else if (result === 'f64') expect = hex64(f64bits(ret));
      else if (result === 'f32') expect = hex32(f32bits(ret));
      return { ...op, result: result ?? null, expect };
    }),
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// .wast
function wastValue(type, v) {
  if (type === 'i32') return `(i32.const ${v | 0})`;
  if (type === 'f32') return `(f32.const ${wastF32(Number(BigInt(v)))})`;
  return `(f64.const ${wastF64(BigInt(v))})`;
}
function wastExpect(type, v) {
  if (type === 'f32') { const b = Number(BigInt(v)); const k = nanClass32(b); return k === 'exact' ? wastValue('f32', v) : `(f32.const nan:${k})`; }
  if (type === 'f64') { const b = BigInt(v); const k = nanClass64(b); return k === 'exact' ? wastValue('f64', v) : `(f64.const nan:${k})`; }
  return wastValue(type, v);
}
function toWast(build, bytes, traced) {
  const L = [];
  L.push(`;; edgeloss conformance script for build/edgeloss.${build}.wasm, generated by scripts/portability/gen-conformance.mjs.`);
  L.push(';; Expected bits come from V8; NaN results are compared by class. Run: wast2json + spectest-interp, or `wasmtime wast`.');
  let hex = '';
  for (const b of bytes) hex += '\\' + b.toString(16).padStart(2, '0');
  L.push('(module binary');
  for (let i = 0; i < hex.length; i += 120) L.push(`  "${hex.slice(i, i + 120)}"`);
  L.push(')');
  traced.forEach((c, k) => {
    L.push(`;; case ${k}: ${c.name}`);
    for (const op of c.ops) {
      if (op.op === 'fill') {
        op.values.forEach((v, i) => {
          const arg = op.type === 'f32' ? `(f32.const ${wastF32(v)})` : `(i32.const ${v | 0})`;
          L.push(`(assert_return (invoke "set_${op.type}" (i32.const ${op.buf}) (i32.const ${op.start + i}) ${arg}) (i32.const 0))`);
        });
      } else if (op.op === 'read') {
        op.expect.forEach((b, i) => {
          L.push(`(assert_return (invoke "get_f32" (i32.const ${op.buf}) (i32.const ${op.start + i})) ${wastExpect('f32', hex32(b))})`);
        });
      } else {
        const inv = `(invoke "${op.fn}"${op.args.map((a) => ' ' + wastValue(a.type, a.value)).join('')})`;
        L.push(op.result ? `(assert_return ${inv} ${wastExpect(op.result, op.expect)})` : `(assert_return ${inv})`);
      }
    }
  });
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
function main() {
  mkdirSync(OUT_DIR, { recursive: true });
  const doc = {
    generator: 'scripts/portability/gen-conformance.mjs',
    note: 'Expected bits from V8 at build time. f32 as u32 bit patterns, f64 as hex strings; NaN expectations are compared by class (canonical/arithmetic).',
    node: process.version,
    builds: {},
  };
  for (const build of BUILDS) {
    const file = join(ROOT, 'build', `edgeloss.${build}.wasm`);
    const bytes = new Uint8Array(readFileSync(file));
    const sigs = exportSignatures(bytes);
    const cap = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.capacity();
    const cases = makeCases(cap);
    const traced = runCases(bytes, cases, sigs);
    const covered = new Set(traced.flatMap((c) => c.ops.filter((o) => o.op === 'call').map((o) => o.fn)));
    const missing = sigs.map((s) => s.name).filter((n) => !covered.has(n));
    if (missing.length) throw new Error(`${build}: no case calls ${missing.join(', ')}`);
    doc.builds[build] = { wasm: `build/edgeloss.${build}.wasm`, bytes: bytes.length, capacity: cap, exports: sigs, cases: traced };
    writeFileSync(join(OUT_DIR, `${build}.wast`), toWast(build, bytes, traced));
    const asserts = traced.reduce((s, c) => s + c.ops.reduce((t, o) => t + (o.op === 'read' ? o.count : o.op === 'fill' ? o.values.length : 1), 0), 0);
    console.log(`${build}: ${traced.length} cases, ${asserts} assertions, capacity ${cap} -> build/conformance/${build}.wast`);
  }
  writeFileSync(join(OUT_DIR, 'vectors.json'), JSON.stringify(doc));
  console.log('wrote build/conformance/vectors.json');
}

main();
