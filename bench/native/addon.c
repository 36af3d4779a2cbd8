/*
 * N-API wrapper of losses.c, so that the C baselines run in the benchmark's own process and are interleaved with
 * the other implementations. One entry point: call(id, x, y, g | null, n, p0, p1) → value (double). The typed
 * arrays are passed by pointer (no copy); g receives the gradient when given. The call costs well under 1 µs.
 */
#include <node_api.h>
#include <stdint.h>

double c_mse(const float *, const float *, float *, int);
double c_l1(const float *, const float *, float *, int);
double c_smooth_l1(const float *, const float *, float *, int, float);
double c_bce_logits(const float *, const float *, float *, int);
double c_sigmoid_focal(const float *, const float *, float *, int, float, float);
double c_cross_entropy(const float *, const int32_t *, float *, int, int);
double c_giou(const float *, const float *, float *, int, float);
double c_ciou(const float *, const float *, float *, int, float);

static void *ta_data(napi_env env, napi_value v) {
  napi_valuetype t;
  napi_typeof(env, v, &t);
  if (t == napi_null || t == napi_undefined) return NULL;
  void *data = NULL;
  size_t len;
  napi_typedarray_type tt;
  napi_value ab;
  size_t off;
  if (napi_get_typedarray_info(env, v, &tt, &len, &data, &ab, &off) != napi_ok) return NULL;
  return data;
}

static napi_value call(napi_env env, napi_callback_info info) {
  size_t argc = 7;
  napi_value a[7];
  napi_get_cb_info(env, info, &argc, a, NULL, NULL);
  int32_t id = 0, n = 0;
  double p0 = 0, p1 = 0;
  napi_get_value_int32(env, a[0], &id);
  const float *x = ta_data(env, a[1]);
  const void *y = ta_data(env, a[2]);
  float *g = ta_data(env, a[3]);
  napi_get_value_int32(env, a[4], &n);
  if (argc > 5) napi_get_value_double(env, a[5], &p0);
  if (argc > 6) napi_get_value_double(env, a[6], &p1);
  double r = 0;
  switch (id) {
    case 0: r = c_mse(x, y, g, n); break;
    case 1: r = c_l1(x, y, g, n); break;
    case 2: r = c_smooth_l1(x, y, g, n, (float)p0); break;
    case 3: r = c_bce_logits(x, y, g, n); break;
    case 4: r = c_sigmoid_focal(x, y, g, n, (float)p0, (float)p1); break;
    case 5: r = c_cross_entropy(x, y, g, n, (int)p0); break;
    case 6: r = c_giou(x, y, g, n, (float)p0); break;
    case 7: r = c_ciou(x, y, g, n, (float)p0); break;
  }
  napi_value out;
  napi_create_double(env, r, &out);
  return out;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "call", NAPI_AUTO_LENGTH, call, NULL, &fn);
  napi_set_named_property(env, exports, "call", fn);
  return exports;
}
