/**
 * TypeScript mirror of assembly/status.ts and assembly/config.ts: status codes, argument ids, flag bits, result
 * modes and buffer ids of the ABI. test/host/abi.test.ts checks this mirror against the compiled modules.
 */
export const ABI_VERSION = 1;

export const STATUS = { OK: 0, E_LENGTH: 1, E_CAPACITY: 2, E_RANGE: 3, E_OPTION: 4 } as const;
export const ARG = { INPUT: 0, TARGET: 1, WEIGHT: 2, POS_WEIGHT: 3, PARAM: 4 } as const;
export const FLAG = { GRAD: 1, NONE: 2, WEIGHT: 4, POS_WEIGHT: 8, PROB_TARGET: 16, CLAMP: 32 } as const;
/** Ids of the box kernels' format, convention and iou mode arguments. */
export const BOX_FORMAT = { xyxy: 0, cxcywh: 1, xywh: 2, ltrb: 3 } as const;
export const BOX_CONVENTION = { torchvision: 0, ultralytics: 1, mmdet: 2 } as const;
export const IOU_MODE = { linear: 0, square: 1, log: 2 } as const;
export const MODE = { SUM: 0, MEAN: 1, ROOT_MEAN: 2 } as const;
export const BUFFER = { INPUT: 0, TARGET: 1, GRAD: 2, OUT: 3, WEIGHT: 4, AUX: 5 } as const;
/** Convention ids of the `bce` kernel. */
export const BCE_CONVENTION = { pytorch: 0, tfjs: 1, keras: 2 } as const;

/** The exports of edgeloss.{simd,mvp}.wasm (identical in both builds). Pointers are byte offsets. */
export interface KernelExports {
  memory: WebAssembly.Memory;
  abi_version(): number;
  capacity(): number;
  input_ptr(): number;
  target_ptr(): number;
  grad_ptr(): number;
  out_ptr(): number;
  weight_ptr(): number;
  aux_ptr(): number;
  reset(): void;
  result(mode: number, denom: number): number;
  err_index(): number;
  err_arg(): number;
  sum_aux(n: number): number;
  set_f32(buffer: number, i: number, v: number): number;
  get_f32(buffer: number, i: number): number;
  set_i32(buffer: number, i: number, v: number): number;
  get_i32(buffer: number, i: number): number;
  get_bits(buffer: number, i: number): number;
  l1(n: number, flags: number, denom: number): number;
  mse(n: number, flags: number, denom: number): number;
  rmse(n: number, flags: number, denom: number, root: number): number;
  power(n: number, flags: number, denom: number, p: number): number;
  smooth_l1(n: number, flags: number, denom: number, beta: number): number;
  huber(n: number, flags: number, denom: number, delta: number): number;
  bce(n: number, flags: number, denom: number, convention: number, eps: number): number;
  bce_logits(n: number, flags: number, denom: number): number;
  cross_entropy(rows: number, numClasses: number, flags: number, denom: number, ignoreIndex: number, labelSmoothing: number): number;
  cross_entropy_row_begin(): void;
  cross_entropy_row_lse(n: number, flags: number, numClasses: number, labelSmoothing: number): number;
  cross_entropy_row_terms(
    n: number, offset: number, flags: number, denom: number, target: number, targetWeight: number,
    ignoreIndex: number, numClasses: number, labelSmoothing: number,
  ): number;
  cross_entropy_row_value(): number;
  iou(n: number, flags: number, denom: number, format: number, convention: number, eps: number, mode: number): number;
  giou(n: number, flags: number, denom: number, format: number, convention: number, eps: number): number;
  diou(n: number, flags: number, denom: number, format: number, convention: number, eps: number): number;
  ciou(n: number, flags: number, denom: number, format: number, convention: number, eps: number): number;
  eiou(n: number, flags: number, denom: number, format: number, convention: number, eps: number): number;
  siou(n: number, flags: number, denom: number, format: number, convention: number, eps: number, negGamma: number): number;
  box_iou(n: number, m: number, format: number, plus1: number): number;
  // @box-losses (add signatures above)
  sigmoid_focal(n: number, flags: number, denom: number, alpha: number, gamma: number): number;
  softmax_focal(rows: number, numClasses: number, flags: number, denom: number, ignoreIndex: number, labelSmoothing: number, alpha: number, gamma: number): number;
  qfl(rows: number, numClasses: number, flags: number, denom: number, beta: number): number;
  vfl(n: number, flags: number, denom: number, alpha: number, gamma: number): number;
  dfl(rows: number, regMax: number, flags: number, denom: number, convention: number, clampTarget: number): number;
  centerness(rows: number, flags: number, denom: number): number;
  centerness_target(rows: number): number;
  wing(n: number, flags: number, denom: number, omega: number, epsilon: number): number;
  oks(rows: number, numKeypoints: number, flags: number, denom: number): number;
  // @cls-losses (add signatures above)
  abort_line(): number;
  abort_column(): number;
}
