/**
 * `edgeloss selftest [--build auto|simd|mvp] [--json]`: compare the Wasm kernels against the float64 reference
 * on the device, for every build available (simd when supported, and mvp), every loss, several option
 * variants (including ±Infinity and ±1e30 logits for BCE-with-logits and cross-entropy, whose limits the contract
 * fixes), every reduction, with grad, on seeded pseudo-random inputs of lengths 0, 1, 5, 17 and
 * capacity + 3 (which crosses the chunking path). Tolerance: |got − ref| ≤ 1e-6 + 1e-4·|ref|; NaN must
 * match NaN and infinities must be equal. Depends on nothing but the package itself (own PRNG).
 */
import { Command, Option } from 'commander';
import { detectSimd, loadEdgeLoss, reference } from '../index.js';
import { NAMES, type NameRow } from '../names.js';
import type { EdgeLoss, NumericArray, Reduction } from '../types.js';
import { mulberry32 } from '../prng.js';

export { mulberry32 };

export const REL_TOL = 1e-4;
export const ABS_TOL = 1e-6;

/** got ≈ ref within the selftest tolerance; NaN only matches NaN, infinities must be equal. */
export function close(got: number, ref: number): boolean {
  if (Number.isNaN(ref) || Number.isNaN(got)) return Number.isNaN(ref) && Number.isNaN(got);
  if (!Number.isFinite(ref) || !Number.isFinite(got)) return got === ref;
  return Math.abs(got - ref) <= ABS_TOL + REL_TOL * Math.abs(ref);
}

const REDUCTIONS: readonly Reduction[] = ['mean', 'sum', 'none'];
const CLASSES = 4;

interface Variant {
  name: string;
  options: Record<string, unknown>;
  /** Inputs of "length" n: elements for elementwise losses, rows for cross-entropy. */
  make(n: number, rnd: () => number): { input: Float32Array; target: NumericArray; options?: Record<string, unknown> };
}

function uniform(n: number, rnd: () => number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rnd();
  return out;
}

/** Targets in [0, 1]: a mix of exact 0, exact 1 and values in between. */
function unitTargets(n: number, rnd: () => number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = rnd();
    out[i] = u < 0.3 ? 0 : u < 0.6 ? 1 : rnd();
  }
  return out;
}

function regression(n: number, rnd: () => number) {
  return { input: uniform(n, rnd, -3, 3), target: uniform(n, rnd, -3, 3) };
}

function indexTargets(rows: number, rnd: () => number, ignore: boolean): Int32Array {
  const t = new Int32Array(rows);
  for (let i = 0; i < rows; i++) t[i] = ignore && rows > 1 && rnd() < 0.15 ? -100 : Math.floor(rnd() * CLASSES);
  return t;
}

function probTargets(rows: number, rnd: () => number): Float32Array {
  const t = new Float32Array(rows * CLASSES);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = 0; c < CLASSES; c++) {
      t[i * CLASSES + c] = rnd() + 0.01;
      s += t[i * CLASSES + c]!;
    }
    for (let c = 0; c < CLASSES; c++) t[i * CLASSES + c] = t[i * CLASSES + c]! / s;
  }
  return t;
}

/** Replace about one value in six by ±Infinity or ±1e30: the limits BCE-with-logits and cross-entropy promise. */
function withExtremes(a: Float32Array, rnd: () => number): Float32Array {
  const extremes = [Infinity, -Infinity, 1e30, -1e30];
  for (let i = 0; i < a.length; i++) if (rnd() < 0.16) a[i] = extremes[Math.floor(rnd() * 4)]!;
  return a;
}

function ceLogits(rows: number, rnd: () => number): Float32Array {
  return uniform(rows * CLASSES, rnd, -5, 5);
}

/** n pairs of valid xyxy boxes [n, 4]: the target is the pred moved and rescaled, so most pairs overlap. */
function boxPairs(n: number, rnd: () => number): { input: Float32Array; target: Float32Array } {
  const input = new Float32Array(4 * n);
  const target = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const x = 100 * rnd(), y = 100 * rnd(), w = 1 + 40 * rnd(), h = 1 + 40 * rnd();
    input.set([x, y, x + w, y + h], 4 * i);
    const dx = (rnd() - 0.5) * w, dy = (rnd() - 0.5) * h, s = 0.5 + rnd();
    target.set([x + dx, y + dy, x + dx + w * s, y + dy + h / s], 4 * i);
  }
  return { input, target };
}

const BOX_STEMS = ['iou', 'giou', 'diou', 'ciou', 'eiou', 'siou'];

/** Option variants and input generators per loss stem. */
export function variantsFor(row: NameRow): Variant[] {
  if (BOX_STEMS.includes(row.stem)) {
    return [
      { name: 'torchvision', options: {}, make: boxPairs },
      { name: 'ultralytics', options: { convention: 'ultralytics' }, make: boxPairs },
      { name: 'mmdet', options: { convention: 'mmdet' }, make: boxPairs },
      { name: 'weight+avgFactor', options: { weight: new Float32Array([0.5]), avgFactor: 3 }, make: boxPairs },
    ];
  }
  switch (row.stem) {
    case 'power':
      return [
        { name: 'default', options: {}, make: regression },
        { name: 'p=1.5', options: { p: 1.5 }, make: regression },
        { name: 'p=3', options: { p: 3 }, make: regression },
      ];
    case 'smooth_l1':
      return [
        { name: 'default', options: {}, make: regression },
        { name: 'beta=0.5', options: { beta: 0.5 }, make: regression },
        { name: 'beta=0', options: { beta: 0 }, make: regression },
      ];
    case 'huber':
      return [
        { name: 'default', options: {}, make: regression },
        { name: 'delta=0.5', options: { delta: 0.5 }, make: regression },
      ];
    case 'bce': {
      const make = (n: number, rnd: () => number) => ({ input: uniform(n, rnd, 0.02, 0.98), target: unitTargets(n, rnd) });
      return [
        { name: 'pytorch', options: {}, make },
        { name: 'tfjs', options: { convention: 'tfjs' }, make },
        { name: 'keras', options: { convention: 'keras' }, make },
        { name: 'weight', options: { weight: new Float32Array([0.6]) }, make },
      ];
    }
    case 'bce_logits': {
      const make = (n: number, rnd: () => number) => ({ input: uniform(n, rnd, -8, 8), target: unitTargets(n, rnd) });
      return [
        { name: 'default', options: {}, make },
        { name: 'posWeight', options: { posWeight: new Float32Array([1.7]) }, make },
        { name: 'weight', options: { weight: new Float32Array([0.6]) }, make },
        { name: 'infinite logits', options: {}, make: (n: number, rnd: () => number) => ({ input: withExtremes(uniform(n, rnd, -8, 8), rnd), target: unitTargets(n, rnd) }) },
      ];
    }
    case 'cross_entropy': {
      const weight = new Float32Array([0.5, 1, 2, 1.5]);
      return [
        { name: 'index', options: { numClasses: CLASSES }, make: (n, r) => ({ input: ceLogits(n, r), target: indexTargets(n, r, true) }) },
        {
          name: 'index+weight+smoothing',
          options: { numClasses: CLASSES, weight, labelSmoothing: 0.1 },
          make: (n, r) => ({ input: ceLogits(n, r), target: indexTargets(n, r, true) }),
        },
        { name: 'probs', options: { numClasses: CLASSES }, make: (n, r) => ({ input: ceLogits(n, r), target: probTargets(n, r) }) },
        {
          name: 'infinite logits',
          options: { numClasses: CLASSES, labelSmoothing: 0.1 },
          make: (n, r) => ({ input: withExtremes(ceLogits(n, r), r), target: indexTargets(n, r, true) }),
        },
        {
          name: 'probs+weight+smoothing',
          options: { numClasses: CLASSES, weight, labelSmoothing: 0.1 },
          make: (n, r) => ({ input: ceLogits(n, r), target: probTargets(n, r) }),
        },
      ];
    }
    case 'sigmoid_focal': {
      const make = (n: number, rnd: () => number) => ({ input: uniform(n * CLASSES, rnd, -8, 8), target: unitTargets(n * CLASSES, rnd) });
      return [
        { name: 'torchvision', options: {}, make },
        { name: 'ultralytics', options: { convention: 'ultralytics', numClasses: CLASSES }, make },
        { name: 'gamma=0.5,alpha=-1', options: { gamma: 0.5, alpha: -1 }, make },
      ];
    }
    case 'softmax_focal':
      return [
        { name: 'index', options: { numClasses: CLASSES }, make: (n, r) => ({ input: ceLogits(n, r), target: indexTargets(n, r, true) }) },
        { name: 'probs+smoothing', options: { numClasses: CLASSES, labelSmoothing: 0.1, gamma: 1 }, make: (n, r) => ({ input: ceLogits(n, r), target: probTargets(n, r) }) },
      ];
    case 'qfl':
    case 'vfl': {
      const make = (n: number, rnd: () => number) => ({ input: ceLogits(n, rnd), target: unitTargets(n * CLASSES, rnd) });
      const extra = row.stem === 'vfl' ? [{ name: 'ultralytics', options: { numClasses: CLASSES, convention: 'ultralytics' }, make }] : [];
      return [{ name: 'default', options: { numClasses: CLASSES }, make }, ...extra];
    }
    case 'dfl': {
      const make = (bins: number) => (n: number, rnd: () => number) => ({ input: uniform(n * bins, rnd, -5, 5), target: uniform(n, rnd, 0, bins) });
      return [
        { name: 'ultralytics', options: {}, make: make(16) },
        { name: 'mmdet', options: { convention: 'mmdet' }, make: make(17) },
      ];
    }
    case 'centerness':
      return [{ name: 'default', options: {}, make: (n, r) => ({ input: uniform(n, r, -5, 5), target: uniform(4 * n, r, 0, 50) }) }];
    case 'wing':
      return [{ name: 'default', options: { numKeypoints: 4 }, make: (n, r) => ({ input: uniform(8 * n, r, -30, 30), target: uniform(8 * n, r, -30, 30) }) }];
    case 'oks':
      return [{
        name: 'default',
        options: { numKeypoints: 4 },
        make: (n, r) => ({ input: uniform(8 * n, r, 0, 60), target: uniform(8 * n, r, 0, 60), options: { area: uniform(n, r, 10, 500) } }),
      }];
    default:
      return [{ name: 'default', options: {}, make: regression }];
  }
}

type AnyLoss = (input: NumericArray, target: NumericArray, options: Record<string, unknown>) => unknown;
type Values = number | ArrayLike<number>;

/** First mismatch between got and ref, or undefined when they agree. */
function mismatch(what: string, got: Values, ref: Values): string | undefined {
  if (typeof ref === 'number' || typeof got === 'number') {
    if (typeof ref !== 'number' || typeof got !== 'number') return `${what}: kind differs (number vs array)`;
    return close(got, ref) ? undefined : `${what} ${got} vs reference ${ref}`;
  }
  if (got.length !== ref.length) return `${what}: length ${got.length} vs reference ${ref.length}`;
  for (let i = 0; i < ref.length; i++) {
    if (!close(got[i]!, ref[i]!)) return `${what}[${i}] ${got[i]} vs reference ${ref[i]}`;
  }
  return undefined;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface SelftestRow {
  build: 'simd' | 'mvp';
  loss: string;
  cases: number;
  failed: number;
  first_failure?: string;
}

export interface SelftestReport {
  ok: boolean;
  builds: Array<{ build: string; capacity: number; loaded: string }>;
  lengths: Record<string, number[]>;
  rows: SelftestRow[];
}

/** Run every case for one loaded build. */
function testBuild(el: EdgeLoss, build: 'simd' | 'mvp', lengths: number[]): SelftestRow[] {
  const ref = reference as unknown as Record<string, AnyLoss>;
  const out: SelftestRow[] = [];
  NAMES.forEach((row, li) => {
    const result: SelftestRow = { build, loss: row.cli, cases: 0, failed: 0 };
    const kernel = el[row.api] as unknown as AnyLoss;
    const refFn = ref[row.api]!;
    variantsFor(row).forEach((variant, vi) => {
      for (const n of lengths) {
        for (const reduction of REDUCTIONS) {
          result.cases++;
          // Same seed for both builds, so they see identical data.
          const rnd = mulberry32(0x5eed ^ (li * 7919 + vi * 104729 + n * 31 + REDUCTIONS.indexOf(reduction)));
          const { input, target, options: made } = variant.make(n, rnd);
          const options = { ...variant.options, ...made, reduction, grad: true };
          const label = `${variant.name} reduction=${reduction} n=${n}`;
          let problem: string | undefined;
          try {
            const got = kernel.call(el, input, target, { ...options }) as { value: Values; grad: ArrayLike<number> };
            const want = refFn.call(reference, input, target, { ...options }) as { value: Values; grad: ArrayLike<number> };
            problem = mismatch('value', got.value, want.value) ?? mismatch('grad', got.grad, want.grad);
          } catch (e) {
            problem = `threw ${describe(e)}`;
          }
          if (problem !== undefined) {
            result.failed++;
            result.first_failure ??= `${label}: ${problem}`;
          }
        }
      }
    });
    out.push(result);
  });
  return out;
}

export async function runSelftest(build: 'auto' | 'simd' | 'mvp'): Promise<SelftestReport> {
  const builds: Array<'simd' | 'mvp'> = build === 'auto' ? (detectSimd() ? ['simd', 'mvp'] : ['mvp']) : [build];
  const report: SelftestReport = { ok: true, builds: [], lengths: {}, rows: [] };
  for (const b of builds) {
    const el = await loadEdgeLoss({ build: b });
    const lengths = [0, 1, 5, 17, el.capacity + 3];
    report.builds.push({ build: b, capacity: el.capacity, loaded: el.build });
    report.lengths[b] = lengths;
    if (el.build !== b) {
      report.rows.push({ build: b, loss: '(load)', cases: 1, failed: 1, first_failure: `asked for ${b}, loaded ${el.build}` });
      continue;
    }
    report.rows.push(...testBuild(el, b, lengths));
  }
  report.ok = report.rows.every((r) => r.failed === 0);
  return report;
}

export function formatReport(report: SelftestReport): string[] {
  const lossWidth = Math.max(4, ...report.rows.map((r) => r.loss.length));
  const lines = [`${'BUILD'.padEnd(5)}  ${'LOSS'.padEnd(lossWidth)}  RESULT  CASES`];
  for (const r of report.rows) {
    const status = r.failed === 0 ? 'pass' : 'FAIL';
    const detail = r.failed === 0 ? `${r.cases}` : `${r.failed}/${r.cases} failed; first: ${r.first_failure}`;
    lines.push(`${r.build.padEnd(5)}  ${r.loss.padEnd(lossWidth)}  ${status.padEnd(6)}  ${detail}`);
  }
  const total = report.rows.reduce((a, r) => a + r.cases, 0);
  const failed = report.rows.reduce((a, r) => a + r.failed, 0);
  const builds = report.builds.map((b) => `${b.build} (capacity ${b.capacity})`).join(', ');
  lines.push(failed === 0 ? `selftest passed: ${total} cases on ${builds}` : `selftest FAILED: ${failed} of ${total} cases on ${builds}`);
  return lines;
}

export function registerSelftest(program: Command, stdout: (line: string) => void): void {
  program
    .command('selftest')
    .description('compare the Wasm kernels with the float64 reference on seeded random inputs')
    .addOption(new Option('--build <b>', 'auto = every build available here').choices(['auto', 'simd', 'mvp']).default('auto'))
    .option('--json', 'print one JSON object')
    .action(async (opts: { build: 'auto' | 'simd' | 'mvp'; json?: boolean }) => {
      const report = await runSelftest(opts.build);
      if (opts.json) stdout(JSON.stringify(report));
      else for (const line of formatReport(report)) stdout(line);
      if (!report.ok) process.exitCode = 1;
    });
}
