import { parsePlain } from '../options.js';
import type { BaseOptions, LossResult, NumericArray } from '../types.js';
import { FLAG, MODE } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyOut, finish, flagsOf, streamElementwise } from './run.js';

/**
 * rmseLoss: 'mean' sqrt(Σ(x − y)²/n); 'sum' sqrt(Σ(x − y)²) (the Euclidean norm of the error); 'none' |x_i − y_i|
 * (each element's own root mean square). PyTorch has no RMSE; Keras has it as a metric (sqrt of the mean).
 * Shapes: input [n], target [n]. Empty input: 'mean' NaN, 'sum' 0, 'none' [].
 * Gradient w.r.t. input: 'mean' (x − y)/(n·RMSE), 'sum' (x − y)/‖x − y‖, 'none' sign(x − y); wherever the root is
 * 0 the gradient is 0, not NaN. Because the gradient needs the root of the whole input, a call with grad makes a
 * second pass over the buffers (one kernel call more; no re-copy when the input fits one chunk).
 * Throws EdgeLossError: E_LENGTH, E_DTYPE, E_OPTION. Tolerance: rel 1e-6.
 */
export function rmseLoss(mod: LossModule, input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<Float32Array> {
  const p = parsePlain('rmseLoss', input, target, options);
  const n = p.input.length;
  const e = mod.exports;
  const none = p.reduction === 'none';
  const out = none ? new Float32Array(n) : null;
  const grad = p.grad ? new Float32Array(n) : null;
  const denom = p.reduction === 'mean' ? n : 1;
  const flags = none ? flagsOf(p) : 0;
  streamElementwise(mod, p, (len, f, d) => e.rmse(len, f, d, 0), flags, denom, {}, out, grad);
  const value = none ? 0 : e.result(MODE.ROOT_MEAN, denom);
  if (p.grad && !none) {
    if (n <= mod.capacity) {
      e.reset();
      e.rmse(n, FLAG.GRAD, denom, value);
      copyOut(grad!, 0, mod.grad, n);
    } else {
      streamElementwise(mod, p, (len, f, d) => e.rmse(len, f, d, value), FLAG.GRAD, denom, {}, null, grad);
    }
  }
  return finish(p, value, out, grad);
}
