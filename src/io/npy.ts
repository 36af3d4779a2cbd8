/**
 * Reading and writing NumPy .npy files.
 *
 * The bytes are parsed by the npyjs library, but only after our own validation of the header, so that a bad
 * file never reaches npyjs and every failure is an EdgeLossError:
 *
 * * E_FILE: missing file, bad magic, unsupported format version, header length past the end of the file,
 *   header that is not a dict with exactly 'descr', 'fortran_order' and 'shape', Fortran order for an array
 *   whose layout differs from C order, a declared size that is absurd (more than MAX_NPY_ELEMENTS elements,
 *   refused before anything is allocated) or that does not match the bytes present (truncated or too long).
 * * E_DTYPE: a dtype other than little-endian float32, float64, int32 and int64 ('<f4', '<f8', '<i4', '<i8').
 * * E_RANGE: an int64 value that does not fit in int32.
 *
 * int64 data is returned as Int32Array (class indices), float data as Float32Array / Float64Array.
 * The returned `dtype` is the descr declared in the file (e.g. '<i8'), so callers can tell where it came from.
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dump, parse } from 'npyjs';
import { EdgeLossError } from '../errors.js';

/** The array types .npy files are read into. */
export type NpyData = Float32Array | Float64Array | Int32Array;

/** A parsed .npy file. */
export interface NpyArray {
  data: NpyData;
  /** Row-major shape; [] for a 0-d array. */
  shape: number[];
  /** The declared dtype descr: '<f4', '<f8', '<i4' or '<i8'. */
  dtype: string;
}

/** The largest element count a .npy file may declare (2^31 − 1). */
export const MAX_NPY_ELEMENTS = 2 ** 31 - 1;

/** Header lengths beyond this (1 MiB) are refused as malformed; real headers are a few hundred bytes. */
const MAX_HEADER_BYTES = 1 << 20;

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const ITEMSIZE: Readonly<Record<string, number>> = { '<f4': 4, '<f8': 8, '<i4': 4, '<i8': 8 };

/** What the header declares, after validation. */
interface Header {
  descr: string;
  shape: number[];
  count: number;
  itemsize: number;
  dataOffset: number;
}

type PyValue = string | number | boolean | null | PyValue[] | Map<string, PyValue>;

/** A small parser for the Python literal in a .npy header (dict, tuple, list, str, int, True/False/None). */
class PyLiteral {
  private i = 0;
  constructor(private readonly s: string) {}

  parseAll(): PyValue {
    const v = this.value();
    this.ws();
    if (this.i !== this.s.length) throw new SyntaxError(`unexpected ${JSON.stringify(this.s[this.i])}`);
    return v;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++;
  }

  private value(): PyValue {
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) throw new SyntaxError('unexpected end');
    if (c === '{') return this.dict();
    if (c === '(') return this.seq('(', ')');
    if (c === '[') return this.seq('[', ']');
    if (c === "'" || c === '"') return this.str();
    const m = /^(True|False|None|[-+]?\d+L?)/.exec(this.s.slice(this.i, this.i + 40));
    if (!m) throw new SyntaxError(`unexpected ${JSON.stringify(c)}`);
    this.i += m[0].length;
    if (m[0] === 'True') return true;
    if (m[0] === 'False') return false;
    if (m[0] === 'None') return null;
    return Number(m[0].replace(/L$/, ''));
  }

  private str(): string {
    const q = this.s[this.i++];
    let out = '';
    while (this.i < this.s.length && this.s[this.i] !== q) {
      if (this.s[this.i] === '\\') this.i++;
      out += this.s[this.i++] ?? '';
    }
    if (this.s[this.i] !== q) throw new SyntaxError('unterminated string');
    this.i++;
    return out;
  }

  private seq(open: string, close: string): PyValue[] {
    this.i++; // open
    const out: PyValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== close) throw new SyntaxError(`expected ',' or '${close}' after '${open}...'`);
    }
  }

  private dict(): Map<string, PyValue> {
    this.i++; // {
    const out = new Map<string, PyValue>();
    for (;;) {
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return out;
      }
      const c = this.s[this.i];
      if (c !== "'" && c !== '"') throw new SyntaxError('dict key is not a string');
      const key = this.str();
      this.ws();
      if (this.s[this.i] !== ':') throw new SyntaxError("expected ':'");
      this.i++;
      out.set(key, this.value());
      this.ws();
      if (this.s[this.i] === ',') this.i++;
      else if (this.s[this.i] !== '}') throw new SyntaxError("expected ',' or '}'");
    }
  }
}

function fileError(fn: string, path: string, value: unknown, detail: string): EdgeLossError {
  return new EdgeLossError('E_FILE', fn, path, value, detail);
}

function showBytes(b: Uint8Array): string {
  return Array.from(b, (x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : `\\x${x.toString(16).padStart(2, '0')}`)).join('');
}

/**
 * Where the header ends, from the first 12 bytes (or fewer) of a file. `size` is the whole file's size.
 * Throws E_FILE for bad magic, an unknown version or a header that runs past the end of the file.
 */
function preamble(prefix: Uint8Array, size: number, path: string, fn: string): { version: number; headerOffset: number; headerLen: number } {
  if (size < 10 || prefix.length < 10) {
    throw fileError(fn, path, size, 'is too short to be a .npy file (needs at least 10 bytes)');
  }
  for (let k = 0; k < MAGIC.length; k++) {
    if (prefix[k] !== MAGIC[k]) {
      throw fileError(fn, path, showBytes(prefix.subarray(0, 6)), 'is not a .npy file: bad magic (expected "\\x93NUMPY")');
    }
  }
  const major = prefix[6]!;
  const minor = prefix[7]!;
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let headerOffset: number;
  let headerLen: number;
  if (major === 1) {
    headerOffset = 10;
    headerLen = view.getUint16(8, true);
  } else if (major === 2 || major === 3) {
    if (size < 12 || prefix.length < 12) throw fileError(fn, path, size, `is truncated inside the .npy ${major}.${minor} preamble`);
    headerOffset = 12;
    headerLen = view.getUint32(8, true);
  } else {
    throw fileError(fn, path, `${major}.${minor}`, 'has an unsupported .npy format version (1.0, 2.0 and 3.0 are supported)');
  }
  if (headerOffset + headerLen > size) {
    throw fileError(fn, path, headerLen, `declares a header length that runs past the end of the file (${size} bytes)`);
  }
  if (headerLen > MAX_HEADER_BYTES) {
    throw fileError(fn, path, headerLen, `declares an implausibly long header (more than ${MAX_HEADER_BYTES} bytes)`);
  }
  return { version: major, headerOffset, headerLen };
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let k = 0; k < bytes.length; k++) out += String.fromCharCode(bytes[k]!);
  return out;
}

/** A shape written as a Python tuple: (), (3,), (2, 3). */
function pyShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Validate the header dict and the data size; nothing large is allocated here. */
function validateHeader(
  headerBytes: Uint8Array,
  version: number,
  dataOffset: number,
  size: number,
  path: string,
  fn: string,
): Header {
  // Versions 1 and 2 are latin-1 (decoded byte by byte: TextDecoder('latin1') is really windows-1252).
  const text = version >= 3 ? new TextDecoder('utf-8').decode(headerBytes) : latin1(headerBytes);
  let dict: PyValue;
  try {
    dict = new PyLiteral(text).parseAll();
  } catch (e) {
    throw fileError(fn, path, text.trim(), `has a .npy header that is not a Python dict literal (${(e as Error).message})`);
  }
  if (!(dict instanceof Map)) throw fileError(fn, path, text.trim(), 'has a .npy header that is not a dict');
  const keys = [...dict.keys()].sort();
  if (keys.join(',') !== 'descr,fortran_order,shape') {
    throw fileError(fn, path, keys, "has a .npy header without exactly the keys 'descr', 'fortran_order', 'shape'");
  }
  const descr = dict.get('descr');
  const fortran = dict.get('fortran_order');
  const shapeValue = dict.get('shape');

  if (typeof descr !== 'string') {
    throw new EdgeLossError('E_DTYPE', fn, path, descr, 'has a structured dtype; only <f4, <f8, <i4 and <i8 are supported');
  }
  const itemsize = ITEMSIZE[descr];
  if (itemsize === undefined) {
    const detail = descr.startsWith('>')
      ? 'has a big-endian dtype; only little-endian <f4, <f8, <i4 and <i8 are supported (save with arr.astype("<f4"))'
      : 'has an unsupported dtype; only <f4, <f8, <i4 and <i8 (little-endian float32, float64, int32, int64) are supported';
    throw new EdgeLossError('E_DTYPE', fn, path, descr, detail);
  }
  if (typeof fortran !== 'boolean') throw fileError(fn, path, fortran, "has a .npy header whose 'fortran_order' is not True or False");
  if (!Array.isArray(shapeValue) || !shapeValue.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    throw fileError(fn, path, shapeValue, "has a .npy header whose 'shape' is not a tuple of non-negative integers");
  }
  const shape = shapeValue as number[];

  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count > MAX_NPY_ELEMENTS) break; // stays exact: both factors are below 2^53 until here
  }
  if (shape.includes(0)) count = 0;
  if (count > MAX_NPY_ELEMENTS) {
    throw fileError(fn, path, shape, `declares more elements than the limit of ${MAX_NPY_ELEMENTS}`);
  }
  // Fortran order only matters when more than one dimension is longer than 1.
  if (fortran && shape.filter((d) => d > 1).length > 1) {
    throw fileError(fn, path, shape, 'is stored in Fortran order; save it in C order (np.ascontiguousarray) instead');
  }
  const present = size - dataOffset;
  const expected = count * itemsize;
  if (present !== expected) {
    const what = present < expected ? 'is truncated' : 'has extra bytes after the data';
    throw fileError(
      fn,
      path,
      present,
      `${what}: shape ${pyShape(shape)} of ${descr} needs ${expected} data bytes`,
    );
  }
  return { descr, shape, count, itemsize, dataOffset };
}

/** A canonical version 1.0 header for npyjs (single quotes, 64-byte aligned). */
function canonicalHeader(h: Header): Uint8Array {
  let dict = `{'descr': '${h.descr}', 'fortran_order': False, 'shape': ${pyShape(h.shape)}, }`;
  const total = 10 + dict.length + 1;
  dict += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + dict.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let k = 0; k < dict.length; k++) out[10 + k] = dict.charCodeAt(k);
  return out;
}

/** Hand validated bytes to npyjs and convert to our array types. */
function decode(h: Header, data: Uint8Array, path: string, fn: string): NpyArray {
  const head = canonicalHeader(h);
  const buf = new ArrayBuffer(head.length + data.length);
  const bytes = new Uint8Array(buf);
  bytes.set(head, 0);
  bytes.set(data, head.length);
  let parsed: { data: ArrayBufferView; shape: number[] };
  try {
    parsed = parse(buf);
  } catch (e) {
    throw fileError(fn, path, h.descr, `could not be parsed as .npy (${(e as Error).message})`);
  }
  const raw = parsed.data as unknown as ArrayLike<number | bigint>;
  if (raw.length !== h.count) {
    throw fileError(fn, path, raw.length, `was parsed into a different number of elements than its shape declares (${h.count})`);
  }
  let out: NpyData;
  if (parsed.data instanceof Float32Array || parsed.data instanceof Float64Array || parsed.data instanceof Int32Array) {
    out = parsed.data;
  } else if (parsed.data instanceof BigInt64Array) {
    const src = parsed.data;
    const i32 = new Int32Array(src.length);
    for (let k = 0; k < src.length; k++) {
      const v = src[k]!;
      if (v < -2147483648n || v > 2147483647n) {
        throw new EdgeLossError('E_RANGE', fn, path, v, `has an int64 value at index ${k} that does not fit in int32`);
      }
      i32[k] = Number(v);
    }
    out = i32;
  } else {
    throw new EdgeLossError('E_DTYPE', fn, path, h.descr, 'was parsed into an unexpected array type');
  }
  return { data: out, shape: [...h.shape], dtype: h.descr };
}

/**
 * Parse .npy bytes already in memory. `path` names the source in error messages.
 */
export function parseNpy(bytes: Uint8Array, path = '<buffer>', fn = 'cli'): NpyArray {
  const pre = preamble(bytes.subarray(0, 12), bytes.length, path, fn);
  const dataOffset = pre.headerOffset + pre.headerLen;
  const h = validateHeader(bytes.subarray(pre.headerOffset, dataOffset), pre.version, dataOffset, bytes.length, path, fn);
  return decode(h, bytes.subarray(dataOffset), path, fn);
}

function ioError(e: unknown, path: string, fn: string, verb: string): EdgeLossError {
  const err = e as NodeJS.ErrnoException;
  if (err && err.code === 'ENOENT') {
    return verb === 'written'
      ? fileError(fn, path, path, 'cannot be written: its directory does not exist')
      : fileError(fn, path, path, 'does not exist');
  }
  if (err && err.code === 'EISDIR') return fileError(fn, path, path, 'is a directory');
  return fileError(fn, path, err?.code ?? String(e), `could not be ${verb} (${err?.message ?? String(e)})`);
}

function readExactly(fd: number, length: number, position: number, path: string, fn: string): Uint8Array {
  const out = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, out, got, length - got, position + got);
    if (n === 0) throw fileError(fn, path, got, `ended early while reading (expected ${length} bytes)`);
    got += n;
  }
  return out;
}

/**
 * Read a .npy file. The header is read and validated first; the data is read only when its declared size
 * matches the file, so an absurd declared shape is refused before anything is allocated.
 */
export function readNpy(path: string, fn = 'cli'): NpyArray {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw ioError(e, path, fn, 'opened');
  }
  try {
    let size: number;
    let prefix: Uint8Array;
    let headerBytes: Uint8Array;
    let data: Uint8Array;
    try {
      const st = fstatSync(fd);
      if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      size = st.size;
      prefix = readExactly(fd, Math.min(12, size), 0, path, fn);
    } catch (e) {
      if (e instanceof EdgeLossError) throw e;
      throw ioError(e, path, fn, 'read');
    }
    const pre = preamble(prefix, size, path, fn);
    const dataOffset = pre.headerOffset + pre.headerLen;
    try {
      headerBytes = readExactly(fd, pre.headerLen, pre.headerOffset, path, fn);
    } catch (e) {
      if (e instanceof EdgeLossError) throw e;
      throw ioError(e, path, fn, 'read');
    }
    const h = validateHeader(headerBytes, pre.version, dataOffset, size, path, fn);
    try {
      data = readExactly(fd, h.count * h.itemsize, dataOffset, path, fn);
    } catch (e) {
      if (e instanceof EdgeLossError) throw e;
      throw ioError(e, path, fn, 'read');
    }
    return decode(h, data, path, fn);
  } finally {
    closeSync(fd);
  }
}

/** Check a shape against an element count: non-negative integers whose product is `length`. */
export function checkShape(shape: readonly number[], length: number, fn: string, arg: string): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new EdgeLossError('E_SHAPE', fn, arg, shape, 'shape must be a list of non-negative integers');
  }
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== length) {
    throw new EdgeLossError('E_SHAPE', fn, arg, shape, `shape holds ${count} elements but the data has ${length}`);
  }
}

/**
 * Write `data` as a .npy file (dtype from the array type: <f4, <f8 or <i4) with the given row-major shape.
 */
export function writeNpy(path: string, data: NpyData, shape: readonly number[], fn = 'cli'): void {
  if (!(data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array)) {
    throw new EdgeLossError('E_DTYPE', fn, path, data, 'can only be written from a Float32Array, Float64Array or Int32Array');
  }
  checkShape(shape, data.length, fn, path);
  let buf: ArrayBuffer;
  try {
    buf = dump(data, [...shape]);
  } catch (e) {
    throw fileError(fn, path, shape, `could not be encoded as .npy (${(e as Error).message})`);
  }
  try {
    writeFileSync(path, new Uint8Array(buf));
  } catch (e) {
    throw ioError(e, path, fn, 'written');
  }
}
