import { parseBoxIou } from '../options.js';
import type { BoxIouOptions, NumericArray } from '../types.js';
import { BOX_FORMAT, STATUS } from '../wasm/abi.js';
import type { LossModule } from '../wasm/module.js';
import { copyIn } from './run.js';
import { boxStatusError } from './boxes.js';

/**
 * boxIou: the pairwise IoU matrix of boxes1 [N, 4] and boxes2 [M, 4] → Float32Array [N, M] row-major, for matching.
 * IoU = I/U with no eps (torchvision.ops.box_iou); two empty boxes give 0 (not 0/0). `plus1` uses the VOC devkit's
 * pixel-inclusive side lengths (x2 − x1 + 1). `format` as the box losses. No gradient, no reduction.
 * Large inputs are tiled: up to capacity/4 boxes of boxes2 per block and capacity/block rows of boxes1.
 * Throws EdgeLossError: E_SHAPE (a length not a multiple of 4), E_RANGE (an inverted box), E_OPTION, E_DTYPE.
 */
export function boxIou(mod: LossModule, boxes1: NumericArray, boxes2: NumericArray, options?: BoxIouOptions): Float32Array {
  const p = parseBoxIou('boxIou', boxes1, boxes2, options);
  const N = p.boxes1.length / 4;
  const M = p.boxes2.length / 4;
  const out = new Float32Array(N * M);
  const fmt = BOX_FORMAT[p.format];
  const mBlock = Math.max(1, Math.min(M, Math.floor(mod.capacity / 4)));
  for (let j0 = 0; j0 < M; j0 += mBlock) {
    const mb = Math.min(mBlock, M - j0);
    copyIn(mod.target, p.boxes2, 4 * j0, 4 * mb);
    const nBlock = Math.max(1, Math.min(Math.floor(mod.capacity / 4), Math.floor(mod.capacity / mb)));
    for (let i0 = 0; i0 < N; i0 += nBlock) {
      const nb = Math.min(nBlock, N - i0);
      copyIn(mod.input, p.boxes1, 4 * i0, 4 * nb);
      const st = mod.exports.box_iou(nb, mb, fmt, p.plus1 ? 1 : 0);
      if (st !== STATUS.OK) throw boxStatusError(mod, p.fn, st, [i0, j0], [p.boxes1, p.boxes2], ['format'], ['boxes1', 'boxes2'], '');
      for (let i = 0; i < nb; i++) out.set(mod.out.subarray(i * mb, (i + 1) * mb), (i0 + i) * M + j0);
    }
  }
  return out;
}
