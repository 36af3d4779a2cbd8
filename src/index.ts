/**
 * edgeloss: loss functions with gradients as small import-free WebAssembly kernels (a SIMD and a scalar MVP build
 * with identical exports), a float64 reference, and the `edgeloss` CLI. See README.md and docs/semantics.md.
 */
import { EdgeLossError } from './errors.js';
import * as losses from './losses/index.js';
import type { BuildChoice, EdgeLoss, LossImpls } from './types.js';
import { resolveBuild } from './wasm/load.js';
import { LossModule } from './wasm/module.js';

export { EdgeLossError, ERROR_CODES, type ErrorCode } from './errors.js';
export { NAMES, findLoss, type NameRow, type ApiName } from './names.js';
export { reference } from './reference/index.js';
export { detectSimd } from './wasm/simd.js';
export { LossModule } from './wasm/module.js';
export { STATUS, FLAG, MODE, BUFFER, ARG, BCE_CONVENTION, ABI_VERSION, type KernelExports } from './wasm/abi.js';
export type * from './types.js';
export type { EvaluateOptions, EvalResult, EvalFrameInput } from './eval/index.js';

/**
 * Evaluate detections against ground truth: see src/eval/evaluate.ts and docs/eval.md. The pipeline (and its XML
 * parser) is loaded on the first call, so importing edgeloss for the losses alone stays fast.
 */
export async function evaluate(options?: import('./eval/index.js').EvaluateOptions): Promise<import('./eval/index.js').EvalResult> {
  const m = await import('./eval/index.js');
  return m.evaluate(options);
}

/**
 * Load the kernels and return the synchronous API. `build`: 'auto' (default) probes SIMD with
 * `WebAssembly.validate` and takes the SIMD build when it validates, else the MVP build; 'simd' or 'mvp' forces
 * one ('simd' on an engine without SIMD throws E_OPTION). The .wasm is found relative to this module. Each build
 * is compiled and instantiated once per process; every later call reuses it.
 * `file`: instead of a build, the path of a module with this ABI, typically a head-specialised build written by
 * `npm run build:head` (fixed anchors, classes and reg_max; buffers as large as the head, so a whole frame's head
 * is one kernel call). Not together with `build`.
 * Throws EdgeLossError: E_OPTION (bad `build`/`file`, both given, or an unknown option), E_FILE (the .wasm is
 * missing: run `npm run build`; or `file` is missing, not instantiable here, or of another ABI version).
 */
export async function loadEdgeLoss(options?: { build?: BuildChoice; file?: string }): Promise<EdgeLoss> {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new EdgeLossError('E_OPTION', 'loadEdgeLoss', 'options', options, 'must be an object');
  }
  for (const key of Object.keys(options ?? {})) {
    if (key !== 'build' && key !== 'file') {
      throw new EdgeLossError('E_OPTION', 'loadEdgeLoss', `options.${key}`, (options as Record<string, unknown>)[key], 'is not an option (known: build, file)');
    }
  }
  if (options?.file !== undefined) {
    if (typeof options.file !== 'string' || options.file === '') {
      throw new EdgeLossError('E_OPTION', 'loadEdgeLoss', 'options.file', options.file, 'must be the path of a .wasm module');
    }
    if (options.build !== undefined) {
      throw new EdgeLossError('E_OPTION', 'loadEdgeLoss', 'options.build', options.build, 'cannot be given together with options.file');
    }
    return bindModule(new LossModule({ file: options.file }, 'loadEdgeLoss'));
  }
  const build = resolveBuild('loadEdgeLoss', options?.build);
  return bindModule(new LossModule(build));
}

/** The high-level API over one LossModule (used by loadEdgeLoss; exported for tests of the debug build). */
export function bindModule(mod: LossModule): EdgeLoss {
  const api: LossImpls<Float32Array> & { build: 'simd' | 'mvp' | 'file'; file: string | null; capacity: number } = {
    build: mod.build as 'simd' | 'mvp' | 'file',
    file: mod.file,
    capacity: mod.capacity,
    l1Loss: (x, y, o) => losses.l1Loss(mod, x, y, o),
    mseLoss: (x, y, o) => losses.mseLoss(mod, x, y, o),
    rmseLoss: (x, y, o) => losses.rmseLoss(mod, x, y, o),
    powerLoss: (x, y, o) => losses.powerLoss(mod, x, y, o),
    smoothL1Loss: (x, y, o) => losses.smoothL1Loss(mod, x, y, o),
    huberLoss: (x, y, o) => losses.huberLoss(mod, x, y, o),
    binaryCrossEntropy: (x, y, o) => losses.binaryCrossEntropy(mod, x, y, o),
    binaryCrossEntropyWithLogits: (x, y, o) => losses.binaryCrossEntropyWithLogits(mod, x, y, o),
    crossEntropy: (x, y, o) => losses.crossEntropy(mod, x, y, o),
    iouLoss: (x, y, o) => losses.iouLoss(mod, x, y, o),
    generalizedBoxIouLoss: (x, y, o) => losses.generalizedBoxIouLoss(mod, x, y, o),
    distanceBoxIouLoss: (x, y, o) => losses.distanceBoxIouLoss(mod, x, y, o),
    completeBoxIouLoss: (x, y, o) => losses.completeBoxIouLoss(mod, x, y, o),
    eiouLoss: (x, y, o) => losses.eiouLoss(mod, x, y, o),
    siouLoss: (x, y, o) => losses.siouLoss(mod, x, y, o),
    boxIou: (a, b, o) => losses.boxIou(mod, a, b, o),
    // @box-losses (add bindings above)
    sigmoidFocalLoss: (x, y, o) => losses.sigmoidFocalLoss(mod, x, y, o),
    softmaxFocalLoss: (x, y, o) => losses.softmaxFocalLoss(mod, x, y, o),
    qualityFocalLoss: (x, y, o) => losses.qualityFocalLoss(mod, x, y, o),
    varifocalLoss: (x, y, o) => losses.varifocalLoss(mod, x, y, o),
    distributionFocalLoss: (x, y, o) => losses.distributionFocalLoss(mod, x, y, o),
    centernessLoss: (x, y, o) => losses.centernessLoss(mod, x, y, o),
    centernessTarget: (ltrb) => losses.centernessTarget(mod, ltrb),
    wingLoss: (x, y, o) => losses.wingLoss(mod, x, y, o),
    oksLoss: (x, y, o) => losses.oksLoss(mod, x, y, o),
    // @cls-losses (add bindings above)
  };
  return api as unknown as EdgeLoss;
}
