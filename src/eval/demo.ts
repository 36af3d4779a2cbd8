/**
 * The built-in demo set of `edgeloss eval` (no --gt/--det): armor-plate-like frames generated deterministically
 * from a seeded PRNG (mulberry32), so that the first command works on a fresh clone with no files.
 *
 * 60 frames of 1280×1024, 2–5 plates each, class = colour × robot type as in rm_armor5 (blue 0–7, red 8–15:
 * sentry, hero, engineer, infantry 3/4/5, outpost, base), boxes xyxy in pixels with the 4 light-bar corners
 * (top-left, bottom-left, bottom-right, top-right). A simulated detector misses 12% of the plates, jitters the
 * found ones (edges ±6% of the size, corners ±1.5 px), confuses the robot type 4% of the time, adds 0–2 false
 * positives per frame, and scores each detection from its jitter plus noise. Values are rounded to 0.01 px and
 * confidences to 4 decimals, as a detector's text output would be.
 */
import { mulberry32 } from '../prng.js';
import type { EvalFrameInput } from './types.js';

const TYPES = ['sentry', 'hero', 'engineer', 'infantry3', 'infantry4', 'infantry5', 'outpost', 'base'];
/** Class names of the demo set by id (0–15). */
export const DEMO_NAMES: readonly string[] = ['blue', 'red'].flatMap((c) => TYPES.map((t) => `${c}-${t}`));
export const DEMO_SEED = 20240607;
const W = 1280;
const H = 1024;

const r2 = (v: number) => Math.round(v * 100) / 100;

/** The demo set: ground truth and detections as in-memory frames, with the class names. */
export function demoSet(seed = DEMO_SEED, frames = 60): { gt: EvalFrameInput[]; det: EvalFrameInput[]; names: readonly string[] } {
  const rnd = mulberry32(seed);
  const uni = (a: number, b: number) => a + (b - a) * rnd();
  const noise = (s: number) => (rnd() + rnd() + rnd() - 1.5) * s * 2 / 1.5; // roughly N(0, s/1.2), bounded
  const corners = (x1: number, y1: number, x2: number, y2: number, skew: number) => {
    const w = x2 - x1;
    const h = y2 - y1;
    return [
      x1 + 0.08 * w + skew, y1 + 0.1 * h, x1 + 0.08 * w - skew, y2 - 0.1 * h,
      x2 - 0.08 * w - skew, y2 - 0.1 * h, x2 - 0.08 * w + skew, y1 + 0.1 * h,
    ];
  };
  const gt: EvalFrameInput[] = [];
  const det: EvalFrameInput[] = [];
  for (let f = 0; f < frames; f++) {
    const id = `demo_${String(f).padStart(3, '0')}`;
    const g = { boxes: [] as number[], classes: [] as number[], corners: [] as number[] };
    const d = { boxes: [] as number[], classes: [] as number[], corners: [] as number[], confidences: [] as number[] };
    const n = 2 + Math.floor(rnd() * 4);
    for (let k = 0; k < n; k++) {
      const w = uni(40, 200);
      const h = w * uni(0.35, 0.6);
      const cx = uni(w / 2 + 10, W - w / 2 - 10);
      const cy = uni(h / 2 + 10, H - h / 2 - 10);
      const box = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2].map(r2);
      const skew = noise(0.05 * h);
      const cls = Math.floor(rnd() * 16);
      g.boxes.push(...box);
      g.classes.push(cls);
      g.corners.push(...corners(box[0]!, box[1]!, box[2]!, box[3]!, skew).map(r2));
      if (rnd() < 0.12) continue; // missed
      const j = [noise(0.06 * w), noise(0.06 * h), noise(0.06 * w), noise(0.06 * h)];
      const x1 = box[0]! + j[0]!;
      const y1 = box[1]! + j[1]!;
      const x2 = Math.max(x1 + 2, box[2]! + j[2]!);
      const y2 = Math.max(y1 + 2, box[3]! + j[3]!);
      const jit = (Math.abs(j[0]!) + Math.abs(j[2]!)) / w + (Math.abs(j[1]!) + Math.abs(j[3]!)) / h;
      const wrong = rnd() < 0.04;
      d.boxes.push(...[x1, y1, x2, y2].map(r2));
      d.classes.push(wrong ? (cls < 8 ? 8 : 0) + ((cls % 8) + 1 + Math.floor(rnd() * 6)) % 8 : cls);
      d.corners.push(...corners(box[0]!, box[1]!, box[2]!, box[3]!, skew).map((v) => r2(v + noise(1.5))));
      d.confidences.push(Math.round(Math.min(0.99, Math.max(0.05, 0.97 - 1.6 * jit + noise(0.08))) * 1e4) / 1e4);
    }
    const fps = rnd() < 0.6 ? 0 : rnd() < 0.75 ? 1 : 2;
    for (let k = 0; k < fps; k++) {
      const w = uni(30, 120);
      const h = w * uni(0.3, 0.7);
      const x1 = uni(0, W - w);
      const y1 = uni(0, H - h);
      const box = [x1, y1, x1 + w, y1 + h].map(r2);
      d.boxes.push(...box);
      d.classes.push(Math.floor(rnd() * 16));
      d.corners.push(...corners(box[0]!, box[1]!, box[2]!, box[3]!, noise(2)).map(r2));
      d.confidences.push(Math.round(uni(0.05, 0.6) * 1e4) / 1e4);
    }
    gt.push({ id, width: W, height: H, ...g });
    det.push({ id, width: W, height: H, ...d });
  }
  return { gt, det, names: DEMO_NAMES };
}
