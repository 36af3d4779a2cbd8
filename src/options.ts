/**
 * Option parsing for every loss, shared by the Wasm-backed API and the float64 reference so that both accept and
 * reject exactly the same calls. Validation only: no loss maths here.
 */
import { EdgeLossError } from './errors.js';
import type { BceConvention, Reduction } from './types.js';
import {
  asNumeric, broadcastOption, checkOptionKeys, gradOf, isIntegerView, numberOption, reductionOf, sameLength,
  type Numeric,
} from './validate.js';

export interface Common {
  fn: string;
  input: Numeric;
  target: Numeric;
  reduction: Reduction;
  grad: boolean;
}

function common(fn: string, input: unknown, target: unknown, options: unknown, allowed: readonly string[]) {
  const o = checkOptionKeys(fn, options, allowed);
  const x = asNumeric(fn, 'input', input);
  const t = asNumeric(fn, 'target', target);
  return { o, c: { fn, input: x, target: t, reduction: reductionOf(fn, o), grad: gradOf(fn, o) } as Common };
}

/** l1Loss, mseLoss, rmseLoss: no options beyond reduction and grad. */
export function parsePlain(fn: string, input: unknown, target: unknown, options: unknown): Common {
  const { c } = common(fn, input, target, options, []);
  sameLength(fn, c.input, c.target);
  return c;
}

export function parsePower(fn: string, input: unknown, target: unknown, options: unknown): Common & { p: number } {
  const { o, c } = common(fn, input, target, options, ['p']);
  sameLength(fn, c.input, c.target);
  return { ...c, p: numberOption(fn, o, 'p', 2, (v) => v > 0 && Number.isFinite(v), 'a finite number > 0') };
}

export function parseSmoothL1(fn: string, input: unknown, target: unknown, options: unknown): Common & { beta: number } {
  const { o, c } = common(fn, input, target, options, ['beta']);
  sameLength(fn, c.input, c.target);
  return { ...c, beta: numberOption(fn, o, 'beta', 1, (v) => v >= 0, 'a number ≥ 0') };
}

export function parseHuber(fn: string, input: unknown, target: unknown, options: unknown): Common & { delta: number } {
  const { o, c } = common(fn, input, target, options, ['delta']);
  sameLength(fn, c.input, c.target);
  return { ...c, delta: numberOption(fn, o, 'delta', 1, (v) => v > 0, 'a number > 0') };
}

export interface BceParsed extends Common {
  weight: Numeric | null;
  convention: BceConvention;
  eps: number;
}

export function parseBce(fn: string, input: unknown, target: unknown, options: unknown): BceParsed {
  const { o, c } = common(fn, input, target, options, ['weight', 'convention', 'eps']);
  sameLength(fn, c.input, c.target);
  const convention = o.convention ?? 'pytorch';
  if (convention !== 'pytorch' && convention !== 'tfjs' && convention !== 'keras') {
    throw new EdgeLossError('E_OPTION', fn, 'options.convention', convention, "must be 'pytorch', 'tfjs' or 'keras'");
  }
  const eps = numberOption(fn, o, 'eps', 1e-7, (v) => v >= 0 && v < 0.5, 'a number in [0, 0.5)');
  return { ...c, weight: broadcastOption(fn, o, 'weight', c.input.length), convention, eps };
}

export interface BceLogitsParsed extends Common {
  weight: Numeric | null;
  posWeight: Numeric | null;
}

export function parseBceLogits(fn: string, input: unknown, target: unknown, options: unknown): BceLogitsParsed {
  const { o, c } = common(fn, input, target, options, ['weight', 'posWeight']);
  sameLength(fn, c.input, c.target);
  return {
    ...c,
    weight: broadcastOption(fn, o, 'weight', c.input.length),
    posWeight: broadcastOption(fn, o, 'posWeight', c.input.length),
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
    return { ...c, numClasses: C, rows, weight, ignoreIndex, labelSmoothing, indices, probs: null };
  }
  if (!indexKind && t.length === rows * C) {
    if (o.ignoreIndex !== undefined) {
      throw new EdgeLossError('E_OPTION', fn, 'options.ignoreIndex', o.ignoreIndex, 'is only allowed with class-index targets, not probability targets');
    }
    return { ...c, numClasses: C, rows, weight, ignoreIndex: -100, labelSmoothing, indices: null, probs: t };
  }
  throw new EdgeLossError(
    'E_SHAPE', fn, 'target', t.length,
    `has ${t.length} values; expected ${rows} class indices (Int32Array) or ${rows * C} probabilities (Float32Array) for ${rows} rows of ${C} classes`,
  );
}
