/**
 * Types of the evaluation pipeline (`evaluate`, `edgeloss eval`). The rules are stated in docs/eval.md.
 */
import type { BuildChoice } from '../types.js';

/** Ground-truth file formats. `voc` is VOC-style txt (`class x1 y1 x2 y2` or `class x y w h`, absolute). */
export type GtFormat = 'yolo' | 'voc' | 'voc-xml' | 'coco';
/** Detection file formats (a confidence follows the class: `class conf ...`). */
export type DetFormat = 'yolo' | 'voc' | 'coco';
/** Absolute box layout of VOC-style txt files and of in-memory frames. */
export type EvalBoxFormat = 'xyxy' | 'xywh';
export type EvalRules = 'voc' | 'coco';
export type EvalBoxLoss = 'iou' | 'giou' | 'diou' | 'ciou';
export type EvalClsLoss = 'bce' | 'focal';
export type EvalClsTarget = 'iou' | 'one';
export type EvalKptLoss = 'oks' | 'wing' | 'l1';

/**
 * One image held in memory. Boxes are absolute pixels in `options.box` layout ('xyxy' by default), flat [N·4] or
 * nested [N][4]. `classes` holds names or integer ids (ids map through the side's names, if given).
 * Detections need `confidences` [N]. `corners` (optional) are 4 corners per box, absolute, flat [N·8] or [N][8],
 * in the order top-left, bottom-left, bottom-right, top-right (rm_armor5).
 */
export interface EvalFrameInput {
  id: string;
  boxes: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  classes: ArrayLike<string | number>;
  confidences?: ArrayLike<number>;
  corners?: ArrayLike<number> | ArrayLike<ArrayLike<number>>;
  /** Ground truth only: VOC "difficult" flags. */
  difficult?: ArrayLike<boolean | number>;
  /** Ground truth only: COCO iscrowd flags. */
  iscrowd?: ArrayLike<boolean | number>;
  /** Ground truth only: COCO areas (default w·h). */
  area?: ArrayLike<number>;
  width?: number;
  height?: number;
}

/** Options of `evaluate`. Every field is optional; see docs/eval.md for the defaults. */
export interface EvaluateOptions {
  /** A directory of per-image files, one JSON file, or frames in memory. Absent with `det` absent: the demo set. */
  gt?: string | readonly EvalFrameInput[];
  det?: string | readonly EvalFrameInput[];
  gtFormat?: GtFormat;
  detFormat?: DetFormat;
  /** Layout of absolute boxes in VOC-style txt files and in-memory frames; default 'xyxy'. */
  box?: EvalBoxFormat;
  /** Class names for both sides: a names file (one per line; id = line index) or the list itself. */
  names?: string | readonly string[];
  gtNames?: string | readonly string[];
  detNames?: string | readonly string[];
  /** Image size [W, H] for normalised (YOLO) boxes of every image. */
  imgsz?: readonly [number, number];
  /** Image sizes: a directory of VOC XML files or a COCO JSON file (its `images`). */
  sizes?: string;
  /** Rules of the VOC block, the counts and the loss breakdown; default 'voc'. The COCO block is always pycocotools. */
  rules?: EvalRules;
  /** IoU threshold of the VOC block, counts and losses; default 0.5. */
  iou?: number;
  /** Pixel-inclusive boxes (w = x2 − x1 + 1) in the VOC block's IoU; default false. */
  plus1?: boolean;
  /** Ignore "difficult" ground truths as the VOC devkit does; default false (they count as ordinary objects). */
  ignoreDifficult?: boolean;
  /** Keep only detections with confidence ≥ conf; default: all. */
  conf?: number;
  boxLoss?: EvalBoxLoss;
  clsLoss?: EvalClsLoss;
  clsTarget?: EvalClsTarget;
  kptLoss?: EvalKptLoss;
  /** Number of `worst` frames; default 10. */
  top?: number;
  /** Compute the loss breakdown with the Wasm kernels; default true. false: loss fields are null, no Wasm load. */
  loss?: boolean;
  /** Kernel build for the losses; default 'auto'. */
  build?: BuildChoice;
  /** Called as frames are processed (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** Losses of a frame or of the set (null where there is nothing to average). */
export interface EvalLoss {
  box: number | null;
  cls: number | null;
  kpt: number | null;
  total: number | null;
}

export interface EvalCounts {
  tp: number;
  fp: number;
  fn: number;
  precision: number | null;
  recall: number | null;
}

export interface EvalFrameResult {
  id: string;
  gt: number;
  det: number;
  loss: EvalLoss;
  counts: EvalCounts;
}

export interface EvalCocoBlock {
  AP: number; AP50: number; AP75: number; APs: number; APm: number; APl: number;
  AR1: number; AR10: number; AR100: number; ARs: number; ARm: number; ARl: number;
}

export interface EvalVocClass {
  class: string;
  /** All-point interpolated AP (null when the class has no ground truth). */
  ap: number | null;
  /** 11-point interpolated AP. */
  ap11: number | null;
  tp: number;
  fp: number;
  npos: number;
}

export interface EvalVocBlock {
  /** Mean of `ap` over classes with ground truth (null when there are none). */
  mAP: number | null;
  mAP11: number | null;
  classes: EvalVocClass[];
}

/** What `evaluate` returns and `edgeloss eval --json` prints. */
export interface EvalResult {
  source: { gt: string; det: string; gt_format: string; det_format: string };
  settings: {
    rules: EvalRules; iou: number; plus1: boolean; ignore_difficult: boolean; conf: number | null;
    box_loss: EvalBoxLoss; cls_loss: EvalClsLoss; cls_target: EvalClsTarget; kpt_loss: EvalKptLoss;
    top: number; build: string | null;
  };
  images: number;
  gt_boxes: number;
  det_boxes: number;
  coco: EvalCocoBlock;
  voc: EvalVocBlock;
  loss: EvalLoss;
  counts: EvalCounts;
  frames: EvalFrameResult[];
  worst: { id: string; total: number | null; fn: number; fp: number }[];
  /** Diagnostics that do not stop the run (e.g. class tables that look mismatched); the CLI prints them on stderr. */
  warnings: string[];
}

/** One object after reading: float64 absolute box, class key, where it came from. Internal. */
export interface Obj {
  /** Top-left corner and size, absolute (kept as read: COCO computes IoU from x, y, w, h). */
  x: number; y: number; w: number; h: number;
  cls: string;
  /** true when `cls` is a name (from a name token or a names table), false for a bare id. */
  named: boolean;
  score: number;
  /** 8 absolute corner coordinates, or null. */
  corners: Float64Array | null;
  difficult: boolean;
  crowd: boolean;
  area: number;
  /** "file:line" or "file annotations[i]" for messages. */
  where: string;
}

/** One image: its ground truth and detections. Internal. */
export interface Frame {
  id: string;
  gt: Obj[];
  det: Obj[];
}

/** What a reader hands to the evaluator. Internal. */
export interface Side {
  /** Frames by id, in reading order (ground truth: the order of the images; detections: any). */
  frames: Map<string, Obj[]>;
  /** Image sizes the side knows (VOC XML, COCO images). */
  sizes: Map<string, [number, number]>;
  format: string;
  source: string;
  /** COCO: image_id → frame id, and category_id → class name, for a results list read against it. */
  cocoImages?: Map<number, string>;
  cocoCats?: Map<number, string>;
  /** COCO ground truth: the category names in id order (pycocotools' catIds). */
  categories?: string[];
}

export interface EvalInternals {
  /** Per class PR curve of the VOC block: recall and precision after each detection. */
  pr: { class: string; recall: number[]; precision: number[] }[];
  /** Per frame gradients [D, 13]: d/d(det box xyxy) ×4, d/d(confidence), d/d(corners) ×8. */
  grads: Map<string, Float32Array>;
}
