// THE ABI. Every export of both builds is listed here and documented in README.md ("ABI for non-JS hosts").
// Protocol: reset(); fill buffers; call a loss kernel per chunk (it adds its chunk's f64 sum to the accumulator
// and returns a status); then result(mode, denom). Status codes are in status.ts.
import { CAPACITY, ABI_VERSION } from './config';
import { INPUT, TARGET, GRAD, OUT, WEIGHT, AUX, f32At, setF32At } from './buffers';
import { resetAcc, reduceAcc, addAcc } from './math/reduce';
import { OK, E_LENGTH, E_CAPACITY, ARG_INPUT, checkCount, fail, lastErrArg, lastErrIndex } from './status';

export { l1 } from './losses/l1';
export { mse } from './losses/mse';
export { rmse } from './losses/rmse';
export { power } from './losses/power';
export { smooth_l1 } from './losses/smooth_l1';
export { huber } from './losses/huber';
export { bce } from './losses/bce';
export { bce_logits } from './losses/bce_logits';
export {
  cross_entropy, cross_entropy_row_begin, cross_entropy_row_lse, cross_entropy_row_terms, cross_entropy_row_value,
} from './losses/cross_entropy';
export { iou } from './losses/iou';
export { giou } from './losses/giou';
export { diou } from './losses/diou';
export { ciou } from './losses/ciou';
export { eiou } from './losses/eiou';
export { siou } from './losses/siou';
export { box_iou } from './losses/box_iou';
// @box-losses (box family; add exports above this line)
export { sigmoid_focal } from './losses/sigmoid_focal';
export { softmax_focal } from './losses/softmax_focal';
export { qfl } from './losses/qfl';
export { vfl } from './losses/vfl';
export { dfl } from './losses/dfl';
export { centerness, centerness_target } from './losses/centerness';
export { wing } from './losses/wing';
export { oks } from './losses/oks';
// @cls-losses (focal, distribution, centerness, keypoint; add exports above this line)
export { abortLine as abort_line, abortColumn as abort_column } from './abort';

/** ABI version (README); a host checks it before trusting the layout. */
export function abi_version(): i32 { return ABI_VERSION; }
/** Elements per buffer. */
export function capacity(): i32 { return CAPACITY; }
export function input_ptr(): usize { return INPUT; }
export function target_ptr(): usize { return TARGET; }
export function grad_ptr(): usize { return GRAD; }
export function out_ptr(): usize { return OUT; }
export function weight_ptr(): usize { return WEIGHT; }
export function aux_ptr(): usize { return AUX; }

/** Zero the f64 accumulator before the first chunk of a call. */
export function reset(): void { resetAcc(); }
/** The reduced value: mode 0 sum, 1 mean (Σ/denom; NaN when denom is 0), 2 root mean (sqrt(Σ/denom)). */
export function result(mode: i32, denom: f64): f64 { return reduceAcc(mode, denom); }
/** Index (element or row) of the value that made the last kernel fail, or -1. */
export function err_index(): i32 { return lastErrIndex(); }
/** Which argument the last failure refers to: 0 input, 1 target, 2 weight, 3 posWeight, 4 the scalar option. */
export function err_arg(): i32 { return lastErrArg(); }

/** Add Σ AUX[0..n) to the accumulator (used for denominators such as Σ w[y_i] of weighted cross-entropy). */
export function sum_aux(n: i32): i32 {
  const st = checkCount(n, CAPACITY);
  if (st != OK) return st;
  let s: f64 = 0;
  for (let i = 0; i < n; i++) s += <f64>f32At(AUX, i);
  addAcc(s);
  return OK;
}

// Accessors: read or write one element by index, for hosts that cannot write linear memory (.wast scripts,
// interpreter command lines). Setters return 0, or E_CAPACITY/E_LENGTH for an index outside the buffer;
// getters return NaN (i32: 0) outside it. Buffer ids: 0 input, 1 target, 2 grad, 3 out, 4 weight, 5 aux.
function bufferOf(id: i32): usize {
  if (id == 0) return INPUT;
  if (id == 1) return TARGET;
  if (id == 2) return GRAD;
  if (id == 3) return OUT;
  if (id == 4) return WEIGHT;
  if (id == 5) return AUX;
  return 0;
}
function checkIndex(id: i32, i: i32): i32 {
  if (bufferOf(id) == 0) return fail(E_LENGTH, ARG_INPUT, id);
  if (i < 0 || i >= CAPACITY) return fail(E_CAPACITY, ARG_INPUT, i);
  return OK;
}
export function set_f32(id: i32, i: i32, v: f32): i32 {
  const st = checkIndex(id, i);
  if (st == OK) setF32At(bufferOf(id), i, v);
  return st;
}
export function get_f32(id: i32, i: i32): f32 {
  return checkIndex(id, i) == OK ? f32At(bufferOf(id), i) : NaN;
}
export function set_i32(id: i32, i: i32, v: i32): i32 {
  const st = checkIndex(id, i);
  if (st == OK) store<i32>(bufferOf(id) + (<usize>i << 2), v);
  return st;
}
export function get_i32(id: i32, i: i32): i32 {
  return checkIndex(id, i) == OK ? load<i32>(bufferOf(id) + (<usize>i << 2)) : 0;
}
/** f32 bits of one buffer element (reinterpret), so scripts can compare results bit-exactly. */
export function get_bits(id: i32, i: i32): i32 {
  return checkIndex(id, i) == OK ? load<i32>(bufferOf(id) + (<usize>i << 2)) : 0;
}
