/**
 * `evaluate({ gt, det, ...options })`: score detections against ground truth: the COCO block (pycocotools), the
 * VOC block (per-class AP, all-point and 11-point), TP/FP/FN counts, the per-frame loss breakdown and the worst
 * frames. `edgeloss eval --json` prints exactly the object this returns. The rules: docs/eval.md.
 */
import { EdgeLossError } from '../errors.js';
import { loadEdgeLoss } from '../index.js';
import { cocoEval } from './coco.js';
import { demoSet } from './demo.js';
import { lossBreakdown } from './loss.js';
import { readFrames, readNames, readPath, readSizes, type ReadContext } from './read.js';
import { apAllPoint, ap11Point, byScore, matchFrame, prCurve, vocIou, type DetMatch } from './voc.js';
import type {
  EvalCounts, EvalFrameResult, EvalInternals, EvalLoss, EvalResult, EvalVocClass, EvaluateOptions, Frame, Side,
} from './types.js';

const FN = 'evaluate';

const CHOICES: Record<string, readonly string[]> = {
  gtFormat: ['yolo', 'voc', 'voc-xml', 'coco'],
  detFormat: ['yolo', 'voc', 'coco'],
  box: ['xyxy', 'xywh'],
  rules: ['voc', 'coco'],
  boxLoss: ['iou', 'giou', 'diou', 'ciou'],
  clsLoss: ['bce', 'focal'],
  clsTarget: ['iou', 'one'],
  kptLoss: ['oks', 'wing', 'l1'],
  build: ['auto', 'simd', 'mvp'],
};
const KNOWN = [
  'gt', 'det', 'names', 'gtNames', 'detNames', 'imgsz', 'sizes', 'iou', 'plus1', 'ignoreDifficult', 'conf', 'top',
  'loss', 'onProgress', ...Object.keys(CHOICES),
];

function checkOptions(o: EvaluateOptions): void {
  if (typeof o !== 'object' || o === null) throw new EdgeLossError('E_OPTION', FN, 'options', o, 'must be an object');
  for (const [k, v] of Object.entries(o)) {
    if (!KNOWN.includes(k)) throw new EdgeLossError('E_OPTION', FN, `options.${k}`, v, `is not an option (known: ${KNOWN.join(', ')})`);
    if (v === undefined) continue;
    const choices = CHOICES[k];
    if (choices && !choices.includes(v as string)) throw new EdgeLossError('E_OPTION', FN, `options.${k}`, v, `must be one of ${choices.join(', ')}`);
  }
  const num = (k: 'iou' | 'conf', lo: number, hi: number) => {
    const v = o[k];
    if (v !== undefined && !(typeof v === 'number' && v >= lo && v <= hi)) {
      throw new EdgeLossError('E_OPTION', FN, `options.${k}`, v, `must be a number in [${lo}, ${hi}]`);
    }
  };
  num('iou', 0, 1);
  num('conf', -Infinity, Infinity);
  if (o.top !== undefined && !(Number.isInteger(o.top) && o.top >= 0)) throw new EdgeLossError('E_OPTION', FN, 'options.top', o.top, 'must be an integer ≥ 0');
  if (o.imgsz !== undefined && !(Array.isArray(o.imgsz) && o.imgsz.length === 2 && o.imgsz.every((v) => typeof v === 'number' && v > 0))) {
    throw new EdgeLossError('E_OPTION', FN, 'options.imgsz', o.imgsz, 'must be [W, H] with W, H > 0');
  }
  if ((o.gt === undefined) !== (o.det === undefined)) {
    throw new EdgeLossError('E_OPTION', FN, o.gt === undefined ? 'options.gt' : 'options.det', undefined, 'is missing: give both gt and det, or neither (the demo set)');
  }
}

/** Refuse a pairing where one side names its classes and the other gives bare ids (the class-id trap). */
function checkNaming(gt: Side, det: Side): void {
  const kinds = (s: Side) => {
    let named: string | undefined;
    let bare: string | undefined;
    for (const objs of s.frames.values()) for (const o of objs) {
      if (o.named) named ??= o.where;
      else bare ??= o.where;
    }
    return { named, bare };
  };
  const g = kinds(gt);
  const d = kinds(det);
  const clash = (g.bare && d.named) ? g.bare : (d.bare && g.named) ? d.bare : undefined;
  if (clash) {
    throw new EdgeLossError(
      'E_OPTION', FN, clash, 'integer class id',
      'gives a bare class id while the other side names its classes: give the names table of this side (--names, --gt-names or --det-names)',
    );
  }
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function counts(tp: number, fp: number, npos: number): EvalCounts {
  return { tp, fp, fn: npos - tp, precision: ratio(tp, tp + fp), recall: ratio(tp, npos) };
}

/** `evaluate` with the internals the CLI also needs (PR curves for the plot, per-frame gradients). */
export async function evaluateDetailed(options: EvaluateOptions = {}): Promise<{ result: EvalResult; internals: EvalInternals }> {
  checkOptions(options);
  let o = options;
  let gtLabel: string;
  let detLabel: string;
  if (o.gt === undefined) {
    const demo = demoSet();
    o = { ...o, gt: demo.gt, det: demo.det, names: o.names ?? demo.names };
    gtLabel = 'demo';
    detLabel = 'demo';
  } else {
    gtLabel = typeof o.gt === 'string' ? o.gt : 'memory';
    detLabel = typeof o.det === 'string' ? o.det : 'memory';
  }
  const rules = o.rules ?? 'voc';
  const thr = o.iou ?? 0.5;
  const plus1 = o.plus1 ?? false;
  const ignoreDifficult = o.ignoreDifficult ?? false;
  const top = o.top ?? 10;
  const box = o.box ?? 'xyxy';

  const sizes = o.sizes === undefined ? new Map<string, [number, number]>() : readSizes(o.sizes);
  const imgsz = o.imgsz ? ([o.imgsz[0], o.imgsz[1]] as [number, number]) : undefined;
  const names = readNames(o.names, 'options.names');
  const ctxGt: ReadContext = {
    box, names: readNames(o.gtNames, 'options.gtNames') ?? names, sizeOf: (id) => sizes.get(id) ?? imgsz,
  };
  const gt = typeof o.gt === 'string' ? readPath(o.gt, 'gt', o.gtFormat, ctxGt) : readFrames(o.gt!, 'gt', ctxGt);
  const ctxDet: ReadContext = {
    box, names: readNames(o.detNames, 'options.detNames') ?? names, sizeOf: (id) => sizes.get(id) ?? gt.sizes.get(id) ?? imgsz,
  };
  const det = typeof o.det === 'string' ? readPath(o.det, 'det', o.detFormat, ctxDet, gt) : readFrames(o.det!, 'det', ctxDet);
  checkNaming(gt, det);
  for (const [id, objs] of det.frames) {
    if (!gt.frames.has(id)) {
      throw new EdgeLossError(
        'E_RANGE', FN, objs[0]?.where ?? det.source, id,
        'names an image absent from the ground truth (images pair by file stem / COCO file_name; an image without objects needs an empty ground-truth file)',
      );
    }
  }
  const conf = o.conf;
  const frames: Frame[] = [...gt.frames].map(([id, g]) => {
    const d = det.frames.get(id) ?? [];
    return { id, gt: g, det: conf === undefined ? d : d.filter((x) => x.score >= conf) };
  });

  // Matching at the one threshold: VOC block, counts, losses.
  const matches: DetMatch[][] = [];
  const nposOf: number[] = [];
  const gtCountsOf: boolean[][] = [];
  frames.forEach((f, i) => {
    const m = matchFrame(f.gt, f.det, thr, rules, plus1, ignoreDifficult);
    matches.push(m.det);
    gtCountsOf.push(m.gtCounts);
    nposOf.push(m.gtCounts.filter(Boolean).length);
    o.onProgress?.(i + 1, frames.length);
  });

  const gtClasses = new Set(frames.flatMap((f) => f.gt.map((g) => g.cls)));
  const categories = gt.categories ?? [...gtClasses].sort();
  const detOnly = [...new Set(frames.flatMap((f) => f.det.map((d) => d.cls)))].filter((c) => !categories.includes(c)).sort();
  const vocClasses: EvalVocClass[] = [];
  const pr: EvalInternals['pr'] = [];
  for (const cls of [...categories, ...detOnly]) {
    let npos = 0;
    frames.forEach((f, i) => f.gt.forEach((g, k) => { if (g.cls === cls && gtCountsOf[i]![k]) npos++; }));
    const entries: { score: number; tp: boolean }[] = [];
    frames.forEach((f, i) => f.det.forEach((d, k) => {
      const st = matches[i]![k]!.status;
      if (d.cls === cls && st !== 'ignored') entries.push({ score: d.score, tp: st === 'tp' });
    }));
    const order = entries.map((_, i) => i).sort((a, b) => entries[b]!.score - entries[a]!.score || a - b);
    const flags = order.map((i) => entries[i]!.tp);
    const tp = flags.filter(Boolean).length;
    if (npos === 0 && entries.length === 0) continue;
    const curve = prCurve(flags, npos);
    if (npos > 0) pr.push({ class: cls, ...curve });
    vocClasses.push({
      class: cls,
      ap: npos > 0 ? apAllPoint(curve.recall, curve.precision) : null,
      ap11: npos > 0 ? ap11Point(curve.recall, curve.precision) : null,
      tp, fp: flags.length - tp, npos,
    });
  }
  // mAP sums in class-name order, so that it does not depend on the order a format lists its classes in.
  const withGt = vocClasses.filter((c) => c.ap !== null).sort((a, b) => (a.class < b.class ? -1 : a.class > b.class ? 1 : 0));
  const meanOf = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

  const coco = cocoEval(frames, categories);

  let frameLoss: EvalLoss[];
  let setLoss: EvalLoss;
  let grads = new Map<string, Float32Array>();
  let build: string | null = null;
  if (o.loss === false) {
    const none = { box: null, cls: null, kpt: null, total: null };
    frameLoss = frames.map(() => ({ ...none }));
    setLoss = none;
  } else {
    const el = await loadEdgeLoss({ build: o.build ?? 'auto' });
    build = el.build;
    const l = lossBreakdown(el, frames, matches, {
      boxLoss: o.boxLoss ?? 'giou', clsLoss: o.clsLoss ?? 'bce', clsTarget: o.clsTarget ?? 'iou', kptLoss: o.kptLoss ?? 'oks',
    });
    frameLoss = l.frames;
    setLoss = l.set;
    grads = l.grads;
  }

  const frameResults: EvalFrameResult[] = frames.map((f, i) => {
    const tp = matches[i]!.filter((m) => m.status === 'tp').length;
    const fp = matches[i]!.filter((m) => m.status === 'fp').length;
    return { id: f.id, gt: f.gt.length, det: f.det.length, loss: frameLoss[i]!, counts: counts(tp, fp, nposOf[i]!) };
  });
  const tpAll = frameResults.reduce((a, f) => a + f.counts.tp, 0);
  const fpAll = frameResults.reduce((a, f) => a + f.counts.fp, 0);
  const nposAll = nposOf.reduce((a, b) => a + b, 0);
  const worst = frameResults
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (b.f.loss.total ?? -Infinity) - (a.f.loss.total ?? -Infinity) || b.f.counts.fn - a.f.counts.fn || b.f.counts.fp - a.f.counts.fp || a.i - b.i)
    .slice(0, top)
    .map(({ f }) => ({ id: f.id, total: f.loss.total, fn: f.counts.fn, fp: f.counts.fp }));

  const result: EvalResult = {
    source: { gt: gtLabel, det: detLabel, gt_format: gt.format, det_format: det.format },
    settings: {
      rules, iou: thr, plus1, ignore_difficult: ignoreDifficult, conf: conf ?? null,
      box_loss: o.boxLoss ?? 'giou', cls_loss: o.clsLoss ?? 'bce', cls_target: o.clsTarget ?? 'iou', kpt_loss: o.kptLoss ?? 'oks',
      top, build,
    },
    images: frames.length,
    gt_boxes: frames.reduce((a, f) => a + f.gt.length, 0),
    det_boxes: frames.reduce((a, f) => a + f.det.length, 0),
    coco,
    voc: { mAP: meanOf(withGt.map((c) => c.ap!)), mAP11: meanOf(withGt.map((c) => c.ap11!)), classes: vocClasses },
    loss: setLoss,
    counts: counts(tpAll, fpAll, nposAll),
    frames: frameResults,
    worst,
    warnings: crossClassWarning(frames, matches, thr, plus1),
  };
  return { result, internals: { pr, grads } };
}

/**
 * The class-id trap: when many false positives overlap a ground truth of ANOTHER class at the IoU threshold, the two
 * sides probably number their classes differently (one names table each). Returns the warning, or none.
 */
function crossClassWarning(frames: readonly Frame[], matches: readonly DetMatch[][], thr: number, plus1: boolean): string[] {
  let fp = 0;
  let crossed = 0;
  frames.forEach((f, i) => f.det.forEach((d, k) => {
    if (matches[i]![k]!.status !== 'fp') return;
    fp++;
    if (f.gt.some((g) => g.cls !== d.cls && vocIou(d, g, plus1) >= thr)) crossed++;
  }));
  if (crossed >= 5 && crossed >= 0.25 * fp) {
    return [
      `${crossed} of ${fp} false positives overlap a ground truth of another class at IoU ≥ ${thr}: the two sides may ` +
      'number their classes differently (give --gt-names and --det-names, or --names; API: gtNames/detNames)',
    ];
  }
  return [];
}

/**
 * Evaluate detections against ground truth (see docs/eval.md for formats, rules and the result's schema).
 *
 * `gt`/`det`: a directory of per-image files or one COCO JSON file, or in-memory frames ({ id, boxes, classes,
 * confidences, corners? }); neither: the built-in demo set. Returns the object `edgeloss eval --json` prints:
 * `coco` (pycocotools' 12 figures, −1 where undefined), `voc` (mAP, mAP11 and per class ap, ap11, tp, fp, npos),
 * `loss` (box, cls, kpt, total), `counts`, `frames`, `worst`.
 * Throws EdgeLossError: E_OPTION (bad option, missing size or names table), E_FILE (missing/malformed file, with
 * file and line), E_RANGE (inverted box, class id outside the names table, an image absent from the ground truth).
 */
export async function evaluate(options: EvaluateOptions = {}): Promise<EvalResult> {
  return (await evaluateDetailed(options)).result;
}
