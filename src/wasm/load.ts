import { EdgeLossError } from '../errors.js';
import type { BuildChoice } from '../types.js';
import { detectSimd } from './simd.js';
import { ABI_VERSION, type KernelExports } from './abi.js';

// node:fs and node:url through process.getBuiltinModule (Node ≥ 20.16) where it exists: the first `import` of a
// builtin in a fresh process costs Node 3–5 ms of ESM machinery, about as much as the rest of a cold start. Node
// 18 (the oldest supported) takes the import.
type Fs = typeof import('node:fs');
type Url = typeof import('node:url');
const proc = process as { getBuiltinModule?: (id: string) => unknown };
const { readFileSync } = (proc.getBuiltinModule?.('node:fs') as Fs | undefined) ?? (await import('node:fs'));
const { fileURLToPath } = (proc.getBuiltinModule?.('node:url') as Url | undefined) ?? (await import('node:url'));

/** Path of a release build, found relative to this module (dist/wasm/ or src/wasm/ → ../../build/). */
export function wasmPath(build: 'simd' | 'mvp' | 'onepage' | 'debug'): string {
  return fileURLToPath(new URL(`../../build/edgeloss.${build}.wasm`, import.meta.url));
}

const instances = new Map<string, KernelExports>();

/** Resolve 'auto' to the build this engine runs: 'simd' when the probe validates, else 'mvp'. */
export function resolveBuild(fn: string, build: BuildChoice | undefined): 'simd' | 'mvp' {
  const b = build ?? 'auto';
  if (b === 'auto') return detectSimd() ? 'simd' : 'mvp';
  if (b === 'simd' || b === 'mvp') {
    if (b === 'simd' && !detectSimd()) {
      throw new EdgeLossError('E_OPTION', fn, 'options.build', b, 'asks for SIMD, which this engine does not support');
    }
    return b;
  }
  throw new EdgeLossError('E_OPTION', fn, 'options.build', b, "must be 'auto', 'simd' or 'mvp'");
}

/**
 * Compile and instantiate one build, once per process (later calls return the same instance). The module imports
 * nothing, so it is instantiated with an empty import object.
 */
export function instantiate(build: 'simd' | 'mvp' | 'onepage' | 'debug'): KernelExports {
  const cached = instances.get(build);
  if (cached) return cached;
  const path = wasmPath(build);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new EdgeLossError('E_FILE', 'loadEdgeLoss', path, build, 'is missing: run `npm run build` (npm install runs it)');
  }
  const module = new WebAssembly.Module(new Uint8Array(bytes));
  const instance = new WebAssembly.Instance(module, {});
  const exports = instance.exports as unknown as KernelExports;
  if (exports.abi_version() !== ABI_VERSION) {
    throw new EdgeLossError('E_FILE', 'loadEdgeLoss', path, exports.abi_version(), `has ABI version other than ${ABI_VERSION}: rebuild`);
  }
  instances.set(build, exports);
  return exports;
}
