/**
 * `reference`: every loss of the names table in plain float64 JavaScript, written from docs/semantics.md and not
 * from the kernels, so that it can catch their bugs and a user can check a device against it. Same names, options
 * and errors as the Wasm-backed API (the option parsing in src/options.ts is shared); synchronous; returns a number,
 * a Float64Array ('none'), or `{ value, grad }` with a Float64Array gradient.
 */
import {
  checkBoxes, checkBoxPairs, parseBoxIou, parseBoxLoss, type BoxParsed,
  parseBce, parseBceLogits, parseCrossEntropy, parseHuber, parsePlain, parsePower, parseSmoothL1, type Common,
} from '../options.js';
import type { LossImpls, Losses, LossResult } from '../types.js';
import { checkUnitRange, type Numeric } from '../validate.js';
import { bceRef } from './bce.js';
import type { BoxRefOptions } from './box.js';
import { boxIouRef } from './box_iou.js';
import { ciouRef } from './ciou.js';
import { diouRef } from './diou.js';
import { eiouRef } from './eiou.js';
import { giouRef } from './giou.js';
import { iouRef } from './iou.js';
import { siouRef } from './siou.js';
import { bceLogitsRef } from './bce_logits.js';
import { crossEntropyRef } from './cross_entropy.js';
import { huberRef } from './huber.js';
import { l1Ref } from './l1.js';
import type { RefOut } from './math.js';
import { mseRef } from './mse.js';
import { powerRef } from './power.js';
import { rmseRef } from './rmse.js';
import { smoothL1Ref } from './smooth_l1.js';
import {
  checkDflTargets, checkLtrb, parseCenterness, parseCenternessTarget, parseDfl, parseOks, parseQfl, parseSigmoidFocal,
  parseSoftmaxFocal, parseVfl, parseWing,
} from '../options.js';
import { centernessRef, centernessTargetRef } from './centerness.js';
import { dflRef } from './dfl.js';
import { oksRef } from './oks.js';
import { qflRef } from './qfl.js';
import { sigmoidFocalRef } from './sigmoid_focal.js';
import { softmaxFocalRef } from './softmax_focal.js';
import { vflRef } from './vfl.js';
import { wingRef } from './wing.js';

const f64 = (a: Numeric): Float64Array => Float64Array.from(a as ArrayLike<number>);
const f64OrNull = (a: Numeric | null): Float64Array | null => (a ? f64(a) : null);

type BoxRefFn = (pred: Float64Array, target: Float64Array, o: BoxRefOptions & { mode: BoxParsed['mode']; negGamma: boolean }) => RefOut;

/** Validate boxes as the kernels do, then call a box reference with the resolved options. */
function boxRef(p: BoxParsed, ref: BoxRefFn): LossResult<Float64Array> {
  checkBoxPairs(p.fn, p.input, p.target, p.format, p.clamp);
  return shape(p, ref(f64(p.input), f64(p.target), { ...p, weight: f64OrNull(p.weight) }));
}

function shape(p: Common, r: RefOut): LossResult<Float64Array> {
  const value = r.value as number | Float64Array;
  return p.grad ? { value, grad: r.grad! } : value;
}

/** The float64 reference API (see the module comment). */
const impl: LossImpls<Float64Array> = {
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
    checkUnitRange(p.fn, p.input, p.target);
    return shape(p, bceRef(f64(p.input), f64(p.target), { ...p, weight: f64OrNull(p.weight) }));
  },
  binaryCrossEntropyWithLogits(input, target, options) {
    const p = parseBceLogits('binaryCrossEntropyWithLogits', input, target, options);
    checkUnitRange(p.fn, null, p.target);
    return shape(p, bceLogitsRef(f64(p.input), f64(p.target), { ...p, weight: f64OrNull(p.weight), posWeight: f64OrNull(p.posWeight) }));
  },
  iouLoss(pred, target, options) {
    return boxRef(parseBoxLoss('iouLoss', pred, target, options, 'mode'), iouRef);
  },
  generalizedBoxIouLoss(pred, target, options) {
    return boxRef(parseBoxLoss('generalizedBoxIouLoss', pred, target, options, null), giouRef);
  },
  distanceBoxIouLoss(pred, target, options) {
    return boxRef(parseBoxLoss('distanceBoxIouLoss', pred, target, options, null), diouRef);
  },
  completeBoxIouLoss(pred, target, options) {
    return boxRef(parseBoxLoss('completeBoxIouLoss', pred, target, options, null), ciouRef);
  },
  eiouLoss(pred, target, options) {
    return boxRef(parseBoxLoss('eiouLoss', pred, target, options, null), eiouRef);
  },
  siouLoss(pred, target, options) {
    return boxRef(parseBoxLoss('siouLoss', pred, target, options, 'negGamma'), siouRef);
  },
  boxIou(boxes1, boxes2, options) {
    const p = parseBoxIou('boxIou', boxes1, boxes2, options);
    checkBoxes(p.fn, 'boxes2', p.boxes2, p.format);
    checkBoxes(p.fn, 'boxes1', p.boxes1, p.format);
    return boxIouRef(f64(p.boxes1), f64(p.boxes2), p);
  },
  // @box-losses (add methods above)
  sigmoidFocalLoss(input, target, options) {
    const p = parseSigmoidFocal('sigmoidFocalLoss', input, target, options);
    checkUnitRange(p.fn, null, p.target);
    return shape(p, sigmoidFocalRef(f64(p.input), f64(p.target), p));
  },
  softmaxFocalLoss(input, target, options) {
    const p = parseSoftmaxFocal('softmaxFocalLoss', input, target, options);
    return shape(p, softmaxFocalRef(f64(p.input), p.indices ?? f64(p.probs!), p));
  },
  qualityFocalLoss(input, target, options) {
    const p = parseQfl('qualityFocalLoss', input, target, options);
    checkUnitRange(p.fn, null, p.target);
    return shape(p, qflRef(f64(p.input), f64(p.target), p));
  },
  varifocalLoss(input, target, options) {
    const p = parseVfl('varifocalLoss', input, target, options);
    checkUnitRange(p.fn, null, p.target);
    return shape(p, vflRef(f64(p.input), f64(p.target), p));
  },
  distributionFocalLoss(input, target, options) {
    const p = parseDfl('distributionFocalLoss', input, target, options);
    checkDflTargets(p);
    return shape(p, dflRef(f64(p.input), f64(p.target), p));
  },
  centernessLoss(input, target, options) {
    const p = parseCenterness('centernessLoss', input, target, options);
    checkLtrb(p.fn, 'target', p.target);
    return shape(p, centernessRef(f64(p.input), f64(p.target), p));
  },
  centernessTarget(ltrb) {
    const a = parseCenternessTarget('centernessTarget', ltrb);
    checkLtrb('centernessTarget', 'ltrb', a);
    return centernessTargetRef(f64(a));
  },
  wingLoss(input, target, options) {
    const p = parseWing('wingLoss', input, target, options);
    return shape(p, wingRef(f64(p.input), f64(p.target), p));
  },
  oksLoss(input, target, options) {
    const p = parseOks('oksLoss', input, target, options);
    return shape(p, oksRef(f64(p.input), f64(p.target), { ...p, area: f64(p.area), sigmas: f64(p.sigmas), visibility: f64OrNull(p.visibility) }));
  },
  // @cls-losses (add methods above)
  crossEntropy(input, target, options) {
    const p = parseCrossEntropy('crossEntropy', input, target, options);
    const t = p.indices ?? f64(p.probs!);
    return shape(p, crossEntropyRef(f64(p.input), t, { ...p, weight: f64OrNull(p.weight) }));
  },
};

/** The float64 reference API (see the module comment), with results typed by their options. */
export const reference = impl as unknown as Losses<Float64Array>;
