export {};
import { loadEdgeLoss, reference } from '../../src/index.js';
const el = await loadEdgeLoss();
const a: number = el.mseLoss([1], [2]);
const b: number = el.mseLoss([1], [2]) * 2;
const { value, grad } = el.crossEntropy([1, 2], Int32Array.from([0]), { numClasses: 2, grad: true, labelSmoothing: 0.1 });
const v: number = value;
const g: Float32Array = grad;
const n: Float32Array = el.l1Loss([1], [2], { reduction: 'none' });
const r = reference.huberLoss([1], [2], { grad: true, reduction: 'none' });
const rv: Float64Array = r.value;
const bi: Float32Array = el.boxIou([0, 0, 1, 1], [0, 0, 1, 1]);
// @ts-expect-error a typo in an option name is caught
el.mseLoss([1], [2], { reducton: 'sum' });
const opts: { reduction?: 'none' | 'mean' | 'sum' } = {};
const u = el.mseLoss([1], [2], opts); // number | Float32Array
const u2: number | Float32Array = u;
export const used = [a, b, v, g, n, rv, bi, u2];
