#!/usr/bin/env node
// Build a head-specialised edgeloss module: `npm run build:head -- --anchors 8400 --classes 80 [--reg-max 16]`.
//
// The same AssemblyScript source as the generic builds, compiled with asc's compile-time constants
// (assembly/config.ts): EDGELOSS_ANCHORS, EDGELOSS_CLASSES, EDGELOSS_REG_MAX, and EDGELOSS_CAPACITY set to the
// largest buffer the head needs, max(N·C, 4N·(R+1)) elements (class logits, DFL bins for both bin conventions).
// Initial = maximum memory is the fewest 64 KiB pages that hold the six buffers and the static data, so the
// module still never grows. Kernels run a copy of their loop with the head's constant trip count when called
// with the head's length (4N for the elementwise regressions on box coordinates, N·C for the per-class losses).
//
// Writes build/heads/<name>.simd.wasm, <name>.mvp.wasm and <name>.json (the head, capacity, pages, sizes,
// sha256). Load one with `loadEdgeLoss({ file })` or `new LossModule({ file })`. Dev-time only: asc needs
// Node ≥ 20 and is a devDependency; the .wasm it writes runs wherever the generic builds run.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

const positiveInt = (max) => (v) => {
  const n = /^[0-9]+$/.test(v) ? Number(v) : NaN; // decimal digits only: no 1e3, 0x10 or padded values
  if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`must be an integer in [1, ${max}], got ${v}`);
  return n;
};

const program = new Command('build-head')
  .description('Build SIMD and MVP edgeloss modules specialised for one detection head (fixed N, C, reg_max).')
  .requiredOption('--anchors <N>', 'anchors (predictions) per frame, e.g. 8400 for a 640×640 YOLOv8-style head', positiveInt(1 << 22))
  .requiredOption('--classes <C>', 'classes per anchor, e.g. 80 (COCO) or 36 (armor colour × number)', positiveInt(1 << 16))
  .option('--reg-max <R>', 'reg_max of the DFL branch (bins per side: R in ultralytics, R + 1 in mmdet)', positiveInt(256), 16)
  .option('--name <name>', 'output name (default head-<N>x<C>-r<R>)')
  .option('--out <dir>', 'output directory', join(root, 'build', 'heads'))
  .option('--targets <list>', 'comma-separated: simd, mvp', 'simd,mvp')
  .showHelpAfterError();
program.parse();
const o = program.opts();
const N = o.anchors, C = o.classes, R = o.regMax;
const name = o.name ?? `head-${N}x${C}-r${R}`;
if (!/^[\w.-]+$/.test(name)) program.error(`build-head: --name must be letters, digits, '.', '_' or '-', got ${name}`);

// Elements per buffer: the largest single call of this head, rounded up to whole v128 blocks.
const capacity = Math.ceil(Math.max(N * C, 4 * N * (R + 1), 4 * N) / 4) * 4;
const PAGE = 65536;
const STATIC_MARGIN = 64 * 1024; // math tables, globals and the first 1 KiB: 60 KiB in the one-page build
const pages = Math.ceil((6 * 4 * capacity + STATIC_MARGIN) / PAGE);
if (pages > 65536) program.error(`build-head: ${N}×${C} needs ${pages} pages, more than wasm32's 4 GiB`);

const targets = o.targets.split(',');
for (const t of targets) {
  if (t !== 'simd' && t !== 'mvp') program.error(`build-head: --targets takes simd and mvp, got ${t}`);
}

mkdirSync(o.out, { recursive: true });
const asc = join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js');
const uses = ['abort=', `EDGELOSS_CAPACITY=${capacity}`, `EDGELOSS_ANCHORS=${N}`, `EDGELOSS_CLASSES=${C}`, `EDGELOSS_REG_MAX=${R}`];
const files = {};
for (const target of targets) {
  const outFile = join(o.out, `${name}.${target}.wasm`);
  const args = [asc, 'assembly/index.ts', '--config', 'asconfig.json', '--target', target, '--outFile', outFile,
    '--textFile', outFile.replace(/\.wasm$/, '.wat'), '--initialMemory', String(pages), '--maximumMemory', String(pages),
    '--use', uses.join(',')];
  const t0 = Date.now();
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    program.error(`build-head: asc failed for ${target} (status ${r.status})`);
  }
  const bytes = readFileSync(outFile);
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
  if (imports.length) program.error(`build-head: ${outFile} imports ${imports.map((i) => `${i.module}.${i.name}`).join(', ')}`);
  files[target] = { file: relative(root, outFile), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), seconds: (Date.now() - t0) / 1000 };
}
const manifest = { anchors: N, classes: C, regMax: R, capacity, pages, memoryBytes: pages * PAGE, files };
writeFileSync(join(o.out, `${name}.json`), JSON.stringify(manifest, null, 2) + '\n');
console.log(`${name}: capacity ${capacity} elements per buffer, ${pages} pages (${(pages * PAGE / 2 ** 20).toFixed(1)} MiB)`);
for (const [t, f] of Object.entries(files)) console.log(`  ${t}: ${f.file} (${f.bytes} B, ${f.seconds.toFixed(1)} s)`);
