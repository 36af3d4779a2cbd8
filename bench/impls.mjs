// The workloads of issue 5 and every implementation benchmarked on them. Each implementation's `setup(w)` returns
// { fn, check, prepare? } for a workload w, or null when it does not take part: `fn()` is what is timed, `check()`
// returns { value, grad } once for the error columns, `prepare()` runs before each timed batch (used by the
// resident zero-copy path, whose buffers the other edgeloss paths of the same build overwrite).
import { LossModule, loadEdgeLoss, reference } from 'edgeloss';

// ---------------------------------------------------------------- seeded data
export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function regression(n, seed) {
  const r = rng(seed);
  const x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { y[i] = r() * 4 - 2; x[i] = y[i] + (r() * 2 - 1) * 1.5; }
  return { x, y };
}
function logits(n, seed) {
  const r = rng(seed);
  const x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) { x[i] = (r() * 2 - 1) * 8; y[i] = r() < 0.1 ? 1 : 0; }
  return { x, y };
}
function classes(rows, C, seed) {
  const r = rng(seed);
  const x = new Float32Array(rows * C), y = new Int32Array(rows);
  for (let i = 0; i < rows * C; i++) x[i] = (r() * 2 - 1) * 6;
  for (let i = 0; i < rows; i++) y[i] = Math.floor(r() * C);
  return { x, y };
}
function boxes(N, seed) {
  const r = rng(seed);
  const x = new Float32Array(4 * N), y = new Float32Array(4 * N);
  for (let i = 0; i < N; i++) {
    const X1 = r() * 600, Y1 = r() * 600, W = 10 + r() * 200, H = 10 + r() * 200;
    y.set([X1, Y1, X1 + W, Y1 + H], 4 * i);
    const cx = X1 + W / 2 + (r() - 0.5) * 0.4 * W, cy = Y1 + H / 2 + (r() - 0.5) * 0.4 * H;
    const w = W * (0.6 + r() * 0.8), h = H * (0.6 + r() * 0.8);
    x.set([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2], 4 * i);
  }
  return { x, y };
}

/** Workloads: loss × size × (value | grad). `elements` is what ns/element divides by (pairs for boxes). */
export function workloads() {
  const sizes = [];
  for (const loss of ['mse', 'l1', 'smooth_l1']) {
    for (const [n, label] of [[33600, '33,600 (8400×4)'], [1_000_000, '1,000,000']]) sizes.push({ loss, label, elements: n, data: () => regression(n, 1 + n) });
  }
  for (const loss of ['bce_logits', 'sigmoid_focal']) {
    for (const C of [80, 36]) sizes.push({ loss, label: `8400×${C}`, elements: 8400 * C, data: () => logits(8400 * C, 7 + C) });
  }
  sizes.push({ loss: 'cross_entropy', label: '8400×80', elements: 8400 * 80, rows: 8400, C: 80, data: () => classes(8400, 80, 11) });
  for (const loss of ['giou', 'ciou']) {
    for (const N of [8400, 100]) sizes.push({ loss, label: `${N} pairs`, elements: N, pairs: N, data: () => boxes(N, 13 + N) });
  }
  sizes.push({ loss: 'mse', label: 'n = 16 (per-call overhead)', elements: 16, overhead: true, data: () => regression(16, 5) });
  const out = [];
  for (const s of sizes) {
    let cache = null;
    const data = () => (cache ??= s.data());
    for (const mode of ['value', 'grad']) out.push({ ...s, mode, id: `${s.loss} ${s.label} ${mode}`, data });
  }
  return out;
}

// ---------------------------------------------------------------- edgeloss: high-level API and LossModule
const API = {
  mse: (el, d, o) => el.mseLoss(d.x, d.y, o),
  l1: (el, d, o) => el.l1Loss(d.x, d.y, o),
  smooth_l1: (el, d, o) => el.smoothL1Loss(d.x, d.y, { ...o, beta: 1 }),
  bce_logits: (el, d, o) => el.binaryCrossEntropyWithLogits(d.x, d.y, o),
  sigmoid_focal: (el, d, o) => el.sigmoidFocalLoss(d.x, d.y, { ...o, alpha: 0.25, gamma: 2 }),
  cross_entropy: (el, d, o, w) => el.crossEntropy(d.x, d.y, { ...o, numClasses: w.C }),
  giou: (el, d, o) => el.generalizedBoxIouLoss(d.x, d.y, o),
  ciou: (el, d, o) => el.completeBoxIouLoss(d.x, d.y, o),
};
const unwrap = (r) => (typeof r === 'number' ? { value: r, grad: null } : { value: r.value, grad: r.grad });

function apiImpl(id, label, get) {
  return {
    id, label, group: 'edgeloss',
    setup(w) {
      const el = get();
      const d = w.data();
      const o = w.mode === 'grad' ? { grad: true } : {};
      const f = API[w.loss];
      return { fn: () => f(el, d, o, w), check: () => unwrap(f(el, d, o, w)) };
    },
  };
}

/** Raw kernel call on the first len buffer elements: (e, len, flags, denom) → status. */
const RAW = {
  mse: (e, n, f, d) => e.mse(n, f, d),
  l1: (e, n, f, d) => e.l1(n, f, d),
  smooth_l1: (e, n, f, d) => e.smooth_l1(n, f, d, 1),
  bce_logits: (e, n, f, d) => e.bce_logits(n, f, d),
  sigmoid_focal: (e, n, f, d) => e.sigmoid_focal(n, f, d, 0.25, 2),
  giou: (e, n, f, d) => e.giou(n, f, d, 0, 0, 1e-7),
  ciou: (e, n, f, d) => e.ciou(n, f, d, 0, 0, 1e-7),
};

/** The zero-copy LossModule path: fill the views chunk by chunk, call the kernel, read the gradient into a
 *  preallocated array. No validation, no allocation per call. */
function lmImpl(id, label, build) {
  return {
    id, label, group: 'edgeloss',
    setup(w) {
      const mod = new LossModule(build);
      const e = mod.exports, cap = mod.capacity;
      const d = w.data();
      const grad = w.mode === 'grad';
      const flags = grad ? 1 : 0;
      const g = grad ? new Float32Array(d.x.length) : null;
      let fn;
      if (w.loss === 'cross_entropy') {
        const C = w.C, rows = w.rows, per = Math.floor(cap / C);
        fn = () => {
          e.reset();
          for (let r0 = 0; r0 < rows; r0 += per) {
            const len = Math.min(per, rows - r0);
            mod.input.set(d.x.subarray(r0 * C, (r0 + len) * C));
            mod.targetI32.set(d.y.subarray(r0, r0 + len));
            if (e.cross_entropy(len, C, flags, rows, -100, 0) !== 0) throw new Error('kernel status');
            if (g) g.set(mod.grad.subarray(0, len * C), r0 * C);
          }
          return e.result(1, rows);
        };
      } else {
        const call = RAW[w.loss];
        const box = w.loss === 'giou' || w.loss === 'ciou';
        const k = box ? 4 : 1; // floats per item
        const items = d.x.length / k, per = Math.floor(cap / k);
        fn = () => {
          e.reset();
          for (let off = 0; off < items; off += per) {
            const len = Math.min(per, items - off);
            mod.input.set(d.x.subarray(off * k, (off + len) * k));
            mod.target.set(d.y.subarray(off * k, (off + len) * k));
            if (call(e, len, flags, items) !== 0) throw new Error('kernel status');
            if (g) g.set(mod.grad.subarray(0, len * k), off * k);
          }
          return e.result(1, items);
        };
      }
      return { fn, check: () => ({ value: fn(), grad: g ? g.slice() : null }) };
    },
  };
}

/** Zero-copy with the data already resident in the module's buffers (n ≤ capacity): reset, kernel, result. The
 *  gradient stays in mod.grad, read in place. For the generic builds only the n = 16 workload (the issue's
 *  "≤ 60 ns zero-copy" path); a head-specialised build (`{ file }`) holds whole heads, so it takes every workload
 *  that fits its capacity: the device case where the model writes its outputs into the module's buffers. */
function residentImpl(id, label, build) {
  return {
    id, label, group: 'edgeloss',
    setup(w) {
      if (!w.overhead && typeof build !== 'object') return null;
      const mod = new LossModule(build);
      const e = mod.exports;
      const d = w.data(), n = d.x.length;
      if (n > mod.capacity) return null;
      const flags = w.mode === 'grad' ? 1 : 0;
      let prepare, fn;
      if (w.loss === 'cross_entropy') {
        prepare = () => { mod.input.set(d.x); mod.targetI32.set(d.y); };
        fn = () => { e.reset(); if (e.cross_entropy(w.rows, w.C, flags, w.rows, -100, 0) !== 0) throw new Error('kernel status'); return e.result(1, w.rows); };
      } else {
        const call = RAW[w.loss];
        const items = w.loss === 'giou' || w.loss === 'ciou' ? n / 4 : n;
        prepare = () => { mod.input.set(d.x); mod.target.set(d.y); };
        fn = () => { e.reset(); if (call(e, items, flags, items) !== 0) throw new Error('kernel status'); return e.result(1, items); };
      }
      return { fn, prepare, check: () => { prepare(); const value = fn(); return { value, grad: flags ? mod.grad.slice(0, n) : null }; } };
    },
  };
}

// ---------------------------------------------------------------- float64 reference
const refImpl = {
  id: 'reference', label: 'float64 reference', group: 'reference',
  setup(w) {
    const d = w.data();
    const o = w.mode === 'grad' ? { grad: true } : {};
    const f = API[w.loss];
    return { fn: () => f(reference, d, o, w), check: () => unwrap(f(reference, d, o, w)) };
  },
};

// ---------------------------------------------------------------- plain Float32Array JS loops
const JS = {
  mse(x, y, g) {
    const n = x.length, s = 2 / n;
    let t = 0;
    if (g) for (let i = 0; i < n; i++) { const d = x[i] - y[i]; t += d * d; g[i] = s * d; }
    else for (let i = 0; i < n; i++) { const d = x[i] - y[i]; t += d * d; }
    return t / n;
  },
  l1(x, y, g) {
    const n = x.length, s = 1 / n;
    let t = 0;
    if (g) for (let i = 0; i < n; i++) { const d = x[i] - y[i]; t += Math.abs(d); g[i] = d > 0 ? s : d < 0 ? -s : 0; }
    else for (let i = 0; i < n; i++) t += Math.abs(x[i] - y[i]);
    return t / n;
  },
  smooth_l1(x, y, g) {
    const n = x.length, s = 1 / n;
    let t = 0;
    // beta = 1, branch-free: m = min(|d|, 1), l = m(|d| − m/2), grad clamp(d, −1, 1)/n
    if (g) for (let i = 0; i < n; i++) { const d = x[i] - y[i], a = Math.abs(d), m = a < 1 ? a : 1; t += m * (a - 0.5 * m); g[i] = (d < -1 ? -1 : d > 1 ? 1 : d) * s; }
    else for (let i = 0; i < n; i++) { const d = x[i] - y[i], a = Math.abs(d), m = a < 1 ? a : 1; t += m * (a - 0.5 * m); }
    return t / n;
  },
  bce_logits(x, y, g) {
    const n = x.length, s = 1 / n;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i], yt = y[i];
      const e = Math.exp(-Math.abs(v)), l = Math.log1p(e);
      t += (1 - yt) * ((v > 0 ? v : 0) + l) + yt * ((v < 0 ? -v : 0) + l);
      if (g) { const r = 1 / (1 + e); g[i] = ((v >= 0 ? r : e * r) - yt) * s; }
    }
    return t / n;
  },
  sigmoid_focal(x, y, g) {
    const n = x.length, s = 1 / n, alpha = 0.25;
    let t = 0;
    for (let i = 0; i < n; i++) {
      const v = x[i], yt = y[i];
      const e = Math.exp(-Math.abs(v)), l = Math.log1p(e);
      const ce = (1 - yt) * ((v > 0 ? v : 0) + l) + yt * ((v < 0 ? -v : 0) + l);
      const r = 1 / (1 + e), sp = v >= 0 ? r : e * r, sn = v >= 0 ? e * r : r;
      const q = yt * sn + (1 - yt) * sp, at = alpha * yt + (1 - alpha) * (1 - yt), m = q * q;
      t += at * ce * m;
      if (g) g[i] = at * (m * (sp - yt) + ce * 2 * q * (1 - 2 * yt) * sp * sn) * s;
    }
    return t / n;
  },
  cross_entropy(x, y, g, C) {
    const rows = y.length, s = 1 / rows;
    let t = 0;
    for (let r = 0; r < rows; r++) {
      const b = r * C;
      let m = -Infinity;
      for (let c = 0; c < C; c++) if (x[b + c] > m) m = x[b + c];
      let sum = 0;
      if (g) { for (let c = 0; c < C; c++) { const e = Math.exp(x[b + c] - m); g[b + c] = e; sum += e; } }
      else for (let c = 0; c < C; c++) sum += Math.exp(x[b + c] - m);
      if (g) { const f = s / sum; for (let c = 0; c < C; c++) g[b + c] *= f; g[b + y[r]] -= s; }
      t += m + Math.log(sum) - x[b + y[r]];
    }
    return t / rows;
  },
  giou(p, q, g) {
    const N = p.length / 4, s = 1 / N, eps = 1e-7;
    let t = 0;
    for (let i = 0; i < N; i++) {
      const j = 4 * i;
      const x1 = p[j], y1 = p[j + 1], x2 = p[j + 2], y2 = p[j + 3], X1 = q[j], Y1 = q[j + 1], X2 = q[j + 2], Y2 = q[j + 3];
      const iw = Math.min(x2, X2) - Math.max(x1, X1), ih = Math.min(y2, Y2) - Math.max(y1, Y1);
      const inside = iw > 0 && ih > 0, I = inside ? iw * ih : 0;
      const w1 = x2 - x1, h1 = y2 - y1, U = w1 * h1 + (X2 - X1) * (Y2 - Y1) - I;
      const cw = Math.max(x2, X2) - Math.min(x1, X1), ch = Math.max(y2, Y2) - Math.min(y1, Y1), Ac = cw * ch;
      const ue = U + eps, ae = Ac + eps;
      t += 1 - I / ue + (Ac - U) / ae;
      if (g) {
        const gU = I / (ue * ue) - 1 / ae, gI = -1 / ue - gU, gAc = ue / (ae * ae);
        let gx1 = -gU * h1, gx2 = gU * h1, gy1 = -gU * w1, gy2 = gU * w1;
        if (inside) {
          const giw = gI * ih, gih = gI * iw;
          if (x2 <= X2) gx2 += giw; if (x1 >= X1) gx1 -= giw; if (y2 <= Y2) gy2 += gih; if (y1 >= Y1) gy1 -= gih;
        }
        const gcw = gAc * ch, gch = gAc * cw;
        if (x2 >= X2) gx2 += gcw; if (x1 <= X1) gx1 -= gcw; if (y2 >= Y2) gy2 += gch; if (y1 <= Y1) gy1 -= gch;
        g[j] = gx1 * s; g[j + 1] = gy1 * s; g[j + 2] = gx2 * s; g[j + 3] = gy2 * s;
      }
    }
    return t / N;
  },
  ciou(p, q, g) {
    const N = p.length / 4, s = 1 / N, eps = 1e-7, k4 = 4 / (Math.PI * Math.PI);
    let t = 0;
    for (let i = 0; i < N; i++) {
      const j = 4 * i;
      const x1 = p[j], y1 = p[j + 1], x2 = p[j + 2], y2 = p[j + 3], X1 = q[j], Y1 = q[j + 1], X2 = q[j + 2], Y2 = q[j + 3];
      const iw = Math.min(x2, X2) - Math.max(x1, X1), ih = Math.min(y2, Y2) - Math.max(y1, Y1);
      const inside = iw > 0 && ih > 0, I = inside ? iw * ih : 0;
      const w1 = x2 - x1, h1 = y2 - y1, wg = X2 - X1, hg = Y2 - Y1, U = w1 * h1 + wg * hg - I;
      const ue = U + eps, iou = I / ue;
      const cw = Math.max(x2, X2) - Math.min(x1, X1), ch = Math.max(y2, Y2) - Math.min(y1, Y1), c2 = cw * cw + ch * ch + eps;
      const dx = 0.5 * (x1 + x2) - 0.5 * (X1 + X2), dy = 0.5 * (y1 + y2) - 0.5 * (Y1 + Y2), rho2 = dx * dx + dy * dy;
      const da = Math.atan(wg / hg) - Math.atan(w1 / h1), v = k4 * da * da, alpha = v / (1 - iou + v + eps);
      t += 1 - iou + rho2 / c2 + alpha * v;
      if (g) {
        const gU = I / (ue * ue), gI = -1 / ue - gU;
        let gx1 = -gU * h1, gx2 = gU * h1, gy1 = -gU * w1, gy2 = gU * w1;
        if (inside) {
          const giw = gI * ih, gih = gI * iw;
          if (x2 <= X2) gx2 += giw; if (x1 >= X1) gx1 -= giw; if (y2 <= Y2) gy2 += gih; if (y1 >= Y1) gy1 -= gih;
        }
        const grho = 1 / c2, gc2 = -rho2 / (c2 * c2);
        gx1 += dx * grho; gx2 += dx * grho; gy1 += dy * grho; gy2 += dy * grho;
        const gcw = 2 * cw * gc2, gch = 2 * ch * gc2;
        if (x2 >= X2) gx2 += gcw; if (x1 <= X1) gx1 -= gcw; if (y2 >= Y2) gy2 += gch; if (y1 <= Y1) gy1 -= gch;
        const f = 2 * k4 * alpha * da / (w1 * w1 + h1 * h1), gw = -f * h1, gh = f * w1;
        gx2 += gw; gx1 -= gw; gy2 += gh; gy1 -= gh;
        g[j] = gx1 * s; g[j + 1] = gy1 * s; g[j + 2] = gx2 * s; g[j + 3] = gy2 * s;
      }
    }
    return t / N;
  },
};

const jsImpl = {
  id: 'js', label: 'plain Float32Array JS loop', group: 'baseline',
  setup(w) {
    const d = w.data();
    const g = w.mode === 'grad' ? new Float32Array(d.x.length) : null;
    const f = JS[w.loss];
    // The gradient array is preallocated, as in the C baselines and the LossModule path.
    const fn = () => f(d.x, d.y, g, w.C);
    return { fn, check: () => ({ value: f(d.x, d.y, g, w.C), grad: g ? g.slice() : null }) };
  },
};

// ---------------------------------------------------------------- native C (N-API addon per gcc variant)
const C_ID = { mse: 0, l1: 1, smooth_l1: 2, bce_logits: 3, sigmoid_focal: 4, cross_entropy: 5, giou: 6, ciou: 7 };
function cImpl(variant, addon) {
  return {
    id: variant.id, label: variant.label, group: 'native',
    setup(w) {
      const d = w.data();
      const id = C_ID[w.loss];
      const box = w.loss === 'giou' || w.loss === 'ciou';
      const n = w.loss === 'cross_entropy' ? w.rows : box ? d.x.length / 4 : d.x.length;
      const p0 = w.loss === 'smooth_l1' ? 1 : w.loss === 'sigmoid_focal' ? 0.25 : w.loss === 'cross_entropy' ? w.C : box ? 1e-7 : 0;
      const p1 = w.loss === 'sigmoid_focal' ? 2 : 0;
      const g = w.mode === 'grad' ? new Float32Array(d.x.length) : null;
      // The gradient array is preallocated (a C caller passes its own buffer).
      const fn = () => addon.call(id, d.x, d.y, g, n, p0, p1);
      return { fn, check: () => ({ value: fn(), grad: g ? g.slice() : null }) };
    },
  };
}

// ---------------------------------------------------------------- tfjs (cpu and wasm backends)
function tfjsLosses(tf) {
  const split = (b) => tf.split(b, 4, 1);
  const boxParts = (p, q) => {
    const [x1, y1, x2, y2] = split(p), [X1, Y1, X2, Y2] = split(q);
    const iw = tf.relu(tf.sub(tf.minimum(x2, X2), tf.maximum(x1, X1)));
    const ih = tf.relu(tf.sub(tf.minimum(y2, Y2), tf.maximum(y1, Y1)));
    const I = tf.mul(iw, ih);
    const w1 = tf.sub(x2, x1), h1 = tf.sub(y2, y1), wg = tf.sub(X2, X1), hg = tf.sub(Y2, Y1);
    const U = tf.sub(tf.add(tf.mul(w1, h1), tf.mul(wg, hg)), I);
    const iou = tf.div(I, tf.add(U, 1e-7));
    const cw = tf.sub(tf.maximum(x2, X2), tf.minimum(x1, X1)), ch = tf.sub(tf.maximum(y2, Y2), tf.minimum(y1, Y1));
    return { x1, y1, x2, y2, X1, Y1, X2, Y2, w1, h1, wg, hg, U, iou, cw, ch };
  };
  const ciouV = (b) => tf.mul(4 / (Math.PI * Math.PI), tf.square(tf.sub(tf.atan(tf.div(b.wg, b.hg)), tf.atan(tf.div(b.w1, b.h1)))));
  return {
    mse: (x, y) => tf.losses.meanSquaredError(y, x),
    l1: (x, y) => tf.losses.absoluteDifference(y, x),
    smooth_l1: (x, y) => tf.losses.huberLoss(y, x, undefined, 1),
    bce_logits: (x, y) => tf.losses.sigmoidCrossEntropy(y, x),
    sigmoid_focal: (x, y) => {
      const p = tf.sigmoid(x);
      const ce = tf.losses.sigmoidCrossEntropy(y, x, undefined, 0, tf.Reduction.NONE);
      const q = tf.sub(tf.add(p, y), tf.mul(2, tf.mul(p, y))); // 1 − p_t
      const at = tf.sub(0.75, tf.mul(0.5, y)); // α·y + (1 − α)(1 − y), α = 0.25
      return tf.mean(tf.mul(tf.mul(at, ce), tf.square(q)));
    },
    cross_entropy: (x, y) => tf.losses.softmaxCrossEntropy(y, x),
    giou: (p, q) => {
      const b = boxParts(p, q);
      const Ac = tf.mul(b.cw, b.ch);
      return tf.mean(tf.add(tf.sub(1, b.iou), tf.div(tf.sub(Ac, b.U), tf.add(Ac, 1e-7))));
    },
    ciou: (p, q, alpha) => {
      const b = boxParts(p, q);
      const c2 = tf.add(tf.add(tf.square(b.cw), tf.square(b.ch)), 1e-7);
      const dx = tf.mul(0.5, tf.sub(tf.add(b.x1, b.x2), tf.add(b.X1, b.X2)));
      const dy = tf.mul(0.5, tf.sub(tf.add(b.y1, b.y2), tf.add(b.Y1, b.Y2)));
      const rho2 = tf.add(tf.square(dx), tf.square(dy));
      const v = ciouV(b);
      // torchvision computes alpha under no_grad; tfjs has no stop-gradient, so it is passed in as a constant.
      const a = alpha ?? tf.div(v, tf.add(tf.add(tf.sub(1, b.iou), v), 1e-7));
      return tf.mean(tf.add(tf.add(tf.sub(1, b.iou), tf.div(rho2, c2)), tf.mul(a, v)));
    },
    ciouAlpha: (p, q) => {
      const b = boxParts(p, q);
      const v = ciouV(b);
      return tf.div(v, tf.add(tf.add(tf.sub(1, b.iou), v), 1e-7));
    },
  };
}

function tfjsImpl(tf, backend) {
  const L = tfjsLosses(tf);
  return {
    id: `tfjs-${backend}`, label: `tfjs 4.22 ${backend} backend`, group: 'tfjs',
    setup(w) {
      const d = w.data();
      const grad = w.mode === 'grad';
      const box = w.loss === 'giou' || w.loss === 'ciou';
      const shape = box ? [d.x.length / 4, 4] : w.loss === 'cross_entropy' ? [w.rows, w.C] : [d.x.length];
      const f = L[w.loss];
      const prepare = async () => { if (tf.getBackend() !== backend) await tf.setBackend(backend); };
      // Inputs arrive as Float32Arrays and results leave as numbers/Float32Arrays, as with edgeloss.
      const fn = () => tf.tidy(() => {
        const x = tf.tensor(d.x, shape);
        const y = w.loss === 'cross_entropy' ? tf.oneHot(tf.tensor1d(d.y, 'int32'), w.C) : tf.tensor(d.y, shape);
        if (!grad) return { value: f(x, y).dataSync()[0], grad: null };
        const alpha = w.loss === 'ciou' ? L.ciouAlpha(x, y) : undefined;
        const { value, grad: gx } = tf.valueAndGrad((xx) => f(xx, y, alpha))(x);
        return { value: value.dataSync()[0], grad: gx.dataSync() };
      });
      return { fn, prepare, check: async () => { await prepare(); return fn(); } };
    },
  };
}

// ---------------------------------------------------------------- the list
export async function implementations({ native, tfjs, head }) {
  const simd = await loadEdgeLoss({ build: 'simd' });
  const mvp = await loadEdgeLoss({ build: 'mvp' });
  const list = [
    apiImpl('simd-api', 'edgeloss SIMD, high-level API', () => simd),
    lmImpl('simd-lm', 'edgeloss SIMD, LossModule (fill, call, read)', 'simd'),
    residentImpl('simd-resident', 'edgeloss SIMD, LossModule, data resident', 'simd'),
    apiImpl('mvp-api', 'edgeloss MVP, high-level API', () => mvp),
    lmImpl('mvp-lm', 'edgeloss MVP, LossModule (fill, call, read)', 'mvp'),
    residentImpl('mvp-resident', 'edgeloss MVP, LossModule, data resident', 'mvp'),
    ...(head ? [
      lmImpl('head-simd-lm', `edgeloss SIMD specialised for the ${head.label} head, LossModule (fill, call, read)`, { file: head.simd }),
      residentImpl('head-simd-resident', `edgeloss SIMD specialised for the ${head.label} head, data resident`, { file: head.simd }),
      lmImpl('head-mvp-lm', `edgeloss MVP specialised for the ${head.label} head, LossModule (fill, call, read)`, { file: head.mvp }),
    ] : []),
    refImpl,
    jsImpl,
  ];
  for (const v of native) list.push(cImpl(v, v.addon));
  if (tfjs) {
    // A backend switch per batch (setBackend on an initialised backend is cheap) keeps both in one process.
    list.push(tfjsImpl(tfjs, 'cpu'), tfjsImpl(tfjs, 'wasm'));
  }
  return list;
}
