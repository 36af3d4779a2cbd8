/**
 * The high layer of the box losses: validate (src/options.ts), stream [N, 4] pairs through the kernel in chunks
 * of capacity/4 pairs, turn statuses into EdgeLossErrors naming the box, and shape the result.
 */
import { EdgeLossError } from '../errors.js';
import type { BoxParsed } from '../options.js';
import type { LossResult } from '../types.js';
import { ARG, BOX_CONVENTION, BOX_FORMAT, FLAG, MODE, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import type { Numeric } from '../validate.js';
import { copyBroadcast, copyIn, finish, flagsOf, statusError, copyOut } from './run.js';

/** mmdet divides by avg_factor + float32 eps (weight_reduce_loss). */
const MMDET_AVG_EPS = 1.1920928955078125e-7;

/** The 4 coordinates of box i, for error messages. */
export function boxAt(a: Numeric, i: number): number[] {
  return [a[4 * i]!, a[4 * i + 1]!, a[4 * i + 2]!, a[4 * i + 3]!];
}

/** EdgeLossError for a box-kernel status: inverted boxes name the argument, the box index and its coordinates. */
export function boxStatusError(
  mod: LossModule, fn: string, st: number, offsets: [number, number], arrays: [Numeric, Numeric], params: string[],
  names: [string, string] = ['input', 'target'],
  hint = '; pass clamp: true to take it as zero size',
): EdgeLossError {
  const arg = mod.exports.err_arg();
  if (st === STATUS.E_RANGE && (arg === ARG.INPUT || arg === ARG.TARGET)) {
    const i = offsets[arg]! + mod.exports.err_index();
    const box = boxAt(arrays[arg]!, i);
    const name = names[arg]!;
    return new EdgeLossError('E_RANGE', fn, name, box, `box ${i} is inverted (x2 < x1 or y2 < y1 after conversion)${hint}`);
  }
  return statusError(mod, fn, st, offsets[0], [], params);
}

/**
 * Run one IoU-family kernel. 'mean' divides Σ w·l by avgFactor (mmdet: + f32 eps) or N; under 'torchvision' the
 * mean of no boxes is 0 (torchvision returns 0·sum), under the others NaN.
 */
export function runBoxes(
  mod: LossModule, p: BoxParsed, call: (n: number, flags: number, denom: number, format: number, conv: number, eps: number) => number,
): LossResult<Float32Array> {
  const N = p.boxes;
  const e = mod.exports;
  const out = p.reduction === 'none' ? new Float32Array(N) : null;
  const grad = p.grad ? new Float32Array(4 * N) : null;
  let denom = 1;
  if (p.reduction === 'mean') {
    denom = p.avgFactor === null ? N : p.avgFactor + (p.convention === 'mmdet' ? MMDET_AVG_EPS : 0);
  }
  const flags = flagsOf(p) | (p.weight ? FLAG.WEIGHT : 0) | (p.clamp ? FLAG.CLAMP : 0);
  const format = BOX_FORMAT[p.format];
  const conv = BOX_CONVENTION[p.convention];
  const per = Math.floor(mod.capacity / 4);
  e.reset();
  for (let off = 0; off < N; off += per) {
    const len = Math.min(per, N - off);
    copyIn(mod.input, p.input, 4 * off, 4 * len);
    copyIn(mod.target, p.target, 4 * off, 4 * len);
    if (p.weight) copyBroadcast(mod.weight, p.weight, off, len);
    const st = call(len, flags, denom, format, conv, p.eps);
    if (st !== STATUS.OK) throw boxStatusError(mod, p.fn, st, [off, off], [p.input, p.target], ['format', 'convention', 'eps', 'mode']);
    if (out) copyOut(out, off, mod.out, len);
    if (grad) copyOut(grad, 4 * off, mod.grad, 4 * len);
  }
  const emptyIsZero = N === 0 && p.convention === 'torchvision' && p.avgFactor === null;
  const value = e.result(p.reduction === 'mean' && !emptyIsZero ? MODE.MEAN : MODE.SUM, denom);
  return finish(p, value, out, grad);
}
