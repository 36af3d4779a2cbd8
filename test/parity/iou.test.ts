import { boxParitySuite } from '../helpers/box_parity.js';

// iouLoss against the float64 reference (whose gradient is forward-mode AD, not the kernels' hand-derived one):
// four formats × three conventions × per-box weights and avgFactor × every reduction, lengths 0–9 and across the
// 1024-pair chunk, and degenerate boxes.
boxParitySuite('iouLoss', 'iou', { mode: ['linear', 'square', 'log'] });
