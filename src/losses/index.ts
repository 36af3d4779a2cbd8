export { l1Loss } from './l1.js';
export { mseLoss } from './mse.js';
export { rmseLoss } from './rmse.js';
export { powerLoss } from './power.js';
export { smoothL1Loss } from './smooth_l1.js';
export { huberLoss } from './huber.js';
export { binaryCrossEntropy } from './bce.js';
export { binaryCrossEntropyWithLogits } from './bce_logits.js';
export { crossEntropy } from './cross_entropy.js';
// @box-losses (add exports above)
// @cls-losses (add exports above)
