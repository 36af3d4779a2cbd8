/** The builds every kernel test runs against. SIMD is skipped, with the reason, only where the engine lacks it. */
import { detectSimd, loadEdgeLoss, type EdgeLoss } from '../../src/index.js';

export const BUILDS = ['simd', 'mvp'] as const;
export type Build = (typeof BUILDS)[number];

export const SIMD_SKIP_REASON = 'this engine does not validate Wasm SIMD';

export function buildAvailable(build: Build): boolean {
  return build === 'mvp' || detectSimd();
}

const loaded = new Map<Build, EdgeLoss>();

export async function load(build: Build): Promise<EdgeLoss> {
  let el = loaded.get(build);
  if (!el) {
    el = await loadEdgeLoss({ build });
    loaded.set(build, el);
  }
  return el;
}
