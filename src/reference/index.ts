/**
 * `reference`: every loss of the names table in plain float64 JavaScript, written from docs/semantics.md and not
 * from the kernels, so that it can catch their bugs and a user can check a device against it. Same names, options
 * and errors as the Wasm-backed API (the option parsing in src/options.ts is shared); synchronous; returns a number,
 * a Float64Array ('none'), or `{ value, grad }` with a Float64Array gradient.
 */
import {
  parseBce, parseBceLogits, parseCrossEntropy, parseHuber, parsePlain, parsePower, parseSmoothL1, type Common,
} from '../options.js';
import type { Losses, LossResult } from '../types.js';
import { checkUnitRange, type Numeric } from '../validate.js';
import { bceRef } from './bce.js';
import { bceLogitsRef } from './bce_logits.js';
import { crossEntropyRef } from './cross_entropy.js';
import { huberRef } from './huber.js';
import { l1Ref } from './l1.js';
import type { RefOut } from './math.js';
import { mseRef } from './mse.js';
import { powerRef } from './power.js';
import { rmseRef } from './rmse.js';
import { smoothL1Ref } from './smooth_l1.js';

const f64 = (a: Numeric): Float64Array => Float64Array.from(a as ArrayLike<number>);
const f64OrNull = (a: Numeric | null): Float64Array | null => (a ? f64(a) : null);

function shape(p: Common, r: RefOut): LossResult<Float64Array> {
  const value = r.value as number | Float64Array;
  return p.grad ? { value, grad: r.grad! } : value;
}

/** The float64 reference API (see the module comment). */
export const reference: Losses<Float64Array> = {
  l1Loss(input, target, options) {
    const p = parsePlain('l1Loss', input, target, options);
    return shape(p, l1Ref(f64(p.input), f64(p.target), p));
  },
  mseLoss(input, target, options) {
    const p = parsePlain('mseLoss', input, target, options);
    return shape(p, mseRef(f64(p.input), f64(p.target), p));
  },
  rmseLoss(input, target, options) {
    const p = parsePlain('rmseLoss', input, target, options);
    return shape(p, rmseRef(f64(p.input), f64(p.target), p));
  },
  powerLoss(input, target, options) {
    const p = parsePower('powerLoss', input, target, options);
    return shape(p, powerRef(f64(p.input), f64(p.target), p));
  },
  smoothL1Loss(input, target, options) {
    const p = parseSmoothL1('smoothL1Loss', input, target, options);
    return shape(p, smoothL1Ref(f64(p.input), f64(p.target), p));
  },
  huberLoss(input, target, options) {
    const p = parseHuber('huberLoss', input, target, options);
    return shape(p, huberRef(f64(p.input), f64(p.target), p));
  },
  binaryCrossEntropy(input, target, options) {
    const p = parseBce('binaryCrossEntropy', input, target, options);
    checkUnitRange(p.fn, 'input', p.input);
    checkUnitRange(p.fn, 'target', p.target);
    return shape(p, bceRef(f64(p.input), f64(p.target), { ...p, weight: f64OrNull(p.weight) }));
  },
  binaryCrossEntropyWithLogits(input, target, options) {
    const p = parseBceLogits('binaryCrossEntropyWithLogits', input, target, options);
    checkUnitRange(p.fn, 'target', p.target);
    return shape(p, bceLogitsRef(f64(p.input), f64(p.target), { ...p, weight: f64OrNull(p.weight), posWeight: f64OrNull(p.posWeight) }));
  },
  // @box-losses (add methods above)
  // @cls-losses (add methods above)
  crossEntropy(input, target, options) {
    const p = parseCrossEntropy('crossEntropy', input, target, options);
    const t = p.indices ?? f64(p.probs!);
    return shape(p, crossEntropyRef(f64(p.input), t, { ...p, weight: f64OrNull(p.weight) }));
  },
};
