/** The parity suite shared by the six box losses: formats × conventions × options, every reduction, both builds. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reference, type BoxFormat } from '../../src/index.js';
import type { ApiName } from '../../src/names.js';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from './builds.js';
import { DEGENERATE, fromXyxy, pairs } from './boxes.js';
import { checkParity, type Case } from './parity.js';
import { TOLERANCE } from './tolerance.js';

const FORMATS: BoxFormat[] = ['xyxy', 'cxcywh', 'xywh', 'ltrb'];
const CONVENTIONS = ['torchvision', 'ultralytics', 'mmdet'] as const;

export function boxParitySuite(api: ApiName, stem: string, extra: Record<string, unknown[]> = {}): void {
  const extraArb = fc.record(Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, fc.constantFrom(...v)])));
  const gen = (format: BoxFormat) => (n: number): fc.Arbitrary<Case> =>
    fc.record({
      boxes: pairs(n, format),
      convention: fc.constantFrom(...CONVENTIONS),
      weighted: fc.constantFrom('none', 'per-box', 'scalar'),
      avg: fc.constantFrom(undefined, 7.5),
      extra: extraArb,
    }).map(({ boxes, convention, weighted, avg, extra: ex }) => {
      const options: Record<string, unknown> = { format, convention, ...ex };
      if (weighted === 'per-box' && n > 0) options.weight = Float32Array.from({ length: n }, (_, i) => ((i * 7) % 5) / 2);
      if (weighted === 'scalar') options.weight = [0.75];
      if (avg !== undefined) options.avgFactor = avg;
      return { input: boxes.input, target: boxes.target, options };
    });

  describe.each(BUILDS)(`${api} on the %s build`, (build) => {
    const skip = !buildAvailable(build);
    const why = skip ? ` (skipped: ${SIMD_SKIP_REASON})` : '';
    it.skipIf(skip).each(FORMATS)(`matches the reference in format %s, every convention, weight and reduction${why}`, async (format) => {
      checkParity(await load(build), api, gen(format), TOLERANCE[stem]!);
    });
    it.skipIf(skip)(`gives finite values and gradients for degenerate boxes, equal to the reference's values${why}`, async () => {
      const el = await load(build);
      for (const d of DEGENERATE) {
        for (const convention of CONVENTIONS) {
          for (const format of FORMATS) {
            const o = { format, convention, reduction: 'none' as const, grad: true };
            const p = fromXyxy(d.pred, format);
            const t = fromXyxy(d.target, format);
            const got = (el[api] as Function)(p, t, o) as { value: Float32Array; grad: Float32Array };
            const want = (reference[api] as Function)(p, t, o) as { value: Float64Array };
            const label = `${d.why}, ${convention}, ${format}`;
            expect(Number.isFinite(got.value[0]!), label).toBe(true);
            expect(got.grad.every(Number.isFinite), label).toBe(true);
            expect(got.value[0]!, label).toBeCloseTo(want.value[0]!, 5);
          }
        }
      }
    });
  });
}
