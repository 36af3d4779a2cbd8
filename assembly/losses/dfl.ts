import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, shifted } from '../math/stable';
import { OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_PARAM, ARG_TARGET, F_GRAD, F_NONE, clearError, fail } from '../status';
import { rowLnSum, rowMax } from './softmax_focal';

/** Convention ids of the dfl kernel. */
const DFL_ULTRALYTICS: i32 = 0;
const DFL_MMDET: i32 = 1;

/**
 * dfl (distributionFocalLoss; Li et al. 2020 "Generalized Focal Loss", ultralytics `DFLoss`, mmdet
 * `DistributionFocalLoss`): `rows` rows of `bins` logits in INPUT and one continuous target y per row (f32, in bin
 * units) in TARGET. convention 0 'ultralytics': bins = regMax, y clamped to regMax - 1 - 0.01; convention 1 'mmdet':
 * bins = regMax + 1, y clamped to regMax - 0.1. clampTarget 0: y ≥ bins - 1 is E_RANGE instead. y < 0 or NaN is
 * E_RANGE always (index = row). rows·bins ≤ capacity. With tl = ⌊y⌋, tr = tl + 1, wl = tr - y, wr = y - tl and
 * logp the row's log-softmax (limit rule of cross_entropy):
 *   l = wl·(-logp_tl) + wr·(-logp_tr)   (a zero weight counts 0),  dl/dx_c = p_c - wl·[c = tl] - wr·[c = tr].
 * No gradient to y. F_NONE: one value per row in OUT; F_GRAD: [rows, bins] scaled by 1/denom.
 * Params (E_OPTION, index): regMax (0; ≥ 2 for ultralytics, ≥ 1 for mmdet), convention (1). Computed in f64.
 */
export function dfl(rows: i32, regMax: i32, flags: i32, denom: f64, convention: i32, clampTarget: i32): i32 {
  clearError();
  if (convention != DFL_ULTRALYTICS && convention != DFL_MMDET) return fail(E_OPTION, ARG_PARAM, 1);
  const bins = convention == DFL_ULTRALYTICS ? regMax : regMax + 1;
  if (bins < 2) return fail(E_OPTION, ARG_PARAM, 0);
  if (rows < 0) return fail(E_LENGTH, ARG_INPUT, rows);
  if (bins > CAPACITY || <i64>rows * <i64>bins > <i64>CAPACITY) return fail(E_CAPACITY, ARG_INPUT, rows);
  const rm = <f64>regMax;
  const hi = convention == DFL_ULTRALYTICS ? rm - 1 - 0.01 : rm - 0.1;
  const top = <f64>(bins - 1);
  const wantGrad = (flags & F_GRAD) != 0;
  const wantOut = (flags & F_NONE) != 0;
  const inv = gradScale(denom);
  const rowBytes = <usize>bins << 2;
  let total: f64 = 0;
  for (let r = 0; r < rows; r++) {
    let y = <f64>f32At(TARGET, r);
    if (!(y >= 0)) return fail(E_RANGE, ARG_TARGET, r);
    if (clampTarget != 0) {
      if (y > hi) y = hi;
    } else if (!(y < top)) {
      return fail(E_RANGE, ARG_TARGET, r);
    }
    const tl = <i32>Math.floor(y);
    const tr = tl + 1;
    const wl = <f64>tr - y;
    const wr = y - <f64>tl;
    const x = INPUT + <usize>r * rowBytes;
    const m = rowMax(x, bins);
    const lnS = rowLnSum(x, bins, m);
    const nlpL = lnS - shifted(<f64>f32At(x, tl), m);
    const nlpR = lnS - shifted(<f64>f32At(x, tr), m);
    const l = coefMul(wl, nlpL) + coefMul(wr, nlpR);
    total += l;
    if (wantOut) setF32At(OUT, r, <f32>l);
    if (wantGrad) {
      const g = GRAD + <usize>r * rowBytes;
      for (let c = 0; c < bins; c++) {
        let gc = Math.exp(shifted(<f64>f32At(x, c), m) - lnS);
        if (c == tl) gc -= wl;
        else if (c == tr) gc -= wr;
        setF32At(g, c, <f32>(gc * inv));
      }
    }
  }
  addAcc(total);
  return OK;
}
