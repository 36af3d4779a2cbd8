// The f64x2 twin of box.ts's pairLoss for the SIMD build (only referenced inside `if (ASC_FEATURE_SIMD)`): two box
// pairs per vector, one lane each. Lane by lane it does pairLoss's IEEE f64 operations in the same order, with
// branches turned into masks (v128.bitselect, v128.and/andnot with a comparison) that pick the value the scalar
// branch computes, so each pair gets the same bits in both builds. The only departures are operations that the
// fast-path conditions make exact identities on the results; pairLossX2's comment lists them. atan2 is atan.ts's
// polynomial in both builds; exp and log (SIoU, IoU's 'log' mode) are Math.exp/Math.log on each lane.
import {
  KIND_IOU, KIND_GIOU, KIND_DIOU, KIND_CIOU, KIND_EIOU, KIND_SIOU, CONV_TORCHVISION, CONV_ULTRALYTICS, CONV_MMDET,
  FORMAT_XYXY, FORMAT_CXCYWH, FORMAT_XYWH, MODE_SQUARE, MODE_LOG, FOUR_OVER_PI2, HALF_SQRT2,
} from './box';
import { atan2X2 } from './atan';

@inline function splat(x: f64): v128 {
  return f64x2.splat(x);
}

/** cond ? a : b lane-wise (cond a comparison mask). */
@inline function sel(cond: v128, a: v128, b: v128): v128 {
  return v128.bitselect(a, b, cond);
}

/** dmaxA lane-wise: 1 where a > b, 0.5 where a == b, else 0. */
@inline function dmaxAX2(a: v128, b: v128): v128 {
  return v128.or(v128.and(f64x2.gt(a, b), splat(1)), v128.and(f64x2.eq(a, b), splat(0.5)));
}

/** sign lane-wise: 1, −1 or 0 (NaN → 0). */
@inline function signX2(v: v128): v128 {
  const z = splat(0);
  return v128.or(v128.and(f64x2.gt(v, z), splat(1)), v128.and(f64x2.lt(v, z), splat(-1)));
}

/** Math.exp on each lane. */
@inline function expX2(v: v128): v128 {
  return f64x2.replace_lane(splat(Math.exp(f64x2.extract_lane(v, 0))), 1, Math.exp(f64x2.extract_lane(v, 1)));
}

/** Math.log on each lane. */
@inline function logX2(v: v128): v128 {
  return f64x2.replace_lane(splat(Math.log(f64x2.extract_lane(v, 0))), 1, Math.log(f64x2.extract_lane(v, 1)));
}

/**
 * storeGrad for two pairs: the gradients of pairs i (lane 0) and i + 1 (lane 1) at base and base + 16, in the
 * caller's format, times `scale` (per lane). cX/cY are the clamp masks.
 */
@inline function storeGradX2(
  base: usize, format: i32, clamp: bool, cX: v128, cY: v128, a: v128, b: v128, c: v128, d: v128, scale: v128,
): void {
  if (clamp) {
    a = sel(cX, f64x2.add(a, c), a);
    c = v128.andnot(c, cX);
    b = sel(cY, f64x2.add(b, d), b);
    d = v128.andnot(d, cY);
  }
  let o0: v128, o1: v128, o2: v128, o3: v128;
  if (format == FORMAT_XYXY) {
    o0 = a; o1 = b; o2 = c; o3 = d;
  } else if (format == FORMAT_CXCYWH) {
    o0 = f64x2.add(a, c); o1 = f64x2.add(b, d);
    o2 = f64x2.mul(splat(0.5), f64x2.sub(c, a)); o3 = f64x2.mul(splat(0.5), f64x2.sub(d, b));
  } else if (format == FORMAT_XYWH) {
    o0 = f64x2.add(a, c); o1 = f64x2.add(b, d); o2 = c; o3 = d;
  } else {
    o0 = f64x2.neg(a); o1 = f64x2.neg(b); o2 = c; o3 = d;
  }
  // [o0, o1, o2, o3] of each lane → one f32x4 box per pair.
  const r0 = f32x4.demote_f64x2_zero(f64x2.mul(o0, scale));
  const r1 = f32x4.demote_f64x2_zero(f64x2.mul(o1, scale));
  const r2 = f32x4.demote_f64x2_zero(f64x2.mul(o2, scale));
  const r3 = f32x4.demote_f64x2_zero(f64x2.mul(o3, scale));
  const u01 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5); // o0 o1 of lane 0, o0 o1 of lane 1
  const u23 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  v128.store(base, v128.shuffle<f32>(u01, u23, 0, 1, 4, 5));
  v128.store(base, v128.shuffle<f32>(u01, u23, 2, 3, 6, 7), 16);
}

/**
 * pairLoss for two pairs (lane 0 and lane 1), for a block that passes the fast-path test of boxes.ts: eps ≥
 * FAST_EPS (so ud, acd, c² ≥ eps and ud² > 0), every coordinate finite, both boxes of both pairs not inverted
 * (after clamping), and, when wantGrad, no ties between a pred and a target coordinate. cX/cY are the clamp
 * masks (`clamp` says whether they can be set), gscale the per-lane gradient scale. Returns the two losses.
 *
 * Under those conditions these operations of pairLoss are skipped or replaced, without changing a result bit (the
 * SIMD/scalar test checks every loss on degenerate, tied, huge, tiny and −0 coordinates):
 * - min/max become pmin/pmax, which differ only on NaN (none here) and on a pair of zeros of opposite signs. The
 *   sign of such a zero never reaches a result: an intersection side ≤ 0 means no overlap, and a zero C_w or C_h
 *   only enters squared, padded with eps, or through adjoints whose sign is lost as below.
 * - adj(a, b) becomes a·b, and an adjoint sum that pairLoss starts with `0 +` starts with its first term. Here b
 *   is finite and so is every adjoint (eps ≥ FAST_EPS bounds the divisions), so the values differ at most by the
 *   sign of a zero adjoint; each such adjoint reaches the gradient only through the choice below (a sum with +0)
 *   or through a sum that cannot be −0, which loses the sign.
 * - the zero tests on dIou and inter before the divisions by ud and ud² go: ud ≥ eps > 0 and ud² > 0, so a zero
 *   numerator gives a zero, whose sign is lost the same way. hp + 0 (torchvision, mmdet) becomes hp likewise.
 * - with no ties, d min/d max are 0 or 1, and pairLoss's (0 + dIw·f) + dCw·(1 − f) is a choice of dIw or dCw.
 * - atan2 skips its rescaling and infinity tests: the sides are 0 or in [2^-149, 2^130] (plus eps), where the
 *   rescaling is ×1.
 * - CIoU's α skips its v == 0 test: v = +0 gives v/den = +0, as den > 0 (or the lane is masked when den = 0).
 */
@inline export function pairLossX2(
  kind: i32, conv: i32, wantGrad: bool, format: i32, eps: f64, mode: i32, negGamma: bool,
  px1: v128, py1: v128, px2: v128, py2: v128, gx1: v128, gy1: v128, gx2: v128, gy2: v128,
  wp: v128, hp: v128, wg: v128, hg: v128, lx2: v128, gx1m: v128, ly2: v128, gy1m: v128,
  clamp: bool, cX: v128, cY: v128, gaddr: usize, gscale: v128,
): v128 {
  const zero = splat(0);
  const one = splat(1);
  const epsV = splat(eps);
  const hpU = conv == CONV_ULTRALYTICS ? f64x2.add(hp, epsV) : hp;
  const hgU = conv == CONV_ULTRALYTICS ? f64x2.add(hg, epsV) : hg;

  const ix2 = f64x2.pmin(px2, gx2);
  const ix1 = f64x2.pmax(px1, gx1);
  const iy2 = f64x2.pmin(py2, gy2);
  const iy1 = f64x2.pmax(py1, gy1);
  const iw = f64x2.sub(ix2, ix1);
  const ih = f64x2.sub(iy2, iy1);
  const overlaps = v128.and(f64x2.gt(iw, zero), f64x2.gt(ih, zero));
  const inter = v128.and(f64x2.mul(iw, ih), overlaps);

  const uRaw = f64x2.sub(f64x2.add(f64x2.mul(wp, hpU), f64x2.mul(wg, hgU)), inter);
  const maxU = conv == CONV_MMDET && (kind == KIND_IOU || kind == KIND_GIOU);
  const uClamped = maxU ? f64x2.lt(uRaw, epsV) : zero;
  const ud = maxU ? sel(uClamped, epsV, uRaw) : f64x2.add(uRaw, epsV);
  let iou = f64x2.div(inter, ud);

  const ex2 = f64x2.pmax(px2, gx2);
  const ex1 = f64x2.pmin(px1, gx1);
  const ey2 = f64x2.pmax(py2, gy2);
  const ey1 = f64x2.pmin(py1, gy1);
  const cw = f64x2.sub(ex2, ex1);
  const ch = f64x2.sub(ey2, ey1);

  let loss = zero;
  let dIou = zero;
  let dCw = zero;
  let dCh = zero;
  let dOx = zero;
  let dOy = zero;
  let dWp = zero;
  let dHp = zero;
  let dUx = zero;

  if (kind == KIND_IOU) {
    let clampedIou = zero;
    if (conv == CONV_MMDET || mode == MODE_LOG) {
      clampedIou = f64x2.lt(iou, epsV);
      iou = sel(clampedIou, epsV, iou);
    }
    if (mode == MODE_SQUARE) {
      loss = f64x2.sub(one, f64x2.mul(iou, iou));
      dIou = f64x2.mul(splat(-2), iou);
    } else if (mode == MODE_LOG) {
      loss = f64x2.neg(logX2(iou));
      dIou = f64x2.div(splat(-1), iou);
    } else {
      loss = f64x2.sub(one, iou);
      dIou = splat(-1);
    }
    if (conv == CONV_MMDET || mode == MODE_LOG) dIou = v128.andnot(dIou, clampedIou);
  } else if (kind == KIND_GIOU) {
    const ac = f64x2.mul(cw, ch);
    const acClamped = conv == CONV_MMDET ? f64x2.lt(ac, epsV) : zero;
    const acd = conv == CONV_MMDET ? sel(acClamped, epsV, ac) : f64x2.add(ac, epsV);
    const num = conv == CONV_MMDET ? f64x2.sub(acd, ud) : f64x2.sub(ac, uRaw);
    const term = f64x2.div(num, acd);
    loss = f64x2.add(f64x2.sub(one, iou), term);
    if (wantGrad) {
      dIou = splat(-1);
      const dNum = f64x2.div(one, acd);
      const dAcd = f64x2.div(f64x2.neg(num), f64x2.mul(acd, acd));
      let dAc = f64x2.add(dNum, dAcd);
      if (conv == CONV_MMDET) dAc = v128.andnot(dAc, acClamped);
      dCw = f64x2.mul(dAc, ch);
      dCh = f64x2.mul(dAc, cw);
      dUx = f64x2.neg(dNum);
      if (conv == CONV_MMDET) dUx = v128.andnot(dUx, uClamped);
    }
  } else if (kind == KIND_SIOU) {
    const ox = f64x2.sub(f64x2.sub(f64x2.add(gx1, gx2), px1), px2);
    const oy = f64x2.sub(f64x2.sub(f64x2.add(gy1, gy2), py1), py2);
    const half = splat(0.5);
    const two = splat(2);
    const scw = f64x2.add(f64x2.mul(half, ox), epsV);
    const sch = f64x2.add(f64x2.mul(half, oy), epsV);
    const sigma = f64x2.sqrt(f64x2.add(f64x2.mul(scw, scw), f64x2.mul(sch, sch)));
    const a1 = f64x2.div(f64x2.abs(scw), sigma);
    const a2 = f64x2.div(f64x2.abs(sch), sigma);
    const useY = f64x2.gt(a1, splat(HALF_SQRT2));
    const s = sel(useY, a2, a1);
    const cosA = f64x2.sqrt(f64x2.sub(one, f64x2.mul(s, s)));
    const lambda = f64x2.mul(f64x2.mul(two, s), cosA);
    const cwd = sel(f64x2.lt(cw, epsV), epsV, cw);
    const chd = sel(f64x2.lt(ch, epsV), epsV, ch);
    const rx = f64x2.mul(f64x2.div(scw, cwd), f64x2.div(scw, cwd));
    const ry = f64x2.mul(f64x2.div(sch, chd), f64x2.div(sch, chd));
    const gamma = f64x2.sub(two, lambda);
    const sg = splat(negGamma ? -1 : 1);
    const ex = expX2(f64x2.mul(f64x2.mul(sg, gamma), rx));
    const ey = expX2(f64x2.mul(f64x2.mul(sg, gamma), ry));
    const delta = f64x2.sub(f64x2.sub(two, ex), ey);
    const hpe = f64x2.add(hp, epsV);
    const hge = f64x2.add(hg, epsV);
    const mw = f64x2.pmax(wp, wg);
    const mh = f64x2.pmax(hpe, hge);
    const mwPos = f64x2.gt(mw, zero);
    const mhPos = f64x2.gt(mh, zero);
    const ow = v128.and(f64x2.div(f64x2.abs(f64x2.sub(wp, wg)), mw), mwPos);
    const oh = v128.and(f64x2.div(f64x2.abs(f64x2.sub(hpe, hge)), mh), mhPos);
    const xw = expX2(f64x2.neg(ow));
    const xh = expX2(f64x2.neg(oh));
    const ew = f64x2.sub(one, xw);
    const eh = f64x2.sub(one, xh);
    const omega = f64x2.add(
      f64x2.mul(f64x2.mul(f64x2.mul(ew, ew), ew), ew),
      f64x2.mul(f64x2.mul(f64x2.mul(eh, eh), eh), eh),
    );
    const siou = f64x2.sub(iou, f64x2.mul(half, f64x2.add(delta, omega)));
    const inside = v128.and(f64x2.ge(siou, splat(-1)), f64x2.le(siou, one));
    loss = f64x2.sub(one, f64x2.min(f64x2.max(siou, splat(-1)), one));
    if (wantGrad) {
      const dS = v128.and(splat(-1), inside);
      dIou = dS;
      const dDelta = f64x2.mul(splat(-0.5), dS);
      const dOmega = f64x2.mul(splat(-0.5), dS);
      const nDelta = f64x2.neg(dDelta);
      const dGamma = f64x2.mul(nDelta, f64x2.add(f64x2.mul(f64x2.mul(ex, sg), rx), f64x2.mul(f64x2.mul(ey, sg), ry)));
      const dRx = f64x2.mul(f64x2.mul(f64x2.mul(nDelta, ex), sg), gamma);
      const dRy = f64x2.mul(f64x2.mul(f64x2.mul(nDelta, ey), sg), gamma);
      const dLambda = f64x2.neg(dGamma);
      const dSin = v128.and(
        f64x2.div(f64x2.mul(f64x2.mul(dLambda, two), f64x2.sub(one, f64x2.mul(f64x2.mul(two, s), s))), cosA),
        f64x2.gt(cosA, zero),
      );
      const sig3 = f64x2.mul(f64x2.mul(sigma, sigma), sigma);
      // useY: s = |sch|/σ; else s = |scw|/σ.
      const yS = f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(dSin, signX2(sch)), scw), scw), sig3);
      const yC = f64x2.div(f64x2.mul(f64x2.mul(dSin, f64x2.neg(f64x2.abs(sch))), scw), sig3);
      const xC = f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(dSin, signX2(scw)), sch), sch), sig3);
      const xS = f64x2.div(f64x2.mul(f64x2.mul(dSin, f64x2.neg(f64x2.abs(scw))), sch), sig3);
      const sigPos = f64x2.gt(sig3, zero);
      let dScw = v128.and(f64x2.add(zero, sel(useY, yC, xC)), sigPos);
      let dSch = v128.and(f64x2.add(zero, sel(useY, yS, xS)), sigPos);
      dScw = f64x2.add(dScw, f64x2.div(f64x2.mul(f64x2.mul(dRx, two), scw), f64x2.mul(cwd, cwd)));
      dSch = f64x2.add(dSch, f64x2.div(f64x2.mul(f64x2.mul(dRy, two), sch), f64x2.mul(chd, chd)));
      const m2 = splat(-2);
      dCw = f64x2.add(dCw, v128.andnot(
        f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(dRx, m2), scw), scw), f64x2.mul(f64x2.mul(cwd, cwd), cwd)),
        f64x2.lt(cw, epsV),
      ));
      dCh = f64x2.add(dCh, v128.andnot(
        f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(dRy, m2), sch), sch), f64x2.mul(f64x2.mul(chd, chd), chd)),
        f64x2.lt(ch, epsV),
      ));
      dOx = f64x2.add(dOx, f64x2.mul(half, dScw));
      dOy = f64x2.add(dOy, f64x2.mul(half, dSch));
      const four = splat(4);
      const dOw = f64x2.mul(dOmega, f64x2.mul(f64x2.mul(f64x2.mul(f64x2.mul(four, ew), ew), ew), xw));
      const dw = f64x2.sub(wp, wg);
      const tW = f64x2.mul(dOw, f64x2.sub(
        f64x2.div(signX2(dw), mw), f64x2.mul(f64x2.div(f64x2.abs(dw), f64x2.mul(mw, mw)), dmaxAX2(wp, wg)),
      ));
      const dOh = f64x2.mul(dOmega, f64x2.mul(f64x2.mul(f64x2.mul(f64x2.mul(four, eh), eh), eh), xh));
      const dh = f64x2.sub(hpe, hge);
      const tH = f64x2.mul(dOh, f64x2.sub(
        f64x2.div(signX2(dh), mh), f64x2.mul(f64x2.div(f64x2.abs(dh), f64x2.mul(mh, mh)), dmaxAX2(hpe, hge)),
      ));
      dWp = f64x2.add(dWp, v128.and(f64x2.add(zero, tW), mwPos));
      dHp = f64x2.add(dHp, v128.and(f64x2.add(zero, tH), mhPos));
    }
  } else {
    const ox = f64x2.sub(f64x2.sub(f64x2.add(gx1, gx2), px1), px2);
    const oy = f64x2.sub(f64x2.sub(f64x2.add(gy1, gy2), py1), py2);
    const c2 = f64x2.add(f64x2.add(f64x2.mul(cw, cw), f64x2.mul(ch, ch)), epsV);
    const rho2 = f64x2.mul(f64x2.add(f64x2.mul(ox, ox), f64x2.mul(oy, oy)), splat(0.25));
    const dist = f64x2.div(rho2, c2);
    let value = f64x2.add(f64x2.sub(one, iou), dist);
    dIou = splat(-1);
    let dDist = one;
    if (kind == KIND_CIOU) {
      const hpv = conv == CONV_TORCHVISION ? hp : f64x2.add(hp, epsV);
      const hgv = conv == CONV_TORCHVISION ? hg : f64x2.add(hg, epsV);
      const tp = atan2X2(wp, hpv, false);
      const tg = atan2X2(wg, hgv, false);
      const dt = f64x2.sub(tg, tp);
      const v = f64x2.mul(f64x2.mul(splat(FOUR_OVER_PI2), dt), dt);
      let alpha: v128;
      if (conv == CONV_MMDET) {
        const den = f64x2.add(f64x2.sub(one, iou), v);
        alpha = v128.and(f64x2.div(v, den), v128.and(f64x2.gt(iou, splat(0.5)), f64x2.ne(den, zero)));
      } else {
        alpha = f64x2.div(v, f64x2.add(f64x2.add(f64x2.sub(one, iou), v), epsV));
      }
      value = f64x2.add(value, f64x2.mul(alpha, v));
      if (wantGrad) {
        const dTp = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.neg(alpha), splat(FOUR_OVER_PI2)), splat(2)), dt);
        const r2 = f64x2.add(f64x2.mul(wp, wp), f64x2.mul(hpv, hpv));
        const r2Pos = f64x2.gt(r2, zero);
        dWp = v128.and(f64x2.mul(dTp, f64x2.div(hpv, r2)), r2Pos);
        dHp = v128.and(f64x2.mul(dTp, f64x2.div(f64x2.neg(wp), r2)), r2Pos);
      }
      if (conv == CONV_MMDET) {
        const ciou = f64x2.sub(one, value);
        const out = v128.or(f64x2.lt(ciou, splat(-1)), f64x2.gt(ciou, one));
        value = sel(out, f64x2.sub(one, f64x2.min(f64x2.max(ciou, splat(-1)), one)), value);
        dIou = v128.andnot(dIou, out);
        dDist = v128.andnot(dDist, out);
        dWp = v128.andnot(dWp, out);
        dHp = v128.andnot(dHp, out);
      }
    } else if (kind == KIND_EIOU) {
      const cw2 = f64x2.add(f64x2.mul(cw, cw), epsV);
      const ch2 = f64x2.add(f64x2.mul(ch, ch), epsV);
      const ew = f64x2.sub(wp, wg);
      const eh = f64x2.sub(hp, hg);
      const ew2 = f64x2.mul(ew, ew);
      const eh2 = f64x2.mul(eh, eh);
      value = f64x2.add(value, f64x2.add(f64x2.div(ew2, cw2), f64x2.div(eh2, ch2)));
      if (wantGrad) {
        const two = splat(2);
        dWp = f64x2.div(f64x2.mul(two, ew), cw2);
        dHp = f64x2.div(f64x2.mul(two, eh), ch2);
        dCw = f64x2.mul(f64x2.mul(f64x2.div(f64x2.neg(ew2), f64x2.mul(cw2, cw2)), two), cw);
        dCh = f64x2.mul(f64x2.mul(f64x2.div(f64x2.neg(eh2), f64x2.mul(ch2, ch2)), two), ch);
      }
    }
    loss = value;
    if (wantGrad) {
      // dDist is 1, or 0 where mmdet's CIoU clamp is active (then these terms are zero and skipped, as in pairLoss).
      const dRho2 = f64x2.div(dDist, c2);
      const dC2 = f64x2.div(f64x2.mul(f64x2.neg(dDist), rho2), f64x2.mul(c2, c2));
      const half = splat(0.5);
      const two = splat(2);
      let tOx = f64x2.mul(dRho2, f64x2.mul(half, ox));
      let tOy = f64x2.mul(dRho2, f64x2.mul(half, oy));
      let tCw = f64x2.mul(dC2, f64x2.mul(two, cw));
      let tCh = f64x2.mul(dC2, f64x2.mul(two, ch));
      if (kind == KIND_CIOU && conv == CONV_MMDET) {
        const off = f64x2.eq(dDist, zero);
        tOx = v128.andnot(tOx, off);
        tOy = v128.andnot(tOy, off);
        tCw = v128.andnot(tCw, off);
        tCh = v128.andnot(tCh, off);
      }
      dOx = tOx;
      dOy = tOy;
      dCw = kind == KIND_EIOU ? f64x2.add(dCw, tCw) : tCw;
      dCh = kind == KIND_EIOU ? f64x2.add(dCh, tCh) : tCh;
    }
  }

  if (wantGrad) {
    // IoU = inter / ud (where dIou is the constant −1, −dIou·inter is inter).
    const unitIou = kind == KIND_GIOU || kind == KIND_DIOU || kind == KIND_EIOU || (kind == KIND_CIOU && conv != CONV_MMDET);
    let dInter = f64x2.div(dIou, ud);
    const dUd = f64x2.div(unitIou ? inter : f64x2.mul(f64x2.neg(dIou), inter), f64x2.mul(ud, ud));
    const dURaw = f64x2.add(maxU ? v128.andnot(dUd, uClamped) : dUd, dUx);
    const priorWH = kind == KIND_CIOU || kind == KIND_EIOU || kind == KIND_SIOU;
    dWp = priorWH ? f64x2.add(dWp, f64x2.mul(dURaw, hpU)) : f64x2.mul(dURaw, hpU);
    dHp = priorWH ? f64x2.add(dHp, f64x2.mul(dURaw, wp)) : f64x2.mul(dURaw, wp);
    dInter = f64x2.sub(dInter, dURaw);
    const dIw = v128.and(f64x2.mul(dInter, ih), overlaps);
    const dIh = v128.and(f64x2.mul(dInter, iw), overlaps);
    // No ties (a fast-path condition): d min(px2, gx2)/d px2 is 1 where px2 < gx2 (mask lx2), else 0, and
    // d max(px2, gx2)/d px2 the other way round, so pairLoss's (0 + dIw·f) + dCw·(1 − f) is 0 + the chosen adjoint,
    // taken here as (dIw masked) + (dCw masked), one of which is +0. Likewise for x1 (mask gx1m: px1 > gx1) with a
    // minus sign: 0 − (that sum) is pairLoss's (0 − dIw·f) − dCw·(1 − f).
    let gx2v: v128, gx1v: v128, gy2v: v128, gy1v: v128;
    if (kind == KIND_IOU) {
      gx2v = f64x2.add(zero, v128.and(dIw, lx2));
      gx1v = f64x2.sub(zero, v128.and(dIw, gx1m));
      gy2v = f64x2.add(zero, v128.and(dIh, ly2));
      gy1v = f64x2.sub(zero, v128.and(dIh, gy1m));
    } else {
      gx2v = f64x2.add(v128.and(dIw, lx2), v128.andnot(dCw, lx2));
      gx1v = f64x2.sub(zero, f64x2.add(v128.and(dIw, gx1m), v128.andnot(dCw, gx1m)));
      gy2v = f64x2.add(v128.and(dIh, ly2), v128.andnot(dCh, ly2));
      gy1v = f64x2.sub(zero, f64x2.add(v128.and(dIh, gy1m), v128.andnot(dCh, gy1m)));
    }
    if (kind != KIND_IOU && kind != KIND_GIOU) {
      gx1v = f64x2.sub(gx1v, dOx);
      gx2v = f64x2.sub(gx2v, dOx);
      gy1v = f64x2.sub(gy1v, dOy);
      gy2v = f64x2.sub(gy2v, dOy);
    }
    gx2v = f64x2.add(gx2v, dWp);
    gx1v = f64x2.sub(gx1v, dWp);
    gy2v = f64x2.add(gy2v, dHp);
    gy1v = f64x2.sub(gy1v, dHp);
    storeGradX2(gaddr, format, clamp, cX, cY, gx1v, gy1v, gx2v, gy2v, gscale);
  }
  return loss;
}

/** plainIou lane-wise (two target boxes against one pred box, or any two pairs). */
@inline export function plainIouX2(
  one: v128, px1: v128, py1: v128, px2: v128, py2: v128, gx1: v128, gy1: v128, gx2: v128, gy2: v128,
): v128 {
  const zero = splat(0);
  const iw = f64x2.add(f64x2.sub(f64x2.min(px2, gx2), f64x2.max(px1, gx1)), one);
  const ih = f64x2.add(f64x2.sub(f64x2.min(py2, gy2), f64x2.max(py1, gy1)), one);
  const inter = v128.and(f64x2.mul(iw, ih), v128.and(f64x2.gt(iw, zero), f64x2.gt(ih, zero)));
  const u = f64x2.sub(
    f64x2.add(
      f64x2.mul(f64x2.add(f64x2.sub(px2, px1), one), f64x2.add(f64x2.sub(py2, py1), one)),
      f64x2.mul(f64x2.add(f64x2.sub(gx2, gx1), one), f64x2.add(f64x2.sub(gy2, gy1), one)),
    ),
    inter,
  );
  // u > 0 ? inter/u : u == u ? 0 : u (NaN propagates).
  return sel(f64x2.gt(u, zero), f64x2.div(inter, u), v128.and(u, f64x2.ne(u, u)));
}
