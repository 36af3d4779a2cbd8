import { INPUT, TARGET, GRAD, OUT, f32At, setF32At } from '../buffers';
import { CAPACITY } from '../config';
import { addAcc, gradScale } from '../math/reduce';
import { coefMul, shifted } from '../math/stable';
import { OK, E_LENGTH, E_CAPACITY, E_OPTION, E_RANGE, ARG_INPUT, ARG_PARAM, ARG_TARGET, F_GRAD, F_NONE, clearError, fail } from '../status';
import { rowLnSum, rowMax } from './softmax_focal';
import { ROW_SCRATCH, ROW_SCRATCH_N, expF64, expX2, rowExpSumX2, rowMaxX4 } from '../math/simd_math';

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
    const g = GRAD + <usize>r * rowBytes;
    let l: f64;
    if (ASC_FEATURE_SIMD && rowSimd(x, g, bins, tl, wl, wr, inv, wantGrad)) {
      l = simdLoss;
    } else {
      const m = rowMax(x, bins);
      const lnS = rowLnSum(x, bins, m);
      const nlpL = lnS - shifted(<f64>f32At(x, tl), m);
      const nlpR = lnS - shifted(<f64>f32At(x, tr), m);
      l = coefMul(wl, nlpL) + coefMul(wr, nlpR);
      if (wantGrad) {
        for (let c = 0; c < bins; c++) {
          let gc = Math.exp(shifted(<f64>f32At(x, c), m) - lnS);
          if (c == tl) gc -= wl;
          else if (c == tr) gc -= wr;
          setF32At(g, c, <f32>(gc * inv));
        }
      }
    }
    total += l;
    if (wantOut) setF32At(OUT, r, <f32>l);
  }
  addAcc(total);
  return OK;
}

/** The loss of the row rowSimd processed. */
let simdLoss: f64 = 0;

/**
 * SIMD build: one row across its bins in f64x2, e^(x - m) from expX2 (simd_math.ts, ≈1 ulp of f64) kept in
 * ROW_SCRATCH for the gradient p_c = e_c/S (the scalar path's e^(x_c - m - ln S), to f64 rounding). Loss into
 * simdLoss, gradient into g. Returns false, having written nothing, when the row's max or sum is not finite
 * (±Infinity or NaN logits: the scalar path gives their limits).
 */
function rowSimd(x: usize, g: usize, bins: i32, tl: i32, wl: f64, wr: f64, inv: f64, wantGrad: bool): bool {
  const m = rowMaxX4(x, bins);
  if (!isFinite(m)) return false;
  const keep = wantGrad && bins <= ROW_SCRATCH_N;
  const s = rowExpSumX2(x, bins, m, keep ? ROW_SCRATCH : 0);
  if (!isFinite(s)) return false;
  const lnS = Math.log(s);
  const tr = tl + 1;
  simdLoss = coefMul(wl, lnS - (<f64>f32At(x, tl) - m)) + coefMul(wr, lnS - (<f64>f32At(x, tr) - m));
  if (wantGrad) {
    const mv = f64x2.splat(m);
    const kv = f64x2.splat(inv / s); // p_c/denom = e_c·(1/(denom·S))
    let c = 0;
    for (; c + 2 <= bins; c += 2) {
      const e = keep
        ? v128.load(ROW_SCRATCH + (<usize>c << 3))
        : expX2(f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>c << 2))), mv));
      v128.store64_lane(g + (<usize>c << 2), f32x4.demote_f64x2_zero(f64x2.mul(e, kv)), 0);
    }
    if (c < bins) {
      const e = keep ? load<f64>(ROW_SCRATCH + (<usize>c << 3)) : expF64(<f64>f32At(x, c) - m);
      setF32At(g, c, <f32>(e * (inv / s)));
    }
    // The two target bins: p - w in f64 (it cancels near p = w).
    const eL = keep ? load<f64>(ROW_SCRATCH + (<usize>tl << 3)) : expF64(<f64>f32At(x, tl) - m);
    const eR = keep ? load<f64>(ROW_SCRATCH + (<usize>tr << 3)) : expF64(<f64>f32At(x, tr) - m);
    setF32At(g, tl, <f32>((eL / s - wl) * inv));
    setF32At(g, tr, <f32>((eR / s - wr) * inv));
  }
  return true;
}
