/**
 * Public types shared by the Wasm-backed API (`loadEdgeLoss`) and the float64 `reference`.
 * The semantics of every loss are stated in docs/semantics.md.
 */

/** How per-element losses are reduced. `'none'` keeps one value per element (per row for cross-entropy). */
export type Reduction = 'none' | 'mean' | 'sum';

/** Which build of the kernels to load. `'auto'` probes SIMD support with `WebAssembly.validate`. */
export type BuildChoice = 'auto' | 'simd' | 'mvp';

/** Any array of numbers the API accepts as float input. It is copied to float32 before the kernel runs. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array | ArrayLike<number>;

/** Options every loss takes. */
export interface BaseOptions {
  /** Reduction; default `'mean'`. */
  reduction?: Reduction;
  /** Return `{ value, grad }` with d(reduced loss)/d(input); default false. */
  grad?: boolean;
}

export interface PowerOptions extends BaseOptions {
  /** Exponent p > 0; default 2. */
  p?: number;
}
export interface SmoothL1Options extends BaseOptions {
  /** Threshold beta >= 0 between the quadratic and linear parts; default 1. beta = 0 is exactly L1. */
  beta?: number;
}
export interface HuberOptions extends BaseOptions {
  /** Threshold delta > 0; default 1. */
  delta?: number;
}
/** Which peer's treatment of probabilities at 0 and 1 `binaryCrossEntropy` follows. */
export type BceConvention = 'pytorch' | 'tfjs' | 'keras';
export interface BceOptions extends BaseOptions {
  /** Per-element weight, broadcast over the trailing dimension (length 1, n, or L dividing n). */
  weight?: NumericArray;
  /** Default 'pytorch' (log clamped at -100). */
  convention?: BceConvention;
  /** eps of the 'tfjs' and 'keras' conventions; default 1e-7. Not used by 'pytorch'. */
  eps?: number;
}
export interface BceWithLogitsOptions extends BaseOptions {
  /** Per-element weight, broadcast over the trailing dimension (length 1, n, or L dividing n). */
  weight?: NumericArray;
  /** Weight of the positive term, broadcast like `weight` (PyTorch `pos_weight`, usually one per class). */
  posWeight?: NumericArray;
}
export interface CrossEntropyOptions extends BaseOptions {
  /** Number of classes C: the input is [N, C]. Required. */
  numClasses?: number;
  /** Class weights [C]. */
  weight?: NumericArray;
  /** Target index whose rows are skipped (index targets only); default -100. */
  ignoreIndex?: number;
  /** Label smoothing epsilon in [0, 1]; default 0. */
  labelSmoothing?: number;
}

/** Result of a call with `grad: true`. */
export interface GradResult<G> {
  /** The reduced value (number) or per-element values (array) for 'none'. */
  value: number | G;
  /** d(reduced value)/d(input), shaped like the input. */
  grad: G;
}

/** What a loss returns: a number for 'mean'/'sum', an array for 'none', `{ value, grad }` with `grad: true`. */
export type LossResult<A> = number | A | GradResult<A>;

/** Signature of every loss on the Wasm-backed API (float32 results). */
export type LossFn<O extends BaseOptions = BaseOptions, T = NumericArray> = (
  input: NumericArray,
  target: T,
  options?: O,
) => LossResult<Float32Array>;

/** Signature of every loss on the float64 reference. */
export type RefLossFn<O extends BaseOptions = BaseOptions, T = NumericArray> = (
  input: NumericArray,
  target: T,
  options?: O,
) => LossResult<Float64Array>;

/** The loss functions, one per row of the names table (src/names.ts). */
export interface Losses<A> {
  l1Loss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  mseLoss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  rmseLoss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  powerLoss(input: NumericArray, target: NumericArray, options?: PowerOptions): LossResult<A>;
  smoothL1Loss(input: NumericArray, target: NumericArray, options?: SmoothL1Options): LossResult<A>;
  huberLoss(input: NumericArray, target: NumericArray, options?: HuberOptions): LossResult<A>;
  binaryCrossEntropy(input: NumericArray, target: NumericArray, options?: BceOptions): LossResult<A>;
  binaryCrossEntropyWithLogits(input: NumericArray, target: NumericArray, options?: BceWithLogitsOptions): LossResult<A>;
  crossEntropy(input: NumericArray, target: NumericArray, options?: CrossEntropyOptions): LossResult<A>;
  // @box-losses (add methods above)
  // @cls-losses (add methods above)
}

/** The loaded Wasm-backed API. Every call is synchronous. */
export interface EdgeLoss extends Losses<Float32Array> {
  /** Which build was instantiated. */
  readonly build: 'simd' | 'mvp';
  /** Elements per static buffer; longer inputs are streamed in chunks of this size. */
  readonly capacity: number;
}
