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
  return instantiateAt(wasmPath(build), build, 'loadEdgeLoss', 'is missing: run `npm run build` (npm install runs it)');
}

/**
 * Compile and instantiate a module file given by path, once per process per path: a head-specialised build
 * written by `npm run build:head` (scripts/build-head.mjs), or any module with this ABI.
 * Throws EdgeLossError E_FILE naming `fn` when the file is missing, is not a module this engine compiles (a SIMD
 * build on an engine without SIMD), imports anything, or has another ABI version.
 */
export function instantiateFile(file: string, fn: string): KernelExports {
  const where = file.startsWith('/') ? '' : ` (a relative path resolves against the working directory, ${process.cwd()})`;
  return instantiateAt(file, `file:${file}`, fn, `is missing or unreadable${where}`);
}

function instantiateAt(path: string, key: string, fn: string, missing: string): KernelExports {
  const cached = instances.get(key);
  if (cached) return cached;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch {
    throw new EdgeLossError('E_FILE', fn, path, key, missing);
  }
  let exports: KernelExports;
  try {
    const module = new WebAssembly.Module(bytes);
    exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
  } catch (e) {
    throw new EdgeLossError('E_FILE', fn, path, key, `is not a module this engine can instantiate without imports: ${(e as Error).message}`);
  }
  const version = typeof exports.abi_version === 'function' ? exports.abi_version() : undefined;
  if (version !== ABI_VERSION) {
    throw new EdgeLossError('E_FILE', fn, path, version, `has ABI version ${version} where ${ABI_VERSION} is needed: rebuild it`);
  }
  instances.set(key, exports);
  return exports;
}
