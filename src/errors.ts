/**
 * The one error class of edgeloss, and the table of its codes.
 *
 * | code | when |
 * |---|---|
 * | E_LENGTH | input and target lengths disagree, or a length is not what the loss needs |
 * | E_SHAPE | a shape does not fit: N·C ≠ input length, a weight length that does not divide n, a bad --shape |
 * | E_RANGE | a value outside its domain: a BCE probability or target outside [0, 1], a class index outside [0, C) |
 * | E_OPTION | an unknown option, a bad option value (delta ≤ 0, p ≤ 0, beta < 0, unknown reduction or convention) |
 * | E_CAPACITY | a kernel was asked for more elements than its static buffer holds (low layer only; the high layer streams) |
 * | E_FILE | a file that is missing, malformed or truncated (bad .npy header, declared shape ≠ data size, absurd size) |
 * | E_DTYPE | an element type that is not supported (a .npy dtype, non-integer class indices) |
 * | E_UNKNOWN_LOSS | a loss name that is not in the names table |
 * | E_KERNEL | a kernel returned a status the host did not expect (a bug: please report it) |
 */
export const ERROR_CODES = {
  E_LENGTH: 'lengths disagree',
  E_SHAPE: 'shape does not fit',
  E_RANGE: 'value outside its domain',
  E_OPTION: 'bad or unknown option',
  E_CAPACITY: 'more elements than the buffer holds',
  E_FILE: 'missing, malformed or truncated file',
  E_DTYPE: 'unsupported element type',
  E_UNKNOWN_LOSS: 'unknown loss',
  E_KERNEL: 'unexpected kernel status',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** At most 80 characters, so that one error is one readable line even for a huge offending value. */
function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

function show(value: unknown): string {
  if (typeof value === 'string') return clip(JSON.stringify(value));
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === undefined) return 'undefined';
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length})`;
  try {
    return clip(JSON.stringify(value));
  } catch {
    return clip(String(value));
  }
}

/** The detail of a message, cut at 400 characters (a malformed header quoted in full would flood the terminal). */
function clip2(s: string): string {
  return s.length > 400 ? `${s.slice(0, 397)}...` : s;
}

/**
 * Every error edgeloss throws on bad input.
 * `code` is stable (see ERROR_CODES), `fn` the API name (e.g. 'crossEntropy', or 'cli'), `arg` the argument
 * ('input', 'target', 'options.<key>' or a file path) and `value` the offending value. The message carries all four.
 */
export class EdgeLossError extends Error {
  readonly code: ErrorCode;
  readonly fn: string;
  readonly arg: string;
  readonly value: unknown;

  constructor(code: ErrorCode, fn: string, arg: string, value: unknown, detail: string) {
    super(`${fn}: ${arg} ${clip2(detail)} (got ${show(value)}) [${code}]`);
    this.name = 'EdgeLossError';
    this.code = code;
    this.fn = fn;
    this.arg = arg;
    this.value = value;
  }
}
