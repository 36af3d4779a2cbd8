import fc from 'fast-check';
import { describe, it } from 'vitest';
import { BUILDS, SIMD_SKIP_REASON, buildAvailable, load } from '../helpers/builds.js';
import { f32Array, real } from '../helpers/generate.js';
import { checkParity, type Case } from '../helpers/parity.js';
import { TOLERANCE } from '../helpers/tolerance.js';

// rmseLoss against the float64 reference: every reduction, with the gradient, lengths 0–9, the SIMD width ± 1 and
// the capacity ± 1. Inputs include exact ties (d = 0), where the gradient convention matters.
const gen = (n: number): fc.Arbitrary<Case> =>
  fc.record({
    input: f32Array(n, fc.oneof(real(100), fc.constantFrom(0, 1, -1, 0.5))),
    target: f32Array(n, fc.oneof(real(100), fc.constantFrom(0, 1, -1, 0.5))),
    options: fc.constant({}) as fc.Arbitrary<Record<string, unknown>>,
  });

describe.each(BUILDS)('rmseLoss on the %s build', (build) => {
  it.skipIf(!buildAvailable(build))(`matches the reference for every reduction and option${buildAvailable(build) ? '' : ` (skipped: ${SIMD_SKIP_REASON})`}`, async () => {
    checkParity(await load(build), 'rmseLoss', gen, TOLERANCE.rmse!);
  });
});
