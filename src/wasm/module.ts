import type { KernelExports } from './abi.js';
import { instantiate, instantiateFile } from './load.js';

/**
 * The low layer: one instantiated build, its exports and typed views over its static buffers. Views never
 * detach because the module's memory cannot grow (initial = maximum pages). For per-frame use without copies:
 * fill `input`/`target` (and `weight`/`aux`), call `exports.reset()`, a kernel, then `exports.result(...)`, and
 * read `grad`/`out`. Nothing here validates; the high layer (src/losses/) does.
 */
export class LossModule {
  /** The build: a name, or 'file' for a module loaded from `{ file }` (a head-specialised build). */
  readonly build: 'simd' | 'mvp' | 'onepage' | 'debug' | 'file';
  /** The path of a module loaded from `{ file }`, else null. */
  readonly file: string | null;
  readonly exports: KernelExports;
  /** Elements per buffer. */
  readonly capacity: number;
  readonly input: Float32Array;
  readonly target: Float32Array;
  /** The target buffer seen as i32 (cross-entropy class indices). */
  readonly targetI32: Int32Array;
  readonly grad: Float32Array;
  readonly out: Float32Array;
  readonly weight: Float32Array;
  readonly aux: Float32Array;

  /**
   * `build`: one of the package's builds by name, or `{ file }`: a module file with this ABI, such as a
   * head-specialised build from `npm run build:head` (its capacity is the head's; every view below has it).
   * Throws EdgeLossError E_FILE (see instantiate/instantiateFile in load.ts).
   */
  constructor(build: 'simd' | 'mvp' | 'onepage' | 'debug' | { file: string }, fn = 'LossModule') {
    if (typeof build === 'object') {
      this.build = 'file';
      this.file = build.file;
      this.exports = instantiateFile(build.file, fn);
    } else {
      this.build = build;
      this.file = null;
      this.exports = instantiate(build);
    }
    const e = this.exports;
    const cap = e.capacity();
    this.capacity = cap;
    const buf = e.memory.buffer;
    this.input = new Float32Array(buf, e.input_ptr(), cap);
    this.target = new Float32Array(buf, e.target_ptr(), cap);
    this.targetI32 = new Int32Array(buf, e.target_ptr(), cap);
    this.grad = new Float32Array(buf, e.grad_ptr(), cap);
    this.out = new Float32Array(buf, e.out_ptr(), cap);
    this.weight = new Float32Array(buf, e.weight_ptr(), cap);
    this.aux = new Float32Array(buf, e.aux_ptr(), cap);
  }
}
