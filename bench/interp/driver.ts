// Interpreter benchmark driver (bench/interp.mjs): the MVP kernels plus one export that fills the buffers with
// seeded data of the workload's kind and runs a kernel `reps` times, so that one `wasm-interp -r run -a ...`
// invocation (the interpreter runs one export per process) times a workload. Compiled like the mvp target.
import { INPUT, TARGET } from '../../assembly/buffers';
import { resetAcc, reduceAcc } from '../../assembly/math/reduce';
import { MODE_MEAN } from '../../assembly/status';
import { mse } from '../../assembly/losses/mse';
import { l1 } from '../../assembly/losses/l1';
import { smooth_l1 } from '../../assembly/losses/smooth_l1';
import { bce_logits } from '../../assembly/losses/bce_logits';
import { sigmoid_focal } from '../../assembly/losses/sigmoid_focal';
import { cross_entropy } from '../../assembly/losses/cross_entropy';
import { giou } from '../../assembly/losses/giou';
import { ciou } from '../../assembly/losses/ciou';

let state: u32 = 12345;
/** A uniform value in [0, 1) from a 32-bit LCG (Numerical Recipes constants). */
function uniform(): f64 {
  state = state * 1664525 + 1013904223;
  return <f64>(state >>> 8) / 16777216.0;
}

function fillRegression(n: i32): void {
  for (let i = 0; i < n; i++) {
    const y = uniform() * 4 - 2;
    store<f32>(TARGET + (<usize>i << 2), <f32>y);
    store<f32>(INPUT + (<usize>i << 2), <f32>(y + (uniform() * 2 - 1) * 1.5));
  }
}

function fillLogits(n: i32): void {
  for (let i = 0; i < n; i++) {
    store<f32>(INPUT + (<usize>i << 2), <f32>((uniform() * 2 - 1) * 8));
    store<f32>(TARGET + (<usize>i << 2), uniform() < 0.1 ? 1 : 0);
  }
}

function fillClasses(rows: i32, C: i32): void {
  for (let i = 0; i < rows * C; i++) store<f32>(INPUT + (<usize>i << 2), <f32>((uniform() * 2 - 1) * 6));
  for (let r = 0; r < rows; r++) store<i32>(TARGET + (<usize>r << 2), <i32>(uniform() * C));
}

function fillBoxes(pairs: i32): void {
  for (let b = 0; b < pairs; b++) {
    const x1 = uniform() * 600, y1 = uniform() * 600, w = 10 + uniform() * 200, h = 10 + uniform() * 200;
    const o = TARGET + (<usize>b << 4);
    store<f32>(o, <f32>x1); store<f32>(o, <f32>y1, 4); store<f32>(o, <f32>(x1 + w), 8); store<f32>(o, <f32>(y1 + h), 12);
    const p = INPUT + (<usize>b << 4);
    store<f32>(p, <f32>(x1 + uniform() * 8 - 4)); store<f32>(p, <f32>(y1 + uniform() * 8 - 4), 4);
    store<f32>(p, <f32>(x1 + w + uniform() * 8 - 4), 8); store<f32>(p, <f32>(y1 + h + uniform() * 8 - 4), 12);
  }
}

/**
 * Workload `loss` (0 mse, 1 l1, 2 smooth_l1, 3 bce_logits, 4 sigmoid_focal, 5 cross_entropy with C = 80 over
 * n / 80 rows, 6 giou, 7 ciou over n / 4 pairs) on n buffer elements, `flags` (1 = gradient), `reps` calls.
 * Returns the last reduced value (so the work cannot be dropped), or NaN for a kernel error.
 */
export function run(loss: i32, n: i32, flags: i32, reps: i32): f64 {
  if (loss <= 2) fillRegression(n);
  else if (loss <= 4) fillLogits(n);
  else if (loss == 5) fillClasses(n / 80, 80);
  else fillBoxes(n / 4);
  let v: f64 = 0;
  for (let r = 0; r < reps; r++) {
    resetAcc();
    let st = 0;
    if (loss == 0) st = mse(n, flags, n);
    else if (loss == 1) st = l1(n, flags, n);
    else if (loss == 2) st = smooth_l1(n, flags, n, 1.0);
    else if (loss == 3) st = bce_logits(n, flags, n);
    else if (loss == 4) st = sigmoid_focal(n, flags, n, 0.25, 2.0);
    else if (loss == 5) st = cross_entropy(n / 80, 80, flags, n / 80, -100, 0.0);
    else if (loss == 6) st = giou(n / 4, flags, n / 4, 0, 0, 1e-7);
    else st = ciou(n / 4, flags, n / 4, 0, 0, 1e-7);
    if (st != 0) return NaN;
    v = reduceAcc(MODE_MEAN, 1);
  }
  return v;
}
