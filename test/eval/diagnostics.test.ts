import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/index.js';

// Mistakes a user makes that would otherwise give a silently wrong mAP.
describe('evaluate diagnostics', () => {
  const boxes = (k: number) => Array.from({ length: k }, (_, i) => [10 * i, 0, 10 * i + 8, 8]).flat();

  it('warns when the false positives sit on ground truths of another class (mismatched id tables)', async () => {
    const gt = [{ id: 'f', boxes: boxes(6), classes: ['0', '0', '0', '1', '1', '1'] }];
    const det = [{ id: 'f', boxes: boxes(6), classes: ['3', '3', '3', '4', '4', '4'], confidences: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4] }];
    const r = await evaluate({ gt, det, loss: false });
    expect(r.counts.tp).toBe(0);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain('number their classes differently');
  });

  it('stays quiet when the classes agree', async () => {
    const gt = [{ id: 'f', boxes: boxes(6), classes: ['a', 'a', 'a', 'b', 'b', 'b'] }];
    const det = [{ id: 'f', boxes: boxes(6), classes: ['a', 'a', 'a', 'b', 'b', 'b'], confidences: [0.9, 0.8, 0.7, 0.6, 0.5, 0.4] }];
    const r = await evaluate({ gt, det, loss: false });
    expect(r.counts.tp).toBe(6);
    expect(r.warnings).toEqual([]);
  });

  it('refuses pixel coordinates in a YOLO file, naming the file and line and suggesting the VOC-style reader', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edgeloss-yolo-'));
    const gtDir = join(dir, 'gt');
    const detDir = join(dir, 'det');
    for (const d of [gtDir, detDir]) {
      const { mkdirSync } = await import('node:fs');
      mkdirSync(d);
    }
    writeFileSync(join(gtDir, 'a.txt'), '0 0.5 0.5 0.2 0.2\n');
    writeFileSync(join(detDir, 'a.txt'), '0 0.9 162 96 189 245\n');
    await expect(evaluate({ gt: gtDir, det: detDir, detFormat: 'yolo', imgsz: [640, 480], loss: false })).rejects.toMatchObject({
      code: 'E_RANGE',
      message: expect.stringContaining('a.txt:1'),
    });
  });

  it('says what to check for an inverted box in the in-memory API', async () => {
    const gt = [{ id: 'f', boxes: [10, 10, 5, 20], classes: ['a'] }];
    await expect(evaluate({ gt, det: [], loss: false })).rejects.toThrow(/--box xyxy/);
    await expect(evaluate({ gt: [{ id: 'g', boxes: [1, 2, 3], classes: ['a'] }], det: [], loss: false })).rejects.toThrow(/4 numbers per box/);
  });
});
