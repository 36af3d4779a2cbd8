// Shared box maths for the IoU family (iou, giou, diou, ciou, eiou, siou) and the pairwise IoU matrix.
// docs/detection.md is the contract. Everything is f64; boxes are converted to xyxy first, and the gradient with
// respect to the predicted xyxy box is computed by hand in reverse mode (the reference uses forward-mode AD, an
// independent route), then mapped back to the caller's format.
//
// Ties: min/max pass half of the gradient to each side when their arguments are equal, as PyTorch's
// torch.minimum/torch.maximum do, so identical boxes get PyTorch's subgradient.

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

const FOUR_OVER_PI2: f64 = 4.0 / (Math.PI * Math.PI);
const HALF_SQRT2: f64 = 0.7071067811865476;

// The converted boxes (xyxy) and the gradient of the current pair's loss w.r.t. the predicted xyxy box.
export let px1: f64 = 0;
export let py1: f64 = 0;
export let px2: f64 = 0;
export let py2: f64 = 0;
export let gx1: f64 = 0;
export let gy1: f64 = 0;
export let gx2: f64 = 0;
export let gy2: f64 = 0;
export let dx1: f64 = 0;
export let dy1: f64 = 0;
export let dx2: f64 = 0;
export let dy2: f64 = 0;

/** An adjoint times a local derivative, where a zero adjoint contributes 0 even against an infinite factor. */
@inline function adj(a: f64, b: f64): f64 {
  return a == 0 ? 0.0 : a * b;
}

/** d min(a, b)/da with PyTorch's tie rule (half at a tie). */
@inline function dminA(a: f64, b: f64): f64 {
  return a < b ? 1.0 : a == b ? 0.5 : 0.0;
}

/** d max(a, b)/da with PyTorch's tie rule (half at a tie). */
@inline function dmaxA(a: f64, b: f64): f64 {
  return a > b ? 1.0 : a == b ? 0.5 : 0.0;
}

/** Convert one box at `base` (byte address, 4 f32) from `format` to xyxy; `pred` selects which globals to set. */
export function loadBox(base: usize, format: i32, pred: bool): void {
  const a = <f64>load<f32>(base);
  const b = <f64>load<f32>(base + 4);
  const c = <f64>load<f32>(base + 8);
  const d = <f64>load<f32>(base + 12);
  let x1: f64, y1: f64, x2: f64, y2: f64;
  if (format == FORMAT_CXCYWH) {
    x1 = a - 0.5 * c; y1 = b - 0.5 * d; x2 = a + 0.5 * c; y2 = b + 0.5 * d;
  } else if (format == FORMAT_XYWH) {
    x1 = a; y1 = b; x2 = a + c; y2 = b + d;
  } else if (format == FORMAT_LTRB) {
    x1 = -a; y1 = -b; x2 = c; y2 = d;
  } else {
    x1 = a; y1 = b; x2 = c; y2 = d;
  }
  if (pred) {
    px1 = x1; py1 = y1; px2 = x2; py2 = y2;
  } else {
    gx1 = x1; gy1 = y1; gx2 = x2; gy2 = y2;
  }
}

/** True when the loaded pred (or target) box is inverted: x2 < x1 or y2 < y1 (NaN is not inverted). */
export function inverted(pred: bool): bool {
  return pred ? px2 < px1 || py2 < py1 : gx2 < gx1 || gy2 < gy1;
}

// Clamp flags of the current pred box, so the gradient of a clamped x2/y2 flows to x1/y1.
let clampedX: bool = false;
let clampedY: bool = false;

/** Take inverted sides as zero length: x2 := max(x2, x1), y2 := max(y2, y1). */
export function clampBoxes(): void {
  clampedX = px2 < px1;
  clampedY = py2 < py1;
  if (clampedX) px2 = px1;
  if (clampedY) py2 = py1;
  if (gx2 < gx1) gx2 = gx1;
  if (gy2 < gy1) gy2 = gy1;
}

export function clearClamp(): void {
  clampedX = false;
  clampedY = false;
}

/**
 * Store the gradient (times `scale`) of the current pair in the caller's format at `base` (byte address, 4 f32).
 * The chain rule of each conversion: cxcywh d cx = d x1 + d x2, d w = (d x2 − d x1)/2; xywh d x = d x1 + d x2,
 * d w = d x2; ltrb d l = −d x1, d r = d x2.
 */
export function storeGrad(base: usize, format: i32, scale: f64): void {
  let a = dx1, b = dy1, c = dx2, d = dy2;
  if (clampedX) { a += c; c = 0; }
  if (clampedY) { b += d; d = 0; }
  let o0: f64, o1: f64, o2: f64, o3: f64;
  if (format == FORMAT_CXCYWH) {
    o0 = a + c; o1 = b + d; o2 = 0.5 * (c - a); o3 = 0.5 * (d - b);
  } else if (format == FORMAT_XYWH) {
    o0 = a + c; o1 = b + d; o2 = c; o3 = d;
  } else if (format == FORMAT_LTRB) {
    o0 = -a; o1 = -b; o2 = c; o3 = d;
  } else {
    o0 = a; o1 = b; o2 = c; o3 = d;
  }
  store<f32>(base, <f32>(o0 * scale));
  store<f32>(base + 4, <f32>(o1 * scale));
  store<f32>(base + 8, <f32>(o2 * scale));
  store<f32>(base + 12, <f32>(o3 * scale));
}

/**
 * Loss of the loaded pair for `kind` under `conv`, and (when `wantGrad`) its gradient w.r.t. the predicted xyxy
 * box in dx1..dy2. `mode` is iouLoss's mode, `negGamma` SIoU's distance-cost sign (true = the paper).
 */
export function pairLoss(kind: i32, conv: i32, eps: f64, mode: i32, negGamma: bool, wantGrad: bool): f64 {
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

  // Union and IoU per convention.
  const uRaw = wp * hpU + wg * hgU - inter;
  let ud: f64; // the IoU's denominator
  let uClamped = false;
  if (conv == CONV_MMDET && (kind == KIND_IOU || kind == KIND_GIOU)) {
    uClamped = uRaw < eps;
    ud = uClamped ? eps : uRaw;
  } else {
    ud = uRaw + eps;
  }
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
  // Adjoints of the intermediate quantities.
  let dIou: f64 = 0;
  let dCw: f64 = 0;
  let dCh: f64 = 0;
  let dOx: f64 = 0;
  let dOy: f64 = 0;
  let dWp: f64 = 0;
  let dHp: f64 = 0;

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
    let acd: f64;
    let num: f64;
    let acClamped = false;
    if (conv == CONV_MMDET) {
      acClamped = ac < eps;
      acd = acClamped ? eps : ac;
      num = acd - ud;
    } else {
      acd = ac + eps;
      num = ac - uRaw;
    }
    const term = num / acd;
    loss = 1 - iou + term;
    dIou = -1;
    // d term: through num (A_c and U) and acd.
    const dNum = 1 / acd;
    const dAcd = -num / (acd * acd);
    const dAc = (conv == CONV_MMDET ? (acClamped ? 0.0 : dNum + dAcd) : dNum + dAcd);
    dCw += adj(dAc, ch);
    dCh += adj(dAc, cw);
    // −U in the numerator: propagate to the union below through dURawExtra.
    giouDU = conv == CONV_MMDET ? (uClamped ? 0.0 : -dNum) : -dNum;
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
      const tp = Math.atan2(wp, hpv);
      const tg = Math.atan2(wg, hgv);
      const dt = tg - tp;
      const v = FOUR_OVER_PI2 * dt * dt;
      let alpha: f64;
      if (v == 0) {
        alpha = 0; // α·v is 0 when v is 0, whatever the denominator (IoU = 1 exactly, or eps = 0)
      } else if (conv == CONV_MMDET) {
        const den = 1 - iou + v;
        alpha = iou > 0.5 && den != 0 ? v / den : 0.0;
      } else {
        alpha = v / (1 - iou + v + eps);
      }
      value += alpha * v;
      // d(α v)/dθp with α constant: α · 4/π² · 2(θg − θp) · (−1).
      const dTp = -alpha * FOUR_OVER_PI2 * 2 * dt;
      const r2 = wp * wp + hpv * hpv;
      if (r2 > 0) {
        dWp += dTp * (hpv / r2);
        dHp += dTp * (-wp / r2);
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
      dWp += (2 * ew) / cw2;
      dHp += (2 * eh) / ch2;
      dCw += (-(ew * ew) / (cw2 * cw2)) * 2 * cw;
      dCh += (-(eh * eh) / (ch2 * ch2)) * 2 * ch;
    } else if (kind == KIND_SIOU) {
      value = siouLoss(iou, wp, hp, wg, hg, cw, ch, ox, oy, eps, negGamma);
      dIou = siouDIou;
      dDist = 0;
      dCw += siouDCw;
      dCh += siouDCh;
      dOx += siouDOx;
      dOy += siouDOy;
      dWp += siouDWp;
      dHp += siouDHp;
    }
    loss = value;
    if (dDist != 0) {
      // dist = ρ²/c², ρ² = (ox² + oy²)/4, c² = cw² + ch² + eps.
      const dRho2 = dDist / c2;
      const dC2 = (-dDist * rho2) / (c2 * c2);
      dOx += adj(dRho2, 0.5 * ox);
      dOy += adj(dRho2, 0.5 * oy);
      dCw += adj(dC2, 2 * cw);
      dCh += adj(dC2, 2 * ch);
    }
  }

  if (!wantGrad) {
    giouDU = 0;
    return loss;
  }

  // IoU = inter / ud; ud = uRaw (+ eps) unless mmdet's max(U, eps) clamped it.
  let dInter = dIou == 0 ? 0.0 : dIou / ud;
  const dUd = inter == 0 ? 0.0 : (-dIou * inter) / (ud * ud);
  let dURaw = (uClamped ? 0.0 : dUd) + giouDU;
  giouDU = 0;
  // uRaw = wp·hpU + wg·hgU − inter.
  dWp += adj(dURaw, hpU);
  dHp += adj(dURaw, wp);
  dInter -= dURaw;
  // inter = iw·ih when both are positive.
  let dIw: f64 = 0;
  let dIh: f64 = 0;
  if (overlaps) {
    dIw = adj(dInter, ih);
    dIh = adj(dInter, iw);
  }
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
  dx1 = gx1v;
  dy1 = gy1v;
  dx2 = gx2v;
  dy2 = gy2v;
  return loss;
}

// Extra union adjoint from GIoU's −U in its numerator (set by the GIoU branch, consumed by the backward pass).
let giouDU: f64 = 0;

// SIoU's adjoints w.r.t. its inputs (set by siouLoss).
let siouDIou: f64 = 0;
let siouDCw: f64 = 0;
let siouDCh: f64 = 0;
let siouDOx: f64 = 0;
let siouDOy: f64 = 0;
let siouDWp: f64 = 0;
let siouDHp: f64 = 0;

@inline function shapeTerm(o: f64): f64 {
  const e = 1 - Math.exp(-o);
  return e * e * e * e;
}

@inline function shapeTermD(o: f64): f64 {
  const x = Math.exp(-o);
  const e = 1 - x;
  return 4 * e * e * e * x;
}

/**
 * SIoU (Gevorgyan 2022; mmdet siou_loss): 1 − clamp(IoU − (Δ + Ω)/2, −1, 1), with the angle cost
 * Λ = cos(2·asin(sinα) − π/2) = 2·sinα·sqrt(1 − sin²α), distance cost Δ = 2 − e^(∓γρx) − e^(∓γρy), γ = 2 − Λ, and
 * shape cost Ω = Σ (1 − e^(−ω))⁴. Sets the siouD* adjoints (of the loss) for the caller's backward pass.
 */
function siouLoss(
  iou: f64, wp: f64, hp: f64, wg: f64, hg: f64, cw: f64, ch: f64, ox: f64, oy: f64, eps: f64, negGamma: bool,
): f64 {
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
  // Shape cost on widths and eps-padded heights.
  const hpe = hp + eps;
  const hge = hg + eps;
  const mw = Math.max(wp, wg);
  const mh = Math.max(hpe, hge);
  const ow = mw > 0 ? Math.abs(wp - wg) / mw : 0.0;
  const oh = mh > 0 ? Math.abs(hpe - hge) / mh : 0.0;
  const omega = shapeTerm(ow) + shapeTerm(oh);
  const siou = iou - 0.5 * (delta + omega);
  const inside = siou >= -1 && siou <= 1;
  const loss = 1 - Math.min(Math.max(siou, -1.0), 1.0);

  // Backward: d loss / d siou = −1 inside the clamp, else 0.
  const dS: f64 = inside ? -1.0 : 0.0;
  siouDIou = dS;
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
  siouDCw = cw < eps ? 0.0 : (dRx * -2 * scw * scw) / (cwd * cwd * cwd);
  siouDCh = ch < eps ? 0.0 : (dRy * -2 * sch * sch) / (chd * chd * chd);
  // scw = ox/2 + eps.
  siouDOx = 0.5 * dScw;
  siouDOy = 0.5 * dSch;
  // ω_w = |wp − wg| / max(wp, wg).
  let dWp: f64 = 0;
  let dHp: f64 = 0;
  if (mw > 0) {
    const dOw = dOmega * shapeTermD(ow);
    const dw = wp - wg;
    dWp += dOw * (sign(dw) / mw - (Math.abs(dw) / (mw * mw)) * dmaxA(wp, wg));
  }
  if (mh > 0) {
    const dOh = dOmega * shapeTermD(oh);
    const dh = hpe - hge;
    dHp += dOh * (sign(dh) / mh - (Math.abs(dh) / (mh * mh)) * dmaxA(hpe, hge));
  }
  siouDWp = dWp;
  siouDHp = dHp;
  return loss;
}

@inline function sign(v: f64): f64 {
  return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
}

/** IoU of the loaded boxes for the pairwise matrix: I/U, 0 when U is 0; `plus1` adds 1 to every side length. */
export function plainIou(plus1: bool): f64 {
  const one: f64 = plus1 ? 1 : 0;
  const iw = Math.min(px2, gx2) - Math.max(px1, gx1) + one;
  const ih = Math.min(py2, gy2) - Math.max(py1, gy1) + one;
  const inter = iw > 0 && ih > 0 ? iw * ih : 0.0;
  const u = (px2 - px1 + one) * (py2 - py1 + one) + (gx2 - gx1 + one) * (gy2 - gy1 + one) - inter;
  return u > 0 ? inter / u : u == u ? 0.0 : u; // NaN coordinates propagate
}
