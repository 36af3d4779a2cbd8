/**
 * The COCO block checked by an independent route (pycocotools cannot be installed here: no PyPI). The second
 * implementation below is written differently on purpose: it reads the COCO JSON itself, loops threshold-first,
 * matches each detection by choosing among candidate sets (regular gts, then ignored ones) instead of the
 * pycocotools loop with its `break`, matches the top-m detections separately for each maxDets m, reads precision
 * at each of the 101 recall points as the max precision at or beyond it (no envelope, no searchsorted) and averages
 * with a plain sum. Plus hand-checked tiny cases whose AP is known.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, demoSet, type EvalFrameInput } from '../../src/eval/index.js';
import { mulberry32 } from '../../src/cli/selftest.js';
import { DB, describeShared, ODM } from './shared.js';

interface B { x: number; y: number; w: number; h: number; cat: string; score: number; crowd: boolean; area: number }
interface Img { gts: B[]; dts: B[] }

function iou(d: B, g: B): number {
  const ix = Math.max(0, Math.min(d.x + d.w, g.x + g.w) - Math.max(d.x, g.x));
  const iy = Math.max(0, Math.min(d.y + d.h, g.y + g.h) - Math.max(d.y, g.y));
  const inter = ix * iy;
  if (inter === 0) return 0;
  return inter / (g.crowd ? d.w * d.h : d.w * d.h + g.w * g.h - inter);
}

const AREAS: [number, number][] = [[0, 1e10], [0, 1024], [1024, 9216], [9216, 1e10]];

/** One (category, area, maxDet, threshold) cell: [precision at 101 recall points] and recall, or null (no gt). */
function cell(imgs: Img[], cat: string, area: [number, number], maxDet: number, t: number): { p: number[]; r: number } | null {
  const out: { score: number; img: number; rank: number; tp: boolean }[] = [];
  let npos = 0;
  let any = false;
  imgs.forEach((im, ii) => {
    const gts = im.gts.filter((g) => g.cat === cat);
    const dts = im.dts.map((d, i) => ({ d, i })).filter((e) => e.d.cat === cat)
      .sort((a, b) => (b.d.score - a.d.score) || (a.i - b.i)).slice(0, maxDet).map((e) => e.d);
    if (gts.length || dts.length) any = true;
    const ign = gts.map((g) => g.crowd || g.area < area[0] || g.area > area[1]);
    npos += ign.filter((v) => !v).length;
    // pycocotools orders gts with regular ones first (stable); ties in IoU go to the later gt in that order.
    const order = gts.map((_, k) => k).sort((a, b) => Number(ign[a]) - Number(ign[b]) || a - b);
    const used = gts.map(() => false);
    dts.forEach((d, rank) => {
      const pick = (regular: boolean): number => {
        let best = -1;
        let bestIou = -1;
        for (const k of order) {
          if (ign[k] === regular) continue;
          if (used[k] && !gts[k]!.crowd) continue;
          const o = iou(d, gts[k]!);
          if (o >= Math.min(t, 1 - 1e-10) && o >= bestIou) { best = k; bestIou = o; }
        }
        return best;
      };
      let m = pick(true);
      if (m < 0) m = pick(false);
      if (m >= 0) {
        used[m] = true;
        if (!ign[m]) out.push({ score: d.score, img: ii, rank, tp: true });
        return;
      }
      if (d.area < area[0] || d.area > area[1]) return;
      out.push({ score: d.score, img: ii, rank, tp: false });
    });
  });
  if (!any || npos === 0) return null;
  out.sort((a, b) => (b.score - a.score) || (a.img - b.img) || (a.rank - b.rank));
  const rc: number[] = [];
  const pr: number[] = [];
  let tp = 0;
  out.forEach((e, i) => {
    if (e.tp) tp++;
    rc.push(tp / npos);
    pr.push(tp / (i + 1 + 2.220446049250313e-16));
  });
  const p: number[] = [];
  for (let k = 0; k <= 100; k++) {
    const r = k === 100 ? 1 : k * 0.01;
    let best = 0;
    for (let i = 0; i < rc.length; i++) if (rc[i]! >= r) best = Math.max(best, pr[i]!);
    p.push(best);
  }
  return { p, r: rc.length ? rc[rc.length - 1]! : 0 };
}

const THRS = Array.from({ length: 10 }, (_, i) => (i === 9 ? 0.95 : i * ((0.95 - 0.5) / 9) + 0.5));

/** The twelve figures by the second route. */
function bruteCoco(imgs: Img[], cats: string[]): Record<string, number> {
  const avg = (vals: number[]) => (vals.length ? vals.reduce((a, b) => a + b, 0) / vals.length : -1);
  const ap = (ts: number[], a: number) => {
    const v: number[] = [];
    for (const t of ts) for (const c of cats) { const r = cell(imgs, c, AREAS[a]!, 100, t); if (r) v.push(...r.p); }
    return avg(v);
  };
  const ar = (a: number, m: number) => {
    const v: number[] = [];
    for (const t of THRS) for (const c of cats) { const r = cell(imgs, c, AREAS[a]!, m, t); if (r) v.push(r.r); }
    return avg(v);
  };
  return {
    AP: ap(THRS, 0), AP50: ap([0.5], 0), AP75: ap([0.75], 0), APs: ap(THRS, 1), APm: ap(THRS, 2), APl: ap(THRS, 3),
    AR1: ar(0, 1), AR10: ar(0, 10), AR100: ar(0, 100), ARs: ar(1, 100), ARm: ar(2, 100), ARl: ar(3, 100),
  };
}

function expectSame(got: Record<string, number>, want: Record<string, number>): void {
  for (const k of Object.keys(want)) {
    if (want[k] === -1) expect(got[k], k).toBe(-1);
    else expect(Math.abs(got[k]! - want[k]!), `${k}: ${got[k]} vs ${want[k]}`).toBeLessThan(1e-12);
  }
}

/** In-memory frames → the second route's images (xyxy boxes → x, y, w, h). */
function toImgs(gt: EvalFrameInput[], det: EvalFrameInput[], names?: readonly string[]): Img[] {
  const conv = (f: EvalFrameInput | undefined, isDet: boolean): B[] => {
    if (!f) return [];
    const b = f.boxes as ArrayLike<number>;
    return Array.from(f.classes, (c, i) => {
      const [x1, y1, x2, y2] = [b[4 * i]!, b[4 * i + 1]!, b[4 * i + 2]!, b[4 * i + 3]!];
      const w = x2 - x1;
      const h = y2 - y1;
      return {
        x: x1, y: y1, w, h, cat: typeof c === 'number' && names ? names[c]! : String(c),
        score: isDet ? f.confidences![i]! : 1, crowd: Boolean(f.iscrowd?.[i]), area: f.area ? f.area[i]! : w * h,
      };
    });
  };
  return gt.map((g) => ({ gts: conv(g, false), dts: conv(det.find((d) => d.id === g.id), true) }));
}

describe('COCO block: hand-checked cases', () => {
  const one = (boxes: number[], classes: string[], confidences?: number[]): EvalFrameInput => ({ id: 'a', boxes, classes, confidences });

  it('gives AP 1 and AR 1 for a perfect detection, −1 for the empty area ranges', async () => {
    const r = await evaluate({ gt: [one([10, 10, 60, 60], ['x'])], det: [one([10, 10, 60, 60], ['x'], [0.9])], loss: false });
    // pycocotools' precision is tp/(tp + fp + spacing(1)): 1/(1 + 2^-52) = 0.9999999999999998, printed as 1.000.
    expect(r.coco.AP).toBe(1 / (1 + 2.220446049250313e-16));
    expect(r.coco.AP50).toBeCloseTo(1, 15);
    expect(r.coco.AR1).toBe(1);
    expect(r.coco.APm).toBeCloseTo(1, 15); // area 2500 is medium
    expect(r.coco.APs).toBe(-1);
    expect(r.coco.APl).toBe(-1);
    expect(r.voc.mAP).toBe(1);
  });

  it('gives AP 0.5 when one false positive ranks above the one true positive', async () => {
    const r = await evaluate({
      gt: [one([10, 10, 60, 60], ['x'])],
      det: [one([200, 200, 250, 250, 10, 10, 60, 60], ['x', 'x'], [0.9, 0.8])],
      loss: false,
    });
    // precision 1/2 at recall 1, interpolated back to every recall point; pycocotools divides by tp+fp+spacing(1).
    expect(r.coco.AP).toBeCloseTo(0.5, 15);
    expect(r.coco.AR1).toBe(0); // the top-1 detection is the false positive
    expect(r.coco.AR10).toBe(1);
    expect(r.voc.classes[0]!.ap).toBe(0.5);
    expect(r.voc.classes[0]!.ap11).toBe(0.5);
  });

  it('gives AP 0.7 when a detection of IoU 0.8 meets 7 of the 10 thresholds', async () => {
    // IoU = 50·40/(50·50) = 0.8 → TP at .50 … .80 (7 of 10 thresholds): AP = 0.7.
    const r = await evaluate({ gt: [one([0, 0, 50, 50], ['x'])], det: [one([0, 0, 50, 40], ['x'], [0.5])], loss: false });
    expect(r.coco.AP).toBeCloseTo(0.7, 14);
    expect(r.coco.AP75).toBeCloseTo(1, 15);
  });

  it('ignores a detection on a crowd region and counts nothing for it', async () => {
    const gt: EvalFrameInput = { id: 'a', boxes: [0, 0, 100, 100, 200, 200, 260, 260], classes: ['x', 'x'], iscrowd: [1, 0] };
    const det: EvalFrameInput = { id: 'a', boxes: [10, 10, 40, 40, 200, 200, 260, 260], classes: ['x', 'x'], confidences: [0.9, 0.5] };
    const r = await evaluate({ gt: [gt], det: [det], loss: false, rules: 'coco' });
    expect(r.coco.AP).toBeCloseTo(1, 15);
    expect(r.counts).toEqual({ tp: 1, fp: 0, fn: 0, precision: 1, recall: 1 });
  });
});

describe('COCO block against the second implementation', () => {
  it('agrees on a seeded synthetic set with crowds, all area ranges and score ties', async () => {
    const rnd = mulberry32(7);
    const gt: EvalFrameInput[] = [];
    const det: EvalFrameInput[] = [];
    for (let f = 0; f < 30; f++) {
      const g = { id: `f${f}`, boxes: [] as number[], classes: [] as string[], iscrowd: [] as number[] };
      const d = { id: `f${f}`, boxes: [] as number[], classes: [] as string[], confidences: [] as number[] };
      const n = Math.floor(rnd() * 6);
      for (let k = 0; k < n; k++) {
        const s = [8, 30, 60, 150][Math.floor(rnd() * 4)]! * (0.5 + rnd());
        const x = rnd() * 400;
        const y = rnd() * 400;
        const cls = ['a', 'b', 'c'][Math.floor(rnd() * 3)]!;
        g.boxes.push(x, y, x + s, y + s * (0.5 + rnd()));
        g.classes.push(cls);
        g.iscrowd.push(rnd() < 0.08 ? 1 : 0);
        for (let m = 0; m < 1 + Math.floor(rnd() * 2); m++) {
          if (rnd() < 0.2) continue;
          const j = () => (rnd() - 0.5) * s * 0.4;
          d.boxes.push(x + j(), y + j(), x + s + j(), y + s + j());
          d.classes.push(rnd() < 0.1 ? 'b' : cls);
          d.confidences.push(Math.round(rnd() * 10) / 10); // coarse scores: many ties
        }
      }
      for (let k = 0; k < Math.floor(rnd() * 3); k++) {
        const x = rnd() * 400;
        d.boxes.push(x, x, x + 20, x + 20);
        d.classes.push('a');
        d.confidences.push(Math.round(rnd() * 10) / 10);
      }
      gt.push(g);
      det.push(d);
    }
    const r = await evaluate({ gt, det, loss: false });
    expectSame(r.coco as unknown as Record<string, number>, bruteCoco(toImgs(gt, det), ['a', 'b', 'c']));
  });

  it('agrees on the demo set', async () => {
    const demo = demoSet();
    const r = await evaluate({ loss: false });
    const cats = [...new Set(demo.gt.flatMap((f) => Array.from(f.classes, (c) => demo.names[c as number]!)))].sort();
    expectSame(r.coco as unknown as Record<string, number>, bruteCoco(toImgs(demo.gt, demo.det, demo.names), cats));
  });
});

describeShared('COCO block on the shared data against the second implementation', () => {
  it('agrees on voc100_review_odm (COCO gt + COCO detections dict, read independently)', async () => {
    const g = JSON.parse(readFileSync(join(DB, 'gts', 'coco_format_v1', 'instances_default.json'), 'utf8'));
    const d = JSON.parse(readFileSync(join(DB, 'dets', 'coco_format', 'coco_dets.json'), 'utf8'));
    const gCat = new Map<number, string>(g.categories.map((c: { id: number; name: string }) => [c.id, c.name]));
    const dCat = new Map<number, string>(d.categories.map((c: { id: number; name: string }) => [c.id, c.name]));
    const dImg = new Map<number, string>(d.images.map((i: { id: number; file_name: string }) => [i.id, i.file_name]));
    const imgs = [...g.images].sort((a, b) => a.id - b.id).map((im: { id: number; file_name: string }) => ({
      gts: g.annotations.filter((a: { image_id: number }) => a.image_id === im.id).map((a: { bbox: number[]; category_id: number; iscrowd: number; area: number }) => ({
        x: a.bbox[0]!, y: a.bbox[1]!, w: a.bbox[2]!, h: a.bbox[3]!, cat: gCat.get(a.category_id)!, score: 1, crowd: Boolean(a.iscrowd), area: a.area,
      })),
      dts: d.annotations.filter((a: { image_id: number }) => dImg.get(a.image_id) === im.file_name).map((a: { bbox: number[]; category_id: number; score: number }) => ({
        x: a.bbox[0]!, y: a.bbox[1]!, w: a.bbox[2]!, h: a.bbox[3]!, cat: dCat.get(a.category_id)!, score: a.score, crowd: false, area: a.bbox[2]! * a.bbox[3]!,
      })),
    }));
    const cats = [...gCat.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
    const want = bruteCoco(imgs, cats);
    const r = await evaluate({ gt: join(DB, 'gts', 'coco_format_v1', 'instances_default.json'), det: join(DB, 'dets', 'coco_format', 'coco_dets.json'), loss: false });
    expectSame(r.coco as unknown as Record<string, number>, want);
    expect(r.coco.AP).toBeGreaterThan(0.3);
  });

  it('agrees on odm_toy', async () => {
    const read = (dir: string, det: boolean) => (id: string) => readFileSync(join(ODM, dir, `${id}.txt`), 'utf8').trim().split('\n').map((l) => {
      const t = l.trim().split(/\s+/);
      const v = t.slice(det ? 2 : 1).map(Number);
      return { x: v[0]!, y: v[1]!, w: v[2]!, h: v[3]!, cat: t[0]!, score: det ? Number(t[1]) : 1, crowd: false, area: v[2]! * v[3]! };
    });
    const ids = ['00001', '00002', '00003', '00004', '00005', '00006', '00007'];
    const imgs = ids.map((id) => ({ gts: read('groundtruths', false)(id), dts: read('detections', true)(id) }));
    const r = await evaluate({ gt: join(ODM, 'groundtruths'), det: join(ODM, 'detections'), box: 'xywh', loss: false });
    expectSame(r.coco as unknown as Record<string, number>, bruteCoco(imgs, ['person']));
  });
});
