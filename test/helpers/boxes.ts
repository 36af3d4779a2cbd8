/**
 * Seeded box generators for the box-loss parity suites: random pairs in every format, plus degenerate ones
 * (points, zero width or height, touching, nested, far apart).
 */
import fc from 'fast-check';
import type { BoxFormat } from '../../src/index.js';

/** A random xyxy box with x2 ≥ x1, y2 ≥ y1 (sides sometimes exactly zero). */
export const xyxyBox: fc.Arbitrary<number[]> = fc
  .tuple(
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.double({ min: -50, max: 50, noNaN: true }),
    fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0.01, max: 40, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(0) }),
    fc.oneof({ weight: 9, arbitrary: fc.double({ min: 0.01, max: 40, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(0) }),
  )
  .map(([x, y, w, h]) => [x, y, x + w, y + h].map(Math.fround));

/** A target near the pred (overlapping most of the time), so every term of the losses is exercised. */
export const boxPair: fc.Arbitrary<[number[], number[]]> = fc.tuple(xyxyBox, fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: -8, max: 8, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })).map(
  ([p, dx, dy, s]) => {
    const cx = (p[0]! + p[2]!) / 2 + dx;
    const cy = (p[1]! + p[3]!) / 2 + dy;
    const w = Math.max(0.5, (p[2]! - p[0]!) * s);
    const h = Math.max(0.5, (p[3]! - p[1]!) / s);
    return [p, [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2].map(Math.fround)];
  },
);

/** Convert an xyxy box to `format` (ltrb relative to the origin, which the loss treats as the shared anchor). */
export function fromXyxy(b: number[], format: BoxFormat): number[] {
  const [x1, y1, x2, y2] = b as [number, number, number, number];
  if (format === 'cxcywh') return [(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1];
  if (format === 'xywh') return [x1, y1, x2 - x1, y2 - y1];
  if (format === 'ltrb') return [-x1, -y1, x2, y2];
  return [x1, y1, x2, y2];
}

/** n random pairs in `format` as two Float32Arrays. */
export function pairs(n: number, format: BoxFormat): fc.Arbitrary<{ input: Float32Array; target: Float32Array }> {
  return fc.array(boxPair, { minLength: n, maxLength: n }).map((ps) => {
    const input = new Float32Array(4 * n);
    const target = new Float32Array(4 * n);
    ps.forEach(([p, g], i) => {
      input.set(fromXyxy(p, format), 4 * i);
      target.set(fromXyxy(g, format), 4 * i);
    });
    return { input, target };
  });
}

/** Degenerate pairs in xyxy, each with the reason it is there. Values must be finite, never NaN. */
export const DEGENERATE: { why: string; pred: number[]; target: number[] }[] = [
  { why: 'identical boxes', pred: [0, 0, 2, 3], target: [0, 0, 2, 3] },
  { why: 'a point pred', pred: [1, 1, 1, 1], target: [0, 0, 2, 2] },
  { why: 'identical points', pred: [1, 1, 1, 1], target: [1, 1, 1, 1] },
  { why: 'zero-width pred', pred: [1, 0, 1, 2], target: [0, 0, 2, 2] },
  { why: 'zero-height pred', pred: [0, 1, 2, 1], target: [0, 0, 2, 2] },
  { why: 'zero-height target', pred: [0, 0, 2, 2], target: [0, 1, 2, 1] },
  { why: 'boxes touching side by side', pred: [0, 0, 1, 1], target: [1, 0, 2, 1] },
  { why: 'boxes touching at a corner', pred: [0, 0, 1, 1], target: [1, 1, 2, 2] },
  { why: 'a box inside another', pred: [0, 0, 4, 4], target: [1, 1, 2, 2] },
  { why: 'far apart', pred: [0, 0, 1, 1], target: [1000, 1000, 1001, 1001] },
  { why: 'same centre, different shape', pred: [-2, -1, 2, 1], target: [-1, -2, 1, 2] },
];
