#!/usr/bin/env node
// A compact markdown summary of bench/results/latest.json (value+gradient workloads): the table the main README
// shows. `node bench/summary.mjs [results.json]` prints it; `--write-readme` puts it between the bench-summary
// markers of README.md. Everything in it comes from one run of `npm run bench`.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtTime } from './format.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--')) ?? join(here, 'results', 'latest.json');
const o = JSON.parse(readFileSync(file, 'utf8'));
const m = o.machine;
const L = [];
L.push(`Run of ${o.date.slice(0, 16).replace('T', ' ')} UTC (${o.mode}, ${o.rounds} rounds × ${o.msPerRound} ms, interleaved): ${m.cpu}, ${m.cores} cores (${m.arch}), ISA ${m.isa.join(' ')}; Node ${m.node}; gcc ${m.gcc ?? 'missing'}; commit ${m.commit}; load average ${m.loadavgStart.join(' ')} → ${m.loadavgEnd.join(' ')}.`);
L.push('');
L.push('Value + gradient, medians (p10–p90 for edgeloss SIMD through LossModule); ratios are edgeloss SIMD (LossModule) over the anchor in the same run (below 1 = edgeloss faster), except the tfjs column, which is tfjs-wasm over edgeloss; relative error of the value against the float64 reference.');
L.push('');
const cols = ['simd-api', 'simd-lm', 'head-simd-resident', 'mvp-lm', 'js', 'c-O3', 'c-native', 'c-fast', 'tfjs-wasm'];
L.push(`| workload | ${cols.join(' | ')} | ÷ c-O3 | ÷ c-native | ÷ c-fast | faster than tfjs-wasm | rel err edgeloss / tfjs-wasm |`);
L.push(`|---|${cols.map(() => '---:').join('|')}|---:|---:|---:|---:|---:|`);
const ratio = (a, b) => {
  if (a == null || b == null) return '–';
  const r = a / b;
  return `${r >= 100 ? r.toFixed(0) : r.toPrecision(3)}×`;
};
for (const r of o.results.filter((x) => x.mode === 'grad')) {
  const s = r.impls;
  const cell = (id) => {
    const v = s[id];
    if (!v || v.median == null) return '–';
    return id === 'simd-lm' ? `${fmtTime(v.median)} (${fmtTime(v.p10)}–${fmtTime(v.p90)})` : fmtTime(v.median);
  };
  const lm = s['simd-lm']?.median;
  const err = (id) => (s[id]?.errValue == null ? '–' : s[id].errValue === 0 ? '0' : s[id].errValue.toExponential(1));
  L.push(`| ${r.loss} ${r.size} | ${cols.map(cell).join(' | ')} | ${ratio(lm, s['c-O3']?.median)} | ${ratio(lm, s['c-native']?.median)} | ${ratio(lm, s['c-fast']?.median)} | ${ratio(s['tfjs-wasm']?.median, lm)} | ${err('simd-lm')} / ${err('tfjs-wasm')} |`);
}
const c = o.cold;
if (c?.edgeloss) {
  L.push('');
  L.push(`Cold start (fresh process, median of ${c.edgeloss.runs}): \`import('edgeloss')\` + \`loadEdgeLoss()\` ${c.edgeloss.median.toFixed(1)} ms (Node's own floor for one dynamic import ${c.floor?.median?.toFixed(1) ?? '?'} ms); tfjs-wasm ${c['tfjs-wasm']?.median?.toFixed(0) ?? '–'} ms.`);
}
const md = L.join('\n') + '\n';
if (args.includes('--write-readme')) {
  const readme = join(here, '..', 'README.md');
  const text = readFileSync(readme, 'utf8');
  const a = '<!-- bench-summary:start (node bench/summary.mjs --write-readme) -->\n', b = '<!-- bench-summary:end -->';
  const i = text.indexOf(a), j = text.indexOf(b);
  if (i < 0 || j < i) { console.error('summary: README.md has no bench-summary markers'); process.exit(1); }
  writeFileSync(readme, text.slice(0, i + a.length) + md + text.slice(j));
}
process.stdout.write(md);
