/**
 * evaluate() on small hand-made inputs: malformed files give one error naming file and line; frames without
 * detections or without ground truth are counted; the loss breakdown against float64 values; the demo set; and the
 * built CLI (`node dist/cli/main.js eval ...`, skipped with the reason only when dist is missing and CI is unset).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EdgeLossError } from '../../src/errors.js';
import { evaluate, evaluateDetailed, type EvalFrameInput } from '../../src/eval/index.js';
import { evaluate as publicEvaluate } from '../../src/index.js';
import { readNpy } from '../../src/io/npy.js';
import { ROOT, IN_CI } from './shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'edgeloss-eval-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function dir(name: string, files: Record<string, string>): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
  return d;
}

async function failure(p: Promise<unknown>): Promise<EdgeLossError> {
  const e = await p.then(() => null, (x: unknown) => x);
  expect(e).toBeInstanceOf(EdgeLossError);
  expect((e as Error).message).not.toContain('\n');
  return e as EdgeLossError;
}

describe('malformed inputs', () => {
  const gt = dir('gt_ok', { 'a.txt': 'car 10 10 50 50\n', 'b.txt': '' });

  it('names the file and line of a line with the wrong number of tokens', async () => {
    const bad = dir('gt_bad', { 'a.txt': 'car 10 10 50 50\ncar 1 2 3\n' });
    const e = await failure(evaluate({ gt: bad, det: gt, loss: false }));
    expect(e.code).toBe('E_FILE');
    expect(e.arg).toBe(join(bad, 'a.txt:2'));
    expect(e.message).toMatch(/4 tokens/);
  });

  it('names the file and line of a token that is not a number', async () => {
    const det = dir('det_badnum', { 'a.txt': 'car .9x 10 10 50 50\n' });
    const e = await failure(evaluate({ gt, det, loss: false }));
    expect([e.code, e.arg, e.value]).toEqual(['E_FILE', join(det, 'a.txt:1'), '.9x']);
  });

  it('refuses an inverted box', async () => {
    const det = dir('det_inv', { 'a.txt': '\ncar 0.5 50 50 10 10\n' });
    const e = await failure(evaluate({ gt, det, loss: false }));
    expect([e.code, e.arg]).toEqual(['E_RANGE', join(det, 'a.txt:2')]);
  });

  it('refuses detections of an image absent from the ground truth', async () => {
    const det = dir('det_extra', { 'a.txt': 'car .5 10 10 50 50\n', 'zzz.txt': 'car .5 1 1 5 5\n' });
    const e = await failure(evaluate({ gt, det, loss: false }));
    expect([e.code, e.value]).toEqual(['E_RANGE', 'zzz']);
    expect(e.message).toMatch(/absent from the ground truth/);
  });

  it('names the file and line of malformed XML', async () => {
    const x = dir('xml_bad', { 'a.xml': '<annotation>\n<object><name>car</name>\n</annotation>\n' });
    const e = await failure(evaluate({ gt: x, det: gt, loss: false }));
    expect(e.code).toBe('E_FILE');
    expect(e.arg).toMatch(/a\.xml:\d+$/);
  });

  it('refuses a COCO results entry naming an image absent from the ground truth', async () => {
    const g = join(tmp, 'g.json');
    writeFileSync(g, JSON.stringify({ images: [{ id: 1, file_name: 'a.jpg' }], categories: [{ id: 1, name: 'car' }], annotations: [] }));
    const d = join(tmp, 'd.json');
    writeFileSync(d, JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 5, 5], score: 0.5 }, { image_id: 9, category_id: 1, bbox: [0, 0, 5, 5], score: 0.5 }]));
    const e = await failure(evaluate({ gt: g, det: d, loss: false }));
    expect([e.code, e.arg, e.value]).toEqual(['E_RANGE', `${d} annotations[1]`, 9]);
  });

  it('refuses unknown options and bad values', async () => {
    await expect(evaluate({ iou: 2 })).rejects.toThrow(/options\.iou/);
    await expect(evaluate({ rules: 'x' as never })).rejects.toThrow(/options\.rules/);
    await expect(evaluate({ gt: 'x' })).rejects.toThrow(/options\.det/);
    await expect(evaluate({ nope: 1 } as never)).rejects.toThrow(/options\.nope/);
  });
});

describe('frames, counts and losses in memory', () => {
  const gt: EvalFrameInput[] = [
    { id: 'both', boxes: [0, 0, 100, 100], classes: ['car'] },
    { id: 'missed', boxes: [0, 0, 10, 10], classes: ['car'] },
    { id: 'empty', boxes: [], classes: [] },
  ];
  const det: EvalFrameInput[] = [
    { id: 'both', boxes: [[0, 0, 100, 80], [300, 300, 320, 320]], classes: ['car', 'car'], confidences: [0.9, 0.3] },
    { id: 'empty', boxes: [5, 5, 15, 15], classes: ['car'], confidences: [0.2] },
  ];

  it('counts a frame with no detections and a frame with no ground truth', async () => {
    const r = await publicEvaluate({ gt, det });
    expect(r.images).toBe(3);
    expect(r.frames.map((f) => [f.id, f.counts.tp, f.counts.fp, f.counts.fn])).toEqual([['both', 1, 1, 0], ['missed', 0, 0, 1], ['empty', 0, 1, 0]]);
    expect(r.counts).toEqual({ tp: 1, fp: 2, fn: 1, precision: 1 / 3, recall: 0.5 });
    expect(r.frames[1]!.loss).toEqual({ box: null, cls: null, kpt: null, total: null });
  });

  it('gives the box and cls losses of the float64 formulas (giou, bce, target = IoU)', async () => {
    const { result: r, internals } = await evaluateDetailed({ gt, det });
    const iou = 0.8; // [0,0,100,80] inside [0,0,100,100]: GIoU loss = 1 − IoU (the enclosing box is the union)
    expect(r.frames[0]!.loss.box).toBeCloseTo(1 - iou, 6);
    const bce = (p: number, t: number) => -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
    expect(r.frames[0]!.loss.cls).toBeCloseTo((bce(0.9, iou) + bce(0.3, 0)) / 2, 6);
    expect(r.loss.cls).toBeCloseTo((bce(0.9, iou) + bce(0.3, 0) + bce(0.2, 0)) / 3, 6);
    expect(r.loss.total).toBeCloseTo(r.loss.box! + r.loss.cls!, 12);
    const g = internals.grads.get('both')!;
    expect(g).toHaveLength(2 * 13);
    expect(g[4]).toBeCloseTo((0.9 - iou) / (0.9 * 0.1), 4); // dBCE/dp = (p − t)/(p(1 − p))
    expect(g[13 + 4]).toBeCloseTo(1 / 0.7, 4);
    expect(Array.from(g.subarray(13, 17))).toEqual([0, 0, 0, 0]); // no box gradient for a false positive
    expect(r.worst.map((w) => w.id)).toEqual(['both', 'empty', 'missed']);
  });

  it('runs the focal and IoU variants with finite values', async () => {
    const r = await evaluate({ gt, det, clsLoss: 'focal', boxLoss: 'ciou', clsTarget: 'one' });
    expect(Number.isFinite(r.loss.cls)).toBe(true);
    expect(r.loss.cls).toBeLessThan((-Math.log(0.9) - Math.log(0.7) - Math.log(0.8)) / 3); // focal ≤ BCE
    expect(r.settings).toMatchObject({ cls_loss: 'focal', box_loss: 'ciou', cls_target: 'one' });
  });
});

describe('the demo set', () => {
  it('is deterministic, has corners, and exercises every part', async () => {
    const a = await evaluate();
    const b = await evaluate();
    expect(a).toEqual(b);
    expect(a.source.gt).toBe('demo');
    expect(a.images).toBe(60);
    expect(a.loss.kpt).toBeGreaterThan(0);
    expect(a.counts.fp).toBeGreaterThan(0);
    expect(a.counts.fn).toBeGreaterThan(0);
    expect(a.voc.mAP).toBeGreaterThan(0.5);
  });
});

// The package's own bin (the bundled CLI), read from package.json so the tests run what users run.
const MAIN = join(ROOT, (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: { edgeloss: string } }).bin.edgeloss);
const HAVE_CLI = existsSync(MAIN);
const cliDescribe = HAVE_CLI || IN_CI ? describe : describe.skip;

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, 'eval', ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

cliDescribe(`edgeloss eval (built CLI${HAVE_CLI ? '' : '; skipped: the built CLI is missing, run npm run build'})`, () => {
  it('runs on the built-in demo set and prints the table', () => {
    const r = run();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/60 images/);
    expect(r.stdout).toMatch(/mAP/);
    expect(r.stdout).toMatch(/worst 10 frames/);
  });

  it('prints with --json exactly what evaluate() returns, and writes CSV, SVG and gradients', async () => {
    const csv = join(tmp, 'f.csv');
    const svg = join(tmp, 'p.svg');
    const g = join(tmp, 'grads');
    const r = run('--json', '--csv', csv, '--plot', svg, '--grad-out', g);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(await evaluate())));
    expect(readFileSync(csv, 'utf8').trim().split('\n')).toHaveLength(61);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg/);
    const files = readdirSync(g);
    expect(files).toHaveLength(60);
    const npy = readNpy(join(g, 'demo_000.npy'));
    expect(npy.shape[1]).toBe(13);
  });

  it('gives one-line errors with exit 2 for usage and 1 for a malformed file', () => {
    const u = run('--gt', tmp);
    expect(u.status).toBe(2);
    expect(u.stderr.trim().split('\n')).toHaveLength(1);
    expect(u.stderr).toMatch(/^edgeloss: --det is missing/);
    const d = dir('cli_bad', { 'a.txt': 'car 1 2\n' });
    const f = run('--gt', d, '--det', d);
    expect(f.status).toBe(1);
    expect(f.stderr.trim().split('\n')).toHaveLength(1);
    expect(f.stderr).toContain(`${join(d, 'a.txt')}:1`);
  });
});
