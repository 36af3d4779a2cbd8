/**
 * Head-specialised builds (scripts/build-head.mjs, `npm run build:head`): a small head is built into a temporary
 * directory, loaded with `loadEdgeLoss({ file })` and compared with the generic builds on the head's own lengths
 * (where its kernels take the constant-trip-count copy) and on other lengths. Also the E_OPTION/E_FILE errors of
 * `file`. Needs asc (a devDependency), like `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeLossError, LossModule, loadEdgeLoss, type EdgeLoss } from '../../src/index.js';
import type { GradResult } from '../../src/types.js';
import { buildAvailable } from '../helpers/builds.js';
import { compareArrays, compareNumber, TOLERANCE } from '../helpers/tolerance.js';
import { ROOT } from '../eval/shared.js';
import { mulberry32 } from '../../src/prng.js';

const N = 1100, C = 5, R = 4; // N·C = 5500 and 4N·(R+1) = 22 000 both exceed the generic capacity of 4096
const dir = mkdtempSync(join(tmpdir(), 'edgeloss-head-'));
let manifest: { capacity: number; pages: number; files: Record<string, { file: string }> };
const file = (t: string) => join(dir, `h.${t}.wasm`);

beforeAll(() => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-head.mjs'), '--anchors', String(N), '--classes', String(C),
    '--reg-max', String(R), '--name', 'h', '--out', dir], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build-head failed: ${r.stdout}${r.stderr}`);
  manifest = JSON.parse(readFileSync(join(dir, 'h.json'), 'utf8'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Fn = (x: ArrayLike<number>, y: ArrayLike<number>, o: Record<string, unknown>) => GradResult<Float32Array | number>;

function data(n: number, seed: number, kind: 'reg' | 'logit' | 'box') {
  const r = mulberry32(seed);
  const x = new Float32Array(n), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (kind === 'reg') { y[i] = r() * 4 - 2; x[i] = y[i]! + r() * 3 - 1.5; }
    else if (kind === 'logit') { x[i] = r() * 16 - 8; y[i] = r() < 0.1 ? 1 : 0; }
  }
  if (kind === 'box') {
    for (let b = 0; b < n / 4; b++) {
      const X = r() * 600, Y = r() * 600, W = 10 + r() * 200, H = 10 + r() * 200;
      y.set([X, Y, X + W, Y + H], 4 * b);
      x.set([X + r() * 8 - 4, Y + r() * 8 - 4, X + W + r() * 8 - 4, Y + H + r() * 8 - 4], 4 * b); // W, H ≥ 10: never inverted
    }
  }
  return { x, y };
}

const CASES: { api: keyof EdgeLoss; tol: keyof typeof TOLERANCE; kind: 'reg' | 'logit' | 'box'; n: number; o: Record<string, unknown> }[] = [
  { api: 'l1Loss', tol: 'l1', kind: 'reg', n: 4 * N, o: {} },
  { api: 'mseLoss', tol: 'mse', kind: 'reg', n: 4 * N, o: {} },
  { api: 'smoothL1Loss', tol: 'smooth_l1', kind: 'reg', n: 4 * N, o: { beta: 1 } },
  { api: 'huberLoss', tol: 'huber', kind: 'reg', n: 4 * N, o: { delta: 0.5 } },
  { api: 'mseLoss', tol: 'mse', kind: 'reg', n: 4 * N - 3, o: {} },
  { api: 'binaryCrossEntropyWithLogits', tol: 'bce_logits', kind: 'logit', n: N * C, o: {} },
  { api: 'sigmoidFocalLoss', tol: 'sigmoid_focal', kind: 'logit', n: N * C, o: { alpha: 0.25, gamma: 2 } },
  { api: 'sigmoidFocalLoss', tol: 'sigmoid_focal', kind: 'logit', n: N * C + 7, o: { alpha: 0.25, gamma: 2 } },
  { api: 'generalizedBoxIouLoss', tol: 'giou', kind: 'box', n: 4 * N, o: {} },
  { api: 'completeBoxIouLoss', tol: 'ciou', kind: 'box', n: 4 * N, o: {} },
];

describe(`head-specialised build (N=${N}, C=${C}, reg_max=${R})`, () => {
  it('has the capacity the head needs, fixed memory, and no imports', () => {
    expect(manifest.capacity).toBe(4 * N * (R + 1));
    for (const t of ['simd', 'mvp']) {
      if (t === 'simd' && !buildAvailable('simd')) continue;
      const mod = new LossModule({ file: file(t) });
      expect(mod.capacity).toBe(manifest.capacity);
      expect(mod.build).toBe('file');
      expect(mod.exports.memory.buffer.byteLength).toBe(manifest.pages * 65536);
      expect(WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(file(t))))).toEqual([]);
    }
  });

  for (const t of ['simd', 'mvp'] as const) {
    it.skipIf(t === 'simd' && !buildAvailable('simd'))(`${t}: equals the generic ${t} build within each loss's tolerance, per-element values bit for bit`, async () => {
      const head = await loadEdgeLoss({ file: file(t) });
      const generic = await loadEdgeLoss({ build: t });
      expect(head.capacity).toBe(manifest.capacity);
      for (const c of CASES) {
        const { x, y } = data(c.n, c.n + c.api.length, c.kind);
        const tol = TOLERANCE[c.tol]!;
        for (const reduction of ['mean', 'sum', 'none'] as const) {
          const a = (head[c.api] as unknown as Fn)(x, y, { ...c.o, reduction, grad: true });
          const b = (generic[c.api] as unknown as Fn)(x, y, { ...c.o, reduction, grad: true });
          const where = `${c.api} n=${c.n} ${reduction}`;
          if (reduction === 'none') expect(Array.from(a.value as Float32Array), where).toEqual(Array.from(b.value as Float32Array));
          else expect(compareNumber(a.value as number, b.value as number, tol.rtol, tol.atol), where).toBeNull();
          expect(compareArrays(a.grad, b.grad, tol.grtol, tol.gatol), where).toBeNull();
        }
      }
    }, 60_000);
  }

  it('takes a whole head in one kernel call (no chunking)', async () => {
    const mod = new LossModule({ file: file('mvp') });
    const { x, y } = data(N * C, 3, 'logit');
    mod.input.set(x);
    mod.target.set(y);
    mod.exports.reset();
    expect(mod.exports.bce_logits(N * C, 1, N * C)).toBe(0);
    const generic = await loadEdgeLoss({ build: 'mvp' });
    const want = generic.binaryCrossEntropyWithLogits(x, y);
    expect(compareNumber(mod.exports.result(1, N * C), want, 1e-6, 1e-7)).toBeNull();
  });
});

describe('loadEdgeLoss({ file }) errors', () => {
  const code = async (o: unknown) => {
    try {
      await loadEdgeLoss(o as never);
    } catch (e) {
      expect(e).toBeInstanceOf(EdgeLossError);
      return `${(e as EdgeLossError).code} ${(e as EdgeLossError).arg}`;
    }
    return 'no error';
  };
  it('names the option or the file', async () => {
    expect(await code({ file: '' })).toBe('E_OPTION options.file');
    expect(await code({ file: 42 })).toBe('E_OPTION options.file');
    expect(await code({ file: file('mvp'), build: 'mvp' })).toBe('E_OPTION options.build');
    expect(await code({ file: join(dir, 'missing.wasm') })).toBe(`E_FILE ${join(dir, 'missing.wasm')}`);
    const junk = join(dir, 'junk.wasm');
    writeFileSync(junk, 'not wasm');
    expect(await code({ file: junk })).toBe(`E_FILE ${junk}`);
  });
});

describe('build-head arguments', () => {
  it('refuses non-decimal counts and unknown targets before building anything', () => {
    const out = join(dir, 'refused');
    for (const args of [['--anchors', '1e3', '--classes', '2'], ['--anchors', '0x10', '--classes', '2'], ['--anchors', '0', '--classes', '2'],
      ['--anchors', '10', '--classes', '2', '--targets', 'simd,foo']]) {
      const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-head.mjs'), ...args, '--out', out], { cwd: ROOT, encoding: 'utf8' });
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr.trim().split('\n')[0], args.join(' ')).toMatch(/anchors|targets/);
      expect(existsSync(out), args.join(' ')).toBe(false);
    }
  });
});
