import { EdgeLossError } from './errors.js';
import type { Reduction } from './types.js';

/** Array types accepted where the API takes numbers. */
export type Numeric = ArrayLike<number>;

const FLOAT_VIEWS = [Float32Array, Float64Array];
const INT_VIEWS = [Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array];

/** True for Int32Array and the other integer typed arrays (not the BigInt ones). */
export function isIntegerView(v: unknown): boolean {
  return INT_VIEWS.some((C) => v instanceof C);
}

/**
 * Check that `v` is an array of numbers: a float or integer typed array, or a plain array whose entries are all
 * numbers. BigInt arrays are converted when every value is a safe integer. Throws E_DTYPE naming `arg`.
 */
export function asNumeric(fn: string, arg: string, v: unknown): Numeric {
  if (v instanceof Float32Array || v instanceof Float64Array) return v; // the common case, without the scans below
  if (FLOAT_VIEWS.some((C) => v instanceof C) || isIntegerView(v)) return v as Numeric;
  if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const b = v[i]!;
      if (b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(-Number.MAX_SAFE_INTEGER)) {
        throw new EdgeLossError('E_DTYPE', fn, arg, b, `holds ${b} at index ${i}, which is not a safe integer`);
      }
      out[i] = Number(b);
    }
    return out;
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      if (typeof v[i] !== 'number') {
        throw new EdgeLossError('E_DTYPE', fn, arg, v[i], `must hold numbers only; index ${i} is a ${typeof v[i]}`);
      }
    }
    return v as Numeric;
  }
  throw new EdgeLossError('E_DTYPE', fn, arg, v, 'must be a Float32Array, Float64Array, integer typed array or array of numbers');
}

/** The options of a call that passes none: one frozen object, so that such a call allocates nothing for it. */
const NO_OPTIONS: Record<string, unknown> = Object.freeze({});

/** Reject option keys the loss does not know (E_OPTION naming options.<key>). */
export function checkOptionKeys(fn: string, options: unknown, allowed: readonly string[], reductionAndGrad = true): Record<string, unknown> {
  if (options === undefined || options === null) return NO_OPTIONS;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new EdgeLossError('E_OPTION', fn, 'options', options, 'must be an object');
  }
  const o = options as Record<string, unknown>;
  for (const key in o) {
    if (!Object.prototype.hasOwnProperty.call(o, key)) continue;
    if (!(reductionAndGrad && (key === 'reduction' || key === 'grad')) && !allowed.includes(key)) {
      const known = [...(reductionAndGrad ? ['reduction', 'grad'] : []), ...allowed].join(', ');
      throw new EdgeLossError('E_OPTION', fn, `options.${key}`, o[key], `is not an option of ${fn} (known: ${known})`);
    }
  }
  return o;
}

/** options.reduction: 'none' | 'mean' | 'sum', default 'mean'. */
export function reductionOf(fn: string, o: Record<string, unknown>): Reduction {
  const r = o.reduction ?? 'mean';
  if (r !== 'none' && r !== 'mean' && r !== 'sum') {
    throw new EdgeLossError('E_OPTION', fn, 'options.reduction', r, "must be 'none', 'mean' or 'sum'");
  }
  return r;
}

/** options.grad: boolean, default false. */
export function gradOf(fn: string, o: Record<string, unknown>): boolean {
  const g = o.grad ?? false;
  if (typeof g !== 'boolean') throw new EdgeLossError('E_OPTION', fn, 'options.grad', g, 'must be true or false');
  return g;
}

/** A number option checked by `ok`; `rule` says the domain in the message. */
export function numberOption(
  fn: string, o: Record<string, unknown>, key: string, fallback: number, ok: (v: number) => boolean, rule: string,
): number {
  const v = o[key] ?? fallback;
  if (typeof v !== 'number' || !ok(v)) throw new EdgeLossError('E_OPTION', fn, `options.${key}`, v, `must be ${rule}`);
  return v;
}

export function sameLength(fn: string, input: Numeric, target: Numeric): void {
  if (target.length !== input.length) {
    throw new EdgeLossError('E_LENGTH', fn, 'target', target.length, `has ${target.length} values but input has ${input.length}`);
  }
}

/**
 * A weight-like option broadcast as PyTorch broadcasts against an input [n / C, C]: its length L must be 1 (one
 * value for all), n (elementwise) or the trailing dimension C = `trailing` (one value per class); element i uses
 * w[i mod L]. `trailing` null means the input is 1-D, so only 1 and n are allowed.
 */
export function broadcastOption(fn: string, o: Record<string, unknown>, key: string, n: number, trailing: number | null = null): Numeric | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  const w = asNumeric(fn, `options.${key}`, v);
  const L = w.length;
  if (!(L === 1 || L === n || (trailing !== null && L === trailing))) {
    const allowed = trailing !== null ? `1, numClasses = ${trailing} or the input length ${n}` : `1 or the input length ${n} (for one value per class of an [N, C] input, pass numClasses: C)`;
    throw new EdgeLossError('E_SHAPE', fn, `options.${key}`, L, `has ${L} values; expected ${allowed}`);
  }
  return w;
}

/** options.numClasses of the elementwise BCE losses: the trailing dimension C of an [N, C] input (C divides n). */
export function trailingOf(fn: string, o: Record<string, unknown>, n: number): number | null {
  if (o.numClasses === undefined) return null;
  const C = o.numClasses;
  if (typeof C !== 'number' || !Number.isInteger(C) || C < 1) {
    throw new EdgeLossError('E_OPTION', fn, 'options.numClasses', C, 'must be an integer ≥ 1');
  }
  if (n % C !== 0) {
    throw new EdgeLossError('E_SHAPE', fn, 'input', n, `has ${n} values, not a multiple of numClasses ${C}`);
  }
  return C;
}

/**
 * Every value in [0, 1] (NaN is outside), checked index by index, the input before the target at each index, as
 * the kernels check: E_RANGE naming the argument, the index and the value. `input` null checks the target only.
 */
export function checkUnitRange(fn: string, input: Numeric | null, target: Numeric): void {
  for (let i = 0; i < target.length; i++) {
    if (input) {
      const x = input[i]!;
      if (!(x >= 0 && x <= 1)) throw new EdgeLossError('E_RANGE', fn, 'input', x, `holds ${x} at index ${i}, outside its domain [0, 1]`);
    }
    const y = target[i]!;
    if (!(y >= 0 && y <= 1)) throw new EdgeLossError('E_RANGE', fn, 'target', y, `holds ${y} at index ${i}, outside its domain [0, 1]`);
  }
}
