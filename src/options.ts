/**
 * Option parsing for every loss, shared by the Wasm-backed API and the float64 reference so that both accept and
 * reject exactly the same calls. Validation only: no loss maths here.
 */
import { EdgeLossError } from './errors.js';
import type { BceConvention, Reduction } from './types.js';
import {
  asNumeric, broadcastOption, checkOptionKeys, trailingOf, gradOf, isIntegerView, numberOption, reductionOf, sameLength,
  type Numeric,
} from './validate.js';

export interface Common {
  fn: string;
  input: Numeric;
  target: Numeric;
  reduction: Reduction;
  grad: boolean;
}

// Parsers build their result as one object literal listing the Common fields, not `{ ...c, extra }`: V8 11.3
// (Node 20) takes a slow path for a spread followed by more properties (measured: 21.7 µs per parseBoxLoss call on
// 100 boxes, most of the copying API's cost for boxes; a literal costs well under a microsecond).
function common(fn: string, input: unknown, target: unknown, options: unknown, allowed: readonly string[]) {
  const o = checkOptionKeys(fn, options, allowed);
  const x = asNumeric(fn, 'input', input);
  const t = asNumeric(fn, 'target', target);
  return { o, c: { fn, input: x, target: t, reduction: reductionOf(fn, o), grad: gradOf(fn, o) } as Common };
}

/** l1Loss, mseLoss, rmseLoss: no options beyond reduction and grad. */
export function parsePlain(fn: string, input: unknown, target: unknown, options: unknown): Common {
  const o = checkOptionKeys(fn, options, NO_KEYS);
  const c: Common = { fn, input: asNumeric(fn, 'input', input), target: asNumeric(fn, 'target', target), reduction: reductionOf(fn, o), grad: gradOf(fn, o) };
  sameLength(fn, c.input, c.target);
  return c;
}
const NO_KEYS: readonly string[] = Object.freeze([]);

export function parsePower(fn: string, input: unknown, target: unknown, options: unknown): Common & { p: number } {
  const { o, c } = common(fn, input, target, options, ['p']);
  sameLength(fn, c.input, c.target);
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, p: numberOption(fn, o, 'p', 2, (v) => v > 0 && Number.isFinite(v), 'a finite number > 0') };
}

export function parseSmoothL1(fn: string, input: unknown, target: unknown, options: unknown): Common & { beta: number } {
  const { o, c } = common(fn, input, target, options, ['beta']);
  sameLength(fn, c.input, c.target);
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, beta: numberOption(fn, o, 'beta', 1, (v) => v >= 0, 'a number ≥ 0') };
}

export function parseHuber(fn: string, input: unknown, target: unknown, options: unknown): Common & { delta: number } {
  const { o, c } = common(fn, input, target, options, ['delta']);
  sameLength(fn, c.input, c.target);
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, delta: numberOption(fn, o, 'delta', 1, (v) => v > 0, 'a number > 0') };
}

export interface BceParsed extends Common {
  weight: Numeric | null;
  convention: BceConvention;
  eps: number;
}

export function parseBce(fn: string, input: unknown, target: unknown, options: unknown): BceParsed {
  const { o, c } = common(fn, input, target, options, ['weight', 'convention', 'eps', 'numClasses']);
  sameLength(fn, c.input, c.target);
  const convention = o.convention ?? 'pytorch';
  if (convention !== 'pytorch' && convention !== 'tfjs' && convention !== 'keras') {
    throw new EdgeLossError('E_OPTION', fn, 'options.convention', convention, "must be 'pytorch', 'tfjs' or 'keras'");
  }
  const eps = numberOption(fn, o, 'eps', 1e-7, (v) => v >= 0 && v < 0.5, 'a number in [0, 0.5)');
  const C = trailingOf(fn, o, c.input.length);
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, weight: broadcastOption(fn, o, 'weight', c.input.length, C), convention, eps };
}

export interface BceLogitsParsed extends Common {
  weight: Numeric | null;
  posWeight: Numeric | null;
}

export function parseBceLogits(fn: string, input: unknown, target: unknown, options: unknown): BceLogitsParsed {
  const { o, c } = common(fn, input, target, options, ['weight', 'posWeight', 'numClasses']);
  const C = trailingOf(fn, o, c.input.length);
  sameLength(fn, c.input, c.target);
  return {
    fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad,
    weight: broadcastOption(fn, o, 'weight', c.input.length, C),
    posWeight: broadcastOption(fn, o, 'posWeight', c.input.length, C),
  };
}

export interface CrossEntropyParsed extends Common {
  numClasses: number;
  rows: number;
  weight: Numeric | null;
  ignoreIndex: number;
  labelSmoothing: number;
  /** Class indices [rows] when the targets are indices, else null. */
  indices: Int32Array | null;
  /** Probabilities [rows, C] when the targets are probabilities, else null. */
  probs: Numeric | null;
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

export function parseCrossEntropy(fn: string, input: unknown, target: unknown, options: unknown): CrossEntropyParsed {
  const { o, c } = common(fn, input, target, options, ['numClasses', 'weight', 'ignoreIndex', 'labelSmoothing']);
  if (o.numClasses === undefined) {
    throw new EdgeLossError('E_OPTION', fn, 'options.numClasses', undefined, 'is required: the input is [N, numClasses] logits');
  }
  const C = numberOption(fn, o, 'numClasses', 0, (v) => Number.isInteger(v) && v >= 1 && v <= I32_MAX, 'an integer ≥ 1');
  if (c.input.length % C !== 0) {
    throw new EdgeLossError('E_SHAPE', fn, 'input', c.input.length, `has ${c.input.length} values, not a multiple of numClasses ${C}`);
  }
  const rows = c.input.length / C;
  const labelSmoothing = numberOption(fn, o, 'labelSmoothing', 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  let weight: Numeric | null = null;
  if (o.weight !== undefined && o.weight !== null) {
    weight = asNumeric(fn, 'options.weight', o.weight);
    if (weight.length !== C) {
      throw new EdgeLossError('E_SHAPE', fn, 'options.weight', weight.length, `has ${weight.length} class weights, expected numClasses = ${C}`);
    }
    // A NaN or infinite class weight meets 0·w (an unused class, the smoothing term) in the kernels and the
    // reference alike, where the two cannot agree on a meaning: refused, like PyTorch users would want it caught.
    for (let k = 0; k < C; k++) {
      if (!Number.isFinite(weight[k]!)) {
        throw new EdgeLossError('E_RANGE', fn, 'options.weight', weight[k], `holds ${weight[k]} for class ${k}; class weights must be finite`);
      }
    }
  }
  const t = c.target;
  const indexKind = isIntegerView(target) || target instanceof BigInt64Array || target instanceof BigUint64Array
    || (Array.isArray(target) && t.length === rows);
  if (indexKind && t.length === rows) {
    const ignoreIndex = numberOption(fn, o, 'ignoreIndex', -100, (v) => Number.isInteger(v) && v >= I32_MIN && v <= I32_MAX, 'a 32-bit integer');
    const indices = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const y = t[i]!;
      if (!Number.isInteger(y) || y < I32_MIN || y > I32_MAX) {
        throw new EdgeLossError('E_DTYPE', fn, 'target', y, `holds ${y} at row ${i}; class indices must be 32-bit integers`);
      }
      if (y !== ignoreIndex && (y < 0 || y >= C)) {
        throw new EdgeLossError('E_RANGE', fn, 'target', y, `holds class index ${y} at row ${i}, outside [0, ${C}) and not ignoreIndex ${ignoreIndex}`);
      }
      indices[i] = y;
    }
    return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, numClasses: C, rows, weight, ignoreIndex, labelSmoothing, indices, probs: null };
  }
  if (!indexKind && t.length === rows * C) {
    if (o.ignoreIndex !== undefined) {
      throw new EdgeLossError('E_OPTION', fn, 'options.ignoreIndex', o.ignoreIndex, 'is only allowed with class-index targets, not probability targets');
    }
    return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, numClasses: C, rows, weight, ignoreIndex: -100, labelSmoothing, indices: null, probs: t };
  }
  throw new EdgeLossError(
    'E_SHAPE', fn, 'target', t.length,
    `has ${t.length} values; expected ${rows} class indices (Int32Array) or ${rows * C} probabilities (Float32Array) for ${rows} rows of ${C} classes`,
  );
}

// ---- box losses (docs/detection.md) ----

export interface BoxParsed extends Common {
  /** Number of box pairs N. */
  boxes: number;
  format: 'xyxy' | 'cxcywh' | 'xywh' | 'ltrb';
  convention: 'torchvision' | 'ultralytics' | 'mmdet';
  eps: number;
  clamp: boolean;
  weight: Numeric | null;
  avgFactor: number | null;
  mode: 'linear' | 'square' | 'log';
  negGamma: boolean;
}

const BOX_FORMATS = ['xyxy', 'cxcywh', 'xywh', 'ltrb'] as const;
const BOX_CONVENTIONS = ['torchvision', 'ultralytics', 'mmdet'] as const;

function oneOf<T extends string>(fn: string, o: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T): T {
  const v = o[key] ?? fallback;
  if (!allowed.includes(v as T)) {
    throw new EdgeLossError('E_OPTION', fn, `options.${key}`, v, `must be ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return v as T;
}

function boolOption(fn: string, o: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = o[key] ?? fallback;
  if (typeof v !== 'boolean') throw new EdgeLossError('E_OPTION', fn, `options.${key}`, v, 'must be true or false');
  return v;
}

/** Check that a flat array holds [N, 4] boxes; returns N. */
export function boxCount(fn: string, arg: string, a: Numeric): number {
  if (a.length % 4 !== 0) {
    throw new EdgeLossError('E_SHAPE', fn, arg, a.length, `has ${a.length} values, not a multiple of 4 ([N, 4] boxes)`);
  }
  return a.length / 4;
}

const BOX_KEYS: readonly string[] = Object.freeze(['format', 'convention', 'eps', 'clamp', 'weight', 'avgFactor']);
const BOX_KEYS_MODE: readonly string[] = Object.freeze([...BOX_KEYS, 'mode']);
const BOX_KEYS_NEG_GAMMA: readonly string[] = Object.freeze([...BOX_KEYS, 'negGamma']);

/**
 * Options of the IoU-family losses: format, convention (eps default per convention), clamp, per-box weight,
 * avgFactor; `extra` adds 'mode' (iouLoss) or 'negGamma' (siouLoss).
 */
export function parseBoxLoss(fn: string, input: unknown, target: unknown, options: unknown, extra: 'mode' | 'negGamma' | null): BoxParsed {
  const allowed = extra === 'mode' ? BOX_KEYS_MODE : extra === 'negGamma' ? BOX_KEYS_NEG_GAMMA : BOX_KEYS;
  const { o, c } = common(fn, input, target, options, allowed);
  const boxes = boxCount(fn, 'input', c.input);
  sameLength(fn, c.input, c.target);
  const format = oneOf(fn, o, 'format', BOX_FORMATS, 'xyxy');
  const convention = oneOf(fn, o, 'convention', BOX_CONVENTIONS, 'torchvision');
  const eps = numberOption(fn, o, 'eps', convention === 'mmdet' ? 1e-6 : 1e-7, (v) => v >= 0 && v < 1, 'a number in [0, 1)');
  const clamp = boolOption(fn, o, 'clamp', false);
  const weight = broadcastOption(fn, o, 'weight', boxes);
  let avgFactor: number | null = null;
  if (o.avgFactor !== undefined) {
    avgFactor = numberOption(fn, o, 'avgFactor', 1, (v) => v > 0 && Number.isFinite(v), 'a finite number > 0');
  }
  const mode = oneOf(fn, o, 'mode', ['linear', 'square', 'log'] as const, convention === 'mmdet' ? 'log' : 'linear');
  const negGamma = boolOption(fn, o, 'negGamma', convention !== 'mmdet');
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, boxes, format, convention, eps, clamp, weight, avgFactor, mode, negGamma };
}

export interface BoxIouParsed {
  fn: string;
  boxes1: Numeric;
  boxes2: Numeric;
  format: 'xyxy' | 'cxcywh' | 'xywh' | 'ltrb';
  plus1: boolean;
}

export function parseBoxIou(fn: string, boxes1: unknown, boxes2: unknown, options: unknown): BoxIouParsed {
  const o = checkOptionKeys(fn, options, ['format', 'plus1'], false);
  const b1 = asNumeric(fn, 'boxes1', boxes1);
  const b2 = asNumeric(fn, 'boxes2', boxes2);
  boxCount(fn, 'boxes1', b1);
  boxCount(fn, 'boxes2', b2);
  return { fn, boxes1: b1, boxes2: b2, format: oneOf(fn, o, 'format', BOX_FORMATS, 'xyxy'), plus1: boolOption(fn, o, 'plus1', false) };
}

/**
 * The first inverted box of a [N, 4] array in `format` (x2 < x1 or y2 < y1 once converted to corners), or −1.
 * The kernels make the same check themselves; the reference uses this one.
 */
export function firstInvertedBox(a: Numeric, format: BoxParsed['format']): number {
  for (let i = 0; i < a.length / 4; i++) {
    const p = a[4 * i]!, q = a[4 * i + 1]!, r = a[4 * i + 2]!, s = a[4 * i + 3]!;
    let bad: boolean;
    if (format === 'xyxy') bad = r < p || s < q;
    else if (format === 'ltrb') bad = r < -p || s < -q;
    else bad = r < 0 || s < 0;
    if (bad) return i;
  }
  return -1;
}

function invertedError(fn: string, arg: string, a: Numeric, i: number, hint: string): EdgeLossError {
  const box = [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!];
  return new EdgeLossError('E_RANGE', fn, arg, box, `box ${i} is inverted (x2 < x1 or y2 < y1 after conversion)${hint}`);
}

/** Throw the E_RANGE the box_iou kernel reports for an inverted box. */
export function checkBoxes(fn: string, arg: string, a: Numeric, format: BoxParsed['format']): void {
  const i = firstInvertedBox(a, format);
  if (i >= 0) throw invertedError(fn, arg, a, i, '');
}

/**
 * Throw the E_RANGE the box-loss kernels report for the first inverted box, pair by pair (pred before target at
 * each index), unless clamp is set.
 */
export function checkBoxPairs(fn: string, pred: Numeric, target: Numeric, format: BoxParsed['format'], clamp: boolean): void {
  if (clamp) return;
  const ip = firstInvertedBox(pred, format);
  const it = firstInvertedBox(target, format);
  const hint = '; pass clamp: true to take it as zero size';
  if (ip >= 0 && (it < 0 || ip <= it)) throw invertedError(fn, 'input', pred, ip, hint);
  if (it >= 0) throw invertedError(fn, 'target', target, it, hint);
}

// ---- classification, distribution, centerness and keypoint losses (docs/detection.md) ----

/** A string option out of `allowed` (E_OPTION listing them). */
function clsChoice<T extends string>(fn: string, o: Record<string, unknown>, key: string, allowed: readonly T[], fallback: T): T {
  const v = o[key] ?? fallback;
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new EdgeLossError('E_OPTION', fn, `options.${key}`, v, `must be ${allowed.map((a) => `'${a}'`).join(' or ')}`);
  }
  return v as T;
}

const finiteNonNeg = (v: number): boolean => v >= 0 && Number.isFinite(v);
const finitePos = (v: number): boolean => v > 0 && Number.isFinite(v);

/**
 * options.numClasses for [N, C] inputs: an integer ≥ 1 that divides the input length (E_OPTION when missing and
 * `required`, or not an integer ≥ 1; E_SHAPE naming input when it does not divide). null when absent and optional.
 */
function classesOf(fn: string, o: Record<string, unknown>, n: number, required: boolean, why: string): number | null {
  if (o.numClasses === undefined) {
    if (required) throw new EdgeLossError('E_OPTION', fn, 'options.numClasses', undefined, `is required: ${why}`);
    return null;
  }
  const C = numberOption(fn, o, 'numClasses', 0, (v) => Number.isInteger(v) && v >= 1 && v <= I32_MAX, 'an integer ≥ 1');
  if (n % C !== 0) {
    throw new EdgeLossError('E_SHAPE', fn, 'input', n, `has ${n} values, not a multiple of numClasses ${C}`);
  }
  return C;
}

export type SigmoidFocalConvention = 'torchvision' | 'ultralytics';

export interface SigmoidFocalParsed extends Common {
  alpha: number;
  gamma: number;
  convention: SigmoidFocalConvention;
  /** C of an [N, C] input; required by 'ultralytics' (whose 'mean' is Σ/C), optional (a shape check) otherwise. */
  numClasses: number | null;
}

/**
 * sigmoidFocalLoss: logits [n], targets [n] (the target range [0, 1] is checked by the kernel / the reference
 * wiring, as for BCE with logits). alpha finite (default 0.25; < 0 turns the α weighting off), gamma finite ≥ 0
 * (default 2, 1.5 under 'ultralytics'), convention 'torchvision' (default) | 'ultralytics' (numClasses required).
 */
export function parseSigmoidFocal(fn: string, input: unknown, target: unknown, options: unknown): SigmoidFocalParsed {
  const { o, c } = common(fn, input, target, options, ['alpha', 'gamma', 'convention', 'numClasses']);
  sameLength(fn, c.input, c.target);
  const convention = clsChoice(fn, o, 'convention', ['torchvision', 'ultralytics'] as const, 'torchvision');
  const alpha = numberOption(fn, o, 'alpha', 0.25, Number.isFinite, 'a finite number (< 0 turns the α weighting off)');
  const gamma = numberOption(fn, o, 'gamma', convention === 'ultralytics' ? 1.5 : 2, finiteNonNeg, 'a finite number ≥ 0');
  const numClasses = classesOf(
    fn, o, c.input.length, convention === 'ultralytics', "the 'ultralytics' mean is .mean(1).sum() over rows of numClasses",
  );
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, alpha, gamma, convention, numClasses };
}

export interface SoftmaxFocalParsed extends Common {
  numClasses: number;
  rows: number;
  alpha: number;
  gamma: number;
  ignoreIndex: number;
  labelSmoothing: number;
  /** Class indices [rows] when the targets are indices, else null. */
  indices: Int32Array | null;
  /** Probabilities [rows, C] when the targets are probabilities, else null. */
  probs: Numeric | null;
}

/**
 * softmaxFocalLoss: numClasses (required), targets exactly as crossEntropy (class indices with ignoreIndex, or
 * probabilities; labelSmoothing), plus alpha (finite ≥ 0, default 0.25) and gamma (finite ≥ 0, default 2).
 * No class weights.
 */
export function parseSoftmaxFocal(fn: string, input: unknown, target: unknown, options: unknown): SoftmaxFocalParsed {
  const o = checkOptionKeys(fn, options, ['numClasses', 'alpha', 'gamma', 'ignoreIndex', 'labelSmoothing']);
  const ceOptions: Record<string, unknown> = {};
  for (const k of ['reduction', 'grad', 'numClasses', 'ignoreIndex', 'labelSmoothing']) if (o[k] !== undefined) ceOptions[k] = o[k];
  const ce = parseCrossEntropy(fn, input, target, ceOptions);
  const alpha = numberOption(fn, o, 'alpha', 0.25, finiteNonNeg, 'a finite number ≥ 0');
  const gamma = numberOption(fn, o, 'gamma', 2, finiteNonNeg, 'a finite number ≥ 0');
  return {
    fn, input: ce.input, target: ce.target, reduction: ce.reduction, grad: ce.grad, numClasses: ce.numClasses, rows: ce.rows,
    alpha, gamma, ignoreIndex: ce.ignoreIndex, labelSmoothing: ce.labelSmoothing, indices: ce.indices, probs: ce.probs,
  };
}

export interface QflParsed extends Common {
  numClasses: number;
  rows: number;
  beta: number;
}

/** qualityFocalLoss: logits and targets [N, C] (numClasses required), beta finite ≥ 0 (default 2). */
export function parseQfl(fn: string, input: unknown, target: unknown, options: unknown): QflParsed {
  const { o, c } = common(fn, input, target, options, ['numClasses', 'beta']);
  sameLength(fn, c.input, c.target);
  const C = classesOf(fn, o, c.input.length, true, 'the input is [N, numClasses] logits and the loss is summed per row')!;
  const beta = numberOption(fn, o, 'beta', 2, finiteNonNeg, 'a finite number ≥ 0');
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, numClasses: C, rows: c.input.length / C, beta };
}

export type VflConvention = 'mmdet' | 'ultralytics';

export interface VflParsed extends Common {
  numClasses: number;
  alpha: number;
  gamma: number;
  convention: VflConvention;
}

/**
 * varifocalLoss: logits and targets [N, C] (numClasses required), alpha finite ≥ 0 (default 0.75), gamma finite
 * ≥ 0 (default 2), convention 'mmdet' (default; mean over N·C) | 'ultralytics' (mean Σ/C).
 */
export function parseVfl(fn: string, input: unknown, target: unknown, options: unknown): VflParsed {
  const { o, c } = common(fn, input, target, options, ['numClasses', 'alpha', 'gamma', 'convention']);
  sameLength(fn, c.input, c.target);
  const convention = clsChoice(fn, o, 'convention', ['mmdet', 'ultralytics'] as const, 'mmdet');
  const C = classesOf(fn, o, c.input.length, true, 'the input is [N, numClasses] logits')!;
  const alpha = numberOption(fn, o, 'alpha', 0.75, finiteNonNeg, 'a finite number ≥ 0');
  const gamma = numberOption(fn, o, 'gamma', 2, finiteNonNeg, 'a finite number ≥ 0');
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, numClasses: C, alpha, gamma, convention };
}

export type DflConvention = 'ultralytics' | 'mmdet';

export interface DflParsed extends Common {
  regMax: number;
  convention: DflConvention;
  clampTarget: boolean;
  /** Logits per row: regMax ('ultralytics') or regMax + 1 ('mmdet'). */
  bins: number;
  rows: number;
}

/**
 * distributionFocalLoss: logits [N, bins], targets y [N]; regMax an integer (default 16; bins = regMax under
 * 'ultralytics' (default), regMax + 1 under 'mmdet'; bins ≥ 2), clampTarget boolean (default true). Input length ≠
 * N·bins is E_SHAPE. The target domain is checked by checkDflTargets (reference) and by the kernel (Wasm).
 */
export function parseDfl(fn: string, input: unknown, target: unknown, options: unknown): DflParsed {
  const { o, c } = common(fn, input, target, options, ['regMax', 'convention', 'clampTarget']);
  const convention = clsChoice(fn, o, 'convention', ['ultralytics', 'mmdet'] as const, 'ultralytics');
  const min = convention === 'ultralytics' ? 2 : 1;
  const regMax = numberOption(fn, o, 'regMax', 16, (v) => Number.isInteger(v) && v >= min && v < I32_MAX, `an integer ≥ ${min} under '${convention}'`);
  const clampTarget = o.clampTarget ?? true;
  if (typeof clampTarget !== 'boolean') throw new EdgeLossError('E_OPTION', fn, 'options.clampTarget', clampTarget, 'must be true or false');
  const bins = convention === 'ultralytics' ? regMax : regMax + 1;
  const rows = c.target.length;
  if (c.input.length !== rows * bins) {
    throw new EdgeLossError('E_SHAPE', fn, 'input', c.input.length, `has ${c.input.length} values; expected ${rows * bins} = ${rows} targets × ${bins} bins`);
  }
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, regMax, convention, clampTarget, bins, rows };
}

/**
 * DFL targets: y < 0 or NaN is E_RANGE; with clampTarget false, so is y ≥ bins − 1 (y is clamped to
 * regMax − 1 − 0.01 / regMax − 0.1 otherwise). The kernel makes the same check.
 */
export function checkDflTargets(p: DflParsed): void {
  const top = p.bins - 1;
  for (let i = 0; i < p.target.length; i++) {
    const y = p.target[i]!;
    if (!(y >= 0) || (!p.clampTarget && !(y < top))) {
      const dom = p.clampTarget ? '[0, ∞)' : `[0, ${top})`;
      throw new EdgeLossError('E_RANGE', p.fn, 'target', y, `holds ${y} at index ${i}, outside ${dom}`);
    }
  }
}

/** centernessLoss: logits [N], ltrb targets [N, 4] (length 4N, else E_SHAPE). No options. */
export function parseCenterness(fn: string, input: unknown, target: unknown, options: unknown): Common {
  const { c } = common(fn, input, target, options, []);
  if (c.target.length !== 4 * c.input.length) {
    throw new EdgeLossError('E_SHAPE', fn, 'target', c.target.length, `has ${c.target.length} values; expected 4 × ${c.input.length} ltrb distances ([N, 4])`);
  }
  return c;
}

/** centernessTarget: ltrb [N, 4] (length a multiple of 4, else E_SHAPE naming 'ltrb'). */
export function parseCenternessTarget(fn: string, ltrb: unknown): Numeric {
  const a = asNumeric(fn, 'ltrb', ltrb);
  if (a.length % 4 !== 0) {
    throw new EdgeLossError('E_SHAPE', fn, 'ltrb', a.length, `has ${a.length} values, not a multiple of 4 ([N, 4] distances l, t, r, b)`);
  }
  return a;
}

/** ltrb distances must be ≥ 0 (NaN propagates): E_RANGE naming `arg` and the element index. The kernel checks too. */
export function checkLtrb(fn: string, arg: string, a: Numeric): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v < 0) throw new EdgeLossError('E_RANGE', fn, arg, v, `holds ${v} at index ${i}; ltrb distances must be ≥ 0`);
  }
}

/** numKeypoints (default 4) and the [N, K·2] shape shared by the keypoint losses. */
function keypointsOf(fn: string, o: Record<string, unknown>, n: number): { K: number; rows: number } {
  const K = numberOption(fn, o, 'numKeypoints', 4, (v) => Number.isInteger(v) && v >= 1 && v <= I32_MAX / 2, 'an integer ≥ 1');
  if (n % (2 * K) !== 0) {
    throw new EdgeLossError('E_SHAPE', fn, 'input', n, `has ${n} values, not a multiple of 2·numKeypoints = ${2 * K} ([N, K·2])`);
  }
  return { K, rows: n / (2 * K) };
}

export interface WingParsed extends Common {
  omega: number;
  epsilon: number;
  numKeypoints: number;
  rows: number;
}

/** wingLoss: pred, target [N, K·2]; omega, epsilon finite > 0 (defaults 10, 2); numKeypoints K (default 4). */
export function parseWing(fn: string, input: unknown, target: unknown, options: unknown): WingParsed {
  const { o, c } = common(fn, input, target, options, ['omega', 'epsilon', 'numKeypoints']);
  sameLength(fn, c.input, c.target);
  const omega = numberOption(fn, o, 'omega', 10, finitePos, 'a finite number > 0');
  const epsilon = numberOption(fn, o, 'epsilon', 2, finitePos, 'a finite number > 0');
  const { K, rows } = keypointsOf(fn, o, c.input.length);
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, omega, epsilon, numKeypoints: K, rows };
}

/** COCO's 17 keypoint sigmas (ultralytics `OKS_SIGMA` = [...] / 10), the oksLoss default when K = 17. */
export const OKS_COCO_SIGMAS: readonly number[] = [
  0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89,
].map((s) => s / 10);

export interface OksParsed extends Common {
  numKeypoints: number;
  rows: number;
  area: Numeric;
  /** The sigmas [K] in use: the caller's, COCO's for K = 17, else 1/K each. */
  sigmas: Numeric;
  visibility: Numeric | null;
}

/**
 * oksLoss: pred, target [N, K·2]; numKeypoints K (default 4); area [N] (required, each ≥ 0: E_RANGE otherwise);
 * sigmas [K] (each finite > 0; default COCO's for K = 17, else 1/K); visibility [N, K] (each ≥ 0; default 1).
 * Wrong lengths are E_SHAPE naming the option.
 */
export function parseOks(fn: string, input: unknown, target: unknown, options: unknown): OksParsed {
  const { o, c } = common(fn, input, target, options, ['numKeypoints', 'area', 'sigmas', 'visibility']);
  sameLength(fn, c.input, c.target);
  const { K, rows } = keypointsOf(fn, o, c.input.length);
  if (o.area === undefined || o.area === null) {
    throw new EdgeLossError('E_OPTION', fn, 'options.area', o.area, 'is required: the object area of each row [N] (COCO area, e.g. w·h of the box)');
  }
  const area = asNumeric(fn, 'options.area', o.area);
  if (area.length !== rows) {
    throw new EdgeLossError('E_SHAPE', fn, 'options.area', area.length, `has ${area.length} values; expected one per row, ${rows}`);
  }
  for (let i = 0; i < rows; i++) {
    const a = area[i]!;
    if (!(a >= 0)) throw new EdgeLossError('E_RANGE', fn, 'options.area', a, `holds ${a} at index ${i}; areas must be ≥ 0`);
  }
  let sigmas: Numeric;
  if (o.sigmas === undefined || o.sigmas === null) {
    sigmas = K === 17 ? Float64Array.from(OKS_COCO_SIGMAS) : new Float64Array(K).fill(1 / K);
  } else {
    sigmas = asNumeric(fn, 'options.sigmas', o.sigmas);
    if (sigmas.length !== K) {
      throw new EdgeLossError('E_SHAPE', fn, 'options.sigmas', sigmas.length, `has ${sigmas.length} values; expected numKeypoints = ${K}`);
    }
    for (let k = 0; k < K; k++) {
      const s = sigmas[k]!;
      if (!finitePos(s)) throw new EdgeLossError('E_RANGE', fn, 'options.sigmas', s, `holds ${s} at index ${k}; sigmas must be finite and > 0`);
    }
  }
  let visibility: Numeric | null = null;
  if (o.visibility !== undefined && o.visibility !== null) {
    visibility = asNumeric(fn, 'options.visibility', o.visibility);
    if (visibility.length !== rows * K) {
      throw new EdgeLossError('E_SHAPE', fn, 'options.visibility', visibility.length, `has ${visibility.length} values; expected ${rows * K} ([N, K])`);
    }
    for (let i = 0; i < visibility.length; i++) {
      const v = visibility[i]!;
      if (!(v >= 0)) throw new EdgeLossError('E_RANGE', fn, 'options.visibility', v, `holds ${v} at index ${i}; visibility must be ≥ 0`);
    }
  }
  return { fn: c.fn, input: c.input, target: c.target, reduction: c.reduction, grad: c.grad, numKeypoints: K, rows, area, sigmas, visibility };
}
