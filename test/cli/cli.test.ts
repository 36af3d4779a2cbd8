/**
 * End-to-end tests of the built CLI: `node dist/cli/main.js ...`, run from a temporary working directory to show
 * that it does not depend on the cwd. Skipped (with the reason in the title) only when dist/cli/main.js is
 * missing and CI is unset; under CI a missing build is a failure.
 */
import { NAMES } from '../../src/names.js';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The package's own bin (the bundled CLI), read from package.json so the tests run what users run.
const MAIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { edgeloss: string } }).bin.edgeloss);
const FIX = join(ROOT, 'test', 'fixtures', 'npy');
const fx = (name: string) => join(FIX, name);
const HAVE_DIST = existsSync(MAIN);
const IN_CI = Boolean(process.env.CI);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

const tmp = mkdtempSync(join(tmpdir(), 'edgeloss-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]): Run {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The failure contract: the expected exit code and exactly one `edgeloss: ...` line on stderr, no stack. */
function expectFailure(r: Run, code: 1 | 2, re?: RegExp): void {
  expect(r.status, `stderr: ${r.stderr}`).toBe(code);
  const lines = r.stderr.split('\n').filter((l) => l.length > 0);
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^edgeloss: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (re) expect(lines[0]).toMatch(re);
}

function expectOk(r: Run): void {
  expect(r.status, `stderr: ${r.stderr}`).toBe(0);
  expect(r.stderr).toBe('');
}

/** float64 cross-entropy with class indices, mean over rows (the value the CLI should approximate). */
function ceMean(logits: ArrayLike<number>, targets: ArrayLike<number>, c: number): number {
  let total = 0;
  const n = targets.length;
  for (let i = 0; i < n; i++) {
    let m = -Infinity;
    for (let k = 0; k < c; k++) m = Math.max(m, logits[i * c + k]!);
    let s = 0;
    for (let k = 0; k < c; k++) s += Math.exp(logits[i * c + k]! - m);
    total += -(logits[i * c + targets[i]!]! - m - Math.log(s));
  }
  return total / n;
}

if (!HAVE_DIST && IN_CI) {
  describe('edgeloss CLI', () => {
    it('the built CLI exists (CI is set, so a missing build is a failure)', () => {
      throw new Error(`${MAIN} is missing: run \`npm run build\` before the tests`);
    });
  });
}

describe.skipIf(!HAVE_DIST)(`edgeloss CLI${HAVE_DIST ? '' : ` (skipped: ${MAIN} is missing; run npm run build)`}`, () => {
  it('mse of two .npy files prints the value on one line', () => {
    const r = run('loss', 'mse', '--input', fx('mse_input.npy'), '--target', fx('mse_target.npy'));
    expectOk(r);
    expect(r.stdout).toBe('1.3125\n');
  });

  it('works with relative paths from the working directory', () => {
    copyFileSync(fx('mse_input.npy'), join(tmp, 'x.npy'));
    copyFileSync(fx('mse_target.npy'), join(tmp, 'y.npy'));
    const r = run('loss', 'mse', '--input', 'x.npy', '--target', 'y.npy', '--reduction', 'sum');
    expectOk(r);
    expect(r.stdout).toBe('5.25\n');
  });

  it('aliases and JSON / raw inputs', () => {
    writeFileSync(join(tmp, 'x.json'), '[1, 2, 3, 4]');
    writeFileSync(join(tmp, 'y.f32'), new Uint8Array(new Float32Array([1.5, 2, 2, 6]).buffer));
    const r = run('loss', 'mae', '--input', join(tmp, 'x.json'), '--target', join(tmp, 'y.f32'));
    expectOk(r);
    expect(Number(r.stdout)).toBeCloseTo((0.5 + 0 + 1 + 2) / 4, 6);
  });

  it('cross-entropy with int64 targets written by numpy (C from the 2-D logits)', () => {
    const r = run('loss', 'cross-entropy', '--input', fx('logits_4x3.npy'), '--target', fx('i64.npy'), '--json');
    expectOk(r);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    const logits = readNpy(fx('logits_4x3.npy')).data;
    const want = ceMean(logits, [2, 0, 1, 1], 3);
    expect(doc.loss).toBe('cross-entropy');
    expect(doc.reduction).toBe('mean');
    expect(doc.n).toBe(12);
    expect(['simd', 'mvp']).toContain(doc.build);
    expect(Math.abs((doc.value as number) - want)).toBeLessThan(1e-5 * Math.abs(want) + 1e-6);
  });

  it('cross-entropy with all-integer JSON class indices', () => {
    writeFileSync(join(tmp, 't.json'), '[2, 0, 1, 1]');
    const r = run('loss', 'cross-entropy', '--input', fx('logits_4x3.npy'), '--target', join(tmp, 't.json'));
    expectOk(r);
    const want = ceMean(readNpy(fx('logits_4x3.npy')).data, [2, 0, 1, 1], 3);
    expect(Math.abs(Number(r.stdout) - want)).toBeLessThan(1e-5 * Math.abs(want) + 1e-6);
  });

  it('--reduction none with --json prints the per-element values', () => {
    const r = run('loss', 'mse', '--input', fx('mse_input.npy'), '--target', fx('mse_target.npy'), '--reduction', 'none', '--json');
    expectOk(r);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc).toMatchObject({ loss: 'mse', reduction: 'none', n: 4, value: [0.25, 0, 1, 4] });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('--reduction none with --out writes a .npy', () => {
    const out = join(tmp, 'none.npy');
    const r = run('loss', 'cross-entropy', '--input', fx('logits_4x3.npy'), '--target', fx('i64.npy'), '--reduction', 'none', '--out', out);
    expectOk(r);
    const back = readNpy(out);
    expect(back.shape).toEqual([4]);
    expect(back.dtype).toBe('<f4');
  });

  it('--grad-out writes float32 .npy with the input shape', () => {
    const g = join(tmp, 'grad.npy');
    const r = run('loss', 'mse', '--input', fx('mse_input.npy'), '--target', fx('mse_target.npy'), '--grad-out', g, '--json');
    expectOk(r);
    expect(JSON.parse(r.stdout)).toMatchObject({ value: 1.3125, grad_out: g });
    const back = readNpy(g);
    expect(back.dtype).toBe('<f4');
    expect(back.shape).toEqual([4]);
    expect(Array.from(back.data)).toEqual([-0.25, 0, 0.5, -1]); // 2d/n

    const g2 = join(tmp, 'grad2.npy');
    expectOk(run('loss', 'cross-entropy', '--input', fx('logits_4x3.npy'), '--target', fx('i64.npy'), '--grad-out', g2));
    const back2 = readNpy(g2);
    expect(back2.shape).toEqual([4, 3]);
    for (let i = 0; i < 4; i++) {
      const row = Array.from(back2.data.subarray(i * 3, i * 3 + 3));
      expect(Math.abs(row.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6); // softmax − onehot sums to 0
    }
    const py = spawnSync('python3', ['-c', `import numpy as np; a = np.load(${JSON.stringify(g2)}); print(a.dtype, a.shape)`], {
      encoding: 'utf8',
    });
    if (py.status === 0) expect(py.stdout.trim()).toBe('float32 (4, 3)');
  });

  it('loss options are passed (huber --delta, power --p)', () => {
    const a = run('loss', 'power', '--p', '2', '--input', fx('mse_input.npy'), '--target', fx('mse_target.npy'));
    expectOk(a);
    expect(a.stdout).toBe('1.3125\n');
    const b = run('loss', 'huber', '--delta', '1', '--input', fx('mse_input.npy'), '--target', fx('mse_target.npy'), '--reduction', 'sum');
    expectOk(b);
    expect(Number(b.stdout)).toBeCloseTo(0.125 + 0 + 0.5 + 1.5, 6);
  });

  it('list, info and --version', () => {
    const l = run('list');
    expectOk(l);
    for (const name of ['l1', 'mae', 'mse', 'rmse', 'power', 'smooth-l1', 'huber', 'bce', 'bce-with-logits', 'cross-entropy']) {
      expect(l.stdout).toContain(name);
    }
    const lj = run('list', '--json');
    expectOk(lj);
    expect((JSON.parse(lj.stdout) as unknown[]).length).toBe(NAMES.length);
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    const i = run('info', '--json');
    expectOk(i);
    const info = JSON.parse(i.stdout) as Record<string, unknown>;
    expect(info.version).toBe(version);
    expect(info.node).toBe(process.versions.node);
    expect(typeof info.simd_supported).toBe('boolean');
    expect(info.capacity).toBeGreaterThan(0);
    for (const args of [['--help'], ['help', 'loss'], ['loss', '--help']]) {
      const h = run(...args);
      expectOk(h);
      expect(h.stdout).toMatch(/^Usage: edgeloss/);
    }
    const v = run('--version');
    expectOk(v);
    expect(v.stdout.trim()).toBe(version);
  });

  it('selftest passes and exits 0', () => {
    const r = run('selftest', '--json');
    expectOk(r);
    const report = JSON.parse(r.stdout) as { ok: boolean; rows: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.rows.length).toBeGreaterThanOrEqual(NAMES.length);
  }, 120_000);

  describe('exit code 1: EdgeLossError, bad files, non-finite input', () => {
    it('a truncated .npy', () => {
      expectFailure(run('loss', 'mse', '--input', fx('bad_truncated.npy'), '--target', fx('mse_target.npy')), 1, /truncated.*E_FILE/);
    });
    it('a missing file names the path', () => {
      expectFailure(run('loss', 'mse', '--input', 'nope.npy', '--target', fx('mse_target.npy')), 1, /nope\.npy.*does not exist/);
    });
    it('an unsupported dtype', () => {
      expectFailure(run('loss', 'mse', '--input', fx('bad_be_f4.npy'), '--target', fx('mse_target.npy')), 1, /E_DTYPE/);
    });
    it('a raw file without --shape', () => {
      writeFileSync(join(tmp, 'r.bin'), new Uint8Array(16));
      expectFailure(run('loss', 'mse', '--input', join(tmp, 'r.bin'), '--target', fx('mse_target.npy')), 1, /needs a shape/);
    });
    it('--check-finite names the file and the index', () => {
      const r = run('loss', 'mse', '--input', fx('nonfinite_f32.npy'), '--target', fx('mse_target.npy'), '--check-finite');
      expectFailure(r, 1, /nonfinite_f32\.npy.*index 2/);
    });
    it('a length mismatch reported by the API', () => {
      expectFailure(run('loss', 'mse', '--input', fx('f32.npy'), '--target', fx('v2_f64.npy')), 1, /E_LENGTH|E_SHAPE/);
    });
    it('a bad option value reported by the API', () => {
      expectFailure(run('loss', 'huber', '--delta', '-1', '--input', fx('mse_input.npy'), '--target', fx('mse_target.npy')), 1, /E_OPTION/);
    });
  });

  describe('exit code 2: usage errors', () => {
    it('no command', () => expectFailure(run(), 2));
    it('unknown command', () => expectFailure(run('frobnicate'), 2, /unknown command/));
    it('unknown loss', () => {
      expectFailure(run('loss', 'nope', '--input', fx('f32.npy'), '--target', fx('f32.npy')), 2, /E_UNKNOWN_LOSS/);
    });
    it('unknown flag (one line even with a suggestion)', () => {
      const r = run('loss', 'mse', '--input', fx('f32.npy'), '--target', fx('f32.npy'), '--inptu', 'x');
      expectFailure(r, 2, /unknown option '--inptu'/);
    });
    it('missing required flag', () => {
      expectFailure(run('loss', 'mse', '--input', fx('f32.npy')), 2, /--target/);
    });
    it('bad choice and bad number', () => {
      expectFailure(run('loss', 'mse', '--input', fx('f32.npy'), '--target', fx('f32.npy'), '--reduction', 'avg'), 2);
      expectFailure(run('loss', 'power', '--p', 'two', '--input', fx('f32.npy'), '--target', fx('f32.npy')), 2);
    });
    it('an option that does not apply to the loss', () => {
      expectFailure(run('loss', 'mse', '--delta', '1', '--input', fx('f32.npy'), '--target', fx('f32.npy')), 2, /does not apply/);
    });
    it('--reduction none without --out or --json', () => {
      expectFailure(run('loss', 'mse', '--input', fx('f32.npy'), '--target', fx('f32.npy'), '--reduction', 'none'), 2, /--out/);
    });
  });
});
