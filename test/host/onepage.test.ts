import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bindModule, FLAG, LossModule, MODE, STATUS } from '../../src/index.js';
import { wasmPath } from '../../src/wasm/load.js';

// The one-page build (asconfig target `onepage`): the MVP kernels compiled with EDGELOSS_CAPACITY=2048 and
// memory fixed at one 64 KiB page, for microcontroller hosts. Same source and features as the MVP build, so
// within its capacity it must give the same bits; longer inputs are streamed by the host in smaller chunks.

const series = (n: number, f: (i: number) => number): Float32Array => Float32Array.from({ length: n }, (_, i) => f(i));
const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
const f64bits = (x: number): bigint => new BigUint64Array(new Float64Array([x]).buffer)[0]!;

describe('the one-page build', () => {
  it('fits one page, imports nothing, has the MVP exports and a smaller capacity', () => {
    const one = new WebAssembly.Module(readFileSync(wasmPath('onepage')));
    const mvp = new WebAssembly.Module(readFileSync(wasmPath('mvp')));
    expect(WebAssembly.Module.imports(one)).toEqual([]);
    expect(WebAssembly.Module.exports(one)).toEqual(WebAssembly.Module.exports(mvp));
    const mod = new LossModule('onepage');
    expect(mod.capacity).toBe(2048);
    expect(mod.exports.memory.buffer.byteLength).toBe(65536);
    expect(mod.exports.aux_ptr() + 4 * mod.capacity).toBeLessThanOrEqual(65536);
    expect(new LossModule('mvp').capacity).toBe(4096);
  });

  it('gives the MVP bits through the low layer (values, results, gradients, per-element values)', () => {
    const one = new LossModule('onepage');
    const mvp = new LossModule('mvp');
    const n = 2048;
    const x = series(n, (i) => Math.sin(i * 0.37) * 4);
    const y = series(n, (i) => Math.cos(i * 0.11));
    const p = series(n, (i) => (i % 97) / 96);
    const t = series(n, (i) => (i % 3) / 2);
    const calls: [string, (m: LossModule) => number, Float32Array, Float32Array][] = [
      ['mse', (m) => m.exports.mse(n, FLAG.GRAD | FLAG.NONE, n), x, y],
      ['l1', (m) => m.exports.l1(n, FLAG.GRAD | FLAG.NONE, 1), x, y],
      ['huber', (m) => m.exports.huber(n, FLAG.GRAD | FLAG.NONE, n, 0.5), x, y],
      ['bce', (m) => m.exports.bce(n, FLAG.GRAD | FLAG.NONE, n, 0, 0), p, t],
      ['bce_logits', (m) => m.exports.bce_logits(n, FLAG.GRAD | FLAG.NONE, n), x, t],
      ['sigmoid_focal', (m) => m.exports.sigmoid_focal(n, FLAG.GRAD | FLAG.NONE, n, 0.25, 2), x, t],
      ['giou', (m) => m.exports.giou(n / 4, FLAG.GRAD | FLAG.NONE, n / 4, 1, 0, 1e-7), series(n, (i) => 10 + (i % 7)), series(n, (i) => 11 + (i % 5))],
    ];
    for (const [name, call, a, b] of calls) {
      const got: { st: number; value: bigint; grad: Uint32Array; out: Uint32Array }[] = [];
      for (const m of [mvp, one]) {
        m.input.set(a);
        m.target.set(b);
        m.exports.reset();
        const st = call(m);
        got.push({ st, value: f64bits(m.exports.result(MODE.MEAN, n)), grad: bits(m.grad.subarray(0, n)), out: bits(m.out.subarray(0, n)) });
      }
      expect(got[0]!.st, name).toBe(STATUS.OK);
      expect(got[1], name).toEqual(got[0]);
    }
    // Past its capacity the one-page build refuses the call (the host streams instead).
    one.exports.reset();
    expect(one.exports.mse(2049, 0, 1)).toBe(STATUS.E_CAPACITY);
    expect(mvp.exports.mse(2049, 0, 1)).toBe(STATUS.OK);
  });

  it('streams inputs longer than its capacity through the high layer, with the MVP results', async () => {
    const { loadEdgeLoss } = await import('../../src/index.js');
    const one = bindModule(new LossModule('onepage'));
    const mvp = await loadEdgeLoss({ build: 'mvp' });
    expect(one.capacity).toBe(2048);
    const n = 5000; // > 2 × 2048: three chunks here, two in the MVP build
    const x = series(n, (i) => Math.sin(i * 0.013) * 3);
    const y = series(n, (i) => Math.cos(i * 0.007));
    const t = series(n, (i) => (i % 5) / 4);
    type G = { value: number; grad: Float32Array };
    const close = (a: G, b: G, what: string): void => {
      expect(a.value, what).toBeCloseTo(b.value, 12);
      expect(Math.abs(a.value - b.value), what).toBeLessThanOrEqual(Math.abs(b.value) * 1e-14);
      expect(Array.from(a.grad), what).toEqual(Array.from(b.grad)); // per element: identical bits
    };
    close(one.mseLoss(x, y, { grad: true }) as G, mvp.mseLoss(x, y, { grad: true }) as G, 'mse');
    close(one.smoothL1Loss(x, y, { grad: true }) as G, mvp.smoothL1Loss(x, y, { grad: true }) as G, 'smoothL1');
    close(one.binaryCrossEntropyWithLogits(x, t, { grad: true }) as G, mvp.binaryCrossEntropyWithLogits(x, t, { grad: true }) as G, 'bceLogits');
    expect(one.l1Loss(x, y, { reduction: 'none' })).toEqual(mvp.l1Loss(x, y, { reduction: 'none' }));
    // Cross-entropy: 1500 rows of 4 classes (6000 logits), and rows of 3000 classes, which the one-page build
    // streams as long rows in segments while the MVP build takes each row in one call.
    const rows = 1500;
    const logits = series(rows * 4, (i) => Math.sin(i * 0.31) * 5);
    const cls = Int32Array.from({ length: rows }, (_, i) => i % 4);
    close(one.crossEntropy(logits, cls, { numClasses: 4, grad: true }) as G, mvp.crossEntropy(logits, cls, { numClasses: 4, grad: true }) as G, 'ce rows');
    const wide = series(2 * 3000, (i) => Math.cos(i * 0.021) * 6);
    const wideCls = Int32Array.from([17, 2999]);
    const a = one.crossEntropy(wide, wideCls, { numClasses: 3000, grad: true }) as G;
    const b = mvp.crossEntropy(wide, wideCls, { numClasses: 3000, grad: true }) as G;
    expect(a.value).toBeCloseTo(b.value, 10);
    expect(Math.abs(a.value - b.value)).toBeLessThanOrEqual(Math.abs(b.value) * 1e-12);
    for (let i = 0; i < b.grad.length; i++) {
      expect(Math.abs(a.grad[i]! - b.grad[i]!), `grad ${i}`).toBeLessThanOrEqual(Math.abs(b.grad[i]!) * 2.4e-7 + 1e-12);
    }
  });
});
