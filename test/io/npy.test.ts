import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EdgeLossError } from '../../src/errors.js';
import { MAX_NPY_ELEMENTS, parseNpy, readNpy, writeNpy } from '../../src/io/npy.js';

const FIX = fileURLToPath(new URL('../fixtures/npy/', import.meta.url));
const fx = (name: string) => join(FIX, name);
const tmp = mkdtempSync(join(tmpdir(), 'edgeloss-npy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Run fn and return the EdgeLossError it throws (fails the test otherwise). */
function caught(fn: () => unknown): EdgeLossError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EdgeLossError);
    return e as EdgeLossError;
  }
  throw new Error('expected an EdgeLossError');
}

function header(dict: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  let h = dict;
  h += ' '.repeat((64 - ((10 + h.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, h.length, true);
  for (let k = 0; k < h.length; k++) out[10 + k] = h.charCodeAt(k);
  out.set(data, 10 + h.length);
  return out;
}

describe('readNpy: good files written by numpy', () => {
  it('float32', () => {
    const a = readNpy(fx('f32.npy'));
    expect(a.data).toBeInstanceOf(Float32Array);
    expect(Array.from(a.data)).toEqual([0.5, -1.25, 2, 3.75]);
    expect(a.shape).toEqual([4]);
    expect(a.dtype).toBe('<f4');
  });
  it('float64', () => {
    const a = readNpy(fx('f64.npy'));
    expect(a.data).toBeInstanceOf(Float64Array);
    expect(Array.from(a.data)).toEqual([0.1, -0.2, 1e-300, 12345.678]);
    expect(a.dtype).toBe('<f8');
  });
  it('int32', () => {
    const a = readNpy(fx('i32.npy'));
    expect(a.data).toBeInstanceOf(Int32Array);
    expect(Array.from(a.data)).toEqual([0, 2, 1, -100]);
  });
  it('int64 becomes Int32Array', () => {
    const a = readNpy(fx('i64.npy'));
    expect(a.data).toBeInstanceOf(Int32Array);
    expect(Array.from(a.data)).toEqual([2, 0, 1, 1]);
    expect(a.dtype).toBe('<i8');
  });
  it('2-D logits keep their shape', () => {
    const a = readNpy(fx('logits_4x3.npy'));
    expect(a.shape).toEqual([4, 3]);
    expect(a.data.length).toBe(12);
    expect(Array.from(a.data.subarray(3, 6))).toEqual([0, -1, 3]);
  });
  it('empty and 0-d arrays', () => {
    const e = readNpy(fx('empty_f32.npy'));
    expect(e.shape).toEqual([0]);
    expect(e.data.length).toBe(0);
    const s = readNpy(fx('scalar_f64.npy'));
    expect(s.shape).toEqual([]);
    expect(Array.from(s.data)).toEqual([7.5]);
  });
  it('version 2.0 files', () => {
    const a = readNpy(fx('v2_f64.npy'));
    expect(Array.from(a.data)).toEqual([1.5, 2.5]);
  });
  it('fortran_order True on a 1-D array (same layout) is accepted', () => {
    expect(Array.from(readNpy(fx('fortran_1d.npy')).data)).toEqual([1, 2, 3]);
  });
  it('parseNpy reads bytes in memory, including an unaligned header', () => {
    // header padded to 8 + 2 bytes would misalign float64 data for a plain typed-array view
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,)}   ";
    const data = new Uint8Array(new Float64Array([3, 4]).buffer);
    const h = dict + '\n';
    const bytes = new Uint8Array(10 + h.length + 16);
    bytes.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
    new DataView(bytes.buffer).setUint16(8, h.length, true);
    for (let k = 0; k < h.length; k++) bytes[10 + k] = h.charCodeAt(k);
    bytes.set(data, 10 + h.length);
    expect((10 + h.length) % 8).not.toBe(0);
    expect(Array.from(parseNpy(bytes).data)).toEqual([3, 4]);
  });
  it('accepts double-quoted keys and no trailing comma', () => {
    const bytes = header('{"descr": "<i4", "fortran_order": False, "shape": (1,)}', new Uint8Array(new Int32Array([9]).buffer));
    expect(Array.from(parseNpy(bytes).data)).toEqual([9]);
  });
});

describe('readNpy: bad files', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['bad_truncated.npy', 'E_FILE', /truncated/],
    ['bad_too_long.npy', 'E_FILE', /extra bytes/],
    ['bad_magic.npy', 'E_FILE', /bad magic/],
    ['bad_header_len.npy', 'E_FILE', /past the end/],
    ['bad_not_dict.npy', 'E_FILE', /not a dict/],
    ['bad_f2.npy', 'E_DTYPE', /unsupported dtype/],
    ['bad_be_f4.npy', 'E_DTYPE', /big-endian/],
    ['bad_fortran.npy', 'E_FILE', /Fortran order/],
    ['bad_absurd.npy', 'E_FILE', /more elements than the limit/],
    ['bad_shape_mismatch.npy', 'E_FILE', /truncated/],
    ['bad_i64_range.npy', 'E_RANGE', /does not fit in int32/],
  ];
  for (const [name, code, re] of cases) {
    it(`${name} → ${code}`, () => {
      const e = caught(() => readNpy(fx(name), 'testFn'));
      expect(e.code).toBe(code);
      expect(e.fn).toBe('testFn');
      expect(e.arg).toBe(fx(name));
      expect(e.message).toMatch(re);
      expect(e.message).toContain(fx(name));
    });
  }
  it('missing file → E_FILE naming the path', () => {
    const p = join(tmp, 'nope.npy');
    const e = caught(() => readNpy(p));
    expect(e.code).toBe('E_FILE');
    expect(e.message).toContain(p);
    expect(e.message).toMatch(/does not exist/);
  });
  it('a directory → E_FILE', () => {
    expect(caught(() => readNpy(tmp)).code).toBe('E_FILE');
  });
  it('empty and tiny files → E_FILE', () => {
    const p = join(tmp, 'empty.npy');
    writeFileSync(p, new Uint8Array(0));
    expect(caught(() => readNpy(p)).code).toBe('E_FILE');
    expect(caught(() => parseNpy(new Uint8Array([0x93, 0x4e, 0x55]))).code).toBe('E_FILE');
  });
  it('unknown format version → E_FILE', () => {
    const bytes = header("{'descr': '<f4', 'fortran_order': False, 'shape': (0,), }");
    bytes[6] = 9;
    expect(caught(() => parseNpy(bytes)).message).toMatch(/version/);
  });
  it('header dicts that are malformed in other ways → E_FILE', () => {
    for (const dict of [
      "{'descr': '<f4', 'shape': (0,), }", // missing key
      "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), 'extra': 1}", // extra key
      "{'descr': '<f4', 'fortran_order': 0, 'shape': (0,), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': 3, }",
      "{'descr': '<f4', 'fortran_order': False, 'shape': (0,), ", // unterminated
      "{'descr': '<f4', 'fortran_order': False, 'shape': (0,)} junk",
      '',
    ]) {
      expect(caught(() => parseNpy(header(dict))).code, dict).toBe('E_FILE');
    }
  });
  it('structured, unicode and object dtypes → E_DTYPE', () => {
    for (const descr of ["[('a', '<f4')]", "'<U3'", "'|O'", "'|u1'", "'<c8'", "'=f4'"]) {
      const dict = `{'descr': ${descr}, 'fortran_order': False, 'shape': (0,), }`;
      expect(caught(() => parseNpy(header(dict))).code, descr).toBe('E_DTYPE');
    }
  });
  it('absurd shapes are refused from the header alone (no data needed)', () => {
    for (const shape of ['(4000000000,)', '(65536, 65536)', '(99999999999999999999,)', `(${MAX_NPY_ELEMENTS + 1},)`]) {
      const e = caught(() => parseNpy(header(`{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`)));
      expect(e.code).toBe('E_FILE');
    }
  });
  it('a zero dimension makes an empty array even next to a huge one', () => {
    const a = parseNpy(header("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4000000000), }"));
    expect(a.data.length).toBe(0);
    expect(a.shape).toEqual([0, 4000000000]);
  });
});

describe('writeNpy', () => {
  it('round-trips float32, float64 and int32 with shapes', () => {
    const cases: Array<[Float32Array | Float64Array | Int32Array, number[]]> = [
      [new Float32Array([1.5, -2, 3, 4, 5, 6]), [2, 3]],
      [new Float64Array([0.1, 0.2]), [2]],
      [new Int32Array([7, -8, 9]), [3]],
      [new Float32Array([]), [0]],
      [new Float64Array([42]), []],
    ];
    cases.forEach(([data, shape], k) => {
      const p = join(tmp, `rt${k}.npy`);
      writeNpy(p, data, shape);
      const back = readNpy(p);
      expect(back.data.constructor).toBe(data.constructor);
      expect(Array.from(back.data)).toEqual(Array.from(data));
      expect(back.shape).toEqual(shape);
    });
  });
  it('writes a subarray view correctly', () => {
    const big = new Float32Array([9, 1, 2, 3, 9]);
    const p = join(tmp, 'view.npy');
    writeNpy(p, big.subarray(1, 4), [3]);
    expect(Array.from(readNpy(p).data)).toEqual([1, 2, 3]);
  });
  it('refuses a shape that does not fit the data (E_SHAPE)', () => {
    expect(caught(() => writeNpy(join(tmp, 'x.npy'), new Float32Array(4), [3])).code).toBe('E_SHAPE');
    expect(caught(() => writeNpy(join(tmp, 'x.npy'), new Float32Array(4), [2, -2])).code).toBe('E_SHAPE');
  });
  it('an unwritable path → E_FILE', () => {
    const e = caught(() => writeNpy(join(tmp, 'no', 'such', 'dir.npy'), new Float32Array(1), [1]));
    expect(e.code).toBe('E_FILE');
  });
  const py = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
  it.skipIf(py.status !== 0)('files it writes are read by numpy (needs python3 with numpy)', () => {
    const p = join(tmp, 'for_numpy.npy');
    writeNpy(p, new Float32Array([1, 2, 3, 4, 5, 6]), [3, 2]);
    const r = spawnSync('python3', ['-c', `import numpy as np; a = np.load(${JSON.stringify(p)}); print(a.dtype, a.shape, a.tolist())`], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('float32 (3, 2) [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]');
    expect(readFileSync(p).length).toBeGreaterThan(24);
  });
});
