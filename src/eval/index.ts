/** The evaluation pipeline's public surface (re-exported by src/index.ts). See docs/eval.md. */
export { evaluate, evaluateDetailed } from './evaluate.js';
export { demoSet, DEMO_NAMES } from './demo.js';
export type * from './types.js';
