// Debug build only (asconfig target "debug": `use abort=assembly/abort/recordAbort`): records where an abort
// happened, then traps. Release builds have no abort path at all.
let abortLineValue: u32 = 0;
let abortColumnValue: u32 = 0;

export function recordAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  abortLineValue = line;
  abortColumnValue = column;
  unreachable();
}

export function abortLine(): u32 {
  return abortLineValue;
}

export function abortColumn(): u32 {
  return abortColumnValue;
}
