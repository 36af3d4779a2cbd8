import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EdgeLossError } from '../../src/errors.js';
import { readArray } from '../../src/io/read.js';

const FIX = fileURLToPath(new URL('../fixtures/npy/', import.meta.url));
const fx = (name: string) => join(FIX, name);
const tmp = mkdtempSync(join(tmpdir(), 'edgeloss-read-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
}

function caught(fn: () => unknown): EdgeLossError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EdgeLossError);
    return e as EdgeLossError;
  }
  throw new Error('expected an EdgeLossError');
}

describe('readArray .npy', () => {
  it('reads numpy files with their shape and dtype', () => {
    const r = readArray(fx('logits_4x3.npy'));
    expect(r.format).toBe('npy');
    expect(r.shape).toEqual([4, 3]);
    expect(r.dtype).toBe('<f4');
    expect(r.data).toBeInstanceOf(Float32Array);
    const i = readArray(fx('i64.npy'));
    expect(i.data).toBeInstanceOf(Int32Array);
    expect(i.dtype).toBe('<i8');
  });
  it('a given shape reshapes when the count matches, else E_SHAPE', () => {
    expect(readArray(fx('logits_4x3.npy'), { shape: [12] }).shape).toEqual([12]);
    expect(readArray(fx('f32.npy'), { shape: [2, 2] }).shape).toEqual([2, 2]);
    expect(caught(() => readArray(fx('f32.npy'), { shape: [3] })).code).toBe('E_SHAPE');
  });
  it('passes the npy errors through with the calling fn', () => {
    const e = caught(() => readArray(fx('bad_truncated.npy'), { fn: 'mseLoss' }));
    expect(e.code).toBe('E_FILE');
    expect(e.fn).toBe('mseLoss');
    expect(caught(() => readArray(fx('bad_be_f4.npy'))).code).toBe('E_DTYPE');
  });
  it('the extension is case-insensitive', () => {
    const p = file('UPPER.NPY', readFileSync(fx('f32.npy')));
    expect(readArray(p).data.length).toBe(4);
  });
});

describe('readArray .json', () => {
  it('flat numbers → Float64Array, integer flag', () => {
    const r = readArray(file('a.json', '[1.5, -2, 3e2]'));
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(Array.from(r.data)).toEqual([1.5, -2, 300]);
    expect(r.shape).toEqual([3]);
    expect(r.integer).toBe(false);
    expect(r.format).toBe('json');
  });
  it('all-integer JSON sets integer: true but stays Float64Array', () => {
    const r = readArray(file('b.json', '[0, 2, 1, -100]'));
    expect(r.data).toBeInstanceOf(Float64Array);
    expect(r.integer).toBe(true);
  });
  it('nested arrays are flattened row-major with the shape inferred', () => {
    const r = readArray(file('c.json', '[[1, 2, 3], [4, 5, 6]]'));
    expect(r.shape).toEqual([2, 3]);
    expect(Array.from(r.data)).toEqual([1, 2, 3, 4, 5, 6]);
    const e = readArray(file('e.json', '[]'));
    expect(e.shape).toEqual([0]);
    expect(e.data.length).toBe(0);
  });
  it('ragged → E_SHAPE, non-numbers → E_DTYPE, bad JSON / not an array → E_FILE', () => {
    expect(caught(() => readArray(file('r1.json', '[[1, 2], [3]]'))).code).toBe('E_SHAPE');
    expect(caught(() => readArray(file('r2.json', '[[1, 2], 3]'))).code).toBe('E_SHAPE');
    expect(caught(() => readArray(file('r3.json', '[1, [2]]'))).code).toBe('E_SHAPE');
    expect(caught(() => readArray(file('d1.json', '[1, "2"]'))).code).toBe('E_DTYPE');
    expect(caught(() => readArray(file('d2.json', '[1, null]'))).code).toBe('E_DTYPE');
    expect(caught(() => readArray(file('f1.json', '[1, 2'))).code).toBe('E_FILE');
    expect(caught(() => readArray(file('f2.json', '{"a": 1}'))).code).toBe('E_FILE');
    expect(caught(() => readArray(file('f3.json', '3'))).code).toBe('E_FILE');
  });
  it('absurdly deep nesting → E_SHAPE', () => {
    expect(caught(() => readArray(file('deep.json', '['.repeat(100) + ']'.repeat(100)))).code).toBe('E_SHAPE');
  });
});

describe('readArray raw float32', () => {
  const bytes = new Uint8Array(new Float32Array([1, 2.5, -3, 4, 5, 6]).buffer);
  it('with a shape', () => {
    const r = readArray(file('x.f32', bytes), { shape: [2, 3] });
    expect(r.format).toBe('raw');
    expect(r.data).toBeInstanceOf(Float32Array);
    expect(Array.from(r.data)).toEqual([1, 2.5, -3, 4, 5, 6]);
    expect(r.shape).toEqual([2, 3]);
    expect(readArray(file('y.bin', bytes), { shape: [6] }).shape).toEqual([6]);
    expect(readArray(file('noext', bytes), { shape: [6] }).data.length).toBe(6);
  });
  it('without a shape → E_FILE', () => {
    const e = caught(() => readArray(file('z.raw', bytes)));
    expect(e.code).toBe('E_FILE');
    expect(e.message).toMatch(/needs a shape/);
  });
  it('a byte length that does not match the shape → E_SHAPE', () => {
    expect(caught(() => readArray(file('w.f32', bytes), { shape: [5] })).code).toBe('E_SHAPE');
    expect(caught(() => readArray(file('v.f32', bytes.subarray(0, 23)), { shape: [6] })).code).toBe('E_SHAPE');
    expect(caught(() => readArray(file('u.f32', bytes), { shape: [2, -3] })).code).toBe('E_SHAPE');
  });
});

describe('readArray missing files', () => {
  for (const ext of ['.npy', '.json', '.f32']) {
    it(`missing ${ext} → E_FILE naming the path`, () => {
      const p = join(tmp, `missing${ext}`);
      const e = caught(() => readArray(p, { shape: [1] }));
      expect(e.code).toBe('E_FILE');
      expect(e.arg).toBe(p);
      expect(e.message).toContain(p);
    });
  }
});
