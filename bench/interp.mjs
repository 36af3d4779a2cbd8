#!/usr/bin/env node
// The MVP kernels under an interpreter (issue 5, item 1: "measure it under npm's wabt interpreter and report the
// figure, with no target"). `npm run bench:interp`.
//
// wasm-interp (the wabt package's emscripten build, run by Node) runs one export per process, so
// bench/interp/driver.ts compiles the MVP kernels with an export `run(loss, n, flags, reps)` that fills the buffers
// with seeded data and calls a kernel `reps` times. Two figures per workload:
// - interpreter instructions per element: lines of `--trace` for reps = 1 minus reps = 0 (the fill), divided by n.
//   Deterministic and machine-independent: what an interpreter such as wasm3 or WAMR's classic interpreter pays
//   per element, give or take each one's own instruction set;
// - time per element: wall time of R calls minus 0 calls on n = 4096, median of 3 process pairs, with R chosen
//   so that the calls run about 4e7 interpreter instructions (≈ 1–2 s, well above the process-start noise). wabt's
//   reference interpreter compiled to Wasm and run by V8, far slower than wasm3 or WAMR's fast interpreter, so
//   read it as a relative figure between losses, not as what a device will see.
// Writes bench/results/interp-latest.{json,md} and prints the markdown.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'build', 'interp');
const driver = join(out, 'driver.wasm');
const interp = join(root, 'node_modules', 'wabt', 'bin', 'wasm-interp');
const NO_TIME = process.argv.includes('--no-time'); // instruction counts only (fast)
const argv = process.argv.slice(2);
const TARGET_INSTR = Number(argv[argv.indexOf('--instr') + 1] || 0) || 4e7;

mkdirSync(out, { recursive: true });
const asc = spawnSync(process.execPath, [join(root, 'node_modules', 'assemblyscript', 'bin', 'asc.js'), 'bench/interp/driver.ts',
  '--runtime', 'stub', '--initialMemory', '2', '--maximumMemory', '2', '--optimizeLevel', '3', '--shrinkLevel', '0', '--noAssert',
  '--disable', 'bulk-memory', '--use', 'abort=', '--outFile', driver], { cwd: root, encoding: 'utf8' });
if (asc.status !== 0) { console.error(asc.stdout + asc.stderr); process.exit(1); }

const WORKLOADS = [
  { id: 'mse', loss: 0, n: 4096, small: 256 },
  { id: 'l1', loss: 1, n: 4096, small: 256 },
  { id: 'smooth_l1', loss: 2, n: 4096, small: 256 },
  { id: 'bce_logits', loss: 3, n: 4096, small: 256 },
  { id: 'sigmoid_focal', loss: 4, n: 4096, small: 256 },
  { id: 'cross_entropy (C = 80)', loss: 5, n: 4080, small: 320 },
  { id: 'giou (per pair)', loss: 6, n: 4096, small: 256, per: 4 },
  { id: 'ciou (per pair)', loss: 7, n: 4096, small: 256, per: 4 },
];

function run(w, n, flags, reps, trace) {
  const args = [interp, driver, '-r', 'run', '-a', `i32:${w.loss}`, '-a', `i32:${n}`, '-a', `i32:${flags}`, '-a', `i32:${reps}`];
  if (trace) args.push('--trace');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 || /=> f64:nan/i.test(r.stdout)) throw new Error(`wasm-interp failed for ${w.id}: ${r.stderr || r.stdout}`);
  return { ms, lines: trace ? r.stdout.split('\n').filter((l) => l.startsWith('#')).length : 0 };
}

const median = (a) => a.slice().sort((x, y) => x - y)[a.length >> 1];
const rows = [];
for (const w of WORKLOADS) {
  for (const flags of [0, 1]) {
    const per = w.per ?? 1;
    const instr = (run(w, w.small, flags, 1, true).lines - run(w, w.small, flags, 0, true).lines) / (w.small / per);
    if (NO_TIME) { rows.push({ workload: w.id, mode: flags ? 'value+grad' : 'value', instrPerElement: instr, nsPerElement: NaN }); continue; }
    const reps = Math.max(1, Math.round(TARGET_INSTR / (instr * (w.n / per))));
    const d = [];
    for (let k = 0; k < 3; k++) d.push(run(w, w.n, flags, reps, false).ms - run(w, w.n, flags, 0, false).ms);
    const nsPer = (median(d) * 1e6) / (reps * (w.n / per));
    rows.push({ workload: w.id, mode: flags ? 'value+grad' : 'value', instrPerElement: instr, nsPerElement: nsPer, reps });
    console.error(`${w.id} ${flags ? 'grad' : 'value'}: ${instr.toFixed(1)} instr, ${nsPer.toFixed(0)} ns per ${per === 4 ? 'pair' : 'element'}`);
  }
}

const cpu = os.cpus()[0]?.model ?? '?';
const date = new Date().toISOString();
const L = [];
L.push(`# MVP build under wabt's interpreter (${date.slice(0, 16).replace('T', ' ')} UTC)`);
L.push('');
L.push(`wasm-interp from the wabt npm package (${JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("wabt/package.json").version)'], { cwd: root, encoding: 'utf8' }).stdout)}), run by Node ${process.version} on ${cpu}; the kernels compiled as the mvp target (bench/interp/driver.ts). Instructions are wabt interpreter instructions (lines of --trace) per element, or per box pair; time is wall time per element of R calls on n = 4096 (R chosen for about ${TARGET_INSTR.toExponential(0)} interpreter instructions) after subtracting a run with 0 calls, median of 3. The time is wabt's reference interpreter compiled to Wasm and run by V8, far slower than wasm3 or WAMR's fast interpreter: compare losses with it, not devices.`);
L.push('');
L.push('| workload | mode | interpreter instructions / element | ns / element (wabt in V8) |');
L.push('|---|---|---:|---:|');
for (const r of rows) L.push(`| ${r.workload} | ${r.mode} | ${r.instrPerElement.toFixed(1)} | ${Number.isFinite(r.nsPerElement) ? r.nsPerElement.toFixed(0) : '–'} |`);
const md = L.join('\n') + '\n';
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
if (NO_TIME) { process.stdout.write(md); process.exit(0); } // instruction counts only: printed, results kept
writeFileSync(join(root, 'bench', 'results', 'interp-latest.json'), JSON.stringify({ date, cpu, node: process.version, targetInstructions: TARGET_INSTR, rows }, null, 2) + '\n');
writeFileSync(join(root, 'bench', 'results', 'interp-latest.md'), md);
process.stdout.write(md);
