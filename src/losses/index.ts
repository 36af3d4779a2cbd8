export { l1Loss } from './l1.js';
export { mseLoss } from './mse.js';
export { rmseLoss } from './rmse.js';
export { powerLoss } from './power.js';
export { smoothL1Loss } from './smooth_l1.js';
export { huberLoss } from './huber.js';
export { binaryCrossEntropy } from './bce.js';
export { binaryCrossEntropyWithLogits } from './bce_logits.js';
export { crossEntropy } from './cross_entropy.js';
export { iouLoss } from './iou.js';
export { generalizedBoxIouLoss } from './giou.js';
export { distanceBoxIouLoss } from './diou.js';
export { completeBoxIouLoss } from './ciou.js';
export { eiouLoss } from './eiou.js';
export { siouLoss } from './siou.js';
export { boxIou } from './box_iou.js';
// @box-losses (add exports above)
export { sigmoidFocalLoss } from './sigmoid_focal.js';
export { softmaxFocalLoss } from './softmax_focal.js';
export { qualityFocalLoss } from './qfl.js';
export { varifocalLoss } from './vfl.js';
export { distributionFocalLoss } from './dfl.js';
export { centernessLoss, centernessTarget } from './centerness.js';
export { wingLoss } from './wing.js';
export { oksLoss } from './oks.js';
// @cls-losses (add exports above)
