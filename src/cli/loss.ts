/**
 * `edgeloss loss <name> --input FILE --target FILE [options]`: evaluate one loss on files.
 * See docs/cli.md.
 */
import { existsSync } from 'node:fs';
import { extname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EdgeLossError } from '../errors.js';
import { loadEdgeLoss } from '../index.js';
import { readArray, type ReadResult } from '../io/read.js';
import { writeNpy, type NpyData } from '../io/npy.js';
import { NAMES, findLoss, type NameRow } from '../names.js';
import { flagOf } from './list.js';
import type { NumericArray } from '../types.js';

/** A command-line usage error: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Loss option keys (API names) that have a CLI flag, in the order they are listed. */
export const LOSS_OPTION_KEYS = [
  'p', 'beta', 'delta', 'posWeight', 'weight', 'labelSmoothing', 'ignoreIndex', 'numClasses', 'convention', 'eps',
  'format', 'mode', 'clamp', 'avgFactor', 'negGamma', 'alpha', 'gamma', 'regMax', 'clampTarget', 'omega', 'epsilon',
  'numKeypoints', 'area', 'sigmas', 'visibility',
] as const;

/** Options that take a comma list or a .npy/.json file. */
const ARRAY_KEYS: readonly string[] = ['weight', 'posWeight', 'area', 'sigmas', 'visibility'];

function parseBool(value: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError('Not true or false.');
}
type LossOptionKey = (typeof LOSS_OPTION_KEYS)[number];


function parseNumber(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || Number.isNaN(x)) throw new InvalidArgumentError('Not a number.');
  return x;
}

function parseInteger(value: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(value)) throw new InvalidArgumentError('Not an integer.');
  const x = Number(value);
  if (!Number.isSafeInteger(x)) throw new InvalidArgumentError('Integer out of range.');
  return x;
}

/** Parse `--shape N` or `--shape N,C` (more dimensions are accepted too). */
export function parseShape(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.length === 0 || parts.some((s) => !/^\d+$/.test(s))) {
    throw new EdgeLossError('E_SHAPE', 'cli', '--shape', value, 'must be N or N,C (non-negative integers separated by commas)');
  }
  const shape = parts.map(Number);
  if (!shape.every((d) => Number.isSafeInteger(d))) {
    throw new EdgeLossError('E_SHAPE', 'cli', '--shape', value, 'has a dimension that is too large');
  }
  return shape;
}

const NUMBER_LIST = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*(,\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*)*$/;

/** An array-valued option: a comma list of numbers, or a .npy / .json file. */
export function parseArrayOption(flag: string, value: string): NumericArray {
  if (NUMBER_LIST.test(value)) return Float64Array.from(value.split(',').map((s) => Number(s.trim())));
  const ext = extname(value).toLowerCase();
  if (ext === '.npy' || ext === '.json') return readArray(value, { fn: 'cli' }).data;
  if (existsSync(value)) {
    throw new UsageError(`${flag} takes a comma list of numbers or a .npy/.json file (got ${JSON.stringify(value)})`);
  }
  throw new UsageError(`${flag} must be a comma list of numbers like 1,2.5,3 or a .npy/.json file (got ${JSON.stringify(value)})`);
}

/** The first non-finite element, or -1. */
function firstNonFinite(data: NpyData): number {
  if (data instanceof Int32Array) return -1;
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return i;
  return -1;
}

function checkFinite(path: string, r: ReadResult): void {
  const i = firstNonFinite(r.data);
  if (i >= 0) {
    throw new EdgeLossError('E_RANGE', 'cli', path, r.data[i], `has a non-finite value at index ${i} (--check-finite)`);
  }
}

function isRawPath(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return ext !== '.npy' && ext !== '.json';
}

/** JSON-friendly number: NaN and ±Infinity become null (as JSON.stringify does). */
function jsonNumber(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export interface LossCliOptions {
  input: string;
  target: string;
  reduction: 'mean' | 'sum' | 'none';
  gradOut?: string;
  out?: string;
  json?: boolean;
  checkFinite?: boolean;
  shape?: string;
  build: 'auto' | 'simd' | 'mvp';
  p?: number;
  beta?: number;
  delta?: number;
  posWeight?: string;
  weight?: string;
  labelSmoothing?: number;
  ignoreIndex?: number;
  numClasses?: number;
  convention?: string;
  eps?: number;
  format?: string;
  mode?: string;
  clamp?: boolean;
  avgFactor?: number;
  negGamma?: boolean;
  alpha?: number;
  gamma?: number;
  regMax?: number;
  clampTarget?: boolean;
  omega?: number;
  epsilon?: number;
  numKeypoints?: number;
  area?: string;
  sigmas?: string;
  visibility?: string;
}

function unknownLoss(name: string): EdgeLossError {
  const names = NAMES.flatMap((r) => [r.cli, ...r.aliases]).join(', ');
  return new EdgeLossError('E_UNKNOWN_LOSS', 'cli', 'loss', name, `must be one of ${names} (see edgeloss list)`);
}

/** Class-index targets for cross-entropy from an integer-valued JSON array. */
function toIndices(path: string, data: NpyData): Int32Array {
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < -2147483648 || v > 2147483647) {
      throw new EdgeLossError('E_RANGE', 'cli', path, v, `has a class index at ${i} that does not fit in int32`);
    }
    out[i] = v;
  }
  return out;
}

/** Run the loss command; writes to stdout. Throws UsageError / EdgeLossError on failure. */
export async function runLoss(name: string, o: LossCliOptions, stdout: (line: string) => void): Promise<void> {
  const row: NameRow | undefined = findLoss(name);
  if (!row) throw unknownLoss(name);

  const given = LOSS_OPTION_KEYS.filter((k) => o[k] !== undefined);
  for (const k of given) {
    if (!(k in row.options)) {
      const own = Object.keys(row.options).map(flagOf).join(', ') || 'none';
      throw new UsageError(`option ${flagOf(k)} does not apply to loss ${row.cli} (its options: ${own})`);
    }
  }
  if (o.reduction === 'none' && !o.out && !o.json) {
    throw new UsageError('--reduction none needs --out FILE.npy or --json');
  }
  if (o.out !== undefined && extname(o.out).toLowerCase() !== '.npy') {
    throw new UsageError(`--out writes a .npy file; give a path ending in .npy (got ${JSON.stringify(o.out)})`);
  }
  if (o.gradOut !== undefined && extname(o.gradOut).toLowerCase() !== '.npy') {
    throw new UsageError(`--grad-out writes a .npy file; give a path ending in .npy (got ${JSON.stringify(o.gradOut)})`);
  }

  const shape = o.shape === undefined ? undefined : parseShape(o.shape);
  const input = readArray(o.input, { shape, fn: 'cli' });
  const target = readArray(o.target, { shape: isRawPath(o.target) ? input.shape : undefined, fn: 'cli' });
  if (o.checkFinite) {
    checkFinite(o.input, input);
    checkFinite(o.target, target);
  }

  const options: Record<string, unknown> = { reduction: o.reduction };
  if (o.gradOut !== undefined) options.grad = true;
  for (const k of given as LossOptionKey[]) {
    const v = o[k];
    options[k] = ARRAY_KEYS.includes(k) ? parseArrayOption(flagOf(k), v as string) : v;
  }

  let targetData: NumericArray = target.data;
  let valueShape = input.shape;
  if ('posWeight' in row.options || row.api === 'binaryCrossEntropy') {
    // The trailing dimension of a 2-D input lets a weight or pos-weight of length C apply per class.
    if (options.numClasses === undefined && input.shape.length >= 2) options.numClasses = input.shape[input.shape.length - 1];
  }
  if (row.api !== 'crossEntropy' && row.api !== 'softmaxFocalLoss' && 'numClasses' in row.options && row.options.numClasses === null) {
    // [N, C] inputs: the class count comes from the file's last dimension unless given.
    if (options.numClasses === undefined && input.shape.length === 2 && row.api !== 'binaryCrossEntropy' && !('posWeight' in row.options)) {
      options.numClasses = input.shape[1];
    }
  }
  if (row.api === 'crossEntropy' || row.api === 'softmaxFocalLoss') {
    let c = o.numClasses;
    if (c === undefined) {
      if (input.shape.length !== 2) {
        throw new EdgeLossError(
          'E_SHAPE', 'cli', o.input, input.shape,
          'must be 2-D [N, C] for cross-entropy, or give --num-classes C (or --shape N,C for a raw file)',
        );
      }
      c = input.shape[1]!;
    } else if (input.shape.length === 2 && input.shape[1] !== c) {
      throw new EdgeLossError('E_SHAPE', 'cli', o.input, input.shape, `has ${input.shape[1]} classes in its last dimension but --num-classes is ${c}`);
    }
    options.numClasses = c;
    const rows = c > 0 ? Math.floor(input.data.length / c) : 0;
    valueShape = [rows];
    if (target.format === 'json' && target.integer && target.data.length === rows) {
      targetData = toIndices(o.target, target.data);
    } else if (!(target.data instanceof Int32Array) && target.data.length === rows && rows * c !== rows) {
      throw new EdgeLossError(
        'E_DTYPE', 'cli', o.target, target.dtype ?? target.format,
        `holds ${rows} non-integer values: class indices must be integers (save them as an int32 or int64 .npy, or an all-integer JSON array); probabilities need ${rows * c} values`,
      );
    }
  }

  const el = await loadEdgeLoss({ build: o.build });
  type AnyLoss = (input: NumericArray, target: NumericArray, options: Record<string, unknown>) => unknown;
  const fn = el[row.api] as unknown as AnyLoss;
  const result = fn.call(el, input.data, targetData, options);

  let value: number | Float32Array | Float64Array;
  let grad: Float32Array | Float64Array | undefined;
  if (o.gradOut !== undefined) {
    const r = result as { value: number | Float32Array | Float64Array; grad: Float32Array | Float64Array };
    value = r.value;
    grad = r.grad;
  } else {
    value = result as number | Float32Array | Float64Array;
  }

  if (grad !== undefined && o.gradOut !== undefined) {
    const g32 = grad instanceof Float32Array ? grad : Float32Array.from(grad);
    writeNpy(o.gradOut, g32, g32.length === input.data.length ? input.shape : [g32.length], 'cli');
  }
  if (o.out !== undefined) {
    if (typeof value === 'number') {
      writeNpy(o.out, new Float64Array([value]), [], 'cli');
    } else {
      const v = value instanceof Float32Array ? value : Float32Array.from(value);
      const n = valueShape.reduce((a, b) => a * b, 1);
      writeNpy(o.out, v, n === v.length ? valueShape : [v.length], 'cli');
    }
  }

  if (o.json) {
    const doc: Record<string, unknown> = {
      loss: row.cli,
      reduction: o.reduction,
      n: input.data.length,
      build: el.build,
      value: typeof value === 'number' ? jsonNumber(value) : Array.from(value, jsonNumber),
    };
    if (o.out !== undefined) doc.out = o.out;
    if (o.gradOut !== undefined) doc.grad_out = o.gradOut;
    stdout(JSON.stringify(doc));
  } else if (typeof value === 'number') {
    stdout(String(value));
  }
}

/** Register `loss` on the program (call after the program's output/exit settings, so they are inherited). */
export function registerLoss(program: Command, stdout: (line: string) => void): void {
  program
    .command('loss')
    .description('evaluate one loss on an input file and a target file')
    .argument('<name>', 'loss name or alias (see edgeloss list)')
    .requiredOption('--input <file>', 'predictions / logits (.npy, .json, or raw float32 with --shape)')
    .requiredOption('--target <file>', 'targets (.npy, .json, or raw float32)')
    .addOption(new Option('--reduction <r>', 'reduction').choices(['mean', 'sum', 'none']).default('mean'))
    .option('--grad-out <file>', 'write d(loss)/d(input) as float32 .npy with the input shape')
    .option('--out <file>', 'write the value(s) as .npy (required for --reduction none unless --json)')
    .option('--json', 'print one JSON object instead of the bare value')
    .option('--check-finite', 'fail if the input or target holds NaN or Infinity')
    .option('--shape <dims>', 'shape N or N,C of the input (required for raw files)')
    .addOption(new Option('--build <b>', 'kernel build').choices(['auto', 'simd', 'mvp']).default('auto'))
    .option('--p <number>', 'power: exponent p > 0 (default 2)', parseNumber)
    .option('--beta <number>', 'smooth-l1: beta >= 0 (default 1)', parseNumber)
    .option('--delta <number>', 'huber: delta > 0 (default 1)', parseNumber)
    .option('--pos-weight <list|file>', 'bce-with-logits: positive weights (comma list or .npy/.json)')
    .option('--weight <list|file>', 'bce, bce-with-logits, cross-entropy: weights (comma list or .npy/.json)')
    .option('--label-smoothing <number>', 'cross-entropy: epsilon in [0, 1] (default 0)', parseNumber)
    .option('--ignore-index <int>', 'cross-entropy: target index to skip (default -100)', parseInteger)
    .option('--num-classes <int>', 'cross-entropy: C (default: last dim of a 2-D input)', parseInteger)
    .option('--convention <c>', 'bce: pytorch|tfjs|keras; box losses: torchvision|ultralytics|mmdet; focal, vfl, dfl: see list')
    .option('--eps <number>', 'bce: eps of the tfjs/keras conventions (1e-7); box losses: eps (1e-7, mmdet 1e-6)', parseNumber)
    .addOption(new Option('--format <f>', 'box losses: box layout (default xyxy)').choices(['xyxy', 'cxcywh', 'xywh', 'ltrb']))
    .addOption(new Option('--mode <m>', 'iou: linear | square | log (default linear; log under mmdet)').choices(['linear', 'square', 'log']))
    .option('--clamp', 'box losses: take inverted boxes as zero size instead of failing')
    .option('--avg-factor <number>', "box losses: divide the weighted sum by this for 'mean'", parseNumber)
    .option('--neg-gamma <bool>', 'siou: true = the paper (default), false = mmdet', parseBool)
    .option('--alpha <number>', 'focal, softmax-focal, vfl: alpha', parseNumber)
    .option('--gamma <number>', 'focal, softmax-focal, vfl: gamma', parseNumber)
    .option('--reg-max <int>', 'dfl: reg_max (default 16)', parseInteger)
    .option('--clamp-target <bool>', 'dfl: clamp targets to the last bin (default true)', parseBool)
    .option('--omega <number>', 'wing: omega (default 10)', parseNumber)
    .option('--epsilon <number>', 'wing: epsilon (default 2)', parseNumber)
    .option('--num-keypoints <int>', 'wing, oks: keypoints per row K (default 4)', parseInteger)
    .option('--area <list|file>', 'oks: object area per row [N]')
    .option('--sigmas <list|file>', 'oks: per-keypoint sigmas [K] (default 1/K)')
    .option('--visibility <list|file>', 'oks: visibility [N, K] (default 1)')
    .action(async (name: string, opts: LossCliOptions) => {
      await runLoss(name, opts, stdout);
    });
}
