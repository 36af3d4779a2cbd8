/**
 * The high layer's machinery: copy inputs into the module's buffers chunk by chunk, call a kernel, turn a status
 * into an EdgeLossError, copy results out. It validates and copies; the maths is in the kernels.
 */
import { EdgeLossError } from '../errors.js';
import type { Common } from '../options.js';
import type { LossResult } from '../types.js';
import { ARG, FLAG, MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import type { Numeric } from '../validate.js';

/**
 * Below this many elements a plain loop copies faster than `TypedArray.prototype.set`, whose `subarray` view
 * costs about 100 ns to create. Both convert element by element in the same way (ToNumber, then the destination
 * type's conversion), so the choice changes speed only.
 */
const SMALL_COPY = 64;

/** Copy src[from, from+len) into dst[0, len), converting to the destination type. */
export function copyIn(dst: Float32Array | Int32Array, src: Numeric, from: number, len: number): void {
  if (len <= SMALL_COPY || !ArrayBuffer.isView(src)) {
    for (let i = 0; i < len; i++) dst[i] = src[from + i]!;
  } else {
    const s = src as unknown as Float32Array;
    dst.set(from === 0 && len === s.length ? s : s.subarray(from, from + len));
  }
}

/** Copy src[0, len) (a module buffer view) into dst[at, at+len). */
export function copyOut(dst: Float32Array, at: number, src: Float32Array, len: number): void {
  if (len <= SMALL_COPY) {
    for (let i = 0; i < len; i++) dst[at + i] = src[i]!;
  } else {
    dst.set(src.subarray(0, len), at);
  }
}

/** Fill dst[0, len) with w[(from + j) mod L]: a weight broadcast over the trailing dimension. */
export function copyBroadcast(dst: Float32Array, w: Numeric, from: number, len: number): void {
  const L = w.length;
  if (L === 1) {
    dst.fill(w[0]!, 0, len);
  } else if (from % L === 0 && len % L === 0 && L <= len) {
    for (let j = 0; j < len; j += L) copyIn(dst.subarray(j), w, 0, L);
  } else {
    for (let j = 0; j < len; j++) dst[j] = w[(from + j) % L]!;
  }
}

const ARG_NAMES = ['input', 'target', 'options.weight', 'options.posWeight'];

/**
 * The EdgeLossError for a kernel status. `offset` is the chunk's first element (or row), `arrays` the caller's
 * arrays by argument id, `params` the names of the loss's scalar options in the kernel's order, `domain` the valid
 * range of the checked values for the message (e.g. '[0, 1]'; the kernel's status does not carry it).
 */
export function statusError(
  mod: LossModule, fn: string, status: number, offset: number, arrays: (Numeric | null)[], params: string[],
  domain = '',
): EdgeLossError {
  const arg = mod.exports.err_arg();
  const idx = mod.exports.err_index();
  if (status === STATUS.E_RANGE && arg >= 0 && arg < ARG_NAMES.length) {
    const at = offset + idx;
    const value = arrays[arg]?.[at];
    return new EdgeLossError('E_RANGE', fn, ARG_NAMES[arg]!, value, `holds ${value} at index ${at}, outside its domain${domain ? ` ${domain}` : ''}`);
  }
  if (status === STATUS.E_OPTION && arg === ARG.PARAM) {
    const name = params[idx] ?? 'options';
    return new EdgeLossError('E_OPTION', fn, `options.${name}`, undefined, 'is outside its domain (kernel check)');
  }
  return new EdgeLossError('E_KERNEL', fn, 'input', status, `kernel returned status ${status} (arg ${arg}, index ${idx})`);
}

/** Shape a result per the contract: number or array, wrapped with the gradient when asked. */
export function finish(p: Common, value: number, out: Float32Array | null, grad: Float32Array | null): LossResult<Float32Array> {
  const v = p.reduction === 'none' ? out! : value;
  return p.grad ? { value: v, grad: grad! } : v;
}

export function flagsOf(p: Common): number {
  return (p.grad ? FLAG.GRAD : 0) | (p.reduction === 'none' ? FLAG.NONE : 0);
}

/** The default ElementwiseExtra, shared so that a call without extras allocates nothing for it. */
const NO_EXTRA: ElementwiseExtra = Object.freeze({});

export interface ElementwiseExtra {
  weight?: Numeric | null;
  posWeight?: Numeric | null;
  /** Names of the kernel's scalar options, for error messages. */
  params?: string[];
  /** Valid range of the checked input/target values, for error messages. */
  domain?: string;
}

/**
 * Stream an elementwise loss through the kernel in chunks of the buffer capacity. `call(n, flags, denom)` runs the
 * kernel on the first n buffer elements. The gradient is scaled by the global denominator (n for 'mean'), so a
 * chunked call gives the same value and gradient as one pass. Returns the accumulated sum.
 */
export function streamElementwise(
  mod: LossModule, p: Common, call: (n: number, flags: number, denom: number) => number, flags: number, denom: number,
  extra: ElementwiseExtra, out: Float32Array | null, grad: Float32Array | null,
): void {
  const n = p.input.length;
  const cap = mod.capacity;
  const e = mod.exports;
  const w = extra.weight ?? null;
  const pw = extra.posWeight ?? null;
  const f = flags | (w ? FLAG.WEIGHT : 0) | (pw ? FLAG.POS_WEIGHT : 0);
  e.reset();
  for (let off = 0; off < n; off += cap) {
    const len = Math.min(cap, n - off);
    copyIn(mod.input, p.input, off, len);
    copyIn(mod.target, p.target, off, len);
    if (w) copyBroadcast(mod.weight, w, off, len);
    if (pw) copyBroadcast(mod.aux, pw, off, len);
    const st = call(len, f, denom);
    if (st !== STATUS.OK) throw statusError(mod, p.fn, st, off, [p.input, p.target, w, pw], extra.params ?? [], extra.domain);
    if (out && (f & FLAG.NONE)) copyOut(out, off, mod.out, len);
    if (grad && (f & FLAG.GRAD)) copyOut(grad, off, mod.grad, len);
  }
}

/** An elementwise loss with a plain mean (denominator n): one streamed pass, then the reduced value. */
export function runElementwise(
  mod: LossModule, p: Common, call: (n: number, flags: number, denom: number) => number, extra: ElementwiseExtra = NO_EXTRA,
): LossResult<Float32Array> {
  const n = p.input.length;
  const out = p.reduction === 'none' ? new Float32Array(n) : null;
  const grad = p.grad ? new Float32Array(n) : null;
  const denom = p.reduction === 'mean' ? n : 1;
  streamElementwise(mod, p, call, flagsOf(p), denom, extra, out, grad);
  const value = mod.exports.result(p.reduction === 'mean' ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
