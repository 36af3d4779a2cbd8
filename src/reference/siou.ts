import { boxLoss, iouOf, pieces, type BoxRefOptions } from './box.js';
import {
  abs, add, asin, clamp, cos, dconst, div, exp, max, mul, neg, pow, sqr, sqrt, sub, type Dual,
} from './dual.js';
import type { RefOut } from './math.js';

/** ω = |a − b| / max(a, b), read as 0 when max(a, b) = 0 (two zero-width sides: same shape, no cost). */
function omega(a: Dual, b: Dual): Dual {
  const m = max(a, b);
  return m.v === 0 ? dconst(0) : div(abs(sub(a, b)), m);
}

/**
 * SIoU loss (Gevorgyan 2022, as mmdet `siou_loss`), float64 reference (docs/detection.md, stem siou):
 * 1 − clamp(IoU − (Δ + Ω)/2, −1, 1), IoU = I/(U + eps) with the convention's areas;
 * s_cw = (gx1 + gx2 − px1 − px2)/2 + eps, s_ch likewise, σ = sqrt(s_cw² + s_ch²), a1 = |s_cw|/σ, a2 = |s_ch|/σ,
 * sinα = a1 > √2/2 ? a2 : a1, Λ = cos(2·asin(sinα) − π/2), ρ_x = (s_cw/C_w)², ρ_y = (s_ch/C_h)² with C_w, C_h
 * clamped to ≥ eps (mmdet `clamp(min=eps)`), γ = 2 − Λ; Δ = 2 − e^(−γρ_x) − e^(−γρ_y) (negGamma, the paper) or
 * 2 − e^(γρ_x) − e^(γρ_y) (negGamma false, mmdet's default); Ω = (1 − e^(−ω_w))⁴ + (1 − e^(−ω_h))⁴ with
 * ω_w = |w_p − w_g|/max(w_p, w_g) and heights h + eps (ω read as 0 when both sides are 0).
 * Gradient by forward-mode AD w.r.t. the pred coordinates in the caller's format.
 */
export function siouRef(pred: Float64Array, target: Float64Array, o: BoxRefOptions & { negGamma: boolean }): RefOut {
  const eps = o.eps;
  return boxLoss(pred, target, o, (p, g) => {
    const pc = pieces(p, g, o.convention, eps);
    const iou = iouOf(pc, o.convention, eps, false);
    const scw = add(mul(sub(add(g[0], g[2]), add(p[0], p[2])), 0.5), eps);
    const sch = add(mul(sub(add(g[1], g[3]), add(p[1], p[3])), 0.5), eps);
    const sigma = sqrt(add(sqr(scw), sqr(sch)));
    const a1 = div(abs(scw), sigma);
    const a2 = div(abs(sch), sigma);
    const sinA = a1.v > Math.SQRT2 / 2 ? a2 : a1;
    const angle = cos(sub(mul(asin(sinA), 2), Math.PI / 2));
    const cw = clamp(pc.Cw, eps, Infinity);
    const ch = clamp(pc.Ch, eps, Infinity);
    const rx = sqr(div(scw, cw));
    const ry = sqr(div(sch, ch));
    const gamma = sub(2, angle);
    const k = o.negGamma ? neg(gamma) : gamma;
    const delta = sub(sub(2, exp(mul(k, rx))), exp(mul(k, ry)));
    const ow = omega(pc.wp, pc.wg);
    const oh = omega(add(pc.hp, eps), add(pc.hg, eps));
    const shape = add(pow(sub(1, exp(neg(ow))), 4), pow(sub(1, exp(neg(oh))), 4));
    const s = sub(iou, mul(add(delta, shape), 0.5));
    return sub(1, clamp(s, -1, 1));
  });
}
