import fc from 'fast-check';
import { describe, it } from 'vitest';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { f32Array, logit, prob } from '../helpers/generate.js';
import { checkParity, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// binaryCrossEntropyWithLogits against the reference: logits include ±1e4, ±1e30 and ±Infinity, targets hit 0
// and 1; weight and posWeight elementwise, scalar, or per "class" (trailing dimension 2 when n is even).
const w = (n: number) =>
  fc.oneof(
    fc.constant(undefined),
    fc.constant([1.5]),
    f32Array(n, fc.double({ min: 0, max: 3, noNaN: true })),
    ...(n % 2 === 0 ? [fc.constant([2, 0.5])] : []),
  );

const gen = (n: number): fc.Arbitrary<Case> =>
  fc.record({
    input: f32Array(n, logit),
    target: f32Array(n, prob),
    options: fc.record({ weight: w(n), posWeight: w(n) }).map((o) => {
      const r: Record<string, unknown> = {};
      if (o.weight !== undefined && (o.weight as ArrayLike<number>).length > 0) r.weight = o.weight;
      if (o.posWeight !== undefined && (o.posWeight as ArrayLike<number>).length > 0) r.posWeight = o.posWeight;
      // A weight of length 2 is one value per class of an [n/2, 2] input.
      if ((r.weight as ArrayLike<number> | undefined)?.length === 2 || (r.posWeight as ArrayLike<number> | undefined)?.length === 2) r.numClasses = 2;
      return r;
    }),
  });

describe.each(BUILDS)('binaryCrossEntropyWithLogits on the %s build', (build) => {
  it.skipIf(!buildAvailable(build))(`matches the reference including infinite logits${buildAvailable(build) ? '' : ` (skipped: ${SIMD_SKIP_REASON})`}`, async () => {
    checkParity(await load(build), 'binaryCrossEntropyWithLogits', gen, TOLERANCE.bce_logits!);
  });
});
