import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ABI_VERSION, ARG, BUFFER, LossModule, STATUS } from '../../src/index.js';
import { wasmPath } from '../../src/wasm/load.js';
import { BUILDS, buildAvailable } from '../helpers/builds.js';

// The ABI that non-JS hosts rely on: identical exports in both builds, no imports, no start function, no growth,
// 16-byte-aligned non-overlapping buffers, and status codes that match the TypeScript mirror (src/wasm/abi.ts).

function moduleOf(build: 'simd' | 'mvp' | 'debug'): WebAssembly.Module {
  return new WebAssembly.Module(readFileSync(wasmPath(build)));
}

describe('the compiled modules', () => {
  it('import nothing and have no start section, in every build', () => {
    for (const build of ['simd', 'mvp', 'debug'] as const) {
      if (build === 'simd' && !buildAvailable('simd')) continue;
      expect(WebAssembly.Module.imports(moduleOf(build)), build).toEqual([]);
      // Section id 8 is the start section; walk the sections of the binary.
      const bytes = readFileSync(wasmPath(build));
      const ids: number[] = [];
      let i = 8;
      while (i < bytes.length) {
        const id = bytes[i++]!;
        let size = 0;
        let shift = 0;
        let b: number;
        do {
          b = bytes[i++]!;
          size |= (b & 0x7f) << shift;
          shift += 7;
        } while (b & 0x80);
        ids.push(id);
        i += size;
      }
      expect(ids, `${build} sections`).not.toContain(8);
    }
  });

  it('have identical exports in the SIMD and MVP builds', () => {
    const names = (b: 'simd' | 'mvp') => WebAssembly.Module.exports(moduleOf(b)).map((e) => `${e.kind}:${e.name}`).sort();
    expect(names('simd')).toEqual(names('mvp'));
  });

  it('export one function per loss stem', () => {
    const exported = WebAssembly.Module.exports(moduleOf('mvp')).map((e) => e.name);
    for (const stem of ['l1', 'mse', 'rmse', 'power', 'smooth_l1', 'huber', 'bce', 'bce_logits', 'cross_entropy']) {
      expect(exported).toContain(stem);
    }
  });
});

describe.each(BUILDS)('the %s build', (build) => {
  it.skipIf(!buildAvailable(build))('reports the ABI version and capacity the host mirrors, with aligned, disjoint buffers', () => {
    const mod = new LossModule(build);
    const e = mod.exports;
    expect(e.abi_version()).toBe(ABI_VERSION);
    const ptrs = [e.input_ptr(), e.target_ptr(), e.grad_ptr(), e.out_ptr(), e.weight_ptr(), e.aux_ptr()];
    const bytes = e.capacity() * 4;
    for (const p of ptrs) expect(p % 16).toBe(0);
    const sorted = [...ptrs].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(bytes);
    expect(sorted.at(-1)! + bytes).toBeLessThanOrEqual(e.memory.buffer.byteLength);
  });

  it.skipIf(!buildAvailable(build))('returns the mirrored status codes and records the failing argument and index', () => {
    const e = new LossModule(build).exports;
    expect(e.mse(-1, 0, 1)).toBe(STATUS.E_LENGTH);
    expect(e.mse(e.capacity() + 1, 0, 1)).toBe(STATUS.E_CAPACITY);
    expect(e.mse(e.capacity(), 0, 1)).toBe(STATUS.OK);
    expect(e.huber(1, 0, 1, 0)).toBe(STATUS.E_OPTION);
    expect(e.err_arg()).toBe(ARG.PARAM);
    e.set_f32(BUFFER.INPUT, 0, 0.5);
    e.set_f32(BUFFER.INPUT, 1, 0.5);
    e.set_f32(BUFFER.TARGET, 0, 0);
    e.set_f32(BUFFER.TARGET, 1, 2);
    expect(e.bce(2, 0, 1, 0, 1e-7)).toBe(STATUS.E_RANGE);
    expect(e.err_arg()).toBe(ARG.TARGET);
    expect(e.err_index()).toBe(1);
  });

  it.skipIf(!buildAvailable(build))('drives a kernel through the accessors alone, as a .wast script would', () => {
    const e = new LossModule(build).exports;
    const x = [25, 55, 96];
    const y = [30, 60, 90];
    x.forEach((v, i) => expect(e.set_f32(BUFFER.INPUT, i, v)).toBe(0));
    y.forEach((v, i) => expect(e.set_f32(BUFFER.TARGET, i, v)).toBe(0));
    e.reset();
    expect(e.mse(3, 1, 3)).toBe(STATUS.OK);
    expect(e.result(1, 3)).toBeCloseTo(86 / 3, 12);
    expect(e.get_f32(BUFFER.GRAD, 2)).toBeCloseTo((2 * 6) / 3, 6);
    const bits = e.get_bits(BUFFER.GRAD, 2);
    const f = new Float32Array(new Int32Array([bits]).buffer)[0];
    expect(f).toBe(e.get_f32(BUFFER.GRAD, 2));
    // Out-of-range accessors refuse instead of trapping.
    expect(e.set_f32(BUFFER.INPUT, e.capacity(), 1)).toBe(STATUS.E_CAPACITY);
    expect(e.set_f32(9, 0, 1)).toBe(STATUS.E_LENGTH);
    expect(Number.isNaN(e.get_f32(BUFFER.INPUT, -1))).toBe(true);
  });
});
