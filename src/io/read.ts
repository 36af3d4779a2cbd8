/**
 * Read an array from a file, by extension:
 *
 * * `.npy`: NumPy file (see ./npy.ts): float32, float64, int32 or int64 (returned as Int32Array).
 * * `.json`: a JSON array of numbers, nested arrays allowed (must be rectangular); flattened row-major,
 *   shape inferred. Always returned as Float64Array; `integer: true` when every value is an integer
 *   (so that cross-entropy can read class indices).
 * * anything else (.bin, .f32, .raw, ...): raw little-endian float32. A shape is required; the byte length
 *   must be 4·prod(shape).
 *
 * When `shape` is given for a .npy or .json file it reshapes the data (the element count must match).
 * Errors: E_FILE (missing, unreadable or malformed file, raw file without a shape), E_SHAPE (shape does not fit),
 * E_DTYPE (unsupported .npy dtype, non-numeric JSON).
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { EdgeLossError } from '../errors.js';
import { checkShape, readNpy, type NpyData } from './npy.js';

export interface ReadOptions {
  /** Row-major shape: required for raw files, a reshape for .npy/.json. */
  shape?: readonly number[];
  /** Name of the calling function for error messages (default 'cli'). */
  fn?: string;
}

export interface ReadResult {
  data: NpyData;
  shape: number[];
  /** '<f4', '<f8', '<i4' or '<i8' for .npy (as declared), '<f8' for JSON, '<f4' for raw files. */
  dtype: string;
  format: 'npy' | 'json' | 'raw';
  /** JSON only: every value is an integer. */
  integer?: boolean;
}

/** Maximum nesting depth accepted in a JSON array file. */
const MAX_JSON_DEPTH = 32;

function readBytes(path: string, fn: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err && err.code === 'ENOENT') throw new EdgeLossError('E_FILE', fn, path, path, 'does not exist');
    if (err && err.code === 'EISDIR') throw new EdgeLossError('E_FILE', fn, path, path, 'is a directory');
    throw new EdgeLossError('E_FILE', fn, path, err?.code ?? String(e), `could not be read (${err?.message ?? String(e)})`);
  }
}

function applyShape(data: NpyData, shape: number[], wanted: readonly number[] | undefined, path: string, fn: string): number[] {
  if (wanted === undefined) return shape;
  checkShape(wanted, data.length, fn, path);
  return [...wanted];
}

/** Flatten a rectangular nested JSON array of numbers; returns values and shape. */
function flattenJson(root: unknown, path: string, fn: string): { values: number[]; shape: number[] } {
  if (!Array.isArray(root)) {
    throw new EdgeLossError('E_FILE', fn, path, typeof root, 'must hold a JSON array of numbers');
  }
  // The shape follows the first element at every depth; every other element must agree.
  const shape: number[] = [];
  let probe: unknown = root;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    if (shape.length > MAX_JSON_DEPTH) {
      throw new EdgeLossError('E_SHAPE', fn, path, shape.length, `nests arrays deeper than ${MAX_JSON_DEPTH} levels`);
    }
    if (probe.length === 0) break;
    probe = probe[0];
  }
  const values: number[] = [];
  const walk = (node: unknown, depth: number, where: string): void => {
    if (depth < shape.length) {
      if (!Array.isArray(node) || node.length !== shape[depth]) {
        throw new EdgeLossError(
          'E_SHAPE', fn, path, Array.isArray(node) ? node.length : typeof node,
          `is a ragged JSON array: element ${where || '[]'} should be an array of length ${shape[depth]}`,
        );
      }
      for (let k = 0; k < node.length; k++) walk(node[k], depth + 1, `${where}[${k}]`);
      return;
    }
    if (typeof node !== 'number') {
      throw new EdgeLossError(
        Array.isArray(node) ? 'E_SHAPE' : 'E_DTYPE', fn, path, node,
        `has a JSON element ${where} that is not a number`,
      );
    }
    values.push(node);
  };
  walk(root, 0, '');
  return { values, shape };
}

function readJson(path: string, fn: string, wanted: readonly number[] | undefined): ReadResult {
  const text = new TextDecoder('utf-8').decode(readBytes(path, fn));
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (e) {
    throw new EdgeLossError('E_FILE', fn, path, text.slice(0, 40), `is not valid JSON (${(e as Error).message})`);
  }
  const { values, shape } = flattenJson(root, path, fn);
  const data = Float64Array.from(values);
  return {
    data,
    shape: applyShape(data, shape, wanted, path, fn),
    dtype: '<f8',
    format: 'json',
    integer: values.every((v) => Number.isInteger(v)),
  };
}

function readRaw(path: string, fn: string, wanted: readonly number[] | undefined): ReadResult {
  if (wanted === undefined) {
    throw new EdgeLossError(
      'E_FILE', fn, path, extname(path) || '(no extension)',
      'is read as raw little-endian float32, which needs a shape (--shape N or N,C)',
    );
  }
  if (!wanted.every((d) => Number.isSafeInteger(d) && d >= 0)) {
    throw new EdgeLossError('E_SHAPE', fn, path, wanted, 'shape must be a list of non-negative integers');
  }
  const count = wanted.reduce((a, b) => a * b, 1);
  const bytes = readBytes(path, fn);
  if (bytes.length !== 4 * count) {
    throw new EdgeLossError(
      'E_SHAPE', fn, path, bytes.length,
      `has the wrong size for raw float32 of shape [${wanted.join(', ')}]: expected ${4 * count} bytes`,
    );
  }
  const data = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let k = 0; k < count; k++) data[k] = view.getFloat32(4 * k, true);
  return { data, shape: [...wanted], dtype: '<f4', format: 'raw' };
}

/** Read an array from `path`; see the module comment for the formats. */
export function readArray(path: string, options: ReadOptions = {}): ReadResult {
  const fn = options.fn ?? 'cli';
  const ext = extname(path).toLowerCase();
  if (ext === '.npy') {
    const npy = readNpy(path, fn);
    return { data: npy.data, shape: applyShape(npy.data, npy.shape, options.shape, path, fn), dtype: npy.dtype, format: 'npy' };
  }
  if (ext === '.json') return readJson(path, fn, options.shape);
  return readRaw(path, fn, options.shape);
}
