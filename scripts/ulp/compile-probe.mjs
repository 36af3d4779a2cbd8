// Shared by scripts/ulp-check.mjs and scripts/atan-check.mjs: compile an AssemblyScript probe (SIMD, no imports,
// 32 fixed pages) into a temporary directory and return its instance's exports.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import asc from 'assemblyscript/asc';

export async function compileProbe(entry) {
  const dir = mkdtempSync(join(tmpdir(), 'probe-'));
  const out = join(dir, 'probe.wasm');
  const { error, stderr } = await asc.main(
    [entry, '--outFile', out, '-O3', '--enable', 'simd', '--runtime', 'stub', '--use', 'abort=', '--noAssert', '--initialMemory', '32', '--maximumMemory', '32'],
    {},
  );
  if (error) {
    console.error(stderr.toString());
    process.exit(1);
  }
  const { instance } = await WebAssembly.instantiate(readFileSync(out), {});
  rmSync(dir, { recursive: true, force: true });
  return instance.exports;
}
