import { describe, expect, it } from 'vitest';
import { EdgeLossError, ERROR_CODES, loadEdgeLoss, reference, type EdgeLoss } from '../../src/index.js';
import { BUILDS, buildAvailable, load } from '../helpers/builds.js';

// Every rejected input gives an EdgeLossError with a stable code, the function, the argument and the value, on
// both builds and on the reference alike; each rejected case sits beside an accepted one.

type AnyFn = (x: unknown, y: unknown, o?: unknown) => unknown;

function expectError(call: () => unknown, code: string, fn: string, arg: string, value?: unknown): void {
  let caught: unknown;
  try {
    call();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(EdgeLossError);
  const err = caught as EdgeLossError;
  expect(err.code).toBe(code);
  expect(err.fn).toBe(fn);
  expect(err.arg).toBe(arg);
  if (value !== undefined) expect(err.value).toEqual(value);
  expect(err.message).toContain(fn);
  expect(err.message).toContain(arg);
  expect(err.message).toContain(code);
}

interface Rejection {
  what: string;
  api: string;
  input: unknown;
  target: unknown;
  options?: Record<string, unknown>;
  code: keyof typeof ERROR_CODES;
  arg: string;
  value?: unknown;
}

const x3 = [0.2, 0.5, 0.9];
const REJECTIONS: Rejection[] = [
  { what: 'lengths differ', api: 'mseLoss', input: x3, target: [1, 2], code: 'E_LENGTH', arg: 'target', value: 2 },
  { what: 'lengths differ', api: 'binaryCrossEntropyWithLogits', input: x3, target: [1], code: 'E_LENGTH', arg: 'target', value: 1 },
  { what: 'an unknown option', api: 'l1Loss', input: x3, target: x3, options: { delta: 1 }, code: 'E_OPTION', arg: 'options.delta', value: 1 },
  { what: 'an unknown reduction', api: 'huberLoss', input: x3, target: x3, options: { reduction: 'avg' }, code: 'E_OPTION', arg: 'options.reduction', value: 'avg' },
  { what: 'grad that is not a boolean', api: 'mseLoss', input: x3, target: x3, options: { grad: 1 }, code: 'E_OPTION', arg: 'options.grad', value: 1 },
  { what: 'delta ≤ 0', api: 'huberLoss', input: x3, target: x3, options: { delta: 0 }, code: 'E_OPTION', arg: 'options.delta', value: 0 },
  { what: 'delta NaN', api: 'huberLoss', input: x3, target: x3, options: { delta: NaN }, code: 'E_OPTION', arg: 'options.delta' },
  { what: 'beta < 0', api: 'smoothL1Loss', input: x3, target: x3, options: { beta: -0.5 }, code: 'E_OPTION', arg: 'options.beta', value: -0.5 },
  { what: 'p ≤ 0', api: 'powerLoss', input: x3, target: x3, options: { p: 0 }, code: 'E_OPTION', arg: 'options.p', value: 0 },
  { what: 'p infinite', api: 'powerLoss', input: x3, target: x3, options: { p: Infinity }, code: 'E_OPTION', arg: 'options.p', value: Infinity },
  { what: 'a BCE target above 1', api: 'binaryCrossEntropy', input: x3, target: [0, 1.5, 1], code: 'E_RANGE', arg: 'target', value: 1.5 },
  { what: 'a BCE probability below 0', api: 'binaryCrossEntropy', input: [0.2, -0.1, 0.3], target: [0, 1, 1], code: 'E_RANGE', arg: 'input', value: -0.1 },
  { what: 'a NaN BCE target', api: 'binaryCrossEntropy', input: x3, target: [0, NaN, 1], code: 'E_RANGE', arg: 'target' },
  { what: 'a BCE-with-logits target below 0', api: 'binaryCrossEntropyWithLogits', input: x3, target: [0, 1, -2], code: 'E_RANGE', arg: 'target', value: -2 },
  { what: 'an unknown BCE convention', api: 'binaryCrossEntropy', input: x3, target: x3, options: { convention: 'mxnet' }, code: 'E_OPTION', arg: 'options.convention', value: 'mxnet' },
  { what: 'a weight whose length does not divide n', api: 'binaryCrossEntropyWithLogits', input: x3, target: x3, options: { weight: [1, 2] }, code: 'E_SHAPE', arg: 'options.weight', value: 2 },
  { what: 'a posWeight whose length does not divide n', api: 'binaryCrossEntropyWithLogits', input: [1, 2, 3, 4], target: [0, 1, 0, 1], options: { posWeight: [1, 2, 3] }, code: 'E_SHAPE', arg: 'options.posWeight', value: 3 },
  { what: 'strings in the input', api: 'mseLoss', input: ['1', 2, 3], target: x3, code: 'E_DTYPE', arg: 'input', value: '1' },
  { what: 'an input that is not an array', api: 'mseLoss', input: 5, target: x3, code: 'E_DTYPE', arg: 'input', value: 5 },
  { what: 'numClasses missing', api: 'crossEntropy', input: [1, 2, 3, 4], target: Int32Array.from([0, 1]), code: 'E_OPTION', arg: 'options.numClasses' },
  { what: 'numClasses not an integer', api: 'crossEntropy', input: [1, 2, 3, 4], target: Int32Array.from([0, 1]), options: { numClasses: 1.5 }, code: 'E_OPTION', arg: 'options.numClasses', value: 1.5 },
  { what: 'an input that is not N·C', api: 'crossEntropy', input: [1, 2, 3, 4, 5], target: Int32Array.from([0, 1]), options: { numClasses: 2 }, code: 'E_SHAPE', arg: 'input', value: 5 },
  { what: 'a class index ≥ C', api: 'crossEntropy', input: [1, 2, 3, 4], target: Int32Array.from([0, 2]), options: { numClasses: 2 }, code: 'E_RANGE', arg: 'target', value: 2 },
  { what: 'a negative class index that is not ignoreIndex', api: 'crossEntropy', input: [1, 2, 3, 4], target: Int32Array.from([-1, 0]), options: { numClasses: 2 }, code: 'E_RANGE', arg: 'target', value: -1 },
  { what: 'a fractional class index', api: 'crossEntropy', input: [1, 2, 3, 4], target: [0.5, 1], options: { numClasses: 2 }, code: 'E_DTYPE', arg: 'target', value: 0.5 },
  { what: 'a target length that fits neither form', api: 'crossEntropy', input: [1, 2, 3, 4], target: Float32Array.from([1, 0, 0]), options: { numClasses: 2 }, code: 'E_SHAPE', arg: 'target', value: 3 },
  { what: 'class weights of the wrong length', api: 'crossEntropy', input: [1, 2, 3, 4], target: Int32Array.from([0, 1]), options: { numClasses: 2, weight: [1, 2, 3] }, code: 'E_SHAPE', arg: 'options.weight', value: 3 },
  { what: 'labelSmoothing above 1', api: 'crossEntropy', input: [1, 2, 3, 4], target: Int32Array.from([0, 1]), options: { numClasses: 2, labelSmoothing: 1.5 }, code: 'E_OPTION', arg: 'options.labelSmoothing', value: 1.5 },
  { what: 'ignoreIndex with probability targets', api: 'crossEntropy', input: [1, 2, 3, 4], target: Float32Array.from([1, 0, 0, 1]), options: { numClasses: 2, ignoreIndex: 0 }, code: 'E_OPTION', arg: 'options.ignoreIndex', value: 0 },
];

describe.each(BUILDS)('bad input on the %s build', (build) => {
  it.skipIf(!buildAvailable(build)).each(REJECTIONS)('throws $code naming $arg when $api gets $what', async (r) => {
    const el = await load(build);
    expectError(() => (el[r.api as keyof EdgeLoss] as unknown as AnyFn)(r.input, r.target, r.options), r.code, r.api, r.arg, r.value);
  });

  it.skipIf(!buildAvailable(build))('names the exact element of a BCE target outside [0, 1] in a later chunk', async () => {
    const el = await load(build);
    const n = el.capacity * 2 + 10;
    const x = new Float32Array(n).fill(0.5);
    const y = new Float32Array(n).fill(1);
    y[el.capacity + 7] = 3;
    let err: EdgeLossError | undefined;
    try {
      el.binaryCrossEntropy(x, y);
    } catch (e) {
      err = e as EdgeLossError;
    }
    expect(err?.code).toBe('E_RANGE');
    expect(err?.value).toBe(3);
    expect(err?.message).toContain(`index ${el.capacity + 7}`);
  });
});

describe('bad input on the reference', () => {
  it.each(REJECTIONS)('throws $code naming $arg when $api gets $what', (r) => {
    expectError(() => (reference[r.api as keyof typeof reference] as unknown as AnyFn)(r.input, r.target, r.options), r.code, r.api, r.arg, r.value);
  });
});

describe('accepted neighbours of the rejected inputs', () => {
  it('accepts the boundary values: delta just above 0, beta = 0, p small, targets exactly 0 and 1', async () => {
    const el = await loadEdgeLoss();
    expect(Number.isFinite(el.huberLoss(x3, x3, { delta: 1e-30 }) as number)).toBe(true);
    expect(el.smoothL1Loss([1], [0], { beta: 0 })).toBe(1);
    expect(Number.isFinite(el.powerLoss([2], [0], { p: 1e-3 }) as number)).toBe(true);
    expect(el.binaryCrossEntropy([0, 1], [0, 1])).toBe(0);
    expect(el.crossEntropy([1, 2, 3, 4], Int32Array.from([-100, 1]), { numClasses: 2 })).toBeCloseTo(Math.log1p(Math.exp(-1)), 6) // row [3, 4], target 1: ln(1 + e^(3-4));
  });
});

describe('loadEdgeLoss', () => {
  it('throws E_OPTION for an unknown build or option', async () => {
    await expect(loadEdgeLoss({ build: 'wasm64' as 'mvp' })).rejects.toMatchObject({ code: 'E_OPTION', arg: 'options.build' });
    await expect(loadEdgeLoss({ threads: 2 } as unknown as { build: 'mvp' })).rejects.toMatchObject({ code: 'E_OPTION', arg: 'options.threads' });
  });
});

describe('crossEntropy: non-finite class weights are refused by both tiers', () => {
  it('names options.weight and the class', async () => {
    const el = await loadEdgeLoss();
    const x = Float32Array.from({ length: 16 }, (_, i) => i / 10);
    for (const w of [NaN, Infinity, -Infinity]) {
      const weight = [1, 1, 1, w, 1, 1, 1, 1];
      for (const f of [el.crossEntropy, reference.crossEntropy]) {
        let caught: unknown;
        try { f(x, Int32Array.of(0, 1), { numClasses: 8, weight }); } catch (e) { caught = e; }
        expect(caught).toBeInstanceOf(EdgeLossError);
        expect((caught as EdgeLossError).code).toBe('E_RANGE');
        expect((caught as EdgeLossError).message).toContain('class 3');
      }
    }
  });
});
