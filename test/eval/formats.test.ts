/**
 * voc100_review_odm end to end in each format pairing, and rm_armor5_pylabel's ground truth against a seeded
 * perturbed copy. The class-id trap: the YOLO ground truth numbers classes by obj.names, the detection txt files
 * by voc.names; every pairing must give the same VOC block and counts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { evaluate, type EvaluateOptions, type EvalResult } from '../../src/eval/index.js';
import { mulberry32 } from '../../src/cli/selftest.js';
import { EdgeLossError } from '../../src/errors.js';
import { ARMOR, DB, describeShared, VOC100 } from './shared.js';

const YOLO_GT = { gt: join(DB, 'gts', 'yolo_format', 'obj_train_data'), gtNames: join(DB, 'gts', 'yolo_format', 'obj.names'), sizes: join(DB, 'gts', 'pascalvoc_format') };
const XML_GT = { gt: join(DB, 'gts', 'pascalvoc_format') };
const COCO_GT = { gt: join(DB, 'gts', 'coco_format_v1', 'instances_default.json') };
const DET_NAMES = join(VOC100, 'toyexample', 'voc.names');
const DETS = {
  abs_xywh: { det: join(DB, 'dets', 'abs_xywh'), box: 'xywh' as const, detNames: DET_NAMES },
  abs_xyx2y2: { det: join(DB, 'dets', 'abs_xyx2y2'), box: 'xyxy' as const, detNames: DET_NAMES },
  rel_xywh: { det: join(DB, 'dets', 'rel_xywh'), detNames: DET_NAMES },
  coco: { det: join(DB, 'dets', 'coco_format', 'coco_dets.json') },
};
const PAIRINGS: [string, EvaluateOptions][] = [
  ['yolo gt + abs_xywh', { ...YOLO_GT, ...DETS.abs_xywh }],
  ['yolo gt + abs_xyx2y2', { ...YOLO_GT, ...DETS.abs_xyx2y2 }],
  ['yolo gt + rel_xywh', { ...YOLO_GT, ...DETS.rel_xywh }],
  ['voc-xml gt + abs_xywh', { ...XML_GT, ...DETS.abs_xywh }],
  ['voc-xml gt + abs_xyx2y2', { ...XML_GT, ...DETS.abs_xyx2y2 }],
  ['coco gt + coco dets', { ...COCO_GT, ...DETS.coco }],
  ['coco gt + abs_xywh', { ...COCO_GT, ...DETS.abs_xywh }],
];
/** Pairings whose every coordinate is an absolute integer as written (no 6-digit normalised values). */
const ABSOLUTE = new Set(['voc-xml gt + abs_xywh', 'voc-xml gt + abs_xyx2y2', 'coco gt + coco dets', 'coco gt + abs_xywh']);

describeShared('voc100_review_odm in every format pairing', () => {
  const results = new Map<string, EvalResult>();
  for (const [name, o] of PAIRINGS) {
    it(`reads ${name}: 100 images, 273 ground truths, 452 detections`, async () => {
      const r = await evaluate({ ...o, loss: false });
      results.set(name, r);
      expect([r.images, r.gt_boxes, r.det_boxes]).toEqual([100, 273, 452]);
      // The two images without detections are counted, not dropped.
      for (const id of ['2007_000676', '2007_001377']) {
        const f = r.frames.find((x) => x.id === id)!;
        expect(f.det).toBe(0);
        expect(f.counts.fn).toBe(f.gt);
      }
    });
  }

  it('gives the same VOC block and counts in every pairing, to the last digit', () => {
    const ref = results.get('voc-xml gt + abs_xywh')!;
    expect(ref.voc.classes).toHaveLength(20);
    expect(ref.voc.mAP).toBeCloseTo(0.6109, 4);
    expect(ref.counts).toEqual({ tp: 226, fp: 226, fn: 47, precision: 0.5, recall: 226 / 273 });
    const person = ref.voc.classes.find((c) => c.class === 'person')!;
    expect(person.npos).toBe(91);
    const byName = (r: EvalResult) => [...r.voc.classes].sort((a, b) => a.class.localeCompare(b.class));
    for (const [name, r] of results) {
      expect(r.voc.mAP, name).toBe(ref.voc.mAP);
      expect(r.voc.mAP11, name).toBe(ref.voc.mAP11);
      expect(byName(r), name).toEqual(byName(ref));
      expect(r.counts, name).toEqual(ref.counts);
    }
  });

  it('gives the same COCO block in every absolute pairing, and within 0.005 where boxes were normalised to 6 digits', () => {
    const ref = results.get('coco gt + coco dets')!.coco;
    expect(ref.AP).toBeCloseTo(0.34696, 5);
    for (const [name, r] of results) {
      for (const k of Object.keys(ref) as (keyof typeof ref)[]) {
        // Absolute pairings differ at most in the last bits (pycocotools averages in category-id order).
        expect(Math.abs(r.coco[k] - ref[k]), `${name} ${k}`).toBeLessThan(ABSOLUTE.has(name) ? 1e-15 : 5e-3);
      }
    }
  });

  it('refuses the class-id trap: YOLO ids named by obj.names against bare detection ids', async () => {
    const { detNames: _, ...noNames } = { ...YOLO_GT, ...DETS.abs_xywh };
    await expect(evaluate({ ...noNames, loss: false })).rejects.toThrow(/bare class id .*--det-names/);
  });

  it('computes the loss breakdown on every frame', async () => {
    const r = await evaluate({ ...XML_GT, ...DETS.abs_xywh });
    expect(r.loss.box).toBeGreaterThan(0);
    expect(r.loss.box).toBeLessThan(1);
    expect(r.loss.cls).toBeGreaterThan(0);
    expect(r.loss.kpt).toBeNull();
    expect(r.loss.total).toBeCloseTo(r.loss.box! + r.loss.cls!, 12);
    expect(r.worst).toHaveLength(10);
    expect(r.worst[0]!.total).toBeGreaterThanOrEqual(r.worst[9]!.total!);
  });
});

describeShared('rm_armor5_pylabel against a seeded perturbed copy', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'edgeloss-armor-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const rnd = mulberry32(5);
  for (const f of readdirSync(ARMOR)) {
    const lines = readFileSync(join(ARMOR, f), 'utf8').trim().split('\n').map((l) => {
      const t = l.trim().split(/\s+/);
      const v = t.slice(1).map((x) => Number(x) + (rnd() - 0.5) * 0.002);
      return [t[0], (0.6 + 0.3 * rnd()).toFixed(3), ...v.map((x) => x.toFixed(6))].join(' ');
    });
    writeFileSync(join(tmp, f), `${lines.join('\n')}\n`);
  }

  it('parses the 13-number lines with their corners and scores the perturbed copy', async () => {
    const r = await evaluate({ gt: ARMOR, det: tmp, imgsz: [1280, 1024], kptLoss: 'l1' });
    expect(r.source.gt_format).toBe('yolo');
    expect([r.images, r.gt_boxes, r.det_boxes]).toEqual([5, 5, 5]);
    expect(r.counts).toMatchObject({ tp: 5, fp: 0, fn: 0 });
    expect(r.voc.mAP).toBe(1);
    // Corners exist on both sides: the kpt loss is the L1 sum over 8 coordinates in pixels (±0.001 × 1280 px each).
    expect(r.loss.kpt).toBeGreaterThan(0);
    expect(r.loss.kpt).toBeLessThan(8 * 0.001 * 1280);
    for (const f of r.frames) expect(f.loss.kpt).not.toBeNull();
  });

  it('needs an image size for normalised boxes, and says so naming the file and line', async () => {
    const e = await evaluate({ gt: ARMOR, det: tmp, loss: false }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EdgeLossError);
    expect((e as EdgeLossError).code).toBe('E_OPTION');
    expect((e as EdgeLossError).arg).toMatch(/00\.txt:1$/);
  });
});
