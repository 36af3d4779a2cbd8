/**
 * The names table: one row per loss. `stem` names the files in every tier and the Wasm export,
 * `api` the method on `EdgeLoss` and `reference`, `cli` the name on `edgeloss loss`.
 */
export interface NameRow {
  stem: string;
  api: ApiName;
  cli: string;
  aliases: readonly string[];
  /** Options the loss accepts beyond `reduction` and `grad`, with their defaults (undefined = none). */
  options: Readonly<Record<string, number | string | boolean | null>>;
  /** One line for `edgeloss list`. */
  summary: string;
}

export type ApiName =
  | 'l1Loss'
  | 'mseLoss'
  | 'rmseLoss'
  | 'powerLoss'
  | 'smoothL1Loss'
  | 'huberLoss'
  | 'binaryCrossEntropy'
  | 'binaryCrossEntropyWithLogits'
  | 'crossEntropy'
  | 'iouLoss'
  | 'generalizedBoxIouLoss'
  | 'distanceBoxIouLoss'
  | 'completeBoxIouLoss'
  | 'eiouLoss'
  | 'siouLoss'
  // @box-losses (add API names above)
  | 'sigmoidFocalLoss'
  | 'softmaxFocalLoss'
  | 'qualityFocalLoss'
  | 'varifocalLoss'
  | 'distributionFocalLoss'
  | 'centernessLoss'
  | 'wingLoss'
  | 'oksLoss'
  // @cls-losses (add API names above)
  ;

export const NAMES: readonly NameRow[] = [
  { stem: 'l1', api: 'l1Loss', cli: 'l1', aliases: ['mae'], options: {}, summary: 'mean absolute error |x - y|' },
  { stem: 'mse', api: 'mseLoss', cli: 'mse', aliases: [], options: {}, summary: 'mean squared error (x - y)^2' },
  { stem: 'rmse', api: 'rmseLoss', cli: 'rmse', aliases: [], options: {}, summary: 'root mean squared error sqrt(mean((x - y)^2))' },
  { stem: 'power', api: 'powerLoss', cli: 'power', aliases: [], options: { p: 2 }, summary: 'mean |x - y|^p, p > 0' },
  { stem: 'smooth_l1', api: 'smoothL1Loss', cli: 'smooth-l1', aliases: [], options: { beta: 1 }, summary: 'smooth L1 (quadratic below beta), beta >= 0' },
  { stem: 'huber', api: 'huberLoss', cli: 'huber', aliases: [], options: { delta: 1 }, summary: 'Huber loss, delta > 0' },
  {
    stem: 'bce', api: 'binaryCrossEntropy', cli: 'bce', aliases: [],
    options: { weight: null, convention: 'pytorch', eps: 1e-7, numClasses: null },
    summary: 'binary cross-entropy on probabilities in [0, 1]',
  },
  {
    stem: 'bce_logits', api: 'binaryCrossEntropyWithLogits', cli: 'bce-with-logits', aliases: [],
    options: { weight: null, posWeight: null, numClasses: null },
    summary: 'binary cross-entropy on logits (stable form)',
  },
  {
    stem: 'cross_entropy', api: 'crossEntropy', cli: 'cross-entropy', aliases: [],
    options: { numClasses: null, weight: null, ignoreIndex: -100, labelSmoothing: 0 },
    summary: 'softmax cross-entropy over [N, C] logits; class-index or probability targets',
  },
  { stem: 'iou', api: 'iouLoss', cli: 'iou', aliases: [], options: { format: 'xyxy', convention: 'torchvision', eps: null, clamp: false, weight: null, avgFactor: null, mode: 'linear' }, summary: 'IoU loss over [N, 4] boxes: 1 - IoU, 1 - IoU^2 or -ln IoU' },
  { stem: 'giou', api: 'generalizedBoxIouLoss', cli: 'giou', aliases: [], options: { format: 'xyxy', convention: 'torchvision', eps: null, clamp: false, weight: null, avgFactor: null }, summary: 'generalized IoU loss over [N, 4] boxes' },
  { stem: 'diou', api: 'distanceBoxIouLoss', cli: 'diou', aliases: [], options: { format: 'xyxy', convention: 'torchvision', eps: null, clamp: false, weight: null, avgFactor: null }, summary: 'distance IoU loss over [N, 4] boxes' },
  { stem: 'ciou', api: 'completeBoxIouLoss', cli: 'ciou', aliases: [], options: { format: 'xyxy', convention: 'torchvision', eps: null, clamp: false, weight: null, avgFactor: null }, summary: 'complete IoU loss over [N, 4] boxes' },
  { stem: 'eiou', api: 'eiouLoss', cli: 'eiou', aliases: [], options: { format: 'xyxy', convention: 'torchvision', eps: null, clamp: false, weight: null, avgFactor: null }, summary: 'efficient IoU loss (Focal-EIoU paper) over [N, 4] boxes' },
  { stem: 'siou', api: 'siouLoss', cli: 'siou', aliases: [], options: { format: 'xyxy', convention: 'torchvision', eps: null, clamp: false, weight: null, avgFactor: null, negGamma: true }, summary: 'SIoU loss over [N, 4] boxes' },
  // @box-losses (add rows above)
  {
    stem: 'sigmoid_focal', api: 'sigmoidFocalLoss', cli: 'focal', aliases: [],
    options: { alpha: 0.25, gamma: 2, convention: 'torchvision', numClasses: null },
    summary: "sigmoid focal loss on logits (gamma 1.5 and sum/C under convention 'ultralytics')",
  },
  {
    stem: 'softmax_focal', api: 'softmaxFocalLoss', cli: 'softmax-focal', aliases: [],
    options: { numClasses: null, alpha: 0.25, gamma: 2, ignoreIndex: -100, labelSmoothing: 0 },
    summary: 'softmax focal loss over [N, C] logits; class-index or probability targets',
  },
  {
    stem: 'qfl', api: 'qualityFocalLoss', cli: 'qfl', aliases: [],
    options: { numClasses: null, beta: 2 },
    summary: 'quality focal loss (GFL) over [N, C] logits and IoU-quality targets',
  },
  {
    stem: 'vfl', api: 'varifocalLoss', cli: 'vfl', aliases: [],
    options: { numClasses: null, alpha: 0.75, gamma: 2, convention: 'mmdet' },
    summary: 'varifocal loss over [N, C] logits and IoU-aware targets',
  },
  {
    stem: 'dfl', api: 'distributionFocalLoss', cli: 'dfl', aliases: [],
    options: { regMax: 16, convention: 'ultralytics', clampTarget: null },
    summary: 'distribution focal loss (GFL) over [N, bins] logits and distance targets [N] (clampTarget default true)',
  },
  {
    stem: 'centerness', api: 'centernessLoss', cli: 'centerness', aliases: [],
    options: {},
    summary: 'FCOS centerness: BCE with logits against the centerness of ltrb targets [N, 4]',
  },
  {
    stem: 'wing', api: 'wingLoss', cli: 'wing', aliases: [],
    options: { omega: 10, epsilon: 2, numKeypoints: 4 },
    summary: 'wing loss on keypoints [N, K*2], mean over rows',
  },
  {
    stem: 'oks', api: 'oksLoss', cli: 'oks', aliases: [],
    options: { numKeypoints: 4, area: null, sigmas: null, visibility: null },
    summary: 'OKS keypoint loss (ultralytics) on [N, K*2]; area [N] required',
  },
  // @cls-losses (add rows above)
];

/** Find a row by API name, stem, CLI name or alias; undefined when unknown. */
export function findLoss(name: string): NameRow | undefined {
  return NAMES.find((r) => r.api === name || r.stem === name || r.cli === name || r.aliases.includes(name));
}
