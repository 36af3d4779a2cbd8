/**
 * `edgeloss info [--build auto|simd|mvp] [--json]`: which build loads, SIMD support, capacity, versions.
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { detectSimd, loadEdgeLoss } from '../index.js';

/** The package version, read from package.json next to the package root (two levels above this module). */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : 'unknown';
  } catch {
    return 'unknown';
  }
}

export interface InfoOptions {
  build: 'auto' | 'simd' | 'mvp';
  json?: boolean;
}

export async function runInfo(o: InfoOptions, stdout: (line: string) => void): Promise<void> {
  const simd = detectSimd();
  const el = await loadEdgeLoss({ build: o.build });
  const info = {
    version: packageVersion(),
    node: process.versions.node,
    requested: o.build,
    build: el.build,
    simd_supported: simd,
    capacity: el.capacity,
  };
  if (o.json) {
    stdout(JSON.stringify(info));
    return;
  }
  stdout(`edgeloss  ${info.version}`);
  stdout(`node      ${info.node}`);
  stdout(`simd      ${simd ? 'supported' : 'not supported'}`);
  stdout(`build     ${info.build} (requested ${info.requested})`);
  stdout(`capacity  ${info.capacity} elements per kernel call (longer inputs are streamed in chunks)`);
}

export function registerInfo(program: Command, stdout: (line: string) => void): void {
  program
    .command('info')
    .description('show the chosen build, SIMD support, capacity and versions')
    .addOption(new Option('--build <b>', 'kernel build').choices(['auto', 'simd', 'mvp']).default('auto'))
    .option('--json', 'print one JSON object')
    .action(async (opts: InfoOptions) => {
      await runInfo(opts, stdout);
    });
}
