/**
 * `edgeloss eval [--gt PATH --det PATH] [...]`: detections against ground truth: COCO and VOC metrics, counts, the
 * per-frame loss breakdown and the worst frames. A thin layer over `evaluate` (src/eval); `--json` prints exactly
 * what `evaluate` returns. With no --gt/--det it runs on the built-in demo set. See docs/eval.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EdgeLossError } from '../errors.js';
import { evaluateDetailed } from '../eval/evaluate.js';
import { GRAD_COLUMNS } from '../eval/loss.js';
import { formatCsv, formatTable, renderSvg } from '../eval/report.js';
import type { EvaluateOptions } from '../eval/types.js';
import { writeNpy } from '../io/npy.js';
import { UsageError } from './loss.js';

/** Frames from which a progress bar is shown (on a TTY stderr only). */
const PROGRESS_MIN_FRAMES = 200;

export interface EvalCliOptions {
  gt?: string; det?: string;
  gtFormat?: EvaluateOptions['gtFormat']; detFormat?: EvaluateOptions['detFormat'];
  box?: 'xyxy' | 'xywh';
  names?: string; gtNames?: string; detNames?: string;
  imgsz?: [number, number]; sizes?: string;
  rules?: 'voc' | 'coco'; iou?: number; plus1?: boolean; ignoreDifficult?: boolean; conf?: number;
  boxLoss?: EvaluateOptions['boxLoss']; clsLoss?: EvaluateOptions['clsLoss']; clsTarget?: EvaluateOptions['clsTarget'];
  kptLoss?: EvaluateOptions['kptLoss'];
  top?: number; json?: boolean; csv?: string; plot?: string; gradOut?: string; loss: boolean;
  build: 'auto' | 'simd' | 'mvp';
}

function parseFraction(flag: string) {
  return (v: string): number => {
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) throw new InvalidArgumentError(`${flag} must be a number in [0, 1]`);
    return x;
  };
}

function parseCount(v: string): number {
  const x = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(x)) throw new InvalidArgumentError('must be an integer >= 0');
  return x;
}

function parseSize(v: string): [number, number] {
  const m = /^\s*(\d+(?:\.\d+)?)\s*[,x]\s*(\d+(?:\.\d+)?)\s*$/.exec(v);
  if (!m || Number(m[1]) <= 0 || Number(m[2]) <= 0) throw new InvalidArgumentError('must be W,H with W, H > 0 (e.g. 1280,1024)');
  return [Number(m[1]), Number(m[2])];
}

/** A progress bar on stderr for long runs, only when stderr is a terminal. */
async function progress(): Promise<{ onProgress: (done: number, total: number) => void; stop: () => void }> {
  if (!process.stderr.isTTY) return { onProgress: () => {}, stop: () => {} };
  const { default: cliProgress } = await import('cli-progress');
  let bar: InstanceType<typeof cliProgress.SingleBar> | undefined;
  return {
    onProgress: (done, total) => {
      if (total < PROGRESS_MIN_FRAMES) return;
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: 'matching {bar} {value}/{total} frames', clearOnComplete: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

/** Run `eval`; writes to stdout. Throws UsageError / EdgeLossError on failure. */
export async function runEval(o: EvalCliOptions, stdout: (line: string) => void): Promise<void> {
  if ((o.gt === undefined) !== (o.det === undefined)) {
    throw new UsageError(`${o.gt === undefined ? '--gt' : '--det'} is missing: give both --gt and --det, or neither (the built-in demo set)`);
  }
  if (o.plot !== undefined && extname(o.plot).toLowerCase() !== '.svg') {
    throw new UsageError(`--plot writes an SVG file; give a path ending in .svg (got ${JSON.stringify(o.plot)})`);
  }
  if (o.gradOut !== undefined && !o.loss) throw new UsageError('--grad-out needs the losses; drop --no-loss');
  const bar = await progress();
  const opts: EvaluateOptions = {
    gt: o.gt, det: o.det, gtFormat: o.gtFormat, detFormat: o.detFormat, box: o.box,
    names: o.names, gtNames: o.gtNames, detNames: o.detNames, imgsz: o.imgsz, sizes: o.sizes,
    rules: o.rules, iou: o.iou, plus1: o.plus1, ignoreDifficult: o.ignoreDifficult, conf: o.conf,
    boxLoss: o.boxLoss, clsLoss: o.clsLoss, clsTarget: o.clsTarget, kptLoss: o.kptLoss, top: o.top,
    loss: o.loss, build: o.build, onProgress: bar.onProgress,
  };
  for (const k of Object.keys(opts) as (keyof EvaluateOptions)[]) if (opts[k] === undefined) delete opts[k];
  let detailed;
  try {
    detailed = await evaluateDetailed(opts);
  } finally {
    bar.stop();
  }
  const { result, internals } = detailed;
  if (o.csv !== undefined) writeText(o.csv, formatCsv(result));
  if (o.plot !== undefined) writeText(o.plot, await renderSvg(result, internals));
  if (o.gradOut !== undefined) {
    try {
      mkdirSync(o.gradOut, { recursive: true });
    } catch (e) {
      throw new EdgeLossError('E_FILE', 'cli', o.gradOut, o.gradOut, `could not be created as a directory (${(e as Error).message})`);
    }
    for (const [id, g] of internals.grads) writeNpy(join(o.gradOut, `${id}.npy`), g, [g.length / GRAD_COLUMNS, GRAD_COLUMNS], 'cli');
  }
  for (const w of result.warnings) process.stderr.write(`edgeloss: warning: ${w}\n`);
  stdout(o.json ? JSON.stringify(result) : formatTable(result));
}

function writeText(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new EdgeLossError('E_FILE', 'cli', path, path, `could not be written (${(e as Error).message})`);
  }
}

/** Register `eval` on the program (call after the program's output/exit settings, so they are inherited). */
export function registerEval(program: Command, stdout: (line: string) => void): void {
  program
    .command('eval')
    .description('evaluate detections against ground truth: COCO/VOC metrics, counts, per-frame losses (no inputs: the demo set)')
    .option('--gt <path>', 'ground truth: a directory of per-image files or one COCO .json')
    .option('--det <path>', 'detections: a directory of per-image files or one COCO .json')
    .addOption(new Option('--gt-format <f>', 'ground-truth format (default: from the content)').choices(['yolo', 'voc', 'voc-xml', 'coco']))
    .addOption(new Option('--det-format <f>', 'detection format (default: from the content)').choices(['yolo', 'voc', 'coco']))
    .addOption(new Option('--box <layout>', 'layout of absolute boxes in VOC-style txt files (default xyxy)').choices(['xyxy', 'xywh']))
    .option('--names <file>', 'class names for both sides (one per line; id = line index)')
    .option('--gt-names <file>', 'class names of the ground truth')
    .option('--det-names <file>', 'class names of the detections')
    .option('--imgsz <W,H>', 'image size for normalised (YOLO) boxes', parseSize)
    .option('--sizes <path>', 'image sizes: a directory of VOC XML files or a COCO .json')
    .addOption(new Option('--rules <r>', 'rules of the VOC block, counts and losses (default voc)').choices(['voc', 'coco']))
    .option('--iou <t>', 'IoU threshold of the VOC block, counts and losses (default 0.5)', parseFraction('--iou'))
    .option('--plus1', 'pixel-inclusive boxes (w = x2 - x1 + 1) in the VOC IoU')
    .option('--ignore-difficult', 'ignore "difficult" ground truths (VOC devkit)')
    .option('--conf <t>', 'keep detections with confidence >= t (default: all)', parseFraction('--conf'))
    .addOption(new Option('--box-loss <l>', 'box loss on matched pairs (default giou)').choices(['iou', 'giou', 'diou', 'ciou']))
    .addOption(new Option('--cls-loss <l>', 'classification loss on confidences (default bce)').choices(['bce', 'focal']))
    .addOption(new Option('--cls-target <t>', 'target of a matched detection: its IoU or 1 (default iou)').choices(['iou', 'one']))
    .addOption(new Option('--kpt-loss <l>', 'corner loss on matched pairs with corners (default oks)').choices(['oks', 'wing', 'l1']))
    .option('--top <k>', 'number of worst frames (default 10)', parseCount)
    .option('--json', 'print one JSON object (what the evaluate() API returns)')
    .option('--csv <file>', 'write the per-frame rows as CSV')
    .option('--plot <file.svg>', 'write an SVG: per-frame loss histogram and PR curves')
    .option('--grad-out <dir>', 'write per-frame gradients as <dir>/<frame>.npy, float32 [D, 13]')
    .option('--no-loss', 'metrics only: skip the loss breakdown (no Wasm)')
    .addOption(new Option('--build <b>', 'kernel build').choices(['auto', 'simd', 'mvp']).default('auto'))
    .action(async (opts: EvalCliOptions) => {
      await runEval(opts, stdout);
    });
}
