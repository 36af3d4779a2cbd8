// Shared box maths for the IoU family (iou, giou, diou, ciou, eiou, siou) and the pairwise IoU matrix.
// docs/detection.md is the contract. Everything is f64; boxes are converted to xyxy first, and the gradient with
// respect to the predicted xyxy box is computed by hand in reverse mode (the reference uses forward-mode AD, an
// independent route), then mapped back to the caller's format.
//
// Ties: min/max pass half of the gradient to each side when their arguments are equal, as PyTorch's
// torch.minimum/torch.maximum do, so identical boxes get PyTorch's subgradient.
//
// Speed: pairLoss is @inline and the driver (boxes.ts) calls it with constant kind, convention and grad flag, so
// every `kind ==`, `conv ==` and `wantGrad` test below folds away and each specialised loop keeps its state in
// locals. CIoU's atan2 is atan.ts's polynomial. box_simd.ts is the f64x2 twin (two pairs per vector) for the SIMD
// build: on each lane it gives the same bits as pairLoss.

import { atan2 } from './atan';

export const KIND_IOU: i32 = 0;
export const KIND_GIOU: i32 = 1;
export const KIND_DIOU: i32 = 2;
export const KIND_CIOU: i32 = 3;
export const KIND_EIOU: i32 = 4;
export const KIND_SIOU: i32 = 5;

export const CONV_TORCHVISION: i32 = 0;
export const CONV_ULTRALYTICS: i32 = 1;
export const CONV_MMDET: i32 = 2;

export const FORMAT_XYXY: i32 = 0;
export const FORMAT_CXCYWH: i32 = 1;
export const FORMAT_XYWH: i32 = 2;
export const FORMAT_LTRB: i32 = 3;

export const MODE_LINEAR: i32 = 0;
export const MODE_SQUARE: i32 = 1;
export const MODE_LOG: i32 = 2;

export const FOUR_OVER_PI2: f64 = 4.0 / (Math.PI * Math.PI);
export const HALF_SQRT2: f64 = 0.7071067811865476;

/** An adjoint times a local derivative, where a zero adjoint contributes 0 even against an infinite factor. */
@inline function adj(a: f64, b: f64): f64 {
  return a == 0 ? 0.0 : a * b;
}

// The tie factors are taken from the comparisons as numbers rather than with selects, which engines may compile to
// branches that mispredict on random boxes.

/** d min(a, b)/da with PyTorch's tie rule (half at a tie): 1, 0.5 or 0. */
@inline function dminA(a: f64, b: f64): f64 {
  return <f64>(a < b) + 0.5 * <f64>(a == b);
}

/** d max(a, b)/da with PyTorch's tie rule (half at a tie): 1, 0.5 or 0. */
@inline function dmaxA(a: f64, b: f64): f64 {
  return <f64>(a > b) + 0.5 * <f64>(a == b);
}

@inline function sign(v: f64): f64 {
  return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
}

/**
 * Store the gradient (d x1, d y1, d x2, d y2 of the xyxy pred box, times `scale`) at `base` (byte address, 4 f32)
 * in the caller's format. A clamped x2 (y2) passes its gradient to x1 (y1). The chain rule of each conversion:
 * cxcywh d cx = d x1 + d x2, d w = (d x2 − d x1)/2; xywh d x = d x1 + d x2, d w = d x2; ltrb d l = −d x1, d r = d x2.
 */
@inline export function storeGrad(
  base: usize, format: i32, clampedX: bool, clampedY: bool, a: f64, b: f64, c: f64, d: f64, scale: f64,
): void {
  if (clampedX) { a += c; c = 0; }
  if (clampedY) { b += d; d = 0; }
  let o0: f64, o1: f64, o2: f64, o3: f64;
  if (format == FORMAT_XYXY) {
    o0 = a; o1 = b; o2 = c; o3 = d;
  } else if (format == FORMAT_CXCYWH) {
    o0 = a + c; o1 = b + d; o2 = 0.5 * (c - a); o3 = 0.5 * (d - b);
  } else if (format == FORMAT_XYWH) {
    o0 = a + c; o1 = b + d; o2 = c; o3 = d;
  } else {
    o0 = -a; o1 = -b; o2 = c; o3 = d;
  }
  store<f32>(base, <f32>(o0 * scale));
  store<f32>(base, <f32>(o1 * scale), 4);
  store<f32>(base, <f32>(o2 * scale), 8);
  store<f32>(base, <f32>(o3 * scale), 12);
}

/**
 * Loss of one pair (xyxy, after conversion and clamping) for `kind` under `conv`; when `wantGrad`, its gradient
 * w.r.t. the pred box, times `gscale`, is stored at `gaddr` in `format` (see storeGrad). `mode` is iouLoss's mode,
 * `negGamma` SIoU's distance-cost sign (true = the paper). kind, conv and wantGrad are constants at every call.
 */
@inline export function pairLoss(
  kind: i32, conv: i32, wantGrad: bool, format: i32, eps: f64, mode: i32, negGamma: bool,
  px1: f64, py1: f64, px2: f64, py2: f64, gx1: f64, gy1: f64, gx2: f64, gy2: f64,
  clampedX: bool, clampedY: bool, gaddr: usize, gscale: f64,
): f64 {
  // Widths and heights; ultralytics pads heights with eps everywhere, mmdet only inside CIoU's v and SIoU's shape cost.
  const wp = px2 - px1;
  const hp = py2 - py1;
  const wg = gx2 - gx1;
  const hg = gy2 - gy1;
  const hpad: f64 = conv == CONV_ULTRALYTICS ? eps : 0;
  const hpU = hp + hpad; // height used in the union
  const hgU = hg + hpad;

  // Intersection (exactly 0 unless the boxes overlap with positive area).
  const ix2 = Math.min(px2, gx2);
  const ix1 = Math.max(px1, gx1);
  const iy2 = Math.min(py2, gy2);
  const iy1 = Math.max(py1, gy1);
  const iw = ix2 - ix1;
  const ih = iy2 - iy1;
  const overlaps = iw > 0 && ih > 0;
  const inter = overlaps ? iw * ih : 0.0;

  // Union and IoU per convention: mmdet's IoU and GIoU divide by max(U, eps), the others by U + eps.
  const uRaw = wp * hpU + wg * hgU - inter;
  const maxU = conv == CONV_MMDET && (kind == KIND_IOU || kind == KIND_GIOU);
  const uClamped = maxU && uRaw < eps;
  const ud = maxU ? (uClamped ? eps : uRaw) : uRaw + eps;
  let iou = inter / ud;

  // Enclosing box.
  const ex2 = Math.max(px2, gx2);
  const ex1 = Math.min(px1, gx1);
  const ey2 = Math.max(py2, gy2);
  const ey1 = Math.min(py1, gy1);
  const cw = ex2 - ex1;
  const ch = ey2 - ey1;

  // Centre offset (target minus pred, doubled): used by DIoU/CIoU/EIoU (ρ²) and SIoU.
  const ox = gx1 + gx2 - px1 - px2;
  const oy = gy1 + gy2 - py1 - py2;

  let loss: f64 = 0;
  // Adjoints of the intermediate quantities (dUx: GIoU's −U in its numerator, added to the union's adjoint).
  let dIou: f64 = 0;
  let dCw: f64 = 0;
  let dCh: f64 = 0;
  let dOx: f64 = 0;
  let dOy: f64 = 0;
  let dWp: f64 = 0;
  let dHp: f64 = 0;
  let dUx: f64 = 0;

  if (kind == KIND_IOU) {
    // mmdet clamps IoU at eps before the mode; every convention does so for 'log' to keep it finite.
    let clampedIou = false;
    if ((conv == CONV_MMDET || mode == MODE_LOG) && iou < eps) {
      iou = eps;
      clampedIou = true;
    }
    if (mode == MODE_SQUARE) {
      loss = 1 - iou * iou;
      dIou = -2 * iou;
    } else if (mode == MODE_LOG) {
      loss = -Math.log(iou);
      dIou = -1 / iou;
    } else {
      loss = 1 - iou;
      dIou = -1;
    }
    if (clampedIou) dIou = 0;
  } else if (kind == KIND_GIOU) {
    // term = (A_c − U)/(A_c + eps) (torchvision, ultralytics: the same expression once their eps is placed);
    // mmdet: (max(A_c, eps) − max(U, eps))/max(A_c, eps).
    const ac = cw * ch;
    const acClamped = conv == CONV_MMDET && ac < eps;
    const acd = conv == CONV_MMDET ? (acClamped ? eps : ac) : ac + eps;
    const num = conv == CONV_MMDET ? acd - ud : ac - uRaw;
    const term = num / acd;
    loss = 1 - iou + term;
    if (wantGrad) {
      dIou = -1;
      // d term: through num (A_c and U) and acd.
      const dNum = 1 / acd;
      const dAcd = -num / (acd * acd);
      const dAc = acClamped ? 0.0 : dNum + dAcd;
      dCw += adj(dAc, ch);
      dCh += adj(dAc, cw);
      dUx = uClamped ? 0.0 : -dNum;
    }
  } else if (kind == KIND_SIOU) {
    // SIoU (Gevorgyan 2022; mmdet siou_loss): 1 − clamp(IoU − (Δ + Ω)/2, −1, 1), with the angle cost
    // Λ = cos(2·asin(sinα) − π/2) = 2·sinα·sqrt(1 − sin²α), distance cost Δ = 2 − e^(∓γρx) − e^(∓γρy), γ = 2 − Λ,
    // and shape cost Ω = Σ (1 − e^(−ω))⁴.
    // Centre offsets: s_cw = (gx1 + gx2 − px1 − px2)/2 + eps.
    const scw = 0.5 * ox + eps;
    const sch = 0.5 * oy + eps;
    const sigma = Math.sqrt(scw * scw + sch * sch);
    const a1 = Math.abs(scw) / sigma;
    const a2 = Math.abs(sch) / sigma;
    const useY = a1 > HALF_SQRT2; // then sinα = a2
    const s = useY ? a2 : a1;
    const cosA = Math.sqrt(1 - s * s);
    const lambda = 2 * s * cosA;
    const cwd = cw < eps ? eps : cw; // max(C_w, eps), as mmdet
    const chd = ch < eps ? eps : ch;
    const rx = (scw / cwd) * (scw / cwd);
    const ry = (sch / chd) * (sch / chd);
    const gamma = 2 - lambda;
    const sg: f64 = negGamma ? -1 : 1;
    const ex = Math.exp(sg * gamma * rx);
    const ey = Math.exp(sg * gamma * ry);
    const delta = 2 - ex - ey;
    // Shape cost on widths and eps-padded heights: (1 − e^(−ω))⁴.
    const hpe = hp + eps;
    const hge = hg + eps;
    const mw = Math.max(wp, wg);
    const mh = Math.max(hpe, hge);
    const ow = mw > 0 ? Math.abs(wp - wg) / mw : 0.0;
    const oh = mh > 0 ? Math.abs(hpe - hge) / mh : 0.0;
    const xw = Math.exp(-ow);
    const xh = Math.exp(-oh);
    const ew = 1 - xw;
    const eh = 1 - xh;
    const omega = ew * ew * ew * ew + eh * eh * eh * eh;
    const siou = iou - 0.5 * (delta + omega);
    const inside = siou >= -1 && siou <= 1;
    loss = 1 - Math.min(Math.max(siou, -1.0), 1.0);
    if (wantGrad) {
      // d loss / d siou = −1 inside the clamp, else 0.
      const dS: f64 = inside ? -1.0 : 0.0;
      dIou = dS;
      const dDelta = -0.5 * dS;
      const dOmega = -0.5 * dS;
      // Δ = 2 − e^(sg γ rx) − e^(sg γ ry).
      const dGamma = -dDelta * (ex * sg * rx + ey * sg * ry);
      const dRx = -dDelta * ex * sg * gamma;
      const dRy = -dDelta * ey * sg * gamma;
      // γ = 2 − Λ; Λ = 2 s sqrt(1 − s²): dΛ/ds = 2(1 − 2s²)/sqrt(1 − s²) (s ≤ √2/2, so the root is ≥ √2/2).
      const dLambda = -dGamma;
      const dSin = cosA > 0 ? (dLambda * 2 * (1 - 2 * s * s)) / cosA : 0.0;
      let dScw: f64 = 0;
      let dSch: f64 = 0;
      const sig3 = sigma * sigma * sigma;
      if (sig3 > 0) {
        if (useY) {
          // s = |sch|/σ.
          dSch += (dSin * sign(sch) * scw * scw) / sig3;
          dScw += (dSin * -Math.abs(sch) * scw) / sig3;
        } else {
          dScw += (dSin * sign(scw) * sch * sch) / sig3;
          dSch += (dSin * -Math.abs(scw) * sch) / sig3;
        }
      }
      // rx = scw²/cw².
      dScw += (dRx * 2 * scw) / (cwd * cwd);
      dSch += (dRy * 2 * sch) / (chd * chd);
      dCw += cw < eps ? 0.0 : (dRx * -2 * scw * scw) / (cwd * cwd * cwd);
      dCh += ch < eps ? 0.0 : (dRy * -2 * sch * sch) / (chd * chd * chd);
      // scw = ox/2 + eps.
      dOx += 0.5 * dScw;
      dOy += 0.5 * dSch;
      // ω_w = |wp − wg| / max(wp, wg); d(1 − e^(−ω))⁴/dω = 4(1 − e^(−ω))³ e^(−ω).
      let dW: f64 = 0;
      let dH: f64 = 0;
      if (mw > 0) {
        const dOw = dOmega * (4 * ew * ew * ew * xw);
        const dw = wp - wg;
        dW += dOw * (sign(dw) / mw - (Math.abs(dw) / (mw * mw)) * dmaxA(wp, wg));
      }
      if (mh > 0) {
        const dOh = dOmega * (4 * eh * eh * eh * xh);
        const dh = hpe - hge;
        dH += dOh * (sign(dh) / mh - (Math.abs(dh) / (mh * mh)) * dmaxA(hpe, hge));
      }
      dWp += dW;
      dHp += dH;
    }
  } else {
    // DIoU-based: ρ²/c².
    const c2 = cw * cw + ch * ch + eps;
    const rho2 = (ox * ox + oy * oy) * 0.25;
    const dist = rho2 / c2;
    let value = 1 - iou + dist;
    dIou = -1;
    let dDist: f64 = 1;
    if (kind == KIND_CIOU) {
      const hpv = conv == CONV_TORCHVISION ? hp : hp + eps;
      const hgv = conv == CONV_TORCHVISION ? hg : hg + eps;
      const tp = atan2(wp, hpv);
      const tg = atan2(wg, hgv);
      const dt = tg - tp;
      const v = FOUR_OVER_PI2 * dt * dt;
      let alpha: f64;
      if (conv == CONV_MMDET) {
        const den = 1 - iou + v;
        alpha = v == 0 ? 0.0 : iou > 0.5 && den != 0 ? v / den : 0.0;
      } else {
        // α·v is 0 when v is 0, whatever the denominator (IoU = 1 exactly, or eps = 0).
        alpha = v == 0 ? 0.0 : v / (1 - iou + v + eps);
      }
      value += alpha * v;
      if (wantGrad) {
        // d(α v)/dθp with α constant: α · 4/π² · 2(θg − θp) · (−1); dθp/dwp = hpv/r², dθp/dhpv = −wp/r².
        const dTp = -alpha * FOUR_OVER_PI2 * 2 * dt;
        const r2 = wp * wp + hpv * hpv;
        if (r2 > 0) {
          dWp += dTp * (hpv / r2);
          dHp += dTp * (-wp / r2);
        }
      }
      if (conv == CONV_MMDET) {
        // loss = 1 − clamp(CIoU, −1, 1): no gradient where the clamp is active.
        const ciou = 1 - value;
        if (ciou < -1 || ciou > 1) {
          value = 1 - Math.min(Math.max(ciou, -1.0), 1.0);
          dIou = 0; dDist = 0; dWp = 0; dHp = 0;
        }
      }
    } else if (kind == KIND_EIOU) {
      const cw2 = cw * cw + eps;
      const ch2 = ch * ch + eps;
      const ew = wp - wg;
      const eh = hp - hg;
      value += (ew * ew) / cw2 + (eh * eh) / ch2;
      if (wantGrad) {
        dWp += (2 * ew) / cw2;
        dHp += (2 * eh) / ch2;
        dCw += (-(ew * ew) / (cw2 * cw2)) * 2 * cw;
        dCh += (-(eh * eh) / (ch2 * ch2)) * 2 * ch;
      }
    }
    loss = value;
    if (wantGrad && dDist != 0) {
      // dist = ρ²/c², ρ² = (ox² + oy²)/4, c² = cw² + ch² + eps.
      const dRho2 = dDist / c2;
      const dC2 = (-dDist * rho2) / (c2 * c2);
      dOx += adj(dRho2, 0.5 * ox);
      dOy += adj(dRho2, 0.5 * oy);
      dCw += adj(dC2, 2 * cw);
      dCh += adj(dC2, 2 * ch);
    }
  }

  if (wantGrad) {
    // IoU = inter / ud; ud = uRaw (+ eps) unless mmdet's max(U, eps) clamped it.
    let dInter = dIou == 0 ? 0.0 : dIou / ud;
    const dUd = inter == 0 ? 0.0 : (-dIou * inter) / (ud * ud);
    const dURaw = (uClamped ? 0.0 : dUd) + dUx;
    // uRaw = wp·hpU + wg·hgU − inter.
    dWp += adj(dURaw, hpU);
    dHp += adj(dURaw, wp);
    dInter -= dURaw;
    // inter = iw·ih when both are positive.
    const dIw = overlaps ? adj(dInter, ih) : 0.0;
    const dIh = overlaps ? adj(dInter, iw) : 0.0;
    let gx1v: f64 = 0, gy1v: f64 = 0, gx2v: f64 = 0, gy2v: f64 = 0;
    // iw = min(px2, gx2) − max(px1, gx1).
    gx2v += dIw * dminA(px2, gx2);
    gx1v -= dIw * dmaxA(px1, gx1);
    gy2v += dIh * dminA(py2, gy2);
    gy1v -= dIh * dmaxA(py1, gy1);
    // cw = max(px2, gx2) − min(px1, gx1).
    gx2v += dCw * dmaxA(px2, gx2);
    gx1v -= dCw * dminA(px1, gx1);
    gy2v += dCh * dmaxA(py2, gy2);
    gy1v -= dCh * dminA(py1, gy1);
    // ox = gx1 + gx2 − px1 − px2.
    gx1v -= dOx;
    gx2v -= dOx;
    gy1v -= dOy;
    gy2v -= dOy;
    // wp = px2 − px1, hp = py2 − py1.
    gx2v += dWp;
    gx1v -= dWp;
    gy2v += dHp;
    gy1v -= dHp;
    storeGrad(gaddr, format, clampedX, clampedY, gx1v, gy1v, gx2v, gy2v, gscale);
  }
  return loss;
}

/** IoU of two xyxy boxes for the pairwise matrix: I/U, 0 when U is 0; `one` (0 or 1) is added to every side. */
@inline export function plainIou(
  one: f64, px1: f64, py1: f64, px2: f64, py2: f64, gx1: f64, gy1: f64, gx2: f64, gy2: f64,
): f64 {
  const iw = Math.min(px2, gx2) - Math.max(px1, gx1) + one;
  const ih = Math.min(py2, gy2) - Math.max(py1, gy1) + one;
  const inter = iw > 0 && ih > 0 ? iw * ih : 0.0;
  const u = (px2 - px1 + one) * (py2 - py1 + one) + (gx2 - gx1 + one) * (gy2 - gy1 + one) - inter;
  return u > 0 ? inter / u : u == u ? 0.0 : u; // NaN coordinates propagate
}
