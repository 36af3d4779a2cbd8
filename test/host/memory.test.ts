import { describe, expect, it } from 'vitest';
import { BUILDS, buildAvailable, load } from '../helpers/builds.js';
import { LossModule } from '../../src/index.js';

// Repeated calls never grow memory (views never detach) and leave no state behind that changes a later call.
describe.each(BUILDS)('the %s build', (build) => {
  it.skipIf(!buildAvailable(build))('keeps memory at its fixed size over many calls, chunked ones included', async () => {
    const el = await load(build);
    const mod = new LossModule(build);
    const before = mod.exports.memory.buffer.byteLength;
    const n = el.capacity * 2 + 3;
    const x = new Float32Array(n).map((_, i) => Math.sin(i));
    const y = new Float32Array(n).map((_, i) => (i % 3) / 2);
    for (let k = 0; k < 20; k++) {
      el.mseLoss(x, y, { grad: true });
      el.binaryCrossEntropyWithLogits(x, y, { reduction: 'none', grad: true, posWeight: [2] });
      el.crossEntropy(x.subarray(0, 3 * 100), new Int32Array(100).fill(1), { numClasses: 3, grad: true });
    }
    expect(mod.exports.memory.buffer.byteLength).toBe(before);
  });

  it.skipIf(!buildAvailable(build))('gives the same result before and after calls with weights, errors and other losses', async () => {
    const el = await load(build);
    const x = Float32Array.from([0.3, -1.2, 2.5, 0, 7]);
    const y = Float32Array.from([1, 0, 1, 0.5, 0]);
    const first = el.binaryCrossEntropyWithLogits(x, y, { grad: true });
    el.binaryCrossEntropyWithLogits(x, y, { weight: [3], posWeight: [0.1, 0.2, 0.3, 0.4, 0.5], grad: true });
    expect(() => el.binaryCrossEntropy(x, y)).toThrow();
    el.crossEntropy(new Float32Array(8), Int32Array.from([0, 1]), { numClasses: 4, weight: [1, 2, 3, 4], labelSmoothing: 0.3 });
    expect(el.binaryCrossEntropyWithLogits(x, y, { grad: true })).toEqual(first);
  });
});
