import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BoxFormat, EdgeLoss } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { LossModule } from '../../src/wasm/module.js';
import { BOX_CONVENTION, BOX_FORMAT, FLAG } from '../../src/wasm/abi.js';
import { SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { DEGENERATE, boxPair, fromXyxy } from '../helpers/boxes.js';
import { SEED } from '../helpers/generate.js';
import { REDUCTIONS } from '../helpers/parity.js';
import { compareArrays, compareNumber, TOLERANCE } from '../helpers/tolerance.js';

// The SIMD path of the box losses and of boxIou (f64x2, two pairs per vector: assembly/math/box_simd.ts and
// losses/box_iou.ts) against the scalar path (the MVP build) on the same inputs: every loss (and iouLoss mode,
// siouLoss negGamma) × format × convention × reduction × grad or not × weights (none, per box with zeros, scalar),
// with avgFactor, eps 0 (where the SIMD build takes no fast path) and clamp. The boxes mix random near pairs with
// identical and tied pairs, the degenerate set, −0, huge and tiny coordinates, NaN and ±Infinity. Pair counts 1–11
// and 15 put every tail length 1–7 behind 0 or more vectors; 1023–1025 and 2049 cross the 1024-pair (4096-float)
// chunk. Results must agree within the loss's parity tolerance and, since both paths do the same f64 operations per
// pair, bit for bit (NaN payloads aside).

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => GradResult<Float32Array> | number | Float32Array;

const FORMATS: BoxFormat[] = ['xyxy', 'cxcywh', 'xywh', 'ltrb'];
const CONVENTIONS = ['torchvision', 'ultralytics', 'mmdet'] as const;
const COUNTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 1023, 1024, 1025, 2049];

const LOSSES: { api: string; stem: string; variants: Record<string, unknown>[] }[] = [
  { api: 'iouLoss', stem: 'iou', variants: [{ mode: 'linear' }, { mode: 'square' }, { mode: 'log' }] },
  { api: 'generalizedBoxIouLoss', stem: 'giou', variants: [{}] },
  { api: 'distanceBoxIouLoss', stem: 'diou', variants: [{}] },
  { api: 'completeBoxIouLoss', stem: 'ciou', variants: [{}] },
  { api: 'eiouLoss', stem: 'eiou', variants: [{}] },
  { api: 'siouLoss', stem: 'siou', variants: [{ negGamma: true }, { negGamma: false }] },
];

const f32 = Math.fround;
const same = (a: number, b: number): boolean => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

/** One xyxy pair from the mixture; `inverted` allows boxes with x2 < x1 or y2 < y1 (for clamp). */
function pairArb(inverted: boolean): fc.Arbitrary<[number[], number[]]> {
  const near = boxPair;
  const identical = boxPair.map(([p]): [number[], number[]] => [p, p.slice()]);
  // Some coordinates shared exactly (ties of min/max).
  const tied = fc.tuple(boxPair, fc.integer({ min: 1, max: 15 })).map(([[p, t], mask]): [number[], number[]] => {
    const u = t.map((v, k) => ((mask >> k) & 1 ? p[k]! : v));
    // Keep the target a box: a shared corner may invert it; then share the whole side.
    if (u[2]! < u[0]!) { u[0] = p[0]!; u[2] = p[2]!; }
    if (u[3]! < u[1]!) { u[1] = p[1]!; u[3] = p[3]!; }
    return [p, u];
  });
  const degenerate = fc.constantFrom(...DEGENERATE).map((d): [number[], number[]] => [d.pred, d.target]);
  const scaled = fc.tuple(boxPair, fc.constantFrom(1e30, 1e-30, 1e18, 3e-39, -1)).map(([[p, t], s]): [number[], number[]] => {
    const m = (b: number[]) => (s < 0 ? b.map((v) => (v === 0 ? -0 : v)) : b.map((v) => f32(v * s)));
    return [m(p), m(t)];
  });
  const special = fc.tuple(boxPair, fc.integer({ min: 0, max: 7 }), fc.constantFrom(NaN, Infinity, -Infinity)).map(
    ([[p, t], k, v]): [number[], number[]] => {
      const b = [p.slice(), t.slice()];
      // ±Infinity only where it keeps the box valid: −∞ as x1/y1, +∞ as x2/y2.
      const val = Number.isNaN(v) ? v : (k & 3) < 2 ? -Infinity : Infinity;
      b[k >> 2]![k & 3] = val;
      return [b[0]!, b[1]!];
    },
  );
  const arbs: fc.WeightedArbitrary<[number[], number[]]>[] = [
    { weight: 8, arbitrary: near },
    { weight: 1, arbitrary: identical },
    { weight: 2, arbitrary: tied },
    { weight: 1, arbitrary: degenerate },
    { weight: 1, arbitrary: scaled },
    { weight: 1, arbitrary: special },
  ];
  if (inverted) {
    const flipped = fc.tuple(boxPair, fc.integer({ min: 1, max: 15 })).map(([[p, t], mask]): [number[], number[]] => {
      const flip = (b: number[], x: boolean, y: boolean) => [x ? b[2]! : b[0]!, y ? b[3]! : b[1]!, x ? b[0]! : b[2]!, y ? b[1]! : b[3]!];
      return [flip(p, (mask & 1) !== 0, (mask & 2) !== 0), flip(t, (mask & 4) !== 0, (mask & 8) !== 0)];
    });
    arbs.push({ weight: 3, arbitrary: flipped });
  }
  return fc.oneof(...arbs);
}

interface Case { pred: Float32Array; target: Float32Array; options: Record<string, unknown> }

function caseArb(n: number, format: BoxFormat, convention: string, variant: Record<string, unknown>): fc.Arbitrary<Case> {
  return fc
    .record({
      clamp: fc.boolean(),
      weight: fc.constantFrom('none', 'per-box', 'scalar'),
      avg: fc.constantFrom(undefined, 7.5),
      eps: fc.constantFrom(undefined, undefined, 0, 1e-12),
    })
    .chain((o) =>
      fc.record({
        o: fc.constant(o),
        pairs: fc.array(pairArb(o.clamp), { minLength: n, maxLength: n }),
        weights: fc.array(fc.constantFrom(0, 0.5, 1, 2.5), { minLength: n, maxLength: n }),
      }),
    )
    .map(({ o, pairs, weights }) => {
      const pred = new Float32Array(4 * n);
      const target = new Float32Array(4 * n);
      pairs.forEach(([p, t], i) => {
        pred.set(fromXyxy(p, format), 4 * i);
        target.set(fromXyxy(t, format), 4 * i);
      });
      const options: Record<string, unknown> = { format, convention, clamp: o.clamp, ...variant };
      if (o.weight === 'per-box') options.weight = Float32Array.from(weights);
      if (o.weight === 'scalar') options.weight = [0.75];
      if (o.avg !== undefined) options.avgFactor = o.avg;
      if (o.eps !== undefined) options.eps = o.eps;
      return { pred, target, options };
    });
}

/** Call a loss, or the error it throws (as a string), on one build. */
function call(el: EdgeLoss, api: string, c: Case, o: Record<string, unknown>): GradResult<Float32Array> | number | Float32Array | string {
  try {
    return (el[api as keyof EdgeLoss] as unknown as Fn)(c.pred, c.target, { ...c.options, ...o });
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

function sameArrays(a: ArrayLike<number>, b: ArrayLike<number>): string | null {
  if (a.length !== b.length) return `length ${a.length} vs ${b.length}`;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return `index ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}

/** The first difference between the builds on one case, or null. */
function differ(simd: EdgeLoss, mvp: EdgeLoss, api: string, stem: string, c: Case): string | null {
  const t = TOLERANCE[stem]!;
  for (const reduction of REDUCTIONS) {
    for (const grad of [true, false]) {
      const a = call(simd, api, c, { reduction, grad });
      const b = call(mvp, api, c, { reduction, grad });
      const where = `${reduction}${grad ? ' with grad' : ''}`;
      if (typeof a === 'string' || typeof b === 'string') {
        if (a !== b) return `${where}: ${String(a)} vs ${String(b)}`;
        continue;
      }
      const av = typeof a === 'number' || a instanceof Float32Array ? a : a.value;
      const bv = typeof b === 'number' || b instanceof Float32Array ? b : b.value;
      const v = typeof bv === 'number'
        ? compareNumber(av as number, bv, t.rtol, t.atol) ?? (same(av as number, bv) ? null : `${av} vs ${bv} (bits)`)
        : compareArrays(av as Float32Array, bv, t.rtol, t.atol) ?? sameArrays(av as Float32Array, bv);
      if (v) return `${where} value: ${v}`;
      if (grad) {
        const ag = (a as GradResult<Float32Array>).grad;
        const bg = (b as GradResult<Float32Array>).grad;
        const g = compareArrays(ag, bg, t.grtol, t.gatol) ?? sameArrays(ag, bg);
        if (g) return `${where}, gradient: ${g}`;
      }
    }
  }
  return null;
}

describe.each(LOSSES)('$api: the SIMD build equals the scalar build', ({ api, stem, variants }) => {
  const skip = !buildAvailable('simd');
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
  it.skipIf(skip).each(FORMATS)(`in format %s, every convention, variant, reduction, weight and clamp, tails 1–7 and the chunk boundary${why}`, async (format) => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    for (const convention of CONVENTIONS) {
      for (const variant of variants) {
        for (const n of COUNTS) {
          fc.assert(
            fc.property(caseArb(n, format, convention, variant), (c) => {
              const d = differ(simd, mvp, api, stem, c);
              if (d) throw new Error(`n=${n} options=${JSON.stringify(c.options)}: ${d}`);
            }),
            { seed: SEED + 31 * n + stem.length, numRuns: n > 100 ? 1 : 4 },
          );
        }
      }
    }
    expect(true).toBe(true);
  });
});

describe('box kernels: errors and the fast-path blocks of the SIMD build', () => {
  const skip = !buildAvailable('simd');
  const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';

  it.skipIf(skip)(`name the same inverted box, inside a block of two or in the tail, through the raw ABI${why}`, () => {
    const mods = [new LossModule('simd'), new LossModule('mvp')];
    const kernels = ['iou', 'giou', 'diou', 'ciou', 'eiou', 'siou'] as const;
    for (const kernel of kernels) {
      for (let bad = 0; bad < 9; bad++) {
        for (const which of [0, 1]) {
          const res = mods.map((m) => {
            for (let i = 0; i < 9; i++) {
              m.input.set([i, i, i + 2, i + 3], 4 * i);
              m.target.set([i + 0.5, i + 0.25, i + 2.5, i + 3.5], 4 * i);
            }
            (which === 0 ? m.input : m.target).set([bad + 2, bad, bad, bad + 3], 4 * bad); // x2 < x1
            const e = m.exports as unknown as Record<string, (...a: number[]) => number>;
            e.reset!();
            const st = kernel === 'iou' || kernel === 'siou'
              ? e[kernel]!(9, FLAG.GRAD | FLAG.NONE, 9, BOX_FORMAT.xyxy, BOX_CONVENTION.torchvision, 1e-7, 0)
              : e[kernel]!(9, FLAG.GRAD | FLAG.NONE, 9, BOX_FORMAT.xyxy, BOX_CONVENTION.torchvision, 1e-7);
            return [st, m.exports.err_index(), m.exports.err_arg(), m.exports.result(0, 1)];
          });
          expect(res[0], `${kernel} bad ${which ? 'target' : 'pred'} ${bad}`).toEqual(res[1]);
          expect(res[0]![0]).toBe(3); // E_RANGE
          expect(res[0]![1]).toBe(bad);
        }
      }
    }
  });

  it.skipIf(skip)(`boxIou: the same matrix for every format, with plus1, tails of targets 1–9 and n·m up to 4096${why}`, async () => {
    const simd = await load('simd');
    const mvp = await load('mvp');
    const shapes: [number, number][] = [];
    for (let n = 1; n <= 4; n++) for (let m = 1; m <= 9; m++) shapes.push([n, m]);
    shapes.push([1, 1023], [1, 1024], [4, 1024], [64, 64], [65, 64], [1024, 4], [3, 1025]);
    let k = 0;
    for (const [n, m] of shapes) {
      for (const format of FORMATS) {
        for (const plus1 of [false, true]) {
          fc.assert(
            fc.property(fc.array(pairArb(false), { minLength: Math.max(n, m), maxLength: Math.max(n, m) }), (ps) => {
              const a = new Float32Array(4 * n);
              const b = new Float32Array(4 * m);
              for (let i = 0; i < n; i++) a.set(fromXyxy(ps[i]![0], format), 4 * i);
              for (let j = 0; j < m; j++) b.set(fromXyxy(ps[j]![1], format), 4 * j);
              const r = [simd, mvp].map((el) => {
                try {
                  return el.boxIou(a, b, { format, plus1 });
                } catch (e) {
                  return (e as Error).message;
                }
              });
              if (typeof r[0] === 'string' || typeof r[1] === 'string') {
                expect(r[0]).toEqual(r[1]);
                return;
              }
              const d = sameArrays(r[0]!, r[1]!);
              if (d) throw new Error(`n=${n} m=${m} ${format} plus1=${plus1}: ${d}`);
            }),
            { seed: SEED + 7 * k++, numRuns: n * m > 64 ? 1 : 3 },
          );
        }
      }
    }
    expect(true).toBe(true);
  });
});
