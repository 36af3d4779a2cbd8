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
  options: Readonly<Record<string, number | string | null>>;
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
  // @box-losses (add API names above)
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
    options: { weight: null, convention: 'pytorch', eps: 1e-7 },
    summary: 'binary cross-entropy on probabilities in [0, 1]',
  },
  {
    stem: 'bce_logits', api: 'binaryCrossEntropyWithLogits', cli: 'bce-with-logits', aliases: [],
    options: { weight: null, posWeight: null },
    summary: 'binary cross-entropy on logits (stable form)',
  },
  {
    stem: 'cross_entropy', api: 'crossEntropy', cli: 'cross-entropy', aliases: [],
    options: { numClasses: null, weight: null, ignoreIndex: -100, labelSmoothing: 0 },
    summary: 'softmax cross-entropy over [N, C] logits; class-index or probability targets',
  },
  // @box-losses (add rows above)
  // @cls-losses (add rows above)
];

/** Find a row by API name, stem, CLI name or alias; undefined when unknown. */
export function findLoss(name: string): NameRow | undefined {
  return NAMES.find((r) => r.api === name || r.stem === name || r.cli === name || r.aliases.includes(name));
}
