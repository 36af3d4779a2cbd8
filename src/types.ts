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
  /** Per-element weight: length 1, n, or numClasses (one per class of an [N, C] input). */
  weight?: NumericArray;
  /** Default 'pytorch' (log clamped at -100). */
  convention?: BceConvention;
  /** eps of the 'tfjs' and 'keras' conventions; default 1e-7. Not used by 'pytorch'. */
  eps?: number;
  /** Trailing dimension C of an [N, C] input, so that a weight of length C applies per class. */
  numClasses?: number;
}
export interface BceWithLogitsOptions extends BaseOptions {
  /** Per-element weight, broadcast over the trailing dimension (length 1, n, or L dividing n). */
  weight?: NumericArray;
  /** Weight of the positive term, broadcast like `weight` (PyTorch `pos_weight`, usually one per class). */
  posWeight?: NumericArray;
  /** Trailing dimension C of an [N, C] input, so that a weight or posWeight of length C applies per class. */
  numClasses?: number;
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

/** Box layout of a [N, 4] array: corners, centre + size, top-left + size (COCO), or FCOS distances to one point. */
export type BoxFormat = 'xyxy' | 'cxcywh' | 'xywh' | 'ltrb';
/** Which peer's eps placements and details the box losses follow (docs/detection.md). */
export type BoxConvention = 'torchvision' | 'ultralytics' | 'mmdet';
export interface BoxLossOptions extends BaseOptions {
  /** Box layout of both pred and target; default 'xyxy'. */
  format?: BoxFormat;
  /** Default 'torchvision'. */
  convention?: BoxConvention;
  /** Stabiliser of the divisions; default 1e-7 (torchvision, ultralytics) or 1e-6 (mmdet). */
  eps?: number;
  /** Take inverted boxes (x2 < x1 or y2 < y1) as zero size instead of throwing E_RANGE; default false. */
  clamp?: boolean;
  /** Per-box weights [N] (or one value). */
  weight?: NumericArray;
  /** Divide the weighted sum by this instead of N for 'mean' (mmdet avg_factor, ultralytics target_scores_sum). */
  avgFactor?: number;
}
export interface IouLossOptions extends BoxLossOptions {
  /** 'linear' 1 − IoU, 'square' 1 − IoU², 'log' −ln IoU; default 'linear' ('log' under the mmdet convention). */
  mode?: 'linear' | 'square' | 'log';
}
export interface SiouLossOptions extends BoxLossOptions {
  /** Distance cost with e^(−γρ), as the SIoU paper (true, default) or mmdet's default e^(+γρ) (false; default under 'mmdet'). */
  negGamma?: boolean;
}
export interface BoxIouOptions {
  format?: BoxFormat;
  /** Pixel-inclusive side lengths (x2 − x1 + 1), as the VOC devkit; default false. */
  plus1?: boolean;
}

/** Which peer's gamma default and 'mean' sigmoidFocalLoss follows. */
export type SigmoidFocalConvention = 'torchvision' | 'ultralytics';
export interface SigmoidFocalOptions extends BaseOptions {
  /** Weight of the positive term (α·t + (1 − α)(1 − t)); default 0.25; a negative value turns the weighting off. */
  alpha?: number;
  /** Focusing exponent γ ≥ 0; default 2 (1.5 under 'ultralytics'). */
  gamma?: number;
  /** 'torchvision' (default; 'mean' Σ/n) or 'ultralytics' ('mean' Σ/C, its `.mean(1).sum()`). */
  convention?: SigmoidFocalConvention;
  /** C of an [N, C] input; required by 'ultralytics'. */
  numClasses?: number;
}
export interface SoftmaxFocalOptions extends BaseOptions {
  /** Number of classes C: the input is [N, C]. Required. */
  numClasses?: number;
  /** Scalar weight α ≥ 0 of every class; default 0.25. */
  alpha?: number;
  /** Focusing exponent γ ≥ 0; default 2. */
  gamma?: number;
  /** Target index whose rows are skipped (index targets only); default -100. */
  ignoreIndex?: number;
  /** Label smoothing epsilon in [0, 1]; default 0. */
  labelSmoothing?: number;
}
export interface QualityFocalOptions extends BaseOptions {
  /** Number of classes C: input and target are [N, C]. Required. */
  numClasses?: number;
  /** Exponent β ≥ 0 of |t − σ(x)|; default 2. */
  beta?: number;
}
export interface VarifocalOptions extends BaseOptions {
  /** Number of classes C: input and target are [N, C]. Required. */
  numClasses?: number;
  /** Weight α ≥ 0 of the negatives; default 0.75. */
  alpha?: number;
  /** Exponent γ ≥ 0 of σ(x) on the negatives; default 2. */
  gamma?: number;
  /** 'mmdet' (default; 'mean' over N·C) or 'ultralytics' ('mean' Σ/C). */
  convention?: 'mmdet' | 'ultralytics';
}
export interface DistributionFocalOptions extends BaseOptions {
  /** Default 16: bins = regMax ('ultralytics') or regMax + 1 ('mmdet'). */
  regMax?: number;
  /** 'ultralytics' (default; y clamped to regMax − 1.01) or 'mmdet' (bins regMax + 1, y clamped to regMax − 0.1). */
  convention?: 'ultralytics' | 'mmdet';
  /** Clamp y to the convention's upper bound (default true); false makes y ≥ bins − 1 an E_RANGE. */
  clampTarget?: boolean;
}
export interface WingOptions extends BaseOptions {
  /** Width ω > 0 of the log part; default 10. */
  omega?: number;
  /** Curvature ε > 0 of the log part; default 2. */
  epsilon?: number;
  /** Keypoints K per row: input [N, K·2]; default 4. 'mean' divides by N. */
  numKeypoints?: number;
}
export interface OksOptions extends BaseOptions {
  /** Keypoints K per row: input [N, K·2]; default 4. */
  numKeypoints?: number;
  /** Object area of each row [N] (≥ 0). Required. */
  area?: NumericArray;
  /** Per-keypoint sigmas [K] (> 0); default COCO's 17 when K = 17, else 1/K each. */
  sigmas?: NumericArray;
  /** Visibility [N, K] (≥ 0); default 1. */
  visibility?: NumericArray;
}
/** Result of a call with `grad: true`. */
export interface GradResult<G, V = number | G> {
  /** The reduced value (number) or per-element values (array) for 'none'. */
  value: V;
  /** d(reduced value)/d(input), shaped like the input. */
  grad: G;
}

/** What a loss returns: a number for 'mean'/'sum', an array for 'none', `{ value, grad }` with `grad: true`. */
export type LossResult<A> = number | A | GradResult<A>;

/** The value's type for options O: an array for reduction 'none', a number for 'mean'/'sum' or no reduction. */
export type ValueOf<O, A> = O extends { reduction: 'none' }
  ? A
  : O extends { reduction: 'mean' | 'sum' }
    ? number
    : 'reduction' extends keyof O
      ? number | A
      : number;

/**
 * What a loss returns for options O, so that TypeScript knows the shape at the call site:
 * `el.mseLoss(x, y)` is a number, `{ reduction: 'none' }` an array, `{ grad: true }` a `{ value, grad }`.
 */
export type ResultOf<O, A> = O extends { grad: true }
  ? GradResult<A, ValueOf<O, A>>
  : O extends { grad: false }
    ? ValueOf<O, A>
    : 'grad' extends keyof O
      ? ValueOf<O, A> | GradResult<A, ValueOf<O, A>>
      : ValueOf<O, A>;

/** A loss implementation's signature turned into the typed public one (see ResultOf). */
export type Typed<I, A> = {
  [K in keyof I]: I[K] extends (x: infer X, y: infer Y, o?: infer O) => infer R
    ? LossResult<A> extends R
      ? ((input: X, target: Y) => number) & (<P extends NonNullable<O>>(input: X, target: Y, options: P) => ResultOf<P, A>)
      : I[K]
    : I[K];
};

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

/** The loss implementations, one per row of the names table (src/names.ts), with untyped results. */
export interface LossImpls<A> {
  l1Loss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  mseLoss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  rmseLoss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  powerLoss(input: NumericArray, target: NumericArray, options?: PowerOptions): LossResult<A>;
  smoothL1Loss(input: NumericArray, target: NumericArray, options?: SmoothL1Options): LossResult<A>;
  huberLoss(input: NumericArray, target: NumericArray, options?: HuberOptions): LossResult<A>;
  binaryCrossEntropy(input: NumericArray, target: NumericArray, options?: BceOptions): LossResult<A>;
  binaryCrossEntropyWithLogits(input: NumericArray, target: NumericArray, options?: BceWithLogitsOptions): LossResult<A>;
  crossEntropy(input: NumericArray, target: NumericArray, options?: CrossEntropyOptions): LossResult<A>;
  iouLoss(pred: NumericArray, target: NumericArray, options?: IouLossOptions): LossResult<A>;
  generalizedBoxIouLoss(pred: NumericArray, target: NumericArray, options?: BoxLossOptions): LossResult<A>;
  distanceBoxIouLoss(pred: NumericArray, target: NumericArray, options?: BoxLossOptions): LossResult<A>;
  completeBoxIouLoss(pred: NumericArray, target: NumericArray, options?: BoxLossOptions): LossResult<A>;
  eiouLoss(pred: NumericArray, target: NumericArray, options?: BoxLossOptions): LossResult<A>;
  siouLoss(pred: NumericArray, target: NumericArray, options?: SiouLossOptions): LossResult<A>;
  /** Pairwise IoU matrix [N, M] of boxes1 [N, 4] and boxes2 [M, 4] (no gradient). */
  boxIou(boxes1: NumericArray, boxes2: NumericArray, options?: BoxIouOptions): A;
  // @box-losses (add methods above)
  sigmoidFocalLoss(input: NumericArray, target: NumericArray, options?: SigmoidFocalOptions): LossResult<A>;
  softmaxFocalLoss(input: NumericArray, target: NumericArray, options?: SoftmaxFocalOptions): LossResult<A>;
  qualityFocalLoss(input: NumericArray, target: NumericArray, options?: QualityFocalOptions): LossResult<A>;
  varifocalLoss(input: NumericArray, target: NumericArray, options?: VarifocalOptions): LossResult<A>;
  distributionFocalLoss(input: NumericArray, target: NumericArray, options?: DistributionFocalOptions): LossResult<A>;
  centernessLoss(input: NumericArray, target: NumericArray, options?: BaseOptions): LossResult<A>;
  /** FCOS centerness of ltrb distances [N, 4] → [N] (no gradient). */
  centernessTarget(ltrb: NumericArray): A;
  wingLoss(input: NumericArray, target: NumericArray, options?: WingOptions): LossResult<A>;
  oksLoss(input: NumericArray, target: NumericArray, options?: OksOptions): LossResult<A>;
  // @cls-losses (add methods above)
}

/** The loss functions with results typed by their options (ResultOf). */
export type Losses<A> = Typed<LossImpls<A>, A>;

/** The loaded Wasm-backed API. Every call is synchronous. */
export interface EdgeLoss extends Losses<Float32Array> {
  /** Which build was instantiated: 'file' for a module loaded with `loadEdgeLoss({ file })`. */
  readonly build: 'simd' | 'mvp' | 'file';
  /** The module's path when loaded with `{ file }`, else null. */
  readonly file: string | null;
  /** Elements per static buffer; longer inputs are streamed in chunks of this size. */
  readonly capacity: number;
}
