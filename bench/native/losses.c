/*
 * Native C baselines for bench/ (issue 5): the same losses as the edgeloss kernels (PyTorch/torchvision semantics,
 * 'mean' reduction, gradient w.r.t. the input divided by the mean's denominator), in float32.
 *
 * Written for auto-vectorisation: every reduction keeps LANES independent partial sums (acc[k] over k < LANES), so
 * gcc -O3 can vectorise it without -ffast-math (a single running float sum would not vectorise: reassociation
 * changes the result). The lanes are added in double at the end, then the tail in double. Pointers are restrict.
 * transcendental calls (expf, log1pf, atanf) stay scalar libm calls unless -ffast-math lets gcc call glibc's
 * vector math (libmvec); that build is the "vectorised native limit".
 * Check what vectorised with the -fopt-info-vec report that bench/native/build.mjs writes beside each build.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#define LANES 16

static double lanes_total(const float *acc) {
  double t = 0;
  for (int k = 0; k < LANES; k++) t += acc[k];
  return t;
}

/* MSE: mean (x − y)²; grad 2(x − y)/n. */
double c_mse(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  float acc[LANES] = {0};
  const int nl = n - n % LANES;
  const float s = 2.0f / (float)n;
  int i = 0;
  if (g) {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) { float d = x[i + k] - y[i + k]; acc[k] += d * d; g[i + k] = s * d; }
  } else {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) { float d = x[i + k] - y[i + k]; acc[k] += d * d; }
  }
  double t = lanes_total(acc);
  for (; i < n; i++) { float d = x[i] - y[i]; t += (double)d * d; if (g) g[i] = s * d; }
  return t / n;
}

/* L1: mean |x − y|; grad sign(x − y)/n with sign(0) = 0. */
double c_l1(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  float acc[LANES] = {0};
  const int nl = n - n % LANES;
  const float s = 1.0f / (float)n;
  int i = 0;
  if (g) {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) {
        float d = x[i + k] - y[i + k];
        acc[k] += fabsf(d);
        g[i + k] = d > 0 ? s : (d < 0 ? -s : 0.0f);
      }
  } else {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) acc[k] += fabsf(x[i + k] - y[i + k]);
  }
  double t = lanes_total(acc);
  for (; i < n; i++) { float d = x[i] - y[i]; t += fabsf(d); if (g) g[i] = d > 0 ? s : (d < 0 ? -s : 0.0f); }
  return t / n;
}

/* SmoothL1 (beta > 0): |d| < β ? 0.5d²/β : |d| − 0.5β, written branch-free as m = min(|d|, β),
   l = m·(|d| − 0.5m)/β; grad copysign(m, d)/β/n = clamp(d/β, −1, 1)/n. */
double c_smooth_l1(const float *restrict x, const float *restrict y, float *restrict g, int n, float beta) {
  float acc[LANES] = {0};
  const int nl = n - n % LANES;
  const float s = 1.0f / (float)n, ib = 1.0f / beta;
  int i = 0;
  if (g) {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) {
        float d = x[i + k] - y[i + k], a = fabsf(d);
        float m = a < beta ? a : beta;
        acc[k] += m * (a - 0.5f * m) * ib;
        g[i + k] = copysignf(m, d) * ib * s; /* clamp(d/β, −1, 1) */
      }
  } else {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) {
        float d = x[i + k] - y[i + k], a = fabsf(d);
        float m = a < beta ? a : beta;
        acc[k] += m * (a - 0.5f * m) * ib;
      }
  }
  double t = lanes_total(acc);
  for (; i < n; i++) {
    float d = x[i] - y[i], a = fabsf(d), m = a < beta ? a : beta;
    t += m * (a - 0.5f * m) * ib;
    if (g) g[i] = copysignf(m, d) * ib * s;
  }
  return t / n;
}

/* BCE with logits: (1 − y)·softplus(x) + y·softplus(−x), softplus(z) = max(z, 0) + log1p(exp(−|z|));
   grad (σ(x) − y)/n. */
double c_bce_logits(const float *restrict x, const float *restrict y, float *restrict g, int n) {
  float acc[LANES] = {0};
  const int nl = n - n % LANES;
  const float s = 1.0f / (float)n;
  int i = 0;
  if (g) {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) {
        float v = x[i + k], t = y[i + k];
        float e = expf(-fabsf(v)), l = log1pf(e);
        float spp = (v > 0 ? v : 0.0f) + l, spn = (v < 0 ? -v : 0.0f) + l;
        acc[k] += (1.0f - t) * spp + t * spn;
        float r = 1.0f / (1.0f + e);
        float sig = v >= 0 ? r : e * r;
        g[i + k] = (sig - t) * s;
      }
  } else {
    for (; i < nl; i += LANES)
      for (int k = 0; k < LANES; k++) {
        float v = x[i + k], t = y[i + k];
        float l = log1pf(expf(-fabsf(v)));
        acc[k] += (1.0f - t) * ((v > 0 ? v : 0.0f) + l) + t * ((v < 0 ? -v : 0.0f) + l);
      }
  }
  double tt = lanes_total(acc);
  for (; i < n; i++) {
    float v = x[i], t = y[i];
    float e = expf(-fabsf(v)), l = log1pf(e);
    tt += (1.0f - t) * ((v > 0 ? v : 0.0f) + l) + t * ((v < 0 ? -v : 0.0f) + l);
    if (g) { float r = 1.0f / (1.0f + e); g[i] = ((v >= 0 ? r : e * r) - t) * s; }
  }
  return tt / n;
}

/* One focal element (torchvision sigmoid_focal_loss), gamma = 2 specialised (q² instead of powf). */
#define FOCAL_BODY(Q2, DQ)                                                                                   \
  float v = x[j], t = y[j];                                                                                  \
  float e = expf(-fabsf(v)), l = log1pf(e);                                                                  \
  float ce = (1.0f - t) * ((v > 0 ? v : 0.0f) + l) + t * ((v < 0 ? -v : 0.0f) + l);                         \
  float r = 1.0f / (1.0f + e);                                                                               \
  float sp = v >= 0 ? r : e * r, sn = v >= 0 ? e * r : r; /* σ(x), σ(−x) */                                 \
  float q = t * sn + (1.0f - t) * sp;                     /* 1 − p_t */                                      \
  float at = alpha * t + (1.0f - alpha) * (1.0f - t);                                                        \
  float m = Q2;                                                                                              \
  float lv = at * ce * m;

double c_sigmoid_focal(const float *restrict x, const float *restrict y, float *restrict g, int n, float alpha, float gamma) {
  float acc[LANES] = {0};
  const int nl = n - n % LANES;
  const float s = 1.0f / (float)n;
  double tt = 0;
  int i = 0;
  if (gamma == 2.0f) {
    if (g) {
      for (; i < nl; i += LANES)
        for (int k = 0; k < LANES; k++) {
          int j = i + k;
          FOCAL_BODY(q * q, 0)
          acc[k] += lv;
          g[j] = at * (m * (sp - t) + ce * 2.0f * q * (1.0f - 2.0f * t) * sp * sn) * s;
        }
    } else {
      for (; i < nl; i += LANES)
        for (int k = 0; k < LANES; k++) {
          int j = i + k;
          FOCAL_BODY(q * q, 0)
          acc[k] += lv;
        }
    }
    tt = lanes_total(acc);
    for (; i < n; i++) {
      int j = i;
      FOCAL_BODY(q * q, 0)
      tt += lv;
      if (g) g[j] = at * (m * (sp - t) + ce * 2.0f * q * (1.0f - 2.0f * t) * sp * sn) * s;
    }
  } else {
    for (; i < n; i++) {
      int j = i;
      FOCAL_BODY(powf(q, gamma), 0)
      tt += lv;
      if (g) {
        float dm = (q == 0 || gamma == 0) ? 0.0f : gamma * powf(q, gamma - 1) * (1.0f - 2.0f * t) * sp * sn;
        g[j] = at * (m * (sp - t) + ce * dm) * s;
      }
    }
  }
  return tt / n;
}

/* Softmax cross-entropy over rows of C logits, class-index targets, mean over rows; grad (softmax − onehot)/N. */
double c_cross_entropy(const float *restrict x, const int32_t *restrict y, float *restrict g, int rows, int C) {
  double total = 0;
  const float s = 1.0f / (float)rows;
  const int cl = C - C % LANES;
  for (int r = 0; r < rows; r++) {
    const float *xr = x + (size_t)r * C;
    float mx[LANES];
    for (int k = 0; k < LANES; k++) mx[k] = -INFINITY;
    int c = 0;
    for (; c < cl; c += LANES)
      for (int k = 0; k < LANES; k++) mx[k] = xr[c + k] > mx[k] ? xr[c + k] : mx[k];
    float m = -INFINITY;
    for (int k = 0; k < LANES; k++) m = mx[k] > m ? mx[k] : m;
    for (; c < C; c++) m = xr[c] > m ? xr[c] : m;
    float acc[LANES] = {0};
    c = 0;
    if (g) {
      float *gr = g + (size_t)r * C;
      for (; c < cl; c += LANES)
        for (int k = 0; k < LANES; k++) { float e = expf(xr[c + k] - m); gr[c + k] = e; acc[k] += e; }
      double sum = lanes_total(acc);
      for (; c < C; c++) { float e = expf(xr[c] - m); gr[c] = e; sum += e; }
      const float f = s / (float)sum;
      for (c = 0; c < C; c++) gr[c] *= f;
      gr[y[r]] -= s;
      total += m + log(sum) - xr[y[r]];
    } else {
      for (; c < cl; c += LANES)
        for (int k = 0; k < LANES; k++) acc[k] += expf(xr[c + k] - m);
      double sum = lanes_total(acc);
      for (; c < C; c++) sum += expf(xr[c] - m);
      total += m + log(sum) - xr[y[r]];
    }
  }
  return total / rows;
}

/* GIoU loss (torchvision generalized_box_iou_loss, xyxy, eps), mean over N; grad w.r.t. the predicted boxes. */
double c_giou(const float *restrict p, const float *restrict q, float *restrict g, int N, float eps) {
  double total = 0;
  const float s = 1.0f / (float)N;
  for (int i = 0; i < N; i++) {
    float x1 = p[4 * i], y1 = p[4 * i + 1], x2 = p[4 * i + 2], y2 = p[4 * i + 3];
    float X1 = q[4 * i], Y1 = q[4 * i + 1], X2 = q[4 * i + 2], Y2 = q[4 * i + 3];
    float ix1 = x1 > X1 ? x1 : X1, iy1 = y1 > Y1 ? y1 : Y1, ix2 = x2 < X2 ? x2 : X2, iy2 = y2 < Y2 ? y2 : Y2;
    float iw = ix2 - ix1, ih = iy2 - iy1;
    int inside = iw > 0 && ih > 0;
    float I = inside ? iw * ih : 0.0f;
    float w1 = x2 - x1, h1 = y2 - y1;
    float U = w1 * h1 + (X2 - X1) * (Y2 - Y1) - I;
    float cx1 = x1 < X1 ? x1 : X1, cy1 = y1 < Y1 ? y1 : Y1, cx2 = x2 > X2 ? x2 : X2, cy2 = y2 > Y2 ? y2 : Y2;
    float cw = cx2 - cx1, ch = cy2 - cy1, Ac = cw * ch;
    float ue = U + eps, ae = Ac + eps;
    float l = 1.0f - I / ue + (Ac - U) / ae;
    total += l;
    if (g) {
      float gU = I / (ue * ue) - 1.0f / ae;
      float gI = -1.0f / ue - gU;
      float gAc = ue / (ae * ae);
      float gx1 = 0, gy1 = 0, gx2 = 0, gy2 = 0;
      gx1 -= gU * h1; gx2 += gU * h1; gy1 -= gU * w1; gy2 += gU * w1;
      if (inside) {
        float giw = gI * ih, gih = gI * iw;
        if (x2 <= X2) gx2 += giw;
        if (x1 >= X1) gx1 -= giw;
        if (y2 <= Y2) gy2 += gih;
        if (y1 >= Y1) gy1 -= gih;
      }
      float gcw = gAc * ch, gch = gAc * cw;
      if (x2 >= X2) gx2 += gcw;
      if (x1 <= X1) gx1 -= gcw;
      if (y2 >= Y2) gy2 += gch;
      if (y1 <= Y1) gy1 -= gch;
      g[4 * i] = gx1 * s; g[4 * i + 1] = gy1 * s; g[4 * i + 2] = gx2 * s; g[4 * i + 3] = gy2 * s;
    }
  }
  return total / N;
}

/* CIoU loss (torchvision complete_box_iou_loss, xyxy, eps; alpha held constant), mean over N; grad w.r.t. pred. */
double c_ciou(const float *restrict p, const float *restrict q, float *restrict g, int N, float eps) {
  double total = 0;
  const float s = 1.0f / (float)N;
  const float k4 = 4.0f / (float)(M_PI * M_PI);
  for (int i = 0; i < N; i++) {
    float x1 = p[4 * i], y1 = p[4 * i + 1], x2 = p[4 * i + 2], y2 = p[4 * i + 3];
    float X1 = q[4 * i], Y1 = q[4 * i + 1], X2 = q[4 * i + 2], Y2 = q[4 * i + 3];
    float ix1 = x1 > X1 ? x1 : X1, iy1 = y1 > Y1 ? y1 : Y1, ix2 = x2 < X2 ? x2 : X2, iy2 = y2 < Y2 ? y2 : Y2;
    float iw = ix2 - ix1, ih = iy2 - iy1;
    int inside = iw > 0 && ih > 0;
    float I = inside ? iw * ih : 0.0f;
    float w1 = x2 - x1, h1 = y2 - y1, wg = X2 - X1, hg = Y2 - Y1;
    float U = w1 * h1 + wg * hg - I;
    float ue = U + eps, iou = I / ue;
    float cx1 = x1 < X1 ? x1 : X1, cy1 = y1 < Y1 ? y1 : Y1, cx2 = x2 > X2 ? x2 : X2, cy2 = y2 > Y2 ? y2 : Y2;
    float cw = cx2 - cx1, ch = cy2 - cy1;
    float c2 = cw * cw + ch * ch + eps;
    float dx = 0.5f * (x1 + x2) - 0.5f * (X1 + X2), dy = 0.5f * (y1 + y2) - 0.5f * (Y1 + Y2);
    float rho2 = dx * dx + dy * dy;
    float da = atanf(wg / hg) - atanf(w1 / h1);
    float v = k4 * da * da;
    float alpha = v / (1.0f - iou + v + eps);
    float l = 1.0f - iou + rho2 / c2 + alpha * v;
    total += l;
    if (g) {
      float gI = -1.0f / ue, gU = I / (ue * ue);
      gI -= gU;
      float gx1 = 0, gy1 = 0, gx2 = 0, gy2 = 0;
      gx1 -= gU * h1; gx2 += gU * h1; gy1 -= gU * w1; gy2 += gU * w1;
      if (inside) {
        float giw = gI * ih, gih = gI * iw;
        if (x2 <= X2) gx2 += giw;
        if (x1 >= X1) gx1 -= giw;
        if (y2 <= Y2) gy2 += gih;
        if (y1 >= Y1) gy1 -= gih;
      }
      float grho = 1.0f / c2, gc2 = -rho2 / (c2 * c2);
      gx1 += dx * grho; gx2 += dx * grho; gy1 += dy * grho; gy2 += dy * grho;
      float gcw = 2.0f * cw * gc2, gch = 2.0f * ch * gc2;
      if (x2 >= X2) gx2 += gcw;
      if (x1 <= X1) gx1 -= gcw;
      if (y2 >= Y2) gy2 += gch;
      if (y1 <= Y1) gy1 -= gch;
      float den = w1 * w1 + h1 * h1, f = 2.0f * k4 * alpha * da / den;
      float gw = -f * h1, gh = f * w1; /* d(αv)/dw1, d(αv)/dh1 */
      gx2 += gw; gx1 -= gw; gy2 += gh; gy1 -= gh;
      g[4 * i] = gx1 * s; g[4 * i + 1] = gy1 * s; g[4 * i + 2] = gx2 * s; g[4 * i + 3] = gy2 * s;
    }
  }
  return total / N;
}
