import fc from 'fast-check';
import { describe, it } from 'vitest';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { f32Array, prob } from '../helpers/generate.js';
import { checkParity, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// binaryCrossEntropy against the reference for the three conventions, with and without weights (elementwise, a
// scalar, and broadcast over a trailing dimension of 2 when n is even). Probabilities and targets hit 0 and 1.
const gen = (n: number): fc.Arbitrary<Case> =>
  fc.record({
    input: f32Array(n, prob),
    target: f32Array(n, prob),
    options: fc.record({
      convention: fc.constantFrom('pytorch', 'tfjs', 'keras'),
      eps: fc.constantFrom(1e-7, 1e-3),
      weight: fc.oneof(
        fc.constant(undefined),
        fc.constant([0.5]),
        f32Array(n, fc.double({ min: 0, max: 3, noNaN: true })),
        ...(n % 2 === 0 ? [fc.constant([2, 0.25])] : []),
      ),
    }).map((o) => {
      if (o.weight === undefined || (o.weight as ArrayLike<number>).length === 0) return { convention: o.convention, eps: o.eps };
      // A weight of length 2 is one value per class of an [n/2, 2] input.
      return (o.weight as ArrayLike<number>).length === 2 ? { ...o, numClasses: 2 } : o;
    }),
  });

describe.each(BUILDS)('binaryCrossEntropy on the %s build', (build) => {
  it.skipIf(!buildAvailable(build))(`matches the reference for every convention, weight and reduction${buildAvailable(build) ? '' : ` (skipped: ${SIMD_SKIP_REASON})`}`, async () => {
    checkParity(await load(build), 'binaryCrossEntropy', gen, TOLERANCE.bce!);
  });
});
